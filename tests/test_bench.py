"""Smoke test of the benchmarks: `python -m bench --sizes 300 --quick` runs and prints every
figure, its import at scale checked case by case (one run of the five import cases).
Timings are never asserted against targets (the machine is noisy); only that each one is
there and sane (positive, ordered, and a cached overview far below a computed one).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CDNOW = ROOT / "tests" / "data" / "CDNOW_master.txt.gz"


@pytest.mark.long
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
        "overview cold",
        "overview parts",
        "overview cached",
        "overview after save",
        "overview behind a bar",
        "net revenue floor",
        "import",
        "peak RSS",
        "| book | customers | purchases | save edit p50 / p95 (× floor) |",
        "| queue p50 / p95 (× floor) | queue cold · after save · first 200 (× floor) |",
        "| overview cold p50 · after save p95 (× floor) |",
        "| synthetic 300 |",
        "| CDNOW |",
        "| CSV 3,000 rows |",
        "| import | rows/s (× floor time) | time | peak RSS MB | floor: bare executemany |",
        "| CSV 3,000 rows, new customers |",
        "| CSV 3,000 rows, known customers |",
        "| xlsx 300 rows, new customers |",
        "Acceptance (each figure against its goal",
        "synthetic 300: save a customer edit, p95",
        "CDNOW: save a purchase, p95",
        "customer list 300: first paint",
        "import CSV 3,000 rows, new customers: rate",
        "goals met",
    ):
        assert figure in printed, figure
    accepted = printed.split("Acceptance (each figure against its goal")[1].splitlines()[1:-1]
    assert accepted and all(line[0] in "✓✗" and "(goal " in line for line in accepted)
    run = json.loads(out.read_text())
    assert {"meta", "results", "listing", "import_scale"} <= set(run)
    assert json.loads((tmp_path / "cache" / "last-run.json").read_text()) == run
    results = {result["label"]: result for result in run["results"]}
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
        _check_overview(result["overview"], result["customers"])
        apps = result["app_memory"]
        assert sorted(apps) == ["purchase"]  # --quick: one story; both at full length
        for saves_of, got in apps.items():
            assert got["saves_of"] == saves_of and got["saves"] == 3
            assert got["screens"] == ["QueueScreen", "OverviewScreen"]
            assert got["peak_rss_mb"] >= max(got["stage_peaks_mb"].values()) > 0
    for label in ("CDNOW", "CSV 3,000 rows"):
        assert results[label]["import"]["bad_rows"] == 0
        assert results[label]["import"]["imported"] == 3_000
    assert all(result["peak_rss_mb"] > 0 for result in results.values())
    _check_import_scale(run["import_scale"], tmp_path / "cache")


def _check_import_scale(measured: dict, cache: Path) -> None:
    """The quick bench's import at scale (bench.import_scale at 3,000 rows, a 300-row
    workbook), as `python -m bench` kept it: each case against its floor."""
    from bench.import_scale import table

    cases = {got["case"]: got for got in measured["results"]}
    assert list(cases) == [
        "CSV 3,000 rows, new customers",
        "CSV 3,000 rows, known customers",
        "xlsx 300 rows, new customers",
        "CSV 3,000 rows with 收货地址 left out (--map), new customers",
        "CSV 3,000 rows with 收货地址, new customers (province/city read)",
        "customers CSV 300 rows of 8 columns, into an empty book",
        "customers xlsx 300 rows of 8 columns, into an empty book",
    ]
    for kind in ("CSV", "xlsx"):
        people = cases.pop(f"customers {kind} 300 rows of 8 columns, into an empty book")
        assert people["customers"] == 300 and "300 customers created" in people["printed"]
        assert 30 < people["peak_rss_mb"] < 1000 and people["design_peak_mb"] == 250
        assert people["rows_per_s"] == people["customers"] / people["seconds"]
    assert (cache / "customers-r300-s20261123.xlsx").exists()  # the workbook, read
    assert "300 customers in" in table(measured) and "within the design's 250 MB" in table(measured)
    for got in cases.values():
        assert got["rows"] in (3_000, 300)
        assert 0 < got["floor_s"] < got["seconds"] < 120
        assert got["ratio"] == got["seconds"] / got["floor_s"]
        # --quick: one import and one floor a case (the full run's medians of three)
        assert got["rounds"] == 1 and got["runs_s"] == [got["seconds"]]
        assert got["floor_runs_s"] == [got["floor_s"]] and got["peak_runs_mb"] == [
            got["peak_rss_mb"]
        ]
        assert got["rows_per_s"] == got["rows"] / got["seconds"]
        assert 30 < got["peak_rss_mb"] < 1000
        assert got["reader_peak_rss_mb"] == 0  # files this small are read in the one process
    assert "customers created" in cases["CSV 3,000 rows, new customers"]["printed"]
    # a case that creates its customers has a second floor, storing them and their keys too
    for name, got in cases.items():
        if "known customers" in name:
            assert "stored_floor_s" not in got
            continue
        assert got["customers"] > 0 and got["stored_floor_rows"] > got["rows"] + got["customers"]
        assert 0 < got["stored_floor_s"] < got["seconds"]
        assert got["stored_ratio"] == got["seconds"] / got["stored_floor_s"]
        # the same floor without the search keys: as many rows fewer as the book holds
        searched = got["stored_floor_rows"] - got["unsearched_floor_rows"]
        assert searched == got["search_keys"] > got["customers"]
        assert got["unsearched_floor_s"] > 0
    assert "the floor storing also the" in table(measured)
    assert "0 customers created" in cases["CSV 3,000 rows, known customers"]["printed"]
    shipped = cases["CSV 3,000 rows with 收货地址, new customers (province/city read)"]["printed"]
    created = shipped.split(" customers created")[0].rsplit("(", 1)[1]
    assert f"{created} customers got their province/city from their address" in shipped
    left_out = cases["CSV 3,000 rows with 收货地址 left out (--map), new customers"]["printed"]
    assert "from their address" not in left_out
    assert all(got["cpu_s"] > 0 for got in cases.values())
    assert "Reading the province/city from 收货地址:" in table(measured)
    assert (cache / "purchases-r300-s20261123-g1.xlsx").exists()
    assert "| xlsx 300 rows, new customers |" in table(measured)


def _sane_ms(spread: dict, n: int) -> float:
    """A spread of n timings: positive, finite, ordered; its p50."""
    assert spread["n"] == n
    assert 0 < spread["p50_ms"] <= spread["p95_ms"] <= spread["max_ms"] < 60_000
    return float(spread["p50_ms"])


def _check_overview(overview: dict, customers: int) -> None:
    """bench.overview's figures at the quick size (2 cold processes × 3 repeats, 3 saves)."""
    assert 0 < overview["customers"] <= customers and 0 < overview["buyers"] <= customers
    floor = _sane_ms(overview["floor"], 2 * (2 + 3 + 3))
    assert "COVERING INDEX" in overview["floor_plan"]
    cold = _sane_ms(overview["cold"], 2)
    assert len(overview["cold_samples_ms"]) == 2
    assert overview["cold_ratio"] == cold / floor
    # The same cold overviews in CPU (every thread's), against the floors around them.
    assert overview["cold_cpu"]["n"] == 2 and overview["floor_cpu"]["n"] == 2 * 2
    cold_cpu = overview["cold_cpu"]["p50_ms"]
    assert overview["cold_cpu_ratio"] == cold_cpu / overview["floor_cpu"]["p50_ms"] > 0
    # Cached: the same object back, far cheaper than computing it.
    assert overview["cached_same"] is True
    assert _sane_ms(overview["cached"], 6) < min(overview["cold_samples_ms"])
    parts = overview["parts"]
    assert set(parts) == {"customer", "product", "month"}
    assert overview["parts_sum_p50_ms"] == sum(_sane_ms(got, 6) for got in parts.values())
    assert all(overview["parts_ratio"][name] > 0 for name in parts)
    # After a save the book changed: recomputed every time, never served from the cache.
    assert overview["saves"] == 3 and overview["recomputed"] == 3
    # (the medians compared: one cached lookup can stall on a busy machine, 13 ms once)
    after = _sane_ms(overview["after_save"], 3)
    assert after > overview["cached"]["p50_ms"]
    _sane_ms(overview["after_save_floor"], 3)
    assert overview["after_save_ratio"] > 0 and overview["after_save_p95_ratio"] > 0
    assert set(overview["behind"]) == {"regions", "products"}
    for chart in ("regions", "products"):
        _sane_ms(overview["behind"][chart], 6)
        assert 0 < overview["behind_customers"][chart] <= overview["buyers"]
        assert overview["behind_ratio"][chart] > 0
    assert overview["target_ms"] == 1000
    assert 0 <= overview["load_min"] <= overview["load_max"]
    assert overview["cold_peak_rss_mb"] > 0 and overview["saves_peak_rss_mb"] > 0
    assert overview["background_error"] is None


