"""The overview `xiaoben report` keeps in the book (store/overview_kept.py) is never stale:
after any write, by any verb of this process or of another, the kept figures are either
gone or equal to the figures made afresh; when nothing changed, they are the ones read.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.book_helpers import TODAY, buy, customer, fixed_clock, python_env, run_python
from tests.test_plan_kept import WRITES, Writes, _copy
from xiaoben.cli.report import _made
from xiaoben.models.enums import ValueTier
from xiaoben.models.purchase import Purchase
from xiaoben.models.rules import Rules
from xiaoben.store import overview_cold, overview_kept, plan_cache
from xiaoben.store.book import Book
from xiaoben.store.demo import write_demo

PAST = TODAY - timedelta(days=200)
# (as_of, period): today all time, today's last 90 days (the forecast's), the last 30 (the
# forecast reads its own), a day in the past
TERMS: list[tuple[date | None, int | None]] = [(None, None), (None, 90), (None, 30), (PAST, None)]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kept_overview") / "demo.db"
    with Book.open(path, today=fixed_clock) as book:
        write_demo(book, customers=30, seed=7)
    return path


def _kept(path: Path, as_of: date | None, period: int | None) -> dict[str, Any] | None:
    day = (as_of or TODAY).isoformat()
    found = overview_kept.kept(path, TODAY.isoformat(), day, period)
    return None if found is None else found.kept


def _fresh(book: Book, as_of: date | None, period: int | None) -> dict[str, Any]:
    """The figures made afresh (as `xiaoben report` makes them), and kept; as a later run
    reads them back."""
    made = _made(book, as_of, period)
    assert _kept(book.path, as_of, period) == made  # nothing wrote meanwhile: kept
    fresh: dict[str, Any] = json.loads(json.dumps(made, ensure_ascii=False))
    return fresh


def _cold(path: Path, as_of: date | None, period: int | None) -> dict[str, Any] | None:
    """The figures `xiaoben report` makes without the Book the first run after a change
    (store/overview_cold.py), as a later run reads them back; None where it opens the
    Book (it is tried only for today)."""
    if as_of not in (None, TODAY):
        return None
    found = overview_cold.made(path, TODAY, period)
    if found is None:
        return None
    cold: dict[str, Any] = json.loads(json.dumps(found.kept, ensure_ascii=False))
    return cold


class OverviewWrites(Writes):
    """The plan test's writes, and those that move only what the overview shows."""

    def _bought(self, pick: int) -> Purchase:
        """One purchase of an active buyer."""
        with self.book.reading():
            ids = [
                row[0]
                for row in self.book.conn.execute(
                    "SELECT p.id FROM purchases p JOIN customers c ON c.id = p.customer_id"
                    " WHERE c.archived = 0 ORDER BY p.id"
                )
            ]
        wanted = ids[pick % len(ids)]
        with self.book.reading():
            (customer_id,) = self.book.conn.execute(
                "SELECT customer_id FROM purchases WHERE id = ?", (wanted,)
            ).fetchone()
        return next(p for p in self.book.purchases_of(customer_id) if p.id == wanted)

    def refund(self, pick: int) -> None:
        bought = self._bought(pick)
        half = (bought.amount / 2).quantize(Decimal("0.01"))
        self.book.edit_purchase(bought.model_copy(update={"refunded": half}))

    def rename_product(self, pick: int) -> None:
        bought = self._bought(pick)
        self.book.edit_purchase(bought.model_copy(update={"items": f"新品{pick % 3}"}))

    def move_region(self, pick: int) -> None:
        person = self.book.get_customer(self._who(pick))
        province = ("浙江", "江苏", "广东")[pick % 3]
        self.book.save_customer(person.model_copy(update={"province": province}))

    def tier_names(self, pick: int) -> None:
        rules = self.book.rules()
        names = {ValueTier.A: f"钻石{pick % 4}"}
        self.book.set_rules(rules.model_copy(update={"tier_names": names}))

    def past_purchase(self, pick: int) -> None:
        """A purchase dated before the past as_of: what the book looked like then moves."""
        day = PAST - timedelta(days=1 + pick % 60)
        self.book.add_purchase(
            _purchase(self._who(pick), day, Decimal(30 + pick)),
        )


