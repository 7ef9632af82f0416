"""A custom field is named by the label the seller gave it wherever an import's line names
a field: two columns for one custom field (--map onto a field a header already names, two
--map onto one field, a file with both its labels) crashed with KeyError 'field.custom.1'
(an outside tester's day-one finding 3), and the remembered mapping named it by its key,
等级=custom.1, which --map does not take back (finding 12)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import write_csv
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.store.book import Book
from xiaoben.store.importing.columns import field_name, match_columns
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import ignored_columns

YEARS = ["姓名,电话,2022消费,2023消费", "王芳,13800138000,100,200"]


def _spend(open_book: Callable[..., Book], book_path: Path) -> FieldDef:
    with open_book(book_path) as book:
        return book.add_field(
            FieldDef(kind=FieldKind("number"), label_zh="2023消费", label_en="spend 2023")
        )


def _tier(open_book: Callable[..., Book], book_path: Path) -> FieldDef:
    with open_book(book_path) as book:
        return book.add_field(
            FieldDef(
                kind=FieldKind("choice"),
                label_zh="会员级别",
                label_en="tier2",
                options=["金卡", "银卡"],
            )
        )


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "第 4 列“2023消费”（2023消费取自第 3 列“2022消费”）"),
        ("en", "column 4 “2023消费” (spend 2023 is read from column 3 “2022消费”)"),
    ],
)
def test_a_map_onto_a_custom_field_a_header_names_says_which_column_is_read(
    open_book: Callable[..., Book],
    book_path: Path,
    tmp_path: Path,
    run: Callable[..., Result],
    lang: str,
    line: str,
) -> None:
    spend = _spend(open_book, book_path)
    path = write_csv(tmp_path / "y.csv", YEARS)

    done = run("--lang", lang, "import", "customers", path, "--map", "2022消费=2023消费")

    assert done.exit_code == 0, done.output
    assert line in done.stderr
    with open_book(book_path) as book:
        [(wang,)] = book.conn.execute("SELECT id FROM customers").fetchall()
        assert book.field_values(wang) == {spend.id: 100}


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "第 3 列“级别A” 和 第 4 列“级别B” 都是“会员级别”"),
        ("en", "column 3 “级别A” and column 4 “级别B” both mean “tier2”"),
    ],
)
def test_two_maps_onto_one_custom_field_are_refused_naming_it_by_its_label(
    open_book: Callable[..., Book],
    book_path: Path,
    tmp_path: Path,
    run: Callable[..., Result],
    lang: str,
    said: str,
) -> None:
    _tier(open_book, book_path)
    path = write_csv(tmp_path / "t.csv", ["姓名,电话,级别A,级别B", "王芳,13800138000,金卡,银卡"])

    done = run(
        "--lang", lang, "import", "customers", path, "--dry-run",
        "--map", "级别A=会员级别", "--map", "级别B=会员级别",
    )  # fmt: skip

    assert done.exit_code == 1, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    assert said in done.stderr


def test_a_file_with_both_labels_of_one_custom_field_is_refused_not_crashed(
    open_book: Callable[..., Book], book_path: Path, tmp_path: Path, run: Callable[..., Result]
) -> None:
    with open_book(book_path) as book:
        book.add_field(FieldDef(kind=FieldKind("text"), label_zh="肤质", label_en="skin type"))
    path = write_csv(tmp_path / "s.csv", ["姓名,电话,肤质,skin type", "王芳,13800138000,干性,dry"])

    done = run("--lang", "zh", "import", "customers", path)

    assert done.exit_code == 1, done.output
    assert isinstance(done.exception, SystemExit), done.exception
    assert "第 3 列“肤质” 和 第 4 列“skin type” 都是“肤质”" in done.stderr


def test_the_columns_name_a_custom_field_in_either_language_and_ours_as_before(
    open_book: Callable[..., Book], book_path: Path, tmp_path: Path
) -> None:
    spend = _spend(open_book, book_path)
    path = write_csv(tmp_path / "y.csv", YEARS)
    table = read_any(path, kind="customers")
    mapped = replace(table, mapping={"2022消费": spend.key})

    columns = match_columns(mapped.header, "customers", mapping=mapped.mapping, custom=[spend])

    assert columns.field_name(spend.key, "zh") == "2023消费"
    assert columns.field_name(spend.key, "en") == "spend 2023"
    assert columns.field_name("phones", "zh") == field_name("phones", lang="zh") == "电话"
    said = ignored_columns(mapped, "customers", [spend]) or ""
    assert "spend 2023 is read from column 3" in said


@pytest.mark.parametrize(("lang", "shown"), [("zh", "等级=会员级别"), ("en", "等级=tier2")])
def test_the_remembered_mapping_names_a_custom_field_as_typed_and_map_takes_it_back(
    open_book: Callable[..., Book],
    book_path: Path,
    tmp_path: Path,
    run: Callable[..., Result],
    lang: str,
    shown: str,
) -> None:
    tier = _tier(open_book, book_path)
    path = write_csv(tmp_path / "lv.csv", ["姓名,电话,等级", "王芳,13800138000,金卡"])
    assert run("import", "customers", path, "--map", "等级=会员级别").exit_code == 0

    again = run("--lang", lang, "import", "customers", path, "--dry-run")
    pasted = run("--lang", lang, "import", "customers", path, "--dry-run", "--map", shown)

    assert again.exit_code == 0, again.output
    assert f"{shown}" in again.stderr
    assert "custom." not in again.stderr
    assert pasted.exit_code == 0, pasted.output
    with open_book(book_path) as book:
        [(wang,)] = book.conn.execute("SELECT id FROM customers").fetchall()
        assert book.field_values(wang) == {tier.id: "金卡"}
