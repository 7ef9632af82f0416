"""Why each lens placed a customer where it did, in the seller's language (zh or en).

The phrasing catalogue for tiering lives here, (zh, en) per key; the lenses decide, this
module only explains their result with the figures they used.
"""

from __future__ import annotations

from decimal import Decimal

from xiaoben.models.enums import ValueBasis
from xiaoben.models.i18n import Lang, fill
from xiaoben.models.rules import Rules
from xiaoben.models.values import cents_shown
from xiaoben.tiering import quadrant as quadrant_lens
from xiaoben.tiering import rfm8 as rfm8_lens
from xiaoben.tiering import stage as stage_lens
from xiaoben.tiering.frame import (
    NO_DAY,
    QUADRANTS,
    RFM8_CLASSES,
    RFM_SEGMENTS,
    ROLES,
    SCORE_COMPONENTS,
    STAGES,
    VALUE_TIERS,
    BookFigures,
    CustomerStats,
    StatsFrame,
    TierFrame,
)
from xiaoben.tiering.role import CUSTOMER, FAN
from xiaoben.tiering.score import criterion_points
from xiaoben.tiering.value import BY_STRATEGIC, A, B, C, D

# key -> (zh, en)
REASONS: dict[str, tuple[str, str]] = {
    "basis.revenue": ("收入", "revenue"),
    "basis.margin": ("毛利", "margin"),
    "value.none": ("无价值分级：尚未购买", "no value tier: no purchases yet"),
    "value.top": (
        "{tier}：{basis}前 {cut}% — {value}，第 {rank} 名/共 {buyers} 位买家",
        "{tier}: top {cut}% of {basis} — {value}, rank {rank} of {buyers}",
    ),
    "value.rest": (
        "{tier}：{basis}前 {cut}% 之外 — {value}，第 {rank} 名/共 {buyers} 位买家",
        "{tier}: outside the top {cut}% of {basis} — {value}, rank {rank} of {buyers}",
    ),
    "value.negative": ("{tier}：价值 {value} ≤ 0", "{tier}: value {value} ≤ 0"),
    "value.strategic": (
        "{tier}：战略客户，提升至 {tier}",
        "{tier}: strategic customer, promoted to {tier}",
    ),
    "value.referrals": (
        "{tier}：推荐了 {referrals}，提升至 {tier}",
        "{tier}: referred {referrals}, promoted to {tier}",
    ),
    "value.was": ("（按价值为 {tier}）", " (by value {tier})"),
    "rfm.none": ("无 RFM：尚未购买", "no RFM: no purchases yet"),
    "rfm.scores": (
        "R{r} F{f} M{m} · {segment} — 最近一次购买 {days}，共 {orders}，净收入 {net}",
        "R{r} F{f} M{m} · {segment} — last purchase {days}, {orders}, net revenue {net}",
    ),
    "rfm8.none": ("无 RFM 八类：尚未购买", "no RFM class: no purchases yet"),
    "rfm8.class": (
        "{label}（R{r_level} F{f_level} M{m_level}）— "
        "最近一次购买 {days}（平均 {mean_days} 天前），"
        "{orders}（平均 {mean_orders} 单），净收入 {net}（平均 {mean_net}）",
        "{label} (R {r_level}, F {f_level}, M {m_level}) — last purchase {days} "
        "(mean {mean_days} days), {orders} (mean {mean_orders}), net revenue {net} "
        "(mean {mean_net})",
    ),
    "level.high": ("高", "high"),
    "count.orders": ("{n:,} 单", "{n:,} {n!p:order|orders}"),
    "count.customers": ("{n:,} 位客户", "{n:,} {n!p:customer|customers}"),
    "count.days_ago": ("{n:,} 天前", "{n:,} {n!p:day|days} ago"),
    "count.days_ago.zero": ("今天", "today"),
    "level.low": ("低", "low"),
    "stage.lapsed": (
        "{stage}：超过 {lapse} 天未购买（{days} 天）",
        "{stage}: no purchase for more than {lapse} {lapse!p:day|days} ({days} {days!p:day|days})",
    ),
    "stage.loyal": (
        "{stage}：{orders} ≥ {loyal}，最近一次购买 {days}",
        "{stage}: {orders} ≥ {loyal}, last purchase {days}",
    ),
    "stage.customer": (
        "{stage}：{orders}，最近一次购买 {days}",
        "{stage}: {orders}, last purchase {days}",
    ),
    "stage.new": (
        "；新客户（首次购买 {days}）",
        "; new customer (first purchase {days})",
    ),
    "stage.prospect": (
        "{stage}：{days}表示有购买意向（{window} 天内）",
        "{stage}: showed intent {days} (within {window} {window!p:day|days})",
    ),
    "stage.target": ("{stage}：符合目标客户画像", "{stage}: fits the target profile"),
    "stage.manual": ("{stage}：手动设定", "{stage}: set by hand"),
    "stage.potential": ("{stage}：有联系，尚未购买", "{stage}: in touch, no purchase yet"),
    "role.fan": (
        "{role}：购买并推荐了 {referrals}",
        "{role}: buys and referred {referrals}",
    ),
    "role.customer": ("{role}：购买，尚未推荐他人", "{role}: buys, has referred no one yet"),
    "role.audience": ("{role}：尚未购买", "{role}: no purchase yet"),
    "score.total": ("{score} 分 = {parts}", "{score} = {parts}"),
    "component.value": ("价值", "value"),
    "component.frequency": ("频次", "frequency"),
    "component.recency": ("近度", "recency"),
    "component.tenure": ("客龄", "tenure"),
    "component.demand": ("需求", "demand"),
    "component.purchasing_power": ("购买力", "purchasing power"),
    "component.referrals": ("推荐", "referrals"),
    "quadrant.none": ("无象限：尚未购买", "no quadrant: no purchases yet"),
    "quadrant.line": (
        "{quadrant}：{value_level}价值（{tier}）、{loyalty_level}忠诚（{loyalty}）— {strategy}",
        "{quadrant}: {value_level} value ({tier}), {loyalty_level} loyalty ({loyalty}) "
        "— {strategy}",
    ),
    "loyalty.f": ("F{f} ≥ {needed}", "F{f} ≥ {needed}"),
    "loyalty.span": (
        "{orders}，跨 {span} 天 > {needed} 天，未流失",
        "{orders} over {span} {span!p:day|days} > {needed}, not lapsed",
    ),
    "loyalty.low": (
        "F{f} < {needed}，且非 {orders_needed} 单以上跨 {span_needed} 天以上",
        "F{f} < {needed}, and not {orders_needed}+ orders over more than {span_needed}"
        " {span_needed!p:day|days}",
    ),
    "strategy.keep": ("保持关系，优先服务", "keep them close and serve them first"),
    "strategy.win_loyalty": ("争取忠诚，促进复购", "win their loyalty: bring them back more often"),
    "strategy.grow_spend": ("培育消费，提升客单价", "grow their spend: upsell and cross-sell"),
    "strategy.serve_low_cost": ("低成本维持", "serve them at low cost"),
}


