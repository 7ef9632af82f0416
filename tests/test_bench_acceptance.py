"""The acceptance of speed: each figure beside its goal, ✓ or ✗, and the README's table
rewritten between its markers (never anything else of the README)."""

from __future__ import annotations

import copy
from pathlib import Path

from bench import acceptance


def _spread(ms: float) -> dict[str, float]:
    return {"p50_ms": ms, "p95_ms": ms, "p99_ms": ms, "max_ms": ms, "n": 3}


AT_SCALE = {
    "kind": "synthetic",
    "size": 100_000,
    "label": "synthetic 100,000",
    "quick": False,
    "peak_rss_mb": 210.0,
    "save": {"edit": _spread(9.0), "purchase": _spread(25.0), "floor": _spread(4.0)},
    "recompute": {
        "ratio": 0.3,
        "cold_ratio": 1.4,
        "warm_s": 0.08,
        "cold_s": 0.35,
        "floor_s": 0.25,
    },
    "overview": {
        "cold_ratio": 3.5,
        "cold": _spread(400.0),
        "floor": _spread(115.0),
        "after_save": _spread(350.0),
        "cold_peak_rss_mb": 190.0,
        "saves_peak_rss_mb": 260.0,
    },
    "queue": {"warm": _spread(80.0), "after_save": _spread(90.0)},
}


def test_each_figure_is_judged_against_its_goal() -> None:
    figures = {f.name: f for f in acceptance.book_figures(AT_SCALE)}
    assert figures["synthetic 100,000: save a customer edit, p95"].met
    assert not figures["synthetic 100,000: save a purchase, p95"].met  # 25 ms > 20 ms
    assert figures["synthetic 100,000: cold recompute"].met  # 1.4× ≤ 1.5×
    assert not figures["synthetic 100,000: overview from scratch, p50"].met  # 3.5× > 3×
    assert not figures["synthetic 100,000: peak RSS"].met  # the overview's 260 MB counts
    assert figures["synthetic 100,000: follow-up queue, p95"].goal == "≤ 200 ms"
    lines = acceptance.lines(list(figures.values()))
    assert (
        lines[-1]
        == f"{sum(f.met for f in figures.values())} of {len(figures)} goals met; ✗ missed."
    )
    assert lines[0].startswith("✓ synthetic 100,000: save a customer edit, p95")


def test_the_overview_from_scratch_gives_its_cold_samples_range_and_cpu_ratio() -> None:
    result = copy.deepcopy(AT_SCALE)
    name = "synthetic 100,000: overview from scratch, p50"
    before = {f.name: f for f in acceptance.book_figures(result)}[name]
    assert before.value == "3.5× the floor (400 ms; floor 115 ms)"  # a run from before it
    result["overview"] |= {"cold_samples_ms": [380.0, 400.0, 520.0], "cold_cpu_ratio": 3.1}
    figure = {f.name: f for f in acceptance.book_figures(result)}[name]
    assert figure.value == (
        "3.5× the floor (400 ms; floor 115 ms; n = 3, 380–520 ms; CPU 3.1× the floor's)"
    )
    assert not figure.met  # judged on the wall time's ratio, as before


def _app(peak: float, saves_of: str) -> dict:
    return {"peak_rss_mb": peak, "saves": 10, "saves_of": saves_of, "stage_peaks_mb": {}}


def test_peak_memory_is_the_apps_through_a_sellers_session() -> None:
    measured = copy.deepcopy(AT_SCALE)
    measured["peak_rss_mb"] = 324.0  # the bench's own process: two books one after the other
    measured["app_memory"] = {
        "contact": _app(184.0, "contact"),
        "purchase": _app(196.0, "purchase"),
    }
    figures = {f.name: f for f in acceptance.book_figures(measured)}
    peak = figures["synthetic 100,000: peak RSS"]
    assert peak.met and peak.goal == "≤ 250 MB"
    assert peak.value.startswith("196 MB (the app") and "184 MB with contacts" in peak.value
    headroom = figures["synthetic 100,000: the app's peak RSS, headroom"]
    assert headroom.met and headroom.goal == "≤ 200 MB"
    measured["app_memory"]["contact"]["peak_rss_mb"] = 251.0  # either session over: missed
    figures = {f.name: f for f in acceptance.book_figures(measured)}
    assert not figures["synthetic 100,000: peak RSS"].met
    assert not figures["synthetic 100,000: the app's peak RSS, headroom"].met


def test_a_small_book_is_judged_on_its_saves_only() -> None:
    small = copy.deepcopy(AT_SCALE) | {"size": 1_000, "label": "synthetic 1,000"}
    names = [f.name for f in acceptance.book_figures(small)]
    assert names == [
        "synthetic 1,000: save a customer edit, p95",
        "synthetic 1,000: save a purchase, p95",
    ]


