"""Another window or the CLI changes a customer while a window of hers is open here: the
outside race testers' findings (merged or forgotten meanwhile, a merge undone meanwhile, z z
after a merge)."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from textual.pilot import Pilot

from tests.book_helpers import buy
from tests.tui.pilot import run, screen_lines, settle
from tests.tui.test_merge_screen import add_twin, open_merge_from_page
from xiaoben.models.customer import Customer
from xiaoben.models.i18n import t
from xiaoben.models.purchase import Purchase
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.i18n import label
from xiaoben.tui.messages import BookChanged
from xiaoben.tui.presenting import customer_label
from xiaoben.tui.screens.customer import CustomerScreen, MergedAway
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.profile import ProfileScreen
from xiaoben.tui.widgets.entry_modals import PurchaseModal, ReminderModal


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
        name = app.book.get_customer(twin).name
        app.action_open_customer(twin)
        await settle(pilot)
        await pilot.press("p", *"12")
        await settle(pilot)
        assert isinstance(app.screen, PurchaseModal)
        deadlines: list[float] = []  # the window as the page's closing set it
        drop = app.drop_keys_awhile

        def recorded(seconds: float, said: str) -> None:
            drop(seconds, said)
            deadlines.append(app._dropping_until)

        app.drop_keys_awhile = recorded  # type: ignore[method-assign]
        app.book.forget_customer(twin)  # as another window or the CLI would
        app.post_message(BookChanged())
        await until(pilot, lambda: isinstance(app.screen, CustomersScreen))
        await until(pilot, lambda: app._dropping_until > deadlines[0])
        # and again from when the list is drawn: in a terminal the pops and the paint took
        # ~0.4 s of it, and an Enter 1.2 s after the list showed opened its top customer
        # (the second race tester's finding D)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, CustomersScreen), app.screen_stack
        said = notices(app)
        # named (she has no code: her name alone, never her number in the book), as the
        # notice may be read on another customer's page (the second race tester's E)
        assert said.count(t("page.gone_named", "en", who=name)) == 1, said
        assert t("page.gone_keys_named", "en", who=name) in said, said
        assert not any(f"#{twin}" in line for line in said), said

    run(app_factory(lang="en"), body)


def test_z_z_just_after_a_merge_undoes_it_once_and_then_says_nothing_is_left(
    app_factory, book_path: Path, monkeypatch
) -> None:
    """z z typed quickly after a merge on her page: the first undoes the merge, and the
    second said "Undo merge 1 …?" for the merge already undone, its yes refused (race
    tester's finding 6). It waits for the undo and says there is no merge to undo."""
    original, _ = add_twin(book_path)

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


def test_a_purchase_dialog_open_when_she_is_merged_elsewhere_follows_her(
    app_factory, book_path: Path
) -> None:
    """Her purchase dialog open, she (段秀) is merged into another elsewhere: the page moves
    to the survivor, and the dialog kept "Add a purchase · 段秀" and its Enter failed (race
    tester's finding 4). It is retitled with the survivor, says why, keeps what was typed,
    and Enter saves the purchase to the survivor."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.book.save_customer(app.book.get_customer(twin).model_copy(update={"name": "段秀"}))
        app.action_open_customer(twin)
        await settle(pilot)
        await pilot.press("p", *"55")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PurchaseModal) and modal.title_text.endswith("段秀")
        before = len(app.book.purchases_of(original))
        app.book.merge_customers(original, twin)  # as another window or the CLI would
        app.post_message(BookChanged())
        await until(pilot, lambda: modal.customer_id == original)
        await settle(pilot)
        survivor = app.book.get_customer(original)
        assert app.screen is modal and modal.values()["amount"] == "55"
        title = f"{label('page.cmd.purchase')} · {survivor.name}"
        assert title in " ".join(screen_lines(app))
        said = t("page.modal.merged_away", "en", name="段秀", who=customer_label(survivor))
        assert "".join(modal.error_text("form").split()) == "".join(said.split())
        await pilot.press("enter")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen) and page.customer_id == original
        assert len(app.book.purchases_of(original)) == before + 1

    run(app_factory(lang="en"), body)


def test_a_profile_saved_after_she_was_forgotten_elsewhere_names_her(
    app_factory, book_path: Path
) -> None:
    """Her profile form open, she is forgotten in another window: ctrl+s said "no such
    customer: 41", her number in the book (the race tester's finding 5, elsewhere). It
    names her by her name and code, in the catalogue's words."""
    _, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.book.save_customer(app.book.get_customer(twin).model_copy(update={"code": "F-88"}))
        app.action_open_customer(twin)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        name = app.book.get_customer(twin).name
        app.book.forget_customer(twin)  # as another window or the CLI would
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = notices(app)
        assert t("store.customer_gone_named", "en", who=f"{name} (F-88)") in said, said
        assert not any(str(twin) in line for line in said), said

    run(app_factory(lang="en"), body)


def test_a_save_refused_as_the_page_moves_the_dialog_to_the_survivor_still_says_why(
    app_factory, book_path: Path, monkeypatch
) -> None:
    """She is merged elsewhere as Enter saves her purchase, and the page, seeing it, moves
    the dialog to the survivor before the refusal comes back: the refusal is still read as
    hers, and the dialog says she was merged (it said she was no longer in the book); the
    next Enter saves it to the survivor."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.book.save_customer(app.book.get_customer(twin).model_copy(update={"name": "段秀"}))
        add = app.book.add_purchase

        def add_once_moved(purchase: Purchase) -> Purchase:
            if purchase.customer_id == twin:  # merged elsewhere as Enter saves, and the
                app.book.merge_customers(original, twin)  # page sees it meanwhile
                app.call_from_thread(app.post_message, BookChanged())
                deadline = time.monotonic() + 5
                while modal.customer_id != original and time.monotonic() < deadline:
                    time.sleep(0.01)
            return add(purchase)

        monkeypatch.setattr(app.book, "add_purchase", add_once_moved)
        app.action_open_customer(twin)
        await settle(pilot)
        await pilot.press("p", *"55")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        before = len(app.book.purchases_of(original))
        await pilot.press("enter")
        await until(pilot, lambda: not modal._saving and modal.customer_id == original)
        await settle(pilot)
        survivor = app.book.get_customer(original)
        said = t("page.modal.merged_away", "en", name="段秀", who=customer_label(survivor))
        assert app.screen is modal and modal.values()["amount"] == "55"
        assert "".join(modal.error_text("form").split()) == "".join(said.split())
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.book.purchases_of(original)) == before + 1

    run(app_factory(lang="en"), body)


def test_a_purchase_deleted_as_she_is_merged_elsewhere_comes_back_there_with_u(
    app_factory, book_path: Path
) -> None:
    """d on her purchase just as she is merged into another elsewhere: the delete lands on
    the survivor (the purchase moved with her), the page follows, and u brings it back
    there. Before, the page took the merge in twice (two reads found her gone), said so
    twice, and emptied its undo: "press u to undo", then u said there was nothing to undo
    (the second race tester's finding A)."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        kept = buy(app.book, twin, "205.86")
        name = app.book.get_customer(twin).name
        app.action_open_customer(twin)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen)
        before = len(app.book.purchases_of(original))
        app.book.merge_customers(original, twin)  # as the CLI would, unseen by the page yet
        await pilot.press("d")
        await until(pilot, lambda: bool(page.undo_stack))  # deleted: on the survivor now
        # two reads of the page find her gone (the book changed twice): each says so
        survivor_record = app.book.get_customer(original)
        page.post_message(MergedAway(survivor_record, name, merged_away=twin))
        page.post_message(MergedAway(survivor_record, name, merged_away=twin))
        await until(pilot, lambda: page.customer_id == original)
        await settle(pilot)
        assert kept.id not in {p.id for p in app.book.purchases_of(original)}
        assert len(app.book.purchases_of(original)) == before
        survivor = customer_label(app.book.get_customer(original))
        merged = t("page.merged_away", "en", name=name, who=survivor)
        assert notices(app).count(merged) == 1, notices(app)
        await pilot.press("u")
        await settle(pilot)
        back = app.book.purchases_of(original)
        assert len(back) == before + 1
        assert any(p.amount == kept.amount and p.date == kept.date for p in back)

    run(app_factory(lang="en"), body)


def test_a_purchase_being_edited_when_she_is_merged_elsewhere_is_saved_there(
    app_factory, book_path: Path
) -> None:
    """The edit dialog of her purchase open, she is merged into another elsewhere: the
    purchase moved there by id, and the dialog follows it (retitled, saying why, what was
    typed kept); Enter saves the edit there. Before, every Enter said the customer was no
    longer in the book, the purchase right there on the page behind (the second race
    tester's finding C)."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        kept = buy(app.book, twin, "205.86")
        app.action_open_customer(twin)
        await settle(pilot)
        await pilot.press("enter")  # the top purchase's edit dialog
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PurchaseModal) and modal.editing is not None
        await pilot.press("ctrl+u", *"777")
        app.book.merge_customers(original, twin)  # as the CLI would
        app.post_message(BookChanged())
        await until(pilot, lambda: modal.customer_id == original)
        await settle(pilot)
        survivor = app.book.get_customer(original)
        title = f"{label('page.edit.purchase')} · {survivor.name}"
        assert title in " ".join(screen_lines(app))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        edited = [p for p in app.book.purchases_of(original) if p.id == kept.id]
        assert [p.amount for p in edited] == [Decimal("777")]

    run(app_factory(lang="en"), body)


def test_a_purchase_dialog_that_followed_a_merge_goes_back_when_it_is_undone_elsewhere(
    app_factory, book_path: Path
) -> None:
    """Her purchase dialog followed 段秀 into the survivor (merged elsewhere); then that merge
    is undone elsewhere: the page stayed on the survivor, the dialog still said Enter saves
    it there, and Enter recorded 段秀's purchase on the survivor (the second race tester's
    finding B). The page shows 段秀 again, the dialog is hers again (retitled, saying why,
    what was typed kept) and Enter saves it to her."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.book.save_customer(app.book.get_customer(twin).model_copy(update={"name": "段秀"}))
        app.action_open_customer(twin)
        await settle(pilot)
        page = app.screen
        await pilot.press("p", *"77")
        await settle(pilot)
        modal = app.screen
        assert isinstance(page, CustomerScreen) and isinstance(modal, PurchaseModal)
        before = len(app.book.purchases_of(original))
        merge = app.book.merge_customers(original, twin)  # as the CLI would
        app.post_message(BookChanged())
        await until(pilot, lambda: modal.customer_id == original)
        survivor = customer_label(app.book.get_customer(original))
        app.book.undo_merge(merge.token)  # `xiaoben unmerge`, in another terminal
        app.post_message(BookChanged())
        await until(pilot, lambda: modal.customer_id == twin and page.customer_id == twin)
        await settle(pilot)
        she = customer_label(app.book.get_customer(twin))
        assert app.screen is modal and modal.values()["amount"] == "77"
        assert f"{label('page.cmd.purchase')} · 段秀" in " ".join(screen_lines(app))
        said = t("page.modal.merge_undone", "en", name=she, who=survivor)
        assert "".join(modal.error_text("form").split()) == "".join(said.split())
        told = t("page.merge_undone_elsewhere", "en", name=she, who=survivor)
        assert told in notices(app), notices(app)
        await pilot.press("enter")
        await settle(pilot)
        assert [p.amount for p in app.book.purchases_of(twin)] == [Decimal("77")]
        assert len(app.book.purchases_of(original)) == before
        assert isinstance(app.screen, CustomerScreen) and app.screen.customer_id == twin

    run(app_factory(lang="en"), body)


