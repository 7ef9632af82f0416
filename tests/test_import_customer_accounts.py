"""A buyer's shop account (买家会员名, 买家账号, 下单账号 …) in a customers import: kept as the
purchases import keeps it, on a notes line of its own (买家账号：tb_xiaowang88) that is a key
of the customer, never her code, and never said to be a column not imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import small_streams, table_of, write_csv
from xiaoben.store import reader_child
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_table

SHOP = "订单编号,买家会员名,收货人姓名,联系手机,实付金额,订单创建时间,订单状态,宝贝标题"
TAOBAO = [
    SHOP,
    "1001,tb_xiaowang88,王芳,13800138000,99.00,2025-03-01 10:00:00,交易成功,口红",
    "1002,灰太狼2019,李雷,13900139000,50.00,2025-03-02 11:00:00,交易成功,面膜",
]


def people(book_path: Path) -> list[tuple[object, ...]]:
    return table_of(book_path, "SELECT code, name, notes FROM customers ORDER BY id")


def accounts(book_path: Path) -> list[tuple[object, ...]]:
    return table_of(
        book_path, "SELECT customer_id, key FROM customer_keys WHERE kind = 'account' ORDER BY 1"
    )


def test_a_taobao_export_imported_as_customers_keeps_the_buyers_account(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    result = run("--lang", "en", "import", "customers", write_csv(tmp_path / "tb.csv", TAOBAO))

    assert result.exit_code == 0, result.output
    assert "买家会员名" not in result.stderr  # not listed among the columns not imported
    assert people(book_path) == [
        (None, "王芳", "买家账号：tb_xiaowang88"),
        (None, "李雷", "买家账号：灰太狼2019"),
    ]
    assert accounts(book_path) == [(1, "tb_xiaowang88"), (2, "灰太狼2019")]


def test_both_imports_of_one_export_agree(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The export imported as purchases into one book and as customers into another: the
    same customers, notes and keys."""
    other = tmp_path / "books" / "other.db"
    orders = write_csv(tmp_path / "tb.csv", TAOBAO)

    shop = run("import", "purchases", "--create-missing", orders)
    own = run("import", "customers", orders, db=other)

    assert shop.exit_code == 0, shop.output
    assert own.exit_code == 0, own.output
    assert people(other) == people(book_path)
    assert accounts(other) == accounts(book_path)


