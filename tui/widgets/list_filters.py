"""The customer list's filters and the modal that picks them (ModalScreen[Filters | None]).

One choice per lens — value tier, stage, RFM segment, role, churn risk — the top CLV
buyers, and a tag and a region from those in use. Apply gives the new Filters, Clear gives
none, Esc leaves them as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Select

from xiaoben.models.enums import ChurnRisk, Labelled, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.i18n import t
from xiaoben.store.customer_list import ListQuery
from xiaoben.tui.i18n import label, translate_bindings

LENSES: dict[str, type[Labelled]] = {
    "value_tier": ValueTier,
    "stage": Stage,
    "rfm_segment": RfmSegment,
    "role": Role,
    "churn_risk": ChurnRisk,
}
# The next follow-up filter: planned within this many days of today.
FOLLOW_UP_WITHIN: dict[str, int] = {"today": 0, "week": 6}
# The CLV filter: the buyers in the top this-many percent by the purchase model's CLV.
CLV_TOP_PERCENTS = ("5", "10", "20", "50")


@dataclass(frozen=True)
class Filters:
    """At most one value per filter; None means any."""

    value_tier: str | None = None
    stage: str | None = None
    rfm_segment: str | None = None
    role: str | None = None
    churn_risk: str | None = None  # the purchase model's lens: alive / fading / lost
    clv_top: str | None = None  # one of CLV_TOP_PERCENTS
    tag: str | None = None
    region: str | None = None
    follow_up: str | None = None  # a key of FOLLOW_UP_WITHIN: planned today, this week

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def applied_to(self, query: ListQuery) -> ListQuery:
        def one(value: str | None) -> frozenset[str]:
            return frozenset({value}) if value else frozenset()

        return replace(
            query,
            value_tiers=one(self.value_tier),
            stages=one(self.stage),
            segments=one(self.rfm_segment),
            roles=one(self.role),
            churn_risks=one(self.churn_risk),
            clv_top_percent=int(self.clv_top) if self.clv_top else None,
            tag=self.tag,
            region=self.region,
            follow_up_within=FOLLOW_UP_WITHIN.get(self.follow_up or ""),
        )

    def described(self, tier_names: dict[str, str]) -> list[tuple[str, str]]:
        """(filter name, chosen value) of each filter set, as the seller reads them."""
        shown = []
        for name in (
            "value_tier",
            "stage",
            "rfm_segment",
            "role",
            "churn_risk",
            "clv_top",
            "tag",
            "region",
            "follow_up",
        ):
            value = getattr(self, name)
            if value:
                shown.append((filter_name(name), value_label(name, value, tier_names)))
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
    FilterModal .filter-field {
        height: auto;
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
        self.choices["clv_top"] = [
            (value_label("clv_top", percent, tier_names), percent) for percent in CLV_TOP_PERCENTS
        ]
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
        yield Footer()

    def chosen(self) -> Filters:
        values = {}
        for name in self.choices:
            value = self.query_one(f"#filter-{name}", Select).value
            values[name] = value if isinstance(value, str) else None
        return Filters(**values)

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


def _with(values: list[str], current: str | None) -> list[str]:
    """The values in use, plus the current choice if it is no longer among them."""
    return values if not current or current in values else [current, *values]
