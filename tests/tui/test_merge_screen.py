"""Merging from the customer page and from the possible duplicates list, as a seller does
it: pick the other record, choose each differing field with the keys, confirm, undo."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList, Static

from tests.tui.pilot import buyer, run, screen_lines, settle, today
from xiaoben.models.customer import Customer
from xiaoben.models.i18n import t
from xiaoben.models.purchase import Purchase
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.presenting import customer_label
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.duplicates import DuplicatesScreen
from xiaoben.tui.screens.merge import MergeScreen
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.customer_picker import CustomerPicker
from xiaoben.tui.widgets.record_tables import PurchasesTable

TWIN_WECHAT = "twin_record_01"


def add_twin(book_path: Path) -> tuple[int, int]:
    """A second record of the book's first A buyer: same name and phones, a WeChat ID and a
    city of its own, and a note. Returns (the buyer's id, the twin's id)."""
    with Book.open(book_path, today=today) as book:
        (original_id,) = book.conn.execute(
            "SELECT c.id FROM customers c JOIN tiers t ON t.customer_id = c.id"
            " WHERE c.archived = 0 AND t.value_tier = 'A' ORDER BY c.code LIMIT 1"
        ).fetchone()
        original = book.get_customer(original_id)
        twin = book.save_customer(
            Customer(
                name=original.name,
                phones=original.phones,
                wechat=TWIN_WECHAT,
                city="苏州" if original.city != "苏州" else "无锡",
                notes="从另一个本子抄来",
            )
        )
    assert twin.id is not None
    return original_id, twin.id


async def open_merge_from_page(app: XiaobenApp, pilot: Pilot, original: int) -> MergeScreen:
    app.action_open_customer(original)
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(app.screen, CustomerPicker)
    await pilot.press(*TWIN_WECHAT)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MergeScreen)
    return screen


async def move_to(pilot: Pilot, screen: MergeScreen, field: str) -> None:
    steps = screen.fields.index(field) - screen.query_one(DataTable).cursor_row
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps))


def test_merge_from_the_customer_page_moves_the_twin_in(app_factory, book_path: Path) -> None:
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        purchases = len(app.book.purchases_of(original)) + len(app.book.purchases_of(twin))
        twin_city = app.book.get_customer(twin).city
        own_city = app.book.get_customer(original).city
        screen = await open_merge_from_page(app, pilot, original)
        assert screen.survivor_id == original and screen.absorbed_id == twin
        assert {"wechat", "city", "notes"} <= set(screen.fields)
        assert "phones" not in screen.fields and "name" not in screen.fields
        # city: the kept record's by default; → takes the twin's, ← back, → again
        assert screen.choices["city"].value == "survivor"
        await move_to(pilot, screen, "city")
        await pilot.press("right", "left", "right")
        assert screen.choices["city"].value == "absorbed"
        await move_to(pilot, screen, "wechat")
        await pilot.press("b")  # a WeChat ID is one value: "both" is not offered
        assert screen.choices.get("wechat", "survivor") != "both"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen) and page.customer_id == original
        merged = app.book.get_customer(original)
        assert merged.city == twin_city
        # the city not taken is kept in the notes, under both records' notes
        assert "从另一个本子抄来" in merged.notes.split("\n")
        assert merged.notes.endswith(f"另一个城市：{own_city}")
        assert len(app.book.purchases_of(original)) == purchases
        assert app.book.find_customer(f"#{twin}") is None
        assert page.last_merge is not None

    run(app_factory(lang="zh"), body)


def test_z_undoes_the_merge_just_made(app_factory, book_path: Path) -> None:
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        count = app.book.customer_count()
        before = app.book.get_customer(original)
        await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert app.book.customer_count() == count - 1
        await pilot.press("z")
        await settle(pilot)
        assert app.book.customer_count() == count
        assert app.book.get_customer(original) == before
        assert app.book.get_customer(twin).wechat == TWIN_WECHAT
        page = app.screen
        assert isinstance(page, CustomerScreen) and page.last_merge is None

    run(app_factory(lang="zh"), body)


def test_z_gives_back_a_purchase_deleted_and_restored_since_the_merge(
    app_factory, book_path: Path
) -> None:
    original, twin = add_twin(book_path)
    with Book.open(book_path, today=today) as book:
        book.add_purchase(Purchase(customer_id=twin, date=today(), amount=Decimal("149.46")))

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        own = len(app.book.purchases_of(original))
        await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await settle(pilot)
        app.screen.query_one("#purchases", PurchasesTable).move_cursor(0)  # the twin's, newest
        await pilot.press("d")
        await settle(pilot)
        assert len(app.book.purchases_of(original)) == own  # own + the twin's one - 1
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert len(app.book.purchases_of(original)) == own
        assert [p.amount for p in app.book.purchases_of(twin)] == [Decimal("149.46")]

    run(app_factory(lang="zh"), body)


def test_u_after_z_gives_a_purchase_deleted_since_the_merge_back_to_its_owner(
    app_factory, book_path: Path
) -> None:
    """d on the twin's purchase on the merged page, z, then u: the purchase is the twin's
    again, and the notice says whose (the tester's F1: it came back on the survivor)."""
    original, twin = add_twin(book_path)
    with Book.open(book_path, today=today) as book:
        book.add_purchase(Purchase(customer_id=twin, date=today(), amount=Decimal("149.46")))

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        own = len(app.book.purchases_of(original))
        await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await settle(pilot)
        app.screen.query_one("#purchases", PurchasesTable).move_cursor(0)  # the twin's, newest
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert len(app.book.purchases_of(original)) == own
        assert [p.amount for p in app.book.purchases_of(twin)] == [Decimal("149.46")]
        told = [str(notice.message) for notice in app._notifications]
        assert any("已恢复消费 ¥149.46：回到" in line for line in told), told

    run(app_factory(lang="zh"), body)


def test_a_page_whose_customer_is_merged_elsewhere_shows_whom_into(
    app_factory, book_path: Path
) -> None:
    """The twin's page is open when another window merges her: the page says into whom and
    shows the merged customer (the tester's F3: it closed with "no longer in the book")."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.action_open_customer(twin)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen)
        app.book.merge_customers(original, twin)  # as another window or the CLI would
        page._load()
        await settle(pilot)
        assert app.screen is page and page.customer_id == original
        told = [str(notice.message) for notice in app._notifications]
        name = app.book.get_customer(original).name
        assert any(f"已在别处并入 {name}" in line for line in told), told

    run(app_factory(lang="zh"), body)


def test_a_purchase_typed_for_a_customer_merged_elsewhere_is_kept_for_whom_she_became(
    app_factory, book_path: Path
) -> None:
    """The twin's purchase dialog is open when another window merges her: Enter said "no
    such customer: 168" (her number in the book), then the words of a customer gone, while
    the page showed the survivor (race tester's finding 4). The purchase is saved to the
    survivor, the notice saying whom she was merged into. An Enter that comes before the
    page has seen the merge saves nothing yet: the dialog, what was typed kept, is titled
    with the survivor and says why; the next Enter saves it there."""
    from xiaoben.tui.widgets.entry_modals import PurchaseModal

    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        known_as = app.book.get_customer(twin).model_copy(update={"name": "段秀"})
        app.book.save_customer(known_as)  # the twin under a name of her own
        app.action_open_customer(twin)
        await settle(pilot)
        before = len(app.book.purchases_of(original))
        await pilot.press("p", *"55")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, PurchaseModal)
        app.book.merge_customers(original, twin)  # as another window or the CLI would
        await pilot.press("enter")
        await settle(pilot)
        survivor = app.book.get_customer(original)
        said = t("page.modal.merged_away", "zh", name="段秀", who=customer_label(survivor))
        if app.screen is modal:  # refused before the page saw the merge: nothing saved yet
            assert modal.values()["amount"] == "55"
            assert modal.title_text == f"记一笔消费 · {survivor.name}"
            assert said == modal.error_text("form").replace("\n", "")
            assert len(app.book.purchases_of(original)) == before
            await pilot.press("enter")
            await settle(pilot)
        assert said in [str(notice.message) for notice in app._notifications]
        assert isinstance(app.screen, CustomerScreen) and app.screen.customer_id == original
        after = app.book.purchases_of(original)
        assert len(after) == before + 1 and Decimal(55) in [p.amount for p in after]

    run(app_factory(lang="zh"), body)


def test_a_merge_made_before_is_undone_from_the_survivors_page_later(
    app_factory, book_path: Path
) -> None:
    """The notice names the merge's number; after leaving the page (or a restart) the
    survivor's page still offers z while the book can undo it, and asks first (F2: the
    undo was out of reach once the page was left)."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        count = app.book.customer_count()
        await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await settle(pilot)
        told = [str(notice.message) for notice in app._notifications]
        assert any("（合并 1）" in line and "xiaoben unmerge 1" in line for line in told), told
        await pilot.press("escape")
        await settle(pilot)
        app.action_open_customer(original)
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen) and page.last_merge is None
        assert page.check_action("undo_merge", ())
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert app.book.customer_count() == count
        assert app.book.get_customer(twin).wechat == TWIN_WECHAT
        assert not page.check_action("undo_merge", ())

    run(app_factory(lang="zh"), body)


