"""Background mode (the app's): the saved customer is tiered at once, everyone else soon after.

After `settle()` the tiers table must hold exactly what a fresh compute gives, however
quickly the saves came and whether or not a background pass was running meanwhile.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.book_helpers import TODAY, assert_tiers_current, buy, customer, tiers_of
from xiaoben.models.rules import Rules
from xiaoben.store.book import Book


@pytest.fixture
def app_book(demo_path: Path, open_book: Callable[..., Book]) -> Book:
    """The demo book opened as the app opens it."""
    book = open_book(demo_path, background=True)
    assert book.settle(30)
    return book


def customer_ids(book: Book) -> list[int]:
    return [i for (i,) in book.conn.execute("SELECT id FROM customers WHERE archived = 0")]


def settled(book: Book) -> None:
    assert book.settle(30), "the background pass did not finish"
    assert book.refresher is not None and book.refresher.last_error is None


def test_a_saved_customer_is_tiered_before_the_save_returns(app_book: Book) -> None:
    newcomer = customer(app_book, "新客户")
    assert tiers_of(app_book, newcomer.id)["stage"] == "potential"  # type: ignore[index]

    buy(app_book, newcomer, 50_000, TODAY)

    tiers = tiers_of(app_book, newcomer.id)
    assert tiers is not None
    assert (tiers["value_tier"], tiers["stage"], tiers["r"]) == ("A", "customer", 5)


def test_settling_brings_everyone_up_to_date(app_book: Book) -> None:
    newcomer = customer(app_book, "新客户")
    buy(app_book, newcomer, 50_000, TODAY)  # moves the Pareto cut for everyone

    settled(app_book)

    assert_tiers_current(app_book)


def test_many_quick_saves_settle_to_a_fresh_compute(app_book: Book) -> None:
    rng = random.Random(3)
    ids = customer_ids(app_book)
    for _ in range(120):
        day = TODAY - timedelta(days=rng.randint(0, 500))
        buy(app_book, rng.choice(ids), rng.randint(1, 5000), day)

    settled(app_book)

    assert_tiers_current(app_book)


def taken_by_a_pass(book: Book) -> None:
    """Until a background pass has taken the saves' request (past the debounce). Waited
    for, not slept: on a loaded machine the pass's thread can wake later than any pause."""
    refresher = book.refresher
    assert refresher is not None
    deadline = time.monotonic() + 60
    while refresher._requested_at is not None:
        assert time.monotonic() < deadline, "no background pass took the request in 60 s"
        time.sleep(0.01)


def test_saves_during_background_passes_settle_to_a_fresh_compute(app_book: Book) -> None:
    rng = random.Random(5)
    ids = customer_ids(app_book)
    for burst in range(6):
        for _ in range(10):
            buy(app_book, rng.choice(ids), rng.randint(1, 8000), TODAY - timedelta(days=burst))
        if burst % 2:
            ids.append(customer(app_book, f"新客户{burst}").id or 0)
        taken_by_a_pass(app_book)  # the next burst is saved while that pass runs

    settled(app_book)

    assert app_book.refresher is not None and app_book.refresher.passes >= 2
    assert_tiers_current(app_book)


