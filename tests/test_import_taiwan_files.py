"""A file whose rows' addresses are in Taiwan (a Shopee Taiwan export: 收件地址 台北市…,
Traditional headers): its local mobiles 09xxxxxxxx are Taiwan's, +886 9xxxxxxxx, not refused
as no Chinese number; its amounts are NT$, refused by name unless a currency column says
yuan. The rows' places decide, never one cell: a mainland file's 09… is refused as before,
and so is a file with one mainland address among Taiwan's."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.book_helpers import write_csv
from xiaoben.store.importing.abroad import in_taiwan
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.importing.readers import read_any


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


HEADER = "訂單編號,買家帳號,訂單成立日期,買家總支付金額,收件者姓名,電話號碼,收件地址"
TAIWAN_ROWS = [
    "240501A,amy_tw,2024-05-01 10:00,1290,王小美,0912345678,台北市大安區xx路1號",
    "240503B,bob_tw,2024-05-03 10:00,99,李大同,0922-333-444,新北市板橋區yy路2號",
    "240504C,cat_tw,2024-05-04 10:00,500,陳小華,02 2345 6789,臺中市西屯區zz路3號",
]


def test_a_taiwan_customers_file_reads_local_mobiles_as_taiwans(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "tw.csv", [HEADER, *TAIWAN_ROWS])
    customers, errors = parse_customers(read_table(path))
    assert errors == []
    assert [row.customer.phones for row in customers] == [
        ["+886912345678"],
        ["+886922333444"],
        ["+886223456789"],
    ]


def test_a_taiwan_purchases_file_without_a_currency_is_refused_as_nt_dollars(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "tw.csv", [HEADER, *TAIWAN_ROWS])
    purchases, errors = parse_purchases(read_table(path))
    assert purchases == []
    assert [(error.line, error.column, error.value) for error in errors] == [
        (2, "買家總支付金額", "1290"),
        (3, "買家總支付金額", "99"),
        (4, "買家總支付金額", "500"),
    ]
    assert errors[0].message == (
        "amount: this file's addresses are in Taiwan (台北市), so the amount “1290” is in NT$ "
        "(TWD), not yuan: xiaoben keeps every amount in yuan (¥) and converts nothing; convert "
        "the amounts to yuan first, add a 币种 (currency) column saying CNY, and import again"
    )
    assert (
        errors[0]
        .message_in("zh")
        .startswith(
            "金额：这个文件的地址都在台湾（如 台北市），金额“1290”应是新台币（TWD），不是人民币"
        )
    )


def test_a_taiwan_purchases_xlsx_whose_currency_says_yuan_is_read_with_taiwans_phones(
    tmp_path: Path,
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([*HEADER.split(","), "币种"])
    for row, currency in zip(TAIWAN_ROWS, ["CNY", "人民币", ""], strict=True):
        sheet.append([*row.split(","), currency])
    path = tmp_path / "tw.xlsx"
    workbook.save(path)
    purchases, errors = parse_purchases(read_any(path, kind="purchases"))
    phones = [[key.value for key in row.keys if key.kind == "phone"] for row in purchases]
    assert list(zip([row.line for row in purchases], phones, strict=True)) == [
        (2, ["+886912345678"]),
        (3, ["+886922333444"]),
    ]
    assert [(row.line, row.amount_cents) for row in purchases] == [
        (2, 129000),
        (3, 9900),
    ]
    assert [(error.line, error.value) for error in errors] == [(4, "500")]  # (no currency)


MAINLAND = "240505D,dan_cn,2024-05-05 10:00,88,张三,0912345678,浙江省杭州市西湖区文三路100号"


def test_a_mainland_file_with_a_09_number_is_refused_as_before(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cn.csv", [HEADER, MAINLAND])
    purchases, errors = parse_purchases(read_table(path))
    assert purchases == []
    assert [(error.line, error.column) for error in errors] == [(2, "電話號碼")]
    assert "is not a valid phone number" in errors[0].message
    customers, errors = parse_customers(read_table(path))
    assert customers == []
    assert [(error.line, error.column) for error in errors] == [(2, "電話號碼")]


def test_one_mainland_address_among_taiwans_and_the_file_is_read_as_before(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "mixed.csv", [HEADER, *TAIWAN_ROWS, MAINLAND])
    customers, errors = parse_customers(read_table(path))
    assert customers == []
    assert [(error.line, error.column) for error in errors] == [
        (line, "電話號碼") for line in (2, 3, 4, 5)
    ]
    _, errors = parse_purchases(read_table(path))
    assert all("Taiwan" not in error.message for error in errors)


def test_a_file_without_places_is_read_as_before(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "none.csv", ["姓名,手机", "王小美,0912345678"])
    customers, errors = parse_customers(read_table(path))
    assert customers == []
    assert [(error.line, error.column) for error in errors] == [(2, "手机")]


@pytest.mark.parametrize(
    ("place", "taiwan"),
    [
        ("台北市大安區", True),
        ("臺北市", True),
        ("新北市板橋區", True),
        ("臺中市", True),
        ("高雄市前鎮區", True),
        ("桃園市", True),
        ("台湾省", True),
        ("中華民國臺南市", True),
        ("花蓮縣", True),
        ("台州市椒江区", False),
        ("浙江省杭州市", False),
        ("北京市朝阳区", False),
        ("福建省福州市连江县", False),
        ("新竹", False),
    ],
)
def test_which_places_are_taiwans(place: str, taiwan: bool) -> None:
    assert in_taiwan(place) is taiwan
