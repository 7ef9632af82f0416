"""The customer list's filters and the modal that picks them (ModalScreen[Filters | None]).

Several values per lens — value tiers (A and B), stages, RFM segments, roles, churn risk —
and tags and regions from those in use (杭州 and 上海): a customer matching any value of a
filter passes it. One choice each for the top CLV buyers, the next follow-up and how long
since the last contact; custom fields' choices. Apply gives the new Filters, Clear gives
none, Esc leaves them as they were. A saved view keeps them by the same names
(store/views.py turns them into the list's query).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList

from xiaoben.models.enums import ChurnRisk, Labelled, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.i18n import t
from xiaoben.models.text import printable
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.views import (
    CLV_TOP_PERCENTS,
    FILTERS,
    FOLLOW_UP_WITHIN,
    MANY,
    SILENT_DAYS,
    field_filters,
    field_key,
    query_of,
    values_of,
)
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.widgets.inputs import ButtonBox, SelectBox, SelectionBox
from xiaoben.tui.widgets.keys_footer import KeysFooter

LENSES: dict[str, type[Labelled]] = {
    "value_tier": ValueTier,
    "stage": Stage,
    "rfm_segment": RfmSegment,
    "role": Role,
    "churn_risk": ChurnRisk,
}
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Filters:
    """The values chosen per filter (none: any); clv_top, follow_up and silent take one."""

    value_tier: frozenset[str] = _NONE
    stage: frozenset[str] = _NONE
    rfm_segment: frozenset[str] = _NONE
    role: frozenset[str] = _NONE
    churn_risk: frozenset[str] = _NONE  # the purchase model's lens: alive / fading / lost
    clv_top: str | None = None  # one of CLV_TOP_PERCENTS
    tag: frozenset[str] = _NONE
    region: frozenset[str] = _NONE
    follow_up: str | None = None  # a key of FOLLOW_UP_WITHIN: planned today, this week
    silent: str | None = None  # one of SILENT_DAYS: not contacted for that many days
    # Custom fields: (field id, stored value, the field's label, the value as shown).
    custom: tuple[tuple[int, str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def applied_to(self, query: ListQuery, today: date) -> ListQuery:
        chosen: dict[str, Any] = {name: getattr(self, name) for name in FILTERS}
        chosen.update({field_key(field_id): value for field_id, value, _, _ in self.custom})
        return query_of(chosen, query, today)

    def saved(self) -> dict[str, str]:
        """The filters set, by name, as a saved view keeps them: several values joined by
        commas; a custom field's value under "field.<id>"."""
        kept = {}
        for name in FILTERS:
            value = getattr(self, name)
            if value:
                kept[name] = ",".join(sorted(value)) if name in MANY else value
        for field_id, value, _, _ in self.custom:
            kept[field_key(field_id)] = value
        return kept

    @classmethod
    def of_view(cls, filters: dict[str, str], custom_fields: list[FieldDef]) -> Filters:
        """A view's filters as the screen holds them; custom fields' labels are read from
        `custom_fields` (the live ones: a renamed field shows its new label)."""
        chosen: dict[str, Any] = {
            name: values_of(filters.get(name)) if name in MANY else filters.get(name)
            for name in FILTERS
        }
        by_id = {field.id: field for field in custom_fields}
        custom = []
        for wanted in field_filters(filters):
            field = by_id.get(wanted.field_id)
            if field is not None:  # a removed field's view is refused before (view_query)
                shown = dict((v, text) for text, v in _field_options(field)).get(wanted.value)
                custom.append((wanted.field_id, wanted.value, field.label(), shown or wanted.value))
        return cls(**chosen, custom=tuple(custom))

    def described(self, tier_names: dict[str, str]) -> list[tuple[str, str]]:
        """(filter name, chosen values) of each filter set, as the seller reads them: the
        values in their lens's order (A、B), tags and regions alphabetically."""
        shown = []
        for name in FILTERS:
            chosen = getattr(self, name)
            if not chosen:
                continue
            if name not in MANY:
                shown.append((filter_name(name), value_label(name, chosen, tier_names)))
                continue
            order = [m.value for m in LENSES[name]] if name in LENSES else sorted(chosen)
            words = [value_label(name, value, tier_names) for value in order if value in chosen]
            shown.append((filter_name(name), label("list.filters.or").join(words)))
        shown += [(field_label, value_shown) for _, _, field_label, value_shown in self.custom]
        return shown


def filter_name(name: str) -> str:
    """A filter's name (the RFM segment and churn risk are named as their lenses)."""
    if name in ("rfm_segment", "churn_risk"):
        return label(f"lens.{name}")
    return label(f"list.filters.{name}")


def value_label(name: str, value: str, tier_names: dict[str, str]) -> str:
    if name == "value_tier":
        return tier_names.get(value, value)
    if name in LENSES:
        return LENSES[name](value).label()
    if name == "follow_up":
        return label(f"list.filters.follow_up.{value}")
    if name == "silent":
        return t("list.filters.silent_days", days=value)
    if name == "clv_top":
        return t("list.filters.clv_top.value", percent=value)
    return value


