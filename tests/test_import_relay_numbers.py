"""A shop's privacy relay number (隐私号, 虚拟号: 淘宝, 京东, 拼多多 and 抖店 hide a buyer's own
number behind one) is one mobile number and an extension: it reaches many buyers, each by
their extension, and it expires. However the shop or the seller wrote it, with a pause
(17012345678,4852), spaced (170 1234 5678 转 4852) or as a vCard 4.0 URI (tel:+86-170-1234-
5678;ext=4852), it is no customer's phone: kept as written in the notes, counted in the
report, never a key (an outside tester found the pause and ;ext= forms taken as phones).

The rule is the number's: a mainland mobile (any prefix: 170, 171, 165 and 167 are the
virtual operators' too, and a 170 number alone is a buyer's own phone) has no extension,
so a mobile written with one is a relay. A landline with an extension (0571-8888 8888 转
101) is a switchboard: its number is the phone, the whole kept in the notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import table_of, write_csv
from xiaoben.models.customer import phones_in
from xiaoben.models.values import normalise_phone, number_and_extension, number_before_extension
from xiaoben.store.importing.csv_table import CsvTable
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.purchase_rows import masked, parse_purchases

HIDDEN = "隐藏或转接的号码（不作电话）："

# The forms the testers found taken as phones, or refused: a pause, a wait, 4.0's ;ext=,
# the number spaced or dashed as a seller types it
WRITTEN = [
    "17012345678,4852",
    "17012345678，4852",
    "17012345678;4852",
    "+86-170-1234-5678;ext=4852",
    "170 1234 5678 转 4852",
    "+86 170 1234 5678转4852",
    "170-1234-5678-4852",
    "86 171 2345 6789 分机 12",
]


@pytest.mark.parametrize("cell", WRITTEN)
def test_a_relay_number_however_written_is_no_phone(cell: str) -> None:
    assert masked(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "17012345678",  # a virtual operator's number alone: a buyer's own phone
        "170 1234 5678",
        "+86-170-1234-5678",
        "0571-8888 8888 转 101",  # a switchboard's extension: the extension rule's
        "0571-88888888,101",
        "13800138000,13900139000",  # two phones
        "13800138000 13900139000",
    ],
)
def test_a_phone_or_a_switchboard_is_no_relay_number(cell: str) -> None:
    assert not masked(cell)


def test_a_pause_keeps_the_extension_with_its_number() -> None:
    assert phones_in("17012345678,4852") == ["17012345678,4852"]
    assert phones_in("+86-170-1234-5678;ext=4852;13800138000") == [
        "+86-170-1234-5678;ext=4852",
        "13800138000",
    ]
    assert phones_in("13800138000,13900139000") == ["13800138000", "13900139000"]
    # after a space, a list's item (two columns joined): refused as a phone, as before
    assert phones_in("13800138000, 123") == ["13800138000", " 123"]


def test_a_customers_import_keeps_every_relay_number_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    names = "甲乙丙丁戊己庚辛"
    rows = [f'{name},"{cell}"' for name, cell in zip(names, WRITTEN, strict=True)]
    sheet = write_csv(tmp_path / "淘宝.csv", ["姓名,手机", *rows, "癸,0571-8888 8888 转 101"])

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "8 rows had a masked or relay number (line 2: 17012345678,4852)" in result.output
    people = table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id")
    assert people[:-1] == [
        (name, "[]", HIDDEN + cell) for name, cell in zip(names, WRITTEN, strict=True)
    ]
    assert people[-1] == ("癸", '["+8657188888888"]', "带分机的电话：0571-8888 8888 转 101")


def test_a_purchases_import_makes_no_phone_of_a_relay_number(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Two buyers behind one relay number are two customers, neither with it as a phone."""
    bills = write_csv(
        tmp_path / "拼多多.csv",
        [
            "收货人,手机,日期,金额",
            '甲,"17012345678,4852",2026-11-20,10',
            "乙,170 1234 5678 转 4853,2026-11-20,20",
            '丙,"+86-170-1234-5678;ext=4854",2026-11-20,30',
        ],
    )

    result = run("--lang", "en", "import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output
    assert "3 rows had a masked or relay number (line 2: 17012345678,4852)" in result.output
    assert table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id") == [
        ("甲", "[]", HIDDEN + "17012345678,4852"),
        ("乙", "[]", HIDDEN + "170 1234 5678 转 4853"),
        ("丙", "[]", HIDDEN + "+86-170-1234-5678;ext=4854"),
    ]
    assert table_of(book_path, "SELECT count(*) FROM customer_keys WHERE kind = 'phone'") == [(0,)]


