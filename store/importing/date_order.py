"""Whether a purchases file's slashed dates (03/05/2024) are month first or day first, as the
whole column shows it: never guessed a cell at a time.

A cell whose first part is above 12 (25/03/2024) is day first, one whose second is (03/25/2024)
month first; a file whose every buyer is in the United States is month first (the US writes
dates so: TikTok Shop US, Etsy). A column that cannot tell is refused by name, saying how to
say it (--date-order, the Import screen's date order). A column that also holds dates of
another shape (2024-03-05) is left to read cell by cell: its unclear slashed cells are refused
by row, as they always were. Cells only: nothing here touches the book.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from xiaoben.models.cells import slashed_parts
from xiaoben.models.errors import BookError
from xiaoben.store.importing.abroad import country_columns, region_of
from xiaoben.store.importing.columns import ColumnMap
from xiaoben.store.importing.csv_table import BATCH_ROWS

DateOrder = Literal["month-first", "day-first"]
DATE_ORDERS: tuple[DateOrder, ...] = ("month-first", "day-first")


@dataclass(frozen=True)
class _Seen:
    """What a file's date cells show of their order."""

    column: str  # the date column's header
    day_first: str | None  # the first cell that can only be day first (25/03/2024)
    month_first: str | None  # likewise month first (03/25/2024)
    unclear: tuple[str, str] | None  # (its column, the first cell) that could be either
    abroad: bool  # a buyer outside the United States, or one not said
    others: bool  # a date of another shape (2024-03-05, 2024/3/5): the column's own order


@dataclass(frozen=True)
class DatesRead:
    """How a file's slashed dates are read, for the seller to see before importing: `order`
    as the column shows it, `shown_by` the cell that shows it ("" where every buyer is in
    the United States); `order` None where nothing shows it (`example` could be either)
    and the seller says it."""

    column: str
    order: DateOrder | None
    shown_by: str
    example: str


def _seen(
    rows: Iterable[tuple[int, Sequence[str]]], columns: ColumnMap, glance: bool = False
) -> _Seen | None:
    """What the rows' date cells show (None: the file has no date column); `glance`: only
    until they show they are not all slashed ones (a date of another shape, or none slashed
    among the first BATCH_ROWS rows, where the importer reads each cell as it is)."""
    at = columns.fields.get("date")
    if at is None:
        return None
    dates = [at, *columns.fallbacks.get("date", ())]
    countries = country_columns(columns.header)
    day_first: str | None = None
    month_first: str | None = None
    unclear: tuple[str, str] | None = None
    abroad = False
    others = False
    for count, (_, cells) in enumerate(rows):
        if glance and (
            others or (count == BATCH_ROWS and not (day_first or month_first or unclear))
        ):
            break
        slashed = False
        for each in dates:
            text = cells[each] if each < len(cells) else ""
            parts = slashed_parts(text) if "/" in text else None
            if parts is None:
                others = others or any(ch.isdigit() for ch in text)
                continue
            slashed = True
            first, second = parts
            if first > 12 >= second:
                day_first = day_first or text.strip()
            elif second > 12 >= first:
                month_first = month_first or text.strip()
            elif unclear is None:
                unclear = (columns.header[each], text.strip())
        if slashed and not abroad:
            named = {region_of(cells[i]) for i in countries if cells[i].strip()}
            abroad = named != {"US"}
    return _Seen(columns.header[at], day_first, month_first, unclear, abroad, others)


def date_order(
    rows: Iterable[tuple[int, Sequence[str]]], columns: ColumnMap, given: DateOrder | None
) -> DateOrder | None:
    """The order of the file's slashed dates (None: it has none, or its dates are not all
    slashed day-and-month ones, or the seller said `given`); BookError if its slashed cells
    show both orders, or neither and no US buyers."""
    seen = _seen(rows, columns)
    if seen is None:
        return given
    if seen.others and not given:
        # a column mostly of year-first dates with a stray 5/3/2024: that cell is refused
        # on its row as any other unclear date (--keep-good imports the rest), the file
        # never refused whole for it
        return None
    if seen.day_first and seen.month_first:
        raise BookError(
            "import.date_order_mixed",
            column=seen.column,
            day_first=seen.day_first,
            month_first=seen.month_first,
        )
    if given or seen.unclear is None:
        return given or _shown(seen)
    order = _shown(seen)
    if order is not None:
        return order
    raise BookError("import.date_order_unclear", column=seen.unclear[0], value=seen.unclear[1])


def _shown(seen: _Seen) -> DateOrder | None:
    """The order the cells show (or the buyers' country, where some cells are unclear)."""
    if seen.day_first:
        return "day-first"
    if seen.month_first or (seen.unclear is not None and not seen.abroad):
        return "month-first"
    return None


def dates_read(rows: Iterable[tuple[int, Sequence[str]]], columns: ColumnMap) -> DatesRead | None:
    """How the file's slashed dates are read where they are read as a whole column (as
    date_order reads them with no order given); None where they are not: no date column,
    no slashed date, dates of another shape among them (each cell read as it is), or both
    orders shown (date_order refuses the file)."""
    seen = _seen(rows, columns, glance=True)
    if seen is None or seen.others or (seen.day_first and seen.month_first):
        return None
    example = seen.unclear[1] if seen.unclear else ""
    if not (seen.day_first or seen.month_first or example):
        return None
    order = _shown(seen)
    column = seen.unclear[0] if order is None and seen.unclear else seen.column
    return DatesRead(column, order, seen.day_first or seen.month_first or "", example)
