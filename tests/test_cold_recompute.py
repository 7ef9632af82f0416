"""A fresh process's first recompute (cold: everyone's stats, judgements and stored tiers
read through the indexes of m016) gives exactly what the saves before it left (warm: the
stats kept in memory and patched by each save), on random books (hypothesis)."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, assert_tiers_current, fixed_clock
from tests.test_migrations import old_book
from xiaoben.models.customer import Customer
from xiaoben.models.enums import ManualStage
from xiaoben.models.interaction import Interaction
from xiaoben.models.purchase import Purchase
from xiaoben.store import overview_reads, stats, tierstore
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.schema import MIGRATION_NAMES
from xiaoben.store.tierstore import TierWrite

person = st.fixed_dictionaries(
    {
        "demand": st.one_of(st.none(), st.integers(1, 5)),
        "purchasing_power": st.one_of(st.none(), st.integers(1, 5)),
        "strategic": st.booleans(),
        "target_profile": st.booleans(),
        "manual_stage": st.one_of(st.none(), st.sampled_from(list(ManualStage))),
        "referrer": st.one_of(st.none(), st.integers(0, 9)),
        # (days ago, amount, refunded share in quarters, cost)
        "purchases": st.lists(
            st.tuples(
                st.integers(0, 900),
                st.integers(0, 900_000),
                st.integers(0, 4),
                st.one_of(st.none(), st.integers(0, 5_000)),
            ),
            max_size=5,
        ),
        # (days ago, showed intent, minutes, service cost)
        "contacts": st.lists(
            st.tuples(
                st.integers(0, 400),
                st.booleans(),
                st.one_of(st.none(), st.integers(0, 300)),
                st.one_of(st.none(), st.integers(0, 90_000)),
            ),
            max_size=2,
        ),
        "archived": st.booleans(),
    }
)


def _fill(book: Book, people: list[dict]) -> None:
    """Save the people one action at a time: each save recomputes everyone from the stats
    the book keeps in memory (a script's book), patched by the save."""
    ids: list[int] = []
    for k, who in enumerate(people):
        chosen = who["referrer"]
        saved = book.save_customer(
            Customer(
                name=f"客户{k}",
                demand=who["demand"],
                purchasing_power=who["purchasing_power"],
                strategic=who["strategic"],
                target_profile=who["target_profile"],
                manual_stage=who["manual_stage"],
                referred_by=ids[chosen] if chosen is not None and chosen < len(ids) else None,
            )
        )
        assert saved.id is not None
        ids.append(saved.id)
        for days_ago, cents, quarters, cost in who["purchases"]:
            amount = Decimal(cents) / 100
            refunded = (amount * quarters / 4).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
            book.add_purchase(
                Purchase(
                    customer_id=saved.id,
                    date=TODAY - timedelta(days=days_ago),
                    amount=amount,
                    refunded=refunded,
                    cost=None if cost is None else Decimal(cost) / 100,
                )
            )
        for days_ago, intent, minutes, service in who["contacts"]:
            book.log_contact(
                Interaction(
                    customer_id=saved.id,
                    at=datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()),
                    kind="call",
                    outcome="showed_intent" if intent else None,
                    service_minutes=minutes,
                    service_cost=None if service is None else Decimal(service) / 100,
                )
            )
    for saved_id, who in zip(ids, people, strict=True):
        if who["archived"]:
            book.archive_customer(saved_id, book.get_customer(saved_id).version)


def _same(left: object, right: object) -> None:
    for field in dataclasses.fields(left):  # type: ignore[arg-type]  # both dataclasses
        if field.name == "figures":
            continue
        a, b = getattr(left, field.name), getattr(right, field.name)
        if not isinstance(a, np.ndarray):  # the custom criteria (none here) and their fields
            assert a == b, field.name
            continue
        assert a.dtype == b.dtype and np.array_equal(a, b), field.name


def _frame_by_rows(conn: sqlite3.Connection) -> stats.StatsFrame:
    """The stats frame as a join read row by row (what the indexes' read must equal)."""
    sql = (
        "SELECT "
        + ", ".join(stats._FROM_STATS_EXPRESSIONS[:-1])
        + f", {stats._CUSTOMER_COLUMNS} "
        + stats._FROM_STATS_TAIL.format(extra="")
    )
    return stats._to_frame(conn.execute(sql))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(person, min_size=1, max_size=7), part_ids=st.sampled_from([1, 2, 3, 16_384]))
