"""Province and city from an address (models/regions.py): the addresses sellers and shops
write, messy ones included; nothing guessed, never a city under the wrong province."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoben.models.regions import (
    Region,
    fill_region,
    known_region,
    leading_divisions,
    region_of,
    same_division,
)


@pytest.mark.parametrize(
    ("address", "province", "city"),
    [
        ("浙江省杭州市西湖区文三路 100 号", "浙江", "杭州"),
        # its parts set apart by commas, slashes or dashes, as sellers type them
        ("浙江省,杭州市,西湖区,文三路100号", "浙江", "杭州"),
        ("浙江省，杭州市，西湖区，文三路100号", "浙江", "杭州"),
        ("浙江省/杭州市/西湖区/文三路100号", "浙江", "杭州"),
        ("浙江省-杭州市-西湖区", "浙江", "杭州"),
        ("广东省、深圳市、南山区", "广东", "深圳"),
        # the phone after the address, as pasted from a chat
        ("广东省深圳市南山区科技园 13800138003", "广东", "深圳"),
        ("广东省深圳市南山区科技园1栋 赵敏 13800138003", "广东", "深圳"),
        ("杭州市西湖区文三路 100 号", "浙江", "杭州"),
        ("杭州西湖区文三路", "浙江", "杭州"),
        ("北京朝阳区建国路 88 号", "北京", "北京"),
        ("北京市海淀区中关村大街 1 号", "北京", "北京"),
        ("海淀区中关村大街 1 号", "北京", "北京"),  # a district only one city has
        ("上海浦东新区世纪大道", "上海", "上海"),
        ("重庆渝中区解放碑", "重庆", "重庆"),
        ("天津市和平区", "天津", "天津"),
        ("广东深圳南山区科技园", "广东", "深圳"),
        ("广东省深圳市南山区", "广东", "深圳"),
        ("内蒙古自治区呼和浩特市新城区", "内蒙古", "呼和浩特"),
        ("内蒙古呼和浩特", "内蒙古", "呼和浩特"),
        ("新疆乌鲁木齐天山区", "新疆", "乌鲁木齐"),
        ("新疆维吾尔自治区乌鲁木齐市", "新疆", "乌鲁木齐"),
        ("广西南宁青秀区", "广西", "南宁"),
        ("广西省南宁市", "广西", "南宁"),  # 省 where 自治区 is meant: as sellers write it
        ("广西壮族自治区桂林市", "广西", "桂林"),
        ("宁夏银川兴庆区", "宁夏", "银川"),
        ("西藏拉萨城关区", "西藏", "拉萨"),
        ("香港九龙弥敦道 1 号", "香港", "香港"),
        ("香港特别行政区中西区", "香港", "香港"),
        ("澳门氹仔", "澳门", "澳门"),
        ("台湾台北市信义区", "台湾", ""),  # no cities of Taiwan in the ministry's list
        ("吉林市船营区", "吉林", "吉林"),  # the city, not the province's short name
        ("吉林长春朝阳区", "吉林", "长春"),
        ("中山市石岐区", "广东", "中山"),
        ("湖北仙桃", "湖北", "仙桃"),  # a city the province governs directly
        ("浙江义乌稠州北路", "浙江", "金华"),  # a county-level city: its prefecture
        ("义乌市稠州北路 8 号", "浙江", "金华"),
        ("恩施州利川市", "湖北", "恩施土家族苗族自治州"),
        ("延吉市", "吉林", "延边朝鲜族自治州"),
        ("海南藏族自治州共和县", "青海", "海南藏族自治州"),  # not the province 海南
        ("河南蒙古族自治县", "青海", "黄南藏族自治州"),  # not the province 河南
        ("浙江省", "浙江", ""),
        ("浙江", "浙江", ""),
        ("杭州", "浙江", "杭州"),
        # messy: spaces, full width, postal codes, country, name and phone in the cell
        ("　浙江省　杭州市　西湖区", "浙江", "杭州"),
        ("浙 江 省 杭 州 市", "浙江", "杭州"),
        ("３１００００ 浙江省杭州市", "浙江", "杭州"),
        ("310000浙江省杭州市", "浙江", "杭州"),
        ("中国浙江省宁波市鄞州区", "浙江", "宁波"),
        ("张三，13800138000，浙江省杭州市西湖区文三路", "浙江", "杭州"),
        ("张三 138****8000 上海市浦东新区世纪大道 1 号", "上海", "上海"),
        ("李四,+86 139 0000 0000,广东省广州市天河区", "广东", "广州"),
        ("王五 13800138000 江苏省 苏州市 工业园区", "江苏", "苏州"),
        ("收货人:吉林 13800138000 浙江省杭州市", "浙江", "杭州"),  # a name like a province
        # a Taobao/Tmall 收货地址: a municipality as province, then again as city
        ("北京 北京市 朝阳区 建国路 1 号(100000)", "北京", "北京"),
        ("上海 上海市 浦东新区 世纪大道 1 号(200000)", "上海", "上海"),
        ("天津 天津市 和平区 南京路", "天津", "天津"),
        ("重庆 重庆市 渝中区 解放碑", "重庆", "重庆"),
    ],
)
def test_an_address_gives_its_province_and_city(address: str, province: str, city: str) -> None:
    assert region_of(address) == Region(province, city)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "北京路 100 号",  # a street in every city, named for a province
        "南京东路 1 号",
        "中山路 1 号",
        "中山公园东门",
        "四川北路 88 弄",
        "朝阳区建国路",  # 朝阳区: in Beijing and in Changchun
        "鼓楼区中山路",  # in half a dozen cities
        "西湖区文三路",  # in Hangzhou and in Nanchang
        "文三路 100 号",
        "1234567",
        "Room 5, 10 Queen's Road, Central",
        "北京路上海路",
        "北京 上海市 浦东新区",  # two municipalities: which one is not certain
    ],
)
def test_an_address_that_names_no_place_for_certain_gives_nothing(address: str) -> None:
    assert region_of(address) == Region("", "")


def test_a_given_province_or_city_is_never_changed() -> None:
    assert fill_region("浙江", "杭州", "北京朝阳区") == Region("浙江", "杭州")
    assert fill_region("江苏", "", "杭州市西湖区") == Region("江苏", "")  # disagrees: nothing
    assert fill_region("", "宁波", "杭州市西湖区") == Region("", "宁波")


def test_empty_ones_are_filled_where_the_address_agrees() -> None:
    assert fill_region("", "", "杭州市西湖区") == Region("浙江", "杭州")
    assert fill_region("浙江", "", "杭州市西湖区") == Region("浙江", "杭州")
    assert fill_region("浙江省", "", "杭州市西湖区") == Region("浙江省", "杭州")
    assert fill_region("", "杭州市", "浙江省杭州市") == Region("浙江", "杭州市")
    assert fill_region("", "杭州", "") == Region("浙江", "杭州")  # a city alone: its province
    assert fill_region("", "", "文三路 100 号") == Region("", "")


def test_a_cell_in_full_is_spelled_as_the_book_spells_it() -> None:
    assert known_region("浙江省", "杭州市") == Region("浙江", "杭州")
    assert known_region("内蒙古自治区", "呼和浩特市") == Region("内蒙古", "呼和浩特")
    assert known_region("上海市", "上海市") == Region("上海", "上海")
    assert known_region("江苏", "杭州市") == Region("江苏", "杭州市")  # disagreeing: as written
    assert known_region("火星", "奥林帕斯") == Region("火星", "奥林帕斯")


# ---- properties --------------------------------------------------------------------------


@cache
def _divisions() -> dict[str, str]:
    from importlib import resources

    text = resources.files("xiaoben.models").joinpath("divisions.csv").read_text("utf-8")
    return dict(line.split(",", 1) for line in text.splitlines() if line[:1].isdigit())


@cache
def _pairs() -> frozenset[Region]:
    """Every (province, city) the ministry's list has, as the book spells it: each city by
    its full name under its province's full name; a municipality or SAR is its own city."""
    names = _divisions()
    found = {Region(name, name) for name in ("北京", "天津", "上海", "重庆", "香港", "澳门")}
    for code, name in names.items():
        if code.endswith("0000") or not (code.endswith("00") or code[2:4] == "90"):
            continue
        region = region_of(names[code[:2] + "0000"] + name)
        assert region.city, name
        found.add(region)
    return frozenset(found)


