"""Plain-text tables for the terminal: CJK-aware column widths, labels from the catalogue."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from xiaoben.cli.cells import pad, width_of
from xiaoben.models.enums import Quadrant, Rfm8, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.i18n import t
from xiaoben.models.text import printable, printable_cells

Columns = dict[str, Sequence[Any]]  # store.kept_tiers' rows: key -> a value a customer

# JSON escapes C0 controls itself; DEL and the C1 controls (CSI is \x9b) it passes raw.
_JSON_RAW_CONTROL = re.compile(r"[\x7f-\x9f]")


def json_text(value: Any, indent: int | None = None) -> str:
    """`value` as JSON (Chinese kept readable) with no raw control character: the stored
    text round-trips exactly, the terminal sees only escapes."""
    dumped = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_RAW_CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: set[int],
    book_text: set[int] | None = None,
) -> None:
    """Rows under headers, columns padded to their widest cell. `book_text`: the columns
    holding the book's text, made printable (default every column; our own labels and
    numbers need not be)."""
    if book_text is None:
        rows = [[printable(cell) for cell in row] for row in rows]
    elif book_text:
        rows = [[printable(c) if k in book_text else c for k, c in enumerate(r)] for r in rows]
    widths = [width_of(h) for h in headers]
    for k in range(len(headers)):
        widths[k] = max([widths[k], *(width_of(row[k]) for row in rows)])
    out = sys.stdout
    out.write("  ".join(pad(h, widths[k], k in numeric) for k, h in enumerate(headers)).rstrip())
    out.write("\n")
    lines = []
    for row in rows:
        line = "  ".join(pad(cell, widths[k], k in numeric) for k, cell in enumerate(row))
        lines.append(line.rstrip() + "\n")
    out.write("".join(lines))


# Which columns each lens shows (after customer and name).
_LENS_COLUMNS = {
    "value": ("value_tier", "revenue", "orders"),
    "rfm": ("rfm", "rfm_segment", "recency_days", "orders", "revenue"),
    "rfm8": ("rfm8", "recency_days", "orders", "revenue"),
    "stage": ("stage", "last_purchase", "orders"),
    "role": ("role", "orders"),
    "score": ("score", "value_tier", "revenue"),
    "quadrant": ("quadrant", "value_tier", "rfm"),
}
_ALL = (
    "value_tier",
    "rfm",
    "rfm_segment",
    "rfm8",
    "stage",
    "role",
    "score",
    "quadrant",
    "revenue",
    "orders",
    "last_purchase",
)
_NUMERIC = {"revenue", "orders", "score", "recency_days"}
# Columns named for a lens take the lens's name (the vocabulary's), the rest are our own.
_LENS_NAMED = {"value_tier", "rfm", "rfm_segment", "rfm8", "stage", "role", "score", "quadrant"}


def _header_key(column: str) -> str:
    return f"lens.{column}" if column in _LENS_NAMED else f"col.{column}"


def _word(column: str, value: Any, tier_name: Callable[[ValueTier], str]) -> str:
    """The cell of a worded column: its value's label (— for none)."""
    if column == "stage":  # every customer has a stage and a role
        return Stage(value).label()
    if column == "role":
        return Role(value).label()
    if not value:
        return "—"
    if column == "value_tier":
        return tier_name(ValueTier(value))
    if column == "rfm_segment":
        return RfmSegment.parse(value).label()
    if column == "rfm8":
        return Rfm8.parse(value).label()
    return Quadrant(value).label()


# Columns whose cell is a label of one value: worded once per value, not once per row.
_WORDED = {"value_tier", "rfm_segment", "rfm8", "stage", "role", "quadrant"}
# Columns of numbers never missing, formatted as the table's line is made: (format spec).
_FORMATS = {"revenue": ",.2f", "score": ".1f", "orders": "d"}


def _cells(
    columns: Columns, column: str, tier_name: Callable[[ValueTier], str]
) -> tuple[Sequence[Any], str]:
    """One column of the table, a cell a customer: text, or numbers and their format."""
    values = columns[column] if column != "rfm" else ()
    if column in _WORDED:
        words = {value: _word(column, value, tier_name) for value in set(values)}
        return [words[value] for value in values], ""
    if column == "rfm":
        rfm = zip(columns["r"], columns["f"], columns["m"], strict=True)
        return [f"{r}{f}{m}" if r else "—" for r, f, m in rfm], ""
    if column in _FORMATS:
        return values, _FORMATS[column]
    return ["—" if value is None else str(value) for value in values], ""


def tier_table_keys(lens: str | None) -> set[str]:
    """The keys of the rows (store.kept_tiers.KEYS) the table of `lens` reads."""
    shown = _LENS_COLUMNS[lens] if lens else _ALL
    rfm = {"r", "f", "m"} if "rfm" in shown else set()
    return {"customer", "name", *shown, *rfm, "value", "value_tier", "orders"} - {"rfm"}