def _t(key: str, lang: Lang, **values: object) -> str:
    zh, en = REASONS[key]
    return fill(zh if lang == "zh" else en, **values)


def _count(kind: str, n: int, lang: Lang) -> str:
    """A counted phrase: "9 单" / "9 orders", "1 order", and "today" for 0 days ago."""
    if n == 0 and f"count.{kind}.zero" in REASONS:
        return _t(f"count.{kind}.zero", lang, n=n)
    return _t(f"count.{kind}", lang, n=n)


def _percent(percent: Decimal) -> str:
    return format(percent.normalize(), "f")


def _explain_value(
    stats: CustomerStats, tiers: TierFrame, i: int, figures: BookFigures, rules: Rules, lang: Lang
) -> str:
    code = int(tiers.value_tier[i])
    if code < 0:
        return _t("value.none", lang)
    value = int(tiers.value_cents[i])

    def name(tier: int) -> str:
        return rules.tier_name(VALUE_TIERS[tier], lang)

    promoted_by = int(tiers.promoted_by[i])
    if promoted_by:
        key = "value.strategic" if promoted_by == BY_STRATEGIC else "value.referrals"
        by_cut = D if value <= 0 else C
        referrals = _count("customers", stats.referrals, lang)
        return _t(key, lang, tier=name(code), referrals=referrals) + _t(
            "value.was", lang, tier=name(by_cut)
        )
    if code == D:
        return _t("value.negative", lang, tier=name(D), value=cents_shown(value))
    basis = "basis.margin" if rules.value_basis == ValueBasis.MARGIN else "basis.revenue"
    cut = {A: rules.a_cut_percent, B: rules.b_cut_percent, C: rules.b_cut_percent}[code]
    return _t(
        "value.rest" if code == C else "value.top",
        lang,
        tier=name(code),
        basis=_t(basis, lang),
        cut=_percent(cut),
        value=cents_shown(value),
        rank=f"{int(tiers.value_rank[i]):,}",
        buyers=f"{figures.buyers:,}",
    )


