"""The sheet's 合计 rows found a batch at a time: the quick test of a batch's first cells
never misses a total row total_word would find, and a large file's total row is named after
its purchases are imported (the file is read once)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xiaoben.store.importing.columns import TOTAL_WORDS, total_rows, total_word

# First cells as sheets have them: codes and order numbers (the quick path), names, blanks,
# padding, the total words in any case and width, and any text at all.
_CELLS = st.one_of(
    st.from_regex(r"[A-Z]{0,2}[0-9]{1,12}", fullmatch=True),
    st.sampled_from(sorted(TOTAL_WORDS)).map(lambda word: word.upper()),
    st.sampled_from(sorted(TOTAL_WORDS)),
    st.sampled_from(["ｔｏｔａｌ", " 合计： ", "Total", "Sum Li", "Kate", "", "  ", "王芳"]),
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
