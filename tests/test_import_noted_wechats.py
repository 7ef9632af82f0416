"""A WeChat ID written in a phone contact's note (微信号：wxid_abc123, 微信: fang_88, VX:
fang88, wx：…), in a card's NOTE or a contacts CSV's Notes: the customer's WeChat ID when
neither the card nor the book gives her one and the note gives exactly one; else the note
only, searched as a second ID is. A nickname after 微信 (微信：芳芳) is no ID."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import customer, fixed_clock, table_of, write_csv
from tests.test_import_real_files import write_contacts_csv
from tests.test_migrations import old_book
from xiaoben.models.values import noted_wechats
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.driver import sqlite3
from xiaoben.store.schema import MIGRATION_NAMES


@pytest.mark.parametrize(
    ("notes", "found"),
    [
        ("微信号：wxid_abc123", ["wxid_abc123"]),
        ("微信: fang_88", ["fang_88"]),
        ("VX: fang88", ["fang88"]),
        ("wx：fang88", ["fang88"]),
        ("WeChat ID: fang88", ["fang88"]),
        ("老客户\n微信号： wxid_abc123 \n喜欢喝茶", ["wxid_abc123"]),
        ("微信: fang_88\nVX: fang88", ["fang_88", "fang88"]),
        ("微信: fang_88\nwx: FANG_88", ["fang_88"]),  # one ID, written twice
        ("微信：芳芳", []),  # a nickname
        ("微信：fang_88 老客户", []),  # more than an ID
        ("另一个微信号：zs_88888", []),  # a merge's or an import's own line (other_wechats)
        ("微信（非微信号）：fang_88", []),
        ("加微信fang_88", []),  # no label of its own
    ],
)
def test_the_ids_a_note_gives_under_a_wechat_label(notes: str, found: list[str]) -> None:
    assert noted_wechats(notes) == found


def _card(name: str, phone: str, note: str, impp: str = "") -> str:
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", f"TEL;TYPE=CELL:{phone}"]
    if impp:
        lines.append(f"IMPP;X-SERVICE-TYPE=WeChat:weixin:{impp}")
    return "\r\n".join([*lines, f"NOTE:{note}", "END:VCARD", ""])


def _cards(path: Path, *cards: str) -> Path:
    path.write_text("".join(cards), encoding="utf-8")
    return path


def _people(book_path: Path) -> list[tuple[str, str | None, str]]:
    return table_of(book_path, "SELECT name, wechat, notes FROM customers ORDER BY id")


def _found_by(book_path: Path, key: str) -> list[tuple[str]]:
    sql = f"SELECT name FROM customers JOIN search_keys ON id = customer_id WHERE key = '{key}'"
    return table_of(book_path, sql)


def test_a_cards_note_gives_her_wechat_id(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    cards = _cards(
        tmp_path / "contacts.vcf",
        _card("王芳", "13800138001", "微信号：wxid_abc123"),
        _card("李娜", "13800138002", r"微信: fang_88\nVX: fang88"),  # two: which is hers?
        _card("赵敏", "13800138003", "微信：芳芳"),  # a nickname
        _card("孙丽", "13800138004", "wx：sunli_02", impp="sunli_01"),  # the card's own
    )

    result = run("import", "customers", cards)

    assert result.exit_code == 0, result.output + result.stderr
    assert _people(book_path) == [
        ("王芳", "wxid_abc123", "微信号：wxid_abc123"),
        ("李娜", None, "微信: fang_88\nVX: fang88"),
        ("赵敏", None, "微信：芳芳"),
        ("孙丽", "sunli_01", "wx：sunli_02"),
    ]
    said = "1 contact's WeChat ID was read from the notes (line 1: wxid_abc123)"
    assert said in result.output
    # the IDs not taken are found by search, as a second ID is
    assert _found_by(book_path, "fang88") == [("李娜",)]
    assert _found_by(book_path, "fang_88") == [("李娜",)]
    assert _found_by(book_path, "sunli_02") == [("孙丽",)]
    again = run("import", "customers", cards)
    assert again.exit_code == 0, again.output + again.stderr
    assert "nothing to change" in again.output


def test_a_contacts_csvs_note_gives_her_wechat_id(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    header = ["First Name", "Last Name", "Phone 1 - Value", "Notes"]
    wang = {"First Name": "芳", "Last Name": "王", "Phone 1 - Value": "13800138001"}
    export = write_contacts_csv(
        tmp_path / "contacts.csv", header, [{**wang, "Notes": "VX: fang88"}]
    )

    result = run("import", "customers", export)

    assert result.exit_code == 0, result.output + result.stderr
    assert _people(book_path) == [("王芳", "fang88", "VX: fang88")]


def test_a_customer_with_a_wechat_id_keeps_hers(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    open_book: Callable[..., Book],
) -> None:
    with open_book(book_path) as book:
        customer(book, "王芳", phones=["13800138001"], wechat="wang_fang")
        customer(book, "李娜", phones=["13800138002"])
        customer(book, "周九", wechat="wxid_abc123")  # the note's ID is hers
    cards = _cards(
        tmp_path / "contacts.vcf",
        _card("王芳", "13800138001", "微信号：fang_88"),
        _card("李娜", "13800138002", "微信号：wxid_abc123"),
    )

    result = run("import", "customers", cards)

    assert result.exit_code == 0, result.output + result.stderr
    assert _people(book_path) == [
        ("王芳", "wang_fang", "微信号：fang_88"),
        ("李娜", None, "微信号：wxid_abc123"),
        ("周九", "wxid_abc123", ""),
    ]
    assert "read from the notes" not in result.output
    assert _found_by(book_path, "fang_88") == [("王芳",)]


def test_a_book_customer_without_one_takes_the_notes_id(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    open_book: Callable[..., Book],
) -> None:
    with open_book(book_path) as book:
        customer(book, "王芳", phones=["13800138001"])
    cards = _cards(tmp_path / "contacts.vcf", _card("王芳", "13800138001", "微信号：fang_88"))

    result = run("import", "customers", cards)

    assert result.exit_code == 0, result.output + result.stderr
    assert "1 updated" in result.output
    assert _people(book_path) == [("王芳", "fang_88", "微信号：fang_88")]


def test_a_customers_sheets_notes_are_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    # not a phone's contacts: a sheet's 备注 is the seller's, as it was
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机,备注", "王芳,13800138001,微信：fang_88"])

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert _people(book_path) == [("王芳", None, "微信：fang_88")]
    assert _found_by(book_path, "fang_88") == [("王芳",)]


def test_a_book_from_before_finds_a_notes_wechat_id_once_opened(tmp_path: Path) -> None:
    """A book from before m033 (a note's ID no search key) finds the customer by it after."""
    path = old_book(tmp_path / "old.db", MIGRATION_NAMES.index("m033_search_noted_wechats"))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE customers SET notes = '老客户\nVX: fang88' WHERE id = 3")
    conn.close()
    with Book.open(path, today=fixed_clock) as book:
        name = book.get_customer(3).name
        found = book.list_window(ListQuery(search="fang88"), 0, 50)
        assert [row.name for row in found] == [name]


def test_a_note_saying_the_id_is_not_known_gives_none() -> None:
    """微信: unknown, 微信：mobile (a reviewer's): words where the ID is not known, never her ID."""
    notes = "微信: unknown\nVX: mobile\nwx：Same\n微信号：fang_88"
    assert noted_wechats(notes) == ["fang_88"]
