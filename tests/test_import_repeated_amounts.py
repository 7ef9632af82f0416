"""A shop's item-level order export (微店, 有赞, a seller's own order sheet) repeating the
order's paid total on every item row, under a header that may as well be an item's own
amount (实收金额, 实付款): with unit prices the rows tell which it is, and an order's total
is counted once; without them the rows are read as written and the report says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import table_of, write_csv

# The tester's repro (/work/wt/repros/weidian.csv): WD001 paid ¥200 for 120 × 1 + 40 × 2,
# its 实收金额 written on both item rows
WEIDIAN = [
    "订单号,下单时间,收货人,手机,商品名称,单价,数量,实收金额",
    "WD001,2024-03-01 10:00,王芳,13800138001,玫瑰面霜,120.00,1,200.00",
    "WD001,2024-03-01 10:00,王芳,13800138001,洁面乳,40.00,2,200.00",
    "WD002,2024-03-02 11:00,李娜,13900139002,洁面乳,40.00,1,40.00",
]
BY_NAME = (
    "SELECT c.name, p.items, p.amount_cents FROM purchases p JOIN customers c"
    " ON c.id = p.customer_id ORDER BY p.id"
)
SHARED = [("王芳", "玫瑰面霜", 12000), ("王芳", "洁面乳", 8000), ("李娜", "洁面乳", 4000)]
# The same without its unit prices: two items of ¥200 each, or one order of ¥200?
UNPRICED = [",".join(line.split(",")[:5] + line.split(",")[6:]) for line in WEIDIAN]
AS_WRITTEN = [("王芳", "玫瑰面霜", 20000), ("王芳", "洁面乳", 20000), ("李娜", "洁面乳", 4000)]


def test_an_orders_paid_total_on_each_item_row_is_counted_once_shared_by_unit_price(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "weidian.csv", WEIDIAN)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == SHARED  # ¥200 once, 120 : 80 (120 × 1 : 40 × 2)
    assert "not recognised" not in result.stderr  # 单价 is used, so not "not imported"
    assert "“单价” is not kept: where the rows of one order number state" in result.stderr
    assert (
        "1 order states one “实收金额” on each of its rows, unlike “单价” × “数量”: read as the "
        "order's paid total, counted once and shared out over its rows in proportion to "
        "“单价” × “数量”"
    ) in result.stdout
    assert "each of its rows" not in result.stderr


def test_the_repro_as_a_workbook_reads_the_same(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(WEIDIAN[0].split(","))
    sheet.append(["WD001", "2024-03-01 10:00", "王芳", "13800138001", "玫瑰面霜", 120.0, 1, 200.0])
    sheet.append(["WD001", "2024-03-01 10:00", "王芳", "13800138001", "洁面乳", 40.0, 2, 200.0])
    sheet.append(["WD002", "2024-03-02 11:00", "李娜", "13900139002", "洁面乳", 40.0, 1, 40.0])
    workbook.save(tmp_path / "weidian.xlsx")

    result = run("import", "purchases", tmp_path / "weidian.xlsx", "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == SHARED


def test_items_each_paid_their_price_times_quantity_stay_each_rows_own(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "orders.csv",
        [
            "订单号,客户,手机,日期,商品,单价,数量,实付款",
            "A001,张三,13800138000,2024-03-05,口红,50,1,50",
            "A001,张三,13800138000,2024-03-05,眉笔,50,,50",  # no quantity: one
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == [("张三", "口红", 5000), ("张三", "眉笔", 5000)]
    assert "each of its rows" not in result.output  # no doubt: nothing to say


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        (  # two ¥60 items paid ¥50 each after a discount: ¥100, not one order of ¥50
            [
                "A001,张三,13800138000,2024-03-05,口红,60,1,50",
                "A001,张三,13800138000,2024-03-05,口红,60,1,50",
            ],
            [("张三", "口红", 5000), ("张三", "口红", 5000)],
        ),
        (  # ¥150 as near 100 + 100 as each row's 100: unclear, read as written
            [
                "A001,张三,13800138000,2024-03-05,口红,100,1,150",
                "A001,张三,13800138000,2024-03-05,眉笔,100,1,150",
            ],
            [("张三", "口红", 15000), ("张三", "眉笔", 15000)],
        ),
    ],
)
def test_a_repeated_amount_nearer_each_rows_price_than_their_sum_is_each_rows_and_said(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    lines: list[str],
    kept: list[tuple[str, str, int]],
) -> None:
    orders = write_csv(
        tmp_path / "orders.csv", ["订单号,客户,手机,日期,商品,单价,数量,实付款", *lines]
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == kept
    assert "1 order states one same “实付款” on each of its rows (order A001" in result.stdout


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "zh",
            "1 笔订单的每一行“实收金额”都相同（如订单 WD001：第 2–3 行都是 ¥200.00），"
            '已按每行各自的金额导入；若这是整单的实付金额，请加 --map "实收金额=order_total" '
            "--on-duplicate update 再导入",
        ),
        (
            "en",
            "1 order states one same “实收金额” on each of its rows (order WD001: ¥200.00 on "
            "lines 2–3), imported as each row's own amount; if it is the whole order's paid "
            'total, import again with --map "实收金额=order_total" --on-duplicate update',
        ),
    ],
)
def test_an_amount_repeated_without_unit_prices_is_read_as_written_and_said(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str, said: str
) -> None:
    orders = write_csv(tmp_path / "weidian.csv", UNPRICED)

    result = run("--lang", lang, "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == AS_WRITTEN
    assert said in result.stdout


@pytest.mark.parametrize(
    ("buyer", "imported"), [("138****8001", "imported 0 of 2"), ("王芳", "imported 2 of 2")]
)
def test_the_repeated_amounts_are_said_only_of_rows_that_came_in(
    run: Callable[..., Result], tmp_path: Path, buyer: str, imported: str
) -> None:
    """An order whose rows the import refused (a buyer the shop masked) was never read as
    written, row by row: nothing of it is in the book, and the report does not say it is."""
    rows = [
        "订单号,客户,日期,商品,金额",
        f"WD009,{buyer},2024-03-01,玫瑰面霜,200.00",
        f"WD009,{buyer},2024-03-01,洁面乳,200.00",
    ]
    orders = write_csv(tmp_path / "masked.csv", rows)

    result = run(
        "--lang", "en", "import", "purchases", orders, "--create-missing", "--keep-good"
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert imported in result.stdout
    assert ("“金额” on each of its rows" in result.stdout) == (buyer == "王芳")


def test_the_note_counts_the_orders_and_names_the_first(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    lines = [
        *UNPRICED,
        "WD003,2024-03-03 09:00,李娜,13900139002,面膜,1,60.00",
        "WD002,2024-03-02 11:00,李娜,13900139002,面膜,1,40.00",
        "WD003,2024-03-03 09:00,李娜,13900139002,眼霜,1,60.00",
        "WD004,2024-03-04 09:00,李娜,13900139002,眼霜,1,30.00",  # differ: each its own
        "WD004,2024-03-04 09:00,李娜,13900139002,面膜,1,60.00",
    ]
    orders = write_csv(tmp_path / "orders.csv", lines)

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert (
        "3 orders state one same “实收金额” on each of their rows (order WD001: ¥200.00 on "
        "lines 2–3)"
    ) in result.stdout
    assert result.stdout.count("one same") == 1  # once a file


def test_mapping_the_repeated_amount_as_the_orders_total_reads_the_order_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(tmp_path / "weidian.csv", UNPRICED)

    result = run(
        "--lang", "en", "import", "purchases", orders, "--create-missing",
        "--map", "实收金额=order_total",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == [
        ("王芳", "玫瑰面霜", 20000),  # the order's first row
        ("王芳", "洁面乳", 0),
        ("李娜", "洁面乳", 4000),
    ]
    assert "one same" not in result.stdout
    assert "1 order is over several rows: “实收金额” is the whole order's amount" in result.stdout


def test_doing_as_the_note_says_after_the_import_reads_the_order_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The note comes after an import: its orders are in the book, and the advice is to
    import again with them updated (skipped, they kept ¥400 while the summary said once)."""
    orders = write_csv(tmp_path / "weidian.csv", UNPRICED)
    first = run("--lang", "en", "import", "purchases", orders, "--create-missing")
    assert first.exit_code == 0, first.output
    assert table_of(book_path, BY_NAME) == AS_WRITTEN

    again = run(
        "--lang", "en", "import", "purchases", orders, "--create-missing",
        "--map", "实收金额=order_total", "--on-duplicate", "update",
    )  # fmt: skip

    assert again.exit_code == 0, again.output
    assert sorted(table_of(book_path, BY_NAME)) == sorted(
        [("王芳", "玫瑰面霜", 20000), ("王芳", "洁面乳", 0), ("李娜", "洁面乳", 4000)]
    )


