"""`xiaoben import` loads what follows the reading while the sheet is read, and keeps the
collector off the loaded modules for the import's length only."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import run_python
from tests.workbook_helpers import write_xlsx
from xiaoben.cli import main as cli_main
from xiaoben.store import imports

HEADER = ["客户编号", "姓名", "手机", "日期", "金额"]
ORDERS = [HEADER, ["C1", "王芳", 13800138000, "2024-03-05", 10]]


def test_a_large_workbook_loads_the_purchase_model_while_its_sheet_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = write_xlsx(tmp_path / "订单.xlsx", {"订单": ORDERS})
    text = tmp_path / "订单.csv"
    text.write_text("客户编号,姓名,手机,日期,金额\nC1,王芳,13800138000,2024-03-05,10\n")
    assert "xiaoben.tiering.bgnbd" not in cli_main._import_modules(workbook, "purchases")

    monkeypatch.setattr(cli_main, "_LARGE_WORKBOOK", 1)  # as if it were a megabyte

    assert "xiaoben.tiering.bgnbd" in cli_main._import_modules(workbook, "purchases")
    # the optimiser too, which bgnbd loads only when a fit first needs it (~0.3 s)
    assert "scipy.optimize" in cli_main._import_modules(workbook, "purchases")
    assert "xiaoben.tiering.bgnbd" not in cli_main._import_modules(workbook, "customers")
    assert "xiaoben.tiering.bgnbd" not in cli_main._import_modules(text, "purchases")
    assert "xiaoben.store.book" in cli_main._import_modules(text, "customers")


def test_an_import_freezes_the_loaded_modules_for_its_length_only(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = write_xlsx(tmp_path / "订单.xlsx", {"订单": ORDERS})
    frozen_during: list[int] = []
    import_table = imports.import_table

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        frozen_during.append(gc.get_freeze_count())
        return import_table(*args, **kwargs)

    monkeypatch.setattr(imports, "import_table", watched)
    before = gc.get_freeze_count()

    result = run("import", "purchases", str(workbook), "--create-missing")

    assert result.exit_code == 0, result.output
    assert "imported 1 of 1 row (1 customer created" in result.stdout
    assert frozen_during and frozen_during[0] > before
    assert gc.get_freeze_count() == before and gc.isenabled()


def test_a_refused_import_unfreezes_the_collector_too(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    bad = [HEADER, ["C1", "王芳", 13800138000, "no day", 10]]
    workbook = write_xlsx(tmp_path / "订单.xlsx", {"订单": bad})
    before = gc.get_freeze_count()

    result = run("import", "purchases", str(workbook), "--create-missing")

    assert result.exit_code == 1
    assert "import cancelled: 1 of 1 row has problems" in result.output
    assert gc.get_freeze_count() == before and gc.isenabled()


def test_a_workbook_is_read_without_the_contacts_parser_or_pydantic(tmp_path: Path) -> None:
    """vobject (~0.1 s) loads for a vCard only, pydantic's models (~0.2 s) with the book:
    the main thread loads them while python-calamine reads the sheet, not before."""
    sheet = write_xlsx(tmp_path / "订单.xlsx", {"订单": ORDERS})
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from xiaoben.store.importing.readers import read_any\n"
        f"read_any(Path({str(sheet)!r}), kind='purchases')\n"
        "print('LOADED:', [name for name in ('vobject', 'pydantic') if name in sys.modules])\n"
    )
    assert run_python(code).strip().splitlines()[-1] == "LOADED: []"


@pytest.mark.parametrize("refused", [False, True])
def test_a_large_sheet_is_read_once_and_its_lost_zeros_still_said(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: bool
) -> None:
    """A sheet converted as it is read is not gone through for its number cells before the
    import: the lost-zeros warning comes from those the import noted, said once the rows
    are in (and when the import is refused all the same). Two passes: the import's, and
    the warning's look at the code column (a code in a number cell was found)."""
    from tests.test_import_sheet_batches import counting_passes
    from xiaoben.store.importing import sheets

    rows = [[f"{n:05d}", "王芳", 13800138000 + n, "2024-03-05", 10] for n in range(1, 9)]
    rows += [[42, "李娜", 13900139000, "2024-03-06", "ten" if refused else 12]]
    workbook = write_xlsx(tmp_path / "订单.xlsx", {"订单": [HEADER, *rows]})
    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    passes = counting_passes(monkeypatch)

    result = run("--lang", "en", "import", "purchases", workbook, "--create-missing")

    assert result.exit_code == (1 if refused else 0), result.output
    assert "line 10, 客户编号: the code “42” is in a number cell" in result.stderr
    assert len(passes) == 2


