"""`xiaoben fields` (list, add, rename, remove, restore) and custom fields in `tiers --json`."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import buy, customer, fixed_clock
from xiaoben.models.birthday import Birthday
from xiaoben.store.book import Book


def test_add_then_list_shows_the_field(run: Callable[..., Any]) -> None:
    added = run("fields", "add", "肤质", "--en", "skin type", "--kind", "choice",
                "--option", "干性,油性", "--option", "混合")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "Added field #1: skin type" in added.output

    listed = run("fields", "list", "--json")

    assert json.loads(listed.output) == [
        {
            "id": 1,
            "kind": "choice",
            "label_zh": "肤质",
            "label_en": "skin type",
            "required": False,
            "options": ["干性", "油性", "混合"],
            "in_list": False,
        }
    ]
    assert "one choice" in run("fields").output


def test_a_bad_definition_names_the_rule(run: Callable[..., Any]) -> None:
    refused = run("fields", "add", "肤质", "--kind", "choice")

    assert refused.exit_code == 1
    assert "options: a choice field needs at least one option" in refused.output


@pytest.mark.parametrize("typed", ["", "   "])
@pytest.mark.parametrize(
    ("lang", "said"),
    [("zh", "错误：中文名：不能为空"), ("en", "Error: Chinese label: must not be blank")],
)
def test_a_blank_label_is_named_once_in_the_sellers_words(
    run: Callable[..., Any], typed: str, lang: str, said: str
) -> None:
    """No library's English, and no word of an English label the seller did not type (it
    takes the Chinese one)."""
    refused = run("--lang", lang, "fields", "add", typed)

    assert refused.exit_code == 1
    assert refused.output.strip() == said


def test_a_long_label_is_named_once(run: Callable[..., Any]) -> None:
    refused = run("--lang", "zh", "fields", "add", "长" * 41)

    assert refused.exit_code == 1
    assert refused.output.strip() == "错误：中文名：不能超过 40 个字"


def test_a_blank_english_label_takes_the_chinese_one(run: Callable[..., Any]) -> None:
    assert run("fields", "add", "肤质", "--en", " ").exit_code == 0
    [field] = json.loads(run("fields", "list", "--json").output)
    assert (field["label_zh"], field["label_en"]) == ("肤质", "肤质")


def test_rename_keeps_the_values(run: Callable[..., Any], book_path: Path) -> None:
    run("fields", "add", "学校", "--en", "school")
    with Book.open(book_path, today=fixed_clock) as book:
        book.save_customer(customer(book, "王芳"), {1: "实验小学"})

    renamed = run("fields", "rename", "school", "孩子学校", "--en", "kid's school")

    assert renamed.exit_code == 0, renamed.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.fields()[0].label_en == "kid's school"
        assert book.field_values(1) == {1: "实验小学"}


def test_remove_asks_and_restore_brings_it_back(run: Callable[..., Any]) -> None:
    run("fields", "add", "学校", "--en", "school")

    said_no = run("fields", "remove", "#1", input="n\n")
    assert said_no.exit_code == 1
    assert "school" in run("fields").output

    removed = run("fields", "remove", "学校", "--yes")
    assert "xiaoben fields restore 1" in removed.output
    assert "No custom fields yet" in run("fields").output

    assert run("fields", "restore", "1").exit_code == 0
    assert "school" in run("fields").output


def test_an_unknown_field_is_named(run: Callable[..., Any]) -> None:
    refused = run("fields", "rename", "鞋码", "尺码")

    assert refused.exit_code == 1
    assert "no custom field “鞋码”" in refused.output


def test_tiers_json_carries_the_custom_fields(run: Callable[..., Any], book_path: Path) -> None:
    run("fields", "add", "鞋码", "--en", "shoe size", "--kind", "number")
    run("fields", "add", "直播间", "--en", "livestreams", "--kind", "choices",
        "--option", "早场,晚场")  # fmt: skip
    with Book.open(book_path, today=fixed_clock) as book:
        wang = book.save_customer(customer(book, "王芳"), {1: "38.5", 2: "晚场、早场"})
        buy(book, wang, 100)
        customer(book, "李娜")

    rows = json.loads(run("tiers", "--json").output)

    by_name = {row["name"]: row["fields"] for row in rows}
    assert by_name == {"王芳": {"shoe size": 38.5, "livestreams": ["早场", "晚场"]}, "李娜": {}}


def _with_fields(run: Callable[..., Any]) -> None:
    run("fields", "add", "肤质", "--en", "skin type", "--kind", "choice", "--option", "干性,油性")
    run("fields", "add", "鞋码", "--en", "shoe size", "--kind", "number")


def test_a_column_named_as_a_field_is_imported_into_it(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    _with_fields(run)
    sheet = tmp_path / "客户.csv"
    sheet.write_text("姓名,肤质,尺码\n王芳,油性,38\n李娜,,36\n", encoding="utf-8")

    imported = run("import", "customers", str(sheet), "--map", "尺码=shoe size")

    assert imported.exit_code == 0, imported.output
    with Book.open(book_path, today=fixed_clock) as book:
        by_name = {book.get_customer(i).name: book.field_values(i) for i in (1, 2)}
    assert by_name["王芳"] == {1: "油性", 2: 38}
    assert by_name["李娜"] == {2: 36}  # an empty cell is no value


def test_an_import_never_erases_a_value_with_an_empty_cell(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    _with_fields(run)
    first = tmp_path / "first.csv"
    first.write_text("编号,姓名,肤质\nC1,王芳,油性\n", encoding="utf-8")
    again = tmp_path / "again.csv"
    again.write_text("编号,姓名,肤质,鞋码\nC1,王芳,,37\n", encoding="utf-8")

    run("import", "customers", str(first))
    run("import", "customers", str(again))

    with Book.open(book_path, today=fixed_clock) as book:
        assert book.field_values(1) == {1: "油性", 2: 37}


def test_a_bad_cell_of_a_custom_field_is_named_with_its_line(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    _with_fields(run)
    sheet = tmp_path / "客户.csv"
    sheet.write_text("姓名,肤质\n王芳,油性\n李娜,湿性\n", encoding="utf-8")

    refused = run("import", "customers", str(sheet))

    assert refused.exit_code == 1
    assert "skin type: must be one of: “干性”, “油性” (got “湿性”)" in refused.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.customer_count() == 0  # all or nothing


def test_every_export_carries_the_custom_fields(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    import csv

    import openpyxl

    _with_fields(run)
    with Book.open(book_path, today=fixed_clock) as book:
        book.save_customer(customer(book, "王芳", phones=["13812345678"]), {1: "油性", 2: "38.5"})

    run("export", str(tmp_path / "out.csv"))
    run("export", str(tmp_path / "out.xlsx"))
    run("export", str(tmp_path / "out.vcf"))

    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as handle:
        header, row = list(csv.reader(handle))
    assert row[header.index("skin type")] == "油性"
    assert row[header.index("shoe size")] == "38.5"
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    cells = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert cells[1][cells[0].index("shoe size")] == 38.5
    card = (tmp_path / "out.vcf").read_text(encoding="utf-8")
    assert "skin type：油性" in card.replace("\r\n ", "")


def test_an_exported_workbook_imports_back_into_the_fields(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    _with_fields(run)
    with Book.open(book_path, today=fixed_clock) as book:
        book.save_customer(customer(book, "王芳", code="C1"), {1: "油性", 2: "38.5"})
    run("export", str(tmp_path / "out.xlsx"))
    other = tmp_path / "other.db"
    run("fields", "add", "肤质", "--en", "skin type", "--kind", "choice",
        "--option", "干性,油性", db=other)  # fmt: skip
    run("fields", "add", "鞋码", "--en", "shoe size", "--kind", "number", db=other)

    imported = run("import", "customers", str(tmp_path / "out.xlsx"), db=other)

    assert imported.exit_code == 0, imported.output
    with Book.open(other, today=fixed_clock) as book:
        assert book.field_values(1) == {1: "油性", 2: Decimal("38.5")}


def test_a_redacted_copy_keeps_choices_but_not_free_text(
    run: Callable[..., Any], book_path: Path, tmp_path: Path
) -> None:
    _with_fields(run)
    run("fields", "add", "家里情况", "--en", "family")
    with Book.open(book_path, today=fixed_clock) as book:
        book.save_customer(customer(book, "王芳"), {1: "油性", 3: "离异，两个孩子"})

    run("export", str(tmp_path / "redacted.db"), "--redact")

    with Book.open(tmp_path / "redacted.db", today=fixed_clock) as copy:
        assert copy.field_values(1) == {1: "油性"}
        assert (
            copy.db.execute("SELECT count(*) FROM field_keys WHERE field_id = 3").fetchone()[0] == 0
        )


@pytest.mark.parametrize(
    ("label", "lang", "said"),
    [
        ("备注", "zh", "“备注”是小本自带的一列"),
        ("姓名", "en", "“姓名” is the header of one of xiaoben's own columns in an export"),
        ("Notes", "en", "“Notes” is the header of one of xiaoben's own columns"),
        ("name", "zh", "“name”是小本自带的一列"),
        ("评分", "zh", "“评分”是小本自带的一列"),  # a computed column, exported all the same
        # headers the import reads as its own fields: an export imported into a new book
        # would give the customer the field's values as her phone
        ("手机号", "zh", "导入时会把“手机号”这一列读作电话"),
        ("收货人", "zh", "导入时会把“收货人”这一列读作姓名"),
        ("联系方式", "en", "the import reads a column “联系方式” as the phone"),
        ("微信号", "zh", "这一列读作微信"),
        ("客户电话", "zh", "读作电话"),
        ("mobile", "en", "a column “mobile” as the phone"),
    ],
    ids=[
        *("notes-zh", "name-zh-in-en", "notes-en-capitalised", "name-en-in-zh", "computed"),
        *("import-phone", "import-receiver", "import-contact", "import-wechat"),
        *("import-keyword", "import-en"),
    ],
)
def test_a_label_of_our_own_columns_is_refused(
    run: Callable[..., Any], label: str, lang: str, said: str
) -> None:
    zh, en = (label, "mine") if not label.isascii() else ("我的", label)

    refused = run("--lang", lang, "fields", "add", zh, "--en", en)

    assert refused.exit_code == 1
    assert said in refused.output
    assert run("fields", "list", "--json").output.strip() == "[]"


@pytest.mark.parametrize(
    "label", ["宝宝生日", "生日礼物", "公司地址", "老公电话", "紧急联系人电话"]
)
def test_a_label_of_another_persons_or_things_is_a_field_of_its_own(
    run: Callable[..., Any], book_path: Path, tmp_path: Path, label: str
) -> None:
    """The import no longer reads 宝宝生日 as the customer's birthday, so the seller may keep
    it as her own field, and a sheet's column of that label fills it (not her birthday)."""
    sheet = tmp_path / "客户.csv"
    sheet.write_text(f"姓名,生日,{label}\n王芳,1990-03-08,2023-05-06\n", encoding="utf-8")
    assert f"not imported: column 3 “{label}”\n" in run("import", "customers", sheet).output

    added = run("fields", "add", label, "--en", "kept")
    again = run("import", "customers", sheet)

    assert added.exit_code == 0, added.output
    assert again.exit_code == 0 and "not imported" not in again.output, again.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert book.field_values(1) == {1: "2023-05-06"}
        assert book.get_customer(1).birthday == Birthday(year=1990, month=3, day=8)


