"""Small measuring helpers: percentiles, medians, peak memory, an untimed pause."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bench import REPO


def run_part(module: str, options: list[str], book: Path, today: date) -> dict:
    """Run `python -m <module> --book BOOK --today DAY <options> --out OUT` in a fresh
    process (a truly cold start, its own peak memory) and return the JSON it wrote."""
    with tempfile.TemporaryDirectory(prefix=f"xiaoben-{module.replace('.', '-')}-") as temporary:
        out = Path(temporary) / "part.json"
        command = [sys.executable, "-m", module, "--book", str(book)]
        command += ["--today", today.isoformat(), *options, "--out", str(out)]
        done = subprocess.run(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0 or not out.exists():
            tail = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise RuntimeError(f"{module} failed: {tail[0]}")
        result: dict = json.loads(out.read_text())
        return result


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(samples: Sequence[float]) -> float:
    return percentile(samples, 50)


def spread(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of samples in seconds, as milliseconds."""
    return {
        "p50_ms": percentile(samples, 50) * 1000,
        "p95_ms": percentile(samples, 95) * 1000,
        "p99_ms": percentile(samples, 99) * 1000,
        "max_ms": max(samples) * 1000 if samples else float("nan"),
        "n": len(samples),
    }


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB.

    Linux keeps ru_maxrss across fork and exec, so a child started by a process that once
    held 400 MB reports 400 MB; /proc's VmHWM belongs to the running program alone, so it
    is preferred where it exists. Elsewhere ru_maxrss (bytes on macOS, KiB otherwise).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return ru_maxrss_mb()


def ru_maxrss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def pace(started: float, interval: float) -> None:
    """Sleep until `interval` seconds after `started` (perf_counter), if that is still ahead."""
    remaining = interval - (time.perf_counter() - started)
    if remaining > 0:
        time.sleep(remaining)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def workers_done(app: object) -> None:
    """Until every worker of the app (a Textual App) finished. An exclusive worker cancelled
    by a newer one has finished too (the list's refresh after the start-up pass, cancelled
    by the next one on a loaded machine): not the bench's failure."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete()  # type: ignore[attr-defined]  # an App
            return
        except WorkerCancelled:
            continue