def _cities() -> list[tuple[str, str]]:
    names = _divisions()
    return sorted(
        (names[code[:2] + "0000"], name)
        for code, name in names.items()
        if not code.endswith("0000") and (code.endswith("00") or code[2:4] == "90")
    )


def test_every_city_of_the_list_is_found_under_its_province() -> None:
    assert len(_pairs()) == len(_cities()) + 6


_noise = st.text(
    alphabet=st.sampled_from(list("路街号楼室 0123456789，,:-*中华人民共和国省市区县东西南北京海")),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_cities()), _noise, _noise, st.booleans())
def test_a_city_is_never_placed_under_a_wrong_province(
    city: tuple[str, str], before: str, after: str, with_province: bool
) -> None:
    province_name, city_name = city
    address = f"{before}{province_name if with_province else ''}{city_name}{after}"
    found = region_of(address)
    if found.city:
        assert found in _pairs()
    expected = region_of(province_name + city_name)
    if with_province and not before:
        assert found == expected


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_a_region_or_nothing(text: str) -> None:
    found = region_of(text)
    assert isinstance(found.province, str) and isinstance(found.city, str)
    if found.city:
        assert found in _pairs()
    assert fill_region("", "", text) == found


_cell = st.one_of(
    st.sampled_from(["", "浙江省", "浙江", "杭州市", "北京", "江苏", "西湖区", "火星", "上海市"]),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(_cell, _cell, _cell, _cell, _cell)
def test_a_rows_place_cells_never_fail_nor_change_a_given_region(
    address: str, province: str, city: str, district: str, street: str
) -> None:
    from xiaoben.store.importing.places import place_of

    place = place_of(address, province, city, district, street)
    spelled = known_region(province, city)
    assert place.province == (spelled.province or place.province)
    assert place.city == (spelled.city or place.city)
    assert street in place.address
    named = leading_divisions(place.address)  # a district the address names otherwise: once
    assert district in place.address or all(
        any(same_division(part, there) for there in named) for part in leading_divisions(district)
    )
    # the parts go before it, in the file's order (a district after the city it starts with)
    named = leading_divisions(address)
    assert place.address.endswith(address[named[-1].end :] if named else address)
    if place.derived and place.city and not province and not city:
        assert (place.province, place.city) in _pairs()


def test_a_cell_that_is_not_a_division_name_is_kept_as_written() -> None:
    assert known_region("杭州", "") == Region("杭州", "")  # a city in the province column
    assert known_region("浙江杭州", "西湖区") == Region("浙江杭州", "西湖区")
    assert known_region("", "北京市") == Region("", "北京")
