"""Presentation mode: a screen safe to share. Every screen of the app is walked with the mode
on, and the text drawn is scanned for a customer's real phone, WeChat ID, address, notes
and (the seller chose surnames) name; figures stay. A screen added to the app and not
walked here fails the test."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

import xiaoben.tui
from tests.book_helpers import write_csv
from tests.tui.pilot import run, settle, today
from tests.tui.test_import_screen import import_now, map_column, open_file
from xiaoben.models.customer import Customer
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.models.rules import Rules
from xiaoben.store.book import Book
from xiaoben.tui.app import XiaobenApp
from xiaoben.tui.presenting import Presentation, presenting, set_presentation, shown_name
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.merge import MergeScreen
from xiaoben.tui.screens.queue import QueueScreen
from xiaoben.tui.widgets.customer_picker import CustomerPicker
from xiaoben.tui.widgets.import_parts import MappingTable
from xiaoben.tui.widgets.inputs import TextBox

CODE = "C0007"  # an A customer of the small demo book, with a WeChat ID
ADDRESS = "杭州市西湖区文三路88号"
NOTES = "她先生在银行上班"
NEEDS = "想要温和的面霜"
PURCHASE_NOTE = "刷的尾号6222的卡"
CONTACT_NOTE = "聊到她女儿考研"
REMINDER_NOTE = "周五回电问快递"


@dataclass
class Secret:
    customer_id: int
    twin_id: int  # a second record of the same person (same phone): a duplicate pair
    name: str
    phone: str  # as the seller reads it: 15942790435 (the page writes 159 4279 0435)
    wechat: str

    def found_in(self, text: str) -> list[str]:
        digits = self.phone
        spaced = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        private = (self.name, digits, spaced, self.wechat, ADDRESS, NOTES, NEEDS)
        notes = (PURCHASE_NOTE, CONTACT_NOTE, REMINDER_NOTE)
        return [value for value in (*private, *notes) if value in text]


@pytest.fixture
def secret(book_path: Path) -> Secret:
    """The demo customer given an address, notes, needs and a note on each kind of record,
    a twin with their phone, and the rules: lock never (a slow run), surnames."""
    with Book.open(book_path, today=today) as book:
        with book._lock:
            (customer_id,) = book.conn.execute(
                "SELECT id FROM customers WHERE code = ?", (CODE,)
            ).fetchone()
        customer = book.get_customer(customer_id)
        assert customer.wechat and customer.phones
        update = {"address": ADDRESS, "notes": NOTES, "needs": NEEDS}
        customer = book.save_customer(customer.model_copy(update=update))
        book.add_purchase(
            Purchase(customer_id=customer_id, date=today(), amount=Decimal(88), note=PURCHASE_NOTE)
        )
        at = datetime.combine(today(), datetime.min.time())
        book.log_contact(
            Interaction(customer_id=customer_id, at=at, kind="call", note=CONTACT_NOTE)
        )
        book.set_reminder(Reminder(customer_id=customer_id, due=today(), note=REMINDER_NOTE))
        twin = book.save_customer(Customer(name=customer.name, phones=customer.phones))
        assert twin.id is not None
        book.set_rules(Rules(present_surnames=True, lock_minutes=0))
        phone = customer.phones[0].removeprefix("+86")
        return Secret(customer_id, twin.id, customer.name, phone, customer.wechat)


def screen_text(app: XiaobenApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def leaf_screens() -> set[type[Screen]]:
    """Every screen class of the app that is not only a base of others."""
    for module in pkgutil.walk_packages(xiaoben.tui.__path__, "xiaoben.tui."):
        importlib.import_module(module.name)
    found: set[type[Screen]] = set()
    pending: list[type] = [Screen]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("xiaoben.tui."):
                found.add(sub)
    return {cls for cls in found if not any(issubclass(o, cls) for o in found - {cls})}


class Walk:
    def __init__(self, app: XiaobenApp, pilot: Pilot[None]) -> None:
        self.app, self.pilot = app, pilot
        self.seen: dict[str, str] = {}
        self.visited: set[type[Screen]] = set()

    async def look(self, what: str) -> str:
        await settle(self.pilot)
        text = screen_text(self.app)
        self.seen[what] = text
        self.visited.add(type(self.app.screen))
        return text

    async def keys(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await settle(self.pilot)


@pytest.mark.long
def test_every_screen_in_presentation_mode_hides_the_customer(
    app_factory, secret: Secret, tmp_path: Path
) -> None:
    csv = write_csv(
        tmp_path / "more.csv",
        ["姓名,手机,微信,地址", f"李四,{secret.phone},{secret.wechat},{ADDRESS}", "赵五,1380,,"],
    )
    walk: list[Walk] = []

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        here = Walk(app, pilot)
        walk.append(here)
        await here.keys("f12")
        assert presenting()
        list_text = await here.look("list")
        assert shown_name(secret.name) in list_text  # 王某: the surname only

        app.action_open_customer(secret.customer_id)
        page = await here.look("page")
        assert f"{secret.phone[:3]}****{secret.phone[-4:]}" in page
        assert "（已隐藏）" in page
        for tab in "2345":
            await here.keys(tab)
            await here.look(f"page tab {tab}")
        await here.keys("1")
        for key, what in (("p", "purchase"), ("c", "contact"), ("r", "reminder"), ("a", "ask")):
            await here.keys(key)
            await here.look(f"page {what} dialog")
            await here.keys("escape")
        app.screen.action_edit()  # the profile form shows every field: not while presenting
        await here.keys()
        assert isinstance(app.screen, CustomerScreen)
        await here.keys("m")
        assert isinstance(app.screen, CustomerPicker)
        app.screen.query_one(TextBox).value = secret.phone[:5]
        await here.look("merge picker")
        app.screen.dismiss(secret.twin_id)
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        await here.look("merge")
        await here.keys("escape", "escape")

        await here.keys("f", "escape")
        await here.keys("f")
        await here.look("filters")
        await here.keys("escape")
        views = (("c", "columns"), ("V", "view name"), ("v", "views"), ("ctrl+p", "palette"))
        for key, what in views:
            await here.keys(key)
            await here.look(what)
            await here.keys("escape")
        await here.keys("down", "space", "b")  # mark the highlighted customer, bulk change
        await here.look("bulk")
        await here.keys("escape", "escape")
        await here.keys("f10")
        await here.look("fields")
        await here.keys("a")
        await here.look("field editor")
        await here.keys("escape", "escape")
        await here.keys("f3")
        await here.look("tiers")
        await here.keys("f5")
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        for index in range(queue.table.row_count):
            queue.table.move_cursor(index)
            item = queue.table.highlighted
            if item is not None and item.customer_id == secret.customer_id:
                break
        await here.look("queue")
        for key in ("d", "s"):
            await here.keys(key)
            await here.look(f"queue {key} dialog")
            await here.keys("escape")
        await here.keys("f8")
        await here.look("overview")
        await here.keys("f4")
        await here.look("rules")
        app.action_show_duplicates()
        await here.look("duplicates")
        await here.keys("enter")
        await here.look("duplicates merge")
        await here.keys("escape")
        app.action_new_customer()
        await here.look("new customer")
        # Another customer's phone (the form shows what is typed): whose it is, asked.
        with app.book._lock:
            (someone,) = app.book.conn.execute(
                "SELECT key FROM customer_keys WHERE kind = 'phone' AND customer_id NOT IN"
                " (?, ?) ORDER BY customer_id LIMIT 1",
                (secret.customer_id, secret.twin_id),
            ).fetchone()
        typed = someone.removeprefix("+86")
        await here.keys(*"王", "tab", *typed, "ctrl+s")
        asked = await here.look("same phone question")
        assert f"{typed[:3]}****{typed[-4:]} 已是" in asked
        await here.keys("escape", "escape", "y")  # back to the form, left without saving
        app.action_show_customers()
        await settle(pilot)

        await open_file(pilot, csv)
        await here.look("import preview")
        mapping = app.screen.query_one(MappingTable)
        mapping.focus()
        mapping.move_cursor(row=3)
        await here.keys("enter")
        await here.look("import field picker")
        await here.keys("escape")
        await map_column(pilot, 3, "notes")
        await here.look("import mapped")
        await import_now(pilot)
        await here.look("import report")
        await here.keys("escape")
        await here.keys("ctrl+l")
        await here.look("lock")
        await here.keys("space")

    run(app_factory(), story, size=(140, 45))

    here = walk[0]
    for what, text in here.seen.items():
        assert not secret.found_in(text), (what, secret.found_in(text))
    masked_phone = f"{secret.phone[:3]}****{secret.phone[-4:]}"
    surname = shown_name(secret.name)
    for what in ("list", "page", "page reminder dialog", "tiers", "queue", "queue d dialog",
                 "duplicates", "merge"):  # fmt: skip
        assert surname in here.seen[what], what
    for what in ("page", "merge", "page tab 2", "page tab 3", "queue"):
        assert "（已隐藏）" in here.seen[what], what
    assert masked_phone in here.seen["import preview"]
    assert "（已隐藏）" in here.seen["import report"]
    assert "小本已锁定" in here.seen["lock"] and surname not in here.seen["lock"]
    walked = {cls.__name__ for cls in here.visited}
    assert {cls.__name__ for cls in leaf_screens()} <= walked


def test_stopping_shows_the_customer_again(app_factory, secret: Secret) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.action_open_customer(secret.customer_id)
        await settle(pilot)
        assert secret.phone[:3] + " " in screen_text(app)
        await pilot.press("f12")
        await settle(pilot)
        assert not secret.found_in(screen_text(app))
        await pilot.press("f12")
        await settle(pilot)
        assert not presenting()
        assert NOTES in screen_text(app)
        assert secret.name in screen_text(app)

    run(app_factory(), story, size=(140, 45))


def test_names_stay_whole_unless_the_seller_chose_surnames(app_factory, secret: Secret) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        app.book.set_rules(Rules(present_surnames=False))
        await pilot.press("f12")
        app.action_open_customer(secret.customer_id)
        await settle(pilot)
        text = screen_text(app)
        assert secret.name in text
        assert secret.wechat not in text and secret.phone not in text

    run(app_factory(), story, size=(140, 45))


def test_the_palette_switches_it_and_the_footer_says_so(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        assert "演示中" not in screen_text(app)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"演示模式")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert presenting()
        assert "演示中" in screen_text(app)

    run(app_factory(), story)
    set_presentation(Presentation())


@pytest.mark.parametrize(("tab", "hidden"), [("1", PURCHASE_NOTE), ("2", CONTACT_NOTE)])
def test_enter_on_a_purchase_or_contact_while_presenting_opens_no_form(
    app_factory, secret: Secret, tab: str, hidden: str
) -> None:
    """The edit form shows every field as it is, to be edited: it would show the note the
    list hides. Enter says why nothing opens, in the seller's language."""

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f12")
        app.action_open_customer(secret.customer_id)
        await settle(pilot)
        await pilot.press(tab)
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert hidden not in screen_text(app)
        told = [str(notice.message) for notice in app._notifications]
        assert told == ["演示模式下不能编辑：表单会显示已隐藏的内容。按 F12 退出演示模式"]
        app.screen.action_edit_row()  # the palette's "edit the highlighted record" too
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)

    run(app_factory(), story, size=(140, 45))


