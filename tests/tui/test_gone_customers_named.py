"""A customer merged or forgotten elsewhere (another window, the CLI) while a screen here
still shows her: every message that she is gone names her as the screen showed her (name
and code, or her name alone), never "this customer" nor her number in the book (the second
race tester's finding E). The app is kept from seeing the other process's write until the
seller's key (Book.look_for_other_writers stubbed), as in the moment before it looks."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.pilot import run, settle, today
from tests.tui.test_changed_elsewhere_races import until
from tests.tui.test_merge_screen import add_twin
from xiaoben.models.followup import FollowUp
from xiaoben.models.i18n import t
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.messages import BookChanged
from xiaoben.tui.presenting import customer_label
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.duplicates import DuplicatesScreen
from xiaoben.tui.screens.queue import QueueScreen
from xiaoben.tui.widgets.entry_modals import PurchaseModal
from xiaoben.tui.widgets.queue_table import QueueTable


@pytest.fixture(autouse=True)
def unseen_other_writers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Book, "look_for_other_writers", lambda self: False)


def notices(app: XiaobenApp) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


def elsewhere(book_path: Path, forget: int | None = None, merge: tuple[int, int] = ()) -> None:
    """Another process forgets `forget`, or merges merge[1] into merge[0]."""
    with Book.open(book_path, today=today) as other:
        if forget is not None:
            other.forget_customer(forget)
        else:
            other.merge_customers(*merge)


def queued(item: FollowUp) -> str:
    """Her label as the queue shows her: name (code), or her name alone (never "#12")."""
    key = item.customer_key
    return item.name if key.startswith("#") else f"{item.name} ({key})"


def gone_named(who: str) -> str:
    return t("store.customer_gone_named", "en", who=who)


def test_done_on_a_queue_item_whose_customer_was_forgotten_elsewhere_names_her(
    app_factory, book_path: Path
) -> None:
    """D on her item said "not in the follow-up queue: 12:reminder:1": her number in the
    book and the item's inner key."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("f5")
        await settle(pilot)
        item = app.screen.query_one(QueueTable).highlighted
        assert isinstance(app.screen, QueueScreen) and item is not None
        elsewhere(book_path, forget=item.customer_id)
        await pilot.press("D")
        await settle(pilot)
        said = notices(app)
        assert gone_named(queued(item)) in said, said
        assert not any(item.key in line for line in said), said

    run(app_factory(lang="en"), body)


def test_a_queue_item_opened_after_its_customer_was_forgotten_names_her_as_it_closes(
    app_factory, book_path: Path
) -> None:
    """Enter on her item opened a page that closed saying "This customer is no longer in
    the book": the page never read her, and the queue had named her."""

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("f5")
        await settle(pilot)
        item = app.screen.query_one(QueueTable).highlighted
        assert item is not None
        elsewhere(book_path, forget=item.customer_id)
        await pilot.press("enter")
        closed = t("page.gone_named", "en", who=queued(item))
        await until(pilot, lambda: closed in notices(app))  # (the page's read failed: no settle)
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))

    run(app_factory(lang="en"), body)


def test_not_the_same_person_after_one_of_the_pair_was_forgotten_names_her(
    app_factory, book_path: Path
) -> None:
    """d on a pair one of whom was forgotten elsewhere said the pair would not be listed
    again, as if dismissed: it is refused, naming her as the pair listed her."""
    add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("D")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen) and screen.pairs
        pair = screen.pairs[0]
        elsewhere(book_path, forget=pair.second.id)
        await pilot.press("d")
        await settle(pilot)
        said = notices(app)
        assert gone_named(customer_label(pair.second, by_id=False)) in said, said
        assert app.book.dismissed_duplicates() == []

    run(app_factory(lang="en"), body)


def test_archive_answered_after_she_was_merged_elsewhere_names_her(
    app_factory, book_path: Path
) -> None:
    """a on her page, and she is merged into another elsewhere while the question is open
    (the page behind it follows her to the survivor); y: the refusal said "this customer is
    no longer in the book", over the survivor's page."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.book.save_customer(app.book.get_customer(twin).model_copy(update={"code": "F-88"}))
        name = app.book.get_customer(twin).name
        app.action_open_customer(twin)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen)
        await pilot.press("a")  # "Archive 段秀?"
        await settle(pilot)
        elsewhere(book_path, merge=(original, twin))
        app.post_message(BookChanged())  # the page behind the question follows her
        await settle(pilot)
        assert page.customer_id == original
        await pilot.press("y")
        await settle(pilot)
        assert gone_named(f"{name} (F-88)") in notices(app), notices(app)
        assert not app.book.get_customer(original).archived

    run(app_factory(lang="en"), body)


def test_a_purchase_saved_after_she_was_forgotten_elsewhere_names_her_in_the_dialog(
    app_factory, book_path: Path
) -> None:
    """Enter in her purchase dialog reached the book after she was forgotten: the dialog
    said "this customer is no longer in the book"."""
    _, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.book.save_customer(app.book.get_customer(twin).model_copy(update={"code": "F-88"}))
        name = app.book.get_customer(twin).name
        app.action_open_customer(twin)
        await settle(pilot)
        await pilot.press("p", *"12")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        elsewhere(book_path, forget=twin)
        await pilot.press("enter")
        await settle(pilot)
        said = gone_named(f"{name} (F-88)")
        assert "".join(modal.error_text("form").split()) == "".join(said.split())

    run(app_factory(lang="en"), body)


def test_her_profile_opened_after_she_was_forgotten_elsewhere_names_her(
    app_factory, book_path: Path
) -> None:
    """e on her page after she was forgotten elsewhere: the form could not read her, and
    said "this customer is no longer in the book"."""
    _, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        name = app.book.get_customer(twin).name
        app.action_open_customer(twin)
        await settle(pilot)
        elsewhere(book_path, forget=twin)
        await pilot.press("e")
        # the form's words; then her page, read again, closes by itself, named too
        await until(pilot, lambda: t("page.gone_named", "en", who=name) in notices(app))
        assert gone_named(name) in notices(app), notices(app)

    run(app_factory(lang="en"), body)