def test_saves_from_several_threads_settle_to_a_fresh_compute(app_book: Book) -> None:
    ids = customer_ids(app_book)

    def seller(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(40):
            buy(app_book, rng.choice(ids), rng.randint(1, 3000), TODAY)

    threads = [threading.Thread(target=seller, args=(seed,)) for seed in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    settled(app_book)

    assert_tiers_current(app_book)


def test_archiving_in_the_background_takes_the_customer_out_at_once(app_book: Book) -> None:
    gone = app_book.get_customer(customer_ids(app_book)[0])

    app_book.archive_customer(gone.id or 0, gone.version)

    assert tiers_of(app_book, gone.id) is None
    settled(app_book)
    assert_tiers_current(app_book)


def test_a_book_opened_on_a_new_day_is_brought_up_to_date_in_the_background(
    demo_path: Path,
) -> None:
    later = TODAY + timedelta(days=200)

    book = Book.open(demo_path, today=lambda: later, background=True)

    settled(book)
    assert book.conn.execute("SELECT value FROM meta WHERE key = 'tiers_as_of'").fetchone() == (
        later.isoformat(),
    )
    assert_tiers_current(book)


@pytest.fixture
def slow_pass(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the background pass's compute take half a second; the event says it started."""
    import xiaoben.store.book  # noqa: F401 - the attribute patched below
    from xiaoben import store

    started = threading.Event()
    compute = store.book.compute_with_population

    def slow_compute(*args: object, **kwargs: object) -> object:
        started.set()
        time.sleep(0.5)
        return compute(*args, **kwargs)

    monkeypatch.setattr(store.book, "compute_with_population", slow_compute)
    return started


def test_new_rules_set_during_a_background_pass_are_not_undone(
    app_book: Book, slow_pass: threading.Event
) -> None:
    newcomer = customer(app_book, "新客户")
    buy(app_book, newcomer, 90_000, TODAY)
    assert slow_pass.wait(10)

    app_book.set_rules(Rules(a_cut_percent=Decimal(50), b_cut_percent=Decimal(60)))

    settled(app_book)
    assert_tiers_current(app_book)


@pytest.mark.parametrize("referred", [False, True], ids=["no referrer", "with a referrer"])
def test_forgetting_during_a_background_pass_settles_cleanly(
    app_book: Book, slow_pass: threading.Event, referred: bool
) -> None:
    referrer = customer_ids(app_book)[0] if referred else None
    newcomer = customer(app_book, "新客户", referred_by=referrer)
    buy(app_book, newcomer, 90_000, TODAY)
    assert slow_pass.wait(10)

    app_book.forget_customer(newcomer.id or 0)

    settled(app_book)
    assert tiers_of(app_book, newcomer.id) is None
    assert_tiers_current(app_book)


def test_saves_during_a_pass_leave_the_stats_it_computes_from_alone(
    app_book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pass computes from the cache's own stats frame (no copy of its own): a save while
    it runs must patch a copy, never the columns under the pass."""
    import dataclasses

    import numpy as np

    from xiaoben import store

    started, saved = threading.Event(), threading.Event()
    seen: list[bool] = []
    compute = store.book.compute_with_population

    def compute_across_a_save(frame: object, *args: object) -> object:
        columns = [f.name for f in dataclasses.fields(frame)]  # type: ignore[arg-type]  # a StatsFrame
        arrays = [k for k in columns if isinstance(getattr(frame, k), np.ndarray)]
        before = {k: getattr(frame, k).copy() for k in arrays}  # the custom criteria's too
        started.set()
        saved.wait(10)
        seen.append(all(np.array_equal(getattr(frame, k), v) for k, v in before.items()))
        return compute(frame, *args)

    monkeypatch.setattr(store.book, "compute_with_population", compute_across_a_save)
    ids = customer_ids(app_book)
    buy(app_book, ids[0], 4_000, TODAY)
    assert started.wait(10)
    buy(app_book, ids[1], 7_000, TODAY)  # placed while the pass holds the frame
    buy(app_book, ids[0], 9_000, TODAY)
    saved.set()

    settled(app_book)
    assert seen and all(seen)
    assert_tiers_current(app_book)


def test_the_memory_of_each_whole_book_pass_is_given_back_after_it(app_book: Book) -> None:
    """The app trims the heap after every whole-book pass (store/memory.py): the hook runs
    after a background tier pass, a plan and the overview, never inside a save."""
    from xiaoben.store.memory import heap_trimmer

    calls: list[str] = []
    app_book.after_whole_book_passes(lambda: calls.append(threading.current_thread().name))
    buy(app_book, customer_ids(app_book)[0], 3_000, TODAY)
    settled(app_book)
    # Once, on the background pass's thread: the save itself (this thread) made no pass.
    assert len(calls) == 1 and calls[0] != threading.current_thread().name
    app_book.next_planned()
    app_book.overview()
    assert len(calls) >= 3
    trim = heap_trimmer()
    assert trim is not None  # glibc on the machines the tests run on
    trim()


def test_a_save_after_a_pass_patches_the_stats_without_copying_them(
    app_book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a pass is done with the stats frame, a save patches it in place: no copy of
    every customer's stats per save (9 MB at 100k); the tiers still settle to a fresh
    compute."""
    from xiaoben.store import frame_edits, tiercache

    copies: list[object] = []
    copy = frame_edits.copy

    def counted(frame: object) -> object:
        copies.append(frame)
        return copy(frame)

    monkeypatch.setattr(tiercache.frame_edits, "copy", counted)
    ids = customer_ids(app_book)
    for k, customer_id in enumerate(ids[:4]):
        settled(app_book)  # the pass after the last save is done with the frame
        buy(app_book, customer_id, 1_000 + k, TODAY)
    settled(app_book)
    assert copies == []
    assert_tiers_current(app_book)


def test_contacts_in_a_row_leave_the_pass_until_the_seller_pauses(
    app_book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Follow-ups marked done one after another (a contact each): no pass between them,
    one after the pause, or at once for whoever waits for it (settle)."""
    from datetime import datetime

    from xiaoben.models.enums import InteractionKind
    from xiaoben.models.interaction import Interaction
    from xiaoben.store import refresher

    monkeypatch.setattr(refresher, "PATIENT_SECONDS", 30.0)
    assert app_book.refresher is not None
    passes = app_book.refresher.passes
    for customer_id in customer_ids(app_book)[:5]:
        app_book.log_contact(
            Interaction(
                customer_id=customer_id,
                at=datetime.combine(TODAY, datetime.min.time()),
                kind=InteractionKind.CALL,
                note="回访",
            )
        )
    time.sleep(refresher.MAX_DELAY_SECONDS + 0.3)  # a save's pass would have run by now

    assert app_book.refresher.passes == passes
    settled(app_book)
    assert app_book.refresher.passes == passes + 1
    assert_tiers_current(app_book)
