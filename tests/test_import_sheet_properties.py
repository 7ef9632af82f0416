"""Fuzzing the sheet reader and the header finder: any grid reads, or says clearly why not."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tests.workbook_helpers import write_xlsx
from xiaoben.models.errors import BookError
from xiaoben.store.importing.columns import Kind
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.sheet_cells import cell_text, number_text
from xiaoben.store.importing.sheet_rows import looks_blank
from xiaoben.store.importing.tables import (
    HEADER_SEARCH_ROWS,
    describes_fields,
    find_header,
    find_header_rows,
    header_lacking,
    recognised,
    two_row_header,
)

HEADERS: dict[Kind, list[str]] = {
    "customers": ["姓名", "手机", "编号", "生日", "标签"],
    "purchases": ["客户", "日期", "金额", "商品"],
}
texts = st.sampled_from(["", "王芳", "客户", "2024年客户名单", "备注", "金额", "00042", "x"])
numbers = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
dates = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2199, 12, 31))
cells = st.one_of(st.none(), texts, numbers, dates, st.booleans())
rows = st.lists(cells, max_size=6)
kinds = st.sampled_from(["customers", "purchases"])


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_a_number_reads_as_digits_without_an_exponent(value: float) -> None:
    text = number_text(value)
    assert "e" not in text.lower()
    assert not text.endswith(".0")
    assert Decimal(text) == Decimal(format(value, ".15g")) or Decimal(text) == value


# A row above the header shorter than it (the finder's own run drew it: the test read past
# the upper row's end)
@example(grid=[["备注", "王芳"], ["", "王芳", "客户", ""]], kind="customers")
@example(grid=[["", "客户"], ["", "备注"]], kind="customers")  # a field list: no header
@given(grid=st.lists(st.lists(texts, max_size=6), max_size=30), kind=kinds)
def test_the_header_finder_picks_a_recognised_row_or_none(
    grid: list[list[str]], kind: Kind
) -> None:
    numbered = list(enumerate(grid, 1))
    position, header = find_header_rows(numbered, kind)
    assert position == find_header(numbered, kind)
    head = numbered[:HEADER_SEARCH_ROWS]
    recognised_rows = [
        at
        for at, (_, row) in enumerate(head)
        if recognised(row, kind) and not describes_fields(head, at, kind)  # 填写说明's lines
    ]
    two_rows = [
        at for at in range(1, len(head)) if two_row_header(head[at - 1], head[at], kind) is not None
    ]
    if not recognised_rows and not two_rows:
        assert (position, header) == (-1, [])
        return
    assert position in recognised_rows or position in two_rows
    assert recognised(header, kind) is not None
    if header != numbered[position][1]:  # two rows: the lower cell, else the one above it
        upper, lower = numbered[position - 1][1], numbered[position][1]
        for at, cell in enumerate(header):
            below = lower[at] if at < len(lower) else ""
            above = upper[at] if at < len(upper) else ""  # a row shorter than the other
            assert cell == (below or above)


GROUPS = st.sampled_from(["收货信息", "金额", "客户资料", "联系方式"])


@given(
    grid=st.lists(st.lists(texts, max_size=6), max_size=8),
    group=GROUPS,
    kind=kinds,
    data=st.data(),
)
def test_a_planted_two_row_header_is_found_in_any_grid(
    grid: list[list[str]], group: str, kind: Kind, data: st.DataObject
) -> None:
    """Names merged down both rows on the left, a group cell over the rest: wherever the
    two rows are planted, the header found names every column (a recognised row above them
    may come first). Not where the row under them makes a two-row header with the lower
    row (商品 over 客户 | 备注): that is a header of its own, and of two equal readings
    find_header_rows takes the lower pair, as it documents."""
    names = HEADERS[kind]
    split = data.draw(st.integers(min_value=1, max_value=len(names) - 2))  # a group: 2 wide
    upper = [*names[:split], group, *[""] * (len(names) - split - 1)]
    lower = [*[""] * split, *names[split:]]
    at = data.draw(st.integers(min_value=0, max_value=len(grid)))
    rows = [*grid[:at], upper, lower, *grid[at:]]
    numbered = list(enumerate(rows, 1))
    if at + 2 < len(numbered):
        assume(two_row_header(numbered[at + 1], numbered[at + 2], kind) is None)
    position, header = find_header_rows(numbered, kind)
    assert position >= 0 and recognised(header, kind) is not None
    if position > at + 1 or all(recognised(row, kind) is None for row in grid[:at]):
        assert (position, header) == (at + 1, names)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    titles=st.lists(rows, max_size=4),
    blanks=st.integers(min_value=0, max_value=3),
    planted=st.booleans(),
    body=st.lists(rows, max_size=12),
    kind=kinds,
)
def test_any_sheet_reads_or_says_why_not(
    titles: list[list[Any]], blanks: int, planted: bool, body: list[list[Any]], kind: Kind
) -> None:
    header = HEADERS[kind]
    grid = [*titles, *([[]] * blanks), *([header] if planted else []), *body]
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "fuzz.xlsx", {"表": grid, "二": [["备注"]]})
        try:
            table = read_any(path, kind=kind)
        except BookError as exc:
            assert not planted or any(recognised(_text(row), kind) for row in titles)
            said = exc.message("en")
            if kind == "purchases" and header_lacking(list(enumerate(map(_text, grid), 1))):
                # a row naming two columns, lacking the date or amount: said, with its row
                assert "is a header, but it has no" in said
            else:
                assert "no sheet has a header row" in said
            return
    assert recognised(table.header, kind) is not None
    if planted:
        assert table.header_line <= len(titles) + blanks + 1
    for line, row in table.rows:
        assert line > table.header_line
        assert all(isinstance(cell, str) for cell in row)
        assert not any("e+" in cell or "e-" in cell for cell in row if cell[:1].isdigit())


def _text(row: list[Any]) -> list[str]:
    from xiaoben.store.importing.sheet_cells import cell_text

    return [cell_text(cell)[0] for cell in row]


def test_a_data_row_over_a_two_row_header_is_not_its_upper_row() -> None:
    """Found by hypothesis: 王芳 over 日期 | 联系方式 read like a group cell, and the rows
    above the real header named as many fields as the header."""
    rows = [
        (1, ["", "王芳", "", "金额"]),
        (2, ["客户", "日期", "联系方式", ""]),
        (3, ["", "", "金额", "商品"]),
    ]

    assert find_header_rows(rows, "purchases") == (2, ["客户", "日期", "金额", "商品"])


def test_a_data_row_over_a_two_row_header_loses_though_it_names_more() -> None:
    """Found by hypothesis once 联系方式 became the phone's header word: 王芳 "over" 日期 |
    联系方式 beside 备注 | 金额 named five fields with the group row, the real two rows four;
    the lower pair is the header (read the other way, its lower row would be data)."""
    rows = [
        (5, ["", "王芳", "", "备注", "金额"]),
        (6, ["客户", "日期", "联系方式", ""]),
        (7, ["", "", "金额", "商品"]),
    ]

    assert find_header_rows(rows, "purchases") == (2, ["客户", "日期", "金额", "商品"])


# whitespace a cell may hold (str.isspace: a CSV cell stripped of it is empty), and text
spaces = st.text(alphabet=" \t\u3000\xa0\u2002\u2003\r\n\x0b\x0c\x85\u2028", max_size=4)
spaced_cells = st.one_of(cells, spaces, st.text(max_size=3).filter(lambda t: "=" not in t))


@given(st.lists(spaced_cells, max_size=8))
def test_a_sheet_row_is_blank_exactly_when_its_cells_read_as_a_csv_are(
    values: list[Any],
) -> None:
    assert looks_blank(values) == (not any(cell_text(value)[0] for value in values))
