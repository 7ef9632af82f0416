"""An order's refund (订单已退款金额) written on each of its item rows: counted once for the
order, shared over its items in proportion to what each records, never above an item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.purchase_rows import parse_purchases


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


HEADER = "订单号,收货人,手机,下单时间,商品,商品金额,订单实付金额,订单已退款金额"
# W001: 128 + 198 paid 326, ¥30 refunded; W002 (interleaved): 100 + 60, paid 144, ¥0
# refunded; W003: one item, ¥10 of 55 refunded
ORDERS = [
    HEADER,
    "W001,张三,13800138000,2024-03-05 10:00,面霜,128,326,30",
    "W002,李四,13900139000,2024-03-06 10:00,精华,100,144,0",
    "W001,张三,13800138000,2024-03-05 10:00,口红,198,326,30",
    "W002,李四,13900139000,2024-03-06 10:00,面膜,60,144,0",
    "W003,王五,13700137000,2024-03-07 10:00,眼霜,50,55,10",
]
SQL = (
    "SELECT substr(note, 1, 8), items, amount_cents, refunded_cents FROM purchases "
    "ORDER BY note, items"
)


def test_an_orders_refund_on_each_item_row_is_counted_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "orders.csv", ORDERS)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, SQL) == [
        ("订单号 W001", "口红", 19800, 1822),  # ¥30 shared 198 : 128
        ("订单号 W001", "面霜", 12800, 1178),
        ("订单号 W002", "精华", 9000, 0),
        ("订单号 W002", "面膜", 5400, 0),
        ("订单号 W003", "眼霜", 5500, 1000),  # an order's only row: as written
    ]


def read_orders(path: Path, refund_column: str, rows: list[str]) -> tuple[list, list]:
    """The purchases and errors of a CSV of rows (订单号,收货人,下单时间,商品,金额,<refund>)."""
    write_csv(path, [f"订单号,收货人,下单时间,商品,金额,{refund_column}", *rows])
    return parse_purchases(read_table(path))


@pytest.mark.parametrize("header", ["订单退款金额", "order refunded amount"])
def test_an_order_refund_without_order_totals_is_shared_over_the_items(
    tmp_path: Path, header: str
) -> None:
    purchases, errors = read_orders(
        tmp_path / "orders.csv",
        header,
        [
            "W001,张三,2024-03-05,面霜,100,10",
            "W002,李四,2024-03-06,精华,80,",
            "W001,张三,2024-03-05,口红,200,10",
        ],
    )
    assert errors == []
    assert [(row.items, row.refunded_cents) for row in purchases] == [
        ("面霜", 333),
        ("精华", 0),
        ("口红", 667),
    ]


def test_an_item_refund_column_is_read_as_written(tmp_path: Path) -> None:
    purchases, errors = read_orders(
        tmp_path / "orders.csv",
        "退款金额",
        [
            "W001,张三,2024-03-05,面霜,100,10",
            "W001,张三,2024-03-05,口红,200,10",
        ],
    )
    assert errors == []
    assert [row.refunded_cents for row in purchases] == [1000, 1000]


def test_rows_of_one_order_naming_two_refunds_are_refused_by_name(tmp_path: Path) -> None:
    purchases, errors = read_orders(
        tmp_path / "orders.csv",
        "订单已退款金额",
        [
            "W001,张三,2024-03-05,面霜,100,10",
            "W001,张三,2024-03-05,口红,200,20",
            "W002,李四,2024-03-06,精华,80,",
        ],
    )
    assert [row.items for row in purchases] == ["精华"]
    assert [(e.line, e.column) for e in errors] == [(2, "订单已退款金额"), (3, "订单已退款金额")]
    assert "the rows of order W001 disagree on its 订单已退款金额" in errors[0].message


def test_an_order_refund_above_its_items_is_refused(tmp_path: Path) -> None:
    purchases, errors = read_orders(
        tmp_path / "orders.csv",
        "订单已退款金额",
        [
            "W001,张三,2024-03-05,面霜,100,400",
            "W001,张三,2024-03-05,口红,200,400",
        ],
    )
    assert purchases == []
    assert "order W001's refund ¥400.00 is more than its items' amounts together" in (
        errors[0].message
    )


@given(
    refund_share=st.floats(min_value=0, max_value=1),
    amounts=st.lists(st.integers(min_value=1, max_value=100_000), min_size=2, max_size=6),
)
def test_a_shared_refund_adds_up_and_stays_within_each_item(
    tmp_path_factory: pytest.TempPathFactory, refund_share: float, amounts: list[int]
) -> None:
    refund = int(sum(amounts) * refund_share)
    lines = ["订单号,收货人,下单时间,商品,金额,订单已退款金额"]
    lines += [
        f"W001,张三,2024-03-05,商品{n},{cents / 100:.2f},{refund / 100:.2f}"
        for n, cents in enumerate(amounts)
    ]
    path = write_csv(tmp_path_factory.mktemp("o") / "orders.csv", lines)
    purchases, errors = parse_purchases(read_table(path))
    assert errors == []
    assert sum(row.refunded_cents for row in purchases) == refund
    assert all(0 <= row.refunded_cents <= row.amount_cents for row in purchases)


def test_an_orders_total_and_refund_are_read_in_one_first_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store.importing.csv_table import CsvTable

    table = read_table(write_csv(tmp_path / "orders.csv", ORDERS))
    passes: list[int] = []
    batches = CsvTable.batches

    def counted(self: CsvTable, size: int | None = None) -> object:
        passes.append(1)
        return batches(self, size)

    monkeypatch.setattr(CsvTable, "batches", counted)

    purchases, errors = parse_purchases(table)

    assert errors == []
    assert [(row.amount_cents, row.refunded_cents) for row in purchases] == [
        (12800, 1178), (9000, 0), (19800, 1822), (5400, 0), (5500, 1000)
    ]  # fmt: skip
    assert len(passes) == 2  # the orders' first pass, then the rows


# The tester's 有赞 export (/work/wt/repros5/youzan_orders.csv): the order's ¥40 refund on
# both rows, but only 枸杞's 订单退款状态 says 部分退款
YOUZAN_HEADER = (
    "订单号,订单状态,下单时间,买家昵称,买家手机号,商品名称,商品数量,商品单价,商品实际成交金额,"
    "订单实付金额,订单退款状态,订单已退款金额"
)


def youzan(*items: tuple[str, int, str], refunded: int) -> list[str]:
    """An order of 有赞 item rows: (product, amount, refund status) each, the order's total
    their sum, its refund `refunded` on every row."""
    total = sum(amount for _, amount, _ in items)
    return [
        YOUZAN_HEADER,
        *(
            f"E2024,交易成功,2024-11-20 10:00:00,小孙,13800138008,{product},1,{amount},{amount},"
            f"{total},{said},{refunded}"
            for product, amount, said in items
        ),
    ]


YOUZAN_SQL = "SELECT items, amount_cents, refunded_cents FROM purchases ORDER BY id"


def test_an_orders_refund_goes_to_the_rows_saying_they_were_refunded(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "youzan.csv", youzan(("红枣", 60, ""), ("枸杞", 40, "部分退款"), refunded=40)
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    # before, ¥24 on 红枣 and ¥16 on 枸杞, "2 rows refunded in part"
    assert table_of(book_path, YOUZAN_SQL) == [("红枣", 6000, 0), ("枸杞", 4000, 4000)]
    assert "1 refunded (recorded as refunded in full)" in result.stdout
    assert "refunded in part" not in result.stdout


def test_an_orders_refund_is_shared_over_the_rows_saying_so_alone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    items = (("红枣", 60, "无"), ("枸杞", 40, "部分退款"), ("桂圆", 20, "退款成功"))
    orders = write_csv(tmp_path / "youzan.csv", youzan(*items, refunded=30))

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, YOUZAN_SQL) == [
        ("红枣", 6000, 0),
        ("枸杞", 4000, 2000),  # ¥30 shared 40 : 20
        ("桂圆", 2000, 1000),
    ]
    assert "2 rows were refunded in part" in result.stdout


@pytest.mark.parametrize(
    ("items", "refunded", "shares"),
    [
        # every row blank: no row says which was refunded, shared over all as before
        ((("红枣", 60, ""), ("枸杞", 40, "")), 40, [2400, 1600]),
        # above what the rows saying so paid: their words cannot be whole, over all rows
        ((("红枣", 60, ""), ("枸杞", 40, "部分退款")), 50, [3000, 2000]),
        # a row's words telling nothing of a refund: over all rows
        ((("红枣", 60, "售后完成"), ("枸杞", 40, "部分退款")), 40, [2400, 1600]),
    ],
)
def test_an_orders_refund_the_rows_do_not_place_is_shared_over_them_all(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    items: tuple[tuple[str, int, str], ...],
    refunded: int,
    shares: list[int],
) -> None:
    orders = write_csv(tmp_path / "youzan.csv", youzan(*items, refunded=refunded))

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert [row[2] for row in table_of(book_path, YOUZAN_SQL)] == shares


@given(
    refund_share=st.floats(min_value=0, max_value=1),
    rows=st.lists(
        st.tuples(st.integers(min_value=1, max_value=100_000), st.sampled_from(["", "部分退款"])),
        min_size=2,
        max_size=6,
    ),
)
def test_a_refund_placed_by_the_rows_words_adds_up_and_stays_within_each_item(
    tmp_path_factory: pytest.TempPathFactory, refund_share: float, rows: list[tuple[int, str]]
) -> None:
    refund = int(sum(cents for cents, _ in rows) * refund_share)
    lines = ["订单号,收货人,下单时间,商品,金额,订单退款状态,订单已退款金额"]
    lines += [
        f"W001,张三,2024-03-05,商品{n},{cents / 100:.2f},{said},{refund / 100:.2f}"
        for n, (cents, said) in enumerate(rows)
    ]
    path = write_csv(tmp_path_factory.mktemp("o") / "orders.csv", lines)
    purchases, errors = parse_purchases(read_table(path))
    assert errors == []
    assert sum(row.refunded_cents for row in purchases) == refund
    assert all(0 <= row.refunded_cents <= row.amount_cents for row in purchases)
    said = [cents for cents, words in rows if words]
    if said and refund <= sum(said):  # the rows saying so alone
        unsaid = [
            row.refunded_cents for row, (_, words) in zip(purchases, rows, strict=True) if not words
        ]
        assert unsaid == [0] * len(unsaid)


@pytest.mark.parametrize(
    ("words", "said"),
    [
        *(
            (each, True)
            for each in ("部分退款", "退款成功", "全额退款", "退款中", "REFUND_SUCCESS")
        ),
        *((each, False) for each in ("", " ", "无", "未退款", "退款关闭", "拒绝退款", "换货成功")),
        *((each, None) for each in ("已签收", "交易成功")),
    ],
)
def test_a_rows_refund_status_says_whether_that_row_was_refunded(
    words: str, said: bool | None
) -> None:
    from xiaoben.store.importing.order_status import refund_said

    assert refund_said(words) is said
