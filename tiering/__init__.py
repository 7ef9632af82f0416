"""Pure tiering: (stats, rules, as_of) -> tiers, scores, reasons. No I/O, no clock."""

from tiering.compute import Population, compute, compute_with_population, place
from tiering.reasons import explain

__all__ = ["Population", "compute", "compute_with_population", "explain", "place"]
