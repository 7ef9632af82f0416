"""A dry run of a purchases file with --create-missing, or of a customers file, names a
customer it would create as the file gives her (新客户“王芳”（第 2 行）), never by the id
she holds while it runs: that id is nobody's once it is rolled back, and a seller looking
#1 up would find nothing. A real import names her by her id, as she then is in the book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import write_csv


def _namesakes_file(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "bills.csv",
        [
            "客户,手机,日期,金额",
            "张伟,13900000001,2024-01-01,100",
            "张伟,13900000002,2024-01-02,200",
            "张伟,13900000003,2024-01-03,300",
        ],
    )


def test_dry_run_names_a_customer_it_would_make_by_her_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    bills = _namesakes_file(tmp_path)

    dry = run("import", "purchases", str(bills), "--create-missing", "--dry-run")
    zh = run("--lang", "zh", "import", "purchases", str(bills), "--create-missing", "--dry-run")

    assert dry.exit_code == 0, dry.output
    assert "#1" not in dry.stdout and "#2" not in dry.stdout
    assert (
        "line 3: new customer “张伟” (13900000002) has the name of new customer “张伟” (line 2)"
        in dry.stdout
    )
    assert (
        "line 4: new customer “张伟” (13900000003) has the name of new customer “张伟” (line 2)"
        " / new customer “张伟” (line 3)" in dry.stdout
    )
    assert "新客户“张伟”（第 2 行） / 新客户“张伟”（第 3 行）" in zh.stdout
    assert "#1" not in zh.stdout


def test_real_import_names_the_customers_it_made_by_their_ids(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    bills = _namesakes_file(tmp_path)

    done = run("import", "purchases", str(bills), "--create-missing")

    assert done.exit_code == 0, done.output
    assert "has the name of 张伟 (#1) / 张伟 (#2)" in done.stdout


def test_dry_run_refusal_names_both_customers_it_would_make(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    bills = write_csv(
        tmp_path / "bills.csv",
        [
            "客户,手机,日期,金额",
            "王芳,13800138000,2026-11-01,128.50",
            "李娜,,2026-11-03,50",
            "李娜,13800138000,2026-11-03,50",
        ],
    )

    dry = run("import", "purchases", str(bills), "--create-missing", "--dry-run")

    assert (
        "line 4, 手机: customer: “13800138000” is new customer “王芳” (line 2) but “李娜” is new "
        "customer “李娜” (line 3): the row points at two different customers"
    ) in dry.output
    assert "(#" not in dry.output


def _customers_file(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "customers.csv",
        ["姓名,手机", "张伟,13900000001", "张伟,13900000002", "张伟,13900000003"],
    )


def test_customers_dry_run_names_a_customer_it_would_make_by_her_line(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sheet = _customers_file(tmp_path)

    dry = run("--lang", "en", "import", "customers", str(sheet), "--dry-run")
    zh = run("--lang", "zh", "import", "customers", str(sheet), "--dry-run")

    assert dry.exit_code == 0, dry.output
    # before: "has the name of 张伟 (#1)", an id nobody has once the run is rolled back
    assert (
        "line 3: new customer “张伟” (13900000002) has the name of new customer “张伟” (line 2)"
        in dry.stdout
    )
    assert (
        "line 4: new customer “张伟” (13900000003) has the name of new customer “张伟” (line 2)"
        " / new customer “张伟” (line 3)" in dry.stdout
    )
    assert "新客户“张伟”（第 2 行） / 新客户“张伟”（第 3 行）" in zh.stdout
    assert "(#" not in dry.output + zh.output


def test_customers_dry_run_still_names_the_books_own_customers_by_id(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    run(
        "import",
        "customers",
        str(write_csv(tmp_path / "had.csv", ["姓名,手机", "张伟,13900000009"])),
    )

    dry = run("--lang", "en", "import", "customers", str(_customers_file(tmp_path)), "--dry-run")

    assert "has the name of 张伟 (#1)" in dry.stdout
    assert "(#2)" not in dry.stdout


def test_customers_import_names_the_customers_it_made_by_their_ids(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    done = run("--lang", "en", "import", "customers", str(_customers_file(tmp_path)))

    assert done.exit_code == 0, done.output
    assert "has the name of 张伟 (#1) / 张伟 (#2)" in done.stdout
