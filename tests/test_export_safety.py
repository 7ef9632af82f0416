"""Exports are formula-safe in every text column (OWASP CSV injection) without mangling a
number, and land whole or not at all: a folder that cannot be written, a disk that fills."""

from __future__ import annotations

import csv
import errno
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from tests.book_helpers import customer
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book
from xiaoben.store.exporting.cells import FORMULA_STARTS
from xiaoben.store.exporting.tables import (
    CONTACT_COLUMNS,
    CUSTOMER_COLUMNS,
    PURCHASE_COLUMNS,
    REASONS,
    REMINDER_COLUMNS,
    Column,
    Table,
)
from xiaoben.store.exporting.writers import write_csv, write_xlsx

Run = Callable[..., Result]
ALL_COLUMNS = {
    "customers": [*CUSTOMER_COLUMNS, REASONS],
    "purchases": PURCHASE_COLUMNS,
    "contacts": CONTACT_COLUMNS,
    "reminders": REMINDER_COLUMNS,
}
SAMPLES = {
    "money": -1250,  # cents
    "count": -3,
    "score": 42.5,
    "date": date(2026, 3, 1),
    "moment": datetime(2026, 3, 1, 9, 30),
}


def _hostile_tables(prefix: str) -> list[Table]:
    """Every exported column, each text cell a formula behind `prefix`, the others numbers
    that start with a minus (which must stay numbers)."""

    def rows(columns: list[Column]) -> Iterator[list[Any]]:
        yield [
            f'{prefix}HYPERLINK("http://x","{c.key}")' if c.kind == "text" else SAMPLES[c.kind]
            for c in columns
        ]

    return [Table(name, columns, rows(columns)) for name, columns in ALL_COLUMNS.items()]


def formulas_in(path: Path) -> list[str]:
    """The formula elements of a workbook's sheets, read from its XML (none, in an export)."""
    with zipfile.ZipFile(path) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return [
            found for name in sheets for found in re.findall(r"<f[ >]", archive.read(name).decode())
        ]


@pytest.mark.parametrize("prefix", FORMULA_STARTS, ids=repr)
def test_every_text_column_of_a_workbook_is_a_string_cell_as_typed(
    prefix: str, tmp_path: Path
) -> None:
    """A string cell never runs, in Excel, WPS or LibreOffice: no CSV ' to show in it."""
    write_xlsx(_hostile_tables(prefix), tmp_path / "x.xlsx")

    assert formulas_in(tmp_path / "x.xlsx") == []
    workbook = openpyxl.load_workbook(tmp_path / "x.xlsx")
    for sheet, (name, columns) in zip(workbook, ALL_COLUMNS.items(), strict=True):
        header, row = list(sheet.iter_rows(values_only=True))
        cells = next(sheet.iter_rows(min_row=2))
        assert len(row) == len(columns), name
        for column, cell, kept in zip(columns, row, cells, strict=True):
            if column.kind == "text":
                # (xlsx writes a carriage return as _x000D_, which openpyxl leaves as it is)
                shown = cell.replace("_x000D_", "\r")
                assert shown == f'{prefix}HYPERLINK("http://x","{column.key}")', (name, cell)
                assert kept.data_type == "s", (name, column.key)
            elif column.kind == "money":
                assert cell == -12.5  # a number, in yuan
            elif column.kind in ("count", "score"):
                assert isinstance(cell, int | float) and cell == SAMPLES[column.kind]
            else:
                assert isinstance(cell, datetime)
        for cell in header:
            assert not cell.startswith(FORMULA_STARTS)


@pytest.mark.parametrize("prefix", FORMULA_STARTS, ids=repr)
def test_every_text_column_of_a_csv_is_neutralised(prefix: str, tmp_path: Path) -> None:
    for table in _hostile_tables(prefix):
        path = tmp_path / f"{table.name}.csv"
        write_csv(table, path)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            _header, row = list(csv.reader(handle))
        for column, cell in zip(table.columns, row, strict=True):
            if column.kind == "text":
                assert cell.startswith("'" + prefix), (table.name, column.key, cell)
            elif column.kind == "money":
                assert cell == "-12.50"  # a number stays a number
            elif column.kind == "count":
                assert cell == "-3"


