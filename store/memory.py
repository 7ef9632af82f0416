"""The process gives freed memory back instead of keeping it (glibc; elsewhere a no-op).

The app computes every customer's tiers, the queue's plan and the overview in worker
threads, in numpy columns of a few MB each. glibc gives each thread an arena of its own
and keeps what is freed there, and raises its mmap threshold once a large block is freed,
so later columns land in the heap and stay: at 100k customers the app's peak RSS was
twice what it holds. Two arenas and a fixed 256 KiB threshold (large columns mapped and
unmapped whole) keep the peak near what the app holds. Set before any thread starts.
What is freed inside the heap (the smaller blocks of a pass) is given back after each
whole-book pass (`heap_trimmer`, malloc_trim): the next pass starts from what the app holds.
A large import does the same (`xiaoben import` tunes malloc so; the purchases writer trims
once matching's memory is let go), so the figures that follow start from what it holds.
Here in store/ (no Textual), for both.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
M_ARENA_MAX = -8
ARENAS = 2
MMAP_THRESHOLD = 256 * 1024


def give_memory_back() -> bool:
    """Tune glibc's malloc for this process; False where there is no glibc to tune."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library symbols to reach (a static build)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    arenas = mallopt(M_ARENA_MAX, ARENAS)
    threshold = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    return bool(arenas and threshold)


def heap_trimmer() -> Callable[[], None] | None:
    """glibc's malloc_trim(0), which gives the free pages inside the heap back (well under a
    millisecond at 100k customers); None where there is no glibc to ask."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # no C library symbols to reach (a static build, musl)
        return None
    malloc_trim.argtypes = (ctypes.c_size_t,)

    def trim() -> None:
        malloc_trim(0)

    return trim