def _explain_rfm(stats: CustomerStats, tiers: TierFrame, i: int, lang: Lang) -> str:
    if int(tiers.r[i]) == 0:
        return _t("rfm.none", lang)
    return _t(
        "rfm.scores",
        lang,
        r=int(tiers.r[i]),
        f=int(tiers.f[i]),
        m=int(tiers.m[i]),
        segment=RFM_SEGMENTS[int(tiers.rfm_segment[i])].label(lang),
        days=_count("days_ago", int(tiers.recency_days[i]), lang),
        orders=_count("orders", stats.orders, lang),
        net=cents_shown(stats.revenue_cents - stats.refunded_cents),
    )


def _explain_rfm8(
    stats: CustomerStats, tiers: TierFrame, i: int, figures: BookFigures, lang: Lang
) -> str:
    code = int(tiers.rfm8[i])
    if code < 0:
        return _t("rfm8.none", lang)
    days = int(tiers.recency_days[i])
    net = stats.revenue_cents - stats.refunded_cents

    def level(high: bool) -> str:
        return _t("level.high" if high else "level.low", lang)

    r_high, f_high, m_high = rfm8_lens.HIGHS[code]
    return _t(
        "rfm8.class",
        lang,
        label=RFM8_CLASSES[code].label(lang),
        r_level=level(r_high),
        f_level=level(f_high),
        m_level=level(m_high),
        days=_count("days_ago", days, lang),
        mean_days=f"{figures.mean_recency_days:,.1f}",
        orders=_count("orders", stats.orders, lang),
        mean_orders=f"{figures.mean_orders:,.2f}",
        net=cents_shown(net),
        mean_net=cents_shown(figures.mean_revenue_cents),
    )


def _explain_stage(
    stats: CustomerStats, tiers: TierFrame, i: int, figures: BookFigures, rules: Rules, lang: Lang
) -> str:
    code = int(tiers.stage[i])
    label = STAGES[code].label(lang)
    as_of_day = figures.as_of_day
    days = int(tiers.recency_days[i])
    if code == stage_lens.LAPSED:
        return _t("stage.lapsed", lang, stage=label, lapse=rules.lapse_days, days=days)
    if code in (stage_lens.LOYAL, stage_lens.CUSTOMER):
        key = "stage.loyal" if code == stage_lens.LOYAL else "stage.customer"
        orders = _count("orders", stats.orders, lang)
        ago = _count("days_ago", days, lang)
        line = _t(key, lang, stage=label, orders=orders, loyal=rules.loyal_orders, days=ago)
        if bool(tiers.is_new[i]):
            first = _count("days_ago", as_of_day - stats.first_purchase_day, lang)
            line += _t("stage.new", lang, days=first)
        return line
    # A non-buyer: say which rule placed them, the figures' own or the seller's hand.
    row = StatsFrame.from_records([stats])
    computed = int(
        stage_lens.nonbuyer_stages(row.last_intent_day, row.target_profile, as_of_day, rules)[0]
    )
    if code != computed:
        return _t("stage.manual", lang, stage=label)
    if code == stage_lens.PROSPECT:
        since = as_of_day - stats.last_intent_day if stats.last_intent_day != NO_DAY else 0
        ago = _count("days_ago", since, lang)
        return _t("stage.prospect", lang, stage=label, days=ago, window=rules.intent_days)
    if code == stage_lens.TARGET:
        return _t("stage.target", lang, stage=label)
    return _t("stage.potential", lang, stage=label)


