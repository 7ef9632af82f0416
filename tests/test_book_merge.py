"""Merging two customers: every record moves to the survivor, nothing points at the one
merged away, tiers follow, and one undo puts the whole book back as it was."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tests.book_helpers import TODAY, assert_tiers_current, buy, count, customer
from xiaoben.models.errors import BookError, ConflictError, describe
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.merge import Side
from xiaoben.models.purchase import Purchase
from xiaoben.store import merge, plan_cache, tiers_record
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.merge import CUSTOMER_REFERENCES
from xiaoben.store.schema import CUSTOMER_IDS_GIVEN


def every_row(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the book (sessions aside: who has it open; and the
    plan's change marker, kept plan and the record of the tiers' last pass: they count
    changes, an undo being one; the last merge token given: a token is never given
    twice, undone or not; and the highest #id given a customer, for the same reason)."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if name != "sessions"
    ]
    kept = (
        *(plan_cache.MARKER, plan_cache.KEPT, tiers_record.RECORD, merge.LAST_TOKEN),
        CUSTOMER_IDS_GIVEN,
    )
    return {
        table: sorted(
            row
            for row in conn.execute(f"SELECT * FROM {table}").fetchall()
            if not (table == "meta" and row[0] in kept)
        )
        for table in tables
    }


def references_to_customers(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """(table, column) of every foreign key that points at customers, from the schema."""
    found = set()
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        for fk in conn.execute(f"PRAGMA foreign_key_list({table})"):
            if fk[2] == "customers":
                found.add((table, fk[3]))
    return found


def two_records_of_one_person(book: Book) -> tuple[int, int]:
    """王芳 twice: the first a buyer with a contact; the second with her own purchases, a
    contact, a reminder, a handled queue item, a referral and a tier history."""
    wang = customer(book, "王芳", code="C001", phones=["13800138000"], tags=["老客"])
    other = customer(
        book,
        "王 芳",
        phones=["13900139000"],
        wechat="wangfang_88",
        tags=["宝妈"],
        notes="在淘宝下单",
        city="杭州",
    )
    assert wang.id is not None and other.id is not None
    buy(book, wang, 3000, "2026-03-01")
    buy(book, other, 800, "2026-10-01")
    buy(book, other, 600, "2026-11-01")
    book.log_contact(Interaction(customer_id=wang.id, at=datetime(2026, 11, 2, 10), kind="call"))
    book.log_contact(Interaction(customer_id=other.id, at=datetime(2026, 11, 3, 9), kind="visit"))
    book.set_reminder(Reminder(customer_id=other.id, due=TODAY, note="寄样品"))
    customer(book, "李娜", referred_by=other.id)
    item = next(i for i in book.follow_ups(book.queue(days=30)) if i.customer_id == other.id)
    book.skip(item.key)
    return wang.id, other.id


@pytest.fixture
def pair(book: Book) -> tuple[int, int]:
    return two_records_of_one_person(book)


def test_every_record_moves_to_the_survivor(book: Book, pair: tuple[int, int]) -> None:
    survivor, absorbed = pair
    history = count(book.conn, "tier_changes", "customer_id = ?", (absorbed,))
    result = book.merge_customers(survivor, absorbed)
    assert len(book.purchases_of(survivor)) == 3
    assert len(book.interactions_of(survivor)) == 2
    assert [r.note for r in book.reminders_of(survivor)] == ["寄样品"]
    assert count(book.conn, "follow_ups", "customer_id = ?", (survivor,)) == 1
    assert count(book.conn, "tier_changes", "customer_id = ?", (survivor,)) >= history > 0
    assert result.moved.purchases == 2 and result.moved.interactions == 1
    assert result.moved.reminders == 1 and result.moved.referrals == 1
    assert book.find_customer("李娜").referred_by == survivor  # type: ignore[union-attr]
    with pytest.raises(BookError):
        book.get_customer(absorbed)


def test_nothing_points_at_the_merged_away_customer(book: Book, pair: tuple[int, int]) -> None:
    survivor, absorbed = pair
    book.merge_customers(survivor, absorbed)
    for table, column in references_to_customers(book.conn):
        assert count(book.conn, table, f"{column} = ?", (absorbed,)) == 0, (table, column)
    assert count(book.conn, "customers", "id = ?", (absorbed,)) == 0


def test_another_books_number_of_the_merged_away_customer_names_the_survivor(
    book: Book, pair: tuple[int, int]
) -> None:
    from xiaoben.store.book_refs import foreign_ids, remember_foreign

    survivor, absorbed = pair
    remember_foreign(book.conn, {("a1b2c3", 12): absorbed, ("a1b2c3", 13): survivor})
    book.merge_customers(survivor, absorbed)

    assert foreign_ids(book.conn) == {("a1b2c3", 12): survivor, ("a1b2c3", 13): survivor}


def test_undoing_a_merge_gives_another_books_number_back_to_the_absorbed(
    book: Book, pair: tuple[int, int]
) -> None:
    from xiaoben.store.book_refs import foreign_ids, remember_foreign

    survivor, absorbed = pair
    remember_foreign(book.conn, {("a1b2c3", 12): absorbed, ("a1b2c3", 13): survivor})
    result = book.merge_customers(survivor, absorbed)
    book.undo_merge(result.token)

    assert foreign_ids(book.conn) == {("a1b2c3", 12): absorbed, ("a1b2c3", 13): survivor}


def test_the_merge_knows_every_column_that_points_at_customers(book: Book) -> None:
    assert references_to_customers(book.conn) == set(CUSTOMER_REFERENCES)


def test_the_survivor_takes_the_chosen_fields(book: Book, pair: tuple[int, int]) -> None:
    survivor, absorbed = pair
    choices = {"name": Side.ABSORBED, "phones": Side.BOTH, "tags": Side.SURVIVOR}
    merged = book.merge_customers(survivor, absorbed, choices).survivor
    assert merged.name == "王 芳"
    assert merged.phones == ["+8613800138000", "+8613900139000"]
    assert merged.tags == ["老客"]
    assert merged.wechat == "wangfang_88"  # empty on the survivor: filled by default
    assert merged.city == "杭州"
    # the name and the tag not taken are kept in the notes, labelled
    assert merged.notes == "在淘宝下单\nanother name: 王芳\nanother tags: 宝妈"
    assert merged.code == "C001"
    assert book.find_customer("wangfang_88").id == survivor  # type: ignore[union-attr]
    assert book.find_customer("13900139000").id == survivor  # type: ignore[union-attr]


def test_tiers_after_a_merge_are_a_fresh_recompute(book: Book, pair: tuple[int, int]) -> None:
    survivor, absorbed = pair
    book.merge_customers(survivor, absorbed)
    assert_tiers_current(book)
    stats = book.conn.execute(
        "SELECT orders, revenue_cents FROM stats WHERE customer_id = ?", (survivor,)
    ).fetchone()
    assert stats == (3, 440000)


def test_a_merge_in_the_app_recomputes_everyone_at_once(book_path: Path, open_book: Any) -> None:
    with open_book(book_path, background=True) as book:
        survivor, absorbed = two_records_of_one_person(book)
        book.settle()
        book.merge_customers(survivor, absorbed)
        assert_tiers_current(book)  # before any background pass


def test_undo_puts_every_row_back(book: Book, pair: tuple[int, int]) -> None:
    survivor, absorbed = pair
    before = every_row(book.conn)
    token = book.merge_customers(
        survivor, absorbed, {"code": Side.SURVIVOR, "name": Side.ABSORBED}
    ).token
    assert every_row(book.conn) != before
    book.undo_merge(token)
    assert every_row(book.conn) == before
    assert_tiers_current(book)


def test_undo_gives_back_a_code_the_survivor_took(book: Book) -> None:
    first = customer(book, "张三")
    second = customer(book, "张三", code="Z3")
    assert first.id is not None and second.id is not None
    before = every_row(book.conn)
    result = book.merge_customers(first.id, second.id)
    assert result.survivor.code == "Z3"
    book.undo_merge(result.token)
    assert every_row(book.conn) == before


def test_a_survivor_referred_by_the_other_has_no_referrer_after(book: Book) -> None:
    first = customer(book, "张三")
    assert first.id is not None
    second = customer(book, "张三", referred_by=first.id)
    assert second.id is not None
    before = every_row(book.conn)
    result = book.merge_customers(second.id, first.id, {"referred_by": Side.SURVIVOR})
    assert result.survivor.referred_by is None
    book.undo_merge(result.token)
    assert every_row(book.conn) == before


def test_a_queue_item_both_handled_keeps_the_survivors_record(book: Book) -> None:
    first = customer(book, "张三")
    second = customer(book, "张三")
    assert first.id is not None and second.id is not None
    items = [i for i in book.follow_ups(book.queue(days=30))]
    for item in items:
        book.skip(item.key)
    before = every_row(book.conn)
    token = book.merge_customers(first.id, second.id).token
    assert count(book.conn, "follow_ups", "customer_id = ?", (second.id,)) == 0
    book.undo_merge(token)
    assert every_row(book.conn) == before


def came_from(book: Book, absorbed: int) -> str:
    """The absorbed customer's handled queue item (skipped), as the survivor's key part."""
    (row,) = book.conn.execute(
        "SELECT reason, occurrence FROM follow_ups WHERE customer_id = ?", (absorbed,)
    ).fetchall()
    return f"{row[0]}:{row[1]}"


def test_a_queue_step_undone_on_the_merged_customer_stays_undone_by_the_merges_undo(
    book: Book, pair: tuple[int, int]
) -> None:
    """After the merge the seller undoes the skip that came with the absorbed customer: the
    merge's undo does not bring the skip back (the seller's step stands)."""
    survivor, absorbed = pair
    item = came_from(book, absorbed)
    result = book.merge_customers(survivor, absorbed)
    assert book.reopen(f"{survivor}:{item}").state is None

    book.undo_merge(result.token)

    assert count(book.conn, "follow_ups", "customer_id = ?", (absorbed,)) == 0


def test_a_merge_is_undone_after_a_done_that_came_with_it_was_undone(book: Book) -> None:
    """The absorbed customer's done item comes with the merge; its undo on the merged
    customer deletes the contact it logged; the merge's undo then still works (it used to
    fail on the contact that is gone) and leaves the item open."""
    first, second = customer(book, "张三"), customer(book, "张三")
    assert first.id is not None and second.id is not None
    buy(book, first, 100, "2026-09-01")
    buy(book, second, 100, "2026-09-20")
    (item,) = [i for i in book.follow_ups(book.queue(days=30)) if i.customer_id == second.id]
    book.mark_done(item.key)
    token = book.merge_customers(first.id, second.id).token
    book.reopen(f"{first.id}:{item.key.split(':', 1)[1]}")

    book.undo_merge(token)

    assert book.interactions_of(second.id) == []
    assert book.follow_up(item.key).key == item.key  # open again


def test_a_queue_step_taken_on_the_merged_customer_goes_back_with_the_absorbed_one(
    book: Book, pair: tuple[int, int]
) -> None:
    """The skip that came with the absorbed customer is undone, then the item is done on
    the merged customer: the merge's undo gives the absorbed customer the done (with its
    contact), not the skip it had at the merge."""
    survivor, absorbed = pair
    item = came_from(book, absorbed)
    result = book.merge_customers(survivor, absorbed)
    book.reopen(f"{survivor}:{item}")
    book.mark_done(f"{survivor}:{item}")

    book.undo_merge(result.token)

    ((action, contact),) = book.conn.execute(
        "SELECT action, interaction_id FROM follow_ups WHERE customer_id = ?", (absorbed,)
    ).fetchall()
    assert action == "done"
    assert contact in [c.id for c in book.interactions_of(absorbed)]


def her_reminder_merged(book: Book) -> tuple[int, int, int, int]:
    """芳芳's reminder, due today and not handled yet, comes with her into 王芳: (survivor,
    absorbed, reminder id, merge token)."""
    wang = customer(book, "王芳", code="C001", phones=["13800138000"])
    fang = customer(book, "芳芳", code="F-88", phones=["13800138000"])
    assert wang.id is not None and fang.id is not None
    reminder = book.set_reminder(Reminder(customer_id=fang.id, due=TODAY, note="寄小样"))
    assert reminder.id is not None
    token = book.merge_customers(wang.id, fang.id).token
    return wang.id, fang.id, reminder.id, token


def test_a_reminder_done_on_the_merged_customer_goes_back_with_its_contact(book: Book) -> None:
    survivor, absorbed, reminder, token = her_reminder_merged(book)
    contact = book.mark_done(f"{survivor}:reminder:{reminder}", note="寄了")

    book.undo_merge(token)

    assert [c.id for c in book.interactions_of(absorbed)] == [contact.id]
    assert book.interactions_of(survivor) == []
    assert book.conn.execute(
        "SELECT customer_id, action, interaction_id FROM follow_ups"
    ).fetchall() == [(absorbed, "done", contact.id)]
    stats = book.conn.execute(
        "SELECT customer_id, last_interaction IS NOT NULL FROM stats ORDER BY customer_id"
    ).fetchall()
    assert stats == [(survivor, 0), (absorbed, 1)]  # her cadence counts from the contact
    book.reopen(f"{absorbed}:reminder:{reminder}")  # the done is undone under her key
    assert book.interactions_of(absorbed) == []


def test_a_reminder_snoozed_on_the_merged_customer_stays_snoozed_after_the_undo(
    book: Book,
) -> None:
    survivor, absorbed, reminder, token = her_reminder_merged(book)
    book.snooze(f"{survivor}:reminder:{reminder}", date(2026, 11, 30))

    book.undo_merge(token)

    assert book.conn.execute(
        "SELECT customer_id, reason, occurrence, action, until FROM follow_ups"
    ).fetchall() == [(absorbed, "reminder", reminder, "snoozed", "2026-11-30")]
    today = [item.key for item in book.follow_ups(book.queue(days=0))]
    assert f"{absorbed}:reminder:{reminder}" not in today


def test_undo_after_the_survivor_was_edited_is_refused(book: Book, pair: tuple[int, int]) -> None:
    survivor, absorbed = pair
    result = book.merge_customers(survivor, absorbed)
    book.save_customer(result.survivor.model_copy(update={"notes": "改过"}))
    with pytest.raises(BookError) as refused:
        book.undo_merge(result.token)
    assert refused.value.key == "store.merge_edited_since"
    assert book.get_customer(survivor).notes == "改过"


def test_undoing_twice_is_refused(book: Book, pair: tuple[int, int]) -> None:
    token = book.merge_customers(*pair).token
    book.undo_merge(token)
    with pytest.raises(BookError) as refused:
        book.undo_merge(token)
    assert refused.value.key == "store.merge_gone"


def test_undo_keeps_what_was_recorded_after_the_merge(book: Book, pair: tuple[int, int]) -> None:
    survivor, absorbed = pair
    token = book.merge_customers(survivor, absorbed).token
    buy(book, survivor, 50, TODAY)
    book.undo_merge(token)
    assert len(book.purchases_of(survivor)) == 2
    assert len(book.purchases_of(absorbed)) == 2
    assert_tiers_current(book)


def test_forgetting_the_survivor_erases_what_the_undo_kept(
    book: Book, pair: tuple[int, int]
) -> None:
    survivor, absorbed = pair
    book.merge_customers(survivor, absorbed)
    book.forget_customer(survivor)
    assert count(book.conn, "merges") == 0


def test_a_merge_with_oneself_is_refused(book: Book, pair: tuple[int, int]) -> None:
    with pytest.raises(BookError) as refused:
        book.merge_customers(pair[0], pair[0])
    assert refused.value.key == "store.merge_same"


def test_a_merge_of_records_changed_since_they_were_shown_is_refused(
    book: Book, pair: tuple[int, int]
) -> None:
    survivor, absorbed = pair
    seen = (book.get_customer(survivor).version, book.get_customer(absorbed).version)
    other = book.get_customer(absorbed)
    book.save_customer(other.model_copy(update={"notes": "另一个窗口改的"}))
    before = every_row(book.conn)
    with pytest.raises(ConflictError):
        book.merge_customers(survivor, absorbed, versions=seen)
    assert every_row(book.conn) == before


def test_a_choice_a_field_does_not_offer_is_refused(book: Book, pair: tuple[int, int]) -> None:
    before = every_row(book.conn)
    with pytest.raises(BookError) as refused:
        book.merge_customers(*pair, {"wechat": Side.BOTH})
    assert refused.value.key == "store.merge_bad_side"
    with pytest.raises(BookError) as unknown:
        book.merge_customers(*pair, {"shoe_size": Side.ABSORBED})
    assert unknown.value.key == "store.merge_unknown_field"
    assert every_row(book.conn) == before


def test_notes_too_long_together_are_refused_by_name(book: Book) -> None:
    first = customer(book, "张三", notes="甲" * 3000)
    second = customer(book, "张三", notes="乙" * 3000)
    assert first.id is not None and second.id is not None
    before = every_row(book.conn)
    with pytest.raises(ValidationError) as refused:
        book.merge_customers(first.id, second.id)
    assert refused.value.errors()[0]["loc"] == ("notes",)
    assert every_row(book.conn) == before


@pytest.mark.parametrize("notes", [Side.SURVIVOR, None])
def test_a_note_near_the_limit_says_how_the_merge_gets_through(
    book: Book, notes: Side | None
) -> None:
    """周芷若's note is 4,995 characters: the merge's own 另一个姓名 and 另一个编号 lines
    would take it past 5,000. The refusal says by how much to shorten the note (before, it
    said only "at most 5000 characters", whatever side was taken); shortened, it merges."""
    first = customer(book, "周芷若", code="P1", phones=["13600000021"], notes="甲" * 4995)
    second = customer(book, "芷若", code="P2", phones=["13600000021"], notes="短")
    assert first.id is not None and second.id is not None
    choices = {} if notes is None else {"notes": notes}
    before = every_row(book.conn)

    with pytest.raises(ValidationError) as refused:
        book.merge_customers(first.id, second.id, choices)

    over = 29 if notes is Side.SURVIVOR else 31  # both kept: 甲…, a line break and 短 too
    (problem,) = describe(refused.value)
    assert problem.field == "notes"
    assert f"shorten the notes by {over} characters first, then merge" in problem.message
    (zh,) = describe(refused.value, "zh")
    assert f"先把备注删短 {over} 个字再合并" in zh.message
    assert every_row(book.conn) == before
    shorter = book.get_customer(first.id).model_copy(update={"notes": "甲" * (4995 - over)})
    book.save_customer(shorter)
    merged = book.merge_customers(first.id, second.id, choices).survivor
    assert len(merged.notes) == 5000 and merged.notes.endswith("P2")


def test_two_notes_too_long_together_say_to_keep_one_side(book: Book) -> None:
    first = customer(book, "张三", notes="甲" * 3000)
    second = customer(book, "张三", notes="乙" * 3000)
    assert first.id is not None and second.id is not None
    with pytest.raises(ValidationError) as refused:
        book.merge_customers(first.id, second.id)
    (problem,) = describe(refused.value)
    assert "both sides' notes together are 6,001 characters, above 5,000" in problem.message
    assert "keep one side's notes, or shorten them by 1,001 characters first" in problem.message


def test_the_preview_counts_what_will_move(book: Book, pair: tuple[int, int]) -> None:
    summary = book.merge_preview(*pair)
    assert (summary.purchases, summary.interactions, summary.reminders) == (2, 1, 1)
    assert summary.follow_ups == 1 and summary.referrals == 1


def test_a_merge_survives_reopening_and_can_be_undone_later(
    book_path: Path, open_book: Any
) -> None:
    with open_book(book_path) as book:
        survivor, absorbed = two_records_of_one_person(book)
        before = every_row(book.conn)
        token = book.merge_customers(survivor, absorbed).token
    with open_book(book_path) as book:
        book.undo_merge(token)
        assert every_row(book.conn) == before


def test_the_survivor_is_in_the_book_since_the_earlier_of_the_two(book: Book) -> None:
    first = customer(book, "张三")
    second = customer(book, "张三")
    assert first.id is not None and second.id is not None
    book.conn.execute(
        "UPDATE customers SET created_at = '2025-01-01T09:00:00' WHERE id = ?", (second.id,)
    )
    merged = book.merge_customers(first.id, second.id).survivor
    assert merged.created_at == datetime(2025, 1, 1, 9)


def test_forgetting_a_referral_the_merge_moved_erases_its_copy(
    book: Book, pair: tuple[int, int]
) -> None:
    survivor, absorbed = pair
    referral = book.find_customer("李娜")
    assert referral is not None and referral.id is not None
    token = book.merge_customers(survivor, absorbed).token
    book.forget_customer(referral.id)
    assert count(book.conn, "merges") == 0
    assert b"\xe6\x9d\x8e\xe5\xa8\x9c" not in book.path.read_bytes()  # 李娜, nowhere in the file
    with pytest.raises(BookError) as refused:
        book.undo_merge(token)
    assert refused.value.key == "store.merge_gone"


def test_forgetting_the_other_of_a_dismissed_pair_erases_the_merge(book: Book) -> None:
    first = customer(book, "张三", phones=["13800138000"])
    second = customer(book, "张三", phones=["13800138000"])
    other = customer(book, "张三丰", phones=["13800138000"])
    assert first.id is not None and second.id is not None and other.id is not None
    book.dismiss_duplicate(second.id, other.id)
    book.merge_customers(first.id, second.id)
    book.forget_customer(other.id)
    assert count(book.conn, "merges") == 0


def twins(book: Book, how_many: int) -> list[tuple[int, int]]:
    """`how_many` pairs of one person twice (one phone each pair)."""
    pairs = []
    for k in range(how_many):
        first = customer(book, f"双胞胎{k}", phones=[f"1380000{k:04d}"])
        second = customer(book, f"双胞胎{k}", phones=[f"1380000{k:04d}"])
        assert first.id is not None and second.id is not None
        pairs.append((first.id, second.id))
    return pairs


def test_only_the_last_merges_keep_their_undo(book: Book, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merge, "KEPT", 3)
    tokens = [book.merge_customers(*pair).token for pair in twins(book, 5)]
    assert count(book.conn, "merges") == 3  # the two oldest undo records pruned
    with pytest.raises(BookError) as refused:
        book.undo_merge(tokens[1])
    assert refused.value.key == "store.merge_too_old"
    assert "only the last 3 merges can be undone" in refused.value.message("en")
    book.undo_merge(tokens[2])  # the oldest one kept still can be
    assert book.customer_count() == 6  # five merged pairs, one of them two again


def test_a_token_is_never_given_twice(book: Book) -> None:
    (first, second), (third, fourth) = twins(book, 2)
    token = book.merge_customers(first, second).token
    book.undo_merge(token)
    later = book.merge_customers(third, fourth).token
    assert later != token  # an old `unmerge` typed again must not undo this one
    with pytest.raises(BookError) as refused:
        book.undo_merge(token)
    assert refused.value.key == "store.merge_gone"
    assert count(book.conn, "customers", "id = ?", (fourth,)) == 0


def _purchases_by_amount(book: Book, customer_id: int) -> list[str]:
    return sorted(str(p.amount) for p in book.purchases_of(customer_id))


def _merged(book: Book, pair: tuple[int, int]) -> tuple[int, Purchase]:
    """The pair merged: the merge's token, and the absorbed's ¥800 now the survivor's."""
    survivor, absorbed = pair
    token = book.merge_customers(survivor, absorbed).token
    theirs = next(p for p in book.purchases_of(survivor) if p.amount == 800)
    assert theirs.id is not None
    return token, theirs


