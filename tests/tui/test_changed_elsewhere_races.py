"""Another window or the CLI changes a customer while a window of hers is open here: the
outside race tester's findings 4 to 7 (merged or forgotten meanwhile, z z after a merge)."""

from __future__ import annotations

import time
from pathlib import Path

from textual.pilot import Pilot

from tests.tui.pilot import run, settle
from tests.tui.test_merge_screen import add_twin, open_merge_from_page
from xiaoben.models.customer import Customer
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.i18n import label
from xiaoben.tui.messages import BookChanged
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.widgets.entry_modals import PurchaseModal


def notices(app: XiaobenApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


async def until(pilot: Pilot, done, seconds: float = 5.0) -> None:
    """Pause until `done()` (the app follows a change made elsewhere in its own time)."""
    for _ in range(int(seconds / 0.02)):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the app never got there: {pilot.app.screen_stack}")


def test_enter_just_after_her_page_closed_by_itself_opens_no_one(
    app_factory, book_path: Path
) -> None:
    """Her purchase dialog open, she is forgotten elsewhere: the page and the dialog close
    to the list. The seller's Enter, typed in the moment after (to save the purchase), is
    dropped, said so, where it opened the list's top customer (race tester's finding 7)."""
    _, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.action_open_customer(twin)
        await settle(pilot)
        await pilot.press("p", *"12")
        await settle(pilot)
        assert isinstance(app.screen, PurchaseModal)
        app.book.forget_customer(twin)  # as another window or the CLI would
        app.post_message(BookChanged())
        await until(pilot, lambda: isinstance(app.screen, CustomersScreen))
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CustomersScreen), app.screen_stack
        said = notices(app)
        assert said.count(label("page.gone")) == 1, said
        assert label("page.gone_keys") in said, said

    run(app_factory(lang="en"), body)


def test_z_z_just_after_a_merge_undoes_it_once_and_then_says_nothing_is_left(
    app_factory, book_path: Path, monkeypatch
) -> None:
    """z z typed quickly after a merge on her page: the first undoes the merge, and the
    second said "Undo merge 1 …?" for the merge already undone, its yes refused (race
    tester's finding 6). It waits for the undo and says there is no merge to undo."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        count = app.book.customer_count()
        await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert app.book.customer_count() == count - 1
        undo = app.book.undo_merge

        def slow_undo(token: int) -> tuple[Customer, Customer]:
            time.sleep(0.5)  # a merge of many records takes seconds to undo
            return undo(token)

        monkeypatch.setattr(app.book, "undo_merge", slow_undo)
        await pilot.press("z", "z")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen), app.screen_stack
        assert app.book.customer_count() == count
        assert label("merge.nothing_to_undo") in notices(app), notices(app)

    run(app_factory(lang="en"), body)
