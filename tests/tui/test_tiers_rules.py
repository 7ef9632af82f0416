"""The tier lists and the rules screens, driven by keys on the small demo book."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.tui.pilot import run, settle
from tests.tui.test_save_while_busy import another_writer, collect_notices, keys_stay
from xiaoben.models.rules import Rules
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.rules import RulesScreen
from xiaoben.tui.screens.tiers import TiersScreen
from xiaoben.tui.widgets.confirm import ConfirmDialog


def scalar(app: XiaobenApp, sql: str) -> Any:
    with app.book._lock:
        return app.book.conn.execute(sql).fetchone()[0]


def buyers(app: XiaobenApp) -> int:
    return int(
        scalar(
            app,
            "SELECT count(*) FROM stats s JOIN customers c ON c.id = s.customer_id"
            " WHERE c.archived = 0 AND s.orders > 0",
        )
    )


def customers(app: XiaobenApp) -> int:
    return int(scalar(app, "SELECT count(*) FROM customers WHERE archived = 0"))


def group_counts(screen: TiersScreen) -> dict[str, int]:
    """What the groups table shows: group key -> its customer count."""
    table = screen.query_one("#groups", DataTable)
    return {
        str(row_key.value): int(str(table.get_cell(row_key, "customers")).replace(",", ""))
        for row_key in table.rows
    }


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def open_tiers(app: XiaobenApp, pilot: Pilot[None]) -> TiersScreen:
    await pilot.press("f3")
    await settle(pilot)
    assert isinstance(app.screen, TiersScreen)
    return app.screen


async def open_rules(app: XiaobenApp, pilot: Pilot[None]) -> RulesScreen:
    await pilot.press("f4")
    await settle(pilot)
    assert isinstance(app.screen, RulesScreen)
    return app.screen


async def retype(pilot: Pilot[None], text: str) -> None:
    """Replace the focused input's text, as a seller would: end, erase, type."""
    await pilot.press("end", *["backspace"] * 8, *text)


# ---- tier lists ----------------------------------------------------------------------


