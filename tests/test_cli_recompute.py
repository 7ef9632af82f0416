"""`xiaoben recompute`: every lens stored again, as of today or any day, with a summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from xiaoben.store.driver import sqlite3


def test_recompute_reports_what_changed(run: Callable[..., Result], shop_path: Path) -> None:
    result = run("recompute")

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "recomputed as of 2026-11-23: 0 customers' results changed, 0 tier moves logged"
    )


def test_recompute_as_of_an_earlier_day_stores_that_days_tiers(
    run: Callable[..., Result], shop_path: Path
) -> None:
    result = run("recompute", "--as-of", "2026-04-01")

    assert result.exit_code == 0, result.output
    assert "recomputed as of 2026-04-01" in result.stdout
    conn = sqlite3.connect(shop_path)
    try:
        stage_of_li = conn.execute(
            "SELECT stage FROM tiers JOIN customers c ON c.id = customer_id WHERE c.code = 'C002'"
        ).fetchone()
        as_of = conn.execute("SELECT value FROM meta WHERE key = 'tiers_as_of'").fetchone()
    finally:
        conn.close()
    assert stage_of_li == ("potential",)  # her first purchase was in May
    assert as_of == ("2026-04-01",)
