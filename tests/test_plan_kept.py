"""Today's plan kept in the book (store/plan_cache.py) is never stale: after any write, by
any verb of this process or of another, a kept plan is either refused or equal to the
plan made afresh; and when nothing changed, it is the one read.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, fixed_clock, python_env
from xiaoben.cli.queue import plan_view
from xiaoben.models.enums import InteractionKind
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.i18n import current_language
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.store import plan_cache
from xiaoben.store.book import Book
from xiaoben.store.demo import write_demo
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.purchase_rows import parse_purchases
from xiaoben.store.imports import import_purchases

DAYS = 7


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kept") / "demo.db"
    with Book.open(path, today=fixed_clock) as book:
        write_demo(book, customers=30, seed=11)
    return path


def _copy(template: Path, folder: Path) -> Path:
    target = folder / "book.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
        if Path(f"{template}{suffix}").exists():
            shutil.copy(f"{template}{suffix}", f"{target}{suffix}")
    return target


def _kept(path: Path, capacity: int | None = None) -> dict[str, Any] | None:
    found = plan_cache.kept(path, TODAY.isoformat(), capacity, DAYS, current_language())
    return None if found is None else found.plan


def _make_and_keep(book: Book, capacity: int | None = None) -> dict[str, Any]:
    """Today's plan made afresh (as `xiaoben queue` prints it), and kept."""
    made_at = book.plan_marker()
    view = plan_view(book, book.queue(None, DAYS, capacity))
    terms = {"as_of": TODAY.isoformat(), "capacity": capacity, "days": DAYS}
    assert book.keep_plan(made_at, {**terms, "lang": current_language()}, view)
    fresh: dict[str, Any] = json.loads(json.dumps(view, ensure_ascii=False))
    return fresh


def _active(book: Book) -> list[int]:
    with book.reading():
        return [r[0] for r in book.conn.execute("SELECT id FROM customers WHERE archived = 0")]


class Writes:
    """Every way the book changes, each picking its target from `pick` (an index)."""

    def __init__(self, book: Book, path: Path, folder: Path) -> None:
        self.book, self.path, self.folder = book, path, folder
        self.handled: list[str] = []
        self.merges: list[int] = []

    def _who(self, pick: int) -> int:
        ids = _active(self.book)
        return ids[pick % len(ids)]

    def _item(self, pick: int) -> str | None:
        found = self.book.queue(None, DAYS)
        if not len(found):
            return None
        return self.book.planned_items(found, pick % len(found), pick % len(found) + 1)[0].key

    def edit(self, pick: int) -> None:
        person = self.book.get_customer(self._who(pick))
        self.book.save_customer(person.model_copy(update={"strategic": not person.strategic}))

    def buy(self, pick: int) -> None:
        day = TODAY - timedelta(days=pick % 90)
        self.book.add_purchase(
            Purchase(customer_id=self._who(pick), date=day, amount=Decimal(100 + pick))
        )

    def delete_purchase(self, pick: int) -> None:
        bought = self.book.purchases_of(self._who(pick))
        if bought:
            self.book.delete_purchase(bought[0].id or 0)

    def contact(self, pick: int) -> None:
        when = datetime.combine(TODAY, datetime.min.time()) - timedelta(days=pick % 40)
        contact = Interaction(customer_id=self._who(pick), at=when, kind=InteractionKind.CALL)
        self.book.log_contact(contact)

    def reminder(self, pick: int) -> None:
        due = TODAY + timedelta(days=pick % 3)
        self.book.set_reminder(Reminder(customer_id=self._who(pick), due=due, note="回访"))

    def done(self, pick: int) -> None:
        key = self._item(pick)
        if key is not None:
            self.book.mark_done(key)
            self._handled(key)

    def snooze(self, pick: int) -> None:
        key = self._item(pick)
        if key is not None:
            self.book.snooze(key, TODAY + timedelta(days=1 + pick % 5))
            self._handled(key)

    def skip(self, pick: int) -> None:
        key = self._item(pick)
        if key is not None:
            self.book.skip(key)
            self._handled(key)

    def _handled(self, key: str) -> None:
        """An item handled again (a snoozed item then done) is one handled state: its undo
        opens it (Book.reopen), so it is undone once."""
        if key in self.handled:
            self.handled.remove(key)
        self.handled.append(key)

    def undo(self, pick: int) -> None:
        if self.handled:
            self.book.reopen(self.handled.pop())

    def import_purchases(self, pick: int) -> None:
        person = self.book.get_customer(self._who(pick))
        csv = self.folder / "bills.csv"
        day = TODAY - timedelta(days=pick % 30)
        csv.write_text(f"code,date,amount\n{person.code},{day},{50 + pick}\n", encoding="utf-8")
        rows, errors = parse_purchases(read_table(csv))
        import_purchases(self.book, rows, errors)

    def merge(self, pick: int) -> None:
        ids = _active(self.book)
        if len(ids) > 2:
            survivor, absorbed = ids[pick % len(ids)], ids[(pick + 1) % len(ids)]
            self.merges.append(self.book.merge_customers(survivor, absorbed).token)

    def unmerge(self, pick: int) -> None:
        if self.merges:
            self.book.undo_merge(self.merges.pop())

    def forget(self, pick: int) -> None:
        self.book.forget_customer(self._who(pick))
        self.handled.clear()  # the forgotten customer's items are gone with them

    def archive(self, pick: int) -> None:
        person = self.book.get_customer(self._who(pick))
        self.book.archive_customer(person.id or 0, person.version)

    def rules(self, pick: int) -> None:
        rules = self.book.rules()
        self.book.set_rules(rules.model_copy(update={"plan_capacity": 3 + pick % 20}))

    def other_process(self, pick: int) -> None:
        """Another Book on the same file (another process's connection) logs a contact."""
        with Book.open(self.path, today=fixed_clock) as other:
            when = datetime.combine(TODAY, datetime.min.time())
            who = _active(other)[pick % len(_active(other))]
            other.log_contact(Interaction(customer_id=who, at=when, kind=InteractionKind.VISIT))


