"""Money as the seller reads it. A leaf: imports nothing, so a command that only prints
amounts (`xiaoben report` reading a kept overview) loads no validation library."""

from __future__ import annotations

from decimal import Decimal


def cents_shown(cents: int | float, currency: str = "¥") -> str:
    """An amount to the cent with thousands separators: 1240000 -> ¥12,400.00 (a reason or a
    message); currency="" for a column of amounts (`xiaoben report`)."""
    amount = Decimal(round(cents)) / 100
    return f"{currency}{amount:,.2f}"
