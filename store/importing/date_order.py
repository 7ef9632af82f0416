"""Whether a purchases file's slashed dates (03/05/2024) are month first or day first, as the
whole column shows it: never guessed a cell at a time.

A cell whose first part is above 12 (25/03/2024) is day first, one whose second is (03/25/2024)
month first; a file whose every buyer is in the United States is month first (the US writes
dates so: TikTok Shop US, Etsy). A column that cannot tell is refused by name, saying how to
say it (--date-order). A column that also holds dates of another shape (2024-03-05) is left to
read cell by cell: its unclear slashed cells are refused by row, as they always were. Cells
only: nothing here touches the book.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from xiaoben.models.cells import slashed_parts
from xiaoben.models.errors import BookError
from xiaoben.store.importing.abroad import country_columns, region_of
from xiaoben.store.importing.columns import ColumnMap

DateOrder = Literal["month-first", "day-first"]
DATE_ORDERS: tuple[DateOrder, ...] = ("month-first", "day-first")


def date_order(
    rows: Iterable[tuple[int, Sequence[str]]], columns: ColumnMap, given: DateOrder | None
) -> DateOrder | None:
    """The order of the file's slashed dates (None: it has none, or its dates are not all
    slashed day-and-month ones, or the seller said `given`); BookError if its slashed cells
    show both orders, or neither and no US buyers."""
    at = columns.fields.get("date")
    if at is None:
        return given
    dates = [at, *columns.fallbacks.get("date", ())]
    countries = country_columns(columns.header)
    day_first: str | None = None
    month_first: str | None = None
    unclear: tuple[int, str] | None = None
    abroad = False  # a buyer outside the United States, or one not said
    others = False  # a date of another shape (2024-03-05, 2024/3/5): the column's own order
    for _, cells in rows:
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
                unclear = (each, text.strip())
        if slashed and not abroad:
            named = {region_of(cells[i]) for i in countries if cells[i].strip()}
            abroad = named != {"US"}
    column = columns.header[at]
    if others and not given:
        # a column mostly of year-first dates with a stray 5/3/2024: that cell is refused
        # on its row as any other unclear date (--keep-good imports the rest), the file
        # never refused whole for it
        return None
    if day_first and month_first:
        raise BookError(
            "import.date_order_mixed", column=column, day_first=day_first, month_first=month_first
        )
    if given or unclear is None:
        return given or ("day-first" if day_first else "month-first" if month_first else None)
    if day_first:
        return "day-first"
    if month_first or not abroad:
        return "month-first"
    raise BookError(
        "import.date_order_unclear", column=columns.header[unclear[0]], value=unclear[1]
    )
