"""The profile form (客户档案): a new customer, or an existing one edited, field by field.

Every field of models.Customer, grouped as the seller thinks of them; each field is
checked by the model's own rules as the seller leaves it. ctrl+s saves through the book
in a worker; a newer version saved elsewhere is refused and can be reloaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.events import DescendantBlur
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea
from textual.worker import Worker

from xiaoben.models.birthday import Birthday, age_band_on, born_after
from xiaoben.models.birthday_text import parse_birthday, year_noted
from xiaoben.models.customer import Customer
from xiaoben.models.enums import (
    AgeBand,
    Channel,
    EmployeeBand,
    Gender,
    Labelled,
    ManualStage,
    Resources,
    RevenueBand,
)
from xiaoben.models.errors import (
    BookError,
    ConflictError,
    FieldError,
    describe,
    field_rule,
    rule_message,
)
from xiaoben.models.fields import FieldDef, FieldKind, Value, parse_values
from xiaoben.models.i18n import Listed, field_key, t
from xiaoben.models.regions import Region, fill_region, moved_region, region_of
from xiaoben.models.text import printable
from xiaoben.models.values import display_phone
from xiaoben.store.customers import KeyHolder
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import failure_detail, tell_failure, worker_error
from xiaoben.tui.focus_kept import KeptFocus, kept_focus, resume_focus
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.messages import OpenCustomer, ProfileSaved, ShowCustomers
from xiaoben.tui.presenting import Named, customer_label, shown_name, shown_phone, shown_private
from xiaoben.tui.widgets.choice import Answer, ChoiceDialog
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.customer_picker import CustomerPicker
from xiaoben.tui.widgets.inputs import (
    LIST_SEPARATOR,
    ButtonBox,
    SelectBox,
    TextAreaBox,
    TextBox,
    TickBox,
)
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.leaving import EndsOnTop, leave_asking
from xiaoben.tui.widgets.wrapped import WrappedText

# The fields that can carry a message, top-down: the first one wrong gets the focus.
FIELDS: tuple[str, ...] = (
    "name",
    "phones",
    "code",
    "gender",
    "birthday",
    "age_band",
    "province",
    "city",
    "occupation",
    "employer",
    "wechat",
    "email",
    "address",
    "preferred_channel",
    "source",
    "referred_by",
    "interests",
    "tags",
    "needs",
    "notes",
    "demand",
    "purchasing_power",
    "strategic",
    "target_profile",
    "manual_stage",
    "is_business",
    "revenue_band",
    "employee_band",
    "resources",
)
CHOICES: dict[str, type[Labelled]] = {
    "gender": Gender,
    "age_band": AgeBand,
    "preferred_channel": Channel,
    "manual_stage": ManualStage,
    "revenue_band": RevenueBand,
    "employee_band": EmployeeBand,
    "resources": Resources,
}
JUDGEMENTS = ("demand", "purchasing_power")
FLAGS = ("strategic", "target_profile", "is_business", "lunar", "leap_month")
LONG_TEXTS = ("needs", "notes")
LISTS = ("phones", "interests", "tags")
BUSINESS = ("revenue_band", "employee_band", "resources")
# Widgets whose message shows beside another field.
SHOWN_WITH = {"lunar": "birthday", "leap_month": "birthday"}
# A save not done by then is waiting for the book (another program writing): the title says so.
SAVE_WAITING_SHOWN_AFTER = 0.5  # seconds
BOOK_ERROR_FIELDS = {"store.duplicate_code": "code", "store.referrer_missing": "referred_by"}

FormValues = dict[str, Any]


# ---- the form's values, as plain data ------------------------------------------------


def blank_values() -> FormValues:
    values: FormValues = {name: "" for name in FIELDS}
    values.update({name: None for name in (*CHOICES, *JUDGEMENTS, "referred_by")})
    values.update({name: False for name in FLAGS})
    return values


def birthday_field_text(customer: Customer) -> str:
    """What the birthday field holds for a stored customer: 1990-03-05 or 03-05, as typed
    (the lunar flags are fields of their own)."""
    birthday = customer.birthday
    if birthday is None:
        return ""
    month_day = f"{birthday.month:02d}-{birthday.day:02d}"
    return f"{birthday.year:04d}-{month_day}" if birthday.year is not None else month_day


def values_of(customer: Customer) -> FormValues:
    """What the form shows for a stored customer."""
    values = blank_values()
    for name in ("name", "province", "city", "occupation", "employer", "address", "source"):
        values[name] = getattr(customer, name)
    for name in ("needs", "notes"):
        values[name] = getattr(customer, name)
    for name in ("code", "wechat", "email"):
        values[name] = getattr(customer, name) or ""
    for name in CHOICES:
        member = getattr(customer, name)
        values[name] = member.value if member is not None else None
    for name in (*JUDGEMENTS, "referred_by", "strategic", "target_profile", "is_business"):
        values[name] = getattr(customer, name)
    values["phones"] = ", ".join(display_phone(phone) for phone in customer.phones)
    values["interests"] = ", ".join(customer.interests)
    values["tags"] = ", ".join(customer.tags)
    values["birthday"] = birthday_field_text(customer)
    if customer.birthday is not None:
        values["lunar"] = customer.birthday.lunar
        values["leap_month"] = customer.birthday.leap_month
    return values


def _band_from_a_year(stored: Customer | None, today: date) -> str | None:
    """The stored customer's age band where an import set it from a year of birth alone (her
    notes keep it, 生日：1990年, and she has no birthday with its year): a birthday typed
    with its year sets the band anew, as the save would (Book.save_customer); None else."""
    if stored is None or stored.age_band is None:
        return None
    if stored.birthday is not None and stored.birthday.year is not None:
        return None
    return stored.age_band.value if year_noted(stored.notes, today.year) else None


def _birthday(values: FormValues) -> dict[str, Any] | None:
    """The birthday's fields from its text and the lunar/leap switches (raises a problem)."""
    text = str(values["birthday"]).strip()
    if not text:
        return None
    parsed = parse_birthday(text, lunar=bool(values["lunar"]))
    lunar = bool(parsed["lunar"])
    parsed["leap_month"] = lunar and (parsed["leap_month"] or bool(values["leap_month"]))
    return parsed


