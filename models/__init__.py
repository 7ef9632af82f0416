"""The vocabulary of xiaoben: records, enums, rules, tier results and their validation.

Imports nothing of ours beyond this package, and does no I/O.
"""

from models.birthday import Birthday
from models.customer import Customer
from models.enums import (
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
from models.errors import BookError, ConflictError, FieldError, describe
from models.interaction import Interaction, Reminder
from models.purchase import Purchase
from models.rules import Rules, ScoreWeights
from models.tiers import TierResult

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
