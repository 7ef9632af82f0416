"""Two columns of one file that both name a free-text or list field (two 备注 columns, 备注
and 客户备注, 标签 and 个人标签, two 手机, 买家留言 and 卖家备注): every one is kept, joined in
the file's column order, and the dry run says so. A single-valued field named twice stays
refused: which column holds it is unclear."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import table_of, write_csv
from xiaoben.models.errors import BookError
from xiaoben.store.importing.columns import match_columns
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import ignored_columns


def test_two_notes_columns_are_both_kept_each_under_its_header(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,备注,客户备注", "张三,13800138000,老客户,爱喝茶", "李四,13900139000,,只有这条"],
    )

    dry = run("--lang", "zh", "import", "customers", str(sheet), "--dry-run")
    result = run("--lang", "zh", "import", "customers", str(sheet))

    assert dry.exit_code == 0, dry.output
    assert "“备注”由这几列合并（每列都保留）：第 3 列“备注”、第 4 列“客户备注”" in dry.stderr
    assert "未导入" not in dry.stderr  # 客户备注 is read, not a column left out
    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, notes FROM customers ORDER BY id") == [
        ("张三", "备注：老客户\n客户备注：爱喝茶"),
        ("李四", "只有这条"),  # one column holding text: as written
    ]


def test_two_columns_both_named_notes_are_no_longer_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,备注,备注", "张三,老客户,爱喝茶"])

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert "notes joins these columns, each one kept: column 2 “备注”, column 3 “备注”" in (
        result.stderr
    )
    assert table_of(book_path, "SELECT notes FROM customers") == [
        ("备注（第 2 列）：老客户\n备注（第 3 列）：爱喝茶",)  # which column said what
    ]


def test_tags_and_phones_of_several_columns_are_all_kept(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        ["姓名,手机,手机,标签,个人标签", "张三,13800138000,13900139000,VIP,朋友 老客户"],
    )

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT phones, tags FROM customers") == [
        ('["+8613800138000", "+8613900139000"]', '["VIP", "朋友", "老客户"]')
    ]


def test_a_buyers_message_and_the_sellers_note_are_both_kept_on_the_purchase(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "订单.csv",
        [
            "订单号,姓名,手机,金额,日期,买家留言,卖家备注",
            "A1,张三,13800138000,10,2024-01-01,要红色,已发顺丰",
        ],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT note FROM purchases") == [
        ("订单号 A1；买家留言：要红色\n卖家备注：已发顺丰",)
    ]


def test_the_import_screen_is_told_the_columns_are_joined(tmp_path: Path) -> None:
    """The Import screen's mapping notes are ignored_columns' (tui/screens/imports.py)."""
    sheet = write_csv(tmp_path / "客户.csv", ["姓名,备注,备注", "张三,老客户,爱喝茶"])
    table = read_any(sheet, kind="customers")

    columns = match_columns(table.header, "customers")

    assert columns.joined == {"notes": [1, 2]}
    assert ignored_columns(table, "customers") == (
        "notes joins these columns, each one kept: column 2 “备注”, column 3 “备注”"
    )


@given(st.lists(st.text(alphabet="爱喝茶老客户 ab1", max_size=6), min_size=2, max_size=4))
def test_every_notes_cell_is_kept_in_the_columns_order(cells: list[str]) -> None:
    header = ["姓名", *["备注"] * len(cells)]
    columns = match_columns(header, "customers")

    joined = columns.joined_cells("notes", ["张三", *cells])

    kept = [(at, cell.strip()) for at, cell in enumerate(cells, 2) if cell.strip()]
    if len(kept) > 1:
        assert joined.split("\n") == [f"备注（第 {at} 列）：{cell}" for at, cell in kept]
    else:
        assert joined == "".join(cell for _, cell in kept)


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        ("customers", ["姓名", "姓名"]),
        ("customers", ["姓名", "编号", "编号"]),
        ("customers", ["姓名", "微信", "微信"]),
        ("customers", ["姓名", "生日", "生日"]),
        ("purchases", ["客户", "日期", "金额", "金额"]),
        ("purchases", ["客户", "日期", "日期", "金额"]),
    ],
)
def test_a_single_valued_field_named_twice_is_still_refused(kind: str, header: list[str]) -> None:
    with pytest.raises(BookError) as refused:
        match_columns(header, kind)  # type: ignore[arg-type]  # a Kind, parametrized

    assert "so which one to read is unclear" in refused.value.message("en")


def test_two_notes_columns_of_a_purchase_say_which_column_said_what(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    orders = write_csv(
        tmp_path / "订单.csv",
        ["姓名,手机,金额,日期,备注,备注", "张三,13800138000,10,2024-01-01,要红色,已发顺丰"],
    )

    result = run("--lang", "en", "import", "purchases", str(orders), "--create-missing")

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT note FROM purchases") == [
        ("备注（第 5 列）：要红色\n备注（第 6 列）：已发顺丰",)
    ]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_joined_notes_read_back_equal_from_an_export_and_a_second_import(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str
) -> None:
    sheet = write_csv(
        tmp_path / "客户.csv",
        [
            "姓名,手机,备注,备注,客户备注",
            "张三,13800138000,老客户,爱喝茶,备注：周末送",
            "李四,13900139000,,只有这条,",
        ],
    )
    _ok(run("--lang", "en", "import", "customers", str(sheet)))
    notes = table_of(book_path, "SELECT name, notes FROM customers ORDER BY id")
    assert notes == [
        ("张三", "备注（第 3 列）：老客户\n备注（第 4 列）：爱喝茶\n客户备注：备注：周末送"),
        ("李四", "只有这条"),
    ]
    target = tmp_path / f"customers.{suffix}"
    _ok(run("export", str(target)))
    fresh = tmp_path / "fresh.db"
    args = ("--sheet", "customers") if suffix == "xlsx" else ()

    _ok(run("--lang", "en", "import", "customers", str(target), *args, db=fresh))
    again = _ok(run("--lang", "en", "import", "customers", str(sheet)))

    assert table_of(fresh, "SELECT name, notes FROM customers ORDER BY id") == notes
    assert "nothing to change" in again.output, again.output
    assert table_of(book_path, "SELECT name, notes FROM customers ORDER BY id") == notes


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result
