"""Small entry modals of the customer page: a purchase, a contact, a reminder.

Each returns a model validated by models/ (or None when cancelled). Given a `saver` (the
book's verb), a modal saves the model itself, in a worker, and returns what the book saved:
a save the book refuses (a full disk, a conflict) is shown in the modal, which stays open
with what was typed. Problems are shown beside their field in the model's own words
("金额: 不能为负数"). Esc asks before it throws away anything typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea
from textual.worker import Worker

from xiaoben.models.customer import Customer
from xiaoben.models.days import next_month_day
from xiaoben.models.enums import Channel, InteractionKind, Labelled, Outcome
from xiaoben.models.errors import BookError, FieldError, describe, field_rule
from xiaoben.models.i18n import field_key, t
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import failure_detail, tell_failure, worker_error
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.presenting import Named, customer_label, shown_name
from xiaoben.tui.widgets.badges import chip_lines
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.inputs import KeysOneAtATime, TextBox, run_own_binding
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.leaving import EndsOnTop, leave_asking
from xiaoben.tui.widgets.wrapped import WrappedText

ModelT = TypeVar("ModelT", bound=BaseModel)

_RELATIVE_DAYS = re.compile(r"^([+-])\s*(\d+)$")
_RELATIVE_MAX = 9999  # days: beyond, the text is left as typed (no date that far)


def relative_days(text: str) -> int | None:
    """The days from today of "+3" or "-1"; None for anything else."""
    match = _RELATIVE_DAYS.match(text.strip())
    if match is None:
        return None
    return int(match.group(2)) * (1 if match.group(1) == "+" else -1)


def resolve_day(text: str, today: date, ahead: bool = False) -> str:
    """Days from today written "+3" or "-1"; with `ahead` (the box of a day to come), a
    month and day alone (12-31, 12月31日) as the next such day, today or after (a problem
    when there is no such day: 04-31); anything else is left for the model to parse."""
    if ahead:
        coming = next_month_day(text, today)
        if coming is not None:
            return coming.isoformat()
    days = relative_days(text)
    if days is None or abs(days) > _RELATIVE_MAX:
        return text
    return (today + timedelta(days=days)).isoformat()


class ChoiceRow(Widget, can_focus=True):
    """Pick one of a few labelled options with one key each (1, 2, 3 …), or ←/→. Text typed
    on the row (a letter, a 汉字, a digit it has no option for) is the next text field's:
    the focus moves there and the text goes in (`c 2 微信聊了…`: the kind, then the note),
    where it was dropped without a word."""

    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
    ]
    COMPONENT_CLASSES = {"choice-row--key", "choice-row--selected"}
    DEFAULT_CSS = """
    ChoiceRow {
        height: auto;
        width: 1fr;
        &:focus { background-tint: $foreground 5%; }
        & > .choice-row--key { color: $text-accent; text-style: bold; }
        & > .choice-row--selected { background: $accent; color: $text; text-style: bold; }
    }
    """

    value: reactive[str | None] = reactive(None, layout=True)

    @dataclass
    class Changed(Message):
        choice_row: ChoiceRow
        value: str | None

        @property
        def control(self) -> ChoiceRow:
            return self.choice_row

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        *,
        value: str | None = None,
        allow_blank: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.options = list(options)[:9]  # one digit each
        self.allow_blank = allow_blank
        self.set_reactive(ChoiceRow.value, value)

    def select(self, value: str | None) -> None:
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self, value))

    def _digit_keys(self) -> list[str]:
        return [str(number) for number in range(1, len(self.options) + 1)]

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Its digits choose, Backspace clears (where blank is allowed): not bindings."""
        clears = key in ("backspace", "delete") and self.allow_blank
        return clears or (character is not None and character in self._digit_keys())

    async def _on_key(self, event: events.Key) -> None:
        # ← → run now, and a key that came after the focus left goes on (inputs.py).
        if await run_own_binding(self, event):
            return
        if not self.check_consume_key(event.key, event.character):
            self._text_to_next_field(event)
            return
        event.stop()
        event.prevent_default()
        keys = self._digit_keys()
        if event.character in keys:
            chosen = self.options[keys.index(event.character)][0]
            self.select(None if chosen == self.value and self.allow_blank else chosen)
        else:
            self.select(None)

    def _text_to_next_field(self, event: events.Key) -> None:
        """A printable key (not a space) typed on the row: focus the next text field and
        hand the key to it (before the keys typed after it). Nothing after: left alone."""
        if not event.is_printable or event.character is None or not event.character.strip():
            return
        key = events.Key(event.key, event.character)
        key.time = event.time
        self._hand_to_next_field(event, key)

    def _on_paste(self, event: events.Paste) -> None:
        """A paste on the row (a chat excerpt after `c 2`) is the next text field's, as
        typed text is, pasted there by its rules (a one-line note joins the lines, a
        multi-line one keeps them). It was dropped without a word."""
        self._hand_to_next_field(event, events.Paste(event.text))

    def _hand_to_next_field(
        self, event: events.Key | events.Paste, text: events.Key | events.Paste
    ) -> None:
        """Focus the next text field after the row and hand it `text` (for `event`)."""
        chain = self.screen.focus_chain
        after = chain[chain.index(self) + 1 :] if self in chain else []
        fields = (widget for widget in after if isinstance(widget, Input | TextArea))
        field = next(fields, None)
        if field is None:
            return
        event.stop()
        event.prevent_default()
        self.screen.set_focus(field, scroll_visible=False)  # now: the text follows
        app = self.app
        if isinstance(app, KeysOneAtATime):
            app.pass_on(text)  # ahead of the keys the App still holds: it came first
        else:
            app.post_message(text)

    def action_move(self, step: int) -> None:
        values = [value for value, _ in self.options]
        if self.value in values:
            position = (values.index(self.value) + step) % len(values)
        else:
            position = 0 if step > 0 else len(values) - 1
        self.select(values[position])

    def _chips(self) -> list[tuple[str, str, bool]]:
        return [
            (str(number), text, value == self.value)
            for number, (value, text) in enumerate(self.options, start=1)
        ]

    def _widths(self) -> list[int]:
        return [cell_len(f" {key} {text} ") for key, text, _ in self._chips()]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(chip_lines(self._widths(), max(width, 1)))

    def render(self) -> Content:
        chips = self._chips()
        key_style = self.get_visual_style("choice-row--key")
        selected_style = self.get_visual_style("choice-row--selected")
        rows: list[Content] = []
        for indexes in chip_lines(self._widths(), max(self.content_size.width, 1)):
            parts: list[str | Content] = []
            for position, index in enumerate(indexes):
                key, text, selected = chips[index]
                if position:
                    parts.append(" ")
                if selected:
                    parts.append(Content.styled(f" {key} {text} ", selected_style))
                else:
                    parts.append(Content.assemble(" ", Content.styled(key, key_style), f" {text} "))
            rows.append(Content.assemble(*parts))
        return Content("\n").join(rows)


