"""A row of tier badges, one per lens, coloured by the theme and wrapped to the width.

Badges never split across lines; the row grows a line when they do not fit. Shows what
it is given (a TierResult and the rules); reads nothing from the book itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from xiaoben.models.enums import Quadrant, Rfm8, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.rules import Rules
from xiaoben.models.tiers import TierResult
from xiaoben.tui.i18n import label

LENSES = ("value", "rfm", "rfm8", "stage", "role", "score", "quadrant")

# Each badge's colour says whether the lens puts the customer somewhere good or worrying.
_TIER_TONE = {
    ValueTier.A: "good",
    ValueTier.B: "accent",
    ValueTier.C: "primary",
    ValueTier.D: "bad",
}
_SEGMENT_TONE = {
    RfmSegment.CHAMPIONS: "good",
    RfmSegment.LOYAL: "good",
    RfmSegment.POTENTIAL_LOYALIST: "primary",
    RfmSegment.NEW: "accent",
    RfmSegment.PROMISING: "primary",
    RfmSegment.NEED_ATTENTION: "warn",
    RfmSegment.ABOUT_TO_SLEEP: "warn",
    RfmSegment.AT_RISK: "bad",
    RfmSegment.CANT_LOSE_THEM: "bad",
    RfmSegment.HIBERNATING: "bad",
}
_RFM8_TONE = {
    Rfm8.IMPORTANT_VALUE: "good",
    Rfm8.IMPORTANT_RETAIN: "bad",
    Rfm8.GENERAL_RETAIN: "warn",
}
_STAGE_TONE = {
    Stage.PROSPECT: "accent",
    Stage.CUSTOMER: "primary",
    Stage.LOYAL: "good",
    Stage.LAPSED: "bad",
}
_ROLE_TONE = {Role.FAN: "good", Role.CUSTOMER: "primary"}
_QUADRANT_TONE = {
    Quadrant.KEEP: "good",
    Quadrant.WIN_LOYALTY: "accent",
    Quadrant.GROW_SPEND: "primary",
}


@dataclass(frozen=True, slots=True)
class Badge:
    lens: str
    text: str
    tone: str  # good / accent / primary / warn / bad / plain / none


def _score_tone(score: float) -> str:
    if score >= 70:
        return "good"
    return "primary" if score >= 40 else "plain"


def badges_for(result: TierResult | None, rules: Rules) -> list[Badge]:
    """The badges of one customer's result (all "—" when the customer is not tiered)."""
    none = label("page.badge.none")

    def named(prefix: str, text: str | None, tone: str, lens: str) -> Badge:
        shown = f"{label(prefix)} {text}" if text else f"{label(prefix)} {none}"
        return Badge(lens, shown, tone if text else "none")

    if result is None:
        return [
            named("rules.weight.value", None, "none", "value"),
            Badge("rfm", f"RFM {none}", "none"),
            named("page.badge.rfm8", None, "none", "rfm8"),
            named("lens.stage", None, "none", "stage"),
            named("lens.role", None, "none", "role"),
            named("lens.score", None, "none", "score"),
            named("page.badge.quadrant", None, "none", "quadrant"),
        ]
    tier = result.value_tier
    segment = result.rfm_segment
    if segment is not None and result.r is not None:
        rfm = Badge(
            "rfm", f"R{result.r} F{result.f} M{result.m} {segment.label()}", _SEGMENT_TONE[segment]
        )
    else:
        rfm = Badge("rfm", f"RFM {none}", "none")
    stage = result.stage.label()
    if result.is_new:
        stage = f"{stage} · {label('page.badge.new')}"
    return [
        named(
            "rules.weight.value",
            rules.tier_name(tier) if tier else None,
            _TIER_TONE.get(tier, "none") if tier else "none",
            "value",
        ),
        rfm,
        named(
            "page.badge.rfm8",
            result.rfm8.label() if result.rfm8 else None,
            _RFM8_TONE.get(result.rfm8, "primary") if result.rfm8 else "none",
            "rfm8",
        ),
        named("lens.stage", stage, _STAGE_TONE.get(result.stage, "plain"), "stage"),
        named("lens.role", result.role.label(), _ROLE_TONE.get(result.role, "plain"), "role"),
        named("lens.score", f"{result.score:.1f}", _score_tone(result.score), "score"),
        named(
            "page.badge.quadrant",
            result.quadrant.label() if result.quadrant else None,
            _QUADRANT_TONE.get(result.quadrant, "plain") if result.quadrant else "none",
            "quadrant",
        ),
    ]


def chip_lines(widths: list[int], width: int, gap: int = 1) -> list[list[int]]:
    """Greedy layout of chips `widths` cells wide: the indexes on each line of `width` cells."""
    lines: list[list[int]] = [[]]
    used = 0
    for index, cells in enumerate(widths):
        needed = cells if not lines[-1] else used + gap + cells
        if lines[-1] and needed > width:
            lines.append([index])
            used = cells
        else:
            lines[-1].append(index)
            used = needed
    return lines


class TierBadges(Widget):
    """Badges for every lens. Call `show(result, rules)`; `text(lens)` reads one back."""

    COMPONENT_CLASSES = {
        "tier-badges--good",
        "tier-badges--accent",
        "tier-badges--primary",
        "tier-badges--warn",
        "tier-badges--bad",
        "tier-badges--plain",
        "tier-badges--none",
    }
    DEFAULT_CSS = """
    TierBadges {
        height: auto;
        width: 1fr;
    }
    TierBadges > .tier-badges--good { background: $success-muted; color: $text-success; }
    TierBadges > .tier-badges--accent { background: $accent-muted; color: $text-accent; }
    TierBadges > .tier-badges--primary { background: $primary-muted; color: $text-primary; }
    TierBadges > .tier-badges--warn { background: $warning-muted; color: $text-warning; }
    TierBadges > .tier-badges--bad { background: $error-muted; color: $text-error; }
    TierBadges > .tier-badges--plain { background: $boost; color: $text; }
    TierBadges > .tier-badges--none { background: $boost; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._badges: list[Badge] = badges_for(None, Rules())

    def show(self, result: TierResult | None, rules: Rules) -> None:
        self._badges = badges_for(result, rules)
        self.refresh(layout=True)

    def text(self, lens: str) -> str:
        """The text of one lens's badge (as the seller reads it)."""
        return next(badge.text for badge in self._badges if badge.lens == lens)

    @property
    def badges(self) -> list[Badge]:
        return list(self._badges)

    def _widths(self) -> list[int]:
        return [cell_len(badge.text) + 2 for badge in self._badges]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(chip_lines(self._widths(), max(width, 1)))

    def render(self) -> Content:
        lines = chip_lines(self._widths(), max(self.content_size.width, 1))
        rows: list[Content] = []
        for indexes in lines:
            parts: list[str | Content] = []
            for position, index in enumerate(indexes):
                badge = self._badges[index]
                if position:
                    parts.append(" ")
                style = self.get_visual_style(f"tier-badges--{badge.tone}")
                parts.append(Content.styled(f" {badge.text} ", style))
            rows.append(Content.assemble(*parts))
        return Content("\n").join(rows)
