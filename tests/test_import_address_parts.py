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
from xiaoben.models.regions import leading_divisions, same_division
from xiaoben.store.importing.columns import match_columns
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
            "R2,13800138202,浙江省杭州市,杭州市西湖区文三路2号",  # the city in both
            "R4,13800138204,浙江 杭州,浙江省杭州市西湖区文三路4号",  # spelled otherwise
        ],
    )

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert places(book_path) == [
        ("王芳", ADDRESS, "浙江", "杭州"),
        ("李娜", "浙江省杭州市滨江区江南大道 3 号", "浙江", "杭州"),
        ("张伟", "海外新加坡乌节路 5 号", "", ""),
        ("赵敏", "浙江省杭州市", "浙江", "杭州"),
        ("R2", "浙江省杭州市西湖区文三路2号", "浙江", "杭州"),
        ("R4", "浙江省杭州市西湖区文三路4号", "浙江", "杭州"),
    ]


def test_an_area_column_beside_the_detail_is_the_start_of_the_address(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """所在地区 (浙江 杭州, 香港) beside 详细地址 goes before the address, for what it lacks, as
    a 省市 column does: Anna Lee's 香港 was listed as not imported, and lost."""
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,所在地区,详细地址",
            "Anna Lee,13800138010,香港,Flat 3 12 Queen's Road",
            "王芳,13800138000,浙江省 杭州市,西湖区文三路 1 号",
            "李娜,13900139000,浙江 杭州,浙江省杭州市滨江区江南大道 3 号",  # named already
            "赵敏,13600136000,浙江 杭州,",
        ],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "not imported" not in result.stderr
    assert places(book_path) == [
        ("Anna Lee", "香港Flat 3 12 Queen's Road", "香港", "香港"),
        ("王芳", "浙江省 杭州市西湖区文三路 1 号", "浙江", "杭州"),
        ("李娜", "浙江省杭州市滨江区江南大道 3 号", "浙江", "杭州"),
        ("赵敏", "浙江 杭州", "浙江", "杭州"),
    ]


def test_an_area_cell_that_is_no_division_or_another_place_is_not_put_before_the_address(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A 所在地区 of a sales area (华东, 华南大区) is no part of an address, and one naming
    another place than the address (江苏 南京 before 杭州市…) leaves the address as the seller
    wrote it: both were glued on, and the province and city lost (a reviewer's)."""
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,所在地区,详细地址",
            "周芷若,13800138004,华东,杭州市西湖区文三路3号",
            "小龙女,13800138005,江苏 南京,杭州市西湖区文三路5号",
            "黄蓉,13800138006,华南大区,广东省深圳市南山区科技园1号",
        ],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert places(book_path) == [
        ("周芷若", "杭州市西湖区文三路3号", "浙江", "杭州"),
        ("小龙女", "杭州市西湖区文三路5号", "浙江", "杭州"),
        ("黄蓉", "广东省深圳市南山区科技园1号", "广东", "深圳"),
    ]


@pytest.mark.parametrize(
    ("header", "region", "address"),
    [
        (["姓名", "所在地区", "详细地址"], 1, 2),
        (["姓名", "地区", "地址"], None, 2),  # a bare 地区 may be a sales territory: 华东
        (["姓名", "所在地", "收货地址"], 1, 2),
        (["姓名", "地区"], None, 1),  # all the file has of an address: the address
        (["姓名", "省市", "所在地区", "详细地址"], 1, 3),  # a 省市 column is the start already
        (["姓名", "所在地区", "省份", "城市", "详细地址"], None, 4),  # and 省份, 城市 columns
    ],
)
def test_an_area_column_is_the_address_only_where_no_other_is(
    header: list[str], region: int | None, address: int
) -> None:
    columns = match_columns(header, "customers")

    assert columns.fields.get("area", columns.fields.get("region")) == region
    assert columns.fields["address"] == address


def test_an_area_column_mapped_as_the_address_stays_the_address() -> None:
    columns = match_columns(
        ["姓名", "所在地区", "详细地址"], "customers", mapping={"所在地区": "address"}
    )

    assert columns.fields["address"] == 1
    assert "region" not in columns.fields


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
            "Q2,13800138902,浙江省杭州市,杭州市西湖区文三路2号,10,2025-03-01",
        ],
    )

    result = run("import", "purchases", "--create-missing", orders)

    assert result.exit_code == 0, result.output
    assert places(book_path) == [
        ("王芳", ADDRESS, "浙江", "杭州"),
        ("Q2", "浙江省杭州市西湖区文三路2号", "浙江", "杭州"),
    ]


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

    rest = place_of(address, province, city, district, street).address
    assert rest.endswith(_past_divisions(address))  # a district's may go after its city
    if not (leading_divisions(region) and leading_divisions(rest)):  # nothing to compare
        assert place.address == (rest if region in rest else region + rest)
    assert street in place.address and place.address.endswith(_past_divisions(address))


