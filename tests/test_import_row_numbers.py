"""A sheet's 编号 that is its row numbers (1, 2, 3 on every sheet): a later sheet numbered so
names other people by the codes the first one stored. A row whose code is a customer's of a
wholly different name is held back and listed, never applied: it would rename her, her
phones and purchases going with the new name. A name that is hers spelled otherwise,
extended or shortened still updates her."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import buy, customer, write_csv
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.same_person import may_be_same
from xiaoben.store.imports import ImportReport, held_back_lines, import_table


def _import(book: Book, path: Path, **options: object) -> ImportReport:
    table = read_any(path, kind="customers")
    return import_table(book, "customers", table, lambda *_: None, **options)


def _book(book: Book) -> list[tuple[object, ...]]:
    return book.conn.execute(
        "SELECT id, version, code, name, phones, wechat, notes FROM customers ORDER BY id"
    ).fetchall()


def _numbered(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "三月新客.csv", ["编号,姓名,备注", "1,赵敏,三月新客", "2,孙丽,三月新客"]
    )


@pytest.mark.parametrize("on_duplicate", ["update", "skip"])
def test_a_row_number_under_bianhao_renames_nobody(
    book: Book, tmp_path: Path, on_duplicate: str
) -> None:
    wang = customer(book, "王芳", code="1", phones=["13800138001"])
    customer(book, "李娜", code="2", phones=["13800138002"])
    buy(book, wang, 99)
    before = _book(book)

    report = _import(book, _numbered(tmp_path), on_duplicate=on_duplicate)

    assert _book(book) == before  # nobody renamed, no notes added
    assert report.held_back_for == {"renamed": 2}
    assert (report.imported, report.created_customers, report.updated_customers) == (0, 0, 0)
    assert report.skipped_customers == 0
    assert report.near_matches == [
        "line 2: the code 1 is 王芳 (1) in the book but this row names “赵敏”: not imported, "
        "check (somebody else? the code may be the sheet's row number)",
        "line 3: the code 2 is 李娜 (2) in the book but this row names “孙丽”: not imported, "
        "check (somebody else? the code may be the sheet's row number)",
    ]
    owner = book.conn.execute(
        "SELECT c.name FROM purchases p JOIN customers c ON c.id = p.customer_id"
    )
    assert owner.fetchall() == [("王芳",)]
    again = _import(book, _numbered(tmp_path), on_duplicate=on_duplicate)
    assert again.held_back_for == {"renamed": 2}
    assert _book(book) == before


def test_the_summary_says_how_to_bring_a_renamed_row_in(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No flag applies such a row: a customer who changed her name is renamed in the book
    first (where the seller sees whom), and the file imported again."""
    customer(book, "王芳", code="1")
    customer(book, "李娜", code="2")

    report = _import(book, _numbered(tmp_path))

    assert held_back_lines(report) == [
        "2 rows were not imported: their codes are a customer of another name in the book "
        "(see the near matches below)",
        "if they are the same customers under a new name, rename them in the book first (on "
        "the customer's page) and import the file again; if somebody else, give the row a "
        "code of its own or none (a sheet's row numbers are no customer codes)",
    ]
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    assert report.near_matches[0] == (
        "第 2 行：编号 1 在账本里是 王芳 (1)，这一行的姓名是“赵敏”：未导入，请核对"
        "（另一个人？编号可能只是表格的行号）"
    )
    assert held_back_lines(report)[1].startswith("要导入这 2 行：若是同一位客户改了名")


def test_a_customer_renamed_in_the_book_first_takes_the_row(book: Book, tmp_path: Path) -> None:
    wang = customer(book, "王芳", code="1")
    book.save_customer(wang.model_copy(update={"name": "赵敏"}))

    report = _import(book, write_csv(tmp_path / "c.csv", ["编号,姓名,备注", "1,赵敏,改名了"]))

    assert (report.held_back, report.updated_customers, report.created_customers) == (0, 1, 0)
    assert book.get_customer(wang.id or 0).notes == "改名了"


@pytest.mark.parametrize(
    ("stored", "given_name"),
    [
        ("王芳", "王芳芳"),  # extended
        ("王芳芳", "王芳"),  # shortened
        ("王芳", "王芳(老客户)"),
        ("王方", "王芳"),  # the same sound: an input method's slip
        ("王晓芳", "王芳"),  # the surname and a given character
        ("李 四", "李四"),
        ("Amy", "Amy Wang"),
        ("王芳", "王*"),  # masked: the name stays hers
    ],
)
def test_a_name_that_may_be_hers_still_updates_her(
    book: Book, tmp_path: Path, stored: str, given_name: str
) -> None:
    held = customer(book, stored, code="1")
    sheet = write_csv(tmp_path / "c.csv", ["编号,姓名,手机", f"1,{given_name},13800138001"])

    report = _import(book, sheet)

    assert (report.held_back, report.updated_customers, report.created_customers) == (0, 1, 0)
    assert book.get_customer(held.id or 0).phones == ["+8613800138001"]


def test_a_code_without_a_name_column_updates_the_customer(book: Book, tmp_path: Path) -> None:
    held = customer(book, "王芳", code="1")

    report = _import(book, write_csv(tmp_path / "c.csv", ["编号,手机", "1,13800138001"]))

    assert (report.held_back, report.updated_customers) == (0, 1)
    assert book.get_customer(held.id or 0).name == "王芳"


@pytest.mark.parametrize(
    ("stored", "given_name"),
    [("王芳", "赵敏"), ("王芳", "王丽"), ("欧阳娜", "欧阳丽"), ("Amy Li", "Amy Wang")],
)
def test_names_of_other_people_are_not_the_same(stored: str, given_name: str) -> None:
    assert not may_be_same(stored, given_name)


_HAN = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=4)


@given(name=_HAN, more=st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)))
def test_a_name_extended_or_shortened_may_be_the_same(name: str, more: str) -> None:
    assert may_be_same(name, name + more)
    assert may_be_same(name + more, name)
    assert may_be_same(name, f"{name}（老客户）")


def test_a_row_number_column_is_never_read_as_the_code(
    run: Callable[..., Result], book_path: Path, open_book: Callable[..., Book], tmp_path: Path
) -> None:
    """序号 names a row number: not the customer's code, listed as not imported; a second
    sheet numbered the same way brings its own people."""
    first = write_csv(tmp_path / "a.csv", ["序号,姓名,手机", "1,王芳,13800138001"])
    second = write_csv(tmp_path / "b.csv", ["序号,姓名,备注", "1,赵敏,三月新客"])

    result = run("--lang", "en", "import", "customers", first)

    assert result.exit_code == 0, result.output
    assert "序号" in result.output
    assert run("--lang", "en", "import", "customers", second).exit_code == 0
    rows = open_book(book_path).conn.execute("SELECT code, name FROM customers ORDER BY id")
    assert rows.fetchall() == [(None, "王芳"), (None, "赵敏")]


def test_the_command_exits_3_for_a_renamed_row(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", ["编号,姓名,手机", "1,王芳,13800138001"])
    assert run("--lang", "en", "import", "customers", first).exit_code == 0

    result = run("--lang", "en", "import", "customers", _numbered(tmp_path))

    assert result.exit_code == 3, result.output
    assert "held back for review" in result.stdout.splitlines()[0]
    assert "the code 1 is 王芳 (1) in the book but this row names “赵敏”" in result.output
    assert "rename them in the book first" in result.output
