"""The vocabulary of xiaoben: records, enums, rules, tier results and their validation.

Imports nothing of ours beyond this package, and does no I/O.
"""

from xiaoben.models.birthday import Birthday
from xiaoben.models.customer import Customer
from xiaoben.models.enums import (
    AgeBand,
    Channel,
    EmployeeBand,
    Gender,
    InteractionKind,
    ManualStage,
    Outcome,
    Quadrant,
    Resources,
    RevenueBand,
    Rfm8,
    RfmSegment,
    Role,
    Stage,
    ValueBasis,
    ValueTier,
)
from xiaoben.models.errors import BookError, ConflictError, FieldError, describe
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.models.rules import Rules, ScoreWeights
from xiaoben.models.tiers import TierResult

__all__ = [
    "AgeBand",
    "Birthday",
    "BookError",
    "Channel",
    "ConflictError",
    "Customer",
    "EmployeeBand",
    "FieldError",
    "Gender",
    "Interaction",
    "InteractionKind",
    "ManualStage",
    "Outcome",
    "Purchase",
    "Quadrant",
    "Reminder",
    "Resources",
    "RevenueBand",
    "Rfm8",
    "RfmSegment",
    "Role",
    "Rules",
    "ScoreWeights",
    "Stage",
    "TierResult",
    "ValueBasis",
    "ValueTier",
    "describe",
]