def _past_divisions(address: str) -> str:
    """The address after the divisions it starts with (文三路 1 号 of 杭州市文三路 1 号)."""
    named = leading_divisions(address)
    return address[named[-1].end :] if named else address


# One level's spellings: what a seller writes for 浙江, 杭州, 西湖区
_LEVELS = (("浙江省", "浙江"), ("杭州市", "杭州"), ("西湖区",))


@st.composite
def _overlapping_cells(draw: st.DrawFn) -> tuple[str, str, str, int]:
    """A 省市 cell naming levels [0, upto) and a 详细地址 starting at level `start`
    (start <= upto: it may name again some of what the 省市 names), each spelled its own
    way, with or without spaces; the street the detail ends with; how many levels in all."""
    upto = draw(st.integers(1, 3))
    start = draw(st.integers(0, upto))
    end = draw(st.integers(start, 3))
    gap = draw(st.sampled_from(["", " ", "/"]))
    region = gap.join(draw(st.sampled_from(_LEVELS[level])) for level in range(upto))
    named = "".join(draw(st.sampled_from(_LEVELS[level])) for level in range(start, end))
    return region, named + "文三路 1 号", "文三路 1 号", max(upto, end)


@settings(max_examples=300, deadline=None)
@given(_overlapping_cells())
def test_what_the_detail_already_names_is_not_written_again(
    cells: tuple[str, str, str, int],
) -> None:
    """浙江省杭州市 + 杭州市西湖区… is 浙江省杭州市西湖区…, in any spelling of either: each
    division once, in order, the street last (it was 浙江省杭州市杭州市西湖区…)."""
    region, detail, street, levels = cells

    place = place_of(detail, "", "", region=region)

    named = leading_divisions(place.address)
    assert len(named) == levels, place.address
    assert not any(same_division(a, b) for i, a in enumerate(named) for b in named[i + 1 :])
    assert place.address.endswith(street)
    if levels > 1:
        assert (place.province, place.city) == ("浙江", "杭州")


@pytest.mark.parametrize(
    ("region", "district", "detail", "address"),
    [
        ("浙江省杭州市", "", "杭州市西湖区文三路2号", "浙江省杭州市西湖区文三路2号"),
        ("浙江 杭州", "", "浙江省杭州市西湖区文三路4号", "浙江省杭州市西湖区文三路4号"),
        ("浙江省杭州市西湖区", "西湖区", "文三路1号", "浙江省杭州市西湖区文三路1号"),
        ("广东省 深圳市 南山区", "南山区", "科技园2号", "广东省 深圳市 南山区科技园2号"),
        ("浙江省杭州市西湖区", "", "杭州市文三路1号", "浙江省杭州市西湖区文三路1号"),
        ("上海", "", "上海市浦东新区世纪大道8号", "上海市浦东新区世纪大道8号"),
        ("北京市", "", "朝阳区建国路9号", "北京市朝阳区建国路9号"),
        ("海外", "", "新加坡乌节路5号", "海外新加坡乌节路5号"),
        ("", "西湖区", "杭州西湖文三路", "杭州西湖文三路"),
    ],
)
def test_the_cells_join_the_detail_once(
    region: str, district: str, detail: str, address: str
) -> None:
    assert place_of(detail, "", "", district, region=region).address == address


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


@pytest.mark.parametrize(
    ("region", "district", "detail", "address"),
    [
        ("北京市", "海淀区", "北京大学35楼", "北京市海淀区北京大学35楼"),
        ("浙江省", "", "浙江大学玉泉校区", "浙江省浙江大学玉泉校区"),
        ("广东省深圳市", "南山区", "南山科技园8栋", "广东省深圳市南山区南山科技园8栋"),
        ("湖北省武汉市", "", "武汉大学", "湖北省武汉市武汉大学"),
        ("广东省深圳市", "", "深圳湾一号T7", "广东省深圳市深圳湾一号T7"),
        ("浙江省杭州市", "", "杭州银行大厦1801", "浙江省杭州市杭州银行大厦1801"),
        ("上海市", "闵行区", "上海交通大学东川路800号", "上海市闵行区上海交通大学东川路800号"),
        ("浙江省杭州市", "", "杭州文三路2号", "浙江省杭州文三路2号"),  # 杭州 said: not twice
    ],
)
def test_a_place_named_after_a_division_keeps_the_cells_before_it(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    region: str,
    district: str,
    detail: str,
    address: str,
) -> None:
    """北京大学, 浙江大学, 南山科技园 and 杭州银行大厦 start with a division's short name and
    are no division: the 省市 and 区县 cells before them are kept whole (they were dropped as
    already said, the place lost: a reviewer's finding); a street after the short name
    (杭州文三路) says the city, which is not written twice."""
    people = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,省市,区县,详细地址", f"王芳,13800138000,{region},{district},{detail}"],
    )

    result = run("import", "customers", people)

    assert result.exit_code == 0, result.output
    assert places(book_path)[0][1] == address