def test_a_relay_number_beside_a_phone_in_a_purchases_cell_is_kept_not_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """The phone is the buyer's key, the relay number kept in her notes, as a customers
    import does (the row was refused for the relay number's extension)."""
    bills = write_csv(
        tmp_path / "订单.csv",
        ["收货人,手机,日期,金额", "甲,13800138000/17012345678-4852,2026-11-20,10"],
    )

    result = run("--lang", "en", "import", "purchases", bills, "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, phones, notes FROM customers") == [
        ("甲", '["+8613800138000"]', HIDDEN + "17012345678-4852")
    ]


def test_a_landline_with_a_pause_keeps_the_switchboard_rule(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """0571-88888888,101 as a phone saves a switchboard's extension: the number is the
    phone, the whole kept in the notes, as 0571-8888 8888 转 101 (the 101 was refused as a
    phone of its own)."""
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,电话", '甲,"0571-88888888,101"'])

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, phones, notes FROM customers") == [
        ("甲", '["+8657188888888"]', "带分机的电话：0571-88888888,101")
    ]


def _card(name: str, tel: str, version: str = "3.0") -> str:
    return f"BEGIN:VCARD\r\nVERSION:{version}\r\nFN:{name}\r\n{tel}\r\nEND:VCARD\r\n"


def test_a_contact_card_relay_number_with_a_pause_or_an_ext_is_no_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    cards = tmp_path / "买家.vcf"
    cards.write_text(
        _card("买家甲", "TEL;TYPE=CELL:17012345678,4852", "2.1")
        + _card("买家乙", "TEL;VALUE=uri;TYPE=cell:tel:+86-170-1234-5678;ext=4853", "4.0")
        + _card("买家丙", "TEL;TYPE=CELL:170 1234 5678 转 4854"),
        encoding="utf-8",
    )

    result = run("--lang", "en", "import", "customers", cards)

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id") == [
        ("买家甲", "[]", HIDDEN + "17012345678,4852"),
        ("买家乙", "[]", HIDDEN + "+86-170-1234-5678;ext=4853"),
        ("买家丙", "[]", HIDDEN + "170 1234 5678 转 4854"),
    ]


# --- however it is written: never a key ----------------------------------------------------

_MOBILES = st.from_regex(r"1(?:70|71|65|67|3[0-9]|5[0-35-9]|8[0-9])[0-9]{8}", fullmatch=True)
_GROUPS = st.sampled_from(["{}{}{}", "{} {} {}", "{}-{}-{}"])
_COUNTRY = st.sampled_from(["", "+86", "+86 ", "86", "+86-", "0086 "])
_APART = st.sampled_from(
    [",", "，", ";", ";ext=", "-", "_", "#", "转", " 转 ", "分机", " ext. ", "x", " x"]
)
_EXTENSIONS = st.from_regex(r"[0-9]{1,6}", fullmatch=True)


@st.composite
def relay_numbers(draw: st.DrawFn) -> str:
    mobile = draw(_MOBILES)
    number = draw(_GROUPS).format(mobile[:3], mobile[3:7], mobile[7:])
    extension = draw(_EXTENSIONS)
    if draw(st.booleans()):
        return f"{draw(_COUNTRY)}{number}{draw(_APART)}{extension}"
    return f"[{extension}]{draw(_COUNTRY)}{number}"


def _table(header: list[str], rows: list[list[str]]) -> CsvTable:
    numbered = [(line, cells) for line, cells in enumerate(rows, 2)]
    return CsvTable(Path("sheet.csv"), "utf-8", ",", header, numbered)


