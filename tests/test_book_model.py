"""The purchase model in the book: fitted from the stats the book keeps, kept with the day
of the fit, refitted by the rules, used for one saved customer without a refit, and
silent (in words) when the book has too little data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench.cdnow import cdnow_to_csv
from tests.book_helpers import buy, count, customer, import_purchases_csv
from xiaoben.models.enums import Reason
from xiaoben.models.errors import BookError
from xiaoben.models.money import cents_shown
from xiaoben.store.book import Book
from xiaoben.tiering.followup import REASONS

SAMPLE = Path(__file__).parent / "data" / "CDNOW_sample.txt"
CALIBRATION_END = date(1997, 9, 30)


def _calibration_csv(folder: Path) -> Path:
    """The CDNOW sample's purchases up to the end of the paper's calibration."""
    full = folder / "cdnow.csv"
    cdnow_to_csv(SAMPLE, full)
    lines = full.read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[1] <= "1997-09-30"]
    calibration = folder / "calibration.csv"
    calibration.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return calibration


@pytest.fixture(scope="module")
def cdnow_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cdnow-model")
    path = folder / "book.db"
    with Book.open(path, today=lambda: CALIBRATION_END) as book:
        import_purchases_csv(book, _calibration_csv(folder), create_missing=True)
    return path


def _copy(book_path: Path, folder: Path) -> Path:
    copy = folder / "book.db"
    with Book.open(book_path, today=lambda: CALIBRATION_END) as book:
        book.export(copy)
    return copy


def test_the_import_fits_and_keeps_the_papers_model(cdnow_book: Path) -> None:
    with Book.open(cdnow_book, today=lambda: CALIBRATION_END) as book:
        model = book.purchase_model()
        assert model is not None
        assert model.as_of == CALIBRATION_END and model.unit == "week"
        fitted = model.bgnbd
        assert (round(fitted.r, 3), round(fitted.alpha, 3)) == (0.243, 4.414)
        assert (round(fitted.a, 3), round(fitted.b, 3)) == (0.793, 2.426)
        assert round(fitted.log_likelihood, 1) == -9582.4
        money = model.spend
        assert (round(money.p, 2), round(money.q, 2), round(money.gamma, 2)) == (6.25, 3.74, 15.44)
        assert (model.customers, model.repeat_buyers) == (2357, 946)
        assert count(book.conn, "predictions") == 2357


def test_a_one_time_buyer_is_alive_and_a_long_silent_regular_is_not(cdnow_book: Path) -> None:
    with Book.open(cdnow_book, today=lambda: CALIBRATION_END) as book:
        rows = book.conn.execute(
            "SELECT s.customer_id, s.purchase_days, s.last_purchase FROM stats s"
            " WHERE s.purchase_days IN (1, 5) ORDER BY s.last_purchase"
        ).fetchall()
        one_time = next(r for r in rows if r[1] == 1)
        silent_regular = next(r for r in rows if r[1] == 5)
        once = book.prediction(one_time[0])
        regular = book.prediction(silent_regular[0])
        assert once is not None and regular is not None
        assert once.p_alive == 1.0 and once.churn_risk == "alive"
        assert regular.p_alive < 0.3 and regular.churn_risk == "lost"
        assert regular.repeat_purchases == 4
        assert regular.clv_cents < once.clv_cents * 5
        assert regular.summary("en")[0].startswith("still buying: ")
        assert regular.summary("en")[0].endswith("% (probably gone)")
        assert once.summary("zh")[0] == "还在买的可能 100%（很可能还在）"
        # her lifetime value is the book's repeat buyers', said so; a regular's is her own
        assert once.repeat_purchases == 0
        assert once.summary("zh")[2].endswith("（还没有回头购买：按账本的回头客估计）")
        assert "no repeat purchase yet" in once.reasons(book.rules(), "en")[2]
        assert regular.summary("zh")[2] == f"终身价值 {cents_shown(regular.clv_cents)}"
        assert "no repeat purchase" not in regular.reasons(book.rules(), "en")[2]


def test_fit_from_stats_equals_fit_from_purchases_as_of(tmp_path: Path, cdnow_book: Path) -> None:
    later = CALIBRATION_END + timedelta(days=30)
    with Book.open(_copy(cdnow_book, tmp_path), today=lambda: later) as book:
        buyer = book.conn.execute("SELECT customer_id FROM stats LIMIT 1").fetchone()[0]
        buy(book, buyer, "12.00", later)
        # As of the calibration's end the purchase after it is left out: the paper again.
        again = book.fit_model(until=CALIBRATION_END)
        assert round(again.bgnbd.r, 3) == 0.243 and round(again.bgnbd.b, 3) == 2.426
        in_days = book.fit_model(until=CALIBRATION_END, unit="day")
        assert round(in_days.bgnbd.alpha / 7, 3) == 4.414


def test_a_save_places_the_customer_with_the_kept_parameters(
    tmp_path: Path, cdnow_book: Path
) -> None:
    copy = _copy(cdnow_book, tmp_path)
    with Book.open(copy, today=lambda: CALIBRATION_END) as book:
        kept = book.purchase_model()
        newcomer = customer(book, "新客户")
        buy(book, newcomer, "30.00", CALIBRATION_END - timedelta(days=70))
        buy(book, newcomer, "20.00", CALIBRATION_END - timedelta(days=7))
        assert book.purchase_model() == kept  # two purchases: no refit
        assert newcomer.id is not None
        placed = book.prediction(newcomer.id)
        assert placed is not None and 0 < placed.p_alive < 1
        assert placed.expected_90 > 0 and placed.clv_cents > 0
        assert (placed.repeat_purchases, placed.days_since_last) == (1, 7)


CONTACT_THEN_PURCHASE = """
import sys
from datetime import date, datetime
from decimal import Decimal
from xiaoben.models.enums import InteractionKind
from xiaoben.models.interaction import Interaction
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book