def test_a_purchase_deleted_and_restored_after_a_merge_goes_back_with_the_undo(
    book: Book, pair: tuple[int, int]
) -> None:
    survivor, absorbed = pair
    token, theirs = _merged(book, pair)
    assert theirs.id is not None
    deleted = book.delete_purchase(theirs.id, theirs.version)
    book.restore_purchase(deleted)
    book.undo_merge(token)
    assert _purchases_by_amount(book, absorbed) == ["600.00", "800.00"]
    assert _purchases_by_amount(book, survivor) == ["3000.00"]
    assert_tiers_current(book)


def test_a_restored_purchase_reads_back_as_it_was(book: Book, pair: tuple[int, int]) -> None:
    survivor, _ = pair
    theirs = book.purchases_of(survivor)[0]
    assert theirs.id is not None
    restored = book.restore_purchase(book.delete_purchase(theirs.id, theirs.version))
    assert restored == theirs.model_copy(update={"version": restored.version})


def test_a_purchase_added_after_a_merge_into_a_freed_id_stays_with_the_survivor(
    book: Book, pair: tuple[int, int]
) -> None:
    survivor, absorbed = pair
    token = book.merge_customers(survivor, absorbed).token
    newest = max(book.purchases_of(survivor), key=lambda p: p.id or 0)  # the absorbed's ¥600
    assert newest.id is not None and newest.amount == 600
    book.delete_purchase(newest.id, newest.version)
    added = buy(book, survivor, 50, TODAY)
    assert added.id == newest.id  # the book gives the freed id again
    book.undo_merge(token)
    assert _purchases_by_amount(book, survivor) == ["3000.00", "50.00"]
    assert _purchases_by_amount(book, absorbed) == ["800.00"]


