"""A 微商's sheet with one 收货信息 column (the buyer's name, phone and address pasted in one
cell, as WeChat's or Taobao's 复制收货地址 gives them) imported as customers and as
purchases, from a CSV and from a workbook: each row's name, phone and address are read from
the cell where the row has none of its own; a cell that cannot be split is refused by name.
An outside tester's finding A11: the column was not recognised, and mapped to the name it
named every customer with the whole cell and gave none a phone."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv
from tests.workbook_helpers import write_xlsx

CELLS = [
    "张三，13800138000，浙江省杭州市西湖区文三路1号",
    "孙七，86-13500135000，浙江省 杭州市 西湖区 西溪街道 文三路1号 ，310000",
    "浙江省杭州市滨江区江南大道2号 李四 13900139000",
    "收货人: 王五\n手机号码: 13700137000\n所在地区: 北京市朝阳区\n详细地址: 建国路3号",
    "赵六 136-0013-6000 广东省深圳市南山区科技园4号 518000",
]
READ = [
    ("张三", ["+8613800138000"], "浙江省杭州市西湖区文三路1号", ""),
    ("孙七", ["+8613500135000"], "浙江省 杭州市 西湖区 西溪街道 文三路1号", "邮编：310000"),
    ("李四", ["+8613900139000"], "浙江省杭州市滨江区江南大道2号", ""),
    ("王五", ["+8613700137000"], "北京市朝阳区 建国路3号", ""),
    ("赵六", ["+8613600136000"], "广东省深圳市南山区科技园4号", "邮编：518000"),
]


def _sheet(tmp_path: Path, kind: str, header: str = "收货信息") -> Path:
    rows = [[header, "日期", "金额", "商品"]]
    rows += [[cell, f"2024-05-0{at + 1}", "100", "面霜"] for at, cell in enumerate(CELLS)]
    if kind == "xlsx":
        return write_xlsx(tmp_path / "微商.xlsx", {"订单": rows})
    path = tmp_path / "微商.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        csv.writer(file).writerows(rows)
    return path


def _customers(book: Path) -> list[tuple[str, list[str], str, str]]:
    rows = table_of(book, "SELECT name, phones, address, notes FROM customers ORDER BY id")
    return [
        (str(name), json.loads(str(phones)), str(address or ""), str(notes or ""))
        for name, phones, address, notes in rows
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("what", ["customers", "purchases"])
def test_a_shipping_info_column_is_read_as_name_phone_and_address(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, kind: str, what: str
) -> None:
    path = _sheet(tmp_path, kind)
    more = ["--create-missing"] if what == "purchases" else []

    first = run("--lang", "zh", "import", what, path, *more)

    assert first.exit_code == 0, first.output + first.stderr
    assert "收货信息 5 行已拆为姓名、电话、地址" in first.output
    found = _customers(book_path)
    if what == "purchases":  # (the postcode is the purchase's note: no customer's)
        assert found == [(name, phones, address, "") for name, phones, address, _ in READ]
        notes = table_of(book_path, "SELECT note FROM purchases ORDER BY id")
        assert [str(note or "") for (note,) in notes] == [notes for *_, notes in READ]
    else:
        assert found == READ
    again = run("--lang", "en", "import", what, path, *more)
    assert again.exit_code == 0, again.output + again.stderr
    assert "0 customers created, 0 updated" in again.output
    assert _customers(book_path) == found


def test_the_shipping_info_column_is_mapped_from_another_header(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = _sheet(tmp_path, "csv", header="买家")

    result = run("import", "customers", path, "--map", "买家=recipient")

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path) == READ


def test_an_export_imported_again_gives_the_same_customers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    assert run("import", "customers", _sheet(tmp_path, "csv")).exit_code == 0
    exported = tmp_path / "out.csv"
    assert run("export", exported).exit_code == 0
    other = tmp_path / "other.db"

    again = run("import", "customers", exported, db=other)
    same = run("import", "customers", exported)

    assert again.exit_code == 0, again.output + again.stderr
    assert _customers(other) == READ
    assert "0 customers created, 0 updated" in same.output, same.output


def test_a_cell_that_cannot_be_split_refuses_its_row_saying_how_it_should_read(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        ["收货信息,备注", "浙江省杭州市西湖区文三路1号,无电话", "张三，13800138000，浙江省杭州市,"],
    )

    refused = run("--lang", "zh", "import", "customers", path)
    kept = run("--lang", "zh", "import", "customers", path, "--keep-good")

    assert refused.exit_code != 0
    said = "第 2 行，收货信息：应为 姓名，电话，地址（如 张三，13800138000，浙江省杭州市…）"
    assert said in refused.output + refused.stderr, refused.output + refused.stderr
    assert kept.exit_code == 0, kept.output + kept.stderr
    assert _customers(book_path) == [("张三", ["+8613800138000"], "浙江省杭州市", "")]


def test_a_rows_own_columns_win_and_a_different_phone_of_hers_is_kept_beside_the_cells(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Her own 姓名, 电话 and 地址 stand; the cell's different mobile is her second phone (a
    customers file); a cell naming another person (a gift to her mother) is not hers: kept
    in her notes as it is, the same again on a re-import."""
    path = write_csv(
        tmp_path / "c.csv",
        [
            "姓名,电话,地址,收货信息",
            '张三,13800138000,杭州市上城区,"张三，13900139000，浙江省杭州市西湖区文三路1号"',
            '李四,,,"李四 13700137000 北京市朝阳区建国路3号"',
            '赵六,13300133000,,"刘梅，13500135000，上海市静安区"',
        ],
    )

    result = run("import", "customers", path)

    assert result.exit_code == 0, result.output + result.stderr
    assert _customers(book_path)[:2] == [
        ("张三", ["+8613800138000", "+8613900139000"], "杭州市上城区", ""),
        ("李四", ["+8613700137000"], "北京市朝阳区建国路3号", ""),
    ]
    assert _customers(book_path)[2] == (
        "赵六",
        ["+8613300133000"],
        "",
        "收货信息：刘梅，13500135000，上海市静安区",
    )
    again = run("import", "customers", path)
    assert "0 customers created, 0 updated" in again.output, again.output


def test_an_orders_later_rows_leaving_the_cell_blank_are_hers(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A shop's export names the buyer on an order's first row alone: its 收货信息 is carried
    down to the order's later rows, as a 姓名 cell is."""
    path = write_csv(
        tmp_path / "o.csv",
        [
            "订单号,收货信息,日期,金额,商品",
            'E1,"张三，13800138000，浙江省杭州市西湖区文三路1号",2024-05-01,100,面霜',
            "E1,,,50,口红",
        ],
    )

    result = run("import", "purchases", path, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT customer_id, amount_cents FROM purchases ORDER BY id") == [
        (1, 10000),
        (1, 5000),
    ]