def test_a_rename_to_a_label_of_our_own_columns_is_refused(run: Callable[..., Any]) -> None:
    run("fields", "add", "学校", "--en", "school")

    refused = run("fields", "rename", "school", "学校", "--en", "source")

    assert refused.exit_code == 1
    assert "“source” is the header of one of xiaoben's own columns" in refused.output


def test_a_rename_to_a_label_the_import_reads_as_its_own_field_is_refused(
    run: Callable[..., Any],
) -> None:
    run("fields", "add", "学校", "--en", "school")

    refused = run("--lang", "zh", "fields", "rename", "school", "手机号", "--en", "school")

    assert refused.exit_code == 1
    assert "导入时会把“手机号”这一列读作电话" in refused.output


def _sizes(run: Callable[..., Any], db: Path) -> None:
    added = run("fields", "add", "尺码", "--en", "sizes", "--kind", "choices",
                "--option", "S/M,L/XL，50ml/100ml", "--option", "男/女款", db=db)  # fmt: skip
    assert added.exit_code == 0, added.output


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "vcf"])
def test_sizes_holding_a_slash_import_and_read_back_from_each_export(
    run: Callable[..., Any], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    """S/M was split at its slash by the import (and the profile form): "must be one of:
    S/M / L/XL (got “S”)", and the import cancelled."""
    _sizes(run, book_path)
    sheet = tmp_path / "客户.csv"
    sheet.write_text(
        '编号,姓名,尺码\nC1,王芳,S/M\nC2,李娜,"S/M, L/XL"\nC3,张伟,男/女款/50ml/100ml\n',
        encoding="utf-8",
    )
    imported = run("import", "customers", str(sheet))
    assert imported.exit_code == 0, imported.output
    chosen = [["S/M"], ["S/M", "L/XL"], ["50ml/100ml", "男/女款"]]
    with Book.open(book_path, today=fixed_clock) as book:
        assert [book.field_values(at) for at in (1, 2, 3)] == [{1: each} for each in chosen]

    exported, other = tmp_path / f"out.{suffix}", tmp_path / "other.db"
    assert run("export", str(exported)).exit_code == 0
    _sizes(run, other)
    again = run("import", "customers", str(exported), db=other)

    assert again.exit_code == 0, again.output
    with Book.open(other, today=fixed_clock) as book:
        assert [book.field_values(at) for at in (1, 2, 3)] == [{1: each} for each in chosen]