day = date.fromisoformat(sys.argv[2])
book = Book.open(sys.argv[1], today=lambda: day, background=True)
book.settle(60)
who = book.conn.execute(
    "SELECT customer_id FROM predictions WHERE expected_90 > 0 ORDER BY customer_id LIMIT 1"
).fetchone()[0]
read = "SELECT * FROM predictions ORDER BY customer_id"
before = book.conn.execute(read).fetchall()
call = Interaction(customer_id=who, at=datetime(1997, 9, 30, 9), kind=InteractionKind.CALL)
contact = book.log_contact(call)
book.edit_contact(contact.model_copy(update={"note": "again"}))
person = book.get_customer(who)
book.save_customer(person.model_copy(update={"notes": "edited", "strategic": True}))
book.settle(60)
print(book.conn.execute(read).fetchall() == before, "scipy" in sys.modules)
book.add_purchase(Purchase(customer_id=who, date=day, amount=Decimal("25")))
book.settle(60)
after = book.conn.execute("SELECT expected_90 FROM predictions WHERE customer_id = ?", (who,))
moved = after.fetchone()[0] != dict((r[0], r[2]) for r in before)[who]
light = "scipy.special._special_ufuncs" in sys.modules
print(moved, light, "scipy.special" in sys.modules, "scipy.optimize" in sys.modules)
book.close()
"""


def test_a_contact_leaves_the_predictions_and_scipy_alone(tmp_path: Path, cdnow_book: Path) -> None:
    """The model reads purchases only: a logged contact or a profile's edit writes no
    prediction, so the app never imports scipy for it (~50 MB); a purchase does, with the
    module of the special functions only: not scipy.special's package (~27 MB), nor the
    optimiser (a fit's)."""
    import subprocess
    import sys

    from tests.book_helpers import python_env

    copy = _copy(cdnow_book, tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", CONTACT_THEN_PURCHASE, str(copy), CALIBRATION_END.isoformat()],
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr
    contact, purchase = child.stdout.splitlines()
    assert contact == "True False"  # predictions as they were; scipy never imported
    assert purchase == "True True False False"  # the buyer's forecast moved; no optimiser


def test_archiving_in_the_profile_drops_the_forecast_and_bringing_back_restores_it(
    tmp_path: Path, cdnow_book: Path
) -> None:
    """An edit that archives (or brings back) a customer is the one profile edit the
    purchase model follows: it forecasts active customers only."""
    copy = _copy(cdnow_book, tmp_path)
    with Book.open(copy, today=lambda: CALIBRATION_END) as book:
        read = "SELECT * FROM predictions WHERE customer_id = ?"
        who = book.conn.execute("SELECT min(customer_id) FROM predictions").fetchone()[0]
        before = book.conn.execute(read, (who,)).fetchall()
        assert before
        archived = book.save_customer(book.get_customer(who).model_copy(update={"archived": True}))
        assert book.conn.execute(read, (who,)).fetchall() == []
        book.save_customer(archived.model_copy(update={"archived": False, "notes": "back"}))
        assert book.conn.execute(read, (who,)).fetchall() == before


def test_a_five_percent_growth_refits(tmp_path: Path, cdnow_book: Path) -> None:
    copy = _copy(cdnow_book, tmp_path)
    with Book.open(copy, today=lambda: CALIBRATION_END) as book:
        kept = book.purchase_model()
        assert kept is not None
        needed = int(kept.purchases * 0.05) + 1
        with book.batch():
            for k in range(needed):
                regular = customer(book, f"常客{k}")
                buy(book, regular, "10.00", CALIBRATION_END - timedelta(days=k % 60))
        refitted = book.purchase_model()
        assert refitted is not None and refitted.purchases >= kept.purchases + needed
        assert refitted.customers == kept.customers + needed


def test_a_week_later_refits(tmp_path: Path, cdnow_book: Path) -> None:
    copy = _copy(cdnow_book, tmp_path)
    week_later = CALIBRATION_END + timedelta(days=7)
    with Book.open(copy, today=lambda: week_later) as book:
        model = book.purchase_model()
        assert model is not None and model.as_of == week_later


def test_a_small_book_says_not_enough_data_and_changes_nothing(tmp_path: Path) -> None:
    with Book.open(tmp_path / "book.db", today=lambda: CALIBRATION_END) as book:
        someone = customer(book, "王芳")
        buy(book, someone, "100", CALIBRATION_END - timedelta(days=30))
        buy(book, someone, "100", CALIBRATION_END)
        book.recompute()
        assert book.purchase_model() is None
        problem = book.model_problem()
        assert problem is not None and problem.key == "model.not_enough_data"
        assert someone.id is not None and book.prediction(someone.id) is None
        with pytest.raises(BookError) as caught:
            book.fit_model()
        assert "1" in caught.value.message("zh") and "50" in caught.value.message("zh")


def test_the_plan_raises_a_b_customer_the_model_gives_up_on(
    tmp_path: Path, cdnow_book: Path
) -> None:

    with Book.open(_copy(cdnow_book, tmp_path), today=lambda: CALIBRATION_END) as book:
        # A/B customers past the model's day with fewer purchases than the gap rule needs.
        found = book.conn.execute(
            "SELECT p.customer_id FROM predictions p JOIN tiers t USING (customer_id)"
            " JOIN stats s USING (customer_id)"
            " WHERE t.value_tier IN ('A', 'B') AND p.at_risk_day <= ? AND s.orders < 3"
            " AND t.stage != 'lapsed' ORDER BY p.customer_id",
            (CALIBRATION_END.isoformat(),),
        ).fetchall()
        assert found
        plan = book.queue(days=0)
        at_risk = {
            int(c)
            for c, reason in zip(plan.customer_id, plan.reason, strict=True)
            if reason == REASONS.index(Reason.AT_RISK)
        }
        assert {customer_id for (customer_id,) in found} <= at_risk
        # The item, and the contact logged when it is done, name the model's cut: a rhythm
        # from fewer than three purchases is not quoted.
        first = found[0][0]
        (item,) = [
            i
            for i in book.follow_ups(plan, lang="zh")
            if i.customer_id == first and i.reason is Reason.AT_RISK
        ]
        assert "购买模型" in item.detail and "低于 50%" in item.detail
        assert "平时" not in item.detail
        logged = book.mark_done(item.key)
        for words in ("平时", "usually"):
            assert words not in logged.note
        assert "below 50%" in logged.note or "低于 50%" in logged.note  # the app's language


def _predictions(book: Book) -> list[tuple[object, ...]]:
    return book.conn.execute("SELECT * FROM predictions ORDER BY customer_id").fetchall()


def test_an_imports_predictions_are_those_a_fit_of_the_same_book_writes(
    tmp_path: Path, cdnow_book: Path
) -> None:
    """The import fitted and wrote its predictions inside its own transaction, reading the
    histories once: a fit on the same book afterwards writes the very same rows."""
    copy = _copy(cdnow_book, tmp_path)
    with Book.open(copy, today=lambda: CALIBRATION_END) as book:
        imported = _predictions(book)
        kept = book.purchase_model()
        refitted = book.fit_model()
        assert kept is not None and refitted.bgnbd == kept.bgnbd
        assert _predictions(book) == imported and len(imported) == 2357


def test_an_import_without_a_refit_brings_everyones_predictions_to_its_purchases(
    tmp_path: Path, cdnow_book: Path
) -> None:
    """An import too small to refit (under 5% more purchases) still writes everyone's
    predictions with the kept model, inside its transaction: the rows a fresh write gives."""
    from xiaoben.store import purchase_model as model_sql

    copy = _copy(cdnow_book, tmp_path)
    with Book.open(copy, today=lambda: CALIBRATION_END) as book:
        codes = [code for (code,) in book.conn.execute("SELECT code FROM customers LIMIT 120")]
        lines = ["customer,date,amount"]
        lines += [f"{c},1997-09-{1 + k % 28:02d},{5 + k % 40}.00" for k, c in enumerate(codes)]
        extra = tmp_path / "more.csv"
        extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
        kept = book.purchase_model()
        before = _predictions(book)
        import_purchases_csv(book, extra)
        assert book.purchase_model() == kept  # no refit
        after = _predictions(book)
        assert after != before and len(after) == len(before)
        assert kept is not None
        with book.batch():
            model_sql.write_predictions(book.conn, kept, book.rules(), CALIBRATION_END)
        assert _predictions(book) == after


def test_a_new_days_rows_written_a_chunk_at_a_time_are_the_same(
    tmp_path: Path, cdnow_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new day changes every buyer's tiers and predictions: written a few rows at a time
    (store/tierstore.py, store/purchase_model.py) the tables hold what one write gives."""
    from xiaoben.store import tierstore

    def new_day(folder: Path) -> tuple[list[Any], list[Any]]:
        folder.mkdir()
        today = CALIBRATION_END + timedelta(days=1)
        with Book.open(_copy(cdnow_book, folder), today=lambda: today) as book:
            tiers = book.conn.execute("SELECT * FROM tiers ORDER BY customer_id").fetchall()
            read = "SELECT * FROM predictions ORDER BY customer_id"
            return tiers, book.conn.execute(read).fetchall()

    whole = new_day(tmp_path / "whole")
    monkeypatch.setattr(tierstore, "WRITE_CHUNK", 97)  # the tiers' and predictions' chunk
    chunked = new_day(tmp_path / "chunked")
    assert len(whole[0]) > 2000 and len(whole[1]) > 2000
    assert chunked == whole
