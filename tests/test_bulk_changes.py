"""Bulk changes: one transaction for every selected customer, one undo, tiers once."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from tests.book_helpers import buy, count, customer, tiers_of
from xiaoben.models.bulk import AddTag, Archive, LogContact, RemoveTag, SetReminder, SetStage
from xiaoben.models.customer import Customer
from xiaoben.models.errors import BookError
from xiaoben.store import customer_list
from xiaoben.store.book import Book
from xiaoben.store.bulk import KEPT
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.importing.customer_rows import CustomerRow, held_of
from xiaoben.store.imports import import_customers


def many(book: Book, n: int) -> np.ndarray:
    """n customers written in one import (as `xiaoben import customers` writes them: half
    the save-by-save time of 10,000); their ids."""
    given = frozenset({"name", "tags"})
    rows = [
        CustomerRow(
            k + 2, held_of(Customer(name=f"客户{k}", tags=["老客"] if k % 2 else [])), None, given
        )
        for k in range(n)
    ]
    assert import_customers(book, rows, on_duplicate="new").created_customers == n
    return np.array(sorted(customer_list.matching_ids(book.conn, ListQuery())), dtype=np.int64)


def commits_in_wal(book: Book) -> list[bool]:
    """Each frame of the book's WAL file, in order: whether it ends a transaction (a commit
    frame holds the database's size after the commit; every other frame 0)."""
    data = Path(f"{book.path}-wal").read_bytes()
    if not data:
        return []
    page_size, salts = int.from_bytes(data[8:12], "big"), data[16:24]
    frames = []
    for offset in range(32, len(data) - 24 - page_size + 1, 24 + page_size):
        header = data[offset : offset + 24]
        if header[8:16] != salts:  # left from before the WAL was last restarted
            break
        frames.append(int.from_bytes(header[4:8], "big") != 0)
    return frames


@pytest.mark.long
def test_tagging_ten_thousand_customers_is_one_transaction_with_one_undo(book: Book) -> None:
    ids = many(book, 10_000)
    # Transactions counted in the WAL: SQLite's trace would expand every statement run by
    # the UPDATE's triggers with its bound 10,000 ids (gigabytes of SQL text, most of this
    # test's time); the statements of one bulk change are traced in the test below.
    every = book.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    assert book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone() == (0, 0, 0)
    book.conn.execute("PRAGMA wal_autocheckpoint = 0")  # the WAL keeps every frame written
    assert commits_in_wal(book) == []

    started = time.perf_counter()
    done = book.bulk_change(ids, AddTag(tag="中秋"))
    tagged = time.perf_counter() - started

    frames = commits_in_wal(book)
    book.conn.execute(f"PRAGMA wal_autocheckpoint = {every}")
    assert done.changed == 10_000
    assert sum(frames) == 1 and frames[-1]  # one transaction committed, nothing after it
    tagged_query = ListQuery(tag="中秋")
    assert book.list_count(tagged_query) == 10_000
    assert book.list_count(ListQuery(search="中秋")) == 10_000  # tags are searched
    print(f"bulk tag of 10,000 customers: {tagged * 1000:.0f} ms")

    undone = book.undo_bulk(done.token)

    assert (undone.restored, undone.kept) == (10_000, 0)
    assert book.list_count(tagged_query) == 0
    assert book.list_count(ListQuery(search="中秋")) == 0
    assert book.list_count(ListQuery(tag="老客")) == 5_000  # the old tags stay


def test_a_bulk_change_is_one_immediate_transaction(book: Book) -> None:
    ids = many(book, 300)
    statements: list[str] = []
    book.conn.set_trace_callback(statements.append)

    done = book.bulk_change(ids, AddTag(tag="中秋"))
    book.conn.set_trace_callback(None)

    assert done.changed == 300
    transaction = [
        sql for sql in statements if sql.startswith(("BEGIN", "COMMIT", "ROLLBACK", "END"))
    ]
    assert transaction == ["BEGIN IMMEDIATE", "COMMIT"]


def test_a_tag_already_there_is_no_change(book: Book) -> None:
    ids = many(book, 10)

    preview = book.bulk_preview(ids, AddTag(tag="老客"))

    assert (preview.selected, preview.changes) == (10, 5)
    assert book.bulk_change(ids, AddTag(tag="老客")).changed == 5


