"""Textual's own words the seller sees speak the seller's language: the palette's system
commands (Theme, Keys, Screenshot …), the keys its screens and scrolling containers add to
the Keys panel (Scroll Left, Focus Next …) and its screenshot notices. They stayed English
under zh (an outside tester's finding)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import textual
from textual.app import App
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Select, Static

from tests.tui.pilot import run, settle
from xiaoben.models.i18n import set_language
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.i18n import label, textual_notice
from xiaoben.tui.labels import register_labels

# Textual's own tools (its markup playground, its demo), never shown in the app
_NOT_SHOWN = {"textual.__main__", "textual._markup_playground", "textual.demo"}


def _textual_classes() -> set[type]:
    """Every class of every module of Textual: its widgets' inner parts too, which
    textual.widgets does not export (the Select's SelectOverlay, whose "Dismiss menu" the
    footer showed in English while a dropdown was open: a walk of textual.widgets alone
    missed it)."""
    classes: set[type] = {App, Screen, ModalScreen}
    for found in pkgutil.walk_packages(textual.__path__, "textual."):
        if found.name in _NOT_SHOWN or any(
            part.startswith("_win") for part in found.name.split(".")
        ):
            continue  # nothing of these is shown (Windows' drivers, Textual's own tools)
        try:
            module = importlib.import_module(found.name)
        except ImportError:  # an optional part whose library is not installed
            continue
        classes |= {value for _, value in inspect.getmembers(module, inspect.isclass)}
    return classes


def test_the_walk_finds_the_inner_parts_of_textuals_widgets() -> None:
    from textual.widgets._select import SelectOverlay

    assert SelectOverlay in _textual_classes()


def _textual_descriptions() -> set[str]:
    """Every key description Textual's app, screens, containers and widgets declare."""
    classes = _textual_classes()
    found = set()
    for cls in classes:
        for klass in cls.__mro__:
            for binding in vars(klass).get("BINDINGS", []):
                description = binding.description if isinstance(binding, Binding) else None
                if isinstance(binding, tuple) and len(binding) > 2:
                    description = binding[2]
                if description:
                    found.add(description)
    return found


def _chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_every_key_textual_declares_has_chinese_words() -> None:
    register_labels()
    set_language("zh")
    try:
        untranslated = sorted(text for text in _textual_descriptions() if not _chinese(label(text)))
    finally:
        set_language("en")
    assert untranslated == []
    assert label("Scroll Left") == "Scroll Left"  # in English, as Textual says it


def test_the_screenshot_notices_are_said_in_the_sellers_words() -> None:
    register_labels()
    set_language("zh")
    try:
        assert textual_notice("Failed to save screenshot") == "截屏没能保存"
        assert textual_notice("Saved screenshot to '/tmp/a.svg'") == "截屏已保存到 '/tmp/a.svg'"
        assert textual_notice("已保存") == "已保存"  # ours, as it is
    finally:
        set_language("en")


def test_the_palette_and_the_keys_panel_speak_chinese(app_factory) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        commands = list(app.get_system_commands(app.screen))
        assert {command.title for command in commands} >= {"配色", "按键说明", "截屏"}
        assert all(_chinese(command.title) and _chinese(command.help) for command in commands)
        scroll = VerticalScroll(Static("\n".join(map(str, range(200)))))
        await app.screen.mount(scroll)
        scroll.focus()
        await settle(pilot)
        shown = [active.binding.description for active in app.screen.active_bindings.values()]
        assert "向左滚动" in shown
        assert not {"Scroll Left", "Focus Next", "Copy selected text"} & set(shown)

    run(app, story)


def test_ctrl_c_says_how_to_quit_in_the_sellers_language(app_factory) -> None:
    """Ctrl+C (a reflex to quit) in the half-typed new-customer form: Textual's notice
    "Do you want to quit? Press ctrl+q to quit the app" was in English in the Chinese
    app. Said from our catalogue, in zh and after F6 in en; nothing is quit."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"林小", "ctrl+c")
        await settle(pilot)
        (notice,) = app._notifications
        assert (notice.title, notice.message) == ("要退出吗？", "按 ctrl+q 退出小本")
        app.clear_notifications()
        await pilot.press("f6")
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("ctrl+c")
        await settle(pilot)
        (notice,) = app._notifications
        assert (notice.title, notice.message) == ("Quit?", "Press ctrl+q to quit xiaoben")
        assert app.is_running

    run(app, story)


def test_an_open_dropdown_of_the_import_screen_says_its_key_in_chinese(app_factory) -> None:
    """A Select opened on the Import screen: the footer read "esc Dismiss menu", the key of
    Textual's SelectOverlay, which textual.widgets does not export."""
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f9")
        await settle(pilot)
        select = app.screen.query_one("#import-on-duplicate", Select)
        select.focus()
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert select.expanded
        shown = [active.binding.description for active in app.screen.active_bindings.values()]
        assert "关闭下拉菜单" in shown
        assert not {"Dismiss menu", "Show menu"} & set(shown)

    run(app, story)
