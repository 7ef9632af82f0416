"""xiaoben import purchases says how many purchases it recorded (or would, a dry run), beside
its counts of customers: "imported 3 of 3 rows (0 customers created, 0 updated …)" had
read as purchases updated, and never said how many purchases came in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import write_csv

ORDERS = [
    "订单号,客户,手机,日期,金额",
    "A1,王芳,13800138000,2024-05-01,100",
    "A2,王芳,13800138000,2024-05-02,50",
    "A3,李娜,13900139000,2024-05-03,70",
]


@pytest.mark.parametrize(
    ("lang", "dry", "done"),
    [
        ("zh", "将记入消费 3 笔（上面的新建、更新都是客户）", "\n记入消费 3 笔（上面的新建"),
        (
            "en",
            "3 purchases would be recorded (created and updated above count customers)",
            "3 purchases recorded (created and updated above count customers)",
        ),
    ],
)
def test_a_purchases_import_says_the_purchases_it_recorded(
    run: Callable[..., Result], tmp_path: Path, lang: str, dry: str, done: str
) -> None:
    orders = write_csv(tmp_path / "orders.csv", ORDERS)
    command = ["--lang", lang, "import", "purchases", str(orders), "--create-missing"]

    tried = run(*command, "--dry-run")
    imported = run(*command)
    again = run(*command)

    assert tried.exit_code == 0 and dry in tried.output, tried.output
    assert imported.exit_code == 0 and done in imported.output, imported.output
    # the same file again records none: nothing said of purchases recorded
    assert again.exit_code == 0 and "记入消费" not in again.output
    assert "recorded (created" not in again.output
