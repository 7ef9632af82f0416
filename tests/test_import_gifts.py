"""An order sent to somebody other than its buyer (a gift: 有赞's 收货人/提货人 孙妈妈 with
her own 收货人手机号 beside the buyer's 买家手机号): the customer it makes is the buyer, by
her phone, not named 孙妈妈 nor placed where 孙妈妈 lives; the receiver is a line of her
notes and the report says so. Before, one customer had the receiver's name and address and
the buyer's phone (two people in one), and the buyer's own sheet row was then held back as
belonging to 孙妈妈 (an outside tester's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import table_of, write_csv

HEADER = ",".join(
    [
        *("订单号", "下单时间", "买家昵称", "买家手机号", "收货人/提货人"),
        *("收货人手机号/提货人手机号", "详细收货地址/提货地址", "商品名称", "商品实际成交金额"),
    ]
)


def _orders(tmp_path: Path, *rows: str) -> Path:
    return write_csv(tmp_path / "有赞.csv", [HEADER, *rows])


def test_a_gift_makes_the_buyer_and_keeps_the_receiver_in_her_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = _orders(
        tmp_path,
        "E001,2026-11-20 10:00,小孙,13700137050,孙妈妈,13900139777,北京市朝阳区幸福路1号,红枣,60",
        "E002,2026-11-21 10:00,小李,13700137051,李娜,13700137051,浙江省杭州市文三路1号,枸杞,40",
        "E003,2026-11-22 10:00,小王,13700137052,王芳,,上海市浦东新区1号,茶叶,30",
    )

    result = run("--lang", "zh", "import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    found = table_of(book_path, "SELECT name, phones, address, city, notes FROM customers")
    assert found == [
        (
            "13700137050",
            '["+8613700137050"]',
            "",
            "",
            "昵称：小孙\n收货人：孙妈妈 13900139777，北京市朝阳区幸福路1号",
        ),
        # the receiver's phone is the buyer's: she ordered for herself
        ("李娜", '["+8613700137051"]', "浙江省杭州市文三路1号", "杭州", "昵称：小李"),
        ("王芳", '["+8613700137052"]', "上海市浦东新区1号", "上海", "昵称：小王"),
    ]
    assert (
        "1 位新客户的订单寄给了别人（如第 2 行，孙妈妈 13900139777，北京市朝阳区幸福路1号）"
        in result.output
    )
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,手机", "孙小美,13700137050"])
    named = run("import", "customers", sheet)
    assert named.exit_code == 0, named.output + named.stderr
    assert table_of(book_path, "SELECT name FROM customers WHERE id = 1") == [("孙小美",)]


def test_a_gift_from_a_known_buyer_is_hers_without_a_word_of_another_name(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机,地址", "孙小美,13700137050,广州市天河区"])
    assert run("import", "customers", people).exit_code == 0
    orders = _orders(
        tmp_path, "E001,2026-11-20 10:00,小孙,13700137050,孙妈妈,13900139777,北京市朝阳区,红枣,60"
    )

    result = run("--lang", "en", "import", "purchases", orders)

    assert result.exit_code == 0, result.output + result.stderr
    assert "names “孙妈妈”" not in result.output
    assert table_of(book_path, "SELECT name, address, notes FROM customers") == [
        ("孙小美", "广州市天河区", "")
    ]
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,)]


def test_a_masked_buyer_phone_is_no_sign_of_a_gift(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = _orders(
        tmp_path, "E001,2026-11-20 10:00,小孙,137****7050,孙小美,13700137050,北京市朝阳区,红枣,60"
    )

    result = run("import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT name, address FROM customers") == [
        ("孙小美", "北京市朝阳区")
    ]
