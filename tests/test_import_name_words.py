"""A name cell holding the name, a mobile and the seller's words on them (王芳 13800138001
（微信同号）, 王芳13800138001 老客户) or the mobile's label (李娜 电话13800138001): the
name, a phone, and the words kept in the notes (as a phone cell's words are: 手机
13800138001：微信同号), in a customers import and in a purchases import making missing
customers. A cell that is not plainly a name, a mobile and a few words stays whole."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from click.testing import Result
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.book_helpers import customer, table_of, write_csv
from xiaoben.models.i18n import t
from xiaoben.models.values import name_and_mobile, name_mobile_words, placeholder
from xiaoben.store.book import Book


@pytest.mark.parametrize(
    ("cell", "name", "number", "words"),
    [
        ("王芳 13800138001（微信同号）", "王芳", "13800138001", "微信同号"),
        ("王芳13800138001 老客户", "王芳", "13800138001", "老客户"),
        ("王芳13800138001老客户", "王芳", "13800138001", "老客户"),
        ("王芳 13800138001 老客户", "王芳", "13800138001", "老客户"),
        ("王芳/13800138001/老客户", "王芳", "13800138001", "老客户"),
        ("王芳（13800138001）老客户", "王芳", "13800138001", "老客户"),
        ("王芳 138 0013 8001 微信同号", "王芳", "138 0013 8001", "微信同号"),
        ("欧阳娜娜 13800138001 老客户", "欧阳娜娜", "13800138001", "老客户"),
        ("Wang Fang 13800138001 (VIP)", "Wang Fang", "13800138001", "VIP"),
        # without words, the number's label stays in the name, as every earlier version
        # read it (a book imported so would refuse the same sheet imported again)
        ("李娜 电话13800138001", "李娜 电话", "13800138001", ""),
        ("Li Si tel: 13800138001", "Li Si tel:", "13800138001", ""),
        # with words (a cell earlier versions kept whole) the label is no word of hers
        ("李娜 电话13800138001（微信同号）", "李娜", "13800138001", "微信同号"),
        ("李娜电话13800138001（微信同号）", "李娜", "13800138001", "微信同号"),
        # as before
        ("王芳 13800138001", "王芳", "13800138001", ""),
        ("电话 13800138001", "电话", "13800138001", ""),  # a label alone: no name to take
    ],
)
def test_a_name_a_mobile_and_words_are_read_apart(
    cell: str, name: str, number: str, words: str
) -> None:
    assert name_mobile_words(cell) == (name, number, words)


@pytest.mark.parametrize(
    "cell",
    [
        "王芳的朋友 13800138001 老客户",  # a sentence: no name taken out of it
        "老客户王芳 13800138001 微信同号",
        "王芳 13800138001 13900139000",  # two numbers
        "王芳 13800138001 无",  # words saying none: the number is no sure phone
        "王芳 13800138001 微信2号",  # a digit in the words
        # words before the number that are no name (a reviewer's): left whole
        "老客户 13800138005 王芳",
        "VIP 13800138001 金卡",
        "客户 13800138001 王芳",
        "上海市 13800138001 王芳",
        "Tel 13800138001 Wang",
        "微信同号 13800138001 王芳",
        "淘宝店 13800138001（发货）",
        "王芳 13800138001 " + "很长" * 11,  # a note of its own
        "王芳 13800138001 ？",  # no word
        "王芳13800138001abc",  # a handle made of a phone
        "王芳 1380013800 老客户",  # ten digits
    ],
)
def test_a_cell_not_plainly_a_name_a_mobile_and_words_stays_whole(cell: str) -> None:
    assert name_mobile_words(cell) is None


def test_name_and_mobile_still_reads_only_a_name_and_a_mobile() -> None:
    assert name_and_mobile("王芳 13800138001（微信同号）") is None
    assert name_and_mobile("李娜 电话13800138001") == ("李娜 电话", "13800138001")


_HANZI = "王芳李娜赵敏孙丽周吴郑欧阳静秀英华明伟杰"
_WORDS = "老客户微信同号本人常用公司家里同事朋友介绍VIPabcxyz"
_LABELS = ("tel", "phone", "mobile", "mob", "cell")
_NO_NAMES = {*_LABELS, "vip", "svip", "wx", "wechat", "customer", "client", "member", "buyer"}
_NO_NAMES |= {"user"}


@st.composite
def _cells(draw: st.DrawFn) -> tuple[str, str, str, str]:
    if draw(st.booleans()):
        name = draw(st.text(_HANZI, min_size=2, max_size=4))
    else:
        word = st.text("abcdefghijklmnopqrstuvwxyzLSWF", min_size=2, max_size=8)
        parts = draw(st.lists(word, min_size=1, max_size=2))
        assume(not any(part.casefold() in _LABELS for part in parts[1:]))
        name = " ".join(parts)
        # a word before a number that is no name (buyer 13800000000 I, VIP 13800138001 金卡:
        # values._NOT_A_NAME) leaves the cell whole, by design
        assume(name.casefold() not in _NO_NAMES)
    head = draw(st.sampled_from(["138", "139", "150", "186", "199", "177"]))
    number = head + draw(st.text("0123456789", min_size=8, max_size=8))
    words = draw(st.text(_WORDS, min_size=1, max_size=20)).strip()
    assume(words and not placeholder(words))
    apart = draw(st.sampled_from([" ", "（{}）", "({})", "/", "，", "、", " - "]))
    shown = apart.format(words) if "{}" in apart else f"{apart}{words}"
    return f"{name} {number}{shown}", name, number, words


@given(_cells())
def test_a_name_a_mobile_and_words_come_back_exactly(cell: tuple[str, str, str, str]) -> None:
    written, name, number, words = cell
    assert name_mobile_words(written) == (name, number, words)


def _customers(path: Path) -> list[tuple[str, list[str], str]]:
    rows = table_of(path, "SELECT name, phones, notes FROM customers ORDER BY id")
    return [(str(name), json.loads(str(phones)), str(notes)) for name, phones, notes in rows]


_SPLIT = [
    ("王芳", ["+8613800138001"], "手机 13800138001：微信同号"),
    ("赵敏", ["+8613800138002"], "手机 13800138002：老客户"),
    ("李娜电话", ["+8613800138003"], ""),  # the label kept, as before: see above
]


def test_a_customers_import_keeps_the_name_cells_words_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,备注",
            "王芳 13800138001（微信同号）,",
            "赵敏13800138002 老客户,",
            "李娜 电话13800138003,",
            "王芳的朋友 13800138004 老客户,",  # left whole
        ],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == [*_SPLIT, ("王芳的朋友 13800138004 老客户", [], "")]
    said = "the name cell of 2 rows had words beside the name and mobile"
    assert f"{said} (line 2: “微信同号”): kept in the notes" in result.output
    again = run("import", "customers", sheet)
    assert again.exit_code == 0, again.output + again.stderr
    assert "nothing to change" in again.output


def test_a_purchases_import_makes_the_customer_with_the_words_in_her_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "账单.csv",
        [
            "姓名,金额,日期",
            "王芳 13800138001（微信同号）,99,2024-03-05",
            "赵敏13800138002 老客户,88,2024-03-05",
            "李娜 电话13800138003,77,2024-03-05",
        ],
    )

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == _SPLIT
    said = "the name cell of 2 rows had words beside the name and mobile"
    assert f"{said} (line 2: “微信同号”): kept in the notes" in result.output
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138001", "赵敏,13800138002"])
    found = run("import", "customers", sheet)
    assert found.exit_code == 0, found.output + found.stderr
    assert "nothing to change" in found.output


def test_a_purchase_finds_the_customer_by_the_phone_among_the_words(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138001"])
    assert run("import", "customers", sheet).exit_code == 0
    bills = write_csv(
        tmp_path / "账单.csv",
        ["客户,金额,日期", "王芳 13800138001 老客户,99,2024-03-05"],  # a 客户 cell too
    )

    result = run("import", "purchases", bills)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases") == [(1, 9900)]


def test_a_name_with_words_the_book_has_whole_reads_back_equal(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    open_book: Callable[..., Book],
) -> None:
    # typed so in the app's form: the export writes it whole, the import keeps it whole
    with open_book(book_path) as book:
        customer(book, "王芳 13800138001（微信同号）")
    before = _customers(book_path)
    exported = tmp_path / "out.csv"
    assert run("export", exported).exit_code == 0

    result = run("import", "customers", exported)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == before
    assert "had words beside" not in result.output


def _kept_words_said(output: str) -> bool:
    """Whether a report says a name cell's words were kept, in either language."""
    return "had words beside the name and mobile" in output or "还写了字" in output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_customers_sheet_imported_again_keeps_no_words_and_says_none(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    """The second import changed nothing (0 created, 0 updated) yet said again that the
    name cells' words were kept in the notes."""
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,城市", "王芳 13800138001（微信同号）,杭州", "赵敏13800138002 老客户,杭州"],
    )
    first = run("--lang", lang, "import", "customers", sheet)
    assert first.exit_code == 0, first.output + first.stderr
    assert _kept_words_said(first.output)

    again = run("--lang", lang, "import", "customers", sheet)

    assert again.exit_code == 0, again.output + again.stderr
    unchanged = t(
        "cli.import_unchanged", lang, imported=2, created=0, updated=0, bad=0, source="\0"
    ).split("\0")[0]
    assert unchanged in again.output
    assert not _kept_words_said(again.output)
    assert _customers(book_path) == _SPLIT[:2]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_name_cell_with_a_mobile_is_not_said_again_when_it_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    """The second import of the same sheet said 0 created, 0 updated and then, again, that
    the name cells held mobiles read as names and phones: a line of how the cells were
    read, where nothing was. A cell giving a customer a phone she lacks is said."""
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,城市", "王芳 13800138001（微信同号）,杭州", "李娜13900139000,苏州"],
    )
    said = t("cli.import_name_phones", lang, count=2, line=2, cell="\0").split("\0")[0]
    first = run("--lang", lang, "import", "customers", sheet)
    assert first.exit_code == 0, first.output + first.stderr
    assert said in first.output

    again = run("--lang", lang, "import", "customers", sheet)
    assert again.exit_code == 0, again.output + again.stderr
    assert said not in again.output and "13800138001" not in again.output

    with_new = write_csv(tmp_path / "新号.csv", ["姓名,手机", "李娜13900139000,13700137003"])
    third = run("--lang", lang, "import", "customers", with_new)
    assert third.exit_code == 0, third.output + third.stderr
    assert t("cli.import_name_phones", lang, count=1, line=2, cell="李娜13900139000") in (
        third.output
    )


