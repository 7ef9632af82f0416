"""The tiering rules: edit every rule and weight, see who would move before applying, apply.

The form is read into a models.rules.Rules; its validation messages stand beside the fields.
Preview and apply run in workers (store.preview, Book.set_rules); nothing is written until
ctrl+s.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, cast

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static
from textual.worker import Worker, get_current_worker

from xiaoben.models.enums import Holiday, Quadrant, Stage, ValueBasis, ValueTier
from xiaoben.models.errors import describe, field_rule
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.i18n import MESSAGES, t
from xiaoben.models.rules import (
    CHOICE_POINTS_MAX,
    THRESHOLDS_MAX,
    FieldCriterion,
    Rules,
    ScoreWeights,
)
from xiaoben.models.text import printable
from xiaoben.store.criteria import CRITERION_KINDS
from xiaoben.store.preview import PREVIEW_LENSES, RulesPreview, preview_rules
from xiaoben.store.tierstore import TierWrite
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import tell_failure, worker_error
from xiaoben.tui.i18n import label, saying, translate_bindings
from xiaoben.tui.messages import BookChanged
from xiaoben.tui.screens.follows import standing
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.inputs import SelectBox, TextBox, TickBox
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.leaving import leave_asking
from xiaoben.tui.widgets.wrapped import WrappedText

PREVIEW_PAUSE_SECONDS = 0.6  # after the last change, before previewing by itself
MOVES_SHOWN = 8  # per lens; the rest are summed up as "…"

FieldWidget = Input | Checkbox | Select[ValueBasis]  # each holds its value in .value
Kind = Literal[
    "decimal", "int", "weight", "bool", "basis", "name", "holidays", "thresholds", "percent"
]
# A custom field's criterion: "field_criteria.<field id>.weight" / ".thresholds" /
# ".points.<option's index>" (an option's text cannot be part of a widget's id).
CRITERIA = "field_criteria"


@dataclass(frozen=True, slots=True)
class Field:
    path: str  # the Rules field, dotted for nested ones: "weights.value", "cadence_days.A"
    kind: Kind
    hint: str | None = None  # catalogue key of the hint beside the input
    text: str | None = None  # the title, for a custom field's rows (the seller's own label)

    @property
    def slug(self) -> str:
        return self.path.replace(".", "-")

    def title(self) -> str:
        if self.text is not None:
            return self.text
        group, _, name = self.path.partition(".")
        if group == "weights":
            # the purchasing power weighs the field of that name
            same_words = name == "purchasing_power"
            return label(f"field.{name}" if same_words else f"rules.weight.{name}")
        if group == "tier_names":
            return name
        if group == "cadence_days":
            return ValueTier(name).label() if name in "ABCD" else Stage(name).label()
        return label(f"field.{self.path}")


_CADENCE = ("A", "B", "C", "D", "prospect", "potential", "target")
# (section title key, section hint key, fields)
SECTIONS: tuple[tuple[str, str | None, tuple[Field, ...]], ...] = (
    (
        "rules.section.value",
        None,
        (
            Field("a_cut_percent", "decimal", "rules.hint.a_cut"),
            Field("b_cut_percent", "decimal", "rules.hint.b_cut"),
            Field("promote_strategic", "bool", "rules.hint.promote_strategic"),
            Field("promote_referrals", "int", "rules.hint.promote_referrals"),
            Field("value_basis", "basis", "rules.hint.value_basis"),
            Field("subtract_service_cost", "bool", "rules.hint.subtract_service_cost"),
            Field("cost_per_service_minute", "decimal", "rules.hint.cost_per_service_minute"),
        ),
    ),
    (
        "tiers.lens.stage",
        None,
        (
            Field("lapse_days", "int", "rules.hint.lapse_days"),
            Field("intent_days", "int", "rules.hint.intent_days"),
            Field("new_customer_days", "int", "rules.hint.new_customer_days"),
            Field("loyal_orders", "int", "rules.hint.loyal_orders"),
        ),
    ),
    (
        "tiers.lens.quadrant",
        None,
        (
            Field("loyalty_f_score", "int", "rules.hint.loyalty_f_score"),
            Field("loyalty_span_days", "int", "rules.hint.loyalty_span_days"),
        ),
    ),
    (
        "rules.section.weights",
        "rules.hint.weights",
        tuple(Field(f"weights.{name}", "weight") for name in ScoreWeights.model_fields),
    ),
    (
        "rules.section.names",
        "rules.hint.names",
        tuple(Field(f"tier_names.{tier.value}", "name") for tier in ValueTier),
    ),
    (
        "rules.section.cadence",
        "rules.hint.cadence",
        tuple(Field(f"cadence_days.{key}", "int") for key in _CADENCE),
    ),
    (
        "cmd.queue",
        None,
        tuple(
            Field(name, "int", f"rules.hint.{name}")
            for name in (
                "birthday_lead_days",
                "holiday_lead_days",
                "occasion_grace_days",
                "new_customer_care_days",
                "at_risk_factor",
                "at_risk_min_orders",
                "tier_change_days",
            )
        ),
    ),
    (
        "rules.section.plan",
        None,
        (
            *(
                Field(name, "int", f"rules.hint.{name}")
                for name in (
                    "plan_capacity",
                    "occasion_window_days",
                    "lapse_gap_factor",
                    "win_back_days",
                    "gift_lead_days",
                )
            ),
            Field("gift_holidays", "holidays", "rules.hint.gift_holidays"),
        ),
    ),
    (
        "rules.section.model",
        None,
        (
            Field("clv_months", "int", "rules.hint.clv_months"),
            Field(
                "clv_monthly_discount_percent", "decimal", "rules.hint.clv_monthly_discount_percent"
            ),
            *(
                Field(name, "int", f"rules.hint.{name}")
                for name in (
                    "model_refit_growth_percent",
                    "model_refit_days",
                    "p_alive_alive_percent",
                    "p_alive_lost_percent",
                    "at_risk_p_alive_percent",
                )
            ),
        ),
    ),
    (
        "rules.section.imports",
        None,
        (Field("large_purchase", "decimal", "rules.hint.large_purchase"),),
    ),
    (
        "rules.section.privacy",
        None,
        (
            Field("lock_minutes", "int", "rules.hint.lock_minutes"),
            Field("present_surnames", "bool", "rules.hint.present_surnames"),
        ),
    ),
)
FIELDS: tuple[Field, ...] = tuple(f for _, _, fields in SECTIONS for f in fields)
_BY_PATH = {f.path: f for f in FIELDS}


def criterion_rows(custom: list[FieldDef]) -> tuple[Field, ...]:
    """The rows of the custom fields a seller can count in the score, after the seven
    weights: each field's weight, then a number's thresholds or each option's points."""
    rows: list[Field] = []
    for field in custom:
        if field.id is None or field.kind not in CRITERION_KINDS:
            continue
        at, name = f"{CRITERIA}.{field.id}", printable(field.label())
        rows.append(Field(f"{at}.weight", "weight", "rules.hint.field_weight", name))
        if field.kind is FieldKind.NUMBER:
            title = t("rules.field_thresholds", label=name)
            rows.append(Field(f"{at}.thresholds", "thresholds", "rules.hint.thresholds", title))
            continue
        for k, option in enumerate(field.options):
            title = t("rules.field_option", label=name, option=printable(option))
            hint = "rules.hint.option_points" if k == 0 else None
            rows.append(Field(f"{at}.points.{k}", "percent", hint, title))
    return tuple(rows)