def test_a_purchase_edited_after_a_merge_goes_back_as_edited(
    book: Book, pair: tuple[int, int]
) -> None:
    survivor, absorbed = pair
    token, theirs = _merged(book, pair)
    book.edit_purchase(theirs.model_copy(update={"note": "改过"}))
    book.undo_merge(token)
    back = next(p for p in book.purchases_of(absorbed) if p.amount == 800)
    assert back.note == "改过"
    assert _purchases_by_amount(book, survivor) == ["3000.00"]


def test_a_purchase_moved_to_someone_else_after_a_merge_stays_there(
    book: Book, pair: tuple[int, int]
) -> None:
    _, absorbed = pair
    token, theirs = _merged(book, pair)
    someone = customer(book, "张伟")
    assert someone.id is not None
    book.edit_purchase(theirs.model_copy(update={"customer_id": someone.id}))
    book.undo_merge(token)
    assert _purchases_by_amount(book, someone.id) == ["800.00"]
    assert _purchases_by_amount(book, absorbed) == ["600.00"]


def test_a_purchase_deleted_after_a_merge_comes_back_to_its_owner_once_the_merge_is_undone(
    book: Book, pair: tuple[int, int]
) -> None:
    """Delete the absorbed customer's purchase on the merged page, undo the merge, take the
    deletion back: the purchase is hers again, not the survivor's (the tester's F1)."""
    survivor, absorbed = pair
    token, theirs = _merged(book, pair)
    assert theirs.id is not None
    deleted = book.delete_purchase(theirs.id, theirs.version)
    book.undo_merge(token)
    restored = book.restore_purchase(deleted)
    assert restored.customer_id == absorbed
    assert _purchases_by_amount(book, absorbed) == ["600.00", "800.00"]
    assert _purchases_by_amount(book, survivor) == ["3000.00"]
    assert_tiers_current(book)


