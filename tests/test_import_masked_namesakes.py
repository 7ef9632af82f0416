"""Whose purchase a row of a name and a masked number is (拼多多: 收货人 王芳, 手机 150****1234),
and whose a row of a name and a phone is when a name-only customer of that name exists
(王女士, made by a masked shop row): the digits a masked number shows tell namesakes apart, and
a customer known by her name alone never outweighs a phone. (The day-one tester's findings 2
and 8.) Every fixture is written here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.book_helpers import small_streams, table_of, write_csv
from xiaoben.store import reader_child
from xiaoben.store.importing import decoding
from xiaoben.store.purchase_writer import PurchaseWriter

CUSTOMERS = [
    "姓名,电话",
    "王芳,138 0013 8000",
    "李娜,139 0013 9001",
    "赵敏,",
]
# 拼多多's order export: the receiver's name and a masked mobile
PDD_HEADER = "订单号,商品,商家实收金额(元),收货人,手机,成交时间"


def pdd(*rows: str) -> list[str]:
    return [PDD_HEADER, *rows]


@pytest.fixture
def book(run: Callable[..., Result], tmp_path: Path) -> Callable[..., Result]:
    """A book of 王芳 (138 0013 8000), 李娜 (139 0013 9001) and 赵敏 (no phone); run."""
    result = run("import", "customers", str(write_csv(tmp_path / "客户.csv", CUSTOMERS)))
    assert result.exit_code == 0, result.output
    return run


@pytest.fixture(params=["here", "apart"])
def read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test twice: the file read in this process, and read apart by a reading child
    (the writer's column batches and their key sets' cached customers)."""
    if request.param == "here":
        yield "here"
        return
    small_streams(monkeypatch)
    monkeypatch.setattr(decoding, "STREAM_FROM", 0)
    monkeypatch.setattr(reader_child, "CHILD_MIN_BYTES", 0)
    batches: list[int] = []
    match_columns = PurchaseWriter._match_columns

    def counted(self: PurchaseWriter, batch: Any) -> Any:
        batches.append(len(batch))
        return match_columns(self, batch)

    monkeypatch.setattr(PurchaseWriter, "_match_columns", counted)
    yield "apart"
    assert batches  # the purchases were read apart


def purchases_of(book_path: Path) -> list[tuple[object, ...]]:
    return table_of(
        book_path,
        "SELECT c.name, p.amount_cents FROM purchases p JOIN customers c ON c.id = p.customer_id"
        " ORDER BY p.date",
    )


def test_a_masked_number_whose_digits_are_not_hers_is_held_back_naming_both(
    book: Callable[..., Result], book_path: Path, tmp_path: Path, read: str
) -> None:
    orders = write_csv(
        tmp_path / "pdd.csv",
        pdd(
            "1,面膜,99.00,王芳,138****8000,2024-11-02 10:00:00",
            "2,面膜,98.00,王芳,150****1234,2024-11-03 10:00:00",
            "3,口红,88.00,李娜,139****9001,2024-11-04 10:00:00",
        ),
    )

    refused = book("--lang", "zh", "import", "purchases", str(orders))

    assert refused.exit_code != 0
    assert (
        "第 3 行，电话：隐藏号码 150****1234 露出的数字与同名的 王芳 (#1) 的电话 13800138000 "
        "不符，只凭姓名不算同一人：未导入" in refused.output
    )
    assert purchases_of(book_path) == []

    kept = book("--lang", "en", "import", "purchases", str(orders), "--keep-good")

    assert kept.exit_code == 0, kept.output
    assert (
        "line 3, phone: the masked number 150****1234 shows other digits than the phone "
        "13800138000 of 王芳 (#1), who has the same name" in kept.output
    )
    # the rows whose digits agree stay hers, and are said
    assert (
        "2 rows gave a name and a masked number: booked to the customer of that name, one of "
        "whose phones has the digits it shows (line 2: 138****8000, 王芳 (#1))" in kept.output
    )
    assert purchases_of(book_path) == [("王芳", 9900), ("李娜", 8800)]