def _purchase(customer_id: int, day: date, amount: Decimal) -> Purchase:
    return Purchase(customer_id=customer_id, date=day, amount=amount, items="旧货")


ALL_WRITES = [*WRITES, *(n for n in vars(OverviewWrites) if not n.startswith("_"))]
UNCHANGED = ["nothing", "reopen", "queue"]  # nothing the overview reads changes

steps = st.lists(
    st.tuples(st.sampled_from(ALL_WRITES + UNCHANGED), st.integers(0, 1_000)),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps, terms=st.sampled_from(TERMS))
@example(steps=[("forget", 0), ("reopen", 0)], terms=(PAST, None))
def test_kept_figures_are_gone_after_any_write_and_equal_fresh_ones_when_read(
    template: Path, tmp_path: Path, steps: list[tuple[str, int]], terms: tuple[Any, Any]
) -> None:
    path = _copy(template, tmp_path)
    book = Book.open(path, today=fixed_clock)
    try:
        _fresh(book, *terms)
        for step, pick in steps:
            if step == "reopen":
                book.close()
                book = Book.open(path, today=fixed_clock)
            elif step == "queue":  # today's plan made and kept: no figure moves
                book.queue(None, 7)
            elif step != "nothing":
                getattr(OverviewWrites(book, path, tmp_path), step)(pick)
            kept = _kept(path, *terms)
            cold = _cold(path, *terms)  # made from the stored tiers, without the Book
            fresh = _fresh(book, *terms)
            if step in UNCHANGED:
                assert kept == fresh, step
            else:
                assert kept is None or kept == fresh, step
            assert cold is None or cold == fresh, step
    finally:
        book.close()


def test_every_write_verb_drops_the_kept_overview(template: Path, tmp_path: Path) -> None:
    """Each write, even one that moves no figure, drops it: kept figures are never trusted
    on the chance that the write did not matter."""
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        writes = OverviewWrites(book, path, tmp_path)
        for name in ALL_WRITES:
            if name == "undo":
                writes.done(1)
            if name == "unmerge":
                writes.merge(2)
            _fresh(book, None, None)
            getattr(writes, name)(3)
            assert _kept(path, None, None) is None, name


def test_figures_made_while_another_process_wrote_are_not_kept(
    template: Path, tmp_path: Path
) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        token = book.start_keeping_overview()
        figures = book.overview(None, periods=(None,))
        Writes(book, path, tmp_path).other_process(5)  # lands between reading and keeping
        made = {"figures": figures.as_dict(), "tier_names": {}}
        assert not book.keep_overview(token, None, None, made)
    assert _kept(path, None, None) is None


def test_figures_are_kept_for_their_terms_the_last_few_at_once(
    template: Path, tmp_path: Path
) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        fresh = _fresh(book, None, 90)
        assert _kept(path, None, None) is None  # not asked for yet
        assert _kept(path, PAST, 90) is None
        whole = _fresh(book, None, None)
        assert (_kept(path, None, 90), _kept(path, None, None)) == (fresh, whole)
        for days in range(1, overview_kept.MAX_KEPT):
            _fresh(book, None, days)
        assert _kept(path, None, 90) is None  # the oldest of more than MAX_KEPT dropped
        assert _kept(path, None, None) == whole
    tomorrow = (TODAY + timedelta(days=1)).isoformat()  # the book is brought to each day
    assert overview_kept.kept(path, tomorrow, TODAY.isoformat(), None) is None


def test_a_run_that_started_after_another_keeps_its_figures_the_first_not(
    template: Path, tmp_path: Path
) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        first, second = book.start_keeping_overview(), book.start_keeping_overview()
        made = {"figures": book.overview(None, periods=(None,)).as_dict(), "tier_names": {}}
        assert not book.keep_overview(first, None, None, made)
        assert book.keep_overview(second, None, None, made)
    assert _kept(path, None, None) == made


def test_a_kept_overview_is_refused_by_a_restored_backup(template: Path, tmp_path: Path) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        copy = tmp_path / "copy.db"
        book.export(copy)
        _fresh(book, None, None)
        book.replace_with(copy)
        assert _kept(path, None, None) is None


def test_the_same_figures_on_a_book_opened_read_only_are_computed_not_kept(
    template: Path, tmp_path: Path
) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        fresh = book.overview(None, periods=(None,))
        book.read_only = True  # as Book.open sets it for a file it cannot write
        assert book.start_keeping_overview() is None
        made = _made(book, None, None)
        assert made["figures"] == fresh.as_dict()
    assert _kept(path, None, None) is None


