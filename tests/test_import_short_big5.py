"""A short Big5 file (a Taiwan or Hong Kong seller's Excel "CSV": a header and a row) reads as
Big5, not refused as damaged GBK; short GBK files still read as GBK, also when their text is
one Big5 could write too (traditional hanzi typed on a mainland keyboard).

How the two are told apart: the seller most likely wrote GBK (the book's sellers are
mainland ones), so GBK's reading stands whenever it is believed; Big5 is read only when
GBK cannot read the bytes with confidence (its reading holds private-use characters, or
too many rare ones) and Big5's own reading is all frequent characters, four at least in a
file too short to measure a share (decoding._short_big5)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import table_of
from xiaoben.models.errors import BookError
from xiaoben.store.importing.decoding import read_text


def _hanzi(encoding: str, leads: range, trails: list[int]) -> list[str]:
    found = []
    for lead in leads:
        for trail in trails:
            try:
                char = bytes([lead, trail]).decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\u4e00" <= char <= "\u9fff":
                found.append(char)
    return found


BIG5_TRAILS = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
# Big5's frequent hanzi (lead bytes A4-C6) that GBK writes too: a text of them encodes in both
BOTH = [
    char
    for char in _hanzi("big5", range(0xA4, 0xC7), BIG5_TRAILS)
    if char.encode("gbk", errors="ignore")
]
COMMON = _hanzi("gbk", range(0xB0, 0xF8), list(range(0xA1, 0xFF)))  # GB2312's hanzi


def read(data: bytes) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "客戶.csv"
        path.write_bytes(data)
        return read_text(path)


def test_a_one_row_big5_file_reads_as_big5() -> None:
    text = "姓名,電話\n陳小明,0912345678\n"

    assert read(text.encode("big5")) == (text, "big5")


def test_a_one_row_big5_customers_file_imports(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "客戶.csv"
    sheet.write_bytes("姓名,電話\n陳小明,+886 912 345 678\n".encode("big5"))

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "encoding big5" in result.stdout
    assert table_of(book_path, "SELECT name, phones FROM customers") == [
        ("陳小明", '["+886912345678"]')
    ]


def test_a_taiwan_mobile_without_its_country_code_follows_the_phone_rules(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """Read right, the row meets the phone rule (09xx is no mainland number): refused by the
    cell, not the whole file by its bytes."""
    sheet = tmp_path / "客戶.csv"
    sheet.write_bytes("姓名,電話\n陳小明,0912345678\n".encode("big5"))

    result = run("import", "customers", sheet)

    assert result.exit_code == 1
    assert "line 2, 電話: phone: “0912345678” is not a valid phone number" in result.stderr
    assert "GBK" not in result.stderr


def test_a_big5_file_of_too_few_characters_is_still_refused_not_guessed() -> None:
    """Three hanzi are no evidence of Big5 (GBK's hanzi read as Big5 are frequent ones a third
    of the time): refused, naming the byte, never read in a guessed encoding."""
    with pytest.raises(BookError) as refused:
        read("姓名\n陳\n".encode("big5"))

    assert "is not valid GBK/GB18030" in refused.value.message("en")


names = st.lists(st.sampled_from(BOTH), min_size=2, max_size=3).map("".join)
phones = st.sampled_from(["0912345678", "+886 912 345 678", "2345 6789", ""])


@settings(max_examples=200, deadline=None)
@given(name=names, phone=phones, header=st.sampled_from(["姓名,電話", "姓名,手機", "客戶,電話"]))
def test_a_short_big5_file_reads_as_big5(name: str, phone: str, header: str) -> None:
    text = f"{header}\n{name},{phone}\n"

    assert read(text.encode("big5")) == (text, "big5")


@settings(max_examples=200, deadline=None)
@given(name=names, phone=phones, header=st.sampled_from(["姓名,电话", "姓名,電話", "客户,手机"]))
def test_the_same_text_written_in_gbk_reads_as_gbk(name: str, phone: str, header: str) -> None:
    """Text both encodings write (traditional hanzi), written by a mainland seller in GBK:
    GBK's reading is believed, Big5 never tried."""
    text = f"{header}\n{name},{phone}\n"

    assert read(text.encode("gbk")) == (text, "gb18030")


@settings(max_examples=200, deadline=None)
@given(
    name=st.lists(st.sampled_from(COMMON), min_size=1, max_size=3).map("".join),
    header=st.sampled_from(["姓名,手机", "客户,电话", "姓名,地址"]),
)
def test_a_short_gbk_file_still_reads_as_gbk(name: str, header: str) -> None:
    text = f"{header}\n{name},13800138000\n"

    assert read(text.encode("gbk")) == (text, "gb18030")