def test_a_slow_merge_says_it_is_working_and_esc_does_not_walk_away(
    app_factory, book_path: Path
) -> None:
    """F4: a merge of many records takes seconds; the screen says it is merging, Esc then
    says the merge goes on (the screen stays), and the notice and z come when it ends."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        gate = threading.Event()
        quick = app.book.merge_customers

        def slow(*args: Any, **kwargs: Any) -> Any:
            gate.wait(10)
            return quick(*args, **kwargs)

        app.book.merge_customers = slow  # type: ignore[method-assign]
        screen = await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await pilot.pause(0.2)
        assert screen.merging
        assert "合并中" in str(screen.query_one("#merge-moves", Static).render())
        assert not screen.check_action("merge", ())
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert app.screen is screen
        told = [str(notice.message) for notice in app._notifications]
        assert any("合并进行中" in line for line in told), told
        gate.set()
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen) and page.last_merge is not None
        assert app.book.find_customer(f"#{twin}") is None
        told = [str(notice.message) for notice in app._notifications]
        assert any("按 z 撤销" in line for line in told), told

    run(app_factory(lang="zh"), body)


def test_a_merge_of_someone_merged_elsewhere_meanwhile_says_into_whom(
    app_factory, book_path: Path
) -> None:
    """F7: the twin merged into a third record by another window while the merge screen is
    open: y says so by name, not 找不到客户：<her inner number>."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_merge_from_page(app, pilot, original)
        third = app.book.save_customer(Customer(name="陈静", phones=["13911112222"]))
        assert third.id is not None
        app.book.merge_customers(third.id, twin)  # as another window or the CLI would
        await pilot.press("enter", "y")
        await settle(pilot)
        assert not isinstance(app.screen, MergeScreen)
        told = [str(notice.message) for notice in app._notifications]
        assert any("已在别处并入 陈静" in line for line in told), told
        assert app.book.get_customer(original).id == original

    run(app_factory(lang="zh"), body)


