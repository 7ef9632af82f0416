"""Contacts without a name in a phone's contacts file: each is named by what else it holds
and said so, one with nothing to be named by is left out and said, an empty card is skipped
and counted; the rest of the file imports, never refused for them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import ignored_columns
from xiaoben.store.importing.vcards import FIELDS


def android(*lines: str) -> str:
    """A card as Android's Contacts app writes one (2.1, CRLF)."""
    return "\r\n".join(["BEGIN:VCARD", "VERSION:2.1", *lines, "END:VCARD", ""])


def iphone(*lines: str) -> str:
    """A card as an iPhone shares one (3.0, its PRODID, an empty N and FN for no name)."""
    head = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.4//EN"]
    return "\r\n".join([*head, *lines, "END:VCARD", ""])


WANG = android("N;CHARSET=UTF-8:王;芳;;;", "FN;CHARSET=UTF-8:王芳", "TEL;CELL:13800138001")
EMAIL_ONLY = android("EMAIL;HOME:shop@example.com")
EMPTY_ANDROID = android("N:;;;;", "FN:")
EMPTY_IPHONE = iphone("N:;;;;", "FN:")


def contacts(tmp_path: Path, text: str) -> tuple[list[dict[str, str]], list[str]]:
    path = tmp_path / "通讯录.vcf"
    path.write_bytes(text.encode("utf-8"))
    table = read_any(path, kind="customers")
    rows = [dict(zip(FIELDS, cells, strict=True)) for _, cells in table.rows]
    return rows, (ignored_columns(table, "customers") or "").split("\n")


@pytest.mark.parametrize(
    ("card", "name"),
    [
        (EMAIL_ONLY, "shop"),
        (android("TEL;CELL:13800138002"), "13800138002"),
        (android("N:;;;;", "ORG;CHARSET=UTF-8:杭州茶行", "TEL;WORK:057188886666"), "杭州茶行"),
        (
            android(
                "N:;;;;",
                "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;小周;1;;;;;;;;;;;;;",
                "EMAIL;HOME:zhou@example.com",
            ),
            "小周",
        ),
        (iphone("N:;;;;", "FN:", "EMAIL;type=INTERNET;type=HOME;type=pref:li.na@qq.com"), "li.na"),
        (iphone("N:;;;;", "FN:", "NICKNAME:芳芳", "item1.TEL;type=pref:138 0013 8003"), "芳芳"),
        (
            iphone("N:;;;;", "FN:", "item1.TEL:13600136000", "item1.X-ABLabel:老公"),
            "13600136000",  # a labelled number (in the notes) names it too
        ),
        (iphone("IMPP;X-SERVICE-TYPE=WeChat:x-apple:qian_dd88"), "qian_dd88"),
    ],
)
def test_a_contact_without_a_name_is_named_by_what_it_holds_and_said(
    tmp_path: Path, card: str, name: str
) -> None:
    rows, notes = contacts(tmp_path, WANG + card)

    assert [row["name"] for row in rows] == ["王芳", name]
    assert notes == [f"contact no. 2: no name, named “{name}”"]


def test_an_empty_card_is_skipped_and_counted(tmp_path: Path) -> None:
    rows, notes = contacts(tmp_path, EMPTY_ANDROID + WANG + EMPTY_IPHONE)

    assert [row["name"] for row in rows] == ["王芳"]
    assert notes == ["2 empty contacts (nothing written on them) skipped"]


def test_a_card_with_nothing_to_name_it_by_is_left_out_and_named_by_its_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    note_only = iphone("N:;;;;", "FN:", "NOTE:周三来取货")

    rows, notes = contacts(tmp_path, WANG + note_only + EMAIL_ONLY + EMPTY_ANDROID)

    assert [row["name"] for row in rows] == ["王芳", "shop"]
    assert notes == [
        "联系人 第 3 张：没有姓名，以“shop”为名",
        "1 张联系人（第 2 张）没有姓名，也没有单位、昵称、电话、邮箱或微信号可以称呼，未导入",
        "1 张空白联系人（什么都没写）已跳过",
    ]


def test_a_named_contact_adds_no_line(tmp_path: Path) -> None:
    _, notes = contacts(tmp_path, WANG + iphone("N:李;娜;;;", "FN:李娜", "TEL:13900139000"))

    assert notes == [""]


def test_many_nameless_contacts_are_listed_up_to_ten(tmp_path: Path) -> None:
    numbers = "".join(android(f"TEL;CELL:1380013{8000 + n}") for n in range(12))

    rows, notes = contacts(tmp_path, numbers)

    assert len(rows) == 12
    assert notes[0] == "contact no. 1: no name, named “13800138000”"
    assert notes[9] == "contact no. 10: no name, named “13800138009”"
    assert notes[10:] == [
        "2 more contacts have no name, named the same way (by company, nickname, phone, "
        "e-mail or WeChat ID)"
    ]


def test_the_cli_imports_a_phone_book_with_nameless_and_empty_cards(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The tester's file: a named contact, an e-mail-only one, an empty card. It refused the
    whole file before ('联系人“—”：姓名：必填' twice)."""
    path = tmp_path / "通讯录.vcf"
    path.write_text(WANG + EMAIL_ONLY + EMPTY_ANDROID, encoding="utf-8")

    result = run("--lang", "zh", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert "已导入 2/2 行" in result.stdout
    assert "联系人 第 2 张：没有姓名，以“shop”为名" in result.stderr
    assert "1 张空白联系人（什么都没写）已跳过" in result.stderr
    conn = sqlite3.connect(book_path)
    try:
        rows = conn.execute("SELECT name, email FROM customers ORDER BY id").fetchall()
    finally:
        conn.close()
    assert rows == [("王芳", None), ("shop", "shop@example.com")]


def test_a_file_of_empty_cards_only_is_an_empty_file(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "空.vcf"
    path.write_text(EMPTY_ANDROID + EMPTY_IPHONE, encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code == 1
    assert "the file is empty" in result.stderr
