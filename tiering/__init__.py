"""Pure tiering: (stats, rules, as_of) -> tiers, scores, reasons. No I/O, no clock.

Import each lens from its module (tiering.compute, tiering.reasons …): the package loads
none of them, so a command that reads only tiering.frame's arrays (`xiaoben report` from
the stored tiers) pays for neither the lenses nor the rules' model.
"""