def print_tier_table(
    columns: Columns, lens: str | None, tier_name: Callable[[ValueTier], str]
) -> None:
    """`xiaoben tiers`: the lens's columns (every lens without one) under their names, a
    row a customer, then the value tiers' summary. `tier_name`: the rules' names."""
    shown = _LENS_COLUMNS[lens] if lens else _ALL
    headers = [t("col.customer"), t("field.name"), *(t(_header_key(c)) for c in shown)]
    body = [
        (printable_cells(columns["customer"]), ""),
        (printable_cells(columns["name"]), ""),
        *(_cells(columns, column, tier_name) for column in shown),
    ]
    write_columns(headers, body, {k + 2 for k, c in enumerate(shown) if c in _NUMERIC})
    _print_value_summary(columns, tier_name)


# Printable ASCII and CJK Unified Ideographs: one cell and two, one byte and three in UTF-8.
_NOT_NARROW_OR_IDEOGRAPH = re.compile("[^\x20-\x7e\u4e00-\u9fff]")


def _extra_cells(texts: set[str]) -> dict[str, int]:
    """The texts wider on screen than their length (CJK), with how many cells more."""
    joined = "".join(texts)
    if joined.isascii():
        return {}
    if not _NOT_NARROW_OR_IDEOGRAPH.search(joined):  # two cells where UTF-8 has three bytes
        return {text: extra for text in texts if (extra := (len(text.encode()) - len(text)) >> 1)}
    return {text: extra for text in texts if (extra := width_of(text) - len(text))}


def write_columns(
    headers: Sequence[str], body: Sequence[tuple[Sequence[Any], str]], numeric: set[int]
) -> None:
    """print_table's layout for a table given a column at a time (100,000 rows): each
    column is printable text (format "") or numbers never missing with their format
    spec; columns are padded to their widest cell, numeric ones to the right. A line is
    one %-format of its cells (padding in C; CJK cells padded beforehand)."""
    fields, cells, widths = [], [], []
    for k, (values, spec) in enumerate(body):
        align = "" if k in numeric else "-"
        if spec:  # the widest of numbers formatted alike is the largest or the smallest
            ends = (max(values), min(values)) if values else ()
            width = max([width_of(headers[k]), *(len(format(end, spec)) for end in ends)])
            if "," in spec:  # thousands: a format %-formatting lacks
                values, spec = [format(value, spec) for value in values], "s"
            fields.append(f"%{align}{width}{spec}")
            cells.append(values)
            widths.append(width)
            continue
        distinct = set(values)
        wide = _extra_cells(distinct)
        width = max(
            width_of(headers[k]),
            max(map(len, distinct), default=0),
            max((len(cell) + extra for cell, extra in wide.items()), default=0),
        )
        widths.append(width)
        if wide:  # padded here: %-formatting's widths count characters, not cells
            justify = str.rjust if k in numeric else str.ljust
            padded = {cell: justify(cell, width - wide.get(cell, 0)) for cell in distinct}
            cells.append([padded[cell] for cell in values])
            fields.append("%s")
        else:
            cells.append(values)
            fields.append(f"%{align}{width}s")
    out = sys.stdout
    out.write("  ".join(pad(h, widths[k], k in numeric) for k, h in enumerate(headers)).rstrip())
    out.write("\n")
    line = "  ".join(fields)
    lines = [(line % row).rstrip() for row in zip(*cells, strict=True)]
    out.write("\n".join(lines) + ("\n" if lines else ""))


def _print_value_summary(columns: Columns, tier_name: Callable[[ValueTier], str]) -> None:
    values, tiers, orders = columns["value"], columns["value_tier"], columns["orders"]
    total = sum(value for value in values if value > 0)
    buyers = len(orders) - orders.count(0)
    counts = Counter(tiers)
    positive = dict.fromkeys((tier.value for tier in ValueTier), 0.0)
    for tier, value in zip(tiers, values, strict=True):
        if tier and value > 0:
            positive[tier] += value
    lines = []
    for tier in ValueTier:
        share = positive[tier.value] / total if total else 0.0
        lines.append(
            t(
                "cli.tier_summary",
                tier=tier_name(tier),
                count=counts[tier.value],
                share=share * 100,
                customers=counts[tier.value] / buyers * 100 if buyers else 0.0,
            )
        )
    sys.stdout.write("\n" + t("cli.summary_head", customers=len(values), buyers=buyers) + "\n")
    sys.stdout.write(printable("\n".join(lines), lines=True) + "\n")


JSON_BATCH = 2_000  # rows made into objects and written at a time


def write_json_rows(columns: Columns) -> None:
    """The rows as a JSON list of objects (json_text's, indent 1), a batch of rows at a
    time: never an object per row for the whole book at once."""
    keys = list(columns)
    count = len(columns[keys[0]]) if keys else 0
    out = sys.stdout
    out.write("[")
    for start in range(0, count, JSON_BATCH):
        batch = zip(*(columns[key][start : start + JSON_BATCH] for key in keys), strict=True)
        text = json_text([dict(zip(keys, row, strict=True)) for row in batch], indent=1)
        out.write(("\n" if start == 0 else ",\n") + text[2:-2])  # inside "[\n" … "\n]"
    out.write("\n]\n" if count else "]\n")
