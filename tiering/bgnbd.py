"""The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting Your
Customers the Easy Way"): its maximum-likelihood fit, P(alive) and expected purchases.

Pure arithmetic on per-customer summaries: `frequency` = repeat transactions (purchase
days after the first), `recency` = time from the first to the last purchase day, `age` =
time from the first purchase day to the end of the calibration, all in one unit of time
(weeks by default: the caller divides days by 7). No I/O, no clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from xiaoben.tiering.special import betaln, digamma, expit, gammaln, hyp2f1

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

from xiaoben.models.errors import BookError
from xiaoben.tiering.model_params import BgNbd, check_enough_data

# Bounds on the parameters, in log space, for the optimiser: wide enough for any book
# (1e-6 … 1e6 in units where the mean age is 1), narrow enough to keep exp() finite.
_LOG_BOUND = 6 * np.log(10)
# a and b at most 1,000: a book whose customers all drop out alike (no heterogeneity in
# dropout) has its likelihood's supremum at a, b → ∞ with a/(a + b) fixed, where the
# likelihood is flat to 0.01 beyond 1,000 and the hypergeometric of the expected purchases
# overflows (every forecast 0) beyond a few thousand; the fit stops at the bound instead.
_LOG_BOUND_AB = 3 * np.log(10)


@dataclass(frozen=True, slots=True)
class Summary:
    """Customers' (frequency, recency, age) with a weight each (1 a customer). The special
    functions depend on the frequency alone, so they are taken once per distinct frequency
    (`levels`; each row's is levels[level]): a few hundred values, not one per customer."""

    frequency: np.ndarray
    recency: np.ndarray
    age: np.ndarray
    weight: np.ndarray
    levels: np.ndarray
    level: np.ndarray
    level_weight: np.ndarray  # the weights summed per level

    @classmethod
    def of(cls, frequency: np.ndarray, recency: np.ndarray, age: np.ndarray) -> Summary:
        x = np.asarray(frequency, dtype=np.float64)
        t_x = np.asarray(recency, dtype=np.float64)
        t = np.asarray(age, dtype=np.float64)
        # One order whatever the customers' order, so the sums (and the fit) are the same.
        order = np.lexsort((t, t_x, x))
        x, t_x, t = x[order], t_x[order], t[order]
        weight = np.ones(len(x))
        levels, level = np.unique(x, return_inverse=True)
        level_weight = np.bincount(level, weights=weight, minlength=len(levels))
        return cls(
            x,
            t_x,
            t,
            weight,
            levels,
            level,
            level_weight,
        )


def _check_summary(frequency: np.ndarray, recency: np.ndarray, age: np.ndarray) -> None:
    if not (len(frequency) == len(recency) == len(age)):
        raise ValueError("frequency, recency and age must have one value per customer")
    if np.any(frequency < 0) or np.any(recency < 0) or np.any(recency > age):
        raise ValueError("need 0 <= recency <= age and frequency >= 0")


def _log_terms(
    params: np.ndarray, s: Summary
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the log-likelihood and the weight of its "still alive at the end" term,
    with the two logs the gradient needs."""
    r, alpha, a, b = params
    xs = s.levels
    common = (gammaln(r + xs) - gammaln(r) + r * np.log(alpha) + betaln(a, b + xs) - betaln(a, b))[
        s.level
    ]
    # Dropped out right after the last purchase: only possible after a repeat purchase.
    with np.errstate(divide="ignore"):
        drop = np.where(xs > 0, np.log(a) - np.log(np.maximum(b + xs - 1, 0)), -np.inf)[s.level]
    rx = r + s.frequency
    log_age = np.log(alpha + s.age)
    log_last = np.log(alpha + s.recency)
    alive = -rx * log_age
    dropped = drop - rx * log_last
    total = np.logaddexp(alive, dropped)
    return common + total, np.exp(alive - total), log_age, log_last


def log_likelihood(params: BgNbd | np.ndarray, s: Summary) -> float:
    values = (
        np.array([params.r, params.alpha, params.a, params.b])
        if isinstance(params, BgNbd)
        else params
    )
    return float(np.dot(s.weight, _log_terms(values, s)[0]))


def _negative_and_gradient(log_params: np.ndarray, s: Summary) -> tuple[float, np.ndarray]:
    """−LL and its gradient in log-parameters (analytic: digamma, no finite differences)."""
    params = np.exp(log_params)
    r, alpha, a, b = params
    x, w, xs, per_level = s.frequency, s.weight, s.levels, s.level_weight
    ll, w_alive, log_age, log_last = _log_terms(params, s)
    w_dropped = w * (1.0 - w_alive)
    w_alive = w * w_alive
    inverse = np.where(xs > 0, 1.0 / np.where(xs > 0, b + xs - 1, 1.0), 0.0)
    psi_abx = digamma(a + b + xs)
    d_r = per_level @ (digamma(r + xs) - digamma(r) + np.log(alpha))
    d_r -= w_alive @ log_age + w_dropped @ log_last
    d_alpha = float(w.sum()) * r / alpha
    d_alpha -= (w_alive * (r + x)) @ (1 / (alpha + s.age))
    d_alpha -= (w_dropped * (r + x)) @ (1 / (alpha + s.recency))
    d_a = per_level @ (digamma(a + b) - psi_abx) + w_dropped.sum() / a
    d_b = per_level @ (digamma(b + xs) - psi_abx - digamma(b) + digamma(a + b))
    d_b -= w_dropped @ inverse[s.level]
    gradient = np.array([d_r, d_alpha, d_a, d_b]) * params
    return -float(w @ ll), -gradient


def fit(frequency: np.ndarray, recency: np.ndarray, age: np.ndarray) -> BgNbd:
    """Maximum-likelihood BG/NBD parameters. Raises BookError("model.not_enough_data")
    with fewer than MIN_REPEAT_BUYERS repeat buyers, ("model.no_fit") when the optimiser
    does not converge."""
    frequency = np.asarray(frequency, dtype=np.float64)
    recency = np.asarray(recency, dtype=np.float64)
    age = np.asarray(age, dtype=np.float64)
    _check_summary(frequency, recency, age)
    check_enough_data(frequency, age)
    # Fit in units where the mean age is 1, from r = α = a = b = 1: the start does not
    # depend on whether time is in days or weeks, or on how old the book is.
    # fsum: the same scale whatever the order of customers, so the same fit.
    scale = math.fsum(age) / len(age)
    s = Summary.of(frequency, recency / scale, age / scale)
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * 2 + [(-_LOG_BOUND, _LOG_BOUND_AB)] * 2
    result = bounded_minimum(_negative_and_gradient, 4, (s,), bounds)
    if not converged(result, float(s.weight.sum()), bounds):
        raise BookError("model.no_fit", detail=str(result.message))
    r, alpha, a, b = np.exp(result.x)
    alpha *= scale
    full = Summary.of(frequency, recency, age)
    fitted = np.array([r, alpha, a, b])
    return BgNbd(float(r), float(alpha), float(a), float(b), log_likelihood(fitted, full))


def bounded_minimum(
    objective: Any,
    size: int,
    args: tuple[Any, ...],
    bounds: list[tuple[float, float]] | None = None,
) -> OptimizeResult:
    """L-BFGS-B from all log-parameters 0 (each parameter 1), within `bounds` (default
    ±_LOG_BOUND each).

    On one BLAS thread: the optimiser's vectors have 3 or 4 elements, and OpenBLAS's
    threads waking for each made the CDNOW fit ten times slower on a busy 2-core machine.

    scipy.optimize (~25 MB) is imported here, by a fit only: predictions never need it.
    """
    from scipy.optimize import minimize
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return minimize(
            objective,
            np.zeros(size),
            args=args,
            jac=True,
            method="L-BFGS-B",
            bounds=bounds or [(-_LOG_BOUND, _LOG_BOUND)] * size,
            options={"maxiter": 500, "ftol": 1e-13, "gtol": 1e-8},
        )


def converged(
    result: OptimizeResult, customers: float, bounds: list[tuple[float, float]] | None = None
) -> bool:
    """Did the optimiser find the maximum? L-BFGS-B also stops "abnormally" when its line
    search cannot improve on a point already at the maximum within float precision: that
    counts when the gradient there is flat (per customer), leaving out a parameter held at
    a bound the gradient pushes it against (`bounds`: those of the fit)."""
    if not np.all(np.isfinite(result.x)) or not np.isfinite(result.fun):
        return False
    if result.jac is None:
        return bool(result.success)
    gradient = np.array(result.jac, dtype=np.float64)
    if bounds is not None:
        low, high = np.array(bounds, dtype=np.float64).T
        at_high = (result.x >= high - 1e-9) & (gradient < 0)  # descent is past the bound
        at_low = (result.x <= low + 1e-9) & (gradient > 0)
        gradient[at_high | at_low] = 0.0
    flat = float(np.max(np.abs(gradient))) <= 1e-5 * customers
    return bool(result.success) or flat


def p_alive(
    model: BgNbd, frequency: np.ndarray, recency: np.ndarray, age: np.ndarray
) -> np.ndarray:
    """P(still a customer at the end of `age`): 1 without a repeat purchase (a customer can
    only drop out right after a purchase), lower the longer the silence since the last."""
    x = np.asarray(frequency, dtype=np.float64)
    t_x = np.asarray(recency, dtype=np.float64)
    age = np.asarray(age, dtype=np.float64)
    odds_dropped = _log_odds_dropped(model, x, t_x, age)
    return np.where(x > 0, expit(-odds_dropped), 1.0)


def _log_odds_dropped(model: BgNbd, x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
    """log( P(dropped out after the last purchase) / P(alive) ), for x > 0 (else anything)."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    with np.errstate(divide="ignore", invalid="ignore"):
        return (
            np.log(a)
            - np.log(np.maximum(b + x - 1, 1e-300))
            + (r + x) * (np.log(alpha + age) - np.log(alpha + t_x))
        )


def expected_purchases(
    model: BgNbd,
    frequency: np.ndarray,
    recency: np.ndarray,
    age: np.ndarray,
    horizon: float,
    alive: np.ndarray | None = None,
) -> np.ndarray:
    """Expected purchases in the next `horizon` (same unit), given each customer's history:
    the paper's equation (10). `alive`: their P(alive) if already known."""
    x = np.asarray(frequency, dtype=np.float64)
    age = np.asarray(age, dtype=np.float64)
    if alive is None:
        alive = p_alive(model, x, recency, age)
    pairs = Pairs.of(x, age)
    return np.asarray(alive * pairs.spread(per_alive(model, pairs.x, pairs.age, horizon)))


@dataclass(frozen=True, slots=True)
class Pairs:
    """The distinct (frequency, age) of a set of customers, and which one each customer has:
    the hypergeometric part of equation (10) depends on these two alone, and a book has
    far fewer of them than customers (84k buyers, 17k pairs at 100k), so it is computed
    once per pair."""

    x: np.ndarray
    age: np.ndarray
    each: np.ndarray  # index into x/age of each customer's pair

    @classmethod
    def of(cls, frequency: np.ndarray, age: np.ndarray) -> Pairs:
        # Each of the two apart (few distinct values each), then their pair as one integer:
        # far faster than a row-wise unique.
        xs, x_code = np.unique(np.asarray(frequency, dtype=np.float64), return_inverse=True)
        ages, age_code = np.unique(np.asarray(age, dtype=np.float64), return_inverse=True)
        pair = x_code.reshape(-1).astype(np.int64) * len(ages) + age_code.reshape(-1)
        pairs, each = np.unique(pair, return_inverse=True)
        return cls(x=xs[pairs // len(ages)], age=ages[pairs % len(ages)], each=each.reshape(-1))

    def spread(self, values: np.ndarray) -> np.ndarray:
        """Per-pair values, back to one per customer."""
        return np.asarray(values)[self.each]


def per_alive(model: BgNbd, x: np.ndarray, age: np.ndarray, horizon: float) -> np.ndarray:
    """Expected purchases in the next `horizon` of a customer still alive (never negative;
    0 where the arithmetic gives no number)."""
    if abs(model.a - 1) < _NEAR_ONE:
        # a = 1 is a removable singularity of (…)/(a − 1): the mean of the two sides.
        below = _per_alive(model.r, model.alpha, 1 - _NEAR_ONE, model.b, x, age, horizon)
        above = _per_alive(model.r, model.alpha, 1 + _NEAR_ONE, model.b, x, age, horizon)
        value = (below + above) / 2
    else:
        value = _per_alive(model.r, model.alpha, model.a, model.b, x, age, horizon)
    return np.clip(np.nan_to_num(value, nan=0.0, posinf=0.0), 0.0, None)


_NEAR_ONE = 1e-4


def _per_alive(
    r: float, alpha: float, a: float, b: float, x: np.ndarray, age: np.ndarray, horizon: float
) -> np.ndarray:
    """Equation (10)'s numerator: expected purchases in the horizon of one still alive."""
    # ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z) with 1 − z = (α+T)/(α+T+t), by
    # Euler's transformation (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z): the same value,
    # without the huge hypergeometric and tiny power that overflow for frequent buyers
    # (the "#NUM!" problem of Fader & Hardie's note).
    z = horizon / (alpha + age + horizon)
    remaining = (alpha + age) / (alpha + age + horizon)
    with np.errstate(invalid="ignore", over="ignore"):  # inf × 0: made 0 by the caller
        product = remaining ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
        return np.asarray((a + b + x - 1) / (a - 1) * (1 - product))


def expected_purchases_new(model: BgNbd, horizon: np.ndarray | float) -> np.ndarray:
    """Expected repeat purchases in (0, t] of a customer who just made a first purchase:
    the paper's equation (9)."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    t = np.asarray(horizon, dtype=np.float64)
    hyper = hyp2f1(r, b, a + b - 1, t / (alpha + t))
    return np.asarray((a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyper))