def test_a_contact_deleted_after_two_merges_comes_back_through_both_undos(book: Book) -> None:
    """A → B, then B → C; A's contact deleted on C; both merges undone: it is A's again."""
    first, second, third = (customer(book, name) for name in ("周一", "周二", "周三"))
    assert first.id is not None and second.id is not None and third.id is not None
    logged = book.log_contact(
        Interaction(customer_id=first.id, at=datetime(2026, 11, 3, 9), kind="call")
    )
    inner = book.merge_customers(second.id, first.id).token
    outer = book.merge_customers(third.id, second.id).token
    assert logged.id is not None
    deleted = book.delete_interaction(logged.id)
    book.undo_merge(outer)
    book.undo_merge(inner)
    restored = book.restore_contact(deleted)
    assert restored.customer_id == first.id
    assert [i.id for i in book.interactions_of(first.id)] == [restored.id]


def test_a_purchase_added_into_a_freed_id_after_an_undone_merge_stays_where_it_was(
    book: Book, pair: tuple[int, int]
) -> None:
    survivor, absorbed = pair
    token = book.merge_customers(survivor, absorbed).token
    newest = max(book.purchases_of(survivor), key=lambda p: p.id or 0)  # the absorbed's ¥600
    assert newest.id is not None and newest.amount == 600
    book.delete_purchase(newest.id, newest.version)
    book.undo_merge(token)
    added = buy(book, survivor, 50, TODAY)
    assert added.id == newest.id  # the book gives the freed id again
    assert added.id is not None
    again = book.restore_purchase(book.delete_purchase(added.id, added.version))
    assert again.customer_id == survivor
    assert _purchases_by_amount(book, survivor) == ["3000.00", "50.00"]


