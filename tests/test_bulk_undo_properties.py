"""A bulk change undone puts the book back as it was: every table (tiers, stats, day totals,
the tier history the overview's months count, each customer row but its version and
updated_at, which move on) reads as before the change, whatever the change and the
customers (hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, fixed_clock
from tests.test_cold_recompute import _fill, person
from xiaoben.models.bulk import AddTag, Archive, LogContact, RemoveTag, SetReminder, SetStage
from xiaoben.models.enums import ManualStage
from xiaoben.store.book import Book

# What is not the book's content: the undo log itself, the processes that have it open,
# SQLite's planner statistics, and the counter that tells caches the file changed.
NOT_CONTENT = {"bulk_changes", "sessions", "sqlite_stat1", "sqlite_stat4"}
COUNTERS = ("plan_marker", "tiers_exact")

tag = st.sampled_from(["老客", "中秋", "VIP"])
action = st.one_of(
    st.builds(AddTag, tag=tag),
    st.builds(RemoveTag, tag=tag),
    st.builds(SetStage, stage=st.one_of(st.none(), st.sampled_from(list(ManualStage)))),
    st.builds(Archive, archived=st.booleans()),
    st.builds(LogContact, note=st.sampled_from(["", "中秋快乐"])),
    st.builds(SetReminder, due=st.integers(0, 30).map(lambda days: TODAY + timedelta(days))),
)


def tables(book: Book) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in order (the meta table without its change counters)."""
    names = [
        row[0]
        for row in book.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] not in NOT_CONTENT
    ]
    found = {}
    for name in names:
        columns = "*"
        if name == "customers":  # an undo is a change: the version and stamp move on
            every = [row[1] for row in book.conn.execute("PRAGMA table_info(customers)")]
            columns = ", ".join(c for c in every if c not in ("version", "updated_at"))
        rows = book.conn.execute(f"SELECT {columns} FROM {name}").fetchall()
        if name == "meta":
            rows = [row for row in rows if row[0] not in COUNTERS]
        found[name] = sorted(rows, key=repr)
    return found


def _tag_some(book: Book, ids: list[int]) -> None:
    """Some customers tagged beforehand, so that a tag's removal finds some to change."""
    for k, customer_id in enumerate(ids):
        if k % 2:
            saved = book.get_customer(customer_id)
            book.save_customer(saved.model_copy(update={"tags": ["老客", "中秋"][: k % 3 + 1]}))


@settings(max_examples=30)
@given(
    people=st.lists(person, min_size=2, max_size=8),
    chosen=st.lists(st.integers(0, 7), min_size=1, max_size=8, unique=True),
    change=action,
    background=st.booleans(),
)
def test_undoing_a_bulk_change_leaves_every_table_as_before(
    empty_book_template: Path,
    people: list[dict],
    chosen: list[int],
    change: Any,
    background: bool,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.db"
        shutil.copyfile(empty_book_template, path)  # a new book
        with Book.open(path, today=fixed_clock) as book:
            _fill(book, people)
            ids = [row[0] for row in book.conn.execute("SELECT id FROM customers ORDER BY id")]
            _tag_some(book, ids)
        with Book.open(path, today=fixed_clock, background=background) as book:
            book.settle()
            before = tables(book)
            selected = [ids[k] for k in chosen if k < len(ids)]

            book.bulk_change(selected, change)
            book.settle()
            book.undo_last_bulk()
            book.settle()

            after = tables(book)
            for name in before:
                assert after[name] == before[name], name


def test_a_copy_of_a_customer_read_before_a_bulk_undo_cannot_save_over_a_later_edit(
    book: Book,
) -> None:
    """The undo gave the row its old version back: a copy read after the change (a page
    open on it) matched it again once another edit moved the version on, and saved over
    that edit without a word."""
    import pytest

    from xiaoben.models.customer import Customer
    from xiaoben.models.errors import ConflictError

    saved = book.save_customer(Customer(name="王芳", phones=["13812345678"]))
    assert saved.id is not None
    done = book.bulk_change([saved.id], AddTag(tag="VIP"))
    stale = book.get_customer(saved.id)
    book.undo_bulk(done.token)
    book.save_customer(book.get_customer(saved.id).model_copy(update={"notes": "地址改了"}))

    with pytest.raises(ConflictError):
        book.save_customer(stale.model_copy(update={"occupation": "教师"}))
    kept = book.get_customer(saved.id)
    assert (kept.notes, kept.tags) == ("地址改了", [])