def test_x_keeps_the_other_record_and_escape_changes_nothing(app_factory, book_path: Path) -> None:
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        count = app.book.customer_count()
        screen = await open_merge_from_page(app, pilot, original)
        await pilot.press("x")
        await settle(pilot)
        assert (screen.survivor_id, screen.absorbed_id) == (twin, original)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert app.book.customer_count() == count

    run(app_factory(lang="zh"), body)


def test_merging_keeping_the_other_record_moves_the_page_to_it(
    app_factory, book_path: Path
) -> None:
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_merge_from_page(app, pilot, original)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter", "y")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen) and page.customer_id == twin
        assert app.book.find_customer(f"#{original}") is None

    run(app_factory(lang="zh"), body)


def test_the_duplicates_list_merges_and_dismisses(app_factory, book_path: Path) -> None:
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("D")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen)
        assert screen.pairs[0].ids == (original, twin)
        assert screen.pairs[0].reasons == ["phone", "name"]
        shown = len(screen.pairs)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert app.screen is screen
        assert all(twin not in pair.ids for pair in screen.pairs)
        assert len(screen.pairs) == shown - 1
        if screen.pairs:
            first = screen.pairs[0]
            await pilot.press("d")
            await settle(pilot)
            assert first.ids not in [pair.ids for pair in screen.pairs]
            assert first.ids not in [pair.ids for pair in app.book.possible_duplicates().pairs]
        await pilot.press("z")
        await settle(pilot)
        assert screen.pairs[0].ids == (original, twin)
        assert screen.query_one(DataTable).row_count == len(screen.pairs)

    run(app_factory(lang="zh"), body)


