"""The purchase-probability model as the book uses it: from per-customer purchase-day
figures to a fitted model (BG/NBD + Gamma-Gamma), and from a model to each customer's
P(alive), expected purchases in the next 90 days and CLV; the churn-risk lens.

Pure: figures, rules and `as_of` come from the caller (store/ reads them from the stats it
keeps). Days are epoch days (tiering.frame); the model's time unit is weeks unless asked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np

from xiaoben.models.enums import ChurnRisk
from xiaoben.models.i18n import Lang, t
from xiaoben.models.overview import EXPECTED_DAYS
from xiaoben.models.rules import Rules
from xiaoben.models.values import cents_shown
from xiaoben.tiering.frame import NO_DAY, epoch_day
from xiaoben.tiering.model_params import BgNbd, GammaGamma, check_enough_data

UNIT_DAYS = {"week": 7, "day": 1}
CHURN_RISKS: tuple[ChurnRisk, ...] = tuple(ChurnRisk)  # codes of the churn-risk lens


@dataclass(frozen=True, slots=True)
class Histories:
    """Buyers' purchase-day figures (aligned arrays): the model's input."""

    customer_id: np.ndarray
    purchase_days: np.ndarray  # distinct days with a purchase
    first_day: np.ndarray  # epoch days
    last_day: np.ndarray
    repeat_net_cents: np.ndarray  # net value of the purchases after the first day

    def summary(self, as_of: date, unit: str) -> tuple[np.ndarray, ...]:
        """(frequency, recency, age, mean repeat spend in money) in the model's unit."""
        days = UNIT_DAYS[unit]
        frequency = np.maximum(self.purchase_days - 1, 0).astype(np.float64)
        recency = (self.last_day - self.first_day) / days
        age = np.maximum(epoch_day(as_of) - self.first_day, 0) / days
        recency = np.minimum(recency, age)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(frequency > 0, self.repeat_net_cents / 100 / frequency, 0.0)
        return frequency, recency, age, mean


@dataclass(frozen=True, slots=True)
class PurchaseModel:
    """A fitted model, with what it was fitted on (kept in the book as JSON)."""

    bgnbd: BgNbd
    spend: GammaGamma
    unit: str
    as_of: date  # the day the calibration ended
    customers: int
    repeat_buyers: int
    purchases: int  # purchases in the book at the fit (the refit rule compares to it)
    fit_seconds: float

    def to_json(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["as_of"] = self.as_of.isoformat()
        return raw

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> PurchaseModel:
        values = dict(raw)
        values["bgnbd"] = BgNbd(**raw["bgnbd"])
        values["spend"] = GammaGamma(**raw["spend"])
        values["as_of"] = date.fromisoformat(raw["as_of"])
        return cls(**values)


def fit(histories: Histories, as_of: date, unit: str = "week", purchases: int = 0) -> PurchaseModel:
    """Fit both models; BookError("model.not_enough_data" / "model.no_fit") otherwise."""
    import time  # the fit's duration is reported, never used to decide anything

    started = time.perf_counter()
    frequency, recency, age, mean = histories.summary(as_of, unit)
    check_enough_data(frequency, age)  # a fresh or small book: no scipy for nothing

    from xiaoben.tiering import bgnbd, spend  # scipy: only where a model is fitted or used

    purchase_model = bgnbd.fit(frequency, recency, age)
    spend_model = spend.fit(frequency, mean)
    return PurchaseModel(
        bgnbd=purchase_model,
        spend=spend_model,
        unit=unit,
        as_of=as_of,
        customers=len(frequency),
        repeat_buyers=int(np.count_nonzero(frequency > 0)),
        purchases=purchases,
        fit_seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True, slots=True)
class Predictions:
    """Per customer of the Histories it came from: P(alive), expected purchases in the next
    90 days, expected spend per purchase and CLV (cents), and the churn-risk code."""

    customer_id: np.ndarray
    p_alive: np.ndarray
    expected_90: np.ndarray
    spend_cents: np.ndarray
    clv_cents: np.ndarray
    churn_risk: np.ndarray
    at_risk_day: np.ndarray  # epoch day P(alive) falls below the rules' at-risk cut; NO_DAY never


def predict(model: PurchaseModel, histories: Histories, rules: Rules, as_of: date) -> Predictions:
    from xiaoben.tiering import bgnbd, spend

    frequency, recency, age, mean = histories.summary(as_of, model.unit)
    days = UNIT_DAYS[model.unit]
    alive = bgnbd.p_alive(model.bgnbd, frequency, recency, age)
    expected = bgnbd.expected_purchases(
        model.bgnbd, frequency, recency, age, EXPECTED_DAYS / days, alive
    )
    each = spend.expected_spend(model.spend, frequency, np.maximum(mean, 0))
    value = spend.clv(
        model.bgnbd,
        each,
        frequency,
        recency,
        age,
        days_a_unit=days,
        months=rules.clv_months,
        monthly_discount=float(rules.clv_monthly_discount_percent) / 100,
    )
    return Predictions(
        customer_id=histories.customer_id,
        p_alive=alive,
        expected_90=expected,
        spend_cents=np.round(each * 100).astype(np.int64),
        clv_cents=np.round(value * 100).astype(np.int64),
        churn_risk=churn_risk(alive, rules),
        at_risk_day=falls_below_day(model, histories, rules.at_risk_p_alive_percent / 100),
    )


def falls_below_day(model: PurchaseModel, histories: Histories, cut: float) -> np.ndarray:
    """The first day P(alive) is below `cut` if no purchase comes: P(alive) only falls with
    silence, so the day is fixed by the history (a plan's item keeps its due day). NO_DAY
    for a customer without a repeat purchase (P(alive) stays 1)."""
    r, alpha, a, b = model.bgnbd.r, model.bgnbd.alpha, model.bgnbd.a, model.bgnbd.b
    days = UNIT_DAYS[model.unit]
    x = np.maximum(histories.purchase_days - 1, 0).astype(np.float64)
    t_x = (histories.last_day - histories.first_day) / days
    repeat = x > 0
    threshold = np.log((1 - cut) / cut)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # log odds of having dropped out: ln(a / (b + x − 1)) + (r + x) ln((α + T) / (α + t_x))
        start = np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0))
        age = (alpha + t_x) * np.exp((threshold - start) / (r + x)) - alpha
    age = np.maximum(age, t_x)
    finite = repeat & np.isfinite(age) & (age * days < 1e7)
    day = histories.first_day + np.floor(np.where(finite, age, 0) * days).astype(np.int64) + 1
    return np.where(finite, day, NO_DAY)