def test_words_a_row_brings_to_a_customer_without_them_are_said_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, open_book: Callable[..., Book]
) -> None:
    """A book customer without the words takes them (said); two rows of her in one file
    keep them once (said once)."""
    with open_book(book_path) as book:
        customer(book, "王芳", phones=["13800138001"])
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,城市", "王芳 13800138001（微信同号）,杭州", "王芳 13800138001（微信同号）,杭州"],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert "1 updated" in result.output
    said = "the name cell of 1 row had words beside the name and mobile (line 2: “微信同号”)"
    assert said in result.output
    assert table_of(book_path, "SELECT notes FROM customers") == [("手机 13800138001：微信同号",)]


def test_a_purchases_sheet_imported_again_says_no_words_kept(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "账单.csv",
        ["姓名,金额,日期", "王芳 13800138001（微信同号）,99,2024-03-05"],
    )
    first = run("--lang", "en", "import", "purchases", bills, "--create-missing")
    assert first.exit_code == 0, first.output + first.stderr
    assert _kept_words_said(first.output)

    again = run("--lang", "en", "import", "purchases", bills, "--create-missing")

    assert again.exit_code == 0, again.output + again.stderr
    assert "(0 customers created, 0 updated;" in again.output
    assert not _kept_words_said(again.output)