def test_removing_a_tag_keeps_the_name_searchable(book: Book) -> None:
    one = customer(book, "老客张三", tags=["老客"])
    assert one.id is not None

    book.bulk_change([one.id], RemoveTag(tag="老客"))

    assert book.get_customer(one.id).tags == []
    assert book.list_count(ListQuery(search="老客")) == 1  # the name still says 老客


def test_undo_leaves_a_customer_edited_since_as_they_are(book: Book) -> None:
    first = customer(book, "王芳")
    second = customer(book, "李娜")
    assert first.id is not None and second.id is not None
    done = book.bulk_change([first.id, second.id], AddTag(tag="VIP"))
    edited = book.get_customer(first.id).model_copy(update={"notes": "改过"})
    book.save_customer(edited)

    undone = book.undo_bulk(done.token)

    assert (undone.restored, undone.kept) == (1, 1)
    assert book.get_customer(first.id).tags == ["VIP"]
    assert book.get_customer(second.id).tags == []
    with pytest.raises(BookError, match="already undone"):
        book.undo_bulk(done.token)


def test_set_stage_moves_the_tiers_once_and_undoes(book: Book) -> None:
    people = [customer(book, name) for name in ("甲", "乙", "丙")]
    ids = [p.id for p in people if p.id is not None]
    buy(book, ids[0], 100)

    preview = book.bulk_preview(ids, SetStage(stage="target"))
    done = book.bulk_change(ids, SetStage(stage="target"))

    assert (preview.changes, preview.buyers) == (3, 1)
    assert [tiers_of(book, i)["stage"] for i in ids] == ["customer", "target", "target"]
    book.undo_bulk(done.token)
    assert [tiers_of(book, i)["stage"] for i in ids[1:]] == ["potential", "potential"]


def test_archive_and_its_undo(book: Book) -> None:
    ids = many(book, 20)

    done = book.bulk_change(ids[:5], Archive())

    assert book.list_count(ListQuery()) == 15
    assert book.list_count(ListQuery(archived=True)) == 5
    book.undo_bulk(done.token)
    assert book.list_count(ListQuery()) == 20


def test_undoing_a_bulk_archive_leaves_the_tier_history_and_the_months_as_before(
    book: Book,
) -> None:
    # The top buyers archived: the others' value tiers move (the percentiles follow), the
    # archived leave the tiers; the undo brings everyone back as they were.
    people = [customer(book, f"客户{k}") for k in range(12)]
    for k, who in enumerate(people):
        buy(book, who, 100 * (k + 1), f"2025-{k % 12 + 1:02d}-10")
    history = "SELECT * FROM tier_changes ORDER BY id"
    before = book.conn.execute(history).fetchall()
    months = book.overview().months

    book.bulk_change([p.id for p in people[6:] if p.id is not None], Archive())
    assert book.conn.execute(history).fetchall() != before  # the others moved
    book.undo_last_bulk()

    assert book.conn.execute(history).fetchall() == before
    assert book.overview().months == months


def test_a_greeting_to_a_group_is_one_contact_each(book: Book) -> None:
    ids = many(book, 30)

    done = book.bulk_change(ids, LogContact(kind="greeting", note="中秋快乐"))

    assert done.changed == 30
    assert count(book.conn, "interactions", "note = '中秋快乐' AND kind = 'greeting'") == 30
    last = book.conn.execute("SELECT DISTINCT last_interaction FROM stats").fetchall()
    assert len(last) == 1 and last[0][0] is not None
    book.undo_bulk(done.token)
    assert count(book.conn, "interactions") == 0
    assert (
        book.conn.execute(
            "SELECT count(*) FROM stats WHERE last_interaction IS NOT NULL"
        ).fetchone()[0]
        == 0
    )


def test_a_reminder_for_a_group(book: Book) -> None:
    ids = many(book, 4)

    done = book.bulk_change(ids, SetReminder(due=date(2026, 12, 1), note="寄样品"))

    assert count(book.conn, "reminders", "due = '2026-12-01'") == 4
    book.undo_bulk(done.token)
    assert count(book.conn, "reminders") == 0


