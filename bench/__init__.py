"""Reproducible benchmarks: synthetic books of N customers and the real CDNOW purchases.

Every figure is printed as a ratio against a floor measured in the same run (the machine
is noisy; absolute times mislead), then in absolute terms. `python -m bench --help`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from xiaoben.store.blas import one_blas_thread

# The figures are measured as the command runs (store/blas.py): set before numpy loads.
one_blas_thread()

AS_OF = date(2026, 11, 23)  # the synthetic books' "today": every run sees the same book
CDNOW_AS_OF = date(1998, 7, 1)  # the day after CDNOW's last purchase
SEED = 20261123
REPO = Path(__file__).resolve().parent.parent
# Benchmarks run from the repository (bench/ is not installed): the cache stays in it.
CACHE = REPO / "bench" / ".cache"
# The real purchases ship with the tests; `--cdnow PATH` reads another copy.
CDNOW_SOURCES = (REPO / "tests" / "data" / "CDNOW_master.txt.gz",)
