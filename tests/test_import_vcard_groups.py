"""Contact groups and kinds of cards in a contacts file: a group is no customer, its name is
a tag of its members; an organisation is a customer said as one; a place is none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import ignored_columns
from xiaoben.store.importing.vcards import FIELDS


def card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""])


ZHANG = card("N:张;三;;;", "FN:张三", "TEL;type=CELL:13800138000", "UID:1234")
LI = card("FN:李四", "TEL:13900139000", "UID:urn:uuid:ABCD-ef01", version="4.0")
WANG = card("FN:王五", "TEL:13700137000", "EMAIL:wang@example.com", "CATEGORIES:VIP客户")
# As macOS / iCloud writes a group, and as vCard 4.0 (Nextcloud, Thunderbird, DAVx⁵) does.
APPLE_GROUP = card(
    "N:VIP客户;;;;",
    "FN:VIP客户",
    "X-ADDRESSBOOKSERVER-KIND:group",
    "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:1234",
    "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:abcd-EF01",  # a UUID in either case
    "X-ADDRESSBOOKSERVER-MEMBER:mailto:wang@example.com",
)
GROUP_4 = card("KIND:group", "FN:老客户群", "MEMBER:urn:uuid:1234", version="4.0")


def contacts(tmp_path: Path, text: str) -> tuple[list[dict[str, str]], str | None]:
    path = tmp_path / "contacts.vcf"
    path.write_bytes(text.encode("utf-8"))
    table = read_any(path, kind="customers")
    rows = [dict(zip(FIELDS, cells, strict=True)) for _, cells in table.rows]
    return rows, ignored_columns(table, "customers")


def test_group_cards_are_no_customers_and_tag_their_members(tmp_path: Path) -> None:
    rows, note = contacts(tmp_path, ZHANG + APPLE_GROUP + LI + GROUP_4 + WANG)

    assert [(row["name"], row["tags"]) for row in rows] == [
        ("张三", "VIP客户, 老客户群"),
        ("李四", "VIP客户"),
        ("王五", "VIP客户"),  # its own category and the group: one tag
    ]
    assert note == (
        "2 groups of contacts were not imported as customers; their names were given "
        "to their members as tags"
    )


def test_a_group_whose_members_are_not_in_the_file_is_named(tmp_path: Path) -> None:
    elsewhere = card("KIND:group", "FN:批发", "MEMBER:urn:uuid:9999", version="4.0")

    rows, note = contacts(tmp_path, ZHANG + elsewhere)

    assert [row["name"] for row in rows] == ["张三"]
    assert note == "the contact group “批发” was not imported: none of its members is in this file"


def test_the_groups_are_said_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")

    _, note = contacts(tmp_path, ZHANG + APPLE_GROUP + GROUP_4)

    assert note == "2 个分组未作为客户导入，已作为标签加给其成员"


def test_an_organisation_is_a_customer_said_as_one_and_a_place_is_none(tmp_path: Path) -> None:
    """A seller's business buyers are companies (a shop that orders wholesale): an
    organisation's card comes in under its name, and the report says which ones did; a place
    (KIND:location) buys nothing and is left out, named."""
    shop = card("KIND:org", "FN:杭州茶行", "ORG:杭州茶行", "TEL:057188886666", version="4.0")
    place = card("KIND:location", "FN:仓库", "ADR:;;文三路1号;杭州;;;", version="4.0")

    rows, note = contacts(tmp_path, ZHANG + shop + place)

    assert [(row["name"], row["phones"]) for row in rows] == [
        ("张三", "13800138000"),
        ("杭州茶行", "057188886666"),
    ]
    assert note == (
        "contact “杭州茶行” is an organisation, imported as a customer\n"
        "contact “仓库” is a place, not a person, and was not imported"
    )


def test_the_cli_imports_the_people_with_their_groups_as_tags(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "c.vcf"
    path.write_text(ZHANG + APPLE_GROUP + GROUP_4, encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row" in result.output
    assert "2 groups of contacts were not imported as customers" in result.output
    assert "KIND" not in result.output and "MEMBER" not in result.output
    with Book.open(book_path) as book:
        rows = book.db.execute("SELECT name, tags FROM customers").fetchall()
    assert rows == [("张三", '["VIP客户", "老客户群"]')]