def build(
    values: FormValues, stored: Customer | None, today: date | None = None
) -> tuple[Customer | None, list[FieldError]]:
    """The Customer the form describes, or the problems the model finds with it; a birthday
    after `today` is refused, as the importer refuses it."""
    data: dict[str, Any] = stored.model_dump() if stored is not None else {}
    for name in FIELDS:
        data[name] = values[name]
    if not values["is_business"]:
        data.update(dict.fromkeys(BUSINESS))  # hidden, so not kept
    problems: list[FieldError] = []
    try:
        data["birthday"] = _birthday(values)
    except PydanticCustomError as problem:
        data["birthday"] = None
        message = field_rule(t("field.birthday"), rule_message(problem))
        problems.append(FieldError("birthday", message))
    try:
        customer = Customer.model_validate(data)
    except ValidationError as exc:
        for found in describe(exc):
            if found.field.startswith("birthday."):
                found = FieldError(found.field, f"{t('field.birthday')} {found.message}")
            problems.append(found)
        return None, problems
    if today is not None and born_after(customer.birthday, today):
        said = t("rule.date_future", today=today.isoformat())
        problems.append(FieldError("birthday", field_rule(t("field.birthday"), said)))
    customer = _region_follows(customer, stored)
    region = fill_region(customer.province, customer.city, customer.address)
    if region != (customer.province, customer.city):  # empty ones, from the address typed
        customer = customer.model_copy(update=region._asdict())
    return (None if problems else customer), problems


def _region_follows(customer: Customer, stored: Customer | None) -> Customer:
    """A changed address brings the region it names in place of the old address's, when the
    seller left the province and city as they were (as an import does)."""
    if stored is None or not stored.address or customer.address == stored.address:
        return customer
    if (customer.province, customer.city) != (stored.province, stored.city):
        return customer  # typed by the seller: kept
    old = Region(stored.province, stored.city)
    return customer.model_copy(update=moved_region(old, region_of(customer.address))._asdict())


def address_region_text(province: str, city: str, address: str) -> str:
    """The hint under the address: the region it names ("" if none), and whether saving
    fills an empty province or city with it."""
    found = region_of(address)
    if not found.province:
        return ""
    shown = " ".join(dict.fromkeys(part for part in found if part))
    filled = fill_region(province, city, address) != (province, city)
    return t("profile.address_region_fill" if filled else "profile.address_region", region=shown)


def form_field(error_field: str) -> str:
    """The form field a model error belongs to ("phones.0" -> "phones")."""
    root = error_field.split(".")[0]
    return SHOWN_WITH.get(root, root)


# ---- custom fields: "custom-<id>" in the form, checked by models/fields.py -------------


def custom_name(field: FieldDef) -> str:
    return f"custom-{field.id}"


def custom_blank(fields: Iterable[FieldDef]) -> FormValues:
    return {
        custom_name(f): None if f.kind in (FieldKind.CHOICE, FieldKind.YES_NO) else ""
        for f in fields
    }


