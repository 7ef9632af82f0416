"""`--on-duplicate new` (the Import screen's 另建为新客户) adds a row as a new customer
rather than merge it into one it resembles, but never makes a second customer of a phone,
WeChat ID or shop account a customer has (of the book, or an earlier row): every purchase
found by it would then name both and be refused. Such a row is refused naming its line, the
field and the customer, as a code another customer has always was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import customer, table_of, write_csv
from xiaoben.models.i18n import Words
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_table


def test_a_new_row_with_a_customers_phone_is_refused_naming_her(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", ["编号,姓名,电话", "C001,王芳,13800138000"])
    assert run("import", "customers", first).exit_code == 0
    rows = write_csv(
        tmp_path / "b.csv",
        ["姓名,电话", "王芳,13800138000", "李娜,13800138000", "王芳,13900139000"],
    )

    result = run("import", "customers", rows, "--on-duplicate", "new")
    zh = run("--lang", "zh", "import", "customers", rows, "--on-duplicate", "new", "--keep-good")

    assert result.exit_code == 1
    for line in (2, 3):
        assert (
            f"line {line}, phone: 13800138000 is already 王芳 (C001)'s: no second customer is "
            "made with it" in result.stderr
        )
    assert "第 3 行，电话：13800138000 已是 王芳 (C001) 的：没有另建一位同号的客户" in zh.stderr
    assert zh.exit_code == 0, zh.output + zh.stderr
    names = "SELECT name, phones FROM customers ORDER BY id"
    assert table_of(book_path, names) == [
        ("王芳", '["+8613800138000"]'),
        ("王芳", '["+8613900139000"]'),  # a namesake of her own phone: new, as asked
    ]
    later = write_csv(tmp_path / "p.csv", ["电话,日期,金额", "13800138000,2026-11-01,100"])
    bought = run("import", "purchases", later)
    assert bought.exit_code == 0, bought.output + bought.stderr
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,)]


@pytest.mark.parametrize(
    ("header", "cell", "field"),
    [("微信", "wf_0088", "WeChat ID"), ("买家账号", "tb_wang", "shop account")],
)
def test_a_new_row_with_a_customers_wechat_or_account_is_refused_on_the_app_path(
    book: Book, tmp_path: Path, header: str, cell: str, field: str
) -> None:
    customer(book, "王芳", wechat="wf_0088", notes="买家账号：tb_wang")
    rows = write_csv(tmp_path / "b.csv", [f"姓名,{header}", f"李娜,{cell}"])
    table = read_any(rows, kind="customers")

    report = import_table(
        book, "customers", table, lambda *_: None, on_duplicate="new", keep_good=True
    )

    assert report.created_customers == 0
    [error] = report.errors
    assert error.line == 2
    assert isinstance(error.heading, Words)
    assert error.heading("en") == field
    assert "is already 王芳 (#1)'s" in error.message_in("en")


def test_two_new_rows_of_one_phone_make_one_customer(book: Book, tmp_path: Path) -> None:
    """The second row is the first's customer, not refused: a reviewer's file of 王芳 twice
    (VIP, then 团购) was cancelled whole under "new"."""
    rows = write_csv(
        tmp_path / "b.csv", ["姓名,电话,标签", "王芳,13800138000,VIP", "王芳,13800138000,团购"]
    )
    table = read_any(rows, kind="customers")

    report = import_table(book, "customers", table, lambda *_: None, on_duplicate="new")

    assert report.created_customers == 1
    assert report.errors == []
    found = book.conn.execute("SELECT name, phones, tags FROM customers").fetchall()
    assert found == [("王芳", '["+8613800138000"]', '["VIP", "团购"]')]
