"""A phone cell with the seller's words on its number (13800138001（微信同号）, 13800138001
本人): the number is the phone, the words are kept in the notes; words saying "none"
(13000000000（无）, a filler number most often) make no phone, the cell kept in the notes
and said in the report; anything else is refused as before, quoting the cell as she typed
it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from tests.book_helpers import table_of, write_csv
from xiaoben.models.errors import rule_message
from xiaoben.models.values import normalise_phone, noted_phone, phone_said_none, placeholder
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3


@pytest.mark.parametrize(
    ("cell", "number", "note"),
    [
        ("13800138001（微信同号）", "13800138001", "微信同号"),
        ("13800138001 微信同号", "13800138001", "微信同号"),
        ("13800138001（本人）", "13800138001", "本人"),
        ("13800138001(常用)", "13800138001", "常用"),
        ("138 0013 8001 / 微信同号", "138 0013 8001", "微信同号"),
        ("13800138001【老公】", "13800138001", "老公"),
        ("010-12345678（办公室）", "010-12345678", "办公室"),
    ],
)
def test_a_number_with_words_on_it_reads_as_the_number(cell: str, number: str, note: str) -> None:
    assert noted_phone(cell) == (number, note)


@pytest.mark.parametrize(
    "cell",
    [
        "13800138001",  # no words
        "13800138001 13900139000",  # two numbers
        "13800138001 转 123",  # an extension
        "1380013800（微信同号）",  # ten digits: no valid number
        "13800138001（无）",  # a placeholder: no words on it (phone_said_none)
        "13800138001（" + "很长" * 11 + "）",  # a note of its own, not a word on a number
        "138****8001（本人）",  # masked
        "13800138001（微信2号）",  # digits in the words
        "13800138001 ?",  # no word at all
    ],
)
def test_anything_else_is_no_noted_number(cell: str) -> None:
    assert noted_phone(cell) is None


def _valid(number: str) -> bool:
    try:
        return normalise_phone(number).startswith("+861")
    except ValueError:
        return False


_MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True).filter(_valid)
# (not a placeholder: 13800138001（无） has no words on it, as a case above says)
_WORDS = st.text(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8
).filter(lambda words: not placeholder(words))
_AROUND = st.sampled_from(["（{}）", "({})", " {}", " / {}", "【{}】", "，{}", "-{}"])


@given(_MOBILES, _WORDS, _AROUND)
def test_any_mobile_with_any_words_on_it_reads_back_the_same_number(
    number: str, words: str, around: str
) -> None:
    found = noted_phone(number + around.format(words))

    assert found == (number, words)
    assert normalise_phone(found[0]) == normalise_phone(number)


@given(st.text(max_size=40))
def test_no_text_makes_the_reader_fail(text: str) -> None:
    found = noted_phone(text)
    if found is not None:
        normalise_phone(found[0])  # a number it gives is a valid one


def test_a_customers_import_reads_the_number_and_keeps_the_words_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,备注",
            "王芳,13800138001（微信同号）,老客户",
            "李娜,13800138002 微信同号,",
            "赵敏,13800138003（本人）/13900139003（老公）,",
            "孙丽,138 0013 8004 / 微信同号,",
        ],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    rows = table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id")
    assert [(name, json.loads(str(phones)), notes) for name, phones, notes in rows] == [
        ("王芳", ["+8613800138001"], "老客户\n手机 13800138001：微信同号"),
        ("李娜", ["+8613800138002"], "手机 13800138002：微信同号"),
        (
            "赵敏",
            ["+8613800138003", "+8613900139003"],
            "手机 13800138003：本人\n手机 13900139003：老公",
        ),
        ("孙丽", ["+8613800138004"], "手机 138 0013 8004：微信同号"),
    ]


def test_importing_the_file_again_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,13800138001（微信同号）"])
    assert run("import", "customers", sheet).exit_code == 0
    before = table_of(book_path, "SELECT name, phones, notes FROM customers")

    again = run("import", "customers", sheet)

    assert again.exit_code == 0, again.output + again.stderr
    assert table_of(book_path, "SELECT name, phones, notes FROM customers") == before


def test_a_refused_phone_is_quoted_as_typed(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "王芳,1380013800（微信同号）"])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 1
    assert "“1380013800（微信同号）”" in result.stderr
    assert table_of(book_path, "SELECT count(*) FROM customers") == [(0,)]


def test_a_full_width_number_is_quoted_as_typed() -> None:
    with pytest.raises(PydanticCustomError) as raised:
        normalise_phone("１３８００１３８")
    assert "“１３８００１３８”" in rule_message(raised.value, "zh")


def test_a_purchases_import_finds_and_makes_the_customer_by_the_number(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "李娜,13800138002"])
    assert run("import", "customers", sheet).exit_code == 0
    bills = write_csv(
        tmp_path / "账单.csv",
        [
            "姓名,手机,金额,日期",
            "王芳,13800138001（微信同号）,10,2024-03-07",
            "李娜,13800138002 本人,20,2024-03-07",
            "王芳,13800138001（微信同号）,30,2024-03-08",
        ],
    )

    result = run("import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT id, name, phones, notes FROM customers ORDER BY id") == [
        (1, "李娜", '["+8613800138002"]', ""),
        (2, "王芳", '["+8613800138001"]', "手机 13800138001：微信同号"),
    ]
    assert table_of(
        book_path, "SELECT customer_id, amount_cents FROM purchases ORDER BY amount_cents"
    ) == [(2, 1000), (1, 2000), (2, 3000)]


@pytest.mark.parametrize(
    ("cell", "number", "words"),
    [
        ("13000000000（无）", "13000000000", "无"),
        ("13800138001 暂无", "13800138001", "暂无"),
        ("13800138001(没有)", "13800138001", "没有"),
        # no bracket nor space (as typed in WPS), an unclosed bracket, the words first
        ("13000000000无", "13000000000", "无"),
        ("13000000000(无", "13000000000", "无"),
        ("无13000000000", "13000000000", "无"),
        ("无：13000000000", "13000000000", "无"),
    ],
)
def test_a_number_whose_words_say_none_is_told_apart(cell: str, number: str, words: str) -> None:
    assert phone_said_none(cell) == (number, words)
    assert noted_phone(cell) is None
    assert phone_said_none("13800138001（微信同号）") is None


def test_a_phone_said_none_is_no_phone_and_kept_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # before: refused with "a mainland mobile has 11 digits starting with 1", false of it
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机",
            "王芳,13000000000（无）",
            "李娜,13000000000（无）",
            "赵敏,13800138003（本人）/13000000000（无）",
        ],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    rows = table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id")
    # the filler makes no key: 王芳 and 李娜 are not one number's two customers
    assert [(name, json.loads(str(phones)), notes) for name, phones, notes in rows] == [
        ("王芳", [], "手机 13000000000：无"),
        ("李娜", [], "手机 13000000000：无"),
        ("赵敏", ["+8613800138003"], "手机 13800138003：本人\n手机 13000000000：无"),
    ]
    assert (
        "3 rows had a phone with words saying none beside it (line 2: “13000000000（无）”): "
        "not read as a phone, kept in the notes"
    ) in result.stdout
    again = run("import", "customers", sheet)
    assert again.exit_code == 0 and "nothing to change" in again.stdout


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "2 rows had a phone with words saying none beside it (line 2: “13000000000（无）”): "
               "not read as a phone, kept in the notes"),
        ("zh", "2 行的电话旁写着“无”之类的字（如第 2 行的 “13000000000（无）”）："
               "不当作电话，记入备注"),
    ],
)  # fmt: skip
def test_a_purchases_import_says_the_phones_said_none_as_a_customers_import_does(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str, said: str
) -> None:
    """The purchases import kept 王芳's and 赵敏's 13000000000（无） in their notes, no phone,
    and its report said nothing of it, where a customers import says it. Counted as the
    customers import counts: a row whose words are kept in a customer's notes (one the
    import makes; a blank 无 or 暂无 cell is no number at all, and said by neither)."""
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "李娜,13800138002"])
    assert run("import", "customers", sheet).exit_code == 0
    bills = write_csv(
        tmp_path / "账单.csv",
        [
            "姓名,手机,金额,日期",
            "王芳,13000000000（无）,10,2024-03-07",
            "孙丽,无,20,2024-03-07",
            "周九,暂无,30,2024-03-07",
            "赵敏,无13000000000,40,2024-03-08",
            "李娜,13800138002,50,2024-03-08",
        ],
    )

    result = run("--lang", lang, "import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert said in result.stdout
    assert table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id") == [
        ("李娜", '["+8613800138002"]', ""),
        ("王芳", "[]", "手机 13000000000：无"),
        ("孙丽", "[]", ""),
        ("周九", "[]", ""),
        ("赵敏", "[]", "手机 13000000000：无"),
    ]


def test_the_import_screens_report_says_the_phones_said_none() -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(
        rows=2, imported=2, none_phones=1, first_none_phone=(2, "13000000000（无）")
    )

    said = "\n".join(report_lines(report, keep_good=False))

    assert "1 phone said none beside the number (line 2: “13000000000（无）”)" in said


def test_a_phone_said_none_in_any_spelling_is_no_phone_and_quoted_as_written(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """13000000000无 was refused by the 11-digit rule (a 12-character cell was never looked
    at for words), 无13000000000 became 孙丽's phone and then 周九's (held back as hers), and
    the report quoted 13000000000 无 as “13000000000（无）” (a reviewer's finding 3b)."""
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            *("姓名,手机", "王芳,13000000000无", "李娜,13000000000 无", "孙丽,无13000000000"),
            *("周九,无13000000000", "赵敏,13000000000(无"),
        ],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    rows = table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id")
    names = ["王芳", "李娜", "孙丽", "周九", "赵敏"]
    assert [(name, json.loads(str(phones)), notes) for name, phones, notes in rows] == [
        (name, [], "手机 13000000000：无") for name in names
    ]
    assert "5 rows had a phone with words saying none beside it (line 2: “13000000000无”)" in (
        result.stdout
    )
    again = run("--lang", "en", "import", "customers", sheet)
    assert "nothing to change" in again.stdout, again.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sheet_imported_again_says_no_masked_number_nor_none_words_kept(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    """The second import changed nothing yet said again that a masked number and a phone's
    words saying none were kept in the notes; a customer whose notes lack them takes them,
    and that is said."""
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机", '王芳,"13800138001, 138****8004"', "赵敏,13000000000（无）"],
    )
    kept = {
        "en": ("had a masked or relay number", "had a phone with words saying none"),
        "zh": ("的隐藏号码或转接号码", "的电话旁写着“无”之类的字"),
    }[lang]
    first = run("--lang", lang, "import", "customers", sheet)
    assert first.exit_code == 0, first.output + first.stderr
    assert all(words in first.output for words in kept)

    again = run("--lang", lang, "import", "customers", sheet)

    assert again.exit_code == 0, again.output + again.stderr
    assert not any(words in again.output for words in kept)
    assert ("nothing to change" if lang == "en" else "没有需要改动的") in again.output
    # her notes edited since (the masked number's line taken out): the import keeps it again
    notes = table_of(book_path, "SELECT notes FROM customers WHERE name = '王芳'")
    assert notes != [("",)]
    conn = sqlite3.connect(book_path)
    with conn:
        conn.execute("UPDATE customers SET notes = '' WHERE name = '王芳'")
    conn.close()
    third = run("--lang", lang, "import", "customers", sheet)
    assert third.exit_code == 0, third.output + third.stderr
    assert kept[0] in third.output
    assert kept[1] not in third.output


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("138****8004", None),  # her own phone, masked: nothing kept, nothing said
        ("138****8004, 139****1111", "139****1111"),  # said: the one that is not hers
    ],
)
def test_a_masked_number_that_is_her_own_phone_is_not_said(
    book: Book, tmp_path: Path, cell: str, said: str | None
) -> None:
    from xiaoben.store.importing.readers import read_any
    from xiaoben.store.imports import import_table

    book_sheet = write_csv(tmp_path / "book.csv", ["姓名,电话,微信", "周八,13800138004,zhou_888"])
    sheet = write_csv(tmp_path / "masked.csv", ["姓名,电话,微信", f'周八,"{cell}",zhou_888'])
    import_table(book, "customers", read_any(book_sheet, kind="customers"), _quiet)

    report = import_table(book, "customers", read_any(sheet, kind="customers"), _quiet)

    assert (report.created_customers, report.hidden_phones) == (0, 0 if said is None else 1)
    assert report.first_hidden == (None if said is None else (2, said))


def _quiet(stage: str, done: int, total: int) -> None:
    """No progress shown."""