# Masks as shops write them besides 150****1234 (the second outside tester's): the last four
# alone, the first seven, the country code before, dashes, full-width stars; each showing
# digits none of 王芳's 138 0013 8000 (held back), or hers (booked to her)
OTHER_SHAPES = ["*******1234", "1501234****", "+86 150****1234", "150-****-1234", "15*******34"]
HER_SHAPES = ["*******8000", "1380013****", "+86 138****8000", "138＊＊＊＊8000"]


@pytest.mark.parametrize("mask", OTHER_SHAPES)
def test_a_mask_of_any_shape_showing_other_digits_is_held_back(
    book: Callable[..., Result], book_path: Path, tmp_path: Path, mask: str
) -> None:
    orders = write_csv(tmp_path / "pdd.csv", pdd(f"2,面膜,98.00,王芳,{mask},2024-11-03 10:00:00"))

    refused = book("--lang", "zh", "import", "purchases", str(orders))

    assert refused.exit_code != 0, refused.output
    assert f"隐藏号码 {mask} 露出的数字与同名的 王芳 (#1) 的电话 13800138000 不符" in refused.output
    assert purchases_of(book_path) == []


@pytest.mark.parametrize("mask", HER_SHAPES)
def test_a_mask_of_any_shape_showing_her_digits_stays_hers(
    book: Callable[..., Result], book_path: Path, tmp_path: Path, mask: str
) -> None:
    orders = write_csv(tmp_path / "pdd.csv", pdd(f"2,面膜,98.00,王芳,{mask},2024-11-03 10:00:00"))

    result = book("--lang", "en", "import", "purchases", str(orders))

    assert result.exit_code == 0, result.output
    assert f"(line 2: {mask}, 王芳 (#1))" in result.output
    assert purchases_of(book_path) == [("王芳", 9800)]


def test_held_back_after_a_row_of_the_same_name_went_to_her(
    book: Callable[..., Result], book_path: Path, tmp_path: Path, read: str
) -> None:
    """The row after one of the same name (the same keys: 王芳) is matched again, never by
    what the earlier row found: its digits are looked at each time."""
    orders = write_csv(
        tmp_path / "pdd.csv",
        pdd(
            "1,面膜,99.00,王芳,,2024-11-01 10:00:00",
            "2,面膜,98.00,王芳,138****8000,2024-11-02 10:00:00",
            "3,面膜,97.00,王芳,150****1234,2024-11-03 10:00:00",
            "4,面膜,96.00,王芳,138****8000,2024-11-04 10:00:00",
        ),
    )

    result = book("--lang", "en", "import", "purchases", str(orders), "--keep-good")

    assert result.exit_code == 0, result.output
    assert "line 4, phone: the masked number 150****1234" in result.output
    assert purchases_of(book_path) == [("王芳", 9900), ("王芳", 9800), ("王芳", 9600)]
    assert "2 rows gave a name and a masked number" in result.output