_WIDE = {"name": "rule-input rule-name", "holidays": "rule-input rule-holidays"}


class _Unreadable(Exception):
    """A value that is not even a number: the message says what was expected."""


def _plain(text: str) -> str:
    # Full-width digits and signs from a Chinese input method read as their ASCII forms.
    return unicodedata.normalize("NFKC", text).strip()


def _holidays(text: str) -> list[Holiday]:
    """ "春节、中秋节" or "Spring Festival, mid_autumn" as holidays, in the order typed."""
    by_name = {
        name.casefold(): holiday
        for holiday in Holiday
        for name in (holiday.value, holiday.label("zh"), holiday.label("en"))
    }
    holidays: list[Holiday] = []
    for part in re.split(r"[,，、;；]+", text):
        name = part.strip().casefold()
        if not name:
            continue
        holiday = by_name.get(name) or by_name.get(name + "节")  # 中秋 reads as 中秋节
        if holiday is None:
            raise _Unreadable(
                t("rules.holiday_unknown", value=part.strip(), names=_holiday_names())
            )
        if holiday in holidays:
            raise _Unreadable(t("rules.holiday_twice", value=holiday.label()))
        holidays.append(holiday)
    return holidays


def _holiday_names() -> str:
    return label("rules.preview.sep").join(holiday.label() for holiday in Holiday)