def test_a_customer_found_by_phone_is_given_the_account_and_found_by_it_later(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Her own list first; the export as customers finds her by phone and adds the account
    line beside her notes; the shop's next export with her phone masked finds her by it."""
    own = ["编号,姓名,手机,备注", "C001,王芳,13800138000,爱喝茶"]
    run("import", "customers", write_csv(tmp_path / "own.csv", own))
    masked = "1003,tb_xiaowang88,王芳,138****8000,20.00,2025-03-05 10:00:00,交易成功,眉笔"

    shop = run("--lang", "en", "import", "customers", write_csv(tmp_path / "tb.csv", TAOBAO))
    later = run(
        "--lang", "en", "import", "purchases", write_csv(tmp_path / "tb3.csv", [SHOP, masked])
    )

    assert shop.exit_code == 0, shop.output
    assert "(1 customer created, 1 updated" in shop.stdout
    assert people(book_path)[0] == ("C001", "王芳", "爱喝茶\n买家账号：tb_xiaowang88")
    assert later.exit_code == 0, later.output
    assert table_of(book_path, "SELECT customer_id, items FROM purchases") == [(1, "眉笔")]


def test_a_row_found_by_its_account_alone_is_that_customer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A customers sheet of accounts and names (no phone): the account finds the customer
    the shop's export made, as a phone would, whatever its case or width, where her name
    alone (two 王芳 in the book) names nobody for sure."""
    run("import", "purchases", "--create-missing", write_csv(tmp_path / "tb.csv", TAOBAO))
    run("import", "customers", write_csv(tmp_path / "own.csv", ["姓名,手机", "王芳,13700137000"]))
    sheet = write_csv(tmp_path / "vip.csv", ["买家账号,姓名,标签", "ＴＢ_XiaoWang88,王芳,VIP"])

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "(0 customers created, 1 updated" in result.stdout
    assert table_of(book_path, "SELECT id, name, tags, notes FROM customers ORDER BY id") == [
        (1, "王芳", '["VIP"]', "买家账号：tb_xiaowang88"),
        (2, "李雷", "[]", "买家账号：灰太狼2019"),
        (3, "王芳", "[]", ""),
    ]


def test_a_masked_or_placeholder_account_is_no_key(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "tb.csv",
        ["买家会员名,姓名,手机", "t**8,王芳,13800138000", "无,李雷,13900139000"],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert people(book_path) == [(None, "王芳", ""), (None, "李雷", "")]
    assert accounts(book_path) == []


NAMES = ["收货人姓名,联系手机,备注", "王芳,13800131001,老客", "李娜,13800131002,"]
MASKED = [
    "买家会员名,收货人姓名,联系手机",
    "tb_wangfang,王芳,138****1001",
    "tb_lina,李娜,138****1002",
]


def test_a_shop_export_with_masked_phones_finds_the_customers_by_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The customers a sheet of names and phones made, then the shop's export of them with
    the phones masked: an account the book does not know overrules no name, the rows are
    王芳 and 李娜 and give them their accounts (two more customers of the same names were
    made, listed as near matches with empty brackets); importing it again changes nothing."""
    run("import", "customers", write_csv(tmp_path / "names.csv", NAMES))
    export = write_csv(tmp_path / "shop.csv", MASKED)

    result = run("--lang", "en", "import", "customers", export)
    again = run("--lang", "en", "import", "customers", export)

    assert result.exit_code == 0, result.output
    assert "(0 customers created, 2 updated" in result.stdout
    assert people(book_path) == [
        (None, "王芳", "老客\n买家账号：tb_wangfang"),
        (None, "李娜", "买家账号：tb_lina"),
    ]
    assert accounts(book_path) == [(1, "tb_wangfang"), (2, "tb_lina")]
    assert "nothing to change" in again.stdout


def test_a_namesake_keeping_another_account_is_somebody_else_named_by_the_account(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """An account is one buyer's: a row of tb_fang2 is not the 王芳 of tb_wangfang. She is
    a new customer, listed as a near match naming her account (its brackets were empty)."""
    run("import", "customers", write_csv(tmp_path / "shop.csv", MASKED[:2]))

    result = run(
        "--lang", "en", "import", "customers",
        write_csv(tmp_path / "other.csv", [MASKED[0], "tb_fang2,王芳,"]),
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "new customer “王芳” (tb_fang2) has the name of 王芳 (#1)" in result.stdout
    assert accounts(book_path) == [(1, "tb_wangfang"), (2, "tb_fang2")]


GIFT = [
    "买家会员名,收货人姓名,联系手机,收货地址",
    "tb_xiaowang88,王小,13800138011,浙江省杭州市西湖区文三路1号",
    "tb_xiaowang88,王妈妈,13800138099,浙江省宁波市海曙区1号",  # a gift to her mother
]


def test_one_account_with_two_receivers_is_one_customer_the_other_row_held_back(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The account is the buyer's: the first row's customer keeps it, the row of another
    name and phone under it (her mother, receiving a gift) is held back for review, listed
    naming both, where it was a second customer noted with the same account (called "a
    shared number") and every later purchases file of the account was refused whole, the
    account being both customers'. The purchases import of the same rows agrees: one
    customer, 王小."""
    export = write_csv(tmp_path / "shop.csv", GIFT)

    result = run("--lang", "en", "import", "customers", export)
    again = run("--lang", "en", "import", "customers", export)
    later = ["买家会员名,付款时间,实付金额", "tb_xiaowang88,2026-11-01,99"]
    orders = run("import", "purchases", write_csv(tmp_path / "p.csv", later))

    assert result.exit_code == 3, result.output  # a row held back
    assert "1 held back for review" in result.stdout
    assert (
        "line 3: the shop account tb_xiaowang88 is 王小 (#1)'s but this row names “王妈妈”"
        in result.stdout
    )
    assert "number" not in result.stdout.split("near match")[1]
    assert "1 held back for review" in again.stdout
    assert people(book_path) == [(None, "王小", "买家账号：tb_xiaowang88")]
    assert accounts(book_path) == [(1, "tb_xiaowang88")]
    assert orders.exit_code == 0, orders.output
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,)]

    shop = tmp_path / "books" / "shop.db"
    both = [GIFT[0] + ",付款时间,实付金额"] + [row + ",2026-11-01,99" for row in GIFT[1:]]
    bought = run(
        "import", "purchases", "--create-missing", write_csv(tmp_path / "o.csv", both), db=shop
    )
    assert bought.exit_code == 0, bought.output
    assert people(shop) == people(book_path)
    assert accounts(shop) == accounts(book_path)


def test_a_row_of_the_accounts_own_customer_is_hers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The buyer's own later row (her name, a new phone) is still hers: only another name
    is held back."""
    run("import", "customers", write_csv(tmp_path / "shop.csv", GIFT[:2]))

    result = run(
        "import", "customers",
        write_csv(tmp_path / "new.csv", [GIFT[0], "tb_xiaowang88,王小,13800138012,"]),
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT id, phones FROM customers") == [
        (1, '["+8613800138011", "+8613800138012"]')
    ]


def _known_buyer_export(run: Callable[..., Result], db: Path, tmp_path: Path) -> list[str]:
    """A book that has 王小 by her phone; the shop export's rows, her mother's first."""
    known = write_csv(tmp_path / "known.csv", ["姓名,手机", "王小,13800138011"])
    assert run("import", "customers", known, db=db).exit_code == 0
    return [GIFT[0], GIFT[2], GIFT[1]]


def test_a_buyer_the_book_knows_by_phone_keeps_the_account_whatever_the_row_order(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The account is 王小's, found by her phone on her own row, though her mother's row
    comes first: it is held back as when her own row comes first. It was made a second
    customer with the account, and 王小's row then gave it to her too (a reviewer's
    finding)."""
    export = write_csv(tmp_path / "shop.csv", _known_buyer_export(run, book_path, tmp_path))

    result = run("--lang", "en", "import", "customers", export)

    assert result.exit_code == 3, result.output  # a row held back
    assert (
        "line 2: the shop account tb_xiaowang88 is 王小 (#1)'s but this row names “王妈妈”"
        in result.stdout
    )
    assert people(book_path) == [(None, "王小", "买家账号：tb_xiaowang88")]
    assert accounts(book_path) == [(1, "tb_xiaowang88")]


def test_a_purchases_file_books_the_receivers_order_to_the_buyer_the_book_knows(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The purchases import of the same rows, her mother's first, books both orders to 王小,
    and 王小 keeps her own city: the mother's row made a customer of the account, and 王小's
    own row was refused as naming two customers."""
    rows = _known_buyer_export(run, book_path, tmp_path)
    both = [rows[0] + ",付款时间,实付金额"] + [row + ",2026-11-01,99" for row in rows[1:]]

    bought = run(
        "--lang", "en", "import", "purchases", "--create-missing",
        write_csv(tmp_path / "o.csv", both),
    )  # fmt: skip

    assert bought.exit_code == 0, bought.output + bought.stderr
    assert "(0 customers created, 1 updated;" in bought.stdout
    assert "line 2: the name is “王妈妈” but tb_xiaowang88 is 王小 (#1)'s" in bought.stdout
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,), (1,)]
    assert table_of(book_path, "SELECT city FROM customers") == [("杭州",)]  # not 宁波
    assert people(book_path) == [(None, "王小", "买家账号：tb_xiaowang88")]
    assert accounts(book_path) == [(1, "tb_xiaowang88")]


def test_a_receivers_row_first_finds_the_buyer_when_read_apart(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same, the file read in a child process (a large CSV in the CLI): the buyer is
    claimed from the key sets of each batch as the child sends them."""
    rows = _known_buyer_export(run, book_path, tmp_path)
    small_streams(monkeypatch)  # (7 rows a batch, a file of 1,000 bytes streamed)
    monkeypatch.setattr(reader_child, "CHILD_MIN_BYTES", 0)
    others = [f"tb_buyer{n},李{n},139001390{n:02d},北京市朝阳区{n}号" for n in range(30)]
    both = [rows[0] + ",付款时间,实付金额"] + [
        row + ",2026-11-01,99" for row in [*rows[1:], *others]
    ]
    path = write_csv(tmp_path / "o.csv", both)

    with Book.open(book_path) as book:
        table = read_any(path, kind="purchases")
        assert reader_child.usable(table)
        report = import_table(
            book, "purchases", table, lambda *_: None, read_apart=True, create_missing=True
        )

    assert (report.created_customers, report.updated_customers) == (30, 1)
    assert table_of(book_path, "SELECT customer_id FROM purchases LIMIT 2") == [(1,), (1,)]
    assert accounts(book_path)[0] == (1, "tb_xiaowang88")
    assert table_of(book_path, "SELECT count(*) FROM customers WHERE name = '王妈妈'") == [(0,)]
