"""The command starts no BLAS threads: numpy's OpenBLAS spins a thread per core from the
moment numpy loads, on the cores the book's reads need (15% of the first `xiaoben report`
after a change at 100k customers). A seller's own setting is kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.book_helpers import python_env
from xiaoben.store.blas import SETTINGS as THREADS

# After the command's entry module, numpy: the process's threads and the setting it saw.
CHILD = (
    "import os, xiaoben.cli.__main__, numpy;"
    " print(len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])"
)


def _child(**env: str) -> str:
    environment = {k: v for k, v in python_env().items() if k not in THREADS}
    environment.update(env)
    done = subprocess.run(
        [sys.executable, "-c", CHILD], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads counted in /proc")
def test_the_command_loads_numpy_with_no_thread_beside_its_own() -> None:
    assert _child() == "1 1"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads counted in /proc")
def test_a_sellers_own_setting_of_blas_threads_is_kept() -> None:
    threads, setting = _child(OPENBLAS_NUM_THREADS="2").split()
    assert setting == "2"
    assert int(threads) == min(2, os.cpu_count() or 1)