def _explain_role(stats: CustomerStats, tiers: TierFrame, i: int, lang: Lang) -> str:
    code = int(tiers.role[i])
    label = ROLES[code].label(lang)
    if code == FAN:
        referrals = _count("customers", stats.referrals, lang)
        return _t("role.fan", lang, role=label, referrals=referrals)
    if code == CUSTOMER:
        return _t("role.customer", lang, role=label)
    return _t("role.audience", lang, role=label)


def _explain_score(stats: CustomerStats, tiers: TierFrame, i: int, rules: Rules, lang: Lang) -> str:
    """Each component's points, then each custom criterion's under the field's label."""
    parts = [
        f"{_t('component.' + name, lang)} {float(tiers.score_parts[i, k]):.1f}"
        for k, name in enumerate(SCORE_COMPONENTS)
    ]
    parts += [
        f"{field.label(lang)} {points:.1f}" for field, points in criterion_points(stats, rules)
    ]
    score = f"{float(tiers.score[i]):.1f}"
    return _t("score.total", lang, score=score, parts=" + ".join(parts))


def _explain_quadrant(
    stats: CustomerStats, tiers: TierFrame, i: int, rules: Rules, lang: Lang
) -> str:
    code = int(tiers.quadrant[i])
    if code < 0:
        return _t("quadrant.none", lang)
    quadrant = QUADRANTS[code]
    tier = int(tiers.value_tier[i])
    f = int(tiers.f[i])
    span = stats.last_purchase_day - stats.first_purchase_day
    value_high = tier in (A, B)
    if f >= rules.loyalty_f_score:
        loyalty, loyalty_high = _t("loyalty.f", lang, f=f, needed=rules.loyalty_f_score), True
    elif code in (quadrant_lens.KEEP, quadrant_lens.GROW_SPEND):
        loyalty = _t(
            "loyalty.span",
            lang,
            orders=_count("orders", stats.orders, lang),
            span=span,
            needed=rules.loyalty_span_days,
        )
        loyalty_high = True
    else:
        loyalty = _t(
            "loyalty.low",
            lang,
            f=f,
            needed=rules.loyalty_f_score,
            orders_needed=rules.loyal_orders,
            span_needed=rules.loyalty_span_days,
        )
        loyalty_high = False
    return _t(
        "quadrant.line",
        lang,
        quadrant=quadrant.label(lang),
        value_level=_t("level.high" if value_high else "level.low", lang),
        tier=rules.tier_name(VALUE_TIERS[tier], lang),
        loyalty_level=_t("level.high" if loyalty_high else "level.low", lang),
        loyalty=loyalty,
        strategy=_t("strategy." + quadrant.value, lang),
    )


def explain(
    stats: CustomerStats, tiers: TierFrame, index: int, rules: Rules, lang: Lang
) -> dict[str, str]:
    """Reasons for row `index` of `tiers` (whose stats are `stats`), one line per lens."""
    figures = tiers.figures
    if figures is None:
        raise ValueError("explain needs the TierFrame's figures (from compute or place)")
    return {
        "value": _explain_value(stats, tiers, index, figures, rules, lang),
        "rfm": _explain_rfm(stats, tiers, index, lang),
        "rfm8": _explain_rfm8(stats, tiers, index, figures, lang),
        "stage": _explain_stage(stats, tiers, index, figures, rules, lang),
        "role": _explain_role(stats, tiers, index, lang),
        "score": _explain_score(stats, tiers, index, rules, lang),
        "quadrant": _explain_quadrant(stats, tiers, index, rules, lang),
    }