def test_value_tier_groups_add_up_to_the_buyers(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_tiers(app, pilot)
        counts = group_counts(screen)
        assert list(counts) == ["A", "B", "C", "D"]
        assert sum(counts.values()) == buyers(app)
        stored_a = scalar(app, "SELECT count(*) FROM tiers WHERE value_tier = 'A'")
        assert counts["A"] == stored_a
        assert screen.group_key == "A"
        assert len(screen.query_one("#members", DataTable).rows) == stored_a

    run(app_factory("en"), scenario)


def test_keys_switch_lens_and_everyone_has_a_stage_and_role(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_tiers(app, pilot)
        await pilot.press("4")
        await settle(pilot)
        assert screen.lens == "stage"
        assert sum(group_counts(screen).values()) == customers(app)
        await pilot.press("5")
        await settle(pilot)
        assert list(group_counts(screen)) == ["fan", "customer", "audience"]
        assert sum(group_counts(screen).values()) == customers(app)
        await pilot.press("6")
        await settle(pilot)
        assert sum(group_counts(screen).values()) == buyers(app)

    run(app_factory("zh"), scenario)


def test_rfm_lens_shows_the_grid_of_every_buyer(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_tiers(app, pilot)
        assert not screen.query_one("#grid").display
        await pilot.press("2")
        await settle(pilot)
        assert screen.lens == "rfm_segment"
        assert screen.query_one("#grid").display
        assert sum(cell.customers for row in screen._grid for cell in row) == buyers(app)
        assert "R5" in text_of(screen, "#grid") and "F5" in text_of(screen, "#grid")
        assert sum(group_counts(screen).values()) == buyers(app)
        assert "Strategy" in text_of(screen, "#strategy")

    run(app_factory("en"), scenario)


def test_moving_through_groups_shows_their_members_and_strategy(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_tiers(app, pilot)
        await pilot.press("down")
        await settle(pilot)
        assert screen.group_key == "B"
        stored_b = scalar(app, "SELECT count(*) FROM tiers WHERE value_tier = 'B'")
        assert len(screen.query_one("#members", DataTable).rows) == stored_b
        assert "培育" in text_of(screen, "#strategy")
        assert f"{stored_b} 位客户" in text_of(screen, "#members-title")

    run(app_factory("zh"), scenario)


def test_enter_on_a_member_opens_the_customer(
    app_factory: Callable[..., XiaobenApp], monkeypatch: Any
) -> None:
    opened: list[int] = []

    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        monkeypatch.setattr(app, "action_open_customer", lambda id, known=None: opened.append(id))
        screen = await open_tiers(app, pilot)
        await pilot.press("enter")  # from the groups into the members
        assert screen.focused is screen.query_one("#members", DataTable)
        await pilot.press("down", "enter")
        top_two = [
            row[0]
            for row in app.book.conn.execute(
                "SELECT customer_id FROM tiers WHERE value_tier = 'A'"
                " ORDER BY score DESC, customer_id LIMIT 2"
            )
        ]
        assert opened == [top_two[1]]

    run(app_factory("en"), scenario)


def test_escape_goes_back_from_the_tier_lists(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_tiers(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TiersScreen)

    run(app_factory("en"), scenario)


# ---- rules ---------------------------------------------------------------------------


def test_higher_a_cut_previews_moves_then_applies(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        before_a = scalar(app, "SELECT count(*) FROM tiers WHERE value_tier = 'A'")
        screen = await open_rules(app, pilot)
        assert screen.focused is screen.query_one("#in-a_cut_percent", Input)
        await retype(pilot, "90")
        await pilot.press("ctrl+o")
        await settle(pilot)
        preview = text_of(screen, "#preview")
        assert "would move" in preview and "B→A" in preview
        assert app.book.rules().a_cut_percent == Decimal(80)  # nothing applied yet

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.book.rules().a_cut_percent == Decimal(90)
        assert any("New rules applied" in str(n.message) for n in app._notifications)
        assert not screen.is_dirty()

        tiers = await open_tiers(app, pilot)
        after_a = scalar(app, "SELECT count(*) FROM tiers WHERE value_tier = 'A'")
        assert after_a > before_a
        assert group_counts(tiers)["A"] == after_a

    run(app_factory("en"), scenario)


def test_preview_runs_by_itself_after_a_pause(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_rules(app, pilot)
        assert "规则与当前一致" in text_of(screen, "#preview")
        await retype(pilot, "90")
        await pilot.pause(1.0)
        await settle(pilot)
        assert "B→A" in text_of(screen, "#preview")

    run(app_factory("zh"), scenario)


def test_b_cut_below_a_cut_is_refused_beside_the_field(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_rules(app, pilot)
        await pilot.press("tab")
        await retype(pilot, "70")
        await pilot.pause()
        assert "B 线不能低于 A 线" in text_of(screen, "#err-b_cut_percent")
        assert screen.query_one("#err-b_cut_percent").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.book.rules() == Rules()
        assert "先改正" in text_of(screen, "#preview")

    run(app_factory("zh"), scenario)


def test_words_and_out_of_range_numbers_are_named(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_rules(app, pilot)
        screen.query_one("#in-lapse_days", Input).value = "soon"
        screen.query_one("#in-loyalty_f_score", Input).value = "9"
        screen.query_one("#in-weights-value", Input).value = "-1"
        await pilot.pause()
        lapse = text_of(screen, "#err-lapse_days")
        assert lapse.startswith("Lapse days: must be a whole number") and "soon" in lapse
        assert "at most 5" in text_of(screen, "#err-loyalty_f_score")
        assert "at least 0" in text_of(screen, "#err-weights-value")
        assert not screen.query_one("#err-a_cut_percent").display

    run(app_factory("en"), scenario)


def test_escape_with_unapplied_changes_asks_first(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await open_rules(app, pilot)
        await retype(pilot, "85")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RulesScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, RulesScreen | ConfirmDialog)
        assert app.book.rules() == Rules()

    run(app_factory("en"), scenario)


def test_reset_fills_in_the_defaults_after_asking(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.book.set_rules(Rules(a_cut_percent=Decimal(70), lapse_days=90))
        screen = await open_rules(app, pilot)
        a_cut = screen.query_one("#in-a_cut_percent", Input)
        assert a_cut.value == "70"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert a_cut.value == "80"
        assert screen.query_one("#in-lapse_days", Input).value == "180"
        assert screen.is_dirty()
        assert app.book.rules().a_cut_percent == Decimal(70)  # applied only by ctrl+s

    run(app_factory("en"), scenario)


def test_tier_names_show_on_the_tier_lists(app_factory: Callable[..., XiaobenApp]) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_rules(app, pilot)
        screen.query_one("#in-tier_names-A", Input).value = "钻石"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.book.rules().tier_names == {"A": "钻石"}
        tiers = await open_tiers(app, pilot)
        table = tiers.query_one("#groups", DataTable)
        assert str(table.get_cell("A", "group")) == "钻石"

    run(app_factory("zh"), scenario)


def test_dormant_customers_are_listed_in_the_tier_lists_not_the_queue(
    app_factory: Callable[..., XiaobenApp],
) -> None:
    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_tiers(app, pilot)
        await pilot.press("7")
        await settle(pilot)
        assert screen.lens == "lapse"
        counts = group_counts(screen)
        assert list(counts) == ["dormant", "win_back", "active"]
        assert sum(counts.values()) == customers(app)
        dormant = app.book.dormant_ids().tolist()
        assert counts["dormant"] == len(dormant) > 0
        assert screen.group_key == "dormant"
        members = screen.query_one("#members", DataTable)
        assert sorted(int(str(key.value)) for key in members.rows) == dormant
        queue = app.book.queue(days=14)
        queued = set(queue.customer_id[queue.reason != 0].tolist())  # reminders stay
        assert not queued & set(dormant)

    run(app_factory("en"), scenario)


def test_keys_typed_while_the_rules_are_applied_wait_for_the_apply(
    app_factory: Callable[..., XiaobenApp], book_path: Path
) -> None:
    """ctrl+s while another program writes the book: Esc and another screen's key would
    have asked to discard the rules being written; they wait until the rules are applied,
    then go on (Esc leaves the rules, f2 shows the list). ctrl+q says the rules are being
    applied and stays."""

    async def scenario(app: XiaobenApp, pilot: Pilot[None]) -> None:
        screen = await open_rules(app, pilot)
        told = collect_notices(app)
        with another_writer(book_path) as other:
            await retype(pilot, "90")
            await pilot.press("ctrl+s")
            await pilot.pause(0.2)
            assert app.screen is screen
            await keys_stay(app, pilot, ("escape", "f2", "ctrl+q"))
            assert sum("Applying the rules:" in said for said in told) == 1, told  # ctrl+q
            other.execute("COMMIT")
        await settle(pilot)
        assert app.book.rules().a_cut_percent == Decimal(90)
        assert screen not in app.screen_stack, (told, [str(n.message) for n in app._notifications])
        assert isinstance(app.screen, CustomersScreen)

    run(app_factory("en"), scenario)
