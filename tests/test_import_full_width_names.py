"""A name typed in an input method's full-width mode (ＬＩＵ　Ｙｕｎ) is the same name as
LIU Yun to an import's matching, and stored as written (a round trip reads back equal): an
order's LIU Yun finds the customers sheet's ＬＩＵ　Ｙｕｎ and the app's (an outside
tester's: the order was refused, and --create-missing made a second LIU Yun)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.book_helpers import customer, table_of, write_csv
from xiaoben.models.values import name_key
from xiaoben.store.book import Book


def test_full_width_letters_are_compared_half_width() -> None:
    assert name_key("ＬＩＵ　Ｙｕｎ") == "LIU Yun"
    assert name_key("Ａｍｙ（老客户）") == "Amy（老客户）"  # her brackets as written
    assert name_key("李娜～") == "李娜～"
    assert name_key("王芳＃２") == "王芳＃2"
    assert name_key("张　三") == "张三"
    assert name_key("王芳") == "王芳"


def test_a_full_width_name_of_a_sheet_is_found_by_its_half_width_spelling(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    people = write_csv(tmp_path / "客户.csv", ["姓名,手机", "ＬＩＵ　Ｙｕｎ,13800138005"])
    orders = write_csv(tmp_path / "订单.csv", ["客户,日期,金额", "LIU Yun,2026-11-01,10"])
    assert run("import", "customers", people).exit_code == 0

    result = run("import", "purchases", orders, "--create-missing")

    assert result.exit_code == 0, result.output + result.stderr
    assert "0 customers created" in result.output
    found = table_of(book_path, "SELECT name, code, phones FROM customers")
    assert found == [("ＬＩＵ Ｙｕｎ", None, json.dumps(["+8613800138005"]))]  # as written
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,)]


def test_a_name_typed_full_width_in_the_app_is_found_and_kept_as_typed(
    run: Callable[..., Result], book: Book, book_path: Path, tmp_path: Path
) -> None:
    customer(book, "ＬＩＵ　Ｙｕｎ")
    book.close()
    typed = table_of(book_path, "SELECT name FROM customers")
    assert typed[0][0].startswith("ＬＩＵ")
    orders = write_csv(tmp_path / "订单.csv", ["客户,日期,金额", "LIU Yun,2026-11-01,10"])

    result = run("import", "purchases", orders)

    assert result.exit_code == 0, result.output + result.stderr
    assert table_of(book_path, "SELECT name FROM customers") == typed
    assert table_of(book_path, "SELECT customer_id FROM purchases") == [(1,)]