def test_a_failed_book_is_a_missed_figure() -> None:
    (figure,) = acceptance.book_figures({"label": "CDNOW", "error": "exit 1"})
    assert not figure.met and "failed: exit 1" in figure.value


def test_the_readme_table_is_rewritten_between_its_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# 小本\n\nintro\n", encoding="utf-8")
    run = {"meta": {"started": "2026-12-02T03:00:00"}, "results": [AT_SCALE]}
    figures = acceptance.figures_of(run)
    acceptance.write_readme(readme, acceptance.table(run, figures))
    first = readme.read_text(encoding="utf-8")
    assert first.startswith("# 小本\n\nintro\n") and "| ✗ | synthetic 100,000: peak RSS |" in first
    faster = copy.deepcopy(AT_SCALE)
    faster["overview"]["cold_ratio"] = 2.0
    run["results"] = [faster]
    acceptance.write_readme(readme, acceptance.table(run, acceptance.figures_of(run)))
    second = readme.read_text(encoding="utf-8")
    assert second.count(acceptance.BEGIN) == 1 and second.count(acceptance.END) == 1
    assert "| ✓ | synthetic 100,000: overview from scratch, p50 | 2.0× the floor" in second


def test_an_import_at_scale_is_judged_by_rate_floor_ratio_and_memory() -> None:
    case = {
        "case": "CSV 1,000,000 rows, new customers",
        "rows": 1_000_000,
        "seconds": 12.0,
        "rows_per_s": 83_333.0,
        "peak_rss_mb": 240.0,
        "floor_s": 6.0,
        "floor_rows_per_s": 166_667.0,
        "ratio": 2.0,
    }
    figures = {f.name: f for f in acceptance.import_figures({"results": [case]})}
    name = "import CSV 1,000,000 rows, new customers"
    assert not figures[f"{name}: rate"].met
    assert not figures[f"{name}: × floor"].met
    assert figures[f"{name}: peak RSS"].met
    within = acceptance.import_figures({"results": [{**case, "ratio": 1.6}]})
    assert {f.name: f for f in within}[f"{name}: × floor"].met
    # the rate: the 100,000 rows/s at its 170,000 floor, as a share of this floor's
    slower = {**case, "floor_rows_per_s": 85_000.0, "rows_per_s": 51_000.0}
    rate = {f.name: f for f in acceptance.import_figures({"results": [slower]})}[f"{name}: rate"]
    assert rate.met and "≥ 50,000 rows/s" in rate.goal and "floor 85,000" in rate.goal
    short = {**slower, "rows_per_s": 49_000.0}
    rate = {f.name: f for f in acceptance.import_figures({"results": [short]})}[f"{name}: rate"]
    assert not rate.met
    # the floor storing the customers it made too is said beside it, never the goal's measure
    stored = {**case, "customers": 88_167, "stored_ratio": 1.5}
    ratio = {f.name: f for f in acceptance.import_figures({"results": [stored]})}[
        f"{name}: × floor"
    ]
    assert not ratio.met and "1.5× the floor storing its 88,167 new customers" in ratio.value


def _command(ratio: float) -> dict:
    return {
        "ratio": ratio,
        "target_ratio": 2.0,
        "minus_start_ms": ratio * 100,
        "floor_ms": 100.0,
        "command_ms": ratio * 100 + 25,
        "python_start_ms": 25.0,
        "runs": 5,
    }


def test_the_cold_commands_are_judged_against_twice_their_floor() -> None:
    """Issue 17 item 2: `xiaoben tiers` and `xiaoben report` (kept, and the first after a
    change) each a line; a run from before they were measured has none."""
    assert not any("tiers" in f.name for f in acceptance.book_figures(AT_SCALE))
    result = copy.deepcopy(AT_SCALE)
    result["commands"] = {
        "tiers": _command(1.4),
        "report": _command(0.5),
        "report-changed": _command(2.1),
    }
    figures = {f.name: f for f in acceptance.book_figures(result)}
    tiers = figures["synthetic 100,000: `xiaoben tiers`, minus start-up"]
    assert (tiers.met, tiers.value, tiers.goal) == (
        True,
        "1.4× the floor (140 ms; floor 100 ms)",
        "≤ 2.0×",
    )
    assert figures["synthetic 100,000: `xiaoben report`, minus start-up"].met
    changed = "synthetic 100,000: `xiaoben report`, the book changed since the last, minus start-up"
    assert not figures[changed].met  # 2.1× > 2.0×
