"""`xiaoben import`: a clean summary on stdout, every bad row on stderr, a non-zero exit."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import count, dump, write_csv
from xiaoben.store.driver import sqlite3


def purchases_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return count(conn, "purchases")
    finally:
        conn.close()


def test_a_file_with_bad_rows_exits_non_zero_and_reports_them_on_stderr(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    before = purchases_in(shop_path)
    bills = write_csv(
        tmp_path / "bills.csv",
        ["code,date,amount", "C001,2026-11-20,100", "C002,2026-02-30,50", "C003,2026-11-21,abc"],
    )

    result = run("import", "purchases", str(bills))

    assert result.exit_code == 1
    assert result.stdout == ""
    # The column named once where its header is the field's name (not "date: date: …").
    assert "line 3, date: no such date: 2026-02-30" in result.stderr
    assert "line 4, amount: an amount is written" in result.stderr
    assert "date: date" not in result.stderr
    assert "import cancelled: 2 of 3 rows have problems; the book was not changed" in result.stderr
    assert "Traceback" not in result.output
    assert purchases_in(shop_path) == before
    # the way on, said last (the app says its tick box)
    assert result.stderr.splitlines()[-1] == (
        "add --keep-good to import the good rows and list the bad ones"
    )
    assert result.stderr.count("--keep-good") == 1


def test_a_contacts_file_refused_for_a_bad_card_says_keep_good_in_chinese_last(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    cards = tmp_path / "通讯录.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nTEL:13800138001\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:李娜\r\nBDAY:1990-13-40\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )

    result = run("--lang", "zh", "import", "customers", str(cards))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "错误：导入已取消：2 行中有 1 行有问题，账本未作任何改动",
        "加上 --keep-good 可导入无误的行，并列出有问题的行",
    ]


def test_keep_good_imports_the_good_rows_and_lists_the_bad(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    before = purchases_in(shop_path)
    bills = write_csv(
        tmp_path / "bills.csv",
        ["code,date,amount", "C001,2026-11-20,100", "C002,2026-02-30,50", "C003,2026-11-21,80"],
    )

    result = run("import", "purchases", str(bills), "--keep-good")

    assert result.exit_code == 0, result.output
    assert "imported 2 of 3 rows" in result.stdout
    assert "1 bad row skipped" in result.stdout
    assert "line 3, date:" in result.stderr
    assert purchases_in(shop_path) == before + 2


def test_a_row_holding_a_nul_character_is_named_and_skipped_with_keep_good(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    before = purchases_in(shop_path)
    bills = tmp_path / "bills.csv"
    bills.write_bytes(
        "code,date,amount\nC001,2026-11-20,100\nC002,2026-11-2\x001,50\nC003,2026-11-21,80\n".encode(
            "gb18030"
        )
    )

    refused = run("--lang", "zh", "import", "purchases", str(bills))
    kept = run("--lang", "en", "import", "purchases", str(bills), "--keep-good")

    assert refused.exit_code == 1
    assert (
        "第 3 行，date：含有 NUL 字符（零字节），不是文字：文件已损坏或是二进制文件"
        in refused.stderr
    )
    assert kept.exit_code == 0, kept.output
    assert "imported 2 of 3 rows" in kept.stdout
    assert "line 3, date: holds a NUL character (a zero byte)" in kept.stderr
    assert purchases_in(shop_path) == before + 2


def test_a_dry_run_reports_and_changes_nothing(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    before = dump(shop_path)
    bills = write_csv(tmp_path / "bills.csv", ["code,date,amount", "C001,2026-11-20,100"])

    result = run("import", "purchases", str(bills), "--dry-run")

    assert result.exit_code == 0, result.output
    assert "dry run: 1 of 1 row would import" in result.stdout
    assert dump(shop_path) == before


def test_a_dry_run_with_bad_rows_exits_non_zero(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    before = dump(shop_path)
    bills = write_csv(tmp_path / "bills.csv", ["code,date,amount", "C001,2026-13-01,100"])

    result = run("import", "purchases", str(bills), "--dry-run")

    assert result.exit_code != 0
    assert "line 2, date:" in result.stderr
    assert dump(shop_path) == before


def test_create_missing_keeps_codes_as_written(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "bills.csv", ["客户编号,日期,金额", "00042,2026-11-01,100", "00007,2026-11-02,5"]
    )

    result = run("import", "purchases", str(bills), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "2 customers created" in result.stdout
    rows = json.loads(run("tiers", "--json").stdout)
    assert sorted(row["customer"] for row in rows) == ["00007", "00042"]


def test_a_gbk_file_from_excel_imports(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "账单.csv",
        ["客户,手机,日期,金额,商品", '王芳,138-1234-5678,2026/11/20,"1,280.00",护肤礼盒'],
        encoding="gbk",
    )

    result = run("import", "purchases", str(bills))

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row" in result.stdout
    assert "gb" in result.stdout.lower()
    conn = sqlite3.connect(shop_path)
    try:
        assert conn.execute(
            "SELECT items, amount_cents FROM purchases WHERE date = '2026-11-20'"
        ).fetchone() == ("护肤礼盒", 128000)
    finally:
        conn.close()


def test_a_damaged_excel_workbook_is_refused_with_advice(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    workbook = tmp_path / "账单.xlsx"
    workbook.write_bytes(buffer.getvalue())

    result = run("import", "purchases", str(workbook))
    in_chinese = run("--lang", "zh", "import", "purchases", str(workbook))

    assert result.exit_code == in_chinese.exit_code == 1
    assert "damaged" in result.stderr and "Excel or WPS" in result.stderr
    assert "Traceback" not in result.output
    # calamine's English reason is said in English only
    assert "工作簿已损坏或不完整，无法打开（内容无法识别为工作簿）" in in_chinese.stderr
    reason = result.stderr.split("cannot be opened (")[1].split(")")[0]
    assert reason and reason not in in_chinese.stderr


def test_customers_then_their_purchases_by_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(
        tmp_path / "客户.csv",
        ["姓名,编号,手机,微信,推荐人", "王芳,C001,13812345678,wangfang_88,", "李娜,C002,,,C001"],
    )
    bills = write_csv(
        tmp_path / "账单.csv",
        ["手机,日期,金额", "138 1234 5678,2026-11-01,300", "13812345678,2026-11-10,200"],
    )

    assert run("import", "customers", str(people)).exit_code == 0
    result = run("import", "purchases", str(bills))

    assert result.exit_code == 0, result.output
    rows = {row["customer"]: row for row in json.loads(run("tiers", "--json").stdout)}
    assert (rows["C001"]["orders"], rows["C001"]["revenue"], rows["C001"]["role"]) == (
        2,
        500.0,
        "fan",
    )


def test_two_wechat_columns_are_refused_without_a_contradicting_not_imported_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # (two 备注 columns are both kept now: tests/test_import_joined_columns.py)
    both = write_csv(tmp_path / "dup.csv", ["姓名,手机,微信,微信", "林小雨,13812345678,甲,乙"])

    result = run("import", "customers", str(both))

    assert result.exit_code == 1
    assert "微信" in result.stderr  # the refusal names the columns
    assert "is read from column" not in result.stderr  # no "not imported" note before it
    assert "not imported" not in result.stderr


def test_a_header_that_is_not_the_fields_name_is_named_beside_the_field(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    """ "下单时间" read as the date: the message names both, the column as in the file and
    the field (only a header that is the field's own name is said once)."""
    bills = write_csv(tmp_path / "bills.csv", ["code,下单时间,amount", "C002,2026-02-30,50"])

    result = run("import", "purchases", str(bills))

    assert "line 2, 下单时间: date: no such date: 2026-02-30" in result.stderr


def test_a_customer_cell_that_only_looks_like_an_export_number_is_no_traceback(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    """An export writes a customer without a code as #12 (ASCII digits). "#²" (a
    superscript digit, which str.isdigit accepts and int() refuses) was a traceback; it is
    a key like any other, named in the message. A #id too long for any book is a code."""
    bills = write_csv(tmp_path / "bills.csv", ["客户,日期,金额", "#²,2026-11-20,10"])

    result = run("import", "purchases", str(bills))

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "line 2, 客户: customer: no customer “#²”" in result.stderr

    long = "#" + "9" * 24
    bills = write_csv(tmp_path / "long.csv", ["客户,日期,金额", f"{long},2026-11-20,10"])
    result = run("import", "purchases", str(bills), "--create-missing")
    assert result.exit_code == 0, result.output
    again = write_csv(tmp_path / "again.csv", ["客户,日期,金额", f"{long},2026-11-21,20"])
    result = run("import", "purchases", str(again))  # found by the code it was given
    assert result.exit_code == 0, result.output