def test_whom_a_merged_away_customer_went_into_through_later_merges(book: Book) -> None:
    first, second, third = (customer(book, name) for name in ("周一", "周二", "周三"))
    assert first.id is not None and second.id is not None and third.id is not None
    book.merge_customers(second.id, first.id)
    found = book.merged_into(first.id)
    assert found is not None and (found[0].id, found[1]) == (second.id, "周一")
    book.merge_customers(third.id, second.id)
    found = book.merged_into(first.id)
    assert found is not None and (found[0].id, found[1]) == (third.id, "周一")
    assert book.merged_into(third.id) is None


def test_a_reminder_that_came_with_them_done_on_the_merged_customer_goes_back_done(
    book: Book, pair: tuple[int, int]
) -> None:
    """Their reminder done on the merged customer, then the merge undone: the done and the
    contact it logged are theirs with the reminder (the tester's F8: both stayed on the
    survivor, her last contact today, theirs still days ago)."""
    survivor, absorbed = pair
    book.set_reminder(Reminder(customer_id=absorbed, due=TODAY, note="今天给她寄小样"))
    result = book.merge_customers(survivor, absorbed)
    (reminder,) = [r for r in book.reminders_of(survivor) if r.note == "今天给她寄小样"]
    contacts = {c.id for c in book.interactions_of(survivor)}
    book.mark_done(f"{survivor}:reminder:{reminder.id}", note="寄了")
    (logged,) = [c for c in book.interactions_of(survivor) if c.id not in contacts]

    book.undo_merge(result.token)

    assert [r.done for r in book.reminders_of(absorbed) if r.id == reminder.id] == [True]
    assert logged.id in [c.id for c in book.interactions_of(absorbed)]
    assert logged.id not in [c.id for c in book.interactions_of(survivor)]
    handled = book.conn.execute(
        "SELECT customer_id FROM follow_ups WHERE reason = 'reminder' AND occurrence = ?",
        (reminder.id,),
    ).fetchall()
    assert handled == [(absorbed,)]
    assert_tiers_current(book)


