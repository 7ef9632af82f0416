"""Contact groups and kinds of cards in a contacts file: a group is no customer, its name is
a tag of its members; an organisation is a customer said as one; a place is none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from xiaoben.models.customer import Customer
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


# A group naming its members by phone (RFC 6350's MEMBER:tel:…, as some Android and CardDAV
# apps write it), in any of the ways a number is written.
BY_PHONE = card(
    "KIND:group",
    "FN:团购群",
    "MEMBER:tel:+86-138-0013-8000",
    "MEMBER:tel:139 0013 9000",
    version="4.0",
)


def test_a_group_gives_its_tag_to_members_named_by_phone(tmp_path: Path) -> None:
    rows, note = contacts(tmp_path, BY_PHONE + ZHANG + LI + WANG)

    assert [(row["name"], row["tags"]) for row in rows] == [
        ("张三", "团购群"),
        ("李四", "团购群"),
        ("王五", "VIP客户"),
    ]
    assert note == (
        "1 group of contacts was not imported as a customer; its name was given to its "
        "members as a tag"
    )


def test_a_group_gives_its_tag_to_customers_of_the_book_by_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Members the file has no card of are the book's customers of that phone; a number
    nobody has is said, the import goes on."""
    with Book.open(book_path) as book:
        book.save_customer(Customer(name="赵六", phones=["13600136000"], tags=["老客户"]))
    group = card(
        "KIND:group",
        "FN:团购群",
        "MEMBER:tel:+86 136-0013-6000",
        "MEMBER:tel:13800138000",
        "MEMBER:tel:135-0000-0000",
        version="4.0",
    )
    path = tmp_path / "c.vcf"
    path.write_text(ZHANG + group, encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert "1 customer created, 1 updated" in result.output, result.output
    assert (
        "member 135-0000-0000 of the contact group “团购群” is neither in this file nor a "
        "customer in the book" in result.output
    ), result.output
    with Book.open(book_path) as book:
        rows = book.db.execute("SELECT name, tags FROM customers ORDER BY id").fetchall()
    assert rows == [("赵六", '["老客户", "团购群"]'), ("张三", '["团购群"]')]
    again = run("--lang", "zh", "import", "customers", path)
    assert "新建客户 0，更新 0" in again.output, again.output
    assert "分组“团购群”的成员 135-0000-0000 不在此文件中，也不是本子里的客户" in again.output


def test_a_phone_two_customers_share_gives_the_group_to_neither(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    with Book.open(book_path) as book:
        for name in ("赵六", "钱七"):
            book.save_customer(Customer(name=name, phones=["13600136000"]))
    group = card("KIND:group", "FN:团购群", "MEMBER:tel:13600136000", version="4.0")
    path = tmp_path / "c.vcf"
    path.write_text(ZHANG + group, encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert "several customers in the book have this phone" in result.output, result.output
    with Book.open(book_path) as book:
        tags = book.db.execute("SELECT tags FROM customers ORDER BY id").fetchall()
    assert tags == [("[]",), ("[]",), ("[]",)]


def test_the_apps_import_report_says_the_members_nobody_has(
    book_path: Path, tmp_path: Path
) -> None:
    from xiaoben.store.imports import import_table
    from xiaoben.tui.screens.import_report import report_lines

    group = card("KIND:group", "FN:团购群", "MEMBER:tel:135-0000-0000", version="4.0")
    path = tmp_path / "c.vcf"
    path.write_text(ZHANG + group, encoding="utf-8")
    table = read_any(path, kind="customers")

    with Book.open(book_path) as book:
        report = import_table(book, "customers", table, lambda *_: None, dry_run=True)

    assert report_lines(report, keep_good=False)[-1] == (
        "member 135-0000-0000 of the contact group “团购群” is neither in this file nor a "
        "customer in the book"
    )