def test_u_takes_back_not_the_same_person(app_factory, book_path: Path) -> None:
    """d on a pair, then u: the pair is listed again, in the book too; u again says there
    is nothing to undo (F5: a mis-keyed d hid a duplicate for good)."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("D")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen)
        assert screen.pairs[0].ids == (original, twin)
        assert not screen.check_action("undo_dismiss", ())
        await pilot.press("d")
        await settle(pilot)
        assert (original, twin) not in [pair.ids for pair in screen.pairs]
        assert screen.check_action("undo_dismiss", ())
        await pilot.press("u")
        await settle(pilot)
        assert screen.pairs[0].ids == (original, twin)
        assert (original, twin) in [pair.ids for pair in app.book.possible_duplicates().pairs]
        await pilot.press("u")
        await settle(pilot)
        told = [str(notice.message) for notice in app._notifications]
        assert any("又会作为可能重复列出" in line for line in told), told
        assert any("没有可撤销的“不是同一人”" in line for line in told), told

    run(app_factory(lang="zh"), body)


def test_the_duplicates_list_is_in_the_palette(app_factory, book_path: Path) -> None:
    add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.action_command_palette()
        await pilot.pause()
        await pilot.press(*"可能重复")
        await settle(pilot)  # the palette has searched: not a time, a loaded CI waits longer
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DuplicatesScreen)

    run(app_factory(lang="zh"), body)


def test_page_of_a_buyer_has_no_merge_to_undo(app_factory) -> None:
    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.action_open_customer(buyer(app, "A"))
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen)
        assert page.check_action("undo_merge", ()) is False

    run(app_factory(lang="zh"), body)


def test_a_record_gone_meanwhile_closes_the_merge_with_a_message(
    app_factory, book_path: Path
) -> None:
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        screen = await open_merge_from_page(app, pilot, original)
        gone = app.book.get_customer(twin)
        app.book.forget_customer(twin)  # another window forgot the twin
        await pilot.press("enter", "y")
        await settle(pilot)
        assert app.screen is not screen and isinstance(app.screen, CustomerScreen)
        said = [str(note.message) for note in app._notifications]
        # in words, naming her (by her name and code; she has no code), never by her
        # number in the book ("no such customer: 132"): race tester's finding 5
        assert gone.code is None
        assert t("store.customer_gone_named", "en", who=gone.name) in said, said
        assert not any(str(twin) in text for text in said), said
        assert app.book.get_customer(original).wechat != TWIN_WECHAT

    run(app_factory(lang="en"), body)


def test_z_on_a_merge_too_old_to_undo_says_so(app_factory, book_path: Path, monkeypatch) -> None:
    """The merge made here, then another one elsewhere past the undo horizon: z tells the
    seller this merge can no longer be undone, and both stay merged."""
    from xiaoben.store import merge

    original, _ = add_twin(book_path)
    monkeypatch.setattr(merge, "KEPT", 1)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await settle(pilot)
        count = app.book.customer_count()
        first = app.book.save_customer(Customer(name="另一对", phones=["13700001111"]))
        second = app.book.save_customer(Customer(name="另一对", phones=["13700001111"]))
        assert first.id is not None and second.id is not None
        app.book.merge_customers(first.id, second.id)  # elsewhere: the CLI, another window
        await settle(pilot)
        notices: list[str] = []
        monkeypatch.setattr(app.screen, "notify", lambda text, **_: notices.append(str(text)))
        await pilot.press("z")
        await settle(pilot)
        assert any("太早了，已无法撤销" in text for text in notices), notices
        assert app.book.customer_count() == count + 1  # the new pair's survivor: no undo

    run(app_factory(lang="zh"), body)


def test_z_while_the_merged_away_code_is_another_customers_says_who_has_it(
    app_factory, book_path: Path, monkeypatch
) -> None:
    """The twin's code T-99, freed by the merge, is given to a new customer elsewhere: z
    says who holds it and what to do, and both stay merged (no traceback)."""
    original, twin = add_twin(book_path)
    with Book.open(book_path, today=today) as book:
        book.save_customer(book.get_customer(twin).model_copy(update={"code": "T-99"}))

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_merge_from_page(app, pilot, original)
        await pilot.press("enter", "y")
        await settle(pilot)
        count = app.book.customer_count()
        app.book.save_customer(Customer(name="新客户", code="T-99"))  # elsewhere
        await settle(pilot)
        notices: list[str] = []
        monkeypatch.setattr(app.screen, "notify", lambda text, **_: notices.append(str(text)))
        await pilot.press("z")
        await settle(pilot)
        assert any("编号 T-99 现在是 新客户" in text for text in notices), notices
        assert app.book.customer_count() == count + 1  # the new customer; still merged

    run(app_factory(lang="zh"), body)


def test_the_merge_screen_follows_a_language_switch_cheaply(
    app_factory, book_path: Path, monkeypatch
) -> None:
    """f6 on the merge screen: title, hint, columns, row labels, the moves line and its
    footer all in the new language, the choices and row kept; no switch reads the records
    or looks for duplicates again; the merge made after it still reaches the list (z)."""
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MergeScreen)
        await move_to(pilot, screen, "city")
        await pilot.press("right")
        await settle(pilot)
        reads: list[str] = []
        for verb in ("possible_duplicates", "merge_preview", "get_customer"):
            real = getattr(app.book, verb)

            def counted(*args, _real=real, _verb=verb, **kwargs):
                reads.append(_verb)
                return _real(*args, **kwargs)

            monkeypatch.setattr(app.book, verb, counted)

        await pilot.press("f6", "f6", "f6")  # zh -> en -> zh -> en
        await settle(pilot)

        assert reads == []
        merge = app.screen
        assert isinstance(merge, MergeScreen)
        assert merge.choices["city"].value == "absorbed"
        assert merge.fields[merge.query_one(DataTable).cursor_row] == "city"
        text = "\n".join(screen_lines(app))
        for english in (
            "Merge two records of one person",
            "← kept side",
            "Kept: ",
            "Merged in: ",
            "After",
            "WeChat ID",
            "Moving to the kept customer",
            "Cancel",
        ):
            assert english in text, english
        for chinese in ("合并同一个人", "取保留方", "保留：", "合并后", "将移到", "取消", "城市"):
            assert chinese not in text, chinese

        monkeypatch.undo()
        await pilot.press("enter", "y")
        await settle(pilot)
        dups = app.screen
        assert isinstance(dups, DuplicatesScreen)
        assert dups.last_merge is not None  # the rebuilt list heard the merge: z undoes it
        await pilot.press("z")
        await settle(pilot)
        assert dups.pairs[0].ids == (original, twin)

    run(app_factory(lang="zh"), body)


def test_a_merge_after_a_language_switch_reaches_the_customer_page(
    app_factory, book_path: Path
) -> None:
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        await open_merge_from_page(app, pilot, original)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter", "y")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, CustomerScreen)
        assert page.customer_id == original
        assert page.last_merge is not None
        assert page.last_merge.absorbed_name == app.book.get_customer(original).name
        await pilot.press("z")
        await settle(pilot)
        assert app.book.get_customer(twin).wechat == TWIN_WECHAT

    run(app_factory(lang="zh"), body)


def test_the_merge_picker_offers_the_likely_twin_first_before_any_search(
    app_factory, book_path: Path
) -> None:
    original, twin = add_twin(book_path)

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.action_open_customer(original)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CustomerPicker)
        options = picker.query_one("#picker-results", OptionList)
        first = options.get_option_at_index(0)
        assert first.id == str(twin) and options.highlighted == 0
        assert "may be the same person" in str(first.prompt)
        assert "may be the same person" not in str(options.get_option_at_index(1).prompt)
        await pilot.press("enter")  # taken as it is offered: nothing typed
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MergeScreen) and screen.absorbed_id == twin

    run(app_factory(lang="en"), body)


def test_the_merge_screen_lists_custom_fields_and_joins_several_choices(
    app_factory, book_path: Path
) -> None:
    from xiaoben.models.fields import FieldDef, FieldKind

    original, twin = add_twin(book_path)
    with Book.open(book_path, today=today) as book:
        points = book.add_field(FieldDef(kind=FieldKind.NUMBER, label_zh="积分"))
        hobbies = book.add_field(
            FieldDef(kind=FieldKind.CHOICES, label_zh="口味", options=["读书", "旅行", "茶"])
        )
        assert points.id is not None and hobbies.id is not None
        book.save_customer(book.get_customer(original), fields={hobbies.id: "茶"})
        book.save_customer(book.get_customer(twin), fields={points.id: "1200", hobbies.id: "读书"})

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        screen = await open_merge_from_page(app, pilot, original)
        assert {points.key, hobbies.key} <= set(screen.fields)
        assert screen.fields.index(hobbies.key) < screen.fields.index("notes")
        assert screen.choices[points.key].value == "absorbed"  # empty: filled from the twin
        assert screen.choices[hobbies.key].value == "both"
        await move_to(pilot, screen, hobbies.key)
        await pilot.press("left")  # the kept record's only: the twin's goes into the notes
        assert any("积分" in line and "1200" in line for line in screen_lines(app))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.book.field_values(original) == {points.id: Decimal(1200), hobbies.id: ["茶"]}
        assert app.book.get_customer(original).notes.endswith("另一个口味：读书")

    run(app_factory(lang="zh"), body)


@pytest.mark.parametrize(
    ("lang", "said"), [("zh", "找到的就是这位客户本人"), ("en", "finds this very customer")]
)
def test_the_merge_picker_says_her_own_code_is_herself(app_factory, lang: str, said: str) -> None:
    """Her own code typed into the merge picker said "nothing found" (an outside tester's
    finding): it says the code finds this very customer."""
    from xiaoben.store.customer_list import ListQuery

    app = app_factory(lang=lang)
    codes = app.book.conn.execute("SELECT id, code FROM customers WHERE code IS NOT NULL")
    customer_id, code = next(
        (each, code) for each, code in codes if app.book.list_count(ListQuery(search=code)) == 1
    )

    async def body(app: XiaobenApp, pilot: Pilot) -> None:
        app.action_open_customer(customer_id)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CustomerPicker)
        await pilot.press(*code)
        await settle(pilot)
        shown = str(picker.query_one("#picker-count", Static).content)
        assert said in shown and code in shown, shown

    run(app, body)