def test_an_items_refund_on_a_repeated_amounts_order_reads_it_as_written_and_says_so(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A refund written on the rows of an order whose amount would be shared (the whole
    ¥200 refunded, written on both rows; an item's ¥100 at its list price) was held against
    each row's share and refused the file: such orders are read as written, and said."""
    orders = write_csv(
        tmp_path / "refunds.csv",
        [
            "订单号,收货人,手机号,下单时间,商品名称,单价,数量,实收金额,退款金额",
            "R1,王芳,13800138000,2024-05-01,玫瑰面霜,120,1,200,200",
            "R1,王芳,13800138000,2024-05-01,洁面乳,40,2,200,200",
            "R2,李娜,13900139000,2024-05-02,口红,100,1,190,100",
            "R2,李娜,13900139000,2024-05-02,粉底,100,1,190,",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    refunds = "SELECT amount_cents, refunded_cents FROM purchases ORDER BY id"
    assert table_of(book_path, refunds) == [
        (20000, 20000),
        (20000, 20000),
        (19000, 10000),
        (19000, 0),
    ]
    assert "2 orders state one same “实收金额” on each of their rows (order R1" in result.stdout


def test_a_unit_price_without_a_quantity_column_tells_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Goods sold by weight: 5 斤 of apples at ¥5 and 2.5 斤 of pears at ¥10 paid ¥25 each;
    the price alone halved the order (¥8.33 + ¥16.67). Read as written, and said."""
    orders = write_csv(
        tmp_path / "fresh.csv",
        [
            "订单号,客户,手机,日期,商品,重量(斤),单价,金额",
            "F1,王芳,13800138000,2024-05-01,苹果,5,5,25",
            "F1,王芳,13800138000,2024-05-01,梨,2.5,10,25",
            "F2,李娜,13900139000,2024-05-01,苹果,3,5,15",
        ],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert [cents for _, _, cents in table_of(book_path, BY_NAME)] == [2500, 2500, 1500]
    assert "1 order states one same “金额” on each of its rows (order F1" in result.stdout
    assert "“单价”" in result.stderr  # not read: listed among the columns not imported


@pytest.mark.parametrize("lines", [WEIDIAN, UNPRICED])
def test_importing_the_file_again_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lines: list[str]
) -> None:
    orders = write_csv(tmp_path / "weidian.csv", lines)
    run("import", "purchases", orders, "--create-missing")
    before = table_of(book_path, BY_NAME)

    again = run("--lang", "en", "import", "purchases", orders)
    update = run("--lang", "en", "import", "purchases", orders, "--on-duplicate", "update")

    assert again.exit_code == 0, again.output
    assert update.exit_code == 0, update.output
    assert "3 already imported" in again.stdout
    assert "3 already imported" in update.stdout
    assert table_of(book_path, BY_NAME) == before == (SHARED if lines is WEIDIAN else AS_WRITTEN)


def test_price_alone_is_still_the_amount(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "orders.csv",
        ["order id,customer,phone,date,items,price", "A1,Ann,13800138000,2024-03-05,Tea,12.5"],
    )

    result = run("--lang", "en", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT amount_cents FROM purchases") == [(1250,)]


def test_the_columns_note_says_what_the_unit_price_is_for(tmp_path: Path) -> None:
    from xiaoben.store.importing.csv_table import read_table
    from xiaoben.store.importing.tables import ignored_columns

    note = ignored_columns(read_table(write_csv(tmp_path / "w.csv", WEIDIAN)), "purchases")

    assert note is not None
    assert "not recognised" not in note
    assert (
        "“单价” is not kept: where the rows of one order number state one same “实收金额”, "
        "“单价” × “数量” tells whether it is the whole order's paid total or each item's"
    ) in note


def test_the_import_screens_report_says_the_repeated_amounts() -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(
        rows=3,
        imported=3,
        priced_totals=(1, "实收金额", "单价", "数量"),
        repeated_amounts=(2, "实收金额", "WD001", (2, 3), 20000),
    )

    said = "\n".join(report_lines(report, keep_good=False))

    assert (
        "1 order states one “实收金额” on each of its rows, unlike “单价” × “数量”: read as the "
        "order's paid total, counted once"
    ) in said
    assert (
        "2 orders state one same “实收金额” on each of their rows (order WD001: ¥200.00 on "
        "lines 2–3), imported as each row's own amount; if it is the whole order's paid total, "
        "set “实收金额” to “order total” under Column → field and “Order numbers imported "
        "before” to “Update that purchase (refunds, corrected amounts, closed orders removed)”, "
        "and import again"
    ) in said


@given(
    paid=st.integers(0, 10**7),
    items=st.lists(
        st.tuples(st.integers(0, 10**6), st.one_of(st.none(), st.integers(0, 50))),
        min_size=2,
        max_size=8,
    ),
)
def test_a_repeated_total_shared_by_unit_prices_adds_up_to_it(
    paid: int, items: list[tuple[int, int | None]]
) -> None:
    from xiaoben.store.importing.columns import match_columns
    from xiaoben.store.importing.orders import read_orders

    header = WEIDIAN[0].split(",")
    rows: list[tuple[int, list[str]]] = []
    for line, (price, quantity) in enumerate(items, 2):
        count = "" if quantity is None else str(quantity)
        cells = ["WD001", "2024-03-01", "王芳", "13800138001", "面霜", f"{price / 100:.2f}"]
        rows.append((line, [*cells, count, f"{paid / 100:.2f}"]))

    found, _ = read_orders(rows, match_columns(header, "purchases"))

    assert found is not None
    recorded = [found.amounts.get(line, paid) for line, _ in rows]  # else as written
    each = [price * (1 if quantity is None else quantity) for price, quantity in items]
    as_written = [paid] * len(items)
    if all(cents == paid for cents in each) or abs(sum(each) - paid) >= max(
        abs(cents - paid) for cents in each
    ):  # each item paid its own, or A is nearer each row's price than their sum: as read
        assert recorded == as_written
    else:  # the order's, once
        assert sum(recorded) == paid
        assert all(share >= 0 for share in recorded)


def test_a_unit_price_that_cannot_be_read_refuses_no_row_and_leaves_the_order_unclear(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(WEIDIAN[0].split(","))
    wang, li = ["WD001", "2024-03-01 10:00", "王芳", "13800138001"], ["WD002", "2024-03-02 11:00"]
    sheet.append([*wang, "玫瑰面霜", "#VALUE!", 1, 200])  # an error cell: no price to read
    sheet.append([*wang, "洁面乳", 40, 2, 200])
    sheet.append([*li, "李娜", "13900139002", "洁面乳", 40, 1, 40])
    workbook.save(tmp_path / "weidian.xlsx")

    result = run(
        "--lang", "en", "import", "purchases", tmp_path / "weidian.xlsx", "--create-missing"
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert table_of(book_path, BY_NAME) == AS_WRITTEN
    assert "1 order states one same “实收金额” on each of its rows (order WD001" in result.stdout


def test_the_first_pass_holds_the_order_at_hand_not_every_row() -> None:
    """Working out the repeated amounts held every row of the file by order number (a
    million rows: ~110 MB more at the import's peak); now the rows of the order at hand,
    and 8 bytes a run of rows. 20,000 one-row orders: well under what their rows take."""
    import tracemalloc

    from xiaoben.store.importing.columns import match_columns
    from xiaoben.store.importing.orders import read_orders

    header = UNPRICED[0].split(",")
    rows = [
        (line, [f"WD{line:08d}", "2024-03-01", "王芳", "13800138001", "面霜", "1", f"{line}.00"])
        for line in range(2, 20_002)
    ]
    tracemalloc.start()
    try:
        found, _ = read_orders(iter(rows), match_columns(header, "purchases"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert found is not None and (found.unclear, found.priced) == (0, 0)
    assert peak < 1_000_000, peak  # every row by order held ~4 MB
