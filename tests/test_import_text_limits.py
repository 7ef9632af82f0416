"""The 5,000-character limit of notes and addresses is checked on what the import stores: the
cell and every line it adds (a 微信 nickname, masked numbers, 区县 and 街道 joined), on create
and on update. A customer the book already holds longer than the limit (an earlier version's,
another tool's) is still read, forgotten, merged and imported again; only the form refuses it,
naming the field, until it is shortened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.book_helpers import fixed_clock, table_of, write_csv
from xiaoben.models.customer import LONG_MAX, Customer
from xiaoben.models.errors import describe
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3

NICKNAME_LINE = "微信（非微信号）：🌸芳芳🌸"


def notes_of(path: Path) -> list[tuple[object, ...]]:
    return table_of(path, "SELECT code, length(notes) FROM customers ORDER BY id")


def test_a_nickname_line_past_the_limit_refuses_the_row_naming_the_cells(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "n.csv", ["code,name,微信,备注", f"K1,芳芳,🌸芳芳🌸,{'记' * 4990}"]
    )

    result = run("--lang", "zh", "import", "customers", str(sheet))

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "第 2 行，备注：这一格 4,990 字，加上导入从微信添加的内容共 5,004 字，超过 5,000 字的上限"
        in result.stderr
    )
    assert notes_of(book_path) == []


def test_a_cell_within_the_limit_is_never_said_too_long_on_update(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    run("import", "customers", str(write_csv(tmp_path / "a.csv", ["code,name", "K1,芳芳"])))
    sheet = write_csv(
        tmp_path / "n.csv", ["code,name,微信,备注", f"K1,芳芳,🌸芳芳🌸,{'记' * 4990}"]
    )

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "4,990 characters here, 5,004 with what the import adds from 微信" in result.stderr
    assert "must be at most 5,000" not in result.stderr
    assert notes_of(book_path) == [("K1", 0)]


def test_notes_added_to_the_books_past_the_limit_are_refused_naming_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", ["code,name,备注", f"K1,芳芳,{'甲' * 3000}"])
    run("import", "customers", str(first))
    second = write_csv(tmp_path / "b.csv", ["code,name,备注", f"K1,芳芳,{'乙' * 2500}"])

    result = run("--lang", "zh", "import", "customers", str(second))

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "第 2 行，备注：加上客户已有的备注共 5,501 字，超过 5,000 字的上限" in result.stderr
    assert notes_of(book_path) == [("K1", 3000)]


def test_an_address_joined_from_district_and_street_past_the_limit_is_refused(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(
        tmp_path / "a.csv", ["code,name,区,街道,地址", f"K3,芳,南山区,{'路' * 10},{'记' * 4995}"]
    )

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "line 2, 地址: address: 4,995 characters here" in result.stderr
    assert "from 区, 街道: at most 5,000" in result.stderr
    assert notes_of(book_path) == []


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(length=st.integers(4960, LONG_MAX), nickname=st.text("芳花🌸ab", min_size=1, max_size=30))
def test_an_import_never_stores_notes_past_the_limit(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, length: int, nickname: str
) -> None:
    for created in (True, False):
        book_path.unlink(missing_ok=True)
        if not created:
            run("import", "customers", str(write_csv(tmp_path / "a.csv", ["code,name", "K1,芳芳"])))
        sheet = write_csv(
            tmp_path / "n.csv", ["code,name,微信,备注", f"K1,芳芳,{nickname},{'记' * length}"]
        )
        result = run("import", "customers", str(sheet))
        assert "Traceback" not in result.output
        stored = table_of(book_path, "SELECT max(length(notes)) FROM customers")
        assert stored[0][0] is None or stored[0][0] <= LONG_MAX
        assert result.exit_code == (
            0 if length + len(f"\n微信（非微信号）：{nickname}") <= LONG_MAX else 1
        )


@pytest.fixture
def overlong(book_path: Path, tmp_path: Path, run: Callable[..., Result]) -> Path:
    """K1 as an earlier version stored her: 5,004 characters of notes; K2 beside her."""
    sheet = write_csv(tmp_path / "k.csv", ["code,name", "K1,芳芳", "K2,芳芳二"])
    assert run("import", "customers", str(sheet)).exit_code == 0
    conn = sqlite3.connect(book_path)
    try:
        notes = f"{'记' * 4990}\n{NICKNAME_LINE}"
        conn.execute("UPDATE customers SET notes = ? WHERE code = 'K1'", (notes,))
        conn.commit()
    finally:
        conn.close()
    return book_path


def test_a_stored_customer_past_a_limit_is_read_and_the_form_names_the_field(
    overlong: Path,
) -> None:
    with Book.open(overlong, today=fixed_clock) as book:
        fang = book.get_customer(1)
        assert len(fang.notes) == 5004  # shown as it is
        with pytest.raises(ValidationError) as refused:
            Customer.model_validate(fang.model_dump())  # the form saving it as it is
        assert [str(each) for each in describe(refused.value)] == [
            "notes: must be at most 5,000 characters"
        ]


def test_a_stored_customer_past_a_limit_can_be_forgotten(
    run: Callable[..., Result], overlong: Path
) -> None:
    result = run("forget", "K1", "--yes")
    assert result.exit_code == 0, result.output
    assert [code for code, _ in notes_of(overlong)] == ["K2"]


def test_a_stored_customer_past_a_limit_can_be_merged_into(
    run: Callable[..., Result], overlong: Path, tmp_path: Path
) -> None:
    twin = write_csv(tmp_path / "t.csv", ["name,phone", "芳芳,13800138000"])
    assert run("import", "customers", str(twin)).exit_code == 0
    result = run("merge", "K1", "13800138000", "--yes")  # her second record adds no line
    assert result.exit_code == 0, result.output
    assert notes_of(overlong) == [("K1", 5004), ("K2", 0)]


def test_a_merge_adding_a_line_to_notes_past_the_limit_names_the_notes(
    run: Callable[..., Result], overlong: Path
) -> None:
    result = run("merge", "K1", "K2", "--yes")  # 其他姓名：芳芳二 would be added
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "notes: must be at most 5,000 characters" in result.output
    assert notes_of(overlong) == [("K1", 5004), ("K2", 0)]


def test_a_stored_customer_past_a_limit_is_imported_again_without_a_traceback(
    run: Callable[..., Result], overlong: Path, tmp_path: Path
) -> None:
    same = write_csv(tmp_path / "n.csv", ["code,name,微信,备注", f"K1,芳芳,🌸芳芳🌸,{'记' * 4990}"])
    again = run("import", "customers", str(same))
    assert "Traceback" not in again.output
    phone = write_csv(tmp_path / "p.csv", ["code,name,phone", "K1,芳芳,13800138000"])
    updated = run("import", "customers", str(phone))
    assert updated.exit_code == 0, updated.output
    assert notes_of(overlong) == [("K1", 5004), ("K2", 0)]