class FilterModal(ModalScreen[Filters | None]):
    """Choose the list's filters; tags and regions are those in use in the book."""

    DEFAULT_CSS = """
    FilterModal {
        align: center middle;
    }
    FilterModal > #filters-box {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    FilterModal #filters-title {
        text-style: bold;
        color: $accent;
        width: 100%;
        margin-bottom: 1;
    }
    FilterModal #filters-grid {
        grid-size: 3;
        grid-gutter: 0 2;
        grid-rows: auto;
        height: auto;
    }
    FilterModal #filters-grid {
        max-height: 16;
        overflow-y: auto;
    }
    FilterModal .filter-field {
        height: auto;
    }
    FilterModal SelectionList {
        height: auto;
        max-height: 5;
        border: none;
        padding: 0;
    }
    FilterModal #filters-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    FilterModal #filters-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "apply",
            "common.apply",
            tooltip="list.filters.cmd.apply",
            id="filters.apply",
        ),
        Binding(
            "escape",
            "cancel",
            "common.cancel",
            tooltip="list.filters.cmd.cancel",
            id="filters.cancel",
        ),
    ]

    def __init__(
        self,
        current: Filters,
        tags: list[str],
        regions: list[str],
        tier_names: dict[str, str],
        custom_fields: list[FieldDef] | None = None,
    ) -> None:
        super().__init__()
        self.current = current
        # The custom fields a seller filters by: a choice (one or several) and yes/no.
        self.custom_fields = [
            f
            for f in custom_fields or []
            if f.id is not None and (f.is_choice or f.kind is FieldKind.YES_NO)
        ]
        self.choices: dict[str, list[tuple[str, str]]] = {
            name: [(value_label(name, m.value, tier_names), m.value) for m in enum]
            for name, enum in LENSES.items()
        }
        self.choices["clv_top"] = [
            (value_label("clv_top", percent, tier_names), percent) for percent in CLV_TOP_PERCENTS
        ]
        self.choices["tag"] = [(tag, tag) for tag in _with(tags, current.tag)]
        self.choices["region"] = [(region, region) for region in _with(regions, current.region)]
        self.choices["follow_up"] = [
            (value_label("follow_up", key, tier_names), key) for key in FOLLOW_UP_WITHIN
        ]
        self.choices["silent"] = [(value_label("silent", days, {}), days) for days in SILENT_DAYS]
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="filters-box"):
            yield Label(label("list.filters.title"), id="filters-title")
            with Grid(id="filters-grid"):
                for name, options in self.choices.items():
                    with Vertical(classes="filter-field"):
                        yield Label(filter_name(name))
                        value = getattr(self.current, name)
                        if name in MANY:  # space ticks a value; several may be ticked
                            yield SelectionBox(
                                *((text, key, key in value) for text, key in options),
                                id=f"filter-{name}",
                            )
                            continue
                        yield SelectBox(
                            options,
                            prompt=label("list.filters.any"),
                            value=value if value else Select.NULL,
                            id=f"filter-{name}",
                        )
                chosen = {field_id: value for field_id, value, _, _ in self.current.custom}
                for field in self.custom_fields:
                    with Vertical(classes="filter-field"):
                        yield Label(printable(field.label()), markup=False)
                        yield SelectBox(
                            _field_options(field),
                            prompt=label("list.filters.any"),
                            value=chosen.get(field.id or 0, Select.NULL),
                            id=f"filter-custom-{field.id}",
                        )
            with Horizontal(id="filters-buttons"):
                yield ButtonBox(label("common.apply"), variant="primary", id="filters-apply")
                yield ButtonBox(label("list.filters.clear"), id="filters-clear")
                yield ButtonBox(label("common.cancel"), id="filters-cancel")
        yield KeysFooter()

    def chosen(self) -> Filters:
        values: dict[str, Any] = {}
        for name in self.choices:
            if name in MANY:
                selection = self.query_one(f"#filter-{name}", SelectionList)
                values[name] = frozenset(selection.selected)
                continue
            value = self.query_one(f"#filter-{name}", Select).value
            values[name] = value if isinstance(value, str) else None
        custom = []
        for field in self.custom_fields:
            value = self.query_one(f"#filter-custom-{field.id}", Select).value
            if isinstance(value, str) and field.id is not None:
                shown = dict((v, text) for text, v in _field_options(field))[value]
                custom.append((field.id, value, field.label(), shown))
        return Filters(**values, custom=tuple(custom))

    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#filters-apply")
    def _apply(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#filters-clear")
    def _clear(self) -> None:
        self.dismiss(Filters())

    @on(Button.Pressed, "#filters-cancel")
    def _cancel(self) -> None:
        self.action_cancel()


def _field_options(field: FieldDef) -> list[tuple[str, str]]:
    """(shown, stored value) of a field's filter choices."""
    if field.kind is FieldKind.YES_NO:
        return [(t("word.yes"), "1"), (t("word.no"), "0")]
    return [(printable(option), option) for option in field.options]


def _with(values: list[str], current: frozenset[str]) -> list[str]:
    """The values in use, plus the current choices no longer among them."""
    return [*sorted(current - set(values)), *values]