@pytest.mark.parametrize("kind", ["customers", "purchases"])
def test_the_import_screens_report_of_a_sheet_imported_again_says_no_words_kept(
    book: Book, tmp_path: Path, kind: Literal["customers", "purchases"]
) -> None:
    from xiaoben.store.importing.readers import read_any
    from xiaoben.store.imports import import_table
    from xiaoben.tui.screens.import_report import report_lines

    lines = ["姓名,城市", "王芳 13800138001（微信同号）,杭州"]
    if kind == "purchases":
        lines = ["姓名,金额,日期", "王芳 13800138001（微信同号）,99,2024-03-05"]
    path = write_csv(tmp_path / f"{kind}.csv", lines)
    options = {"create_missing": True} if kind == "purchases" else {}

    def imported() -> str:
        report = import_table(book, kind, read_any(path, kind=kind), _quiet, **options)
        return "\n".join(report_lines(report, keep_good=False, done=True))

    first = imported()
    again = imported()

    assert _kept_words_said(first)
    assert not _kept_words_said(again)
    summary = again.split("\n")[0]
    if kind == "customers":
        assert summary == "Nothing to change: the row matches the book's customers"
    else:
        assert summary == (
            "Imported 0 of 1 row: 0 purchases recorded, 0 customers created,"
            " 0 customers updated, 0 bad rows skipped"
        )


def _quiet(stage: str, done: int, total: int) -> None:
    """No progress shown."""


def test_a_merged_name_cell_with_a_mobile_is_said_once(book: Book, tmp_path: Path) -> None:
    """王芳 13800138001（微信同号） merged down over the rows of her two phones is one cell:
    said once, not once a row."""
    import openpyxl

    from xiaoben.store.importing.readers import read_any
    from xiaoben.store.imports import import_table

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "手机"])
    sheet.append(["王芳 13800138001（微信同号）", "13900139002"])
    sheet.append([None, "13700137003"])
    sheet.merge_cells("A2:A3")
    workbook.save(tmp_path / "客户.xlsx")

    report = import_table(
        book, "customers", read_any(tmp_path / "客户.xlsx", kind="customers"), lambda *_: None
    )

    assert (report.created_customers, report.held_back) == (1, 0)
    assert report.name_words == 1
    assert report.first_name_words is not None and report.first_name_words[0] == 2
