"""`xiaoben forget`: a customer who asks to be deleted is erased for good, after the
seller is told what goes, that it cannot be undone and that older backups keep them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import buy, customer, fixed_clock
from xiaoben.store.book import Book


@pytest.fixture
def wang(book_path: Path) -> Path:
    with Book.open(book_path, today=fixed_clock) as book:
        person = customer(book, "王小明", code="C001", phones=["13800138000"], wechat="wx_wang01")
        buy(book, person, 300, "2026-10-01")
        customer(book, "李娜", phones=["13900139000"])
    return book_path


def names(path: Path) -> list[str]:
    with Book.open(path, today=fixed_clock) as book:
        return [row[0] for row in book.conn.execute("SELECT name FROM customers ORDER BY id")]


def test_forget_says_what_is_erased_and_asks(run: Callable[..., Any], wang: Path) -> None:
    result = run("forget", "C001", input="n\n")
    assert result.exit_code == 1
    assert "Forget 王小明 (C001) for good?" in result.output
    assert "cannot be undone" in result.output and "Backups and copies" in result.output
    assert names(wang) == ["王小明", "李娜"]  # said no: nothing erased


def test_forget_with_yes_erases_the_customer_and_their_purchases(
    run: Callable[..., Any], wang: Path
) -> None:
    result = run("forget", "13800138000", "--yes")
    assert result.exit_code == 0, result.output
    assert "王小明 (C001) forgotten for good" in result.output
    assert names(wang) == ["李娜"]
    with Book.open(wang, today=fixed_clock) as book:
        assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)
    assert "wx_wang01" not in run("export", str(wang.parent / "all.csv")).output
    assert "王小明" not in (wang.parent / "all.csv").read_text(encoding="utf-8-sig")


def test_forget_of_no_such_customer_says_how_customers_are_named(
    run: Callable[..., Any], wang: Path
) -> None:
    result = run("forget", "C999", "--yes")
    assert result.exit_code != 0
    assert "no customer “C999”" in result.output