@pytest.mark.parametrize("refused", [False, True])
def test_the_command_leaves_its_objects_to_the_exit_without_a_collection(
    tmp_path: Path, refused: bool
) -> None:
    """`python -m xiaoben.cli …` ends with the collector off and every object frozen: the
    interpreter's shutdown frees them without a pass over them all (a refused import too);
    what the import wrote is in the book."""
    rows = [*ORDERS, ["C2", "李娜", 13900139000, "no day" if refused else "2024-03-06", 12]]
    workbook = write_xlsx(tmp_path / "订单.xlsx", {"订单": rows})
    book = tmp_path / "book.db"
    code = (
        "import gc, runpy, sys\n"
        f"sys.argv = ['xiaoben', '--db', {str(book)!r}, 'import', 'purchases',"
        f" {str(workbook)!r}, '--create-missing']\n"
        "try:\n"
        "    runpy.run_module('xiaoben.cli', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exit:\n"
        "    print('EXIT:', exit.code)\n"
        "print('AFTER:', gc.isenabled(), gc.get_freeze_count() > 1000)\n"
    )
    printed = run_python(code).strip().splitlines()
    assert printed[-2:] == [f"EXIT: {1 if refused else 0}", "AFTER: False True"]
    count = "SELECT count(*) FROM purchases"
    assert run_python(
        f"from xiaoben.store.driver import sqlite3\n"
        f"print(sqlite3.connect({str(book)!r}).execute({count!r}).fetchone()[0])\n"
    ).strip() == ("0" if refused else "2")


def test_the_loaded_modules_are_frozen_before_the_collector_is_back(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector is off while the modules load beside the reading, and stays off until
    what they made is frozen: its first pass back would go over all of it. The import's
    own batches and its finish (which collects once, itself) run with it off too."""
    from xiaoben.store.purchase_writer import PurchaseWriter

    workbook = write_xlsx(tmp_path / "订单.xlsx", {"订单": ORDERS})
    seen: dict[str, tuple[bool, int]] = {}
    read, start, finish = (
        cli_main._read_while_loading,
        cli_main._import_read_table,
        PurchaseWriter.finish,
    )

    def reading(*args, **kwargs):  # type: ignore[no-untyped-def]
        table = read(*args, **kwargs)
        seen["read"] = (gc.isenabled(), gc.get_freeze_count())
        return table

    def importing(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["import"] = (gc.isenabled(), gc.get_freeze_count())
        return start(*args, **kwargs)

    def finishing(self, touched):  # type: ignore[no-untyped-def]
        seen["finish"] = (gc.isenabled(), gc.get_freeze_count())
        return finish(self, touched)

    monkeypatch.setattr(cli_main, "_read_while_loading", reading)
    monkeypatch.setattr(cli_main, "_import_read_table", importing)
    monkeypatch.setattr(PurchaseWriter, "finish", finishing)
    before = gc.get_freeze_count()

    result = run("import", "purchases", str(workbook), "--create-missing")

    assert result.exit_code == 0, result.output
    assert seen["read"][0] is False
    assert seen["import"][0] is True and seen["import"][1] > before
    assert seen["finish"][0] is False
    assert gc.isenabled() and gc.get_freeze_count() == before


def test_a_large_customers_sheet_is_warned_about_first_and_let_go_of_once_parsed(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`xiaoben import customers` of a large sheet works out its warnings before the import
    (a code in a number cell), so that the sheet's cells are let go once its rows are
    parsed and never read again: the warning is said, from the passes made before."""
    from tests.test_import_sheet_batches import counting_passes
    from xiaoben.store.importing import sheets
    from xiaoben.store.importing.sheet_rows import SheetRows

    header = ["编号", "姓名", "手机"]
    rows = [[f"{n:05d}", f"客户{n}", 13800138000 + n] for n in range(1, 9)]
    rows += [[42, "李娜", 13900139000]]
    workbook = write_xlsx(tmp_path / "客户.xlsx", {"客户": [header, *rows]})
    monkeypatch.setattr(sheets, "STREAM_FROM_CELLS", 0)
    passes = counting_passes(monkeypatch)
    let_go: list[tuple[SheetRows, int]] = []  # (the rows, the passes made until then)
    original = SheetRows.let_go

    def noted(self: SheetRows) -> None:
        let_go.append((self, len(passes)))
        original(self)

    monkeypatch.setattr(SheetRows, "let_go", noted)

    result = run("--lang", "en", "import", "customers", workbook)

    assert result.exit_code == 0, result.output
    assert "imported 9 of 9 rows" in result.output
    assert "line 10, 编号: the code “42” is in a number cell" in result.stderr
    [(rows, passes_then)] = let_go
    assert rows._sheet is None and len(passes) == passes_then  # never read again after
