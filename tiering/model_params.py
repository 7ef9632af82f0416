"""The purchase model's fitted parameters, apart from the arithmetic that fits and uses
them (tiering/bgnbd.py, tiering/spend.py), so that reading a kept model needs no scipy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xiaoben.models.errors import BookError

# Below this many repeat buyers the dropout process (a, b) is not identified: say so.
MIN_REPEAT_BUYERS = 50


def check_enough_data(frequency: Any, age: Any) -> None:
    """BookError("model.not_enough_data") unless MIN_REPEAT_BUYERS customers bought again
    and someone has an age: told before scipy is loaded (~60 MB), as a fresh book is."""
    repeat_buyers = int((frequency > 0).sum())
    if repeat_buyers < MIN_REPEAT_BUYERS or not (age > 0).any():
        raise BookError("model.not_enough_data", have=repeat_buyers, need=MIN_REPEAT_BUYERS)


@dataclass(frozen=True, slots=True)
class BgNbd:
    """Fitted BG/NBD parameters (alpha in the unit of time of the data it was fitted on)."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float


@dataclass(frozen=True, slots=True)
class GammaGamma:
    """Fitted Gamma-Gamma parameters (gamma in the money of the data it was fitted on)."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
