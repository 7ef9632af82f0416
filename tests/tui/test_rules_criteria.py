"""The rules screen with the seller's custom fields as criteria of the weighted score: a
number's weight and thresholds, a choice's weight and points per option, checked beside
the field, previewed and applied; and its snapshot."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.pilot import freeze_cursors, run, settle, today
from tests.tui.test_tiers_rules import open_rules, text_of
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.rules import FieldCriterion
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp


def _define(book_path: Path) -> tuple[int, int]:
    """月预算 (a number) and 会员等级 (金卡/银卡/普通), a few customers with values."""
    with Book.open(book_path, today=today) as book:
        budget = book.add_field(
            FieldDef(kind=FieldKind.NUMBER, label_zh="月预算", label_en="budget")
        )
        level = book.add_field(
            FieldDef(
                kind=FieldKind.CHOICE,
                label_zh="会员等级",
                label_en="member level",
                options=["金卡", "银卡", "普通"],
            )
        )
        book.add_field(FieldDef(kind=FieldKind.TEXT, label_zh="学校", label_en="school"))
        assert budget.id is not None and level.id is not None
        for customer_id, amount, card in (
            (1, "1500", "金卡"),
            (2, "600", "银卡"),
            (3, None, "普通"),
        ):
            book.save_customer(book.get_customer(customer_id), {budget.id: amount, level.id: card})
    return budget.id, level.id


def _score(app: XiaobenApp, customer_id: int) -> float:
    app.book.settle()
    row = app.book.conn.execute(
        "SELECT score FROM tiers WHERE customer_id = ?", (customer_id,)
    ).fetchone()
    return float(row[0])


def test_a_choice_field_is_weighed_previewed_and_applied(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    budget, level = _define(book_path)
    app = app_factory("en")

    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        before = _score(app, 1)
        screen = await open_rules(app, pilot)
        assert not screen.query("#in-field_criteria-3-weight")  # a text field is no criterion

        screen.query_one(f"#in-field_criteria-{level}-weight", Input).value = "40"
        screen.query_one(f"#in-field_criteria-{level}-points-0", Input).value = "100"
        screen.query_one(f"#in-field_criteria-{level}-points-1", Input).value = "50%"
        screen.query_one(f"#in-field_criteria-{budget}-thresholds", Input).value = "500、1000"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "would move" in text_of(screen, "#preview") or "No one" in text_of(
            screen, "#preview"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        kept = app.book.rules().field_criteria
        assert kept[level] == FieldCriterion(weight=40, points={"金卡": 100, "银卡": 50})
        # the budget has thresholds but no weight: kept, not counted
        assert kept[budget] == FieldCriterion(thresholds=[Decimal(500), Decimal(1000)])
        assert app.book.rules().criterion_ids() == {level}
        assert _score(app, 1) > before
        assert not screen.is_dirty()
        assert "member level" in app.book.explain(1, "en")["score"]

    run(app, scenario)


def test_bad_thresholds_and_points_are_named_beside_the_field(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    budget, level = _define(book_path)

    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_rules(app, pilot)
        screen.query_one(f"#in-field_criteria-{budget}-thresholds", Input).value = "1000, 500"
        screen.query_one(f"#in-field_criteria-{level}-points-2", Input).value = "120"
        screen.query_one(f"#in-field_criteria-{level}-weight", Input).value = "-3"
        await pilot.pause()
        thresholds = text_of(screen, f"#err-field_criteria-{budget}-thresholds")
        assert thresholds.startswith("budget thresholds: each threshold must be above")
        points = text_of(screen, f"#err-field_criteria-{level}-points-2")
        assert points == "member level: 普通: must be at most 100 (got 120)"
        assert "at least 0" in text_of(screen, f"#err-field_criteria-{level}-weight")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.book.rules().field_criteria == {}

    run(app_factory("en"), scenario)


def test_the_rules_screen_with_custom_criteria_zh(
    snap_compare: Callable, app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    budget, level = _define(book_path)
    with Book.open(book_path, today=today) as book:
        book.set_rules(
            book.rules().model_copy(
                update={
                    "field_criteria": {
                        budget: FieldCriterion(weight=20, thresholds=[Decimal(500), Decimal(1000)]),
                        level: FieldCriterion(weight=15, points={"金卡": 100, "银卡": 60}),
                    }
                }
            )
        )

    async def to_the_weights(pilot: Pilot[None]) -> None:
        await pilot.press("f4")
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one(f"#in-field_criteria-{level}-points-2", Input).focus()
        await settle(pilot)
        await freeze_cursors(pilot)

    assert snap_compare(app_factory("zh"), terminal_size=(100, 34), run_before=to_the_weights)


def test_removing_a_criterion_field_says_so_and_u_restores_field_and_score(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    from tests.tui.test_fields_screen import open_fields
    from xiaoben.tui.widgets.confirm import ConfirmDialog

    _, level = _define(book_path)
    with Book.open(book_path, today=today) as book:
        criterion = FieldCriterion(weight=40, points={"金卡": 100})
        book.set_rules(book.rules().model_copy(update={"field_criteria": {level: criterion}}))

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        counted = _score(app, 1)
        await open_fields(pilot)
        await pilot.press("down")  # 会员等级, the second field
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "It counts in the weighted score (weight 40)" in app.screen.question_text
        await pilot.press("y")
        await settle(pilot)
        assert _score(app, 1) < counted

        await pilot.press("u")
        await settle(pilot)
        assert _score(app, 1) == counted
        assert app.book.rules().criterion_ids() == {level}

    run(app_factory("en"), story)