def test_a_hostile_book_exports_no_cell_a_spreadsheet_would_run(
    run: Run, book: Book, book_path: Path, tmp_path: Path
) -> None:
    evil = customer(
        book,
        "=cmd|' /C calc'!A0",
        code="+C001",
        address="-2+3",
        notes="@SUM(1+1)",
        tags=["=1+1", "@tag"],
        source="+wechat",
        occupation="=HYPERLINK(1)",
    )
    assert evil.id is not None
    book.add_purchase(
        Purchase(customer_id=evil.id, date="2026-03-01", amount="10", items="=1+1", note="-x")
    )
    book.log_contact(Interaction(customer_id=evil.id, at="2026-03-02T10:00", kind="call", note="="))
    book.set_reminder(Reminder(customer_id=evil.id, due="2026-12-01", note="+1"))
    book.close()

    for table in ("customers", "purchases", "contacts", "reminders"):
        path = tmp_path / f"{table}.csv"
        assert run("export", path, "--table", table).exit_code == 0
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)], table
        assert "'=cmd|' /C calc'!A0" in cells or table != "customers"
    assert run("export", tmp_path / "all.xlsx").exit_code == 0
    assert formulas_in(tmp_path / "all.xlsx") == []
    texts = [
        cell
        for sheet in openpyxl.load_workbook(tmp_path / "all.xlsx")
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert {cell.data_type for cell in texts} == {"s"}  # strings, as typed: none runs
    assert "=cmd|' /C calc'!A0" in [cell.value for cell in texts]


@pytest.mark.parametrize("name", ["book.xlsx", "customers.csv"])
def test_a_guarded_cell_imports_back_as_the_seller_typed_it(
    run: Run, book: Book, book_path: Path, tmp_path: Path, name: str
) -> None:
    """The export's leading ' is taken off by the importer, from a workbook as from CSV."""
    customer(book, "-王芳", code="+C001", address="=1+1", notes="@SUM(1+1)", tags=["=x"])
    book.close()
    exported, fresh = tmp_path / name, tmp_path / "fresh.db"
    assert run("export", exported).exit_code == 0
    sheet = ["--sheet", "customers"] if name.endswith(".xlsx") else []

    result = run("import", "customers", exported, *sheet, db=fresh)

    assert result.exit_code == 0, result.output
    with Book.open(fresh) as again:
        found = again.db.execute("SELECT code, name, address, notes, tags FROM customers")
        assert found.fetchall() == [("+C001", "-王芳", "=1+1", "@SUM(1+1)", '["=x"]')]


@pytest.fixture
def unwritable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder no export can write into: chmod for a user, the immutable flag for root."""
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)]).returncode != 0:
        pytest.skip("running as root, where chmod does not stop writes, and chattr +i fails")
    try:
        yield folder
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


@pytest.mark.parametrize("name", ["copy.db", "book.xlsx", "book.csv", "book.vcf"])
def test_a_folder_that_cannot_be_written_is_told_and_left_empty(
    run: Run, shop_path: Path, unwritable_folder: Path, name: str
) -> None:
    result = run("export", unwritable_folder / name)

    assert result.exit_code == 1
    assert "cannot write" in result.output
    assert "Traceback" not in result.output
    assert list(unwritable_folder.iterdir()) == []


def test_a_disk_filling_mid_write_leaves_no_partial_file(
    run: Run, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store.exporting import writers

    real = writers._CSV_CELLS["text"]
    written = [0]

    def fills_up(value: Any) -> str:
        written[0] += 1
        if written[0] > 2000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(value)

    monkeypatch.setitem(writers._CSV_CELLS, "text", fills_up)
    folder = tmp_path / "out"
    folder.mkdir()

    result = run("export", folder / "book.csv", db=demo_path)

    assert result.exit_code == 1
    assert "the disk is full" in result.output
    assert list(folder.iterdir()) == []


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KiB tmpfs, where the machine lets the test mount one."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root, or no mount rights)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("name", ["copy.db", "book.xlsx", "book.csv"])
def test_a_full_disk_leaves_no_partial_file(
    run: Run, demo_path: Path, tiny_disk: Path, name: str
) -> None:
    result = run("export", tiny_disk / name, db=demo_path)

    assert result.exit_code == 1
    assert "the disk is full" in result.output
    assert list(tiny_disk.iterdir()) == []