def test_a_fresh_process_recomputes_exactly_what_the_saves_left(
    empty_book_template: Path, people: list[dict], part_ids: int
) -> None:
    """`part_ids`: the customers' figures are read a range of ids at a time (a large
    book's in parts of 16,384 ids): ranges of one, two or three ids here, archived
    customers among them, read as the whole book is at once."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.db"
        shutil.copyfile(empty_book_template, path)  # a new book
        with Book.open(path, today=fixed_clock) as book:
            _fill(book, people)
        with (
            mock.patch.object(overview_reads, "STATS_PART_IDS", part_ids),
            Book.open(path, today=fixed_clock) as cold,
        ):
            _same(stats.load_frame(cold.conn, TODAY, ()), _frame_by_rows(cold.conn))
            stored = tierstore.load_tiers(cold.conn)
            _same(stored, tierstore._load_rows(cold.conn, "", ()))
            assert cold.recompute() == TierWrite(written=0, removed=0, moves=0)
            assert_tiers_current(cold)
            _compared_is_the_rows(cold.conn)


def _compared_is_the_rows(conn: sqlite3.Connection) -> None:
    """The text write_tiers keeps beside each row is what SQLite makes of the row itself."""
    sql = f"SELECT count(*) FROM tiers WHERE compared IS NOT {tierstore.COMPARED_SQL}"
    assert conn.execute(sql).fetchone()[0] == 0


def test_the_first_reads_are_covering_scans_of_the_kept_rows(tmp_path: Path) -> None:
    """If the expressions read and the expressions indexed drift apart, SQLite computes
    and formats every row again: correct, but the cold recompute is slow again."""
    with Book.open(tmp_path / "book.db", today=fixed_clock) as book:
        plans = [
            " ".join(
                str(step[-1]) for step in book.conn.execute("EXPLAIN QUERY PLAN " + sql, params)
            )
            for sql, params in (
                (stats._EVERYONE, {"first": 1, "last": 16_384}),  # a range of ids
                (overview_reads.TIERS_COMPARED, {}),
            )
        ]
    assert "COVERING INDEX stats_frame" in plans[0]
    assert "COVERING INDEX customers_judgements" in plans[0]
    assert "SCAN tiers" in plans[1] and "TEMP B-TREE" not in plans[1]  # in id order, unsorted


def test_a_book_from_before_the_kept_rows_reads_the_same_after_migrating(
    tmp_path: Path,
) -> None:
    path = old_book(tmp_path / "old.db", MIGRATION_NAMES.index("m016_packed_reads"))
    conn = sqlite3.connect(path)
    assert "stats_frame" not in {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    with Book.open(path, today=fixed_clock) as book:
        assert len(stats.load_frame(book.conn, TODAY, ())) > 0
        _same(stats.load_frame(book.conn, TODAY, ()), _frame_by_rows(book.conn))
        _same(tierstore.load_tiers(book.conn), tierstore._load_rows(book.conn, "", ()))
        assert book.recompute().written == 0
        _compared_is_the_rows(book.conn)
        book.recompute(TODAY + timedelta(days=400))  # most rows rewritten from the arrays
        _compared_is_the_rows(book.conn)


@pytest.mark.parametrize("archived", [False, True])
def test_an_archived_customer_leaves_the_frame_and_the_tiers(
    tmp_path: Path, archived: bool
) -> None:
    with Book.open(tmp_path / "book.db", today=fixed_clock) as book:
        kept = book.save_customer(Customer(name="留下"))
        gone = book.save_customer(Customer(name="归档"))
        assert kept.id is not None and gone.id is not None
        book.add_purchase(Purchase(customer_id=gone.id, date=TODAY, amount=Decimal("9.90")))
        if archived:
            book.archive_customer(gone.id, book.get_customer(gone.id).version)
        frame = stats.load_frame(book.conn, TODAY, ())
        expected = [kept.id] if archived else [kept.id, gone.id]
        assert frame.customer_id.tolist() == expected
        assert tierstore.load_tiers(book.conn).customer_id.tolist() == expected


def test_a_saves_stats_refresh_finds_referrals_by_the_referrer_not_by_scanning(
    tmp_path: Path,
) -> None:
    """The packed judgements index starts with `archived`: SQLite took it for the referral
    count of a save (archived = 0, every customer scanned: 13 ms of a save's 20 at 100k)."""
    with Book.open(tmp_path / "book.db") as book:
        plan = [
            row[3]
            for row in book.conn.execute(
                "EXPLAIN QUERY PLAN " + stats._REFRESH_SOME, {"ids": "[1]"}
            )
        ]
    assert any("customers_referred_by" in step for step in plan), plan
    assert not any("customers_judgements" in step for step in plan), plan
