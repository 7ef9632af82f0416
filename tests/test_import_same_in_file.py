"""Two rows of one customers sheet that are one person (王芳 and 王 芳, one phone) become one
customer, and the report says so in one line naming both rows and what the later row
changed. (The day-one tester's finding 16.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import table_of, write_csv

SHEET = [
    "姓名,电话,地址,备注",
    "王芳,13800138000,杭州,老客",
    "李娜,13900139001,上海,",
    "王 芳,138-0013-8000,杭州市,同一个人？",
    "李娜,139 0013 9001,上海,",
]


def test_rows_of_one_person_are_named_together_with_what_the_later_changed(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", SHEET)

    result = run("--lang", "zh", "import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, address, notes FROM customers ORDER BY id") == [
        ("王芳", "杭州市", "老客\n同一个人？"),
        ("李娜", "上海", ""),
    ]
    assert "以下 2 行与文件里前面的一行是同一位客户，已合为一位：" in result.output
    assert (
        "  第 4 行：“王 芳”与第 2 行的“王芳”电话相同（13800138000），已合为一位客户："
        "本行改了她的地址、备注" in result.output
    )
    assert (
        "  第 5 行：“李娜”与第 3 行的“李娜”电话相同（13900139001），已合为一位客户：本行没有改动"
        in result.output
    )
    assert "相近" not in result.output  # not a near match of the book's: one customer


def test_said_in_english_and_not_again_when_the_book_has_her(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "客户.csv", SHEET)

    result = run("--lang", "en", "import", "customers", str(sheet), "--dry-run")

    assert (
        "  line 4: “王 芳” and “王芳” of line 2 have the same phone (13800138000): one customer, "
        "this row changed her address, notes" in result.output
    )
    assert "2 rows are the customer of an earlier row of the file, folded into one:" in (
        result.output
    )
    assert run("import", "customers", str(sheet)).exit_code == 0
    again = run("--lang", "en", "import", "customers", str(sheet))
    assert "earlier row of the file" not in again.output
