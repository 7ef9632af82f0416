"""How the app writes what it shows: text fitted to a column, money, due days, birthdays.

Pure functions of their arguments and the current language; nothing here draws or reads
the book. One name, one meaning: `money` is how the app writes an amount.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Literal

from lunar_python.util import LunarUtil
from rich.cells import cell_len

from xiaoben.models.birthday import Birthday
from xiaoben.models.i18n import current_language, t
from xiaoben.models.text import printable
from xiaoben.tui.i18n import label

Align = Literal["left", "right"]
GAP = 2  # blank cells between the columns of a table
WIDE = 99  # a width that never shortens an amount


# What a date or an amount is written with (2026年11月9日, ¥1,234.50, 2026-11-09, 3.5%).
_VALUE_CHARS = re.compile(r"[\d¥,.\-/:年月日%]")
_VALUE_TAIL = re.compile(r"[\d¥,.\-/:年月日%]*\d[\d¥,.\-/:年月日%]*$")


def fit(text: str, width: int, align: Align = "left") -> str:
    """`text` in exactly `width` cells (CJK characters are two), cut with … if too long;
    control characters from the book shown visibly (^[), never sent to the terminal."""
    if width <= 0:
        return ""
    text = printable(text)
    if cell_len(text) > width:
        kept = ""
        for char in text:  # never half a wide character
            if cell_len(kept + char) > width - 1:
                break
            kept += char
        if _VALUE_CHARS.match(text[len(kept)]) and kept[-1:] and _VALUE_CHARS.match(kept[-1]):
            kept = _VALUE_TAIL.sub("", kept)  # never half a date or an amount: all of it goes
        text = kept.rstrip() + "…"
    pad = " " * (width - cell_len(text))
    return text + pad if align == "left" else pad + text


def money(cents: int, width: int = WIDE) -> str:
    """Whole yuan, rounded half up, with thousands separators; in 万/亿 (k/M) when that does
    not fit `width`."""
    yuan = (cents + 50) // 100
    full = f"¥{yuan:,}"
    if len(full) <= width:
        return full
    if current_language() == "zh":
        return f"¥{yuan / 1e8:.1f}亿" if yuan >= 10**8 else f"¥{yuan / 1e4:.1f}万"
    return f"¥{yuan / 1e6:.1f}M" if yuan >= 10**6 else f"¥{yuan / 1e3:.0f}k"


def money_to_the_cent(amount: Decimal) -> str:
    """¥1,234.50: one purchase or refund, as the seller entered it (the lists compare
    amounts in whole yuan; a record shows its cents)."""
    return f"¥{amount:,.2f}"


def when_due(days_overdue: int) -> str:
    """逾期 3 天 / 今天 / 明天 / 还有 2 天, in the seller's language."""
    if days_overdue > 0:
        return t("queue.due.overdue", days=days_overdue)
    if days_overdue == 0:
        return t("queue.due.today")
    if days_overdue == -1:
        return t("queue.due.tomorrow")
    return t("queue.due.in", days=-days_overdue)


def birthday_shown(birthday: Birthday) -> str:
    """1990-03-05, 03-05; lunar as 农历八月十五 (zh) or lunar 08-15 (en)."""
    if not birthday.lunar:
        day = f"{birthday.month:02d}-{birthday.day:02d}"
        return f"{birthday.year}-{day}" if birthday.year else day
    leap = label("page.summary.leap") if birthday.leap_month else ""
    if current_language() == "zh":
        year = f"{birthday.year}年" if birthday.year else ""
        month = f"{LunarUtil.MONTH[birthday.month]}月"
        return f"{label('field.lunar')}{year}{leap}{month}{LunarUtil.DAY[birthday.day]}"
    year = f"{birthday.year}-" if birthday.year else ""
    return f"{label('field.lunar')} {year}{leap}{birthday.month:02d}-{birthday.day:02d}"


NEAR_DAYS = 7  # within a week of today a day reads as words: 昨天, 3 天前, 明天, 3 天后


def short_day(day: date | str | None, today: date) -> str:
    """A day in a narrow column: 今天, 昨天, 3 天前, 明天, 3 天后 within a week; 12-01 in
    today's year; 2025-12-01 in another. Never a date cut short; "—" for none."""
    if day is None or day == "":
        return label("page.badge.none")
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    days = (day - today).days
    if days == 0:
        return t("queue.due.today")
    if -NEAR_DAYS <= days < 0:
        return t("day.yesterday") if days == -1 else t("day.ago", days=-days)
    if 0 < days <= NEAR_DAYS:
        return t("queue.due.tomorrow") if days == 1 else t("day.after", days=days)
    return f"{day:%m-%d}" if day.year == today.year else day.isoformat()


def fit_columns(widths: list[int], room: int, gap: int = GAP) -> list[bool]:
    """Which columns to show, given their widths in priority order (most wanted first):
    each is shown whole or not at all, and the first always is."""
    kept, used = [], 0
    for number, width in enumerate(widths):
        needed = width + (gap if number else 0)
        fits = not number or used + needed <= room
        kept.append(fits)
        used += needed if fits else 0
    return kept