def test_enter_on_a_dialog_that_followed_a_merge_undone_elsewhere_unseen_saves_nothing_there(
    app_factory, book_path: Path, monkeypatch
) -> None:
    """The merge a dialog followed her through is undone elsewhere and Enter comes before
    the page has seen it: the save is refused in the same transaction as the check (nothing
    recorded on the survivor), the dialog goes back to her, and the next Enter saves it to
    her."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.action_open_customer(twin)
        await settle(pilot)
        page = app.screen
        await pilot.press("r", "ctrl+u", *"+3")
        await settle(pilot)
        modal = app.screen
        assert isinstance(page, CustomerScreen) and isinstance(modal, ReminderModal)
        merge = app.book.merge_customers(original, twin)
        app.post_message(BookChanged())
        await until(pilot, lambda: modal.customer_id == original)
        await settle(pilot)
        reminders = len(app.book.reminders_of(original))
        monkeypatch.setattr(page, "_load", lambda: None)  # the page has not read it yet
        app.book.undo_merge(merge.token)
        await pilot.press("enter")
        await until(pilot, lambda: not modal._saving and modal.customer_id == twin)
        await settle(pilot)
        assert app.screen is modal and len(app.book.reminders_of(original)) == reminders
        assert app.book.reminders_of(twin) == []
        she = customer_label(app.book.get_customer(twin))
        said = t(
            "page.modal.merge_undone",
            "en",
            name=she,
            who=customer_label(app.book.get_customer(original)),
        )
        assert "".join(modal.error_text("form").split()) == "".join(said.split())
        await pilot.press("enter")
        await settle(pilot)
        assert [r.due for r in app.book.reminders_of(twin)] == [app.book.today() + timedelta(3)]

    run(app_factory(lang="en"), body)


def test_u_after_a_merge_and_its_undo_elsewhere_takes_the_edit_back_on_her_own_purchase(
    app_factory, book_path: Path
) -> None:
    """Her purchase edited on her page, she is merged elsewhere (the page follows, and what u
    takes back moves with her), then the merge is undone elsewhere (the page goes back to
    her): u puts the purchase back as it was, hers, where it would have moved it to the
    survivor of the merge undone."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        kept = buy(app.book, twin, "205.86")
        app.action_open_customer(twin)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen)
        await pilot.press("enter", "ctrl+u", *"777", "enter")  # edit the top purchase
        await until(pilot, lambda: bool(page.undo_stack))
        merge = app.book.merge_customers(original, twin)
        app.post_message(BookChanged())
        await until(pilot, lambda: page.customer_id == original)
        await settle(pilot)
        app.book.undo_merge(merge.token)
        app.post_message(BookChanged())
        await until(pilot, lambda: page.customer_id == twin)
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        back = [p for p in app.book.purchases_of(twin) if p.id == kept.id]
        assert [p.amount for p in back] == [Decimal("205.86")], app.book.purchases_of(twin)
        assert kept.id not in {p.id for p in app.book.purchases_of(original)}

    run(app_factory(lang="en"), body)
