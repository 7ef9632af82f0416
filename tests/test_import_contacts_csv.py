"""Phone contacts saved as CSV read as the same contacts' vCards are (an outside tester's
findings): a Google address from its parts in Chinese order, so its province and city are
read; a contact with only a nickname named by it, and said; Outlook's Job Title and
Department kept in the notes as a card's TITLE is; a municipality written as both province
and city (北京 + 北京市) said once, in a CSV and in a card."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import table_of
from tests.test_import_real_files import write_contacts_csv

GOOGLE = [
    "First Name", "Middle Name", "Last Name", "Nickname", "Organization Name",
    "Phone 1 - Label", "Phone 1 - Value", "Address 1 - Label", "Address 1 - Formatted",
    "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region",
    "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
]  # fmt: skip


def test_a_google_address_reads_in_chinese_order_with_its_province_and_city(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    zhang = {
        "First Name": "三",
        "Last Name": "张",
        "Phone 1 - Value": "13800138001",
        "Address 1 - Formatted": "文三路1号\n杭州市 浙江省 310000\n中国",
        "Address 1 - Street": "文三路1号",
        "Address 1 - City": "杭州市",
        "Address 1 - Region": "浙江省",
        "Address 1 - Postal Code": "310000",
        "Address 1 - Country": "中国",
    }
    export = write_contacts_csv(tmp_path / "contacts.csv", GOOGLE, [zhang])

    result = run("import", "customers", export)

    assert result.exit_code == 0, result.output
    # was: 文三路1号 杭州市 浙江省 310000 中国, no province, no city
    assert table_of(book_path, "SELECT address, province, city FROM customers") == [
        ("浙江省杭州市文三路1号（邮编 310000）", "浙江", "杭州")
    ]


def test_a_google_contact_with_only_a_nickname_is_named_by_it_and_said(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    wang = {"Nickname": "小王", "Phone 1 - Value": "13800138003"}
    export = write_contacts_csv(tmp_path / "contacts.csv", GOOGLE, [wang])

    result = run("--lang", "en", "import", "customers", export)

    assert result.exit_code == 0, result.output
    assert "line 2: the contact has no name, named “小王”" in result.output
    # was: named 13800138003, without a word
    assert table_of(book_path, "SELECT name, notes FROM customers") == [("小王", "昵称：小王")]


OUTLOOK = [
    "First Name", "Last Name", "Company", "Department", "Job Title", "Home Street",
    "Home City", "Home State", "Mobile Phone",
]  # fmt: skip


def test_outlooks_job_title_and_department_are_kept_and_beijing_is_said_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    wang = {
        "First Name": "五",
        "Last Name": "王",
        "Company": "北京某某",
        "Department": "采购部",
        "Job Title": "经理",
        "Home Street": "建国路5号",
        "Home City": "北京市",
        "Home State": "北京",
        "Mobile Phone": "13800138004",
    }
    export = write_contacts_csv(tmp_path / "outlook.csv", OUTLOOK, [wang])

    result = run("--lang", "en", "import", "customers", export)

    assert result.exit_code == 0, result.output
    assert "not recognised" not in result.output  # was: “Department”, “Job Title”
    sql = "SELECT employer, notes, address, province, city FROM customers"
    assert table_of(book_path, sql) == [
        ("北京某某", "部门：采购部\n职位：经理", "北京市建国路5号", "北京", "北京")
    ]


def test_a_card_with_beijing_as_region_and_locality_says_it_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:郑十一\r\nTEL:13800138011\r\n"
        "ADR;TYPE=HOME:;;建国路5号;北京市;北京市;100000;中国\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "contacts.vcf"
    path.write_text(card, encoding="utf-8")

    result = run("import", "customers", path)

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT address FROM customers") == [
        ("北京市建国路5号（邮编 100000）",)  # was: 北京市北京市建国路5号…
    ]
