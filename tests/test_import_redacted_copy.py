"""A redacted export (xiaoben export --redact: the accountant's copy, names 王某, phones
138****0001) imported back is refused, whatever its format; and in any file a masked name
never replaces the name the book holds, nor a masked number of the customer's own phone
goes into her notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv

BOOK = [
    "code,name,phone,wechat,notes",
    "C001,王小芳,13800000001,wxf_88,老客户",
    "C002,欧阳娜娜,13900000002,,",
]


def customers_of(path: Path) -> list[tuple[object, ...]]:
    return table_of(path, "SELECT code, name, phones, notes FROM customers ORDER BY id")


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_redacted_export_imported_back_is_refused_and_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, suffix: str, lang: str
) -> None:
    assert run("import", "customers", str(write_csv(tmp_path / "c.csv", BOOK))).exit_code == 0
    before = customers_of(book_path)
    copy = tmp_path / f"给会计.{suffix}"
    assert run("--lang", lang, "export", str(copy), "--redact").exit_code == 0

    dry = run("--lang", "zh", "import", "customers", str(copy), "--dry-run")
    result = run("--lang", "en", "import", "customers", str(copy))

    assert dry.exit_code == 1 and "这是一份脱敏副本" in dry.stderr
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "this is a redacted copy" in result.stderr and "without --redact" in result.stderr
    assert customers_of(book_path) == before


def test_a_redacted_export_names_its_name_column_so(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    assert run("import", "customers", str(write_csv(tmp_path / "c.csv", BOOK))).exit_code == 0
    assert run("--lang", "zh", "export", str(tmp_path / "给会计.csv"), "--redact").exit_code == 0
    header = (tmp_path / "给会计.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[:2] == ["编号", "姓名（已脱敏）"]
    assert run("--lang", "zh", "export", str(tmp_path / "全部.csv")).exit_code == 0
    whole = (tmp_path / "全部.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert whole.split(",")[:2] == ["编号", "姓名"]  # the seller's own export: as it was


def test_a_masked_name_never_replaces_the_name_the_book_holds(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    assert run("import", "customers", str(write_csv(tmp_path / "c.csv", BOOK))).exit_code == 0
    masked = write_csv(
        tmp_path / "m.csv",
        [
            "code,name,phone,city",
            "C001,王某,138****0001,杭州",
            "C002,欧阳*,,上海",
            "C003,李某,,北京",
        ],
    )

    result = run("import", "customers", str(masked))

    assert result.exit_code == 0, result.output
    rows = table_of(book_path, "SELECT code, name, city, notes FROM customers ORDER BY id")
    assert rows == [
        ("C001", "王小芳", "杭州", "老客户"),  # her own number masked: no line in the notes
        ("C002", "欧阳娜娜", "上海", ""),
        ("C003", "李某", "北京", ""),  # somebody new: the name the file gives
    ]


def test_a_masked_number_not_the_customers_own_stays_in_her_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    assert run("import", "customers", str(write_csv(tmp_path / "c.csv", BOOK))).exit_code == 0
    masked = write_csv(
        tmp_path / "m.csv", ["code,name,phone", "C001,王小芳,137****0001、138****0001"]
    )

    result = run("import", "customers", str(masked))

    assert result.exit_code == 0, result.output
    assert customers_of(book_path)[0][3] == "老客户\n隐藏或转接的号码（不作电话）：137****0001"
