"""The sheet's 合计 rows found a batch at a time: the quick test of a batch's first cells
never misses a total row total_word would find, and a large file's total row is named after
its purchases are imported (the file is read once)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from hypothesis import assume, given
from hypothesis import strategies as st

from xiaoben.store.importing.columns import simplified
from xiaoben.store.importing.footers import TOTAL_WORDS, is_total, total_rows, total_word

# Footer lines as reports and exports write them under their tables.
_FOOTERS = [
    "共 2 位客户",
    "共计15条记录",
    "共有 3 笔订单",
    "汇总",
    "合计：1,280.00",
    "小计 3 笔",
    "匯總",
    "制表人：小王",
    "製表人：小王 審核人：小李",
    "审核人：",
    "导出时间：2024-03-08 10:00",
    "打印日期：2024年3月8日",
    "生成时间:2024/3/8 下午3:00",
    "制表日期：2024-03-08",
    "第 1 页 共 3 页",
    "第2页/共3页",
    "Page 1 of 3",
    "Prepared by: Wang",
    "Exported at: 2024-03-08 10:00",
    "Total: 2",
    "Grand Total 1,280",
    "2 customers",
]

# First cells as sheets have them: codes and order numbers (the quick path), names, blanks,
# padding, the total words in any case and width, and any text at all.
_CELLS = st.one_of(
    st.from_regex(r"[A-Z]{0,2}[0-9]{1,12}", fullmatch=True),
    st.sampled_from(sorted(TOTAL_WORDS)).map(lambda word: word.upper()),
    st.sampled_from(sorted(TOTAL_WORDS)),
    st.sampled_from(["ｔｏｔａｌ", " 合计： ", "Total", "Sum Li", "Kate", "", "  ", "王芳"]),
    st.sampled_from(_FOOTERS),
    st.text(max_size=14),
)
_ROWS = st.lists(st.lists(_CELLS, min_size=0, max_size=4), max_size=30)


@given(_ROWS)
def test_a_batch_finds_every_total_row_total_word_finds(cells: list[list[str]]) -> None:
    rows = list(enumerate(cells, 2))
    expected = [(line, word) for line, row in rows if (word := total_word(row))]
    assert total_rows(rows) == expected


def test_a_batch_of_order_numbers_has_no_total_row() -> None:
    rows = [(line, [f"C{line:07d}", "王芳", "199"]) for line in range(2, 10_002)]
    assert total_rows(rows) == []
    rows.append((10_002, ["ＴＯＴＡＬ:", "", "199"]))
    assert total_rows(rows) == [(10_002, "ＴＯＴＡＬ:")]


def test_a_large_files_total_row_is_named_after_its_purchases(run, book_path, tmp_path) -> None:
    """A file read as it is imported (above 8 MB) is read once: its 合计 row is left out,
    and said, all the same."""
    from xiaoben.store.book import Book
    from xiaoben.store.importing.decoding import STREAM_FROM

    path = tmp_path / "orders.csv"
    line = "C{:07d},王芳,2026-03-01,199.00,口红,{}\n"
    filler = "备注" * 40
    count = STREAM_FROM // len(line.format(0, filler).encode()) + 100
    with path.open("w", encoding="utf-8") as handle:
        handle.write("客户编号,姓名,日期,金额,商品,备注\n")
        for number in range(count):
            handle.write(line.format(number % 50, filler))
        handle.write("合计,,,,,\n")
    assert path.stat().st_size > STREAM_FROM

    result = run("import", "purchases", path, "--create-missing")

    assert result.exit_code == 0, result.output
    assert f"line {count + 2} is the sheet's total (“合计”) and is not imported" in result.output
    with Book.open(book_path, create=False) as book:
        purchases = book.db.execute("SELECT count(*) FROM purchases").fetchone()[0]
    assert purchases == count


def test_several_total_rows_are_named_as_a_list_in_each_language(monkeypatch) -> None:
    from xiaoben.store.importing.tables import total_rows_text

    found = [(12, "合计"), (30, "合计")]
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")
    assert total_rows_text(found) == (
        "lines 12, 30 are the sheet's totals (“合计” …) and are not imported"
    )
    assert total_rows_text(found[:1]) == "line 12 is the sheet's total (“合计”) and is not imported"
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    assert total_rows_text(found) == "第 12、30 行是表格的合计行（如“合计”），不导入"


# --- the lines a report or export writes under its table ---------------------------------------


def test_a_footer_line_in_a_cell_of_its_own_is_left_out_like_a_total() -> None:
    for line in _FOOTERS:
        assert total_word([line, "", ""]) == line, line
        assert total_word(["", line]) == line, line  # under any column


def test_a_label_and_its_value_in_the_next_cell_are_a_footer() -> None:
    assert total_word(["制表人：", "小王", "审核人：", "小李"]) == "制表人："
    assert total_word(["打印时间：", "2024-03-08"]) == "打印时间："


def test_a_footer_shape_beside_other_data_is_a_row() -> None:
    # the row holds a customer's phone, or a date that is no moment: data, not a footer
    assert total_word(["制表人：小王", "13800138000"]) is None
    assert total_word(["共 2 位客户", "13800138000"]) is None
    assert total_word(["第 1 页 共 3 页", "杭州"]) is None
    assert total_word(["导出时间：明天问问"]) is None


def test_names_are_never_footers() -> None:
    for name in ["汇", "共青", "共", "王共2", "合肥", "李页", "第一", "小计划", "Page", "Pat 2"]:
        assert total_word([name, "13800138000"]) is None, name
        assert total_word([name]) is None, name


_HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


def _period_total(name: str) -> bool:
    """Whether a name of hanzi is a total word after a period (本月合计, 三月小计, 月合计)."""
    word = simplified(name)
    periods = set("本当上全今该每月份页周日天年度期季单表一二三四五六七八九十〇零两号第")
    return any(
        word.endswith(total) and set(word[: -len(total)]) <= periods
        for total in ("合计", "小计", "总计", "共计", "汇总")
    )


@given(st.text(alphabet=_HANZI, max_size=4))
def test_a_hanzi_name_is_a_row_unless_it_is_a_total_word(name: str) -> None:
    left_out = total_word([name, "13800138000"]) is not None
    if not _period_total(name):  # (本月合计 … : see the tests of those below)
        assert left_out == (bool(name) and simplified(name) in TOTAL_WORDS)


# --- a total word with its period, page or unit (本月合计, 1月小计, 合计(元)) ---------------

_TOTALS_WRITTEN = ["合计", "小计", "总计", "共计", "合計", "小計", "總計", "汇总"]
_PERIODS = ["", "本月", "本页", "当日", "1月", "12月", "三月份", "一月份", "2024年3月", "第2页",
            "本周", "全年", "2024年", "月", "年度", "本期", "今日"]  # fmt: skip
_UNITS = ["", "(元)", "（元）", "：", ":", "金额", "金额(元)：", "（人民币）", "：187",
          "：¥1,280.50"]  # fmt: skip
_AFFIXED = st.builds(
    lambda period, word, unit, padding: padding + period + word + unit + padding,
    st.sampled_from(_PERIODS),
    st.sampled_from(_TOTALS_WRITTEN),
    st.sampled_from(_UNITS),
    st.sampled_from(["", " "]),
)


@given(_AFFIXED, st.lists(st.sampled_from(["", "187", "2024-01-31", "13800138000"]), max_size=4))
def test_a_total_word_with_its_period_or_unit_is_a_total_row(word: str, rest: list[str]) -> None:
    assert total_word([word, *rest]) == word.strip()
    assert total_word(["", word, *rest]) == word.strip()  # under any column, as 合计
    assert is_total(word)  # named as a total row, not a footer line
    assert total_rows([(5, [word, *rest])]) == [(5, word.strip())]


@given(_AFFIXED, st.text(alphabet=_HANZI, min_size=1, max_size=3))
def test_a_total_word_inside_a_longer_text_is_no_total(word: str, more: str) -> None:
    """小计算器, 合计划书, 王本月合计: a product or a name that holds a total word is a row."""
    assert total_word(["王芳" + word.strip(), "13800138000"]) is None
    # (合计(元)… and 合计：… with anything after are totals, as 合计：1,280.00 is)
    assume(not any(char in word for char in "(（:："))
    assert total_word([word.strip() + "算器", "13800138000"]) is None
    assume(more[0] not in "金数笔单元")  # 合计金额, 合计：187元 are totals
    assert total_word([word.strip() + more, "13800138000"]) is None


def test_names_and_products_holding_a_total_word_are_rows() -> None:
    for name in ["小计算器", "合计划", "周小计", "季合计", "王合计", "合计器(元)", "本月合计划"]:
        assert total_word([name, "13800138000", "99"]) is None, name


_NO_FIGURE = st.text(max_size=20).filter(
    lambda text: not any(char.isdigit() or char in ":：(（" for char in text)
)


@given(_NO_FIGURE)
def test_a_cell_without_a_figure_or_colon_is_a_footer_only_as_a_total_word(text: str) -> None:
    word = total_word([text])
    assert word is None or is_total(word)


def test_footer_lines_are_told_from_total_rows_in_the_note(monkeypatch) -> None:
    from xiaoben.store.importing.tables import total_rows_text

    found = [(4, "共 2 位客户"), (6, "制表人：小王"), (8, "汇总")]
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    assert total_rows_text(found) == (
        "第 8 行是表格的合计行（“汇总”），不导入\n"
        "第 4、6 行是表格末尾的说明（如“共 2 位客户”），不是客户或订单，不导入"
    )
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")
    assert total_rows_text(found[1:2]) == (
        "line 6 is a line under the sheet's table (“制表人：小王”), no customer or order, "
        "and is not imported"
    )


def test_a_customer_lists_footer_is_left_out_and_named(run, book_path, tmp_path) -> None:
    from tests.workbook_helpers import write_xlsx
    from xiaoben.store.book import Book

    rows = [
        ["姓名", "手机", "备注"],
        ["张三", "13800138000", "老客户"],
        ["共青", "13900139000", None],
        ["共 2 位客户", None, None],
        [],
        ["制表人：小王"],
        ["导出时间：2024-03-08 10:00"],
        ["汇总"],
    ]
    path = write_xlsx(tmp_path / "customers.xlsx", {"客户": rows})

    result = run("--lang", "zh", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert "第 8 行是表格的合计行（“汇总”），不导入" in result.stderr
    footers = "第 4、6、7 行是表格末尾的说明（如“共 2 位客户”），不是客户或订单，不导入"
    assert footers in result.stderr
    with Book.open(book_path, create=False) as book:
        names = [row[0] for row in book.db.execute("SELECT name FROM customers ORDER BY id")]
    assert names == ["张三", "共青"]


def test_a_shop_exports_footer_does_not_fail_its_purchases(run, book_path, tmp_path) -> None:
    from tests.workbook_helpers import write_xlsx
    from xiaoben.store.book import Book

    rows = [
        ["订单编号", "买家姓名", "手机", "付款时间", "实付金额"],
        ["A001", "王芳", "13800138000", "2024-03-05 10:00", 99],
        ["A002", "李娜", "13900139000", "2024-03-06 11:00", 120],
        ["共 2 笔订单", None, None, None, None],
        ["导出时间：2024-03-08 10:00", None, None, None, None],
        ["第 1 页 共 1 页", None, None, None, None],
    ]
    path = write_xlsx(tmp_path / "orders.xlsx", {"订单": rows})

    result = run("import", "purchases", path, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "lines 4, 5, 6 are lines under the sheet's table (“共 2 笔订单” …)" in result.stderr
    with Book.open(book_path, create=False) as book:
        count = book.db.execute("SELECT count(*) FROM purchases").fetchone()[0]
    assert count == 2


def _full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


# The footers and total words as sheets may write them: full width, traditional, upper case.
_WRITTEN = st.one_of(
    _CELLS,
    st.sampled_from(_FOOTERS + sorted(TOTAL_WORDS)).map(_full_width),
    st.sampled_from(["合計", "總計", "小計", "共計", "彙總", "累計：3", "ＴＯＴＡＬ", "SubTotal"]),
)


@given(st.lists(_WRITTEN, min_size=1, max_size=4))
def test_the_quick_look_at_a_first_cell_never_changes_what_it_is(cells: list[str]) -> None:
    """total_word looks at a first cell as written before working out its NFKC and
    simplified forms (an OpenCC call): that look lets every total and footer through."""
    from xiaoben.store.importing import footers

    quick = total_word(cells)
    looks, footers._may_be = footers._may_be, lambda cells, at: True
    try:
        assert total_word(cells) == quick
    finally:
        footers._may_be = looks


def test_a_months_total_row_with_a_date_is_no_customer(run, book_path, tmp_path) -> None:
    """1月合计 with a date under a month's purchases was a customer with a ¥187 purchase,
    the month's revenue doubled; 本月合计 in a customers file was a customer."""
    from xiaoben.store.book import Book

    path = tmp_path / "一月.csv"
    path.write_text(
        "客户,手机,金额,日期\n王芳,13800138001,99,2024-01-05\n李娜,13800138002,88,2024-01-06\n"
        "1月合计,,187,2024-01-31\n本页小计,,187,\n合计(元),,187,\n",
        encoding="utf-8",
    )
    result = run("--lang", "zh", "import", "purchases", path, "--create-missing")
    assert result.exit_code == 0, result.output
    assert "第 4、5、6 行是表格的合计行（如“1月合计”），不导入" in result.stderr
    people = tmp_path / "客户.csv"
    people.write_text("姓名,手机\n王芳,13800138001\n本月合计,\n", encoding="utf-8")
    result = run("--lang", "zh", "import", "customers", people)
    assert result.exit_code == 0, result.output
    with Book.open(book_path, create=False) as book:
        names = [row[0] for row in book.db.execute("SELECT name FROM customers ORDER BY id")]
        total = book.db.execute("SELECT sum(amount_cents) FROM purchases").fetchone()[0]
    assert (names, total) == (["王芳", "李娜"], 18700)


