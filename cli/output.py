"""Plain-text tables for the terminal: CJK-aware column widths, labels from the catalogue."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len

from xiaoben.models.enums import Quadrant, Rfm8, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.i18n import t
from xiaoben.models.text import printable

if TYPE_CHECKING:  # the rules come with the book; this module loads before it
    from xiaoben.models.rules import Rules

# JSON escapes C0 controls itself; DEL and the C1 controls (CSI is \x9b) it passes raw.
_JSON_RAW_CONTROL = re.compile(r"[\x7f-\x9f]")


def json_text(value: Any, indent: int | None = None) -> str:
    """`value` as JSON (Chinese kept readable) with no raw control character: the stored
    text round-trips exactly, the terminal sees only escapes."""
    dumped = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_RAW_CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def width_of(text: str) -> int:
    """Terminal cells of `text` (ASCII text, the numbers and codes of a table: its length)."""
    return len(text) if text.isascii() else cell_len(text)


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - width_of(text))
    return gap + text if right else text + gap


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


def _cell(row: dict[str, Any], column: str, rules: Rules) -> str:
    value = row.get(column)
    if column == "value_tier":
        return rules.tier_name(ValueTier(value)) if value else "—"
    if column == "rfm":
        return f"{row['r']}{row['f']}{row['m']}" if row["r"] else "—"
    if column == "rfm_segment":
        return RfmSegment.parse(value).label() if value else "—"
    if column == "rfm8":
        return Rfm8.parse(value).label() if value else "—"
    if column == "stage":  # every customer has a stage and a role
        return Stage(row["stage"]).label()
    if column == "role":
        return Role(row["role"]).label()
    if column == "quadrant":
        return Quadrant(value).label() if value else "—"
    if column == "revenue":
        return f"{value:,.2f}"
    if column == "score":
        return f"{value:.1f}"
    return "—" if value is None else str(value)


# Columns whose cell is a label of one value: worded once per value, not once per row.
_WORDED = {"value_tier", "rfm_segment", "rfm8", "stage", "role", "quadrant"}


def print_tier_table(rows: list[dict[str, Any]], lens: str | None, rules: Rules) -> None:
    columns = _LENS_COLUMNS[lens] if lens else _ALL
    headers = [t("col.customer"), t("field.name"), *(t(_header_key(c)) for c in columns)]
    numeric = {k + 2 for k, c in enumerate(columns) if c in _NUMERIC}
    words: dict[tuple[str, Any], str] = {}

    def cell(row: dict[str, Any], column: str) -> str:
        if column not in _WORDED:
            return _cell(row, column, rules)
        key = (column, row.get(column))
        if key not in words:
            words[key] = _cell(row, column, rules)
        return words[key]

    body = [[row["customer"], row["name"], *(cell(row, c) for c in columns)] for row in rows]
    print_table(headers, body, numeric, book_text={0, 1})
    _print_value_summary(rows, rules)


def _print_value_summary(rows: list[dict[str, Any]], rules: Rules) -> None:
    total = sum(max(row["value"], 0) for row in rows)
    buyers = sum(1 for row in rows if row["orders"])
    lines = []
    for tier in ValueTier:
        members = [row for row in rows if row["value_tier"] == tier.value]
        share = sum(max(row["value"], 0) for row in members) / total if total else 0.0
        lines.append(
            t(
                "cli.tier_summary",
                tier=rules.tier_name(tier),
                count=len(members),
                share=share * 100,
                customers=len(members) / buyers * 100 if buyers else 0.0,
            )
        )
    sys.stdout.write("\n" + t("cli.summary_head", customers=len(rows), buyers=buyers) + "\n")
    sys.stdout.write(printable("\n".join(lines), lines=True) + "\n")
