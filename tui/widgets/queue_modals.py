"""The queue's two small questions: a note when an item is done, the day to snooze it to.

DoneModal returns the note ("" for none) or None when cancelled (Esc asks first when a
note is typed); SnoozeModal returns the
day (after today) or None. Saving is the caller's job.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic_core import PydanticCustomError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from xiaoben.models.errors import field_rule
from xiaoben.models.followup import SNOOZE_DAYS_MAX, FollowUp, snooze_too_far
from xiaoben.models.i18n import t
from xiaoben.models.text import printable
from xiaoben.models.values import parse_date
from xiaoben.tui.formatting import when_due
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.entry_modals import relative_days, resolve_day
from xiaoben.tui.widgets.inputs import ButtonBox, TextBox
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.wrapped import WrappedText

MODAL_CSS = """
{name} {{
    align: center middle;
}}
{name} > #dialog {{
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}}
{name} .modal-title {{
    text-style: bold;
    color: $text-accent;
}}
{name} .modal-about {{
    color: $text-muted;
}}
{name} .modal-row {{
    height: auto;
    margin-top: 1;
}}
{name} .modal-label {{
    width: 8;
    color: $text-muted;
}}
{name} .modal-row:focus-within > .modal-label {{
    color: $text-accent;
    text-style: bold;
}}
{name} .modal-row Input {{
    width: 1fr;
    background: $boost;
}}
{name} .modal-row Button {{
    margin-right: 2;
}}
{name} .field-error {{
    margin-left: 8;
}}
{name} .modal-hint {{
    color: $text-muted;
    margin-top: 1;
}}
"""


def about(item: FollowUp) -> str:
    """What the item is, in one line: 提醒 · 回访新品 · 逾期 3 天."""
    parts = [item.reason.label(), item.detail, when_due(item.days_overdue)]
    return printable(" · ".join(part for part in parts if part))


class DoneModal(ModalScreen[str | None]):
    """Mark `item` done, with an optional note: Enter confirms, Esc cancels."""

    DEFAULT_CSS = MODAL_CSS.format(name="DoneModal")
    BINDINGS = [
        Binding("escape", "cancel", "common.cancel", tooltip="common.cancel", id="c"),
    ]

    def __init__(self, item: FollowUp) -> None:
        super().__init__()
        self.item = item
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            title = t("queue.done.title", name=self.item.name)
            yield Static(title, classes="modal-title", markup=False)
            yield WrappedText(about(self.item), classes="modal-about", markup=False)
            with Horizontal(classes="modal-row"):
                yield Label(label("queue.done.note"), classes="modal-label")
                yield TextBox(placeholder=label("queue.done.note_hint"), compact=True, id="note")
            yield WrappedText(label("queue.done.hint"), classes="modal-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def _confirmed(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Esc: closes at once when no note is typed, else asks before dropping it (as
        the customer page's entry modals do)."""
        if not self.query_one("#note", Input).value.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = label("page.modal.discard_question")
        self.app.push_screen(
            ConfirmDialog(question, "profile.discard", "common.keep_editing"), answered
        )


# What the date box takes for the two buttons: 1 and Enter a day, 2 and Enter a week.
SHORTCUT_DAYS = {"1": 1, "2": 7}


class SnoozeModal(ModalScreen[date | None]):
    """Snooze `item`: 1 and Enter a day, 2 and Enter a week, or a typed date (12-31 or
    12月31日: the next such day; YYYY-MM-DD, +N) and Enter. The date box has the focus and
    takes every key: 1 and 2 were bindings of their own, and every date (2027-…) snoozed a
    week on its first digit, the rest of it falling through to the queue."""

    DEFAULT_CSS = MODAL_CSS.format(name="SnoozeModal")
    BINDINGS = [
        Binding("escape", "cancel", "common.cancel", tooltip="common.cancel", id="c"),
    ]

    def __init__(self, item: FollowUp, today: date) -> None:
        super().__init__()
        self.item = item
        self.today = today
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        day, week = self.today + timedelta(days=1), self.today + timedelta(days=7)
        with Vertical(id="dialog"):
            title = t("queue.snooze.title", name=self.item.name)
            yield Static(title, classes="modal-title", markup=False)
            yield WrappedText(about(self.item), classes="modal-about", markup=False)
            with Horizontal(classes="modal-row"):
                yield Label("", classes="modal-label")
                day_text = "1  " + t("queue.snooze.day", date=f"{day:%m-%d}")
                week_text = "2  " + t("queue.snooze.week", date=f"{week:%m-%d}")
                yield ButtonBox(day_text, id="day", compact=True, variant="primary")
                yield ButtonBox(week_text, id="week", compact=True)
            with Horizontal(classes="modal-row"):
                yield Label(label("queue.snooze.date"), classes="modal-label")
                month_day, full = self._examples()
                hint = t("queue.snooze.date_hint", month_day=month_day, full=full)
                yield TextBox(placeholder=hint, compact=True, id="until")
            yield WrappedText("", classes="field-error", id="until-error", markup=False)
            yield WrappedText(label("queue.snooze.hint"), classes="modal-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#until-error").display = False
        self.query_one("#until", Input).focus()

    def action_pick(self, days: int) -> None:
        self.dismiss(self.today + timedelta(days=days))

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_pick(1 if event.button.id == "day" else 7)

    @on(Input.Submitted, "#until")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        days = SHORTCUT_DAYS.get(event.value.strip())
        if days is not None:
            self.action_pick(days)
            return
        until, problem = self.check(event.value)
        error = self.query_one("#until-error", Static)
        error.update(problem)
        error.display = bool(problem)
        if until is not None:
            self.dismiss(until)

    @on(Input.Changed, "#until")
    def _retyped(self) -> None:
        error = self.query_one("#until-error", Static)
        if error.display:
            error.display = False

    def check(self, text: str) -> tuple[date | None, str]:
        """The day typed, or the reason it will not do (in the seller's words)."""
        if not text.strip():
            return None, label("queue.snooze.need_date")
        if (relative_days(text) or 0) > SNOOZE_DAYS_MAX:  # +99999: past any date, too
            return None, snooze_too_far(self.today, text.strip()).message()
        try:
            until = parse_date(resolve_day(text, self.today, ahead=True))
        except PydanticCustomError as problem:
            rule = problem.type.removeprefix("xb.")
            values = problem.context or {}
            month_day, full = self._examples()
            said = (
                t(
                    "queue.snooze.date_format",
                    value=values.get("value", text),
                    month_day=month_day,
                    full=full,
                )
                if rule == "date_format"  # the ways this box takes, with days to come
                else t(f"rule.{rule}", **values)
            )
            return None, field_rule(label("queue.snooze.date"), said)
        if until <= self.today:
            return None, t("queue.snooze.not_after", today=self.today.isoformat())
        if until > self.today + timedelta(days=SNOOZE_DAYS_MAX):
            return None, snooze_too_far(self.today, text.strip()).message()
        return until, ""

    def _examples(self) -> tuple[str, str]:
        """A day a week on, as the box takes it: month-day and year-month-day."""
        example = self.today + timedelta(days=7)
        return f"{example:%m-%d}", example.isoformat()

    def error_text(self) -> str:
        error = self.query_one("#until-error", Static)
        return str(error.render()) if error.display else ""

    def action_cancel(self) -> None:
        self.dismiss(None)