def custom_shown(field: FieldDef, value: Value | None) -> Any:
    """What the form's widget holds for a stored value."""
    if value is None:
        return None if field.kind in (FieldKind.CHOICE, FieldKind.YES_NO) else ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def custom_problems(
    fields: list[FieldDef], values: FormValues
) -> tuple[dict[int, object], list[FieldError]]:
    """What to hand the book (field id -> as typed) and the problems the fields' rules find."""
    raw = {f.id: values[custom_name(f)] for f in fields if f.id is not None}
    _, problems = parse_values({f.id: f for f in fields if f.id is not None}, raw)
    return raw, [FieldError(f"custom-{fid}", message) for fid, message in problems.items()]


@dataclass
class _Draft:
    """The form's state carried over when the screen is rebuilt (language switch)."""

    stored: Customer | None
    is_buyer: bool
    referrer_name: str | None
    clean: FormValues
    values: FormValues
    fields: list[FieldDef]
    focus: KeptFocus | None = None  # the field being typed in, the cursor in it


def _names(names: list[str]) -> str:
    """Who has a key: up to three names, and how many in all when there are more."""
    listed = Listed(names[:3])()
    return listed if len(names) <= 3 else t("profile.shared.more", names=listed, count=len(names))


# ---- the screen ------------------------------------------------------------------------


