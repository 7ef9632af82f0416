"""Calendar days as sellers type them: the one date parser (models.values re-exports it).

Apart from models.values so that a command given a day (`xiaoben tiers --as-of`) parses
it without loading pydantic or the phone number tables.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from xiaoben.models.errors import problem

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> date:
    """A real calendar date from a date or text (2024-03-08, 2024/3/8, 20240308, 2024年3月8日)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = text.split("T")[0].split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text) else text
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            break
    else:
        raise problem("date_format", value=text)
    if not 1 <= month <= 12:
        raise problem("date_format", value=text)
    if not 1900 <= year <= 2199:
        raise problem("date_range", value=text)
    try:
        return date(year, month, day)
    except ValueError:
        raise problem("date_missing_day", value=text, year=year, month=month, day=day) from None
