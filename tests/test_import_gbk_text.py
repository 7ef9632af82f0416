"""GBK text reads back as written: names, addresses and notes of GBK's whole repertoire (昇 is
95 4E, its second byte an ASCII "N"), short files too; a damaged file is still refused by name."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import fixed_clock
from xiaoben.models.errors import BookError
from xiaoben.store.book import Book
from xiaoben.store.importing.decoding import read_text


def _hanzi(leads: range, trails: range) -> list[str]:
    found = []
    for lead in leads:
        for trail in trails:
            if trail == 0x7F:
                continue
            try:
                char = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            if "\u4e00" <= char <= "\u9fff":
                found.append(char)
    return found


COMMON = _hanzi(range(0xB0, 0xF8), range(0xA1, 0xFF))  # GB2312's hanzi
BEYOND = sorted(set(_hanzi(range(0x81, 0xFF), range(0x40, 0xFF))) - set(COMMON))  # GBK's others
PLACES = ["杭州市西湖区文三路", "上海市浦东新区张江路", "广东省深圳市南山区", "北京市朝阳区建国路"]

common = st.sampled_from(COMMON)
ascii_bits = st.sampled_from(list("0123456789ABCxyz 。，、"))


def _rows(pool: list[str]) -> st.SearchStrategy[list[tuple[str, str, str]]]:
    """Rows whose rare characters come from `pool`: Chinese text is mostly GB2312's (the
    reader tells GBK from Big5 read as GBK by that), with any of GBK's others among it."""
    rare = st.sampled_from(pool)
    names = st.tuples(common, st.lists(st.one_of(common, rare), min_size=1, max_size=2))
    addresses = st.tuples(
        st.sampled_from(PLACES),
        st.integers(1, 999),
        st.sampled_from(["号", "号A座", "弄3栋"]),
        rare,
    ).map(lambda parts: f"{parts[0]}{parts[1]}{parts[2]}{parts[3]}苑")
    notes = st.text(st.one_of(common, rare, ascii_bits), max_size=8)
    row = st.tuples(names.map(lambda parts: parts[0] + "".join(parts[1])), addresses, notes)
    return st.lists(row, min_size=1, max_size=6)


rows = st.lists(st.sampled_from(BEYOND), min_size=1, max_size=4, unique=True).flatmap(_rows)


@settings(max_examples=150, deadline=None)
@given(rows=rows, encoding=st.sampled_from(["gbk", "gb18030"]))
def test_any_text_of_gbk_names_addresses_and_notes_reads_back_equal(
    rows: list[tuple[str, str, str]], encoding: str
) -> None:
    text = "姓名,地址,备注\n" + "".join(f"{name},{place},{note}\n" for name, place, note in rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_bytes(text.encode(encoding))

        assert read_text(path) == (text, "gb18030")


# --- a short file of rare given names ---------------------------------------------------------

NAME_HEADER = "姓名,地址\n"
# Big5's frequent hanzi and Japanese kana: text of other encodings, never to be read as GBK
BIG5_FREQUENT = [
    char
    for char in (bytes([lead, trail]).decode("big5", "ignore") for lead in range(0xA4, 0xC6)
                 for trail in range(0xA1, 0xFF))
    if char and "\u4e00" <= char <= "\u9fff"
]  # fmt: skip
KANA = [chr(code) for code in range(0x3041, 0x3094)] + [chr(code) for code in range(0x30A1, 0x30F5)]


@settings(max_examples=150, deadline=None)
@given(
    names=st.lists(
        st.lists(st.sampled_from(BEYOND), min_size=1, max_size=3).map("".join),
        min_size=1,
        max_size=6,
    ),
    places=st.lists(st.sampled_from(["", "杭州", "北京"]), min_size=6, max_size=6),
)
def test_a_short_file_of_mostly_rare_names_reads_back_equal(
    names: list[str], places: list[str]
) -> None:
    """Rare characters outnumbering the common ones (the header's, a city's) are still GBK's."""
    text = NAME_HEADER + "".join(
        f"{name},{place}\n" for name, place in zip(names, places, strict=False)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_bytes(text.encode("gbk"))

        assert read_text(path) == (text, "gb18030")


@settings(max_examples=150, deadline=None)
@given(
    cells=st.lists(st.text(st.sampled_from(BIG5_FREQUENT), min_size=2, max_size=4), min_size=1,
                   max_size=6),
    encoding=st.sampled_from(["big5", "shift_jis"]),
    kana=st.lists(st.text(st.sampled_from(KANA), min_size=2, max_size=4), min_size=1, max_size=6),
)  # fmt: skip
def test_big5_or_japanese_text_is_never_read_as_gbk(
    cells: list[str], encoding: str, kana: list[str]
) -> None:
    """The leniency for rare names takes no other East Asian text for GBK: it is read in its
    own encoding or refused by name, never garbled."""
    body = cells if encoding == "big5" else kana
    header = "姓名,地址\n" if encoding == "big5" else "名前,住所\n"
    text = header + "".join(f"{cell},{cell}\n" for cell in body)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_bytes(text.encode(encoding))
        try:
            read, used = read_text(path)
        except BookError as exc:
            assert exc.key.startswith("import."), exc
            return
        assert (read, used) == (text, encoding)


def test_a_short_gbk_customer_file_of_rare_names_imports(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "客户.csv"
    sheet.write_bytes("姓名,地址\n祎玥,\n喆翀,杭州\n王淏,\n甄昇,\n邝珺琤,\n".encode("gbk"))

    result = run("import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "imported 5 of 5 rows" in result.stdout
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.find_customer("喆翀") is not None