def test_the_merges_the_book_can_undo_are_listed(book: Book, pair: tuple[int, int]) -> None:
    survivor, absorbed = pair
    token = book.merge_customers(survivor, absorbed).token
    (kept,) = book.kept_merges()
    assert (kept.token, kept.survivor_id, kept.absorbed_id) == (token, survivor, absorbed)
    assert (kept.survivor_name, kept.survivor_code, kept.absorbed_name) == ("王芳", "C001", "王 芳")
    assert kept.undoable
    assert book.kept_merges(survivor) == [kept] and book.kept_merges(absorbed) == []
    merged = book.get_customer(survivor)
    book.save_customer(merged.model_copy(update={"city": "宁波"}))
    assert not book.kept_merges()[0].undoable


def test_undoing_a_merge_kept_inside_a_later_one_says_which_to_undo_first(book: Book) -> None:
    """F7: 'already undone or gone' was said of merges that were neither."""
    (first, second), (third, _) = twins(book, 2)
    inner = book.merge_customers(first, second).token
    outer = book.merge_customers(third, first).token  # first (the inner survivor) merged on
    with pytest.raises(BookError) as refused:
        book.undo_merge(inner)
    assert refused.value.key == "store.merge_merged_on"
    assert f"undo merge {outer} first" in refused.value.message("en")
    book.undo_merge(outer)
    book.undo_merge(inner)
    assert book.customer_count() == 4


def test_undoing_an_earlier_merge_into_the_same_customer_says_undo_the_later_first(
    book: Book,
) -> None:
    first = customer(book, "王芳", phones=["13800138000"])
    second = customer(book, "王芳", phones=["13800138000"])
    third = customer(book, "王芳", phones=["13800138000"])
    assert first.id is not None and second.id is not None and third.id is not None
    earlier = book.merge_customers(first.id, second.id).token
    later = book.merge_customers(first.id, third.id).token
    with pytest.raises(BookError) as refused:
        book.undo_merge(earlier)
    assert refused.value.key == "store.merge_later_first"
    assert f"undo merge {later} first" in refused.value.message("en")
    book.undo_merge(later)
    book.undo_merge(earlier)


def test_a_merge_number_never_given_is_said_so(book: Book, pair: tuple[int, int]) -> None:
    book.merge_customers(*pair)
    for token in (99, 0, -1):
        with pytest.raises(BookError) as refused:
            book.undo_merge(token)
        assert refused.value.key == "store.merge_never"