class ProfileScreen(EndsOnTop, ReachesTheBook, Screen[int | None]):
    """New (customer_id=None) or edit. Dismisses with the saved customer's id, or None."""

    CSS_PATH = "profile.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "common.save", tooltip="profile.key.save.help", id="save"),
        Binding(
            "escape", "close", "profile.key.close", tooltip="profile.key.close.help", id="close"
        ),
        Binding(
            "ctrl+r",
            "pick_referrer",
            "profile.key.referrer",
            tooltip="profile.key.referrer.help",
            id="referrer",
            show=False,
        ),
        # F2 (the list) would drop the form: ask first, as Esc does.
        Binding("f2", "show_customers", "key.customers", tooltip="cmd.customers.help", id="list"),
    ]

    def __init__(
        self, customer_id: int | None, draft: _Draft | None = None, known: Named | None = None
    ) -> None:
        super().__init__()
        self.customer_id = customer_id
        self._known = known  # as the page showed her: named if she is gone before the read
        self._draft = draft
        self._stored: Customer | None = None
        self._is_buyer = False
        self._referrer_id: int | None = None
        self._referrer_name: str | None = None
        self._clean: FormValues = blank_values()
        self._shown = False  # the form shows the customer (edit) or is blank (new)
        self._saving = False
        self._waiting: Timer | None = None  # shows that a save waits for the book
        self._leaving = False
        # The age band the form set from the birthday, or an import from a year of birth
        # alone (生日：1990年): a birthday typed sets it anew (a band the seller chose is theirs).
        self._band_from_birthday: str | None = None
        self._fields: list[FieldDef] = draft.fields if draft is not None else []
        translate_bindings(self)

    # ---- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="profile-title", markup=False)
        with VerticalScroll(id="profile-form"):
            yield from self._basics()
            yield from self._identity()
            yield from self._contact()
            yield from self._interests_and_needs()
            yield from self._judgement()
            yield from self._business()
            yield from self._custom()
        yield KeysFooter()

    def _title(self) -> str:
        if self.customer_id is None:
            return t("cmd.new_customer")
        if self._stored is None:
            return t("profile.title.loading")
        shown = self._stored.name + (f" ({self._stored.code})" if self._stored.code else "")
        return t("profile.title.edit", name=printable(shown))

    def _section(self, key: str) -> Static:
        return Static(label(key), classes="section-title")

    def _row(self, name: str, *widgets: Widget, caption: str | None = None) -> Vertical:
        return Vertical(
            Horizontal(
                Label(caption or label(field_key(name)), classes="field-label"),
                *widgets,
                classes="field-line",
            ),
            WrappedText("", id=f"error-{name}", classes="field-error", markup=False),
            id=f"row-{name}",
            classes="field-row",
        )

    def _text(self, name: str, placeholder_key: str | None = None) -> Vertical:
        placeholder = label(placeholder_key) if placeholder_key else ""
        # A list (phones, interests, tags) is split on commas: pasted lines become items.
        joiner = LIST_SEPARATOR if name in LISTS else " "
        field = TextBox(
            id=f"field-{name}", placeholder=placeholder, compact=True, line_separator=joiner
        )
        return self._row(name, field)

    def _choice(self, name: str) -> Vertical:
        options = [(member.label(), member.value) for member in CHOICES[name]]
        return self._row(name, self._select(name, options))

    def _judgement_choice(self, name: str) -> Vertical:
        options = [(label(f"profile.level.{level}"), level) for level in range(1, 6)]
        return self._row(name, self._select(name, options))

    def _select(self, name: str, options: Iterable[tuple[str, Any]]) -> Select[Any]:
        return SelectBox(options, prompt=t("profile.unset"), id=f"field-{name}", compact=True)

    def _flag(self, name: str) -> Vertical:
        box = TickBox(label(f"profile.{name}"), id=f"field-{name}", compact=True)
        return self._row(name, box)

    def _long_text(self, name: str) -> Vertical:
        area = TextAreaBox(
            id=f"field-{name}", compact=True, show_line_numbers=False, highlight_cursor_line=False
        )
        return self._row(name, area)

    def _basics(self) -> ComposeResult:
        yield self._section("profile.section.basics")
        name = TextBox(id="field-name", compact=True)
        yield self._row("name", name, caption=t("profile.required", label=t("field.name")))
        yield self._text("phones", "profile.placeholder.phones")
        yield self._text("code", "profile.placeholder.code")

    def _identity(self) -> ComposeResult:
        yield self._section("profile.section.identity")
        yield self._choice("gender")
        yield self._row(
            "birthday",
            TextBox(
                id="field-birthday",
                placeholder=label("profile.placeholder.birthday"),
                compact=True,
            ),
            TickBox(label("field.lunar"), id="field-lunar", compact=True),
            TickBox(label("field.leap_month"), id="field-leap_month", compact=True),
        )
        yield self._choice("age_band")
        for name in ("province", "city", "occupation", "employer"):
            yield self._text(name)

    def _contact(self) -> ComposeResult:
        yield self._section("profile.section.contact")
        for name in ("wechat", "email", "address"):
            yield self._text(name)
        hint = WrappedText("", id="address-region", classes="field-hint muted")
        hint.display = False  # shown once the address names a region
        yield hint
        yield self._choice("preferred_channel")
        yield self._text("source")
        yield self._row(
            "referred_by",
            ButtonBox(t("profile.referrer_pick"), id="field-referred_by", compact=True),
            ButtonBox(t("common.clear"), id="referrer-clear", compact=True, disabled=True),
        )

    def _interests_and_needs(self) -> ComposeResult:
        yield self._section("profile.section.interests")
        yield self._text("interests", "profile.placeholder.list")
        yield self._text("tags", "profile.placeholder.list")
        yield self._section("profile.section.needs")
        for name in LONG_TEXTS:
            yield self._long_text(name)

    def _judgement(self) -> ComposeResult:
        yield self._section("profile.section.judgement")
        for name in JUDGEMENTS:
            yield self._judgement_choice(name)
        yield self._flag("strategic")
        yield self._flag("target_profile")
        yield self._choice("manual_stage")
        yield WrappedText(t("profile.stage_hint"), id="stage-hint", classes="field-hint muted")

    def _business(self) -> ComposeResult:
        yield self._section("profile.section.business")
        yield self._flag("is_business")
        with Vertical(id="business-details"):
            for name in BUSINESS:
                yield self._choice(name)

    def _custom(self) -> ComposeResult:
        if self._draft is None:
            # One indexed read of a few rows, on mount, so the form is whole when shown.
            self._fields = self.book.fields()
        if not self._fields:
            return
        yield self._section("profile.section.custom")
        for field in self._fields:
            name = custom_name(field)
            caption = field.label()
            if field.required:
                caption = t("profile.required", label=caption)
            yield self._row(name, self._custom_widget(field), caption=caption)

    def _custom_widget(self, field: FieldDef) -> Widget:
        name = f"field-{custom_name(field)}"
        if field.kind is FieldKind.CHOICE:
            return self._select(custom_name(field), [(o, o) for o in field.options])
        if field.kind is FieldKind.YES_NO:
            options = [(t("word.yes"), "1"), (t("word.no"), "0")]
            return self._select(custom_name(field), options)
        placeholder = {
            FieldKind.DATE: label("profile.placeholder.date"),
            FieldKind.CHOICES: ", ".join(field.options),
        }.get(field.kind, "")
        joiner = LIST_SEPARATOR if field.kind is FieldKind.CHOICES else " "
        return TextBox(id=name, placeholder=placeholder, compact=True, line_separator=joiner)

    def _blank(self) -> FormValues:
        return {**blank_values(), **custom_blank(self._fields)}

    def _names(self) -> tuple[str, ...]:
        return (*FIELDS, *(custom_name(f) for f in self._fields))

    def _build(self, values: FormValues) -> tuple[Customer | None, list[FieldError]]:
        customer, problems = build(values, self._stored, self.book.today())
        _, custom = custom_problems(self._fields, values)
        return (None if custom else customer), [*problems, *custom]

    # ---- start -------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self._draft is not None:
            draft = self._draft
            self._draft = None
            self._show_customer(
                draft.stored, draft.is_buyer, draft.referrer_name, draft.values, draft.focus
            )
            self._clean = draft.clean
        elif self.customer_id is None:
            self._show_customer(None, False, None, self._blank())
        else:
            self.query_one("#profile-form").disabled = True
            self._load(self.customer_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="profile-load")
    def _load(self, customer_id: int, reloading: bool = False) -> None:
        book = self.book
        try:
            customer = book.get_customer(customer_id)
            is_buyer = bool(book.purchases_of(customer_id))
            referrer = self._referrer_of(customer.referred_by)
            stored = book.field_values(customer_id)
        except BookError as exc:
            self.app.call_from_thread(self._cannot_load, failure_detail(exc, [self._known]))
            return
        custom = {custom_name(f): custom_shown(f, stored.get(f.id or 0)) for f in self._fields}
        self.app.call_from_thread(self._loaded, customer, is_buyer, referrer, reloading, custom)

    def _referrer_of(self, referrer_id: int | None) -> str | None:
        """The referrer's name (worker side); None when there is no referrer."""
        if referrer_id is None:
            return None
        try:
            return self.book.get_customer(referrer_id).name
        except BookError:
            return t("profile.referrer_unknown", id=referrer_id)

    def _cannot_load(self, message: str) -> None:
        self.notify(message, severity="error")
        self._leaving = True
        self.dismiss(None)

    def _loaded(
        self,
        customer: Customer,
        is_buyer: bool,
        referrer: str | None,
        reloading: bool,
        custom: FormValues,
    ) -> None:
        values = {**values_of(customer), **custom}
        self._show_customer(customer, is_buyer, referrer, values)
        self._clean = values
        if reloading:
            self.notify(saying("profile.reloaded"))

    def _show_customer(
        self,
        stored: Customer | None,
        is_buyer: bool,
        referrer_name: str | None,
        values: FormValues,
        focus: KeptFocus | None = None,
    ) -> None:
        self._stored = stored
        self._is_buyer = is_buyer
        self._band_from_birthday = _band_from_a_year(stored, self.book.today())
        self._fill(values, referrer_name)
        for name in self._names():
            self._show_error(name, None)
        self.query_one("#profile-title", Static).update(self._title())
        form = self.query_one("#profile-form")
        form.disabled = False
        if not resume_focus(self, focus):
            form.scroll_home(animate=False)
            self.query_one("#field-name", Input).focus()
        self._shown = True

    # ---- reading and writing the widgets -----------------------------------------------

    def _fill(self, values: FormValues, referrer_name: str | None) -> None:
        for name, value in values.items():
            if name == "referred_by":
                continue
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Input):
                widget.value = value
                widget.cursor_position = len(value)
            elif isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Checkbox):
                widget.value = bool(value)
            elif isinstance(widget, Select):
                widget.value = Select.NULL if value is None else value
        self._set_referrer(values["referred_by"], referrer_name)
        self._show_dependent()

    def _read_values(self) -> FormValues:
        values = self._blank()
        for name in values:
            if name == "referred_by":
                values[name] = self._referrer_id
                continue
            widget = self.query_one(f"#field-{name}")
            if isinstance(widget, Input):
                values[name] = widget.value
            elif isinstance(widget, TextArea):
                values[name] = widget.text
            elif isinstance(widget, Checkbox):
                values[name] = widget.value
            elif isinstance(widget, Select):
                values[name] = None if widget.value is Select.NULL else widget.value
        return values

    def _set_referrer(self, referrer_id: int | None, name: str | None) -> None:
        self._referrer_id = referrer_id
        self._referrer_name = name if referrer_id is not None else None
        shown = shown_name(self._referrer_name) if self._referrer_name else ""
        shown = shown or t("profile.referrer_pick")
        self.query_one("#field-referred_by", Button).label = shown
        self.query_one("#referrer-clear", Button).disabled = referrer_id is None

    def _show_dependent(self) -> None:
        """Show the leap-month switch for lunar birthdays, business details for companies."""
        lunar = self.query_one("#field-lunar", Checkbox).value
        self.query_one("#field-leap_month").display = lunar
        business = self.query_one("#field-is_business", Checkbox).value
        self.query_one("#business-details").display = business
        stage = self.query_one("#field-manual_stage", Select)
        stage.disabled = self._is_buyer
        hint = "profile.stage_buyer" if self._is_buyer else "profile.stage_hint"
        self.query_one("#stage-hint", Static).update(t(hint))

    def has_unsaved_changes(self) -> bool:
        return self._shown and self._read_values() != self._clean

    def still_saving(self) -> str | None:
        return t("profile.still_saving") if self._saving else None

    def busy(self) -> bool:
        """Keys typed while the customer loads or the form saves wait (tui/widgets/inputs.py):
        `e` End ABC typed at once goes to the end of the name and appends, once it is shown."""
        return self._saving or (not self._shown and not self._leaving)

    # ---- validation as the seller goes -------------------------------------------------

    def _check(self, names: Iterable[str]) -> list[FieldError]:
        """Validate the whole form; show (or clear) the messages of `names`."""
        _, problems = self._build(self._read_values())
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(form_field(problem.field), []).append(problem.message)
        for name in names:
            self._show_error(name, "\n".join(by_field.get(name, [])) or None)
        return problems

    def _show_error(self, name: str, message: str | None) -> None:
        try:
            row = self.query_one(f"#row-{name}")
        except NoMatches:
            if message:
                self.notify(message, severity="error")
            return
        row.set_class(bool(message), "-has-error")
        self.query_one(f"#error-{name}", Static).update(message or "")
        for widget in row.query(Input):
            widget.set_class(bool(message), "-invalid")

    def _has_error(self, name: str) -> bool:
        return self.query_one(f"#row-{name}").has_class("-has-error")

    def _field_name(self, widget: Widget | None) -> str | None:
        while widget is not None and widget is not self:
            if widget.id and widget.id.startswith("field-"):
                name = widget.id.removeprefix("field-")
                return SHOWN_WITH.get(name, name)
            parent = widget.parent
            widget = parent if isinstance(parent, Widget) else None
        return None

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        name = self._field_name(event.widget)
        if self._shown and not self._leaving and name is not None and self.is_current:
            if name == "birthday":
                self._band_of_the_birthday()
            self._check([name])

    def _band_of_the_birthday(self) -> None:
        """A birthday with its year sets the age band it puts the customer in today, when the
        band is blank or is the one the birthday set before (a band the seller chose stays)."""
        select = self.query_one("#field-age_band", Select)
        current = None if select.value is Select.NULL else str(select.value)
        if current is not None and current != self._band_from_birthday:
            return
        try:
            fields = _birthday(self._read_values())
            birthday = Birthday(**fields) if fields is not None else None
        except (PydanticCustomError, ValidationError):
            return  # the birthday's own message says what is wrong
        band = age_band_on(birthday, self.book.today())
        found = band.value if band is not None else None
        self._band_from_birthday = found
        if found != current:
            select.value = Select.NULL if found is None else found

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Input.Changed | TextArea.Changed) -> None:
        # While typing, only a message already shown is updated (cleared once fixed).
        name = self._field_name(event.control)
        if name in ("address", "province", "city"):
            self._show_address_region()
        if self._shown and name is not None and self._has_error(name):
            self._check([name])

    def _show_address_region(self) -> None:
        """Under the address, the region it names (saving fills an empty province or city)."""
        province, city, address = (
            self.query_one(f"#field-{name}", Input).value.strip()
            for name in ("province", "city", "address")
        )
        text = address_region_text(province, city, address)
        hint = self.query_one("#address-region", WrappedText)
        hint.update(text)
        hint.display = bool(text)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        name = self._field_name(event.control)
        if self._shown and name is not None:
            self._check([name])

    @on(Checkbox.Changed)
    def _switched(self, event: Checkbox.Changed) -> None:
        self._show_dependent()
        name = self._field_name(event.control)
        if self._shown and name in ("lunar", "leap_month"):
            self._band_of_the_birthday()
        if self._shown and name is not None:
            self._check([name])

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # ---- referrer ----------------------------------------------------------------------

    @on(Button.Pressed, "#field-referred_by")
    def action_pick_referrer(self) -> None:
        picker = CustomerPicker(exclude_id=self.customer_id, title_key="profile.pick_referrer")
        self.app.push_screen(picker, self._referrer_picked)

    def _referrer_picked(self, referrer_id: int | None) -> None:
        if referrer_id is not None:
            self._load_referrer(referrer_id)
        self.query_one("#field-referred_by", Button).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="profile-referrer")
    def _load_referrer(self, referrer_id: int) -> None:
        name = self._referrer_of(referrer_id)
        self.app.call_from_thread(self._referrer_chosen, referrer_id, name)

    def _referrer_chosen(self, referrer_id: int, name: str | None) -> None:
        self._set_referrer(referrer_id, name)
        self._check(["referred_by"])

    @on(Button.Pressed, "#referrer-clear")
    def action_clear_referrer(self) -> None:
        self._set_referrer(None, None)
        self._check(["referred_by"])
        self.query_one("#field-referred_by", Button).focus()

    # ---- saving ------------------------------------------------------------------------

    def action_save(self) -> None:
        if not self._shown:
            self.notify(saying("profile.not_loaded"), severity="warning")
            return
        if self._saving:
            return
        values = self._read_values()
        customer, problems = self._build(values)
        self._check(self._names())
        if customer is None:
            self.notify(saying("profile.fix_first", count=len(problems)), severity="error")
            self._focus_first_error()
            return
        custom, _ = custom_problems(self._fields, values)
        self._start_save(customer, custom if self._fields else None)

    def _start_save(
        self, customer: Customer, custom: dict[int, object] | None, asked: bool = False
    ) -> None:
        self._saving = True
        # A book another program is writing (a CLI import) makes the save wait: say so.
        self._waiting = self.set_timer(SAVE_WAITING_SHOWN_AFTER, self._show_waiting)
        self._save(customer, custom, asked)

    def _show_waiting(self) -> None:
        if self._saving:
            waiting = f"{self._title()} · {t('profile.save_waiting')}"
            for title in self.query("#profile-title").results(Static):  # (not if closed)
                title.update(waiting)

    def _done_saving(self) -> None:
        """The save is over (saved, refused or failed): the title no longer says it waits."""
        self._saving = False
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        self.query_one("#profile-title", Static).update(self._title())

    def _focus_first_error(self) -> None:
        for name in self._names():
            if self._has_error(name):
                widget = self.query_one(f"#field-{name}")
                widget.focus()
                widget.scroll_visible(animate=False)
                return

    @work(thread=True, exclusive=True, exit_on_error=False, group="profile-save")
    def _save(
        self, customer: Customer, custom: dict[int, object] | None, asked: bool = False
    ) -> None:
        try:
            if not asked:  # a phone or WeChat ID someone else has: asked first
                holders = self.book.key_holders(customer, self._new_keys(customer))
                if holders:
                    self.app.call_from_thread(self._ask_shared, customer, custom, holders)
                    return
            saved = self.book.save_customer(customer, custom)
        except ConflictError as exc:
            self.app.call_from_thread(self._conflict, exc.message())
        except BookError as exc:
            merged = None
            if exc.key == "store.not_found" and customer.id is not None:
                merged = self.book.merged_into(customer.id)  # (找不到客户：144 said her id)
            if merged is not None:
                survivor, name = merged
                self.app.call_from_thread(self._merged_away, name, survivor)
            else:
                self.app.call_from_thread(self._refused, exc)
        else:
            self.app.call_from_thread(self._saved, saved)

    def _new_keys(self, customer: Customer) -> list[tuple[str, str]]:
        """The phones and WeChat ID the save gives the customer that they had not (a family
        landline they share is asked about once, when it is typed)."""
        stored = self._stored
        had = set(stored.phones) if stored is not None else set()
        keys = [("phone", phone) for phone in customer.phones if phone not in had]
        wechat = customer.wechat
        if wechat and (stored is None or (stored.wechat or "").lower() != wechat.lower()):
            keys.append(("wechat", wechat))
        return keys

    def _ask_shared(
        self, customer: Customer, custom: dict[int, object] | None, holders: list[KeyHolder]
    ) -> None:
        """Whose the phone or WeChat ID already is: open them (the form stays under their
        page, nothing lost), save anyway (a book allows it: a family's landline), or back to
        the form (Esc) at the field."""
        self._done_saving()
        shown: dict[tuple[str, str], list[str]] = {}
        for holder in holders:
            shown.setdefault((holder.kind, holder.key), []).append(shown_name(holder.name))
        lines = [
            t(
                f"profile.shared.{kind}",
                key=shown_phone(key) if kind == "phone" else shown_private(key),
                names=_names(names),
            )
            for (kind, key), names in shown.items()
        ]
        first = holders[0]
        anyway = "profile.shared.add" if self.customer_id is None else "profile.shared.save"
        answers = [
            Answer("open", "o", t("profile.shared.open", name=shown_name(first.name))),
            Answer("save", "s", t(anyway)),
            Answer(None, "b", t("profile.shared.back")),
        ]

        def answered(answer: str | None) -> None:
            if answer == "open":
                self.app.post_message(OpenCustomer(first.customer_id))
            elif answer == "save":
                self._start_save(customer, custom, asked=True)
            else:
                field = "phones" if first.kind == "phone" else "wechat"
                self.query_one(f"#field-{field}").focus()

        self.app.push_screen(ChoiceDialog("\n".join(lines), answers), answered)

    def _saved(self, saved: Customer) -> None:
        self._done_saving()
        self._leaving = True
        self.when_on_top(partial(self._close_saved, saved))

    def _close_saved(self, saved: Customer) -> None:
        """Saved: the form closes, a new customer's page opens."""
        app = self.app  # this screen is gone once dismissed
        if self.customer_id is None:
            assert saved.id is not None  # the book gave the new customer its id
            app.notify(saying("profile.saved.new", name=shown_name(saved.name)))
            self.dismiss(saved.id)
            app.post_message(OpenCustomer(saved.id))
        else:
            app.notify(saying("profile.saved.edit", name=shown_name(saved.name)))
            below = app.screen_stack[-2] if len(app.screen_stack) > 1 else None
            before = self._stored
            told = None if before is None else ProfileSaved(before, self._fields_before(), saved)
            self.dismiss(saved.id)
            if below is not None and told is not None:  # the page under it: u takes it back
                below.post_message(told)

    def _fields_before(self) -> dict[int, object] | None:
        """The customer's own fields as the form loaded them (as typed), for an undo of the
        save; None when the save left them as they were (an undo need not write them)."""
        if not self._fields:
            return None
        before, _ = custom_problems(self._fields, self._clean)
        after, _ = custom_problems(self._fields, self._read_values())
        return None if before == after else before

    def _refused(self, exc: BookError) -> None:
        self._done_saving()
        field = BOOK_ERROR_FIELDS.get(exc.key)
        if field is not None:
            self._show_error(field, field_rule(t(field_key(field)), exc.message()))
            self.query_one(f"#field-{field}").focus()
        # her number in the book never: 林小雨 (C0012) forgotten elsewhere meanwhile, named
        message, timeout = failure_detail(exc, known=[self._stored]), None
        if exc.key == "store.locked":  # another program kept the book past the wait
            message, timeout = f"{message}\n{t('profile.save_kept')}", 20.0
        self.notify(message, severity="error", timeout=timeout)

    def _merged_away(self, name: str, survivor: Customer) -> None:
        """The customer was merged into another elsewhere before the save: nothing saved,
        said in the seller's words (whom into), the form left as typed."""
        self._done_saving()
        message = t("profile.merged_away", name=shown_name(name), who=customer_label(survivor))
        self.notify(message, severity="error", timeout=20, markup=False)

    def _conflict(self, message: str) -> None:
        self._done_saving()
        self.notify(message, severity="error", timeout=10)
        question = f"{message}\n\n{t('profile.reload_question')}"
        dialog = ConfirmDialog(question, "profile.reload", "common.keep_editing")
        self.app.push_screen(dialog, self._reload_answered)

    def _reload_answered(self, reload: bool | None) -> None:
        if reload and self.customer_id is not None:
            self._shown = False
            self._load(self.customer_id, reloading=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event)
        if error is not None:
            self._done_saving()
            tell_failure(self, error, "profile.failed")

    # ---- leaving -----------------------------------------------------------------------

    def action_close(self) -> None:
        leave_asking(self)

    def action_show_customers(self) -> None:
        app = self.app  # this screen is gone once it has left
        leave_asking(self, lambda: app.post_message(ShowCustomers()))

    def discard_question(self) -> ConfirmDialog:
        question = t("profile.discard_question")
        return ConfirmDialog(question, "profile.discard", "common.keep_editing")

    def close_discarding(self) -> None:
        self._leaving = True
        self.dismiss(None)

    # ---- conventions -------------------------------------------------------------------

    def rebuild(self) -> ProfileScreen:
        """The same form in the new language, unsaved edits kept."""
        if not self._shown:
            return ProfileScreen(self.customer_id, known=self._known)
        draft = _Draft(
            stored=self._stored,
            is_buyer=self._is_buyer,
            referrer_name=self._referrer_name,
            clean=self._clean,
            values=self._read_values(),
            fields=self._fields,
            focus=kept_focus(self),
        )
        return ProfileScreen(self.customer_id, draft=draft)

    def palette_commands(self) -> list[tuple[str, str]]:
        return [
            ("profile.cmd.save", "save"),
            ("profile.cmd.close", "close"),
            ("profile.cmd.pick_referrer", "pick_referrer"),
            ("profile.cmd.clear_referrer", "clear_referrer"),
        ]
