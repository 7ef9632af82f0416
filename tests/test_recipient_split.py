"""A 收货信息 cell (a buyer's name, phone and address pasted in one cell, as WeChat's or
Taobao's 复制收货地址 gives them) split into its parts: models/recipient.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaoben.models.recipient import Recipient, split_recipient


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        (
            "张三，13800138000，浙江省杭州市西湖区文三路1号",
            ("张三", "13800138000", "浙江省杭州市西湖区文三路1号", ""),
        ),
        (  # Taobao's 复制收货地址: 86-, the region spaced, the postcode last
            "孙七，86-13500135000，浙江省 杭州市 西湖区 西溪街道 文三路1号 ，310000",
            ("孙七", "86-13500135000", "浙江省 杭州市 西湖区 西溪街道 文三路1号", "310000"),
        ),
        (
            "浙江省杭州市滨江区江南大道2号 李四 13900139000",
            ("李四", "13900139000", "浙江省杭州市滨江区江南大道2号", ""),
        ),
        (
            "收货人: 王五\n手机号码: 13700137000\n所在地区: 北京市朝阳区\n详细地址: 建国路3号",
            ("王五", "13700137000", "北京市朝阳区 建国路3号", ""),
        ),
        (
            "赵六 136-0013-6000 广东省深圳市南山区科技园4号 518000",
            ("赵六", "136-0013-6000", "广东省深圳市南山区科技园4号", "518000"),
        ),
        (
            "姓名：王芳；电话：+86 138 0013 8001；地址：上海市静安区南京西路1号",
            ("王芳", "+86 138 0013 8001", "上海市静安区南京西路1号", ""),
        ),
        ("王芳 13800138001", ("王芳", "13800138001", "", "")),
    ],
)
def test_a_pasted_address_is_read_into_its_parts(cell: str, parts: tuple[str, ...]) -> None:
    assert split_recipient(cell) == Recipient(*parts)


@pytest.mark.parametrize(
    "cell",
    [
        "浙江省杭州市西湖区文三路1号",  # no phone
        "张三，0571-88888888，浙江省杭州市",  # a landline: no mobile
        "张三，1380013800，浙江省杭州市",  # a digit short
        "浙江省杭州市西湖区 13800138000",  # no name beside the phone
        "老客户 13800138000",  # words that are no name
        "张三 13800138000 李四 13900139000 杭州市",  # two people
        "杭州市 张三 13800138000 文三路1号",  # the address on both sides
        "",
    ],
)
def test_a_cell_that_cannot_be_split_plainly_is_none(cell: str) -> None:
    assert split_recipient(cell) is None


NAMES = st.sampled_from(["张三", "王芳", "欧阳娜娜", "李四", "阿卜杜·热合曼", "Lily"])
MOBILES = st.builds(
    lambda head, tail: f"1{head}{tail:08d}",
    st.sampled_from(["38", "39", "35", "36", "37", "50", "86", "88"]),
    st.integers(0, 10**8 - 1),
)
ADDRESSES = st.sampled_from(
    [
        "浙江省杭州市西湖区文三路1号",
        "浙江省 杭州市 西湖区 西溪街道 文三路1号",
        "北京市朝阳区建国路3号院2号楼1单元101室",
        "广东省深圳市南山区科技园4号",
        "上海市静安区南京西路1266号",
    ]
)
SEPARATORS = st.sampled_from(["，", ",", "、", ";", "；", " ", "\n", "， ", " ，"])
ORDERS = st.sampled_from(
    [("name", "phone", "address"), ("address", "name", "phone"), ("name", "phone")]
)


@given(NAMES, MOBILES, ADDRESSES, SEPARATORS, ORDERS)
def test_a_name_a_mobile_and_an_address_joined_split_back_to_themselves(
    name: str, mobile: str, address: str, separator: str, order: tuple[str, ...]
) -> None:
    parts = {"name": name, "phone": mobile, "address": address}
    cell = separator.join(parts[each] for each in order)
    expected = address if "address" in order else ""
    assert split_recipient(cell) == Recipient(name, mobile, expected, "")


@given(NAMES, MOBILES, ADDRESSES, SEPARATORS, st.integers(100000, 999999))
def test_a_trailing_postcode_is_no_part_of_the_address(
    name: str, mobile: str, address: str, separator: str, postcode: int
) -> None:
    cell = separator.join([name, mobile, address, str(postcode)])
    assert split_recipient(cell) == Recipient(name, mobile, address, str(postcode))


@given(NAMES, ADDRESSES, SEPARATORS)
def test_a_cell_without_a_phone_is_none(name: str, address: str, separator: str) -> None:
    assert split_recipient(separator.join([name, address])) is None


@given(st.text())
def test_the_splitter_never_raises(cell: str) -> None:
    found = split_recipient(cell)
    assert found is None or (found.name and found.phone)
