"""The role lens: audience (has not bought), customer (buys), fan (buys and refers others)."""

from __future__ import annotations

import numpy as np

from xiaoben.models.enums import Role
from xiaoben.tiering.frame import ROLES

FAN, CUSTOMER, AUDIENCE = (ROLES.index(role) for role in (Role.FAN, Role.CUSTOMER, Role.AUDIENCE))


def roles(is_buyer: np.ndarray, referrals: np.ndarray) -> np.ndarray:
    """ROLES code per customer."""
    buyer_role = np.where(referrals >= 1, FAN, CUSTOMER)
    return np.where(is_buyer, buyer_role, AUDIENCE).astype(np.int8)
