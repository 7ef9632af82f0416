"""One BLAS thread for the process, set before numpy loads.

numpy's BLAS (OpenBLAS in its wheels) starts a thread per core when numpy loads, and they
spin: 15% of the first `xiaoben report` after a change at 100k customers went to them, on
the cores the book's reads run on. Nothing of ours multiplies matrices. A seller's own
setting is kept.
"""

from __future__ import annotations

import os

SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


def one_blas_thread() -> None:
    for name in SETTINGS:
        os.environ.setdefault(name, "1")