def test_rows_read_as_they_are_gone_through_are_looked_at_a_chunk_at_a_time() -> None:
    """A large file's rows (csv_table.FileRows) are not listed whole to find its 合计 lines:
    100,000 rows of 8 cells listed at once took ~50 MB before the import began."""
    import tracemalloc

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line in range(2, 100_002):
            yield line, [f"C{line:07d}", f"王芳{line}", f"138{line:08d}", *["x" * 20] * 5]
        yield 100_002, ["合计", "", "", "", "", "", "", ""]

    tracemalloc.start()
    try:
        found = total_rows(rows())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [(100_002, "合计")]
    assert peak < 12_000_000, peak


# A WeChat Pay or Alipay bill's lines under its table, as written (footers.bill_trailer), in
# full width and with the dashes and colons NFKC reads as - and :
_BILL_LINES = [
    "-" * 84,
    "---------------------------------交易记录明细列表------------------------------------",
    "－－－－－－－－交易记录明细列表－－－－－－－－",
    "﹣﹣﹣﹣﹣﹣",
    "已收入:2笔,208.00元",
    "待支出︓0笔,0.00元",
    "中性交易﹕1笔 50.00元",
    "导出时间:[2024-04-01 10:00:00]    用户:fang***@163.com",
    "导出时间:[2024-04-01 10:00:00]    用户:" + "f" * 60 + "@163.com",
    "共4笔记录",
    "用户1:[fang***@163.com]",
    "① customers",
]