def _thresholds(text: str) -> list[Decimal]:
    """ "500、1000" as thresholds going up."""
    thresholds: list[Decimal] = []
    for part in re.split(r"[,，、;；\s]+", text):
        if not part:
            continue
        try:
            number = Decimal(part)
        except InvalidOperation:
            raise _Unreadable(t("rules.number", value=part)) from None
        if not number.is_finite() or (thresholds and number <= thresholds[-1]):
            raise _Unreadable(t("rules.thresholds_up", value=text))
        thresholds.append(number)
    if len(thresholds) > THRESHOLDS_MAX:
        raise _Unreadable(t("rules.thresholds_many", most=THRESHOLDS_MAX))
    return thresholds


def _parse(field: Field, raw: Any) -> Any:
    if field.kind in ("bool", "basis"):
        return raw
    text = _plain(str(raw))
    if field.kind == "name":
        return text
    if field.kind == "holidays":
        return _holidays(text)
    if field.kind == "thresholds":
        return _thresholds(text)
    if field.kind == "percent":
        if not re.fullmatch(r"\d+", text.removesuffix("%").strip()):
            raise _Unreadable(t("rule.whole_number", value=text))
        percent = int(text.removesuffix("%").strip())
        if percent > CHOICE_POINTS_MAX:
            raise _Unreadable(t("rule.at_most", high=CHOICE_POINTS_MAX, value=text))
        return percent
    if field.kind == "int":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise _Unreadable(t("rule.whole_number", value=text))
        number = int(text)
        if field.path.startswith("cadence_days.") and number < 1:
            raise _Unreadable(t("rule.at_least", low=1, value=text))
        return number
    try:
        decimal = Decimal(text.removesuffix("%").strip())
    except InvalidOperation:
        raise _Unreadable(t("rules.number", value=text)) from None
    if not decimal.is_finite():
        raise _Unreadable(t("rules.number", value=text))
    return float(decimal) if field.kind == "weight" else decimal


def _shown(value: Any) -> Any:
    """A rule's value as the form shows it."""
    if isinstance(value, bool | ValueBasis):
        return value
    if isinstance(value, list):  # the gift holidays, or a criterion's thresholds
        return label("rules.preview.sep").join(
            holiday.label() if isinstance(holiday, Holiday) else _shown(holiday)
            for holiday in value
        )
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def form_values(rules: Rules) -> dict[str, Any]:
    """Every field's value in the form for these rules."""
    values: dict[str, Any] = {}
    for field in FIELDS:
        group, _, name = field.path.partition(".")
        if group == "weights":
            values[field.path] = _shown(getattr(rules.weights, name))
        elif group == "tier_names":
            values[field.path] = rules.tier_names.get(ValueTier(name), "")
        elif group == "cadence_days":
            default = Rules().cadence_days.get(name, 30)
            values[field.path] = _shown(rules.cadence_days.get(name, default))
        else:
            values[field.path] = _shown(getattr(rules, field.path))
    return values


def form_values_with(rules: Rules, custom: list[FieldDef]) -> dict[str, Any]:
    """form_values and the custom fields' criterion rows (criterion_rows)."""
    values = form_values(rules)
    for field in custom:
        if field.id is None or field.kind not in CRITERION_KINDS:
            continue
        at = f"{CRITERIA}.{field.id}"
        criterion = rules.field_criteria.get(field.id, FieldCriterion())
        values[f"{at}.weight"] = _shown(criterion.weight)
        if field.kind is FieldKind.NUMBER:
            values[f"{at}.thresholds"] = _shown(criterion.thresholds)
        for k, option in enumerate(field.options):
            values[f"{at}.points.{k}"] = str(criterion.points.get(option, 0))
    return values


def _field_of(loc: tuple[Any, ...]) -> str:
    """The form field a pydantic error location points at (its longest known prefix)."""
    parts = [str(part) for part in loc]
    for end in range(len(parts), 0, -1):
        path = ".".join(parts[:end])
        if path in _BY_PATH or (path.startswith(CRITERIA) and path.endswith(".weight")):
            return path
    return parts[0] if parts else "b_cut_percent"


def _field_label(loc: tuple[Any, ...]) -> str:
    for name in reversed([part for part in loc if isinstance(part, str)]):
        if f"field.{name}" in MESSAGES:
            return label(f"field.{name}")
    return ""


