"""Keys that mean one thing: on every screen, at 80×24 in both languages, each key the
footer lists runs an action that screen has and allows, the footer fits the width, and
f5 opens the follow-up queue."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tests.tui.pilot import buyer, run, settle
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.screens.queue import QueueScreen
from xiaoben.tui.widgets.inputs import TextBox
from xiaoben.tui.widgets.keys_footer import KeysFooter

NARROW = (80, 24)


async def _customers(app: XiaobenApp, pilot: Pilot[None]) -> None:
    return None


async def _customer(app: XiaobenApp, pilot: Pilot[None]) -> None:
    app.action_open_customer(buyer(app, "A"))


async def _profile(app: XiaobenApp, pilot: Pilot[None]) -> None:
    app.action_edit_customer(buyer(app, "B"))


def _key(name: str) -> Callable[[XiaobenApp, Pilot[None]], object]:
    async def press(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press(name)

    return press


SCREENS = {
    "customers": _customers,
    "customer": _customer,
    "profile": _profile,
    "tiers": _key("f3"),
    "rules": _key("f4"),
    "queue": _key("f5"),
    "overview": _key("f8"),
    "import": _key("f9"),
    "fields": _key("f10"),
}


def footer_problems(app: XiaobenApp) -> list[str]:
    """What is wrong with the footer on screen: a key cut or off the edge, or a key listed
    that runs nothing here."""
    screen = app.screen
    problems = []
    footer = screen.query_one(KeysFooter)
    palette = [item.region.x for item in footer.query(".-command-palette")]
    edge = min([app.size.width, *palette])
    for item in footer.query(FooterKey):
        right = app.size.width if item.has_class("-command-palette") else edge
        if item.region.right > right or item.region.width < len(item.key_display):
            problems.append(f"{item.key} is cut ({item.region})")
        found = screen.active_bindings.get(item.key)
        if found is None:
            problems.append(f"{item.key} is listed but bound to nothing")
            continue
        node, binding, enabled, _tooltip = found
        target, action, parameters = app._parse_action(binding.action, node)
        if getattr(target, f"action_{action}", None) is None:
            problems.append(f"{item.key} runs {binding.action}, which {target} does not have")
        elif not enabled or target.check_action(action, parameters) is False:
            problems.append(f"{item.key} is listed though {action} is not allowed here")
    return problems


@pytest.mark.long
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_footer_key_works_on_its_screen_and_f5_is_the_queue(
    app_factory: Callable[..., XiaobenApp], lang: str
) -> None:
    async def body(app: XiaobenApp, pilot: Pilot[None]) -> None:
        for name, reach in SCREENS.items():
            await reach(app, pilot)
            await settle(pilot)
            shown = type(app.screen).__name__
            assert not footer_problems(app), (name, shown, footer_problems(app))
            assert len(app.screen.query_one(KeysFooter).query(FooterKey)) >= 4, name
            if name != "queue":
                await pilot.press("f5")
                await settle(pilot)
                assert isinstance(app.screen, QueueScreen), name
            app.action_show_customers()
            await settle(pilot)

    run(app_factory(lang), body, size=NARROW)


class _KeysApp(App[None]):
    """Two fields of the same keys and one of its own key, over the app's footer."""

    def compose(self) -> ComposeResult:
        yield TextBox("", id="first")
        yield TextBox("", id="second")
        yield _OwnKey(id="own")
        yield KeysFooter()


class _OwnKey(Widget, can_focus=True):
    BINDINGS = [Binding("x", "noted", "Own key")]

    def action_noted(self) -> None:
        return None


def test_the_footer_is_made_again_only_when_its_keys_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tab from field to field of the same keys makes no new footer (it was a fifth of a
    Tab's time in the profile form); a field with a key of its own shows it, and Tab away
    takes it off."""
    composed: list[int] = []
    compose = KeysFooter.compose

    def counted(footer: KeysFooter) -> ComposeResult:
        composed.append(1)
        return compose(footer)

    monkeypatch.setattr(KeysFooter, "compose", counted)

    def shown(app: App[None]) -> list[str]:
        return [key.description for key in app.query(FooterKey)]

    async def body() -> None:
        app = _KeysApp()
        async with app.run_test(size=(80, 10)) as pilot:
            app.query_one("#first").focus()
            await pilot.pause()
            before = len(composed)
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is app.query_one("#second")
            assert len(composed) == before  # the same keys: the same footer
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is app.query_one("#own")
            assert "Own key" in shown(app) and len(composed) > before
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is app.query_one("#first")
            assert "Own key" not in shown(app)

    asyncio.run(body())
