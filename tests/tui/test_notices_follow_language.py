"""Notices follow a language switch as every other label does: those in view are said
again in the new language, and one made just before the switch is shown in it (the second
race tester's finding F: after `z F6 z`, "Merge undone" stayed in English on the Chinese
screen)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets._toast import Toast

from tests.tui.pilot import SIZE, settle
from tests.tui.test_merge_screen import add_twin, open_merge_from_page
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import t
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.failures import tell_failure
from xiaoben.tui.i18n import saying
from xiaoben.tui.presenting import customer_label
from xiaoben.tui.screens.customer import CustomerScreen


def shown(app: XiaobenApp) -> list[str]:
    """The notices drawn on the screen now."""
    return [str(toast._notification.message) for toast in app.screen.query(Toast)]


def run_with_notices(app: XiaobenApp, story) -> None:  # (run_test hides them by default)
    async def inner() -> None:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await story(app, pilot)

    asyncio.run(inner())


def test_merge_undone_then_f6_shows_the_notice_in_chinese(app_factory, book_path: Path) -> None:
    """z (the merge undone, said in English), F6, z: every notice still in view is Chinese,
    "Merge undone" too, where it stayed English beside 没有可撤销的合并."""
    original, twin = add_twin(book_path)

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        survivor, absorbed = (app.book.get_customer(c) for c in (original, twin))
        undone = {"survivor": customer_label(survivor), "absorbed": customer_label(absorbed)}
        assert t("merge.undone", "en", **undone) in shown(app)
        await pilot.press("f6", "z")
        await settle(pilot)
        now = shown(app)
        assert t("merge.undone", "zh", **undone) in now, now
        assert t("merge.nothing_to_undo", "zh") in now, now
        assert not any(line.isascii() for line in now), now

    run_with_notices(app_factory(lang="en"), story)


def test_a_notice_made_just_before_the_switch_is_shown_in_the_new_language(
    app_factory, book_path: Path
) -> None:
    """A notice made as F6 switches (a worker's, an undo's end) is shown after the switch:
    in the new language, not the one of the moment it was made."""
    original, twin = add_twin(book_path)

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        app.action_open_customer(original)
        await settle(pilot)
        merge = app.book.merge_customers(original, twin)
        survivor, absorbed = app.book.undo_merge(merge.token)
        undone = {"survivor": customer_label(survivor), "absorbed": customer_label(absorbed)}
        app.screen.notify(saying("merge.undone", **undone), markup=False)  # said in English
        app.action_toggle_language()  # F6 in the same turn, before the notice is shown
        await settle(pilot)
        assert t("merge.undone", "zh", **undone) in shown(app), shown(app)

    run_with_notices(app_factory(lang="en"), story)


def test_the_english_dropped_keys_notice_calls_no_customer_she() -> None:
    """It said "(she was forgotten elsewhere)" of every customer, men too."""
    for words in (t("page.gone_keys", "en"), t("page.gone_keys_named", "en", who="Li Lei (C7)")):
        assert not {"she", "her", "hers"} & set(words.replace("(", " ").split()), words


def test_a_refusal_in_view_is_said_again_after_the_switch(app_factory) -> None:
    """A refusal's notice (the book's words around its detail) follows F6 too."""

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        refused = BookError("store.bulk_gone")
        tell_failure(app.screen, refused, "queue.failed")
        await settle(pilot)
        assert t("queue.failed", "en", detail=refused.message("en")) in shown(app)
        await pilot.press("f6")
        await settle(pilot)
        assert t("queue.failed", "zh", detail=refused.message("zh")) in shown(app), shown(app)

    run_with_notices(app_factory(lang="en"), story)