def explain(exc: ValidationError, rules_data: dict[str, Any]) -> dict[str, str]:
    """Field path -> the message to show beside it, in the seller's language."""
    messages: dict[str, str] = {}
    for error, described in zip(exc.errors(), describe(exc), strict=True):
        loc = tuple(error["loc"])
        if not loc:  # the model's own check: the only one is the order of the cuts
            messages["b_cut_percent"] = t("rules.cut_order", a=_shown(rules_data["a_cut_percent"]))
            continue
        kind, ctx = error["type"], error.get("ctx") or {}
        if loc == ("lapse_gap_factor",) and kind == "value_error":
            at_risk = _shown(rules_data["at_risk_factor"])
            text = field_rule(_field_label(loc), t("rules.lapse_after_at_risk", at_risk=at_risk))
        elif kind == "greater_than":
            text = field_rule(
                _field_label(loc), t("rules.above", low=ctx["gt"], value=error["input"])
            )
        elif kind == "less_than":
            text = field_rule(
                _field_label(loc), t("rules.below", high=ctx["lt"], value=error["input"])
            )
        else:
            text = described.message
        messages.setdefault(_field_of(loc), text)
    return messages


def read_rules(
    values: dict[str, Any], fallback: Rules, custom: list[FieldDef] | None = None
) -> tuple[Rules | None, dict[str, str]]:
    """The form's values as Rules, or None and a message per field that is wrong.

    The form's values update the fallback (the rules in use): a rule without a field keeps its
    value (a removed custom field's criterion too). An unreadable field is checked no
    further; the others are still validated (against the fallback's value in its place), so
    every problem shows at once. `custom`: the book's custom fields, whose criterion rows
    the form holds.
    """
    custom = custom or []
    errors: dict[str, str] = {}
    data: dict[str, Any] = fallback.model_dump()
    data["tier_names"] = {}  # the form holds every tier's name; a blank one is the default
    fallback_values = form_values_with(fallback, custom)
    criteria: dict[int, dict[str, Any]] = {}
    for field in FIELDS + criterion_rows(custom):
        try:
            value = _parse(field, values[field.path])
        except _Unreadable as bad:
            errors[field.path] = field_rule(field.title(), str(bad))
            value = _parse(field, fallback_values[field.path])
        group, _, name = field.path.partition(".")
        if group == CRITERIA:
            _read_criterion(criteria, name, value, custom)
            continue
        if not name:
            data[group] = value
        elif group != "tier_names" or value:
            data[group][name] = value
    for field_id, criterion in criteria.items():
        # An untouched one (weight 0, nothing set) is not written, so the rules stay as they
        # were; anything the seller set is kept, counted or not.
        if any(criterion.values()) or field_id in fallback.field_criteria:
            data[CRITERIA][field_id] = criterion
    try:
        rules = Rules.model_validate(data)
    except ValidationError as exc:
        for path, message in explain(exc, data).items():
            errors.setdefault(path, message)
        return None, errors
    return (None, errors) if errors else (rules, {})


def _read_criterion(
    criteria: dict[int, dict[str, Any]], name: str, value: Any, custom: list[FieldDef]
) -> None:
    """One criterion row's value into `criteria` (field id -> FieldCriterion's data); an
    option at 0 points is left out, as the rules keep it."""
    field_id, _, part = name.partition(".")
    criterion = criteria.setdefault(int(field_id), {"weight": 0.0, "thresholds": [], "points": {}})
    if part.startswith("points."):
        options = next(f.options for f in custom if f.id == int(field_id))
        if value:
            criterion["points"][options[int(part.removeprefix("points."))]] = value
    else:
        criterion[part] = value


def describe_preview(preview: RulesPreview, rules: Rules) -> Content:
    """ "5 customers would move: value tier B→A 3, C→B 2; stage …" in the seller's language."""
    if preview.moved == 0:
        return Content(label("rules.preview.none"))
    lines = [t("rules.preview.moved", moved=preview.moved)]
    sep = label("rules.preview.sep")
    for lens in PREVIEW_LENSES:
        moves = preview.ordered(lens)
        if not moves:
            continue
        shown = [
            f"{_group(lens, before, rules)}→{_group(lens, after, rules)} {count}"
            for (before, after), count in moves[:MOVES_SHOWN]
        ]
        if len(moves) > MOVES_SHOWN:
            shown.append(f"… +{sum(count for _, count in moves[MOVES_SHOWN:])}")
        lines.append(f"  {label(f'lens.{lens}')}  {sep.join(shown)}")
    return Content("\n".join(lines))


