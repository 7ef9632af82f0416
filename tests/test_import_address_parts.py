"""地址 merged over 省市 | 详细地址 (a hand-made sheet's two header rows), or a 省市 column
beside 详细地址: one address, the 省市 cell before the rest as written (浙江省杭州市 +
西湖区文三路 1 号), the province and city derived from it as from any address."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.places import place_of

ADDRESS = "浙江省杭州市西湖区文三路 1 号"


def address_workbook(path: Path, *, merged_down: bool, title: bool = False) -> Path:
    """姓名 | 手机 | 地址 (省市 | 详细地址) | 备注: 地址 merged across its two columns, the
    other names merged down both rows or left alone over a blank cell."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    top = 1
    if title:
        sheet.append(["2024 年客户名单"])
        sheet.merge_cells("A1:E1")
        top = 2
    sheet.append(["姓名", "手机", "地址", None, "备注"])
    sheet.append([None, None, "省市", "详细地址", None])
    sheet.merge_cells(f"C{top}:D{top}")
    if merged_down:
        for column in "ABE":
            sheet.merge_cells(f"{column}{top}:{column}{top + 1}")
    sheet.append(["王芳", "13800138000", "浙江省杭州市", "西湖区文三路 1 号", "老客"])
    sheet.append(["李娜", "13900139000", "上海市", "浦东新区张江路 8 号", None])
    workbook.save(path)
    return path


def places(book_path: Path) -> list[tuple[object, ...]]:
    return table_of(book_path, "SELECT name, address, province, city FROM customers ORDER BY id")


@pytest.mark.parametrize(("merged_down", "title"), [(True, False), (False, False), (True, True)])
def test_an_address_merged_over_province_city_and_detail_reads_as_one_address(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, merged_down: bool, title: bool
) -> None:
    sheet = address_workbook(tmp_path / "客户.xlsx", merged_down=merged_down, title=title)

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "not imported" not in result.stderr  # 省市 is read, not left out
    assert places(book_path) == [
        ("王芳", ADDRESS, "浙江", "杭州"),
        ("李娜", "上海市浦东新区张江路 8 号", "上海", "上海"),
    ]


def test_a_province_and_city_column_beside_the_detail_is_part_of_the_address(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,省市,详细地址",
            "王芳,13800138000,浙江省杭州市,西湖区文三路 1 号",
            "李娜,13900139000,浙江省杭州市,浙江省杭州市滨江区江南大道 3 号",  # written twice
            "张伟,13700137000,海外,新加坡乌节路 5 号",  # no division of ours: kept as written
            "赵敏,13600136000,浙江省杭州市,",
        ],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert places(book_path) == [
        ("王芳", ADDRESS, "浙江", "杭州"),
        ("李娜", "浙江省杭州市滨江区江南大道 3 号", "浙江", "杭州"),
        ("张伟", "海外新加坡乌节路 5 号", "", ""),
        ("赵敏", "浙江省杭州市", "浙江", "杭州"),
    ]


def test_the_sheet_imported_again_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = address_workbook(tmp_path / "客户.xlsx", merged_down=True)
    run("import", "customers", sheet)

    again = run("--lang", "en", "import", "customers", sheet)

    assert again.exit_code == 0, again.output
    assert "(0 customers created, 0 updated" in again.stdout
    assert places(book_path)[0] == ("王芳", ADDRESS, "浙江", "杭州")


def test_a_new_customer_of_a_purchases_file_gets_the_whole_address(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "订单.csv",
        [
            "收货人,手机,省市,详细地址,实付,付款时间",
            "王芳,13800138000,浙江省杭州市,西湖区文三路 1 号,99,2025-03-01",
        ],
    )

    result = run("import", "purchases", "--create-missing", orders)

    assert result.exit_code == 0, result.output
    assert places(book_path) == [("王芳", ADDRESS, "浙江", "杭州")]


_cell = st.one_of(
    st.sampled_from(
        ["", "浙江省杭州市", "浙江省", "杭州市", "西湖区", "文新街道", "海外", "上海市"]
    ),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(_cell, _cell, _cell, _cell, _cell, _cell)
def test_every_place_cell_is_in_the_address_the_province_and_city_first(
    address: str, province: str, city: str, district: str, street: str, region: str
) -> None:
    place = place_of(address, province, city, district, street, region)

    assert all(part in place.address for part in (region, district, street, address))
    assert place.address.endswith(address)
    rest = place_of(address, province, city, district, street).address
    assert place.address == (rest if region in rest else region + rest)


@pytest.mark.parametrize("merged_down", [True, False])
def test_the_upper_row_named_as_the_header_takes_the_row_under_it(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, merged_down: bool
) -> None:
    """--header-row 1 names the upper row: with the row under it, one header (it was
    refused, its 地址 merged over two columns naming both: "two columns mean address")."""
    sheet = address_workbook(tmp_path / "客户.xlsx", merged_down=merged_down)

    result = run("--lang", "en", "import", "customers", "--header-row", "1", sheet)

    assert result.exit_code == 0, result.output
    assert places(book_path)[0] == ("王芳", ADDRESS, "浙江", "杭州")


def test_a_csv_header_row_named_over_its_sub_header_row_reads_both(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,地址,,备注",
            ",,省市,详细地址,",
            "王芳,13800138000,浙江省杭州市,西湖区文三路 1 号,老客",
        ],
    )

    result = run("import", "customers", "--header-row", "1", sheet)

    assert result.exit_code == 0, result.output
    assert places(book_path) == [("王芳", ADDRESS, "浙江", "杭州")]