def _total_word_bill_first(cells: list[str]) -> str | None:
    """total_word as it was, told a bill's line before anything else (a reviewer's F9)."""
    from xiaoben.store.importing import footers

    at = next((at for at, cell in enumerate(cells) if cell.strip()), None)
    if at is not None and footers.bill_trailer(cells):
        return cells[at].strip()
    return total_word(cells)


@given(
    st.lists(
        st.one_of(
            _WRITTEN, st.sampled_from(_BILL_LINES), st.sampled_from(["", " ", "收入：1笔", "88元"])
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_bills_lines_are_told_after_the_cheap_looks_as_before_them(cells: list[str]) -> None:
    assert total_word(cells) == _total_word_bill_first(cells)


def test_an_ordinary_row_is_no_bill_line_without_bill_trailer_being_asked() -> None:
    """footers.total_word is asked of every customers row: its cheap length and first-cell
    looks come before bill_trailer's (a reviewer's F9: 3.9 -> 4.9 us a customer row)."""
    from xiaoben.store.importing import footers

    asked: list[Sequence[str]] = []
    told = footers.bill_trailer
    rows = [
        ["王芳", "13800138001", "1990-03-05", "杭州"],
        ["2024-03-05 10:12:30", "T200P1234567890", "王芳", "88.00", *[""] * 36],
        ["Mei Wang", "mei@example.com", "", "VIP"],
    ]
    try:
        footers.bill_trailer = lambda cells: asked.append(cells) or told(cells)
        assert [total_word(row) for row in rows] == [None, None, None]
        assert total_word(["-" * 84]) == "-" * 84  # (a bill's rule is still one)
    finally:
        footers.bill_trailer = told
    assert asked == [["-" * 84]]
