"""A column mapping the seller chose is remembered in the book for the next file with the
same headers (in any order, spelt with other case or spaces), by the CLI as by the app;
and the preview's verdicts of the first rows come from the import's own parsers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import write_csv
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.verdicts import first_rows


def names_and_cities(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.execute("SELECT name, city, notes FROM customers ORDER BY id"))
    finally:
        conn.close()


def test_a_mapping_is_proposed_for_the_same_header_set_in_another_order(
    open_book: Callable[..., Book], book_path: Path
) -> None:
    with open_book(book_path) as book:
        book.remember_mapping(
            "customers", ["称呼", "城市", "备注"], {"称呼": "name", "备注": "ignore"}
        )

        again = book.remembered_mapping("customers", [" 城市", "备注 ", "称呼"])
        other_kind = book.remembered_mapping("purchases", ["称呼", "城市", "备注"])
        other_headers = book.remembered_mapping("customers", ["称呼", "城市"])

    assert again == {"称呼": "name", "备注": "ignore"}
    assert other_kind == {}
    assert other_headers == {}


def test_a_column_mapped_to_a_custom_field_is_remembered_until_the_field_goes(
    open_book: Callable[..., Book], book_path: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    """尺码 -> 鞋码 (a field of the seller's own) was dropped when remembered: the next file
    with the same headers came with 尺码 not read (an outside tester's finding)."""
    header = ["客户名", "手机", "尺码"]
    with open_book(book_path) as book:
        size = book.add_field(FieldDef(kind=FieldKind("text"), label_zh="鞋码", label_en="size"))
        book.remember_mapping("customers", header, {"尺码": size.key})
        kept = book.remembered_mapping("customers", header)
    assert kept == {"尺码": size.key}

    later = write_csv(tmp_path / "c.csv", [",".join(header), "王芳,13800138001,38"])
    done = run("import", "customers", later)
    assert done.exit_code == 0, done.output
    with open_book(book_path) as book:
        [wang] = [
            book.get_customer(row[0]) for row in book.conn.execute("SELECT id FROM customers")
        ]
        assert book.field_values(wang.id) == {size.id: "38"}
        book.remove_field(size.id)
        assert book.remembered_mapping("customers", header) == {}


def test_an_empty_mapping_forgets_and_unknown_fields_are_never_proposed(
    open_book: Callable[..., Book], book_path: Path
) -> None:
    header = ["称呼", "城市"]
    with open_book(book_path) as book:
        book.remember_mapping("customers", header, {"称呼": "name", "城市": "town"})
        kept = book.remembered_mapping("customers", header)
        book.remember_mapping("customers", header, {})
        forgotten = book.remembered_mapping("customers", header)

    assert kept == {"称呼": "name"}
    assert forgotten == {}


def test_the_date_order_said_is_remembered_beside_the_mapping_and_kept_by_a_new_one(
    open_book: Callable[..., Book], book_path: Path
) -> None:
    """The Import screen's date order (03/05/2024 day first) for the next file of the same
    headers: a mapping remembered later without one (the CLI's --map, an app import whose
    dates showed their order) keeps it, and a mapping forgotten leaves it."""
    header = ["Order ID", "Paid Time", "Recipient", "Order Amount"]
    with open_book(book_path) as book:
        book.remember_mapping("purchases", header, {}, "day-first")
        said = book.remembered_date_order("purchases", [" paid time", *header[::2], header[3]])
        book.remember_mapping("purchases", header, {"Recipient": "name"})
        mapped = book.remembered_mapping("purchases", header)
        kept = book.remembered_date_order("purchases", header)
        book.remember_mapping("purchases", header, {})
        left = book.remembered_date_order("purchases", header)
        other_kind = book.remembered_date_order("customers", header)
        book.remember_mapping("purchases", header, {}, "month-first")
        changed = book.remembered_date_order("purchases", header)

    assert said == "day-first"
    assert (mapped, kept, left) == ({"Recipient": "name"}, "day-first", "day-first")
    assert other_kind is None
    assert changed == "month-first"


def test_the_cli_remembers_a_map_and_uses_it_for_the_next_file_saying_so(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", ["称呼,城市,备注", "王芳,杭州,别导入"])
    second = write_csv(tmp_path / "b.csv", ["备注,称呼,城市", "也别导入,李娜,上海"])

    mapped = run("import", "customers", str(first), "--map", "称呼=name", "--map", "备注=ignore")
    remembered = run("--lang", "en", "import", "customers", str(second))

    assert mapped.exit_code == 0, mapped.output
    assert remembered.exit_code == 0, remembered.output
    assert (
        "reading the columns as chosen last time for these headers: 称呼=name, 备注=ignore"
        " (use --map to choose otherwise)" in remembered.stderr
    )
    assert names_and_cities(book_path) == [("王芳", "杭州", ""), ("李娜", "上海", "")]


def test_a_refused_import_remembers_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    bad = write_csv(tmp_path / "bad.csv", ["称呼,城市,备注", "王芳,杭州,x", ",上海,y"])
    good = write_csv(tmp_path / "good.csv", ["称呼,城市,备注", "王芳,杭州,记下"])

    refused = run("import", "customers", str(bad), "--map", "称呼=name", "--map", "备注=ignore")
    unmapped = run("--lang", "en", "import", "customers", str(good))

    assert refused.exit_code == 1
    assert unmapped.exit_code == 1
    assert "chosen last time" not in unmapped.stderr
    assert names_and_cities(book_path) == []


def test_a_map_given_is_read_over_the_remembered_one(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", ["称呼,城市,备注", "王芳,杭州,不记"])
    second = write_csv(tmp_path / "b.csv", ["称呼,城市,备注", "李娜,上海,记下"])

    run("import", "customers", str(first), "--map", "称呼=name", "--map", "备注=ignore")
    given = run("--lang", "en", "import", "customers", str(second), "--map", "称呼=name")

    assert given.exit_code == 0, given.output
    assert "chosen last time" not in given.stderr
    assert names_and_cities(book_path) == [("王芳", "杭州", ""), ("李娜", "上海", "记下")]


def test_first_rows_place_each_bad_cell_under_its_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")  # not left to an earlier test
    path = write_csv(
        tmp_path / "c.csv",
        ["客户名单", "", "客户名,手机,生日", "王芳,13800000001,1990-3-5", "李娜,1380000,1990-13-01"]
        + [f"客户{n},1380000{n:04d},1990-1-1" for n in range(20)],
    )
    table = read_any(path, kind="customers")

    verdicts = first_rows(table, "customers", limit=4)

    assert [line for line, _ in verdicts.rows] == [4, 5, 6, 7]
    assert verdicts.ok(4) and verdicts.ok(6)
    assert set(verdicts.cells) == {(5, 1), (5, 2)}
    assert verdicts.cells[(5, 2)] == ["birthday: month: must be at most 12 (got 13)"]


def test_first_rows_refuse_a_mapping_without_a_name_as_the_import_does(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", ["客户名,手机", "王芳,13800000001"])
    table = read_any(path, kind="customers")

    with pytest.raises(BookError):
        first_rows(replace(table, mapping={"客户名": "ignore"}), "customers")


def test_a_contacts_csv_map_is_remembered_in_the_other_language(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")  # put back after the zh run
    header = "Name,Given Name,Family Name,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name"
    first = write_csv(tmp_path / "g.csv", [header, "王芳,芳,王,Mobile,13800138000,芳芳小铺"])
    second = write_csv(tmp_path / "g2.csv", [header, "王芳,芳,王,Mobile,13800138000,二店"])

    # the company composed from Organization 1 - Name, read as the occupation
    mapped = run("--lang", "en", "import", "customers", str(first), "--map", "employer=occupation")
    remembered = run("--lang", "zh", "import", "customers", str(second))

    assert mapped.exit_code == 0, mapped.output
    assert remembered.exit_code == 0, remembered.output
    assert "employer=occupation" in remembered.stderr  # said, in Chinese
    conn = sqlite3.connect(book_path)
    try:
        rows = list(conn.execute("SELECT name, occupation, employer FROM customers"))
    finally:
        conn.close()
    assert rows == [("王芳", "二店", "")]


def test_the_same_customers_file_again_says_nothing_changed(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "c.csv",
        ["客户名字,联系电话,内部编号", "顾客0,13700000000,00000", "顾客1,13700000001,00001"],
    )
    run("import", "customers", str(sheet), "--map", "内部编号=code")

    again = run("--lang", "en", "import", "customers", str(sheet))
    again_zh = run("--lang", "zh", "import", "customers", str(sheet))

    assert again.exit_code == 0, again.output
    assert "nothing to change: all 2 rows match the book's customers" in again.stdout
    assert "imported" not in again.stdout
    assert "没有需要改动的：2 行都与账本中的客户一致" in again_zh.stdout


def test_the_import_screen_says_nothing_changed_of_a_customers_file_the_book_has() -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(rows=1, imported=1, nothing_changed=True)

    lines = report_lines(report, keep_good=False, done=True)

    assert lines[0] == "Nothing to change: the row matches the book's customers"
