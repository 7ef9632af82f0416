"""`import customers` counts a customer whose custom field values it changed as updated, the
dry run too: a seller filling their own fields from a spreadsheet is told what changed, and a
file that changes nothing is 0 updated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import write_csv
from xiaoben.store.driver import sqlite3


def _budgets(path: Path) -> list[tuple[str, float]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT c.code, v.number FROM field_values v JOIN customers c ON c.id = v.customer_id"
            " ORDER BY c.code"
        ).fetchall()
    finally:
        conn.close()


def test_an_import_changing_only_custom_fields_counts_those_customers_as_updated(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    assert run("fields", "add", "预算", "--en", "budget", "--kind", "number").exit_code == 0
    budgets = write_csv(tmp_path / "b.csv", ["编号,预算", "C001,100", "C002,200"])

    first = run("import", "customers", str(budgets))
    again = run("import", "customers", str(budgets))
    changed = write_csv(tmp_path / "c.csv", ["编号,预算", "C001,150", "C002,200"])
    dry = run("import", "customers", str(changed), "--dry-run")
    real = run("import", "customers", str(changed))

    assert first.exit_code == 0, first.output
    assert "(0 customers created, 2 updated;" in first.stdout
    assert "(0 customers created, 0 updated;" in again.stdout
    assert dry.exit_code == 0, dry.output
    assert "(0 customers created, 1 updated;" in dry.stdout
    assert "(0 customers created, 1 updated;" in real.stdout
    assert _budgets(shop_path) == [("C001", 150.0), ("C002", 200.0)]


def test_a_customer_whose_fields_and_record_both_change_is_counted_once(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    assert run("fields", "add", "预算", "--en", "budget", "--kind", "number").exit_code == 0
    rows = write_csv(tmp_path / "b.csv", ["编号,预算,备注", "C001,100,老客", "C009,5,"])

    result = run("import", "customers", str(rows))

    assert result.exit_code == 0, result.output
    assert "(1 customer created, 1 updated;" in result.stdout