def churn_risk(p_alive: np.ndarray, rules: Rules) -> np.ndarray:
    """Codes into CHURN_RISKS: alive at or above the alive cut, lost below the lost cut."""
    alive = p_alive >= rules.p_alive_alive_percent / 100
    lost = p_alive < rules.p_alive_lost_percent / 100
    return np.where(alive, 0, np.where(lost, 2, 1)).astype(np.int8)


def refit_due(model: PurchaseModel | None, purchases: int, today: date, rules: Rules) -> bool:
    """Refit when there is no model, the book has grown by the rule's share of purchases
    since the fit, or the fit is the rule's number of days old."""
    if model is None:
        return True
    grown = purchases >= model.purchases * (1 + rules.model_refit_growth_percent / 100)
    return grown or (today - model.as_of).days >= rules.model_refit_days


@dataclass(frozen=True, slots=True)
class Outlook:
    """One customer's predictions as the customer page shows them."""

    p_alive: float
    expected_90: float
    spend_cents: int
    clv_cents: int
    churn_risk: ChurnRisk
    repeat_purchases: int
    days_since_last: int

    def summary(self, lang: Lang | None = None) -> list[str]:
        """ "还在买的可能 83%（很可能还在）", expected purchases in 90 days, CLV."""
        return [
            t(
                "model.p_alive",
                lang,
                percent=_percent(self.p_alive),
                words=self.churn_risk.label(lang),
            ),
            t("model.expected_90", lang, count=f"{self.expected_90:.1f}"),
            t(self._clv_words, lang, money=cents_shown(self.clv_cents)),
        ]

    @property
    def _clv_words(self) -> str:
        """A first-time buyer's lifetime value is the book's repeat buyers' pace and spend a
        purchase, not hers (none shows yet): said so, not shown as her own figure (a ¥66
        first purchase and a ¥12,000 one were both promised the book's ¥3,986)."""
        return "model.clv_first" if self.repeat_purchases == 0 else "model.clv"

    def reasons(self, rules: Rules, lang: Lang | None = None) -> list[str]:
        """Each figure explained in one line."""
        return [
            t(
                "model.why.p_alive",
                lang,
                percent=_percent(self.p_alive),
                repeat=self.repeat_purchases,
                days=self.days_since_last,
            ),
            t("model.why.expected_90", lang, count=f"{self.expected_90:.2f}"),
            t(
                "model.why.clv" if self.repeat_purchases else "model.why.clv_first",
                lang,
                money=cents_shown(self.clv_cents),
                months=rules.clv_months,
                spend=cents_shown(self.spend_cents),
                discount=f"{rules.clv_monthly_discount_percent:g}",
            ),
        ]


def _percent(share: float) -> int:
    """A whole percent, never 100 for a customer who may have left nor 0 for one who may not."""
    shown = round(share * 100)
    if share < 1:
        shown = min(shown, 99)
    return max(shown, 1) if share > 0 else 0
