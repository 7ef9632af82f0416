"""An import keeps the first bad cells of a file by line and counts them all (Problems):
a million rows, every one bad (a forgotten --create-missing), held a million messages,
540 MB, to show the first 200."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import run_python, write_csv
from xiaoben.cli.main import main
from xiaoben.store.book import Book
from xiaoben.store.importing.errors import Problems, RowError
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportRejected, ImportReport, import_table


@given(st.lists(st.integers(0, 5_000), max_size=3_000), st.integers(1, 40))
def test_the_first_by_line_are_kept_and_every_one_counted(lines: list[int], kept: int) -> None:
    errors = [RowError(line, "金额", str(n), "金额：不是数字") for n, line in enumerate(lines)]
    problems = Problems()
    problems.KEPT = kept
    for start in range(0, len(errors), 7):  # as batches add them
        problems += errors[start : start + 7]

    assert problems.total == len(errors)
    assert problems.bad_rows == len(set(lines))
    assert len(problems) <= 2 * kept
    first = sorted(errors, key=lambda error: error.line)[: min(kept, len(errors))]
    # in the file's order as they stand (a row tried again after the rest comes back to its
    # place), a line's cells in the order they were said
    assert list(problems)[: len(first)] == first


def test_a_report_given_a_list_counts_it() -> None:
    report = ImportReport(errors=[RowError(2, "a", "", "x"), RowError(2, "b", "", "y")])

    assert (report.error_count, report.bad_rows) == (2, 1)
    report.errors.append(RowError(3, "a", "", "x"))
    assert (report.error_count, report.bad_rows) == (3, 2)


def _unknown_customers(tmp_path: Path, rows: int) -> Path:
    lines = [f"C{n:07d},客户{n},2024-03-{n % 28 + 1:02d},{n % 90 + 10}" for n in range(rows)]
    return write_csv(tmp_path / "purchases.csv", ["客户编号,姓名,日期,金额", *lines])


def test_every_bad_row_is_counted_and_the_first_are_named(
    tmp_path: Path, open_book: Callable[..., Book], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Problems, "KEPT", 100)
    path = _unknown_customers(tmp_path, 5_000)
    with open_book(tmp_path / "a.db") as book:
        table = read_any(path, kind="purchases")
        with pytest.raises(ImportRejected) as rejected:
            import_table(book, "purchases", table, lambda *_: None)

    report = rejected.value.report
    assert (report.error_count, report.bad_rows, report.rows) == (5_000, 5_000, 5_000)
    assert len(report.errors) <= 200
    assert sorted(error.line for error in report.errors)[:100] == list(range(2, 102))


def test_the_command_says_how_many_more_it_did_not_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Problems, "KEPT", 50)
    path = _unknown_customers(tmp_path, 3_000)

    result = CliRunner().invoke(
        main, ["--lang", "en", "--db", str(tmp_path / "a.db"), "import", "purchases", str(path)]
    )

    named = [line for line in result.stderr.splitlines() if line.startswith("line ")]
    assert result.exit_code == 1
    assert 50 <= len(named) <= 100  # the first 50 kept, up to 100 before they are cut
    assert f"… and {3000 - len(named):,} more problems" in result.stderr
    assert "3,000 of 3,000 rows have problems" in result.stderr


# A real process imports a file of `rows` purchases of customers the book lacks (refused
# whole) and prints its peak RSS before and after, in KiB.
_CHILD = """
import resource, sys
from pathlib import Path
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportRejected, import_table

book = Book.open(Path(sys.argv[1]))
table = read_any(Path(sys.argv[2]), kind="purchases")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    import_table(book, "purchases", table, lambda *_: None)
except ImportRejected as rejected:
    print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rejected.report.error_count)
"""


def test_a_file_of_bad_rows_holds_no_message_for_each(tmp_path: Path) -> None:
    path = _unknown_customers(tmp_path, 200_000)
    printed = run_python(_CHILD, tmp_path / "a.db", path)
    before, after, count = map(int, printed.split())

    assert count == 200_000
    assert (after - before) / 1024 < 40  # every message held: ~110 MB
