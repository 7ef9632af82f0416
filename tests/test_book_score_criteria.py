"""A custom field counted in the weighted score, through the book: a save places the
customer with the new value, the reasons name the field and its points, `tiers --json`
agrees, and removing the field takes it out of everyone's score (restoring brings it back)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from click.testing import Result

from tests.book_helpers import buy, customer, fixed_clock
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.rules import FieldCriterion, Rules
from xiaoben.store.book import Book


def _level_book(book: Book) -> tuple[int, dict[str, int]]:
    """会员等级 (金卡 100 points, 银卡 50) counted with weight 50 beside the seven (100)."""
    level = book.add_field(
        FieldDef(
            kind=FieldKind.CHOICE,
            label_zh="会员等级",
            label_en="member level",
            options=["金卡", "银卡", "普通"],
        )
    )
    assert level.id is not None
    ids = {}
    for name in ("王芳", "李娜", "张敏"):
        person = customer(book, name)
        assert person.id is not None
        buy(book, person, 100)
        ids[name] = person.id
    criterion = FieldCriterion(weight=50, points={"金卡": 100, "银卡": 50})
    book.set_rules(Rules(field_criteria={level.id: criterion}))
    return level.id, ids


def _scores(book: Book) -> dict[int, float]:
    book.settle()
    return {
        int(customer_id): score
        for customer_id, score in book.conn.execute("SELECT customer_id, score FROM tiers")
    }


def test_a_choice_earns_its_points_as_soon_as_it_is_saved(book: Book) -> None:
    level, ids = _level_book(book)
    before = _scores(book)

    book.save_customer(book.get_customer(ids["王芳"]), {level: "金卡"})
    book.save_customer(book.get_customer(ids["李娜"]), {level: "银卡"})

    after = _scores(book)
    # 50 of 150: a gold card adds 100 × 50/150 ≈ 33.3 points, silver half of that.
    assert round(after[ids["王芳"]] - before[ids["王芳"]], 1) == 33.3
    assert round(after[ids["李娜"]] - before[ids["李娜"]], 1) in (16.6, 16.7)
    assert after[ids["张敏"]] == before[ids["张敏"]]
    assert after == _recomputed(book)


def _recomputed(book: Book) -> dict[int, float]:
    book.recompute()
    return _scores(book)


def test_the_reasons_name_the_field_and_its_points(book: Book) -> None:
    level, ids = _level_book(book)
    book.save_customer(book.get_customer(ids["王芳"]), {level: "金卡"})

    why = book.explain(ids["王芳"], "en")["score"]
    assert "member level 33.3" in why
    assert "会员等级 33.3" in book.explain(ids["王芳"], "zh")["score"]


def test_removing_a_criterion_field_takes_it_out_of_the_score_and_undo_restores_both(
    book: Book,
) -> None:
    level, ids = _level_book(book)
    book.save_customer(book.get_customer(ids["王芳"]), {level: "金卡"})
    counted = _scores(book)
    assert "weighted score (weight 50)" in book.removal_note(book.field_map()[level])

    book.remove_field(level)

    without = _scores(book)
    assert without[ids["王芳"]] < counted[ids["王芳"]]
    assert without[ids["王芳"]] == without[ids["张敏"]]  # nothing else tells them apart
    assert level in book.rules().field_criteria  # kept for the undo

    book.restore_field(level)

    assert _scores(book) == counted


def test_a_renamed_criterion_field_keeps_its_points(book: Book) -> None:
    level, ids = _level_book(book)
    book.save_customer(book.get_customer(ids["王芳"]), {level: "金卡"})
    counted = _scores(book)

    old = book.field_map()[level]
    book.update_field(old.model_copy(update={"label_en": "card"}))

    assert _recomputed(book) == counted
    assert "card 33.3" in book.explain(ids["王芳"], "en")["score"]


def test_a_number_criterion_counts_the_thresholds_reached(
    book_path: Path, run: Callable[..., Result]
) -> None:
    with Book.open(book_path, today=fixed_clock) as book:
        budget = book.add_field(
            FieldDef(kind=FieldKind.NUMBER, label_zh="月预算", label_en="monthly budget")
        )
        assert budget.id is not None
        for name, amount in (("王芳", "1200"), ("李娜", "600"), ("张敏", None)):
            person = customer(book, name)
            book.save_customer(person, {budget.id: amount})
        thresholds = [Decimal(500), Decimal(1_000)]
        criterion = FieldCriterion(weight=100, thresholds=thresholds)
        # Only the budget counts: the seven weighed 0.
        zero = dict.fromkeys(("value", "frequency", "recency", "tenure", "demand"), 0)
        rules = Rules.model_validate(
            {
                "weights": zero | {"purchasing_power": 0, "referrals": 0},
                "field_criteria": {budget.id: criterion},
            }
        )
        book.set_rules(rules)

    result = run("tiers", "--json")

    assert result.exit_code == 0, result.output
    scores = {row["name"]: row["score"] for row in json.loads(result.output)}
    assert scores == {"王芳": 100.0, "李娜": 50.0, "张敏": 0.0}