def test_undo_of_a_greeting_keeps_a_contact_edited_since(book: Book) -> None:
    """The customer answered the greeting and the seller wrote it into that contact: the
    undo deletes the other greetings and keeps that one (README: edited since, left as is)."""
    ids = many(book, 3)
    done = book.bulk_change(ids, LogContact(kind="greeting", note="中秋快乐"))
    (greeting,) = book.interactions_of(int(ids[0]))
    replied = book.edit_contact(greeting.model_copy(update={"note": "她回复了：要 3 盒面膜"}))

    undone = book.undo_bulk(done.token)

    assert (undone.restored, undone.kept, undone.records) == (2, 1, "interactions")
    assert undone.ids == sorted(int(i) for i in ids[1:])
    assert book.interactions_of(int(ids[0])) == [replied]
    assert count(book.conn, "interactions") == 1
    last = book.conn.execute("SELECT customer_id FROM stats WHERE last_interaction IS NOT NULL")
    assert [row[0] for row in last] == [int(ids[0])]


def test_undo_of_reminders_keeps_one_done_since(book: Book) -> None:
    ids = many(book, 3)
    done = book.bulk_change(ids, SetReminder(due=date(2026, 12, 1), note="寄样品"))
    (reminder,) = book.reminders_of(int(ids[1]))
    book.set_reminder(reminder.model_copy(update={"done": True}))

    undone = book.undo_bulk(done.token)

    assert (undone.restored, undone.kept, undone.records) == (2, 1, "reminders")
    assert [r.done for r in book.reminders_of(int(ids[1]))] == [True]
    assert count(book.conn, "reminders") == 1


def test_undo_never_deletes_a_contact_that_took_the_id_of_a_deleted_greeting(book: Book) -> None:
    """The seller deleted the last greeting; a contact logged later takes its id (SQLite
    gives the largest id + 1): it is not the change's, and the undo leaves it."""
    ids = many(book, 2)
    done = book.bulk_change(ids, LogContact(kind="greeting", note="中秋快乐"))
    (last,) = book.interactions_of(int(ids[1]))
    assert last.id is not None
    book.delete_interaction(last.id)
    book._today = lambda: date(2030, 1, 1)  # a later moment than the change's
    later = book.log_contact(last.model_copy(update={"id": None, "note": "电话回访"}))
    assert later.id == last.id

    undone = book.undo_bulk(done.token)

    assert (undone.restored, undone.kept) == (1, 0)
    assert book.interactions_of(int(ids[1])) == [later]


def test_forgetting_a_customer_drops_every_kept_undo(book: Book) -> None:
    one = customer(book, "王芳", tags=["私密标签"])
    assert one.id is not None
    done = book.bulk_change([one.id], RemoveTag(tag="私密标签"))

    book.forget_customer(one.id)

    assert count(book.conn, "bulk_changes") == 0
    with pytest.raises(BookError, match="can no longer be undone"):
        book.undo_bulk(done.token)


def test_only_the_last_ten_changes_are_kept(book: Book) -> None:
    ids = many(book, 2)
    tokens = [book.bulk_change(ids, AddTag(tag=f"t{k}")).token for k in range(12)]

    assert count(book.conn, "bulk_changes") == 10
    with pytest.raises(BookError, match="can no longer be undone"):
        book.undo_bulk(tokens[0])


def test_exporting_the_marked_customers_holds_exactly_them(book: Book, tmp_path: Path) -> None:
    from xiaoben.store.exporting.formats import ExportRequest

    ids = many(book, 6)

    written = book.export_as(
        tmp_path / "marked.csv", ExportRequest(ids=frozenset(ids[:2].tolist()))
    )

    assert written.rows == {"customers": 2}
    text = (tmp_path / "marked.csv").read_text(encoding="utf-8-sig")
    assert "客户0" in text and "客户1" in text and "客户2" not in text
    with pytest.raises(BookError):
        book.export_as(tmp_path / "marked.db", ExportRequest(ids=frozenset(ids.tolist())))


def stored_keys(book: Book, customer_id: int) -> set[str]:
    rows = book.conn.execute("SELECT key FROM search_keys WHERE customer_id = ?", (customer_id,))
    return {row[0] for row in rows}


def fresh_keys(book: Book, customer_id: int) -> set[str]:
    from xiaoben.store.search import customer_search_keys

    return customer_search_keys(book.get_customer(customer_id))


@pytest.mark.parametrize("tag", ["张三", "amy", "zs", "VIP", "wang"])
def test_a_tag_changed_in_bulk_leaves_the_search_keys_a_save_would_write(
    book: Book, tag: str
) -> None:
    people = [
        customer(book, "张三", tags=["vip"]),
        customer(book, "Amy", phones=["13812345678"]),
        customer(book, "王芳", tags=["zhangsan", "Vip"]),
        customer(book, "李四", code="wang"),
    ]
    ids = [p.id for p in people if p.id is not None]

    def keys_match() -> None:
        assert [stored_keys(book, i) for i in ids] == [fresh_keys(book, i) for i in ids]

    added = book.bulk_change(ids, AddTag(tag=tag))
    keys_match()
    removed = book.bulk_change(ids, RemoveTag(tag=tag))
    keys_match()
    book.undo_bulk(removed.token)
    keys_match()
    book.undo_bulk(added.token)
    keys_match()


