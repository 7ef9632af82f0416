"""Spend per purchase (the Gamma-Gamma model, Fader & Hardie 2013 "The Gamma-Gamma Model
of Monetary Value") and customer lifetime value over a horizon, from a fitted BG/NBD.

Pure arithmetic: a repeat buyer's spend is the mean value of their repeat transactions
(purchase days after the first), in the book's money. No I/O, no clock.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma, gammaln

from xiaoben.models.errors import BookError
from xiaoben.tiering import bgnbd
from xiaoben.tiering.model_params import GammaGamma

# Months in CLV are a twelfth of a year, in days.
DAYS_A_MONTH = 365.25 / 12


def _log_terms(params: np.ndarray, x: np.ndarray, mean: np.ndarray) -> np.ndarray:
    p, q, gamma = params
    px = p * x
    return (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(mean)
        + px * np.log(x)
        - (px + q) * np.log(gamma + mean * x)
    )


def _negative_and_gradient(
    log_params: np.ndarray, x: np.ndarray, mean: np.ndarray
) -> tuple[float, np.ndarray]:
    """−LL and its gradient in log-parameters (analytic, with digamma)."""
    params = np.exp(log_params)
    p, q, gamma = params
    px = p * x
    log_total = np.log(gamma + mean * x)
    shared = digamma(px + q)
    d_p = x * (shared - digamma(px) + np.log(mean) + np.log(x) - log_total)
    d_q = shared - digamma(q) + np.log(gamma) - log_total
    d_gamma = q / gamma - (px + q) / (gamma + mean * x)
    gradient = np.array([d_p.sum(), d_q.sum(), d_gamma.sum()]) * params
    return -float(np.sum(_log_terms(params, x, mean))), -gradient


def fit(frequency: np.ndarray, mean_spend: np.ndarray) -> GammaGamma:
    """Maximum-likelihood Gamma-Gamma parameters from the repeat buyers (frequency > 0 and a
    positive mean spend; the others carry no information on spend and are left out)."""
    x = np.asarray(frequency, dtype=np.float64)
    mean = np.asarray(mean_spend, dtype=np.float64)
    used = (x > 0) & (mean > 0)
    x, mean = x[used], mean[used]
    if len(x) < bgnbd.MIN_REPEAT_BUYERS:
        raise BookError("model.not_enough_data", have=len(x), need=bgnbd.MIN_REPEAT_BUYERS)
    # In units of the average spend, from p = q = γ = 1: the start ignores the currency.
    scale = float(mean.mean())
    result = bgnbd.bounded_minimum(_negative_and_gradient, 3, (x, mean / scale))
    p, q, gamma = np.exp(result.x)
    if not bgnbd.converged(result, len(x)) or q <= 1:  # q <= 1: the mean spend would be infinite
        raise BookError("model.no_fit", detail=str(result.message))
    gamma *= scale
    fitted = np.array([p, q, gamma])
    return GammaGamma(float(p), float(q), float(gamma), float(np.sum(_log_terms(fitted, x, mean))))


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
    value = np.zeros(len(np.asarray(frequency)), dtype=np.float64)
    before = np.zeros_like(value)
    for m in range(1, months + 1):
        upto = bgnbd.expected_purchases(purchases, frequency, recency, age, m * month)
        value += (upto - before) / (1 + monthly_discount) ** m
        before = upto
    return value * spend