def _xiaoben(book: Path, *args: str, env: dict[str, str] | None = None) -> str:
    command = [sys.executable, "-m", "xiaoben.cli", "--db", str(book), *args]
    done = subprocess.run(
        command, env={**python_env(), **(env or {})}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


HEAVY = ("numpy", "pydantic", "sqlite_utils", "textual", "scipy", "phonenumbers")

LOADED = """
import sys
from xiaoben.cli.main import main
try:
    main([{args}], standalone_mode=False)
finally:
    heavy = {heavy}
    print("LOADED:", sorted(m for m in sys.modules if m.split(".")[0] in heavy))
"""


def _loaded(book: Path, *args: str) -> list[str]:
    code = LOADED.format(args=", ".join(repr(a) for a in ("--db", str(book), *args)), heavy=HEAVY)
    last = run_python(code).strip().splitlines()[-1]
    assert last.startswith("LOADED: ")
    loaded: list[str] = json.loads(last.removeprefix("LOADED: ").replace("'", '"'))
    return loaded


def test_the_second_report_prints_the_first_to_the_character_loading_nothing_heavy(
    tmp_path: Path,
) -> None:
    """The real command on the real day: the first run computes (numpy, the models, the
    store), the second prints the kept figures with none of them loaded; after a write the
    figures are made again."""
    book = tmp_path / "book.db"
    _xiaoben(book, "--lang", "zh", "demo", "--no-app", "--customers", "25")
    for args in (
        ("--lang", "zh", "report"),
        ("--lang", "en", "report", "--period", "30"),
        ("report", "--json", "--as-of", "2026-01-31"),
    ):
        first = _xiaoben(book, *args)
        assert _xiaoben(book, *args) == first, args
        assert _loaded(book, *args) == [], args
    cold = _loaded(book, "report", "--period", "365")  # not kept: computed
    assert "numpy" in cold and "textual" not in cold and "scipy" not in cold
    with Book.open(book) as opened:
        with opened.reading():
            (first_id,) = opened.conn.execute("SELECT min(id) FROM customers").fetchone()
        opened.add_purchase(_purchase(first_id, date.today(), Decimal(88)))
    again = {name.split(".")[0] for name in _loaded(book, "--lang", "zh", "report")}
    assert again == {"numpy"}  # computed again from the stored tiers: no Book, no models
    assert _loaded(book, "--lang", "zh", "report") == []


def test_an_encrypted_book_reports_the_same_figures_twice(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    with Book.open(book) as made:  # not the demo book: that one stays unencrypted
        for k, province in enumerate(["浙江", "浙江", "江苏", ""]):
            who = customer(made, f"客户{k}", province=province)
            buy(made, who, 100 * (k + 1), date.today() - timedelta(days=40 * k), items="茶")
    plain = _xiaoben(book, "--lang", "en", "report")
    _xiaoben(book, "passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": "芝麻开门"})
    secret = {"XIAOBEN_PASSPHRASE": "芝麻开门"}
    first = _xiaoben(book, "--lang", "en", "report", env=secret)
    assert first == plain
    assert _xiaoben(book, "--lang", "en", "report", env=secret) == first
    with Book.open(book, passphrase="芝麻开门") as opened:  # kept inside the encrypted file
        assert opened.kept_overview(None) is not None


def test_what_is_kept_comes_back_from_json_unchanged(template: Path, tmp_path: Path) -> None:
    """Kept figures are read back from JSON: no tuple, NaN or non-text key may change on
    the way (the first run prints what it made, the second what it reads)."""
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        for as_of, period in [*TERMS, (None, 30), (None, 365)]:
            made = _made(book, as_of, period)
            assert json.loads(json.dumps(made)) == made, (as_of, period)


def _triggers(book: Book) -> list[tuple[str, str]]:
    with book.reading():
        return book.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()


def test_a_bulk_import_stops_the_triggers_yet_leaves_no_stale_overview(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large import drops the triggers for its length (store/purchase_writer.py): the
    kept overview goes all the same, the next report is made afresh from the imported
    rows, and the triggers are back, dropping it again on the next write."""
    from xiaoben.store import purchase_writer
    from xiaoben.store.importing.readers import read_any
    from xiaoben.store.imports import import_table

    monkeypatch.setattr(purchase_writer, "TOTALS_ONCE_ROWS", 5)
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        with book.reading():
            found = book.conn.execute(
                "SELECT id, code FROM customers WHERE code IS NOT NULL AND archived = 0"
                " ORDER BY id LIMIT 10"
            ).fetchall()
        codes = [code for _, code in found]
        triggers = _triggers(book)
        before = _fresh(book, None, None)
        lines = ["code,date,amount,items"]
        lines += [
            f"{codes[n % 10]},{TODAY - timedelta(days=n % 40)},{40 + n},新货" for n in range(400)
        ]
        csv = tmp_path / "bills.csv"
        csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        statements: list[str] = []
        book.conn.set_trace_callback(statements.append)
        try:
            import_table(book, "purchases", read_any(csv, kind="purchases"), lambda *_: None)
        finally:
            book.conn.set_trace_callback(None)

        assert any(s.startswith("DROP TRIGGER") for s in statements)  # the bulk path
        assert _kept(path, None, None) is None
        assert _triggers(book) == triggers
        after = _fresh(book, None, None)
        assert after != before
        _fresh(book, None, None)
        buy(book, found[0][0], 10, TODAY)
        assert _kept(path, None, None) is None  # the triggers fire again


@pytest.mark.parametrize("period", [None, 7, 30, 90, 365])
def test_after_a_write_the_figures_are_made_without_the_book_as_the_book_makes_them(
    template: Path, tmp_path: Path, period: int | None
) -> None:
    """The first report after a change: made from the stored tiers (a full pass of today),
    the very figures and tier names the Book makes, and kept for the next run."""
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        writes = OverviewWrites(book, path, tmp_path)
        writes.tier_names(1)
        writes.refund(2)
        writes.move_region(3)
        cold = _cold(path, None, period)
        assert cold is not None
        assert cold["tier_names"] == {"A": "钻石1"}
        assert _kept(path, None, period) == cold  # kept for the next run
        assert cold == _fresh(book, None, period)


def test_figures_are_made_by_the_book_when_the_stored_tiers_are_not_a_full_pass_of_today(
    template: Path, tmp_path: Path
) -> None:
    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        assert _cold(path, None, None) is not None
        with book.reading():  # a save the app placed against the last pass moves the marker
            book.conn.execute("BEGIN IMMEDIATE")
            plan_cache.bump(book.conn)
            book.conn.execute("COMMIT")
        assert _cold(path, None, None) is None
        book.recompute()  # a full pass of today again
        assert _cold(path, None, None) == _fresh(book, None, None)
    tomorrow = TODAY + timedelta(days=1)  # the Book would bring the tiers to that day
    assert overview_cold.made(path, tomorrow, None) is None


def test_the_default_cuts_are_the_rules_own() -> None:
    rules = Rules()
    assert (float(rules.a_cut_percent), float(rules.b_cut_percent)) == overview_cold.DEFAULT_CUTS
    changed = rules.model_copy(update={"a_cut_percent": Decimal("77.5")}).model_dump_json()
    cuts, names = overview_cold.rules_read(changed)
    assert (cuts.a_cut_percent, cuts.b_cut_percent, names) == (77.5, 95.0, {})


def test_a_read_that_fails_leaves_the_figures_to_the_book_and_no_thread_behind(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fault in one of the reads made beside (on threads of their own) reaches the
    caller as a fault of the file: nothing is kept, the Book makes the figures, and every
    reading thread has ended; what the caller loads beside runs once the reads started."""
    import threading

    from xiaoben.store import overview_reads
    from xiaoben.store.driver import sqlite3

    path = _copy(template, tmp_path)
    with Book.open(path, today=fixed_clock) as book:
        OverviewWrites(book, path, tmp_path).refund(2)

        def failing(conn: sqlite3.Connection) -> bytes | None:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(overview_reads, "stats_text", failing)
        before = threading.active_count()
        called: list[bool] = []
        assert overview_cold.made(path, TODAY, None, lambda: called.append(True)) is None
        assert called == [True]
        assert threading.active_count() == before
        assert _kept(path, None, None) is None
        monkeypatch.undo()
        assert _cold(path, None, None) == _fresh(book, None, None)