def _group(lens: str, key: str | None, rules: Rules) -> str:
    if key is None:
        return label("rules.preview.not_placed")
    if lens == "value_tier":
        return key  # A→B reads best as letters; the names are on the tier lists
    return (Stage if lens == "stage" else Quadrant)(key).label()


class RulesScreen(ReachesTheBook, Screen[None]):
    CSS_PATH = "rules.tcss"
    BINDINGS = [
        Binding("ctrl+s", "apply", "common.apply", tooltip="rules.key.apply.help", id="apply"),
        # ctrl+o also works while typing in a field (where p is just a letter); f5 is the queue
        Binding(
            "ctrl+o,p", "preview", "common.preview", tooltip="rules.key.preview.help", id="preview"
        ),
        Binding("ctrl+r", "reset", "rules.key.reset", tooltip="rules.key.reset.help", id="reset"),
        Binding("escape", "back", "common.back", tooltip="rules.key.back.help", id="back"),
    ]

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        super().__init__()
        self._start_values = values  # a rebuilt screen keeps what was typed
        self._loaded: dict[str, Any] = {}  # the form as it was filled from the book
        self._book_rules = Rules()
        self._current: Rules | None = None  # the form's rules when they are valid
        self._preview_timer: Timer | None = None
        self._applying = False
        # The custom fields a seller can count in the score, and the form's rows with theirs.
        self.custom: list[FieldDef] = []
        self.rows: tuple[Field, ...] = FIELDS
        translate_bindings(self)

    def rebuild(self) -> RulesScreen:
        return RulesScreen(self.values() if self.is_dirty() else None)

    def palette_commands(self) -> list[tuple[str, str]]:
        return [
            ("rules.cmd.preview", "preview"),
            ("rules.cmd.apply", "apply"),
            ("rules.cmd.reset", "reset"),
            ("rules.cmd.back", "back"),
        ]

    # ---- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.custom = [f for f in self.book.fields() if f.kind in CRITERION_KINDS]
        own = criterion_rows(self.custom)
        self.rows = FIELDS + own
        with VerticalScroll(id="form"):
            yield Static(label("cmd.rules"), id="rules-title")
            for title, hint, section in SECTIONS:
                fields = section + own if title == "rules.section.weights" else section
                yield Static(label(title), classes="section-title")
                if hint:
                    yield WrappedText(label(hint), classes="muted section-hint")
                for field in fields:
                    with Horizontal(classes="rule-row"):
                        yield Label(field.title(), classes="rule-label")
                        yield self._input(field)
                        if field.hint:
                            yield WrappedText(label(field.hint), classes="muted rule-hint")
                    yield WrappedText(id=f"err-{field.slug}", classes="field-error rule-error")
        with Vertical(id="preview-box"):
            yield Static(label("common.preview"), classes="section-title")
            yield WrappedText(id="preview")
        yield KeysFooter()

    def _input(self, field: Field) -> Widget:
        widget_id = f"in-{field.slug}"
        if field.kind == "bool":
            return TickBox(label("word.yes"), id=widget_id, compact=True, classes="rule-input")
        if field.kind == "basis":
            options = [(basis.label(), basis) for basis in ValueBasis]
            return SelectBox(
                options, id=widget_id, allow_blank=False, compact=True, classes="rule-input"
            )
        placeholder = ValueTier(field.path.split(".")[1]).label() if field.kind == "name" else ""
        return TextBox(
            id=widget_id,
            compact=True,
            placeholder=placeholder,
            validate_on=[],  # the whole form is checked against Rules at once: see _changed
            classes=_WIDE.get(field.kind, "rule-input"),
        )

    def on_mount(self) -> None:
        self.title = label("cmd.rules")
        self._book_rules = self.book.rules()
        self._loaded = form_values_with(self._book_rules, self.custom)
        start = self._start_values
        self.fill(start if start is not None and set(start) == set(self._loaded) else self._loaded)
        self.query_one(f"#in-{FIELDS[0].slug}", Input).focus()

    # ---- the form ------------------------------------------------------------------

    def widget_of(self, path: str) -> FieldWidget:
        return cast(FieldWidget, self.query_one(f"#in-{path.replace('.', '-')}"))

    def values(self) -> dict[str, Any]:
        return {field.path: self.widget_of(field.path).value for field in self.rows}

    def fill(self, values: dict[str, Any]) -> None:
        for field in self.rows:
            self.widget_of(field.path).value = values[field.path]
        self.call_after_refresh(self._changed)  # also when no value differed (no Changed)

    def is_dirty(self) -> bool:
        return bool(self._loaded) and self.values() != self._loaded

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _value_changed(self) -> None:
        self._changed()

    def _changed(self) -> None:
        rules, errors = read_rules(self.values(), self._book_rules, self.custom)
        self._current = rules
        for field in self.rows:
            error = self.query_one(f"#err-{field.slug}", Static)
            message = errors.get(field.path, "")
            error.update(Content(message))
            error.display = bool(message)
            self.widget_of(field.path).set_class(bool(message), "-invalid")
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if rules is None:
            self._show_preview_text(label("rules.preview.invalid"))
        elif rules == self._book_rules:
            self._show_preview_text(label("rules.preview.unchanged"))
        else:
            self._show_preview_text(label("rules.preview.working"))
            self._preview_timer = self.set_timer(PREVIEW_PAUSE_SECONDS, self._preview_now)

    def _show_preview_text(self, text: str | Content) -> None:
        self.query_one("#preview", Static).update(
            text if isinstance(text, Content) else Content(text)
        )

    # ---- preview -------------------------------------------------------------------

    def action_preview(self) -> None:
        if self._current is None:
            self._changed()
            if self._current is None:
                self.notify(saying("rules.preview.invalid"), severity="warning")
                return
        self._show_preview_text(label("rules.preview.working"))
        self._preview_now()

    def _preview_now(self) -> None:
        self._preview_timer = None
        if self._current is not None and standing(self):  # (closed or rebuilt meanwhile)
            self._run_preview(self._current)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rules-preview")
    def _run_preview(self, rules: Rules) -> None:
        book = self.book
        book.settle(10)  # compare against tiers that reflect every save so far
        result = preview_rules(book, rules)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_preview, rules, result)

    def _show_preview(self, rules: Rules, result: RulesPreview) -> None:
        if rules == self._current:
            self._show_preview_text(describe_preview(result, rules))

    # ---- apply ---------------------------------------------------------------------

    def action_apply(self) -> None:
        if self._applying:
            return
        rules, errors = read_rules(self.values(), self._book_rules, self.custom)
        if rules is None:
            self._changed()
            self.notify(saying("rules.fix_first", count=len(errors)), severity="error")
            return
        if rules == self._book_rules:
            self.notify(saying("rules.nothing_to_apply"))
            return
        self._show_preview_text(label("rules.applying"))
        self._applying = True
        self._apply(rules)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rules-apply")
    def _apply(self, rules: Rules) -> None:
        result = self.book.set_rules(rules)
        self.app.call_from_thread(self._applied, rules, result)

    def _applied(self, rules: Rules, result: TierWrite) -> None:
        self._applying = False
        self._book_rules = rules
        self._loaded = form_values_with(rules, self.custom)
        self.fill(self._loaded)
        self.notify(saying("rules.applied", moves=result.moves, written=result.written))

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = worker_error(event)
        if error is None:
            return
        applying = event.worker.group == "rules-apply"
        if applying:
            self._applying = False
        tell_failure(self, error, "rules.apply_failed" if applying else "rules.preview.failed")
        self._changed()

    # ---- reset and leaving ---------------------------------------------------------

    def action_reset(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.fill(form_values_with(Rules(), self.custom))
                self.notify(saying("rules.reset_done"))

        dialog = ConfirmDialog(
            label("rules.confirm.reset"), "rules.confirm.use_defaults", "common.cancel"
        )
        self.app.push_screen(dialog, answered)

    def action_back(self) -> None:
        leave_asking(self)

    def has_unsaved_changes(self) -> bool:
        return self.is_dirty()

    def still_saving(self) -> str | None:
        """Leaving while the rules are applied would ask to discard them as they are written
        (tui/widgets/leaving.py): the screen stays until the apply ends."""
        return label("rules.still_applying") if self._applying else None

    def busy(self) -> bool:
        """Keys typed while the rules are applied wait for the apply's end."""
        return self._applying

    def discard_question(self) -> ConfirmDialog:
        return ConfirmDialog(
            label("rules.confirm.leave"), "rules.confirm.discard", "common.keep_editing"
        )

    def close_discarding(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def on_book_changed(self, message: BookChanged) -> None:
        rules = self.book.rules()
        if rules == self._book_rules:
            if self.is_dirty() and self._current is not None and self._current != rules:
                self._changed()  # the tiers moved under the preview: work it out again
            return
        dirty = self.is_dirty()
        self._book_rules = rules
        self._loaded = form_values_with(rules, self.custom)
        if not dirty:
            self.fill(self._loaded)
        else:
            self._changed()
