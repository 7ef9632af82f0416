"""Cells that say "nothing here" (无, 暂无, 不详, -, N/A …): an optional field reads them as empty.

Only optional fields: a name, an amount or a date written 无 keeps its own rule (refused).
Pure text, no I/O.
"""

from __future__ import annotations

import unicodedata

# Written whole in a cell; compared in one width (－ is -) and one case (N/A, n/a, NA).
PLACEHOLDERS = frozenset(
    {
        "无",
        "暂无",
        "没有",
        "不详",
        "未知",
        "保密",
        "-",
        "--",
        "---",
        "—",
        "——",
        "/",
        "n/a",
        "na",
        "null",
        "none",
    }
)


def placeholder(text: str) -> bool:
    """Whether a cell is one of PLACEHOLDERS (spaces round it aside)."""
    if len(text) > 12:
        return False  # most cells: no strip, no normalising
    text = text.strip()
    if not text or len(text) > 4:
        return False
    return unicodedata.normalize("NFKC", text).strip().casefold() in PLACEHOLDERS
