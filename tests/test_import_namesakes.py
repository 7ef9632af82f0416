"""A purchases row is matched by code, then phone, then WeChat ID; a name (a 姓名 cell, or a
客户 cell that is a name) matches alone only when the row brings no phone or WeChat ID of its
own, or they are the customer's. A row whose number names nobody is another customer
(created, its namesakes listed; refused by the rule without --create-missing), and a phone
the customer it went to lacks is listed, never dropped unsaid. 客户 and 姓名 read alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import write_csv
from xiaoben.store.driver import sqlite3


def _customers(path: Path) -> list[tuple[str | None, str, list[str]]]:
    conn = sqlite3.connect(path)
    try:
        found = conn.execute("SELECT code, name, phones FROM customers ORDER BY id").fetchall()
        return [(code, name, json.loads(phones)) for code, name, phones in found]
    finally:
        conn.close()


def _purchases(path: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT c.phones, p.amount_cents FROM purchases p JOIN customers c"
            " ON c.id = p.customer_id ORDER BY p.date"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("header", ["客户", "姓名"])
def test_namesakes_with_their_own_phones_are_different_customers_under_either_header(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, header: str
) -> None:
    bills = write_csv(
        tmp_path / "bills.csv",
        [
            f"{header},手机,日期,金额",
            "张伟,13900000001,2024-01-01,100",
            "张伟,13900000002,2024-01-02,200",
            "张伟,13900000003,2024-01-03,300",
            "张伟,13900000001,2024-01-04,400",
        ],
    )

    first = run("import", "purchases", str(bills), "--create-missing")
    again = run("import", "purchases", str(bills), "--create-missing")

    assert first.exit_code == 0, first.output
    assert "(3 customers created, 0 updated;" in first.stdout
    assert _customers(book_path) == [
        (None, "张伟", ["+8613900000001"]),
        (None, "张伟", ["+8613900000002"]),
        (None, "张伟", ["+8613900000003"]),
    ]
    assert [amount for _, amount in _purchases(book_path)] == [10000, 20000, 30000, 40000]
    assert [phones for phones, _ in _purchases(book_path)][3] == '["+8613900000001"]'
    assert "2 rows are near matches" in first.stdout
    assert (
        "line 3: new customer “张伟” (13900000002) has the name of 张伟 (#1): created"
        in first.stdout
    )
    assert "line 4: new customer “张伟” (13900000003) has the name of 张伟 (#1) / 张伟 (#2)" in (
        first.stdout
    )
    assert again.exit_code == 0, again.output
    assert "imported 0 of 4 rows (0 customers created, 0 updated;" in again.stdout
    assert len(_customers(book_path)) == 3


@pytest.mark.parametrize("header", ["客户", "姓名"])
def test_a_row_whose_phone_names_nobody_is_refused_by_the_rule_not_given_to_a_namesake(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path, header: str
) -> None:
    bills = write_csv(
        tmp_path / "bills.csv", [f"{header},手机,日期,金额", "王芳,13900000009,2026-02-01,900"]
    )

    result = run("import", "purchases", str(bills))
    zh = run("--lang", "zh", "import", "purchases", str(bills))

    assert result.exit_code == 1
    assert (
        "line 2, 手机: phone: no customer has 13900000009, and a name alone does not match a "
        "row that brings its own number: 王芳 (C001) has the same name but not it" in result.stderr
    )  # under the phone's column as the file names it, the number as written (the book: +86…)
    assert "第 2 行，手机：电话：账本里没有客户的电话或微信是 13900000009" in zh.stderr
    assert "只凭姓名不算同一人" in zh.stderr
    assert "同名的 王芳 (C001)" in zh.stderr


@pytest.mark.parametrize("header", ["客户", "姓名"])
def test_a_name_with_the_customers_own_phone_or_no_phone_still_matches(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path, header: str
) -> None:
    bills = write_csv(
        tmp_path / "bills.csv",
        [
            f"{header},手机,日期,金额",
            "王芳,13812345678,2026-02-01,900",
            "王芳,,2026-02-02,800",
        ],
    )

    result = run("import", "purchases", str(bills))

    assert result.exit_code == 0, result.output
    assert "imported 2 of 2 rows (0 customers created" in result.stdout
    assert "near match" not in result.stdout


def test_a_phone_the_customer_found_by_code_lacks_is_listed_not_dropped_unsaid(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "orders.csv",
        [
            "订单编号,买家会员名,收货人姓名,联系手机,订单付款时间,买家实际支付金额",
            "T1,C001,王妈妈,13600136000,2026-03-05 10:00,100",
        ],
    )

    result = run("import", "purchases", str(bills))

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row (0 customers created" in result.stdout
    assert (
        "line 2: +8613600136000 is not 王芳 (C001)'s: the row went to 王芳 (C001) by its "
        "other keys and +8613600136000 was not stored, check"
    ) in result.stdout


def test_a_row_naming_nobody_is_said_by_its_name_and_its_phone_as_written(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "订单.csv",
        [
            "收货人,手机,订单号,实付金额,支付时间,订单状态",
            "李四,13800138002,A1,92,2024-03-05 10:00:00,已签收",
        ],
    )

    en = run("--lang", "en", "import", "purchases", str(orders))
    zh = run("--lang", "zh", "import", "purchases", str(orders))

    assert en.exit_code == zh.exit_code == 1
    # no 客户 column and no +86 in the file: the row's own cells, under the phone's column
    assert "line 2, 手机: phone: no customer “李四 13800138002”" in en.stderr
    assert "第 2 行，手机：电话：找不到客户“李四 13800138002”" in zh.stderr
    landline = write_csv(
        tmp_path / "座机.csv",
        ["收货人,电话,订单号,实付金额,支付时间", "王五,0571-88888888,A2,50,2024-03-05 10:00:00"],
    )
    said = run("--lang", "en", "import", "purchases", str(landline))
    assert "no customer “王五 057188888888”" in said.stderr  # its 0 kept (was 57188888888)


@given(st.from_regex(r"\+861[3-9][0-9]{9}", fullmatch=True))
def test_a_mainland_mobile_is_shown_as_phonenumbers_shows_it(e164: str) -> None:
    """display_phone's own spacing of a mainland mobile (an import's report names thousands
    of them) is phonenumbers' national format, number for number."""
    import phonenumbers

    from xiaoben.models.values import display_phone

    national = phonenumbers.format_number(
        phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.NATIONAL
    )
    assert display_phone(e164) == national
