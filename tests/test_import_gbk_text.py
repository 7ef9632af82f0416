"""GBK text reads back as written: names, addresses and notes of GBK's whole repertoire (昇 is
95 4E, its second byte an ASCII "N"), short files too; a damaged file is still refused by name."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

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
