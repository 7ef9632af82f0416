"""Smoke test of the benchmarks: `python -m bench --sizes 300 --quick` runs and prints every
figure. Timings are never asserted (the machine is noisy); only that each one is there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CDNOW = ROOT / "tests" / "data" / "CDNOW_master.txt.gz"


def test_quick_bench_prints_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [sys.executable, "-m", "bench", "--sizes", "300", "--quick"]
    command += ["--cdnow", str(CDNOW), "--cache", str(tmp_path / "cache"), "--json", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = done.stdout
    for figure in (
        "save customer edit",
        "save new purchase",
        "save floor",
        "first save",
        "recompute",
        "cold",
        "GROUP BY floor",
        "queue warm",
        "queue cold",
        "queue after save",
        "queue first 200 items",
        "stats scan floor",
        "import",
        "peak RSS",
        "| book | customers | purchases | save edit p50 / p95 (× floor) |",
        "| queue p50 / p95 (× floor) | queue cold · after save · first 200 (× floor) |",
        "| synthetic 300 |",
        "| CDNOW |",
        "| CSV 3,000 rows |",
    ):
        assert figure in printed, figure
    results = {result["label"]: result for result in json.loads(out.read_text())["results"]}
    assert set(results) == {"synthetic 300", "CDNOW", "CSV 3,000 rows"}
    for label in ("synthetic 300", "CDNOW"):
        result = results[label]
        assert {"p50_ms", "p95_ms"} <= set(result["save"]["edit"]) & set(result["save"]["floor"])
        assert {"warm_s", "cold_s", "floor_s", "ratio"} <= set(result["recompute"])
        assert result["save"]["background_error"] is None
        queue = result["queue"]
        assert queue["items"] > 0 and queue["materialised"] == min(200, queue["items"])
        assert {"p50_ms", "p95_ms"} <= set(queue["warm"]) & set(queue["after_save"])
        assert {"p50_ms", "p95_ms"} <= set(queue["materialise"]) & set(queue["floor"])
        assert queue["cold_ms"] > 0 and queue["floor"]["p50_ms"] > 0
        assert {"cold_ratio", "warm_ratio", "after_save_ratio", "materialise_ratio"} <= set(queue)
        assert queue["background_error"] is None
    for label in ("CDNOW", "CSV 3,000 rows"):
        assert results[label]["import"]["bad_rows"] == 0
        assert results[label]["import"]["imported"] == 3_000
    assert all(result["peak_rss_mb"] > 0 for result in results.values())
