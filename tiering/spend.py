"""Spend per purchase (the Gamma-Gamma model, Fader & Hardie 2013 "The Gamma-Gamma Model
of Monetary Value") and customer lifetime value over a horizon, from a fitted BG/NBD.

Pure arithmetic: a repeat buyer's spend is the mean value of their repeat transactions
(purchase days after the first), in the book's money. No I/O, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xiaoben.models.errors import BookError
from xiaoben.tiering import bgnbd
from xiaoben.tiering.model_params import MIN_REPEAT_BUYERS, GammaGamma
from xiaoben.tiering.special import digamma, gammaln

# Months in CLV are a twelfth of a year, in days.
DAYS_A_MONTH = 365.25 / 12


@dataclass(frozen=True, slots=True)
class _Spends:
    """Repeat buyers' (frequency, mean spend), with the distinct frequencies apart: the
    gamma functions depend on the frequency alone (as in bgnbd.Summary)."""

    x: np.ndarray
    log_x: np.ndarray
    mean: np.ndarray
    log_mean: np.ndarray
    levels: np.ndarray
    level: np.ndarray
    per_level: np.ndarray  # buyers per level

    @classmethod
    def of(cls, x: np.ndarray, mean: np.ndarray) -> _Spends:
        order = np.lexsort((mean, x))  # one order whatever the buyers' order: the same fit
        x, mean = x[order], mean[order]
        levels, level = np.unique(x, return_inverse=True)
        per_level = np.bincount(level, minlength=len(levels)).astype(np.float64)
        return cls(x, np.log(x), mean, np.log(mean), levels, level, per_level)


def _log_likelihood(params: np.ndarray, d: _Spends) -> tuple[float, np.ndarray]:
    """The log-likelihood, and log(γ + x·mean) per buyer for the gradient."""
    p, q, gamma = params
    px_levels = p * d.levels
    gammas = d.per_level @ (gammaln(px_levels + q) - gammaln(px_levels) - gammaln(q))
    px = p * d.x
    log_total = np.log(gamma + d.mean * d.x)
    rows = (px - 1) @ d.log_mean + px @ d.log_x - (px + q) @ log_total
    return float(gammas + len(d.x) * q * np.log(gamma) + rows), log_total


def _negative_and_gradient(log_params: np.ndarray, d: _Spends) -> tuple[float, np.ndarray]:
    """−LL and its gradient in log-parameters (analytic, with digamma)."""
    params = np.exp(log_params)
    p, q, gamma = params
    ll, log_total = _log_likelihood(params, d)
    px_levels = p * d.levels
    shared = digamma(px_levels + q)
    d_p = d.per_level @ (d.levels * (shared - digamma(px_levels)))
    d_p += d.x @ (d.log_mean + d.log_x - log_total)
    d_q = d.per_level @ (shared - digamma(q)) + len(d.x) * np.log(gamma) - log_total.sum()
    d_gamma = len(d.x) * q / gamma - ((p * d.x + q) / (gamma + d.mean * d.x)).sum()
    gradient = np.array([d_p, d_q, d_gamma]) * params
    return -ll, -gradient


def fit(frequency: np.ndarray, mean_spend: np.ndarray) -> GammaGamma:
    """Maximum-likelihood Gamma-Gamma parameters from the repeat buyers (frequency > 0 and a
    positive mean spend; the others carry no information on spend and are left out)."""
    x = np.asarray(frequency, dtype=np.float64)
    mean = np.asarray(mean_spend, dtype=np.float64)
    used = (x > 0) & (mean > 0)
    x, mean = x[used], mean[used]
    if len(x) < MIN_REPEAT_BUYERS:
        raise BookError("model.not_enough_data", have=len(x), need=MIN_REPEAT_BUYERS)
    # In units of the average spend, from p = q = γ = 1: the start ignores the currency.
    scale = float(mean.mean())
    result = bgnbd.bounded_minimum(_negative_and_gradient, 3, (_Spends.of(x, mean / scale),))
    p, q, gamma = np.exp(result.x)
    if not bgnbd.converged(result, len(x)) or q <= 1:  # q <= 1: the mean spend would be infinite
        raise BookError("model.no_fit", detail=str(result.message))
    gamma *= scale
    fitted = np.array([p, q, gamma])
    return GammaGamma(
        float(p), float(q), float(gamma), _log_likelihood(fitted, _Spends.of(x, mean))[0]
    )


def expected_spend(model: GammaGamma, frequency: np.ndarray, mean_spend: np.ndarray) -> np.ndarray:
    """Expected value of a customer's next purchase: their own mean spend shrunk towards the
    book's, the more so the fewer repeat purchases it rests on. The book's mean for a
    customer without a repeat purchase."""
    x = np.asarray(frequency, dtype=np.float64)
    mean = np.where(x > 0, np.asarray(mean_spend, dtype=np.float64), 0.0)
    p, q, gamma = model.p, model.q, model.gamma
    return (p * (gamma + x * mean)) / (p * x + q - 1)


def clv(
    purchases: bgnbd.BgNbd,
    spend: np.ndarray,
    frequency: np.ndarray,
    recency: np.ndarray,
    age: np.ndarray,
    *,
    days_a_unit: float,
    months: int,
    monthly_discount: float,
) -> np.ndarray:
    """Discounted value of each customer's expected purchases over the next `months`:
    month by month, the purchases expected in that month times the expected spend,
    discounted by (1 + monthly_discount) per month."""
    month = DAYS_A_MONTH / days_a_unit
    pairs = bgnbd.Pairs.of(frequency, age)
    discounted = np.zeros(len(pairs.x), dtype=np.float64)
    before = np.zeros_like(discounted)
    for m in range(1, months + 1):
        upto = bgnbd.per_alive(purchases, pairs.x, pairs.age, m * month)
        discounted += (upto - before) / (1 + monthly_discount) ** m
        before = upto
    value = bgnbd.p_alive(purchases, frequency, recency, age) * pairs.spread(discounted)
    return value * spend