def test_a_bulk_tag_writes_the_tags_as_a_save_does_and_the_undo_puts_back_the_text(
    book: Book,
) -> None:
    tagged = customer(book, "王芳", tags=["VIP", "老客"])
    bare = customer(book, "李娜")
    assert tagged.id is not None and bare.id is not None
    ids = [tagged.id, bare.id]

    def stored() -> list[str]:
        rows = book.conn.execute(
            "SELECT tags FROM customers WHERE id IN (?, ?) ORDER BY id", ids
        ).fetchall()
        return [row[0] for row in rows]

    before = stored()
    undone = book.bulk_change(ids, AddTag(tag="中秋")).token
    book.undo_bulk(undone)
    assert stored() == before

    book.bulk_change(ids, AddTag(tag="中秋"))
    by_bulk = stored()
    for i in ids:
        book.save_customer(book.get_customer(i))
    assert by_bulk == stored() == ['["VIP", "老客", "中秋"]', '["中秋"]']

    book.bulk_change(ids, RemoveTag(tag="老客"))
    by_bulk = stored()
    for i in ids:
        book.save_customer(book.get_customer(i))
    assert by_bulk == stored() == ['["VIP", "中秋"]', '["中秋"]']


def test_archiving_in_bulk_moves_the_referrers_count_and_the_undo_brings_it_back(
    book: Book,
) -> None:
    """A bulk stage or archive refreshes no stats row of its own customers (their records
    did not move), but an archive moves the referral count of whoever referred them."""
    fan = customer(book, "推荐人")
    assert fan.id is not None
    referred = [customer(book, f"朋友{k}", referred_by=fan.id).id for k in range(3)]

    def referrals() -> int:
        return book.conn.execute(
            "SELECT referrals FROM stats WHERE customer_id = ?", (fan.id,)
        ).fetchone()[0]

    assert referrals() == 3
    staged = book.bulk_change(referred, SetStage(stage="target"))
    assert referrals() == 3
    done = book.bulk_change(referred[:2], Archive())
    assert referrals() == 1
    book.undo_bulk(done.token)
    assert referrals() == 3
    book.undo_bulk(staged.token)
    assert referrals() == 3
    assert book.recompute().written == 0  # the stats and tiers were as a full pass finds them


def test_the_last_bulk_changes_are_undone_newest_first_from_the_book(book: Book) -> None:
    """`u` on the list undoes the book's latest bulk change still done (a restart or a
    language switch forgets nothing): newest first, one undone earlier skipped, only the
    last KEPT, then none."""
    people = [customer(book, f"客户{k}") for k in range(KEPT + 2)]
    ids = [person.id for person in people if person.id is not None]
    tokens = [book.bulk_change([id_], AddTag(tag="中秋礼盒")).token for id_ in ids]
    book.undo_bulk(tokens[-2])
    undone = []
    while (last := book.undo_last_bulk()) is not None:
        undone.append(last.ids)
    assert undone == [[id_] for id_ in reversed(ids[2:]) if id_ != ids[-2]]
    assert [book.get_customer(id_).tags for id_ in ids] == [["中秋礼盒"]] * 2 + [[]] * KEPT
    assert book.undo_last_bulk() is None


@pytest.mark.parametrize(
    "action",
    [
        AddTag(tag="团长"),
        RemoveTag(tag="团长"),
        SetStage(stage="target"),
        Archive(),
        Archive(archived=False),
        LogContact(kind="greeting", note="中秋快乐"),
        SetReminder(due=date(2026, 12, 1), note="回访"),
    ],
)
def test_an_undo_says_which_change_it_took_back_and_to_how_many(book: Book, action: AddTag) -> None:
    ids = many(book, 6)
    book.bulk_change(ids[:2], AddTag(tag="团长"))  # some have it: a removal changes them
    book.bulk_change(ids[:3], Archive())  # some archived: an unarchive changes them
    done = book.bulk_change(ids, action)

    undone = book.undo_last_bulk()

    assert undone is not None
    assert (undone.action, undone.customers) == (action, done.changed)
