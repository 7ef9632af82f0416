"""`xiaoben merge`, `unmerge` and `duplicates` on real books in tmp_path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.book_helpers import buy, customer, fixed_clock
from tests.test_book_merge import every_row
from xiaoben.store.book import Book


@pytest.fixture
def twins(book_path: Path) -> Path:
    """王芳 (C001, a buyer) and 王芳 again (#2, her WeChat ID and a purchase of her own)."""
    with Book.open(book_path, today=fixed_clock) as book:
        first = customer(book, "王芳", code="C001", phones=["13800138000"])
        second = customer(book, "王芳", phones=["13800138000"], wechat="wangfang_88", city="杭州")
        buy(book, first, 300, "2026-10-01")
        buy(book, second, 200, "2026-11-01")
        customer(book, "李娜", phones=["13900139000"])
    return book_path


def rows_of(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Book.open(path, today=fixed_clock) as book:
        return every_row(book.conn)


def test_merge_shows_what_moves_and_asks(run: Callable[..., Any], twins: Path) -> None:
    before = rows_of(twins)
    result = run("merge", "C001", "#2", input="n\n")
    assert result.exit_code == 1
    assert "Merging 王芳 (#2) into 王芳 (C001)" in result.output
    assert "Moving to 王芳: 1 purchase, 0 contacts" in result.output
    assert "wangfang_88" in result.output and "杭州" in result.output
    assert rows_of(twins) == before  # said no: nothing changed


def test_merge_with_yes_merges_and_prints_the_undo(run: Callable[..., Any], twins: Path) -> None:
    result = run("merge", "C001", "#2", "--yes")
    assert result.exit_code == 0, result.output
    assert "Merged 王芳 (#2) into 王芳 (C001). To undo: xiaoben unmerge 1" in result.output
    with Book.open(twins, today=fixed_clock) as book:
        merged = book.get_customer(1)
        assert merged.wechat == "wangfang_88" and len(book.purchases_of(1)) == 2
        assert book.customer_count() == 2


def test_take_chooses_a_side(run: Callable[..., Any], twins: Path) -> None:
    result = run("merge", "C001", "#2", "--take", "city=survivor", "--yes")
    assert result.exit_code == 0, result.output
    with Book.open(twins, today=fixed_clock) as book:
        assert book.get_customer(1).city == ""


@pytest.mark.parametrize(
    ("take", "words"),
    [
        ("city", "the form is FIELD=survivor|absorbed|both"),
        ("city=mine", "the form is FIELD=survivor|absorbed|both"),
        ("shoe=absorbed", "merge: there is no field “shoe”"),
        ("city=both", "merge: “city” cannot take “both”"),
    ],
)
def test_a_bad_take_names_the_rule(
    run: Callable[..., Any], twins: Path, take: str, words: str
) -> None:
    before = rows_of(twins)
    result = run("merge", "C001", "#2", "--take", take, "--yes")
    assert result.exit_code in (1, 2)
    assert words in result.output
    assert rows_of(twins) == before


def test_an_unknown_or_ambiguous_customer_is_refused(run: Callable[..., Any], twins: Path) -> None:
    unknown = run("merge", "C001", "nobody", "--yes")
    assert unknown.exit_code == 1 and "no customer “nobody”" in unknown.output
    ambiguous = run("merge", "王芳", "#3", "--yes")
    assert ambiguous.exit_code == 1 and "2 customers are named “王芳”" in ambiguous.output
    same = run("merge", "C001", "#1", "--yes")
    assert same.exit_code == 1 and "cannot be merged with themself" in same.output


def test_unmerge_puts_both_back(run: Callable[..., Any], twins: Path) -> None:
    before = rows_of(twins)
    assert run("merge", "C001", "#2", "--yes").exit_code == 0
    result = run("unmerge", "1")
    assert result.exit_code == 0, result.output
    assert "Merge undone: 王芳 (C001) and 王芳 (#2) are two customers again" in result.output
    assert rows_of(twins) == before
    again = run("unmerge", "1")
    assert again.exit_code == 1 and "already undone" in again.output


def test_unmerge_refuses_while_a_freed_code_is_another_customers(
    run: Callable[..., Any], book_path: Path
) -> None:
    """王芳 C001 took 芳芳's F-88 in the merge; C001 was then given to a new customer: the
    undo says who holds the code and what to do, in words, and changes nothing."""
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "王芳", code="C001", phones=["13800138000"])
        customer(book, "芳芳", code="F-88", phones=["13800138000"])
    assert run("merge", "C001", "F-88", "--take", "code=absorbed", "--yes").exit_code == 0
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "新客户", code="C001")
    before = rows_of(book_path)

    refused = run("unmerge", "1")
    assert refused.exit_code == 1
    assert isinstance(refused.exception, SystemExit)  # refused in words, no traceback
    assert "cannot undo: 王芳's code C001 is now 新客户's (#3)" in refused.output
    assert "Give 新客户 another code or clear it, then undo the merge" in refused.output
    zh = run("--lang", "zh", "unmerge", "1")
    assert "无法撤销：王芳 原来的编号 C001 现在是 新客户（#3）的" in zh.output
    assert rows_of(book_path) == before

    with Book.open(book_path, today=fixed_clock) as book:
        book.save_customer(book.get_customer(3).model_copy(update={"code": "C009"}))
    done = run("unmerge", "1")
    assert done.exit_code == 0, done.output
    with Book.open(book_path, today=fixed_clock) as book:
        assert [book.get_customer(i).code for i in (1, 2, 3)] == ["C001", "F-88", "C009"]


