"""Shorthand for the lens tests: a fixed as-of day and a buyer built from a few figures."""

from __future__ import annotations

from datetime import date

from xiaoben.tiering.frame import CustomerStats, epoch_day

AS_OF = date(2025, 6, 1)
TODAY = epoch_day(AS_OF)


def buyer(
    customer_id: int, revenue: int = 1_000, *, orders: int = 1, days_ago: int = 10, **more: object
) -> CustomerStats:
    return CustomerStats(
        customer_id,
        orders=orders,
        revenue_cents=revenue,
        first_purchase_day=TODAY - days_ago - 30,
        last_purchase_day=TODAY - days_ago,
        **more,  # type: ignore[arg-type]  # test shorthand for CustomerStats fields
    )
