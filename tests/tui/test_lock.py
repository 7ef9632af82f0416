"""The lock: after the idle minutes of the rule (or ctrl+l at once) nothing of the book is
on screen until a key (a plain book) or the passphrase (an encrypted book) unlocks it."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from tests.tui.pilot import buyer, run, settle, today
from xiaoben.models.rules import Rules
from xiaoben.tui.app import XiaobenApp, make_app
from xiaoben.tui.messages import OpenCustomer
from xiaoben.tui.screens.customer import CustomerScreen
from xiaoben.tui.screens.customers import CustomersScreen
from xiaoben.tui.screens.lock import LockScreen
from xiaoben.tui.screens.rules import RulesScreen
from xiaoben.tui.settings import Settings


def screen_text(app: XiaobenApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class IdleChecks:
    """The app's idle check, counted: a test waits for checks to run, not for a time (on a
    loaded machine a 0.1 s pause can pass with no check run at all)."""

    def __init__(self, app: XiaobenApp) -> None:
        self.check = app.lock_if_idle
        self.count = 0

    def __call__(self) -> None:
        self.check()
        self.count += 1


def clocked_app(book_path: Path, clock: FakeClock, lang: str = "zh") -> XiaobenApp:
    app = make_app(book_path, today=today, settings=Settings(language=lang), clock=clock)
    app.idle_check_seconds = 0.02
    setattr(app, "lock_if_idle", IdleChecks(app))  # noqa: B010 - before on_mount's interval
    return app


async def after_idle_checks(pilot: Pilot, count: int = 2) -> None:
    """Wait until the app has run `count` more idle checks (the clock moved before them)."""
    checks = pilot.app.lock_if_idle  # type: ignore[attr-defined]  # a XiaobenApp's
    assert isinstance(checks, IdleChecks)
    target = checks.count + count
    for _ in range(3000):  # 60 s at most, however loaded the machine
        await pilot.pause(0.02)
        if checks.count >= target:
            return
    raise AssertionError(f"the idle check ran {checks.count} times, never {target}")


def shown_names(app: XiaobenApp) -> list[str]:
    with app.book._lock:
        rows = app.book.conn.execute("SELECT name FROM customers ORDER BY code LIMIT 5")
        return [name for (name,) in rows]


def test_ctrl_l_hides_every_customer_and_any_key_unlocks(app_factory) -> None:
    seen: dict[str, str] = {}

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        names = shown_names(app)
        assert any(name in screen_text(app) for name in names)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        seen["locked"] = screen_text(app)
        assert not any(name in seen["locked"] for name in names)
        await pilot.press("f3")  # unlocks, and does nothing else
        await settle(pilot)
        assert not app.locked
        assert isinstance(app.screen, CustomersScreen)
        assert any(name in screen_text(app) for name in names)

    run(app_factory(), story)
    assert "小本已锁定" in seen["locked"]
    assert "按任意键继续" in seen["locked"]


def test_the_lock_covers_a_customer_page_and_its_notices(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app)
        app.action_open_customer(customer_id)
        await settle(pilot)
        name = app.book.get_customer(customer_id).name
        app.notify(f"已保存 {name}")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert name not in screen_text(app)
        assert not app._notifications  # the toast naming them is held, not shown
        app.notify(f"备份完成 {name}")  # a worker's notice while locked waits too
        assert not app._notifications
        await pilot.press("ctrl+p")  # unlocks, and opens no palette
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert len(app._notifications) == 1

    run(app_factory(), story)


def test_idle_minutes_of_the_rule_lock_the_app(book_path: Path) -> None:
    clock = FakeClock()

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        app.book.set_rules(Rules(lock_minutes=2))
        await settle(pilot)
        clock.now += 119
        await after_idle_checks(pilot)
        assert not app.locked
        await pilot.press("down")  # the seller is here: the idle time starts again
        clock.now += 100
        await after_idle_checks(pilot)
        assert not app.locked
        clock.now += 21
        await after_idle_checks(pilot)
        assert app.locked
        assert isinstance(app.screen, LockScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not app.locked
        clock.now += 60  # unlocking counts as being here
        await after_idle_checks(pilot)
        assert not app.locked

    app = clocked_app(book_path, clock)
    run(app, story)
    app.book.close()


def test_the_default_rule_locks_after_ten_minutes_and_zero_never(book_path: Path) -> None:
    clock = FakeClock()

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        assert app.book.rules().lock_minutes == 10
        clock.now += 599
        await after_idle_checks(pilot)
        assert not app.locked
        clock.now += 1
        await after_idle_checks(pilot)
        assert app.locked
        await pilot.press("space")
        app.book.set_rules(Rules(lock_minutes=0))
        await settle(pilot)
        clock.now += 10 * 24 * 3600
        await after_idle_checks(pilot)
        assert not app.locked

    app = clocked_app(book_path, clock)
    run(app, story)
    app.book.close()


def test_an_encrypted_book_unlocks_with_its_passphrase_only(book_path: Path) -> None:
    from xiaoben.store.book import Book

    with Book.open(book_path, today=today) as book:  # a real encrypted book
        book.conn.execute("DELETE FROM meta WHERE key = 'demo'")  # the demo stays plain
        book.change_passphrase("芝麻开门")
    app = make_app(book_path, today=today, settings=Settings(language="zh"), passphrase="芝麻开门")
    assert app.book.encrypted
    checked: list[str] = []
    real = app.book.verifies_passphrase

    def verifies(text: str) -> bool:
        checked.append(text)
        return real(text)

    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        app.book.verifies_passphrase = verifies  # type: ignore[method-assign]  # to count the checks
        await pilot.press("ctrl+l")
        await settle(pilot)
        field = app.screen.query_one("#lock-passphrase")
        assert field.password  # type: ignore[attr-defined]
        assert "输入账本口令" in screen_text(app)
        await pilot.press("x")  # a key alone does not unlock
        await settle(pilot)
        assert app.locked
        await pilot.press("backspace", *"open", "enter")
        await settle(pilot)
        assert app.locked
        assert "口令不对" in screen_text(app)
        assert "open" not in screen_text(app)
        await pilot.press(*"芝麻开门", "enter")
        await settle(pilot)
        assert not app.locked
        assert isinstance(app.screen, CustomersScreen)

    run(app, story)
    app.book.close()
    assert checked == ["open", "芝麻开门"]


def test_a_screen_opened_while_locked_waits_until_unlocked(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        customer_id = buyer(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        app.post_message(OpenCustomer(customer_id))  # a worker's answer arriving
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert not await app.run_action("show_tiers")  # no action runs under the lock
        assert isinstance(app.screen, LockScreen)
        await pilot.press("space")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert app.screen.customer_id == customer_id

    run(app_factory(), story)


def test_the_palette_locks(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"立即锁定")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)

    run(app_factory(), story)


def test_the_rules_screen_sets_the_lock_minutes_and_surnames(app_factory) -> None:
    async def story(app: XiaobenApp, pilot: Pilot) -> None:
        await pilot.press("f4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RulesScreen)
        minutes = screen.query_one("#in-lock_minutes", Input)
        assert minutes.value == "10"
        minutes.value = "-1"
        await settle(pilot)
        assert screen.query_one("#err-lock_minutes").display  # 0 (never) or more
        minutes.value = "3"
        screen.query_one("#in-present_surnames", Checkbox).value = True
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        rules = app.book.rules()
        assert (rules.lock_minutes, rules.present_surnames) == (3, True)

    run(app_factory("en"), story)