def test_unmerge_refuses_while_the_absorbed_customers_code_is_another_customers(
    run: Callable[..., Any], book_path: Path
) -> None:
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "王芳", code="C001", phones=["13800138000"])
        fang = customer(book, "芳芳", code="F-88", phones=["13800138000"])
        buy(book, fang, 66, "2026-11-01")
    assert run("merge", "C001", "F-88", "--yes").exit_code == 0  # F-88 freed
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "新客户", code="F-88")
    before = rows_of(book_path)

    refused = run("unmerge", "1")
    assert refused.exit_code == 1
    assert "cannot undo: 芳芳's code F-88 is now 新客户's (#3)" in refused.output
    assert rows_of(book_path) == before


def test_unmerge_without_a_number_lists_the_merges_it_can_undo(
    run: Callable[..., Any], twins: Path
) -> None:
    """A merge made in the app prints no number: `unmerge` alone lists them (F2)."""
    assert "No merge to undo" in run("unmerge").output
    assert run("merge", "C001", "#2", "--yes").exit_code == 0
    listed = run("unmerge")
    assert listed.exit_code == 0, listed.output
    (line,) = [row for row in listed.output.splitlines() if "into" in row and "王芳" in row]
    assert line.split()[0] == "1" and "王芳 (#2) into 王芳 (C001)" in line
    assert "can be undone" in line
    assert "xiaoben unmerge NUMBER" in listed.output
    assert run("unmerge", "1").exit_code == 0
    assert "No merge to undo" in run("unmerge").output


def test_a_dismissed_pair_is_listed_and_brought_back(run: Callable[..., Any], twins: Path) -> None:
    """F5: the pairs marked two people are listed, and one can be listed as duplicates again."""
    assert "No pair is marked" in run("duplicates", "--dismissed").output
    with Book.open(twins, today=fixed_clock) as book:
        book.dismiss_duplicate(1, 2)
    assert "王芳 (C001)" not in run("duplicates").output
    listed = run("duplicates", "--dismissed")
    assert "#1 王芳 (C001)" in listed.output and "#2 王芳" in listed.output
    back = run("duplicates", "--bring-back", "C001", "#2")
    assert back.exit_code == 0, back.output
    assert "王芳 (C001) and 王芳 (#2) are listed as possible duplicates again" in back.output
    assert "王芳 (C001)" in run("duplicates").output
    again = run("duplicates", "--bring-back", "C001", "#2")
    assert again.exit_code == 1 and "nothing changed" in again.output


def test_duplicates_lists_the_pairs(run: Callable[..., Any], twins: Path) -> None:
    result = run("duplicates")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "#1" in line]
    assert len(lines) == 1
    assert "#2 王芳" in lines[0] and "same phone" in lines[0] and "same name" in lines[0]


def test_duplicates_says_how_many_a_limit_left_out_and_joins_reasons_in_english(
    run: Callable[..., Any], twins: Path
) -> None:
    with Book.open(twins, today=fixed_clock) as book:
        customer(book, "李娜", phones=["13900139000"], city="杭州")
    result = run("duplicates", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert "the first 1 of 2 pairs shown" in result.output
    assert "same phone, same name" in result.output and "、" not in result.output


def test_duplicates_as_json(run: Callable[..., Any], twins: Path) -> None:
    result = run("duplicates", "--json")
    assert json.loads(result.output) == [
        {
            "first": {"id": 1, "name": "王芳", "code": "C001", "fields": {}},
            "second": {"id": 2, "name": "王芳", "code": None, "fields": {}},
            "score": 120,
            "reasons": ["phone", "name"],
        }
    ]


def test_no_duplicates_says_so(run: Callable[..., Any], book_path: Path) -> None:
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "王芳")
    result = run("duplicates", "--limit", "5")
    assert result.exit_code == 0 and "No possible duplicates found" in result.output


def test_unmerge_of_a_merge_too_old_says_so(
    run: Callable[..., Any], twins: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store import merge

    monkeypatch.setattr(merge, "KEPT", 1)
    with Book.open(twins, today=fixed_clock) as book:
        customer(book, "李娜", phones=["13900139000"])
    assert run("merge", "C001", "#2", "--yes").exit_code == 0
    assert run("merge", "#3", "#4", "--yes").exit_code == 0
    result = run("unmerge", "1")
    assert result.exit_code == 1
    assert "merge 1 is too old to undo: only the last 1 merge can be undone" in result.output
    assert "Traceback" not in result.output
    assert run("unmerge", "2").exit_code == 0


def test_a_merge_taking_the_others_name_and_code_names_the_survivor_as_she_was(
    run: Callable[..., Any], book_path: Path
) -> None:
    """F7: 'Merged 芳芳 (F-88) into 芳芳 (F-88)' named one customer twice."""
    with Book.open(book_path, today=fixed_clock) as book:
        customer(book, "王芳", code="C001", phones=["13800138000"])
        customer(book, "芳芳", code="F-88", phones=["13800138000"])
    result = run("merge", "C001", "F-88", "--take", "name=absorbed", "--take", "code=absorbed",
                 "--yes")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Merged 芳芳 (F-88) into 王芳 (C001) (now 芳芳 (F-88))." in result.output
