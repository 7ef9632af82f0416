"""An import's report is said in the language it is read in (the app's F6 switches it after
the import): every row message, column and near match of a report made in one language,
said in the other, reads as the same import run in the other language says it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import customer, write_csv
from xiaoben.models.i18n import Lang, set_language
from xiaoben.store.book import Book
from xiaoben.store.importing.columns import Kind
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportRejected, ImportReport, import_table

CUSTOMER_CELLS = st.tuples(
    st.sampled_from(["王芳", "李娜", "Age", "手机", "新客户"]),
    st.sampled_from(["13800000001", "1380000", "", "1.38E+10", "13912345678"]),
    st.sampled_from(["1990-01-01", "1990-13-01", "2030-01-01", "", "三月"]),
    st.sampled_from(["C001", "", "C002", "X" * 80]),
).filter(any)
PURCHASE_CELLS = st.tuples(
    st.sampled_from(["C001", "C002", "C404", "", "13800000001"]),
    st.sampled_from(["2024-03-01", "2024-02-30", "", "2030-01-01", "昨天"]),
    st.sampled_from(["128.50", "abc", "", "-5", "1,5"]),
).filter(any)  # (a file of empty rows cannot be imported at all)


def _said(report: ImportReport, lang: Lang) -> list[tuple[int, str, str, str]]:
    set_language(lang)
    errors = [(e.line, e.column, e.value, e.message) for e in report.errors]
    return [*errors, *((0, "", "", near) for near in report.near_matches)]


def _report(book: Book, kind: Kind, path: Path) -> ImportReport:
    try:
        return import_table(book, kind, read_any(path, kind=kind), lambda *_: None, dry_run=True)
    except ImportRejected as refused:
        return refused.report


def _says_alike(kind: Kind, header: str, rows: list[tuple[str, ...]], empty: Path) -> None:
    """The file's dry run in a copy of the new book `empty`, with 王芳 and 李娜."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "f.csv", [header, *(",".join(row) for row in rows)])
        shutil.copyfile(empty, Path(folder) / "book.db")
        with Book.open(Path(folder) / "book.db") as book:
            customer(book, "王芳", code="C001", phones=["13800000001"])
            customer(book, "李娜", code="C002")
            try:
                set_language("en")
                made_in_english = _report(book, kind, path)
                set_language("zh")
                made_in_chinese = _report(book, kind, path)
                assert _said(made_in_english, "zh") == _said(made_in_chinese, "zh")
                assert _said(made_in_chinese, "en") == _said(made_in_english, "en")
            finally:
                set_language("en")


FILES = st.one_of(
    st.tuples(
        st.just("customers"),
        st.just("姓名,手机,生日,编号"),
        st.lists(CUSTOMER_CELLS, min_size=1, max_size=5),
    ),
    st.tuples(
        st.just("purchases"),
        st.just("客户,日期,金额"),
        st.lists(PURCHASE_CELLS, min_size=1, max_size=5),
    ),
)


@settings(max_examples=80)
@given(FILES)
def test_a_report_reads_in_either_language_as_made_in_it(
    empty_book_template: Path, file: tuple[Kind, str, list[tuple[str, ...]]]
) -> None:
    _says_alike(*file, empty_book_template)
