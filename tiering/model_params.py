"""The purchase model's fitted parameters, apart from the arithmetic that fits and uses
them (tiering/bgnbd.py, tiering/spend.py), so that reading a kept model needs no scipy."""

from __future__ import annotations

from dataclasses import dataclass


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