# One custom field of each kind, and a value of it for the secret customer.
OWN_FIELDS = (
    ("身份证号", FieldKind.TEXT, (), "330102199001011234"),
    ("鞋码", FieldKind.NUMBER, (), "38.5"),
    ("入群日", FieldKind.DATE, (), "2025-07-19"),
    ("肤质", FieldKind.CHOICE, ("干性", "油性"), "油性"),
    ("直播间", FieldKind.CHOICES, ("早场", "晚场"), "晚场"),
    ("已加群", FieldKind.YES_NO, (), "是"),
)


def test_presenting_hides_exactly_the_own_fields_a_redacted_copy_drops(
    app_factory, secret: Secret, book_path: Path, tmp_path: Path
) -> None:
    """One definition for a shared copy and a shared screen: a custom field's value is on
    the page and in the list while presenting exactly when `export --redact` keeps it."""
    with Book.open(book_path, today=today) as book:
        fields = [
            book.add_field(
                FieldDef(kind=kind, label_zh=name, label_en=name, options=list(options),
                         in_list=True)
            )
            for name, kind, options, _ in OWN_FIELDS
        ]  # fmt: skip
        customer = book.get_customer(secret.customer_id)
        book.save_customer(
            customer, {f.id: value for f, (*_, value) in zip(fields, OWN_FIELDS, strict=True)}
        )
        book.export(tmp_path / "red.db", redact=True)
    with Book.open(tmp_path / "red.db", today=today) as redacted:
        kept = redacted.field_values(secret.customer_id)
    assert kept and len(kept) < len(OWN_FIELDS)  # the text one is dropped, the others kept
    seen: dict[str, str] = {}

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("f12")
        await pilot.press("slash", *CODE)
        await settle(pilot)
        seen["list"] = screen_text(app)
        app.action_open_customer(secret.customer_id)
        await settle(pilot)
        seen["page"] = screen_text(app)

    run(app_factory(), story, size=(240, 45))
    for field, (name, _, _, value) in zip(fields, OWN_FIELDS, strict=True):
        assert (f"{name} {value}" in seen["page"]) == (field.id in kept), name
    assert "330102199001011234" not in seen["list"]
    assert "晚场" in seen["list"] and "（已隐藏" in seen["list"]  # the column cuts it


@pytest.mark.parametrize("typed", ["phone", "notes"])
def test_a_search_typed_before_presenting_is_hidden_and_comes_back_after(
    app_factory, secret: Secret, typed: str
) -> None:
    """The list searched by a phone (or a note) the seller typed, then F12: neither the box
    nor the list's summary shows what was typed; the list still shows what it found."""
    search = secret.phone if typed == "phone" else NOTES

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *search)
        await settle(pilot)
        assert search in screen_text(app)
        await pilot.press("f12")
        await settle(pilot)
        text = screen_text(app)
        assert not secret.found_in(text), secret.found_in(text)
        assert app.screen.search_box.value == app.screen.list_query.search == search
        if typed == "phone":
            assert shown_name(secret.name) in text  # the list still holds what it found
        await pilot.press("f12")
        await settle(pilot)
        assert search in screen_text(app)

    run(app_factory(), story, size=(140, 45))
