"""A buyer's account on a shop's platform (买家会员名, 下单帐号): a key of the customer kept in
their notes (买家账号：tb_xiaowang88), never their code — so the seller's own list, with her
codes and the same phones, updates the customers a shop export made. Every fixture is here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import customer, table_of, write_csv
from xiaoben.models.cells import text_within
from xiaoben.models.customer import CODE_MAX, Customer
from xiaoben.models.values import account_key, shop_account, shop_accounts
from xiaoben.store.book import Book
from xiaoben.store.importing.purchase_rows import CustomerKey, PurchaseRow
from xiaoben.store.purchase_writer import new_notes
from xiaoben.store.rows import customer_keys

SHOP = "订单编号,买家会员名,收货人姓名,联系手机,实付金额,订单创建时间,订单状态,宝贝标题"
TAOBAO = [
    SHOP,
    "1001,tb_xiaowang88,王芳,13800138000,99.00,2025-03-01 10:00:00,交易成功,口红",
    "1002,灰太狼2019,李雷,13900139000,50.00,2025-03-02 11:00:00,交易成功,面膜",
]
OWN = ["编号,姓名,手机,微信", "C001,王芳,13800138000,wangfang_88", "C002,李雷,13900139000,"]


def masked_order(tmp_path: Path, account: str) -> Path:
    """The shop's next export: 王芳's order under `account`, her phone masked."""
    row = f"1003,{account},王芳,138****8000,20.00,2025-03-05 10:00:00,交易成功,眉笔"
    return write_csv(tmp_path / "tb3.csv", [SHOP, row])


def people(book_path: Path) -> list[tuple[object, ...]]:
    return table_of(book_path, "SELECT code, name, notes FROM customers ORDER BY id")


def test_the_sellers_own_list_after_a_shop_export_gives_its_customers_her_codes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    shop = run("import", "purchases", "--create-missing", write_csv(tmp_path / "tb.csv", TAOBAO))

    own = run("--lang", "en", "import", "customers", write_csv(tmp_path / "own.csv", OWN))

    assert shop.exit_code == 0, shop.output
    assert own.exit_code == 0, own.output
    assert "imported 2 of 2 rows (0 customers created, 2 updated" in own.stdout
    assert people(book_path) == [
        ("C001", "王芳", "买家账号：tb_xiaowang88"),
        ("C002", "李雷", "买家账号：灰太狼2019"),
    ]
    assert table_of(book_path, "SELECT kind, key FROM customer_keys WHERE customer_id = 1") == [
        ("account", "tb_xiaowang88"),
        ("phone", "+8613800138000"),
        ("wechat", "wangfang_88"),
    ]


def test_a_shop_export_imported_again_creates_nobody_and_books_nothing_twice(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "tb.csv", TAOBAO)
    run("import", "purchases", "--create-missing", orders)
    run("import", "customers", write_csv(tmp_path / "own.csv", OWN))

    again = run("--lang", "en", "import", "purchases", "--create-missing", orders)

    assert again.exit_code == 0, again.output
    assert "imported 0 of 2 rows (0 customers created, 0 updated" in again.stdout
    assert "2 already imported (skipped)" in again.stdout
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(2,)]


def test_the_next_export_with_the_phone_masked_finds_her_by_her_account(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Written in another case and width (ＴＢ_XiaoWang88): one account on the platforms."""
    run("import", "purchases", "--create-missing", write_csv(tmp_path / "tb.csv", TAOBAO))
    masked = masked_order(tmp_path, "ＴＢ_XiaoWang88")

    result = run("--lang", "en", "import", "purchases", "--create-missing", masked)

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row (0 customers created, 0 updated" in result.stdout
    assert table_of(book_path, "SELECT customer_id, items FROM purchases ORDER BY id") == [
        (1, "口红"),
        (2, "面膜"),
        (1, "眉笔"),
    ]


def test_an_account_of_one_customer_beside_the_phone_of_another_is_refused_naming_both(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    run("import", "purchases", "--create-missing", write_csv(tmp_path / "tb.csv", TAOBAO))
    run("import", "customers", write_csv(tmp_path / "own.csv", OWN))
    crossed = write_csv(
        tmp_path / "tb4.csv",
        [SHOP, "1004,tb_xiaowang88,王芳,13900139000,20.00,2025-03-06 10:00:00,交易成功,眉笔"],
    )

    result = run("--lang", "en", "import", "purchases", "--create-missing", crossed)

    assert result.exit_code == 1
    assert (
        "line 2, 联系手机: customer: “13900139000” is 李雷 (C002) but “tb_xiaowang88” is 王芳 "
        "(C001): the row points at two different customers and was not imported" in result.stderr
    )
    assert table_of(book_path, "SELECT count(*) FROM purchases") == [(2,)]


def test_a_customer_found_by_phone_keeps_each_account_a_shop_gives_her(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Her own list first: the Taobao export finds her by phone and gives her the account
    (counted as updated), a JD export a second one, beside it; the Taobao account with the
    phone masked then finds her."""
    run("import", "customers", write_csv(tmp_path / "own.csv", OWN))
    jd = write_csv(
        tmp_path / "jd.csv",
        [
            "订单号,下单帐号,客户姓名,联系电话,应付金额,下单时间,订单状态",
            "285001,jd_wangf,王芳,13800138000,30.00,2025-03-07 10:00:00,完成",
        ],
    )
    masked = masked_order(tmp_path, "tb_xiaowang88")

    taobao = run("--lang", "en", "import", "purchases", write_csv(tmp_path / "tb.csv", TAOBAO))
    second = run("--lang", "en", "import", "purchases", jd)
    found = run("--lang", "en", "import", "purchases", masked)

    assert taobao.exit_code == 0, taobao.output
    assert "imported 2 of 2 rows (0 customers created, 2 updated" in taobao.stdout
    assert second.exit_code == 0, second.output
    assert "(0 customers created, 1 updated" in second.stdout
    assert found.exit_code == 0, found.output
    assert "(0 customers created, 0 updated" in found.stdout
    assert people(book_path) == [
        ("C001", "王芳", "买家账号：tb_xiaowang88\n买家账号：jd_wangf"),
        ("C002", "李雷", "买家账号：灰太狼2019"),
    ]
    assert table_of(book_path, "SELECT customer_id FROM purchases ORDER BY id") == [
        (1,),
        (2,),
        (1,),
        (1,),
    ]


def test_a_masked_or_placeholder_account_is_no_key(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """t***8 and 无 find nobody and make no key: two such buyers stay two customers."""
    orders = write_csv(
        tmp_path / "o.csv",
        [
            SHOP,
            "1,t***8,王芳,13800138000,10,2025-03-01 10:00:00,交易成功,口红",
            "2,t***8,李雷,13900139000,10,2025-03-01 10:00:00,交易成功,口红",
            "3,无,赵敏,13700137000,10,2025-03-01 10:00:00,交易成功,口红",
        ],
    )

    result = run("--lang", "en", "import", "purchases", "--create-missing", orders)

    assert result.exit_code == 0, result.output
    assert "imported 3 of 3 rows (3 customers created" in result.stdout
    assert table_of(book_path, "SELECT count(*) FROM customer_keys WHERE kind = 'account'") == [
        (0,)
    ]
    assert people(book_path) == [(None, "王芳", ""), (None, "李雷", ""), (None, "赵敏", "")]


def test_a_column_mapped_as_the_account_is_read_as_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "o.csv", ["旺旺,姓名,日期,金额", "tb_lina,李娜,2025-03-01,10"])

    result = run(
        "--lang", "en", "import", "purchases", "--create-missing", "--map", "旺旺=account", orders
    )

    assert result.exit_code == 0, result.output
    assert people(book_path) == [(None, "李娜", "买家账号：tb_lina")]


def test_a_customer_an_earlier_version_coded_by_her_account_is_found_by_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Such a book keeps the account as the code (no migration: an account cannot be told
    from a code); the next export finds her by it and gives her the account line."""
    earlier = write_csv(tmp_path / "c.csv", ["编号,姓名", "tb_xiaowang88,王芳"])
    run("import", "customers", earlier)
    masked = masked_order(tmp_path, "tb_xiaowang88")

    result = run("--lang", "en", "import", "purchases", "--create-missing", masked)

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row (0 customers created, 1 updated" in result.stdout
    assert people(book_path) == [("tb_xiaowang88", "王芳", "买家账号：tb_xiaowang88")]


def test_deleting_the_account_line_drops_the_key_and_the_search(book: Book) -> None:
    wang = customer(book, "王芳", notes="买家账号：tb_xiaowang88\n喜欢玫瑰")

    assert book.find_customer("TB_xiaowang88") == wang
    book.save_customer(wang.model_copy(update={"notes": "喜欢玫瑰"}))

    assert book.find_customer("tb_xiaowang88") is None


def test_a_merge_keeps_the_accounts_of_both_as_keys(book: Book) -> None:
    """A Taobao 王芳 and a JD 王芳 made one: either shop's next export finds her."""
    first = customer(book, "王芳", notes="买家账号：tb_wang")
    second = customer(book, "王芳", notes="买家账号：jd_wang")

    book.merge_customers(first.id, second.id)

    assert (
        book.find_customer("tb_wang")
        == book.find_customer("jd_wang")
        == (book.get_customer(first.id))
    )


def test_two_customers_sharing_an_account_are_a_pair(book: Book) -> None:
    first = customer(book, "王芳", notes="买家账号：tb_wang")
    second = customer(book, "芳姐", notes="shop account: TB_Wang")

    pairs = [(pair.ids, pair.reasons) for pair in book.possible_duplicates().pairs]

    assert pairs == [((first.id, second.id), ["account"])]


def test_an_account_is_searched_as_a_code_is(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    run("import", "purchases", "--create-missing", write_csv(tmp_path / "tb.csv", TAOBAO))

    assert table_of(book_path, "SELECT key FROM search_keys WHERE key LIKE 'tb%'") == [
        ("tb_xiaowang88",)
    ]


def _readable(text: str) -> str | None:
    """The account a cell gives, as the import reads it (None: refused, or blank)."""
    try:
        return shop_account(text_within(CODE_MAX)(text)) or None
    except ValueError:
        return None


# Cells as a shop's export may hold them (灰太狼2019, tb_Wang, ｊｄ＿ｗａｎｇ, spaces, a
# line separator): those the import reads as an account
accounts = (
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
    .map(_readable)
    .filter(bool)
)


@given(accounts)
def test_an_account_a_new_customer_keeps_reads_back_the_same_account_and_key(
    account: str,
) -> None:
    row = PurchaseRow(2, (CustomerKey("account", account),), "王芳", dt.date(2025, 3, 1), 100)
    notes = f"喜欢玫瑰\n{new_notes(row)}"

    assert shop_accounts(notes) == [account]
    keys = customer_keys(Customer(name="王芳", notes=notes))
    assert ("account", account_key(account)) in keys


@given(accounts)
def test_an_account_is_one_key_whatever_its_case_and_width(account: str) -> None:
    key = account_key(account)

    assert account_key(key) == key
    assert account_key(account.upper()) == account_key(account.lower()) or not account.isascii()
