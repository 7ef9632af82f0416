"""Pure tiering: (stats, rules, as_of) -> tiers, scores, reasons. No I/O, no clock."""

from xiaoben.tiering.compute import Population, compute, compute_with_population, place
from xiaoben.tiering.reasons import explain

__all__ = ["Population", "compute", "compute_with_population", "explain", "place"]