WRITES = [name for name in vars(Writes) if not name.startswith("_")]
# Nothing the plan reads changes: the kept plan is read. "read": a command that only reads
# opens the book (as `xiaoben tiers` does) and reads its tiers.
UNCHANGED = ["nothing", "reopen", "read"]


def _read_only_command(path: Path) -> None:
    with Book.open(path, today=fixed_clock) as reader:
        assert reader.kept_rows(TODAY) is not None
        reader.lens_groups("value_tier")


steps = st.lists(
    st.tuples(st.sampled_from(WRITES + UNCHANGED), st.integers(0, 1_000)), min_size=1, max_size=8
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_a_kept_plan_is_refused_after_any_write_and_read_when_nothing_changed(
    template: Path, tmp_path: Path, steps: list[tuple[str, int]]
) -> None:
    path = _copy(template, tmp_path)
    book = Book.open(path, today=fixed_clock)
    try:
        _make_and_keep(book)
        for step, pick in steps:
            if step == "reopen":
                book.close()
                book = Book.open(path, today=fixed_clock)
            elif step == "read":
                _read_only_command(path)
            elif step != "nothing":
                getattr(Writes(book, path, tmp_path), step)(pick)
            kept = _kept(path)
            fresh = _make_and_keep(book)
            if step in UNCHANGED:
                assert kept == fresh, step
            else:
                assert kept is None or kept == fresh, step
    finally:
        book.close()


def test_every_write_verb_refuses_the_kept_plan(template: Path, tmp_path: Path) -> None:
    """Each write, even one that leaves today's plan as it was, moves the marker: a kept
    plan is never trusted on the chance that the write did not matter."""
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        writes = Writes(book, path, tmp_path)
        for name in WRITES:
            if name == "undo":
                writes.done(1)
            if name == "unmerge":
                writes.merge(2)
            _make_and_keep(book)
            assert _kept(path) is not None, name
            getattr(writes, name)(3)
            assert _kept(path) is None, name


def test_opening_the_book_to_read_keeps_the_plan_with_a_field_removed_today(
    template: Path, tmp_path: Path
) -> None:
    """Each opening purges the fields removed before today: with one removed today, it
    deleted nothing, yet its transaction moved the marker and every `xiaoben tiers` made
    the next `xiaoben queue` plan afresh. A transaction that changes no row moves nothing."""
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        field = book.add_field(FieldDef(kind=FieldKind.TEXT, label_zh="肤质", label_en="skin type"))
        book.remove_field(field.id or 0)
        fresh = _make_and_keep(book)
    for _ in range(2):
        _read_only_command(path)
        assert _kept(path) == fresh
    with Book.open(path, today=fixed_clock) as book:
        book.restore_field(field.id or 0)  # a real write still refuses it
    assert _kept(path) is None


def test_a_plan_is_kept_for_its_terms_only(template: Path, tmp_path: Path) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        fresh = _make_and_keep(book, capacity=5)
    assert _kept(path, capacity=5) == fresh
    assert _kept(path) is None  # the rule's capacity, not 5
    assert plan_cache.kept(path, TODAY.isoformat(), 5, DAYS + 1, current_language()) is None
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert plan_cache.kept(path, tomorrow, 5, DAYS, current_language()) is None
    other = "en" if current_language() == "zh" else "zh"
    assert plan_cache.kept(path, TODAY.isoformat(), 5, DAYS, other) is None


def test_a_plan_made_while_another_process_wrote_is_not_kept(
    template: Path, tmp_path: Path
) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        made_at = book.plan_marker()
        view = plan_view(book, book.queue(None, DAYS))
        Writes(book, path, tmp_path).other_process(5)  # lands between reading and keeping
        terms = {"as_of": TODAY.isoformat(), "capacity": None, "days": DAYS}
        assert not book.keep_plan(made_at, {**terms, "lang": current_language()}, view)
    assert _kept(path) is None


def test_a_restored_backup_refuses_the_plan_it_kept(template: Path, tmp_path: Path) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        _make_and_keep(book)
        copy = tmp_path / "copy.db"
        book.export(copy)
        Writes(book, path, tmp_path).contact(4)
        _make_and_keep(book)
        book.replace_with(copy)
        assert _kept(path) is None


def test_the_second_xiaoben_queue_prints_what_the_first_printed(tmp_path: Path) -> None:
    """The real command on the real day: the first run makes and keeps the plan, the second
    prints the kept one, to the character; after a write the plan is made again."""
    book = tmp_path / "book.db"

    def xiaoben(*args: str) -> str:
        command = [sys.executable, "-m", "xiaoben.cli", "--db", str(book), "--lang", *args]
        done = subprocess.run(command, env=python_env(), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    xiaoben("zh", "demo", "--no-app", "--customers", "25")
    first = xiaoben("zh", "queue")
    assert plan_cache.kept(book, date.today().isoformat(), None, DAYS, "zh") is not None
    assert xiaoben("zh", "queue") == first
    assert xiaoben("en", "queue") != first  # kept per language: made again
    key = first.split("\n")[4].split()[0]  # today's first item
    xiaoben("zh", "queue", "done", key)
    assert plan_cache.kept(book, date.today().isoformat(), None, DAYS, "zh") is None
    after = xiaoben("zh", "queue")
    assert key not in after and after != first
    assert xiaoben("zh", "queue") == after
