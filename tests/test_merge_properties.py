"""Merge then undo gives back the book it started from, for random small books (hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, assert_tiers_current, fixed_clock
from tests.test_book_merge import every_row, references_to_customers
from xiaoben.models.customer import Customer
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.merge import MERGE_FIELDS, sides_of
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book

NAMES = ["王芳", "李娜", "张伟"]
PHONES = ["13800138000", "13900139000", "13700137000"]

person = st.fixed_dictionaries(
    {
        "name": st.sampled_from(NAMES),
        "code": st.one_of(st.none(), st.sampled_from(["A1", "B2", "C3", "D4"])),
        "phones": st.lists(st.sampled_from(PHONES), max_size=2, unique=True),
        "tags": st.lists(st.sampled_from(["老客", "宝妈", "批发"]), max_size=2, unique=True),
        "notes": st.sampled_from(["", "在淘宝下单", "喜欢绿茶"]),
        "strategic": st.booleans(),
        "referrer": st.one_of(st.none(), st.integers(0, 4)),
        "purchases": st.lists(
            st.tuples(st.integers(0, 400), st.integers(1, 5000), st.booleans()), max_size=4
        ),
        "contacts": st.lists(st.integers(0, 200), max_size=2),
        "reminders": st.lists(st.integers(-10, 10), max_size=2),
    }
)


def build(path: Path, people: list[dict]) -> list[int]:
    ids: list[int] = []
    with Book.open(path, today=fixed_clock) as book, book.batch():
        used_codes: set[str] = set()
        for who in people:
            code = who["code"] if who["code"] not in used_codes else None
            used_codes.add(code or "")
            chosen = who["referrer"]
            referrer = ids[chosen] if chosen is not None and chosen < len(ids) else None
            saved = book.save_customer(
                Customer(
                    name=who["name"],
                    code=code,
                    phones=who["phones"],
                    tags=who["tags"],
                    notes=who["notes"],
                    strategic=who["strategic"],
                    referred_by=referrer,
                )
            )
            assert saved.id is not None
            ids.append(saved.id)
            for days_ago, amount, refunded in who["purchases"]:
                book.add_purchase(
                    Purchase(
                        customer_id=saved.id,
                        date=TODAY - timedelta(days=days_ago),
                        amount=Decimal(amount),
                        refunded=Decimal(amount) if refunded else Decimal(0),
                    )
                )
            for days_ago in who["contacts"]:
                at = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time())
                book.log_contact(Interaction(customer_id=saved.id, at=at, kind="call"))
            for offset in who["reminders"]:
                book.set_reminder(Reminder(customer_id=saved.id, due=TODAY + timedelta(offset)))
    return ids


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(person, min_size=2, max_size=5),
    pick=st.tuples(st.integers(0, 4), st.integers(0, 4)),
    sides=st.lists(st.integers(0, 2), min_size=len(MERGE_FIELDS), max_size=len(MERGE_FIELDS)),
    handled=st.booleans(),
)
def test_merge_then_undo_is_the_book_it_started_from(
    empty_book_template: Path,
    people: list[dict],
    pick: tuple[int, int],
    sides: list[int],
    handled: bool,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.db"
        shutil.copyfile(empty_book_template, path)  # a new book
        ids = build(path, people)
        survivor, absorbed = ids[pick[0] % len(ids)], ids[pick[1] % len(ids)]
        if survivor == absorbed:
            absorbed = ids[(pick[0] + 1) % len(ids)]
        with Book.open(path, today=fixed_clock) as book:
            if handled:
                for item in book.follow_ups(book.queue(days=30)):
                    book.skip(item.key)
            choices = {
                field: sides_of(field)[k % len(sides_of(field))]
                for field, k in zip(MERGE_FIELDS, sides, strict=True)
            }
            before = every_row(book.conn)
            try:
                result = book.merge_customers(survivor, absorbed, choices)
            except ValueError:
                assert every_row(book.conn) == before  # a choice broke a rule: nothing done
                return
            for table, column in references_to_customers(book.conn):
                (left,) = book.conn.execute(
                    f"SELECT count(*) FROM {table} WHERE {column} = ?", (absorbed,)
                ).fetchone()
                assert left == 0, (table, column)
            assert_tiers_current(book)
            book.undo_merge(result.token)
            assert every_row(book.conn) == before
            assert_tiers_current(book)