@settings(max_examples=60, deadline=None)
@given(relay_numbers())
def test_a_relay_number_is_never_a_key_in_either_import(cell: str) -> None:
    assert masked(cell)
    customers, errors = parse_customers(_table(["姓名", "手机"], [["甲", cell]]))
    assert not errors
    read = [(row.customer.phones, row.hidden_phones) for row in customers]
    assert read == [([], (cell.strip(),))]
    purchases, errors = parse_purchases(
        _table(["收货人", "手机", "日期", "金额"], [["甲", cell, "2026-11-20", "10"]])
    )
    assert not errors
    assert [(row.keys, row.hidden_phones) for row in purchases] == [
        ((("name", "甲"),), (cell.strip(),))
    ]


# --- a run of pauses or waits (,, ;; ，；): one extension, as one pause is ------------------

_PAUSE_RUNS = st.from_regex(r"[,，;；]{1,4}", fullmatch=True)
_LANDLINES = st.sampled_from(["0571-88888893", "010-65528888", "0755 8888 8888", "02166668888"])


@settings(max_examples=80, deadline=None)
@given(_MOBILES, _PAUSE_RUNS, _EXTENSIONS)
def test_a_mobile_after_any_run_of_pauses_is_a_relay_number(
    mobile: str, pauses: str, extension: str
) -> None:
    """17012345678,,4852 (a pause each to wait longer) is a relay number as 17012345678,4852
    is, in a sheet of either import: no phone, kept whole (its base number was every
    buyer's phone, and a sheet's row refused for "4852")."""
    cell = f"{mobile}{pauses}{extension}"
    assert masked(cell)
    assert phones_in(cell) == [cell]
    customers, errors = parse_customers(_table(["姓名", "手机"], [["甲", cell]]))
    assert not errors
    assert [(row.customer.phones, row.hidden_phones) for row in customers] == [([], (cell,))]
    purchases, errors = parse_purchases(
        _table(["收货人", "手机", "日期", "金额"], [["甲", cell, "2026-11-20", "10"]])
    )
    assert not errors
    assert [(row.keys, row.hidden_phones) for row in purchases] == [((("name", "甲"),), (cell,))]


@settings(max_examples=80, deadline=None)
@given(_LANDLINES, _PAUSE_RUNS, _EXTENSIONS)
def test_a_landline_after_any_run_of_pauses_is_a_switchboard(
    landline: str, pauses: str, extension: str
) -> None:
    """0571-88888893,,101 is the switchboard and its extension, as 0571-88888893,101 is: the
    switchboard the phone, the whole kept (the row was refused for "101")."""
    cell = f"{landline}{pauses}{extension}"
    assert not masked(cell)
    assert phones_in(cell) == [cell]
    assert number_before_extension(cell) == landline
    assert number_and_extension(cell) == (landline, extension)
    customers, errors = parse_customers(_table(["姓名", "电话"], [["甲", cell]]))
    assert not errors, errors
    assert [row.customer.phones for row in customers] == [[normalise_phone(landline)]]


def test_a_sheet_with_a_double_pause_keeps_relay_and_switchboard_rules(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,电话",
            '甲,"17012345678,,4855"',
            '乙,"0571-88888893,,101"',
            '丙,"0571-88888893;;102"',
        ],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id") == [
        ("甲", "[]", HIDDEN + "17012345678,,4855"),
        ("乙", '["+8657188888893"]', "带分机的电话：0571-88888893,,101"),
        ("丙", '["+8657188888893"]', "带分机的电话：0571-88888893;;102"),
    ]


def test_a_contact_card_relay_number_with_a_double_pause_is_no_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Two buyers behind one relay number written with ,, are two customers, neither with
    its base number as a phone (both got +8617012345678, read as colleagues on a
    switchboard)."""
    cards = tmp_path / "买家.vcf"
    cards.write_text(
        _card("D1", "TEL;TYPE=CELL:17012345678,,4852")
        + _card("D2", "TEL;TYPE=CELL:17012345678,,4853")
        + _card("D3", "TEL;TYPE=CELL:17012345678;;4854"),
        encoding="utf-8",
    )

    result = run("--lang", "en", "import", "customers", cards)

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, phones, notes FROM customers ORDER BY id") == [
        ("D1", "[]", HIDDEN + "17012345678,,4852"),
        ("D2", "[]", HIDDEN + "17012345678,,4853"),
        ("D3", "[]", HIDDEN + "17012345678;;4854"),
    ]
    assert table_of(book_path, "SELECT count(*) FROM customer_keys WHERE kind = 'phone'") == [(0,)]