def test_with_create_missing_another_customer_is_made_and_listed_beside_her(
    book: Callable[..., Result], book_path: Path, tmp_path: Path, read: str
) -> None:
    orders = write_csv(
        tmp_path / "pdd.csv",
        pdd(
            "1,面膜,99.00,王芳,150****1234,2024-11-03 10:00:00",
            "2,面膜,98.00,王芳,138****8000,2024-11-04 10:00:00",
        ),
    )

    result = book("--lang", "zh", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert (
        "第 2 行：新客户“王芳”（150****1234）与已有的 王芳 (#1) 同名：已新建，请核对是否同一人"
        in result.output
    )
    made = table_of(book_path, "SELECT id, phones, notes FROM customers WHERE name = '王芳'")
    assert made[0][:2] == (1, '["+8613800138000"]')
    assert made[1][1] == "[]" and "150****1234" in str(made[1][2])
    assert purchases_of(book_path) == [("王芳", 9900), ("王芳", 9800)]
    # the second row went to her by the digits: not to the 王芳 the first made
    assert table_of(book_path, "SELECT customer_id FROM purchases ORDER BY date") == [
        (made[1][0],),
        (1,),
    ]


def test_a_customer_without_a_phone_of_its_length_is_matched_by_name_as_before(
    book: Callable[..., Result], book_path: Path, tmp_path: Path, read: str
) -> None:
    orders = write_csv(
        tmp_path / "pdd.csv",
        pdd("1,眼霜,120.00,赵敏,150****1234,2024-11-04 10:00:00"),
    )

    result = book("--lang", "en", "import", "purchases", str(orders))

    assert result.exit_code == 0, result.output
    assert purchases_of(book_path) == [("赵敏", 12000)]
    assert "gave a name and a masked number" not in result.output


# --- a name-only customer and a phone --------------------------------------------------

YOUZAN = [
    "订单号,收货人,收货人手机号,订单实付金额,下单时间",
    "E1,王女士,13800138000,120,2024-11-05 12:00:00",
    "E2,王女士,13800138000,60,2024-11-06 12:00:00",
]


# 王女士 made by an earlier masked shop row: her name and a masked number in her notes (拼多多),
# or those and her shop account (淘宝's 买家会员名: the tester's own day one)
SHADOWS = {
    "pdd": pdd("9,面膜,199.00,王女士,138****8000,2024-11-01 10:00:00"),
    "taobao": [
        "订单编号,买家会员名,收货人姓名,联系手机,买家实际支付金额,订单创建时间",
        "9,tb_wangfang,王女士,138****8000,199.00,2024-11-01 10:00:00",
    ],
}


@pytest.mark.parametrize("shop", sorted(SHADOWS))
def test_a_name_only_customer_never_outweighs_a_phone(
    book: Callable[..., Result], book_path: Path, tmp_path: Path, read: str, shop: str
) -> None:
    masked = write_csv(tmp_path / f"{shop}.csv", SHADOWS[shop])
    made = book("import", "purchases", str(masked), "--create-missing")
    assert made.exit_code == 0, made.output
    orders = write_csv(tmp_path / "有赞.csv", YOUZAN)

    tried = book("--lang", "en", "import", "purchases", str(orders), "--dry-run")

    assert tried.exit_code == 0, tried.output
    assert (
        "line 2: the name is “王女士” but +8613800138000 is 王芳 (#1)'s: the row went to "
        "王芳 (#1); 王女士 (#4) has no phone, WeChat ID or code "
        "and may be 王芳 (#1): check, and merge them into 王芳 (#1) (m on the customer's page)"
        in tried.output
    )

    result = book("--lang", "zh", "import", "purchases", str(orders))

    assert result.exit_code == 0, result.output
    assert (
        "第 2 行：名字是“王女士”，但 +8613800138000 是 王芳 (#1) 的：这一行记给了 王芳 (#1)；"
        "王女士 (#4) 没有电话、微信或编号，可能与 王芳 (#1) 是同一人，"
        "请核对后把 TA 合并进 王芳 (#1)（客户页按 m）" in result.output
    )
    assert purchases_of(book_path) == [("王女士", 19900), ("王芳", 12000), ("王芳", 6000)]


def test_a_namesake_with_a_key_of_her_own_still_holds_the_row_back(
    book: Callable[..., Result], book_path: Path, tmp_path: Path, read: str
) -> None:
    other = write_csv(tmp_path / "她.csv", ["姓名,微信", "王女士,wang_nvshi"])
    assert book("import", "customers", str(other)).exit_code == 0
    orders = write_csv(tmp_path / "有赞.csv", YOUZAN)

    result = book("--lang", "zh", "import", "purchases", str(orders))

    assert result.exit_code != 0
    assert "“王女士”却是 王女士 (#4)：这一行指向两位不同的客户" in result.output
    assert purchases_of(book_path) == []