def test_the_list_bench_times_the_next_follow_up_column(tmp_path: Path) -> None:
    from bench import AS_OF
    from bench.listing import measure_follow_ups
    from xiaoben.store.book import Book
    from xiaoben.store.demo import write_demo

    path = tmp_path / "book.db"
    with Book.open(path, today=lambda: AS_OF) as book:
        write_demo(book, customers=120)
        assert len(book.next_planned()) > 0  # there is a plan to sort and filter by
    figures = measure_follow_ups(path)
    assert set(figures) == {
        "plan_ms",
        "follow_up_sort_first_ms",
        "follow_up_sort_ms",
        "follow_up_order_ms",
        "this_week_ms",
    }
    assert all(0 < ms < 60_000 for ms in figures.values())


def test_duplicates_bench_prints_its_figures(tmp_path: Path) -> None:
    from tests.book_helpers import buy, customer, fixed_clock
    from xiaoben.store.book import Book

    path = tmp_path / "book.db"
    with Book.open(path, today=fixed_clock) as book:
        first = customer(book, "王芳", phones=["13800138000"])
        customer(book, "王芳", phones=["13800138000"])
        buy(book, first, 100, "2026-11-01")
    command = [sys.executable, "-m", "bench.duplicates", "--book", str(path), "--repeats", "1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    for figure in ("possible duplicate pairs 1", "× read floor", "merge", "undo", "GROUP BY floor"):
        assert figure in done.stdout


def test_model_bench_prints_its_figures(tmp_path: Path) -> None:
    """bench.model at 300 customers, one repeat: every figure there, positive."""
    out = tmp_path / "model.json"
    command = [sys.executable, "-m", "bench.model", "--customers", "300", "--repeats", "1"]
    command += ["--cache", str(tmp_path / "cache"), "--json", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    for line in ("floor: one stats row", "fit (BG/NBD", "P(alive) + expected", "CLV over 12"):
        assert line in done.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["customers"] == 300 and figures["repeat_buyers"] >= 50
    assert all(figures[k] > 0 for k in ("floor_s", "read_s", "fit_s", "core_s", "predict_s"))


def _demo_book(path: Path, customers: int = 60) -> Path:
    from tests.book_helpers import fixed_clock
    from xiaoben.store.book import Book
    from xiaoben.store.demo import write_demo

    with Book.open(path, today=fixed_clock) as book:
        write_demo(book, customers=customers, seed=3)
    return path


def test_the_cold_commands_bench_times_each_command_against_its_floor(tmp_path: Path) -> None:
    from bench.commands import LABELS

    book = _demo_book(tmp_path / "book.db")
    out = tmp_path / "commands.json"
    # Medians of three: one `python -c pass` of a loaded CI machine took 87 ms against a
    # kept plan's whole `xiaoben queue` of 50 ms.
    command = [sys.executable, "-m", "bench.commands", "--book", str(book), "--repeats", "3"]
    done = subprocess.run([*command, "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(figures) == ["queue", "report", "report-changed", "tiers"]
    for name, got in figures.items():
        assert LABELS.get(name, f"`xiaoben {name}`") in done.stdout
        assert got["command_ms"] > got["python_start_ms"] > 0 and got["floor_ms"] > 0
        assert got["ratio"] == (got["command_ms"] - got["python_start_ms"]) / got["floor_ms"]


def test_the_memory_bench_runs_the_app_through_saves_queue_and_overview(tmp_path: Path) -> None:
    book = _demo_book(tmp_path / "book.db")
    out = tmp_path / "memory.json"
    command = [sys.executable, "-m", "bench.memory", "--book", str(book), "--today", "2026-11-23"]
    done = subprocess.run(
        [*command, "--saves", "2", "--out", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["screens"] == ["QueueScreen", "OverviewScreen"]
    stages = set(figures["stage_peaks_mb"]) - {"imports"}  # sampled before the app, or not
    assert stages == {"open", "saves", "queue", "overview"}
    assert figures["peak_rss_mb"] >= max(figures["stage_peaks_mb"].values()) > 0