def _enum_options(enum: type[Labelled]) -> list[tuple[str, str]]:
    return [(member.value, member.label()) for member in enum]


@dataclass(frozen=True)
class Field:
    name: str  # the model field it fills
    value: str = ""
    placeholder: str = ""
    choices: Sequence[tuple[str, str]] | None = None  # a ChoiceRow instead of an Input
    required_choice: bool = False


@dataclass(frozen=True)
class Followed:
    """The customer a modal's record was first for, when it followed her into another
    (merged elsewhere): it goes back to her if that merge is undone."""

    customer_id: int
    name: str  # her name as it was
    into: str  # the label of whom she was merged into (the words of a move back)


class EntryModal(EndsOnTop, ReachesTheBook, ModalScreen[ModelT | None], Generic[ModelT]):
    """A titled column of fields; Enter (or ctrl+s) validates and returns the model."""

    DEFAULT_CSS = """
    EntryModal {
        align: center middle;
    }
    EntryModal > #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    EntryModal .entry-title {
        text-style: bold;
        color: $text-accent;
    }
    EntryModal .entry-row {
        height: auto;
        margin-top: 1;
    }
    EntryModal .entry-label {
        width: 10;
        color: $text-muted;
    }
    EntryModal .entry-row:focus-within > .entry-label {
        color: $text-accent;
        text-style: bold;
    }
    EntryModal .entry-row Input {
        width: 1fr;
        background: $boost;
    }
    EntryModal .field-error {
        margin-left: 10;
    }
    EntryModal #error-form {
        margin-left: 0;
    }
    EntryModal .entry-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "common.cancel", tooltip="common.cancel", id="cancel"),
        Binding("ctrl+s", "save", "common.save", tooltip="common.save", id="save"),
        Binding("enter", "save", "common.save", show=False, id="save_enter"),
    ]

    customer_id: int  # whose record it is (each subclass sets it)

    def __init__(
        self,
        title: str,
        saver: Callable[[ModelT], ModelT] | None = None,
        title_key: str | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        # The title's words without her name: the record typed or edited here follows her
        # if she is merged into another elsewhere (her records move there by id, versions
        # and all); None: it does not.
        self.title_key = title_key
        # The book's verb that saves the model (run in a worker), or None: the caller saves.
        self.saver = saver
        self.followed: Followed | None = None  # moved to whom she was merged into
        # The customers it was for (set by the page, then whom it moved to): a refusal that
        # one is gone from the book names her.
        self.known: list[Named] = []
        self._saving = False  # a save is under way: Enter, Esc and every way out wait for it
        self._shown_errors: set[str] = set()
        self._untouched: dict[str, str | None] = {}  # the values as the modal opened
        translate_bindings(self)

    # ---- what a subclass provides ----------------------------------------------------

    def fields(self) -> list[Field]:
        """The modal's fields, top-down (each subclass lists its own)."""
        return []

    def build(self, values: dict[str, str | None]) -> ModelT:
        """The model from the fields' values (raises pydantic's ValidationError)."""
        raise TypeError(f"{type(self).__name__} must define build()")

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, classes="entry-title", markup=False)
            yield WrappedText("", classes="field-error", id="error-form", markup=False)
            for field in self.fields():
                with Horizontal(classes="entry-row", id=f"row-{field.name}"):
                    yield Label(label(field_key(field.name)), classes="entry-label")
                    if field.choices is not None:
                        yield ChoiceRow(
                            field.choices,
                            value=field.value or None,
                            allow_blank=not field.required_choice,
                            id=f"field-{field.name}",
                        )
                    else:
                        yield TextBox(
                            field.value,
                            placeholder=field.placeholder,
                            compact=True,
                            id=f"field-{field.name}",
                            # a new entry's value is a default (today): typing replaces it
                            select_on_focus=getattr(self, "editing", None) is None,
                        )
                yield WrappedText("", classes="field-error", id=f"error-{field.name}", markup=False)
            has_choices = any(field.choices is not None for field in self.fields())
            hint = "page.modal.hint" if has_choices else "page.modal.hint_plain"
            yield WrappedText(label(hint), classes="entry-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        first = self.fields()[0].name
        self.query_one(f"#field-{first}").focus()
        self._untouched = self.values()

    # ---- values and errors -------------------------------------------------------------

    def values(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for field in self.fields():
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Input | ChoiceRow):
                found[field.name] = widget.value
        return found

    def _problems(self) -> tuple[ModelT | None, list[FieldError]]:
        try:
            return self.build(self.values()), []
        except ValidationError as exc:
            return None, describe(exc)

    def _show(self, problems: list[FieldError], only: set[str] | None = None) -> None:
        names = {field.name for field in self.fields()}
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            name = problem.field.split(".")[0]
            by_field.setdefault(name if name in names else "form", []).append(problem.message)
        for name in [*names, "form"]:
            if only is not None and name not in only:
                continue
            error = self.query_one(f"#error-{name}", Static)
            messages = by_field.get(name, [])
            error.update("\n".join(messages))
            error.display = bool(messages)
            if messages:
                self._shown_errors.add(name)
            else:
                self._shown_errors.discard(name)

    def error_text(self, name: str) -> str:
        """The problem shown beside field `name` ("" when none)."""
        error = self.query_one(f"#error-{name}", Static)
        return str(error.render()) if error.display else ""

    @on(Input.Changed)
    @on(ChoiceRow.Changed)
    def _recheck(self) -> None:
        # While typing, only clear (or update) problems already shown; new ones wait for Enter.
        if self._shown_errors:
            self._show(self._problems()[1], only=set(self._shown_errors))

    # ---- actions -----------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self._saving:
            return
        model, problems = self._problems()
        if model is None:
            self._show(problems)
            first = next((f.name for f in self.fields() if f.name in self._shown_errors), None)
            if first is not None:
                self.query_one(f"#field-{first}").focus()
            return
        if self.saver is None:
            self.dismiss(model)
            return
        self._saving = True
        self._save(model, self.saver)

    @work(thread=True, exclusive=True, exit_on_error=False, group="entry-save")
    def _save(self, model: ModelT, saver: Callable[[ModelT], ModelT]) -> None:
        followed, whose = self.followed, getattr(model, "customer_id", None)
        try:
            if followed is not None and isinstance(whose, int) and whose != followed.customer_id:
                # on the survivor only while she is still merged there (not undone meanwhile)
                saved = self.book.saved_as_merged(followed.customer_id, whose, lambda: saver(model))
            else:
                saved = saver(model)
        except BookError as exc:
            if exc.key == "store.merge_undone" and followed is not None:
                now = self.book.where_now(followed.customer_id)
                if now is None:
                    raise
                self.app.call_from_thread(self._refused_moved, followed, now)
                return
            merged = self._merged_away(exc, model)
            if merged is None:
                raise
            self.app.call_from_thread(self._refused_merged, *merged)
            return
        self.app.call_from_thread(self._saved, saved)

    def _merged_away(self, error: BookError, model: ModelT) -> tuple[Customer, str] | None:
        """(whom into, her name) when the save was refused because her customer was merged
        into another elsewhere meanwhile and this is a new record, which can follow her.
        Hers as the model was built: the page may have moved the modal on meanwhile."""
        gone = error.key == "store.not_found" and error.values.get("what") == "customer"
        whose = getattr(model, "customer_id", None)
        if not gone or error.values.get("key") != whose or self.title_key is None:
            return None
        assert isinstance(whose, int)
        return self.book.merged_into(whose)

    def _refused_merged(self, survivor: Customer, name: str) -> None:
        self._saving = False
        self.moved_to(survivor, name)

    def _refused_moved(self, followed: Followed, now: Customer) -> None:
        """The save on the survivor was refused: the merge her record followed is undone
        (`now` is she, in the book again) or she was merged on (`now` is whom into)."""
        self._saving = False
        if now.id == followed.customer_id:
            self.moved_back(now)
        else:
            self.moved_to(now, followed.name)

    def moved_to(self, survivor: Customer, name: str) -> bool:
        """Her customer (`name`) was merged into `survivor` elsewhere: the record typed or
        edited here is now the survivor's, as the page beneath shows (an edited one moved
        there by id, its version as it was); the title names the survivor and the form says
        why (nothing typed is lost). False where the modal does not follow her."""
        if self.title_key is None or survivor.id is None:
            return False
        told = self.customer_id == survivor.id  # (the page moved it, then the save came back)
        into = customer_label(survivor)
        if self.followed is None:
            self.followed = Followed(self.customer_id, name, into)
        else:  # merged on (A into B, then B into C): still hers, now in C
            self.followed = replace(self.followed, into=into)
        self.customer_id = survivor.id
        self.known.append(survivor)
        editing = getattr(self, "editing", None)
        if editing is not None:
            self.editing = editing.model_copy(update={"customer_id": survivor.id})
        self.title_text = _titled(self.title_key, shown_name(survivor.name))
        said = t("page.modal.merged_away", name=shown_name(name), who=customer_label(survivor))
        if self.is_mounted:  # else composed with the survivor's title already
            self.query_one(".entry-title", Static).update(self.title_text)
            self._show([FieldError("form", said)], only={"form"})
        if not told:
            self.notify(said, severity="warning", markup=False)
        return True

    def moved_back(self, restored: Customer) -> bool:
        """The merge her record followed was undone elsewhere: `restored` is she, a customer
        of her own again; the record typed or edited here is hers again (an edited one went
        back to her by id). Retitled, the form says why, nothing typed is lost. False where
        the modal did not follow her (or is back already)."""
        followed = self.followed
        if followed is None or self.title_key is None or restored.id != followed.customer_id:
            return False
        self.followed = None
        self.customer_id = restored.id
        self.known.append(restored)
        editing = getattr(self, "editing", None)
        if editing is not None:
            self.editing = editing.model_copy(update={"customer_id": restored.id})
        self.title_text = _titled(self.title_key, shown_name(restored.name))
        said = t("page.modal.merge_undone", name=customer_label(restored), who=followed.into)
        if self.is_mounted:
            self.query_one(".entry-title", Static).update(self.title_text)
            self._show([FieldError("form", said)], only={"form"})
        self.notify(said, severity="warning", markup=False)
        return True

    def _saved(self, saved: ModelT) -> None:
        self._saving = False
        self.when_on_top(lambda: self.dismiss(saved))

    def still_saving(self) -> str | None:
        return label("page.modal.still_saving") if self._saving else None

    def busy(self) -> bool:
        """Keys typed during the save wait for its end (tui/widgets/inputs.py): the modal
        closes, and they go to the page beneath as typed there after it."""
        return self._saving

    @on(Worker.StateChanged)
    def _save_failed(self, event: Worker.StateChanged) -> None:
        """A save the book refused: said in the modal, which keeps what was typed."""
        error = worker_error(event, "entry-save")
        if error is None:
            return
        event.stop()
        self._saving = False
        self._show([FieldError("form", failure_detail(error, self.known))], only={"form"})
        tell_failure(self, error, known=self.known)

    def has_typed(self) -> bool:
        """Whether any field differs from what the modal opened with."""
        return self.values() != self._untouched

    def has_unsaved_changes(self) -> bool:
        return self.has_typed()

    def discard_question(self) -> ConfirmDialog:
        question = label("page.modal.discard_question")
        return ConfirmDialog(question, "profile.discard", "common.keep_editing")

    def close_discarding(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        leave_asking(self)  # while the save runs: says so, and the save decides


def _given(values: dict[str, str | None], *names: str) -> dict[str, Any]:
    """The fields the seller filled in; blank ones are left to the model's defaults."""
    return {name: values[name] for name in names if values.get(name) not in (None, "")}


def _titled(key: str, customer_name: str) -> str:
    return f"{label(key)} · {customer_name}" if customer_name else label(key)


class PurchaseModal(EntryModal[Purchase]):
    """Record a purchase: amount first, date defaulting to today; Enter saves."""

    def __init__(
        self,
        customer_id: int,
        today: date,
        *,
        customer_name: str = "",
        channel: Channel | None = None,
        large: Decimal | None = None,
        editing: Purchase | None = None,
        saver: Callable[[Purchase], Purchase] | None = None,
    ) -> None:
        self.customer_id = customer_id
        self.today = today
        self.channel = editing.channel if editing is not None else channel
        # An amount above the large-purchase rule is most likely a slip of the fingers
        # (12000 for 120.00): it is saved only when Enter is pressed again on that amount.
        self.large = large
        # The purchase being edited: its fields fill the modal, and what the modal does not
        # show (cost, refund) is kept as it was.
        self.editing = editing
        self._confirmed: Decimal | None = editing.amount if editing is not None else None
        title = "page.edit.purchase" if editing is not None else "page.cmd.purchase"
        super().__init__(_titled(title, customer_name), saver, title)

    def _problems(self) -> tuple[Purchase | None, list[FieldError]]:
        model, problems = super()._problems()
        if model is not None and model.date > self.today:
            # a typo (2062 for 2026), refused as the importer refuses it
            said = t("rule.date_future", today=self.today.isoformat())
            return None, [FieldError("date", field_rule(t("field.date"), said))]
        if model is not None and model.amount == 0 and not self._was_free():
            # a slip (Enter on a mistyped amount) that would count as an order: F, loyalty
            said = t("rule.purchase_zero")
            return None, [FieldError("amount", field_rule(t("field.amount"), said))]
        return model, problems

    def _was_free(self) -> bool:
        """Whether the purchase edited was ¥0 already (an imported order's gift line, or
        an item whose order's amount is on its first line): it keeps its ¥0 when edited."""
        return self.editing is not None and self.editing.amount == 0

    def action_save(self) -> None:
        model, _ = self._problems()
        if model is not None and self._asks_first(model.amount):
            return
        super().action_save()

    def _asks_first(self, amount: Decimal) -> bool:
        """Whether `amount` is above the rule and not yet confirmed (then it says so)."""
        if self.large is None or amount <= self.large or self._confirmed == amount:
            return False
        self._confirmed = amount
        said = t("page.modal.large_amount", amount=f"¥{amount:,.2f}", ceiling=f"¥{self.large:,.2f}")
        self._show([FieldError("amount", said)])
        return True

    def fields(self) -> list[Field]:
        was = self.editing
        return [
            Field("amount", f"{was.amount}" if was else "", label("page.modal.amount_hint")),
            Field("date", (was.date if was else self.today).isoformat(),
                  label("page.modal.date_hint")),
            Field("items", was.items if was else "", label("page.modal.items_hint")),
            Field("quantity", str(was.quantity) if was else "1"),
            Field("channel", self.channel.value if self.channel else "", choices=_channels()),
            Field("note", was.note if was else ""),
        ]  # fmt: skip

    def build(self, values: dict[str, str | None]) -> Purchase:
        given = _given(values, "amount", "date", "items", "quantity", "channel", "note")
        if "date" in given:
            given["date"] = resolve_day(str(given["date"]), self.today)
        was = self.editing
        if was is None:
            return Purchase(customer_id=self.customer_id, **given)
        # A field emptied while editing goes back to its default, as it would on entry.
        kept = was.model_dump(include={"id", "version", "customer_id", "cost", "refunded"})
        return Purchase(**kept, **given)


def _channels() -> list[tuple[str, str]]:
    return _enum_options(Channel)


class ContactModal(EntryModal[Interaction]):
    """Log a contact: the kind by one key, an outcome, a note; when defaults to now."""

    def __init__(
        self,
        customer_id: int,
        now: datetime,
        *,
        customer_name: str = "",
        editing: Interaction | None = None,
        saver: Callable[[Interaction], Interaction] | None = None,
    ) -> None:
        self.customer_id = customer_id
        self.now = editing.at if editing is not None else now
        # The contact being edited: its fields fill the modal; its service cost is kept.
        self.editing = editing
        title = "page.edit.contact" if editing is not None else "page.cmd.contact"
        super().__init__(_titled(title, customer_name), saver, title)

    def fields(self) -> list[Field]:
        was = self.editing
        kind = was.kind.value if was else ""
        outcome = was.outcome.value if was and was.outcome else ""
        return [
            Field("kind", kind, choices=_enum_options(InteractionKind), required_choice=True),
            Field("outcome", outcome, choices=_enum_options(Outcome)),
            Field("note", was.note if was else ""),
            Field("at", f"{self.now:%Y-%m-%d %H:%M}", label("page.modal.when_hint")),
        ]

    def build(self, values: dict[str, str | None]) -> Interaction:
        given = _given(values, "kind", "outcome", "note", "at")
        was = self.editing
        if was is None:
            return Interaction(customer_id=self.customer_id, **given)
        kept = was.model_dump(
            include={
                "id",
                "version",
                "customer_id",
                "service_minutes",
                "service_cost",
                "created_at",
            }
        )
        return Interaction(**kept, **given)


class ReminderModal(EntryModal[Reminder]):
    """Set a follow-up reminder: a due date (default tomorrow; +N for N days on) and a note."""

    def __init__(
        self,
        customer_id: int,
        today: date,
        *,
        customer_name: str = "",
        saver: Callable[[Reminder], Reminder] | None = None,
    ) -> None:
        self.customer_id = customer_id
        self.today = today
        super().__init__(_titled("page.cmd.reminder", customer_name), saver, "page.cmd.reminder")

    def fields(self) -> list[Field]:
        tomorrow = self.today + timedelta(days=1)
        return [
            Field("due", tomorrow.isoformat(), label("page.modal.due_hint")),
            Field("note", placeholder=label("page.modal.reminder_note_hint")),
        ]

    def build(self, values: dict[str, str | None]) -> Reminder:
        given = _given(values, "due", "note")
        if "due" in given:
            written = str(given["due"])
            try:
                given["due"] = resolve_day(written, self.today, ahead=True)
            except PydanticCustomError as problem:  # 04-31: no such day, said as the model says
                details = InitErrorDetails(type=problem, loc=("due",), input=written)
                raise ValidationError.from_exception_data("Reminder", [details]) from None
        return Reminder(customer_id=self.customer_id, **given)
