"""The passphrase prompt of an encrypted book: a masked field before the book opens, a
wrong passphrase said and asked again, the text cleared; then the app on the encrypted
book reads its list, overview and pages like a plain one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual import events
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, Static

from tests.tui.pilot import post_in_one_read, run, settle, today
from xiaoben.cli import main as main_module
from xiaoben.models import i18n
from xiaoben.models.i18n import t
from xiaoben.models.line_breaks import NO_LINE_START
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp, make_app, opener
from xiaoben.tui.settings import Settings, load_settings
from xiaoben.tui.unlock import UnlockApp
from xiaoben.tui.widgets.customer_table import CustomerTable
from xiaoben.tui.widgets.inputs import TextBox

PASSPHRASE = "芝麻开门"


@pytest.fixture
def locked_path(book_path: Path) -> Path:
    """The small book (no longer the demo's: the demo stays plain), encrypted."""
    with Book.open(book_path, today=today) as book:
        book.conn.execute("DELETE FROM meta WHERE key = 'demo'")
        book.change_passphrase(PASSPHRASE)
    return book_path


def unlock_app(path: Path) -> UnlockApp:
    return UnlockApp(path, opener(path, today))


async def submit(app: UnlockApp, pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    field = app.query_one("#passphrase", TextBox)
    field.focus()
    await pilot.press(*text)
    await pilot.press("enter")
    for _ in range(400):  # the key's derivation takes a moment: until asked again, or done
        await pilot.pause(0.05)
        if not field.disabled or app.return_value is not None:
            return
    raise AssertionError("the prompt never answered")


def test_a_wrong_passphrase_is_said_and_asked_again_then_the_book_opens(locked_path: Path) -> None:
    app = unlock_app(locked_path)

    async def story() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            field = app.query_one("#passphrase", TextBox)
            assert field.password
            await submit(app, pilot, "wrong")
            error = str(app.query_one("#unlock-error", Static).render())
            assert "口令打不开" in error and locked_path.name in error
            assert field.value == "" and not field.disabled and field.has_focus
            assert app.is_running
            await submit(app, pilot, "芝麻开门")

    asyncio.run(story())
    book = app.return_value
    assert isinstance(book, Book)
    try:
        assert book.encrypted and book.verifies_passphrase(PASSPHRASE)
    finally:
        book.close()


def test_quitting_at_the_prompt_opens_nothing(locked_path: Path) -> None:
    app = unlock_app(locked_path)

    async def story() -> None:
        async with app.run_test() as pilot:
            await pilot.press("ctrl+q")

    asyncio.run(story())
    assert app.return_value is None


def test_the_prompt_snapshot(snap_compare: Callable, locked_path: Path) -> None:
    async def typed(pilot) -> None:  # type: ignore[no-untyped-def]
        field = pilot.app.query_one("#passphrase", TextBox)
        field.cursor_blink = False
        await pilot.press(*"secret")
        await pilot.pause()

    assert snap_compare(unlock_app(locked_path), terminal_size=(80, 16), run_before=typed)


def test_the_app_reads_an_encrypted_book_like_a_plain_one(locked_path: Path) -> None:
    app = make_app(
        locked_path, today=today, settings=Settings(language="en"), passphrase=PASSPHRASE
    )

    async def story(app: XiaobenApp, pilot) -> None:  # type: ignore[no-untyped-def]
        table = app.screen.query_one(CustomerTable)
        assert table.row_at(0) is not None  # the list's own reader, under the key
        await pilot.press("f8")  # the overview's pool of readers
        await settle(pilot)
        assert type(app.screen).__name__ == "OverviewScreen"

    try:
        run(app, story)
    finally:
        app.book.close()


class TypedWhileLoading(UnlockApp):
    """The prompt with the passphrase and Enter typed while the app is still loading: the
    keys are in the app's queue before its widgets are mounted or anything has the focus."""

    def compose(self):  # type: ignore[no-untyped-def]
        for key in (*PASSPHRASE, "enter"):
            self.post_message(events.Key(key, key if len(key) == 1 else None))
        yield from super().compose()


def test_a_passphrase_typed_while_the_prompt_loads_is_not_dropped(locked_path: Path) -> None:
    app = TypedWhileLoading(locked_path, opener(locked_path, today))

    async def story() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            for _ in range(400):  # the key's derivation takes a moment
                await pilot.pause(0.05)
                if app.return_value is not None:
                    break
            assert isinstance(app.return_value, Book)

    asyncio.run(story())
    assert isinstance(app.return_value, Book)
    app.return_value.close()


def test_the_prompt_speaks_the_language_of_lang(
    locked_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`xiaoben --lang zh` on an encrypted book: the prompt and its answers in Chinese, even
    where the environment says English."""
    monkeypatch.setenv("XIAOBEN_LANG", "en")
    monkeypatch.setattr(main_module, "_interactive", lambda: True)
    seen: list[str] = []

    def quit_at_once(app: UnlockApp) -> None:
        seen.extend([t("unlock.ask"), str(app.title)])
        return None

    monkeypatch.setattr(UnlockApp, "run", quit_at_once)
    monkeypatch.setattr(i18n, "_current", i18n._current)  # the language is put back after
    result = CliRunner().invoke(main_module.main, ["--db", str(locked_path), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert seen == ["请输入口令，按回车打开（ctrl+q 退出）", "小本 · 加密账本"]


def test_the_prompts_palette_speaks_the_sellers_language(locked_path: Path) -> None:
    """Textual's own palette commands (Theme, Keys, Screenshot …) on the passphrase prompt
    too: they stayed English under zh."""
    app = UnlockApp(locked_path, opener(locked_path, today), Settings(language="zh"))

    async def story() -> None:
        async with app.run_test(size=(100, 32)):
            commands = list(app.get_system_commands(app.screen))
            assert {command.title for command in commands} >= {"配色", "按键说明", "截屏"}
            assert not {"Theme", "Keys", "Screenshot"} & {command.title for command in commands}

    asyncio.run(story())


def test_f6_on_the_prompt_switches_the_language_and_the_app_keeps_it(
    locked_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F6 switched the language everywhere but on the passphrase prompt, where it did
    nothing: now the prompt (and a refusal already said) turns to the other language, and
    the choice is remembered for the app that follows."""
    monkeypatch.setenv("XIAOBEN_CONFIG", str(tmp_path / "settings.json"))
    monkeypatch.setattr(i18n, "_current", i18n._current)  # the language is put back after
    app = UnlockApp(locked_path, opener(locked_path, today), Settings(language="zh"))

    async def story() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            await submit(app, pilot, "wrong")
            await pilot.press("f6")
            await pilot.pause()
            assert str(app.query_one("#unlock-ask", Static).render()) == t("unlock.ask")
            assert "Enter" in t("unlock.ask") and str(app.title) == t("unlock.title")
            assert app.query_one("#passphrase", TextBox).placeholder == t("unlock.placeholder")
            error = str(app.query_one("#unlock-error", Static).render())
            assert error and "口令" not in error
            await pilot.press("f6")
            await pilot.pause()
            assert str(app.query_one("#unlock-ask", Static).render()).startswith("请输入口令")
            await pilot.press("f6")
            await pilot.press("ctrl+q")

    asyncio.run(story())
    assert app.settings.language == "en"
    assert load_settings().language == "en"


async def until_opened(app: UnlockApp, pilot) -> None:  # type: ignore[no-untyped-def]
    field = app.query_one("#passphrase", TextBox)
    for _ in range(400):  # the key's derivation takes a moment: until asked again, or done
        await pilot.pause(0.05)
        if app.return_value is not None or (not field.disabled and not app.is_running):
            return
        if str(app.query_one("#unlock-error", Static).render()).startswith("口令打不开"):
            return


@pytest.mark.parametrize("after", [["w"], ["slash", *"wangfang"], ["f5"]])
def test_keys_typed_right_after_enter_never_reach_the_passphrase(
    locked_path: Path, after: list[str]
) -> None:
    """The seller types on at once after Enter (one terminal read brings it all): the
    passphrase is what came before Enter, the later keys are kept for the app."""
    app = unlock_app(locked_path)

    async def story() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            app.query_one("#passphrase", TextBox).focus()
            post_in_one_read(app, *PASSPHRASE, "enter", *after)
            await until_opened(app, pilot)
            assert "口令打不开" not in str(app.query_one("#unlock-error", Static).render())

    asyncio.run(story())
    assert isinstance(app.return_value, Book)
    app.return_value.close()
    assert [event.key for event in app.typed_ahead] == after


def test_a_wrong_passphrase_drops_the_keys_typed_after_its_enter(locked_path: Path) -> None:
    """Typed for the app that did not open: never typed into the prompt asked again."""
    app = unlock_app(locked_path)

    async def story() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            field = app.query_one("#passphrase", TextBox)
            field.focus()
            post_in_one_read(app, *"wrong", "enter", "w")
            await until_opened(app, pilot)
            await pilot.pause(0.1)
            assert field.value == "" and not field.disabled
            assert app.typed_ahead == []
            await submit(app, pilot, PASSPHRASE)

    asyncio.run(story())
    assert isinstance(app.return_value, Book)
    app.return_value.close()


@pytest.mark.parametrize(
    ("typed", "screen"), [(["f5"], "QueueScreen"), (["slash", *"wangfang"], "CustomersScreen")]
)
def test_keys_typed_at_the_prompt_after_enter_apply_once_the_book_is_open(
    locked_path: Path, typed: list[str], screen: str
) -> None:
    ahead = [events.Key(key, key if len(key) == 1 else None) for key in typed]
    app = make_app(
        locked_path, today=today, settings=Settings(language="en"), passphrase=PASSPHRASE
    )
    app.type_ahead(ahead)

    async def story(app: XiaobenApp, pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        assert type(app.screen).__name__ == screen
        if screen == "CustomersScreen":
            assert app.screen.query_one("#list-search", Input).value == "wangfang"

    try:
        run(app, story)
    finally:
        app.book.close()


def shown_lines(widget: Widget) -> list[str]:
    """The lines a widget shows, as the terminal has them."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text.strip() for strip in widget.render_lines(region)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrong_passphrase_wraps_by_the_chinese_rules_and_names_the_file(
    locked_path: Path, lang: str
) -> None:
    """80×24, a long file name: no line of the message starts with "；" (README: wrapped
    Chinese text never starts a line with ，。、；：！？）」), and the message names the file
    as the line above it does, not its whole path."""
    named = locked_path.with_name("shop-customers-2026-backup-1.db")
    locked_path.rename(named)
    app = UnlockApp(named, opener(named, today), Settings(language=lang))

    async def story() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await submit(app, pilot, "wrong")
            error = app.query_one("#unlock-error", Static)
            lines = [line for line in shown_lines(error) if line]
            assert len(lines) > 1, lines  # it wraps at this width
            assert not any(line[0] in NO_LINE_START for line in lines), lines
            assert named.name in "".join(lines) and str(named.parent) not in "".join(lines)

    asyncio.run(story())
