"""The customer list's filters and the modal that picks them (ModalScreen[Filters | None]).

Several values per lens — value tiers (A and B), stages, RFM segments, roles — and tags and
regions from those in use (杭州 and 上海): a customer matching any value of a filter passes
it. Apply gives the new Filters, Clear gives none, Esc leaves them as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList

from xiaoben.models.enums import Labelled, RfmSegment, Role, Stage, ValueTier
from xiaoben.store.customer_list import ListQuery
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.widgets.keys_footer import KeysFooter

LENSES: dict[str, type[Labelled]] = {
    "value_tier": ValueTier,
    "stage": Stage,
    "rfm_segment": RfmSegment,
    "role": Role,
}
# The next follow-up filter: planned within this many days of today.
FOLLOW_UP_WITHIN: dict[str, int] = {"today": 0, "week": 6}


# The filters that take several values (any of them matches).
MANY = ("value_tier", "stage", "rfm_segment", "role", "tag", "region")
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Filters:
    """The values chosen per filter (none: any); the follow-up filter takes one."""

    value_tier: frozenset[str] = _NONE
    stage: frozenset[str] = _NONE
    rfm_segment: frozenset[str] = _NONE
    role: frozenset[str] = _NONE
    tag: frozenset[str] = _NONE
    region: frozenset[str] = _NONE
    follow_up: str | None = None  # a key of FOLLOW_UP_WITHIN: planned today, this week

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def applied_to(self, query: ListQuery) -> ListQuery:
        return replace(
            query,
            value_tiers=self.value_tier,
            stages=self.stage,
            segments=self.rfm_segment,
            roles=self.role,
            tag=None,
            region=None,
            tags=self.tag,
            regions=self.region,
            follow_up_within=FOLLOW_UP_WITHIN.get(self.follow_up or ""),
        )

    def described(self, tier_names: dict[str, str]) -> list[tuple[str, str]]:
        """(filter name, chosen values) of each filter set, as the seller reads them: the
        values in their lens's order (A、B), tags and regions alphabetically."""
        shown = []
        for name in (*MANY, "follow_up"):
            chosen = getattr(self, name)
            if not chosen:
                continue
            if name == "follow_up":
                shown.append((filter_name(name), value_label(name, chosen, tier_names)))
                continue
            order = [m.value for m in LENSES[name]] if name in LENSES else sorted(chosen)
            words = [value_label(name, value, tier_names) for value in order if value in chosen]
            shown.append((filter_name(name), label("list.filters.or").join(words)))
        return shown


def filter_name(name: str) -> str:
    """A filter's name (the RFM segment is named as its lens, as everywhere)."""
    return label("lens.rfm_segment" if name == "rfm_segment" else f"list.filters.{name}")


def value_label(name: str, value: str, tier_names: dict[str, str]) -> str:
    if name == "value_tier":
        return tier_names.get(value, value)
    if name in LENSES:
        return LENSES[name](value).label()
    if name == "follow_up":
        return label(f"list.filters.follow_up.{value}")
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
        grid-size: 2;
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
    ) -> None:
        super().__init__()
        self.current = current
        self.choices: dict[str, list[tuple[str, str]]] = {
            name: [(value_label(name, m.value, tier_names), m.value) for m in enum]
            for name, enum in LENSES.items()
        }
        self.choices["tag"] = [(tag, tag) for tag in _with(tags, current.tag)]
        self.choices["region"] = [(region, region) for region in _with(regions, current.region)]
        self.choices["follow_up"] = [
            (value_label("follow_up", key, tier_names), key) for key in FOLLOW_UP_WITHIN
        ]
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
                            yield SelectionList[str](
                                *((text, key, key in value) for text, key in options),
                                id=f"filter-{name}",
                            )
                            continue
                        yield Select(
                            options,
                            prompt=label("list.filters.any"),
                            value=value if value else Select.NULL,
                            id=f"filter-{name}",
                        )
            with Horizontal(id="filters-buttons"):
                yield Button(label("common.apply"), variant="primary", id="filters-apply")
                yield Button(label("list.filters.clear"), id="filters-clear")
                yield Button(label("common.cancel"), id="filters-cancel")
        yield KeysFooter()

    def chosen(self) -> Filters:
        many = {
            name: frozenset(self.query_one(f"#filter-{name}", SelectionList).selected)
            for name in MANY
        }
        follow_up = self.query_one("#filter-follow_up", Select).value
        return Filters(**many, follow_up=follow_up if isinstance(follow_up, str) else None)

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


def _with(values: list[str], current: frozenset[str]) -> list[str]:
    """The values in use, plus the current choices no longer among them."""
    return [*sorted(current - set(values)), *values]
