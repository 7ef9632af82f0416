"""The acceptance of speed: every measured figure beside its goal, met (✓) or not (✗).

`python -m bench` prints these lines at the end of a run and keeps the run's figures in
bench/.cache/last-run.json; `python -m bench.acceptance` prints them again from that file
(or `--json PATH`), and `--readme` writes them as the README's figures table, between
its two markers, so a regression is seen, not remembered.

Goals are DESIGN.md's performance targets and those of issues 5, 11 and 17, as ratios to
a floor measured in the same run where the goal is one (the machine is shared: absolute
times mislead). Ratio and memory goals hold at scale (100k customers, CDNOW); the save
goal holds for every book.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import CACHE, REPO
from bench.commands import COMMANDS_FROM
from bench.commands import LABELS as COMMAND_LABELS
from bench.memory import TARGET_MB as APP_RSS_TARGET_MB
from bench.report import (
    OVERVIEW_TARGET_MS,
    PEAK_RSS_TARGET_MB,
    QUEUE_TARGET_MS,
    RECOMPUTE_RATIO_TARGET,
    SAVE_P95_TARGET_MS,
    at_scale,
    label,
    times,
)

LAST_RUN = CACHE / "last-run.json"
README = REPO / "README.md"
BEGIN = "<!-- bench acceptance: written by `python -m bench.acceptance --readme` -->"
END = "<!-- end of bench acceptance -->"

COLD_RECOMPUTE_RATIO_TARGET = 1.5  # issue 17 item 3
OVERVIEW_COLD_RATIO_TARGET = 3.0  # issue 17 item 1: ≤ 3× one covering GROUP BY
OVERVIEW_COLD_TARGET_MS = 300.0  # … ≤ 0.3 s at 100k on a quiet machine (shown, not judged)
IMPORT_ROWS_PER_S_TARGET = 100_000  # issue 11: at ~170,000 rows/s of its floor ("here")
IMPORT_FLOOR_AT_TARGET = 170_000  # the floor's rate the issue measured beside that goal
IMPORT_RSS_TARGET_MB = 250.0
XLSX_SECONDS_TARGET = 5.0  # a 100k-row workbook
IMPORT_FLOOR_RATIO_TARGET = 1.7  # issue 11: end to end against the bare executemany floor


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    value: str
    goal: str
    met: bool

    def line(self, width: int) -> str:
        return f"{'✓' if self.met else '✗'} {self.name:<{width}}  {self.value}  (goal {self.goal})"


def _ms(value: float) -> str:
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def _ratio_figure(name: str, ratio: float, target: float, detail: str) -> Figure:
    return Figure(
        name, f"{times(ratio)} the floor ({detail})", f"≤ {times(target)}", ratio <= target
    )


def book_figures(result: dict) -> list[Figure]:
    """One book's figures (a failed book is one ✗ line)."""
    name = result.get("label") or label(result)
    if "error" in result:
        return [Figure(f"{name}: run", f"failed: {result['error']}", "runs", False)]
    if "recompute" not in result:
        return []  # an import-only run: its rate is in the import figures
    found = []
    for which, what in (("edit", "save a customer edit"), ("purchase", "save a purchase")):
        p95 = result["save"][which]["p95_ms"]
        found.append(
            Figure(
                f"{name}: {what}, p95",
                _ms(p95),
                f"≤ {SAVE_P95_TARGET_MS:.0f} ms",
                p95 <= SAVE_P95_TARGET_MS,
            )
        )
    if not at_scale(result):
        return found
    recompute, overview, queue = result["recompute"], result["overview"], result["queue"]
    floor = f"floor {recompute['floor_s'] * 1000:,.0f} ms"
    found += [
        _ratio_figure(
            f"{name}: recompute",
            recompute["ratio"],
            RECOMPUTE_RATIO_TARGET,
            f"{recompute['warm_s'] * 1000:,.0f} ms; {floor}",
        ),
        _ratio_figure(
            f"{name}: cold recompute",
            recompute["cold_ratio"],
            COLD_RECOMPUTE_RATIO_TARGET,
            f"{recompute['cold_s'] * 1000:,.0f} ms; {floor}",
        ),
        Figure(
            f"{name}: overview from scratch, p50",
            f"{times(overview['cold_ratio'])} the floor ({_ms(overview['cold']['p50_ms'])};"
            f" floor {_ms(overview['floor']['p50_ms'])}{_cold_spread(overview)})",
            f"≤ {times(OVERVIEW_COLD_RATIO_TARGET)}, ≈ {OVERVIEW_COLD_TARGET_MS:.0f} ms on a"
            " quiet machine",
            overview["cold_ratio"] <= OVERVIEW_COLD_RATIO_TARGET,
        ),
    ]
    after = overview["after_save"]["p95_ms"]
    found.append(
        Figure(
            f"{name}: overview after a save, p95",
            _ms(after),
            f"≤ {OVERVIEW_TARGET_MS:,.0f} ms",
            after <= OVERVIEW_TARGET_MS,
        )
    )
    for which, what in (("warm", "follow-up queue"), ("after_save", "queue after a save")):
        p95 = queue[which]["p95_ms"]
        found.append(
            Figure(
                f"{name}: {what}, p95",
                _ms(p95),
                f"≤ {QUEUE_TARGET_MS:.0f} ms",
                p95 <= QUEUE_TARGET_MS,
            )
        )
    if "command_ratio" in queue:
        found.append(
            _ratio_figure(
                f"{name}: `xiaoben queue`, minus start-up",
                queue["command_ratio"],
                queue["command_ratio_target"],
                f"{queue['command_minus_start_ms']:,.0f} ms; floor"
                f" {queue['command_floor_ms']:,.0f} ms",
            )
        )
    # Issue 17 item 2 sets the cold commands' goal at 100k customers (on CDNOW their floors
    # are 16-128 ms, the interpreter's imports most of the command): judged there only.
    commands = result.get("commands", {}) if result.get("size", 0) >= COMMANDS_FROM else {}
    for command, got in commands.items():
        found.append(
            _ratio_figure(
                f"{name}: {COMMAND_LABELS.get(command, f'`xiaoben {command}`')}, minus start-up",
                got["ratio"],
                got["target_ratio"],
                f"{got['minus_start_ms']:,.0f} ms; floor {got['floor_ms']:,.0f} ms",
            )
        )
    return found + memory_figures(name, result)


def memory_figures(name: str, result: dict) -> list[Figure]:
    """The product's peak memory at scale: the app's process through a seller's session
    (bench/memory.py: open, ten saves — contacts in one process, purchases in another —
    then the queue and the overview), the higher of the two, against DESIGN.md's ceiling
    and issue 17's headroom. The bench's own processes (two books one after the other,
    floors beside them, glibc's malloc untuned) are not the product and are not judged.
    A run from before the app was measured is judged by those processes, as it was."""
    apps = result.get("app_memory")
    if not apps:
        overview = result["overview"]
        peak = max(
            result["peak_rss_mb"], overview["cold_peak_rss_mb"], overview["saves_peak_rss_mb"]
        )
        return [
            Figure(
                f"{name}: peak RSS",
                f"{peak:.0f} MB",
                f"≤ {PEAK_RSS_TARGET_MB:.0f} MB",
                peak <= PEAK_RSS_TARGET_MB,
            )
        ]
    peaks = {saves_of: got["peak_rss_mb"] for saves_of, got in apps.items()}
    peak = max(peaks.values())
    detail = ", ".join(f"{peaks[saves_of]:.0f} MB with {saves_of}s" for saves_of in peaks)
    value = f"{peak:.0f} MB (the app: open, 10 saves, queue, overview; {detail})"
    return [
        Figure(
            f"{name}: peak RSS", value, f"≤ {PEAK_RSS_TARGET_MB:.0f} MB", peak <= PEAK_RSS_TARGET_MB
        ),
        Figure(
            f"{name}: the app's peak RSS, headroom",
            f"{peak:.0f} MB",
            f"≤ {APP_RSS_TARGET_MB:.0f} MB",
            peak <= APP_RSS_TARGET_MB,
        ),
    ]


def _cold_spread(overview: dict) -> str:
    """The cold samples' number and range, and the CPU ratio (runs from before it: none)."""
    samples = overview.get("cold_samples_ms") or []
    if "cold_cpu_ratio" not in overview or not samples:
        return ""
    return (
        f"; n = {len(samples)}, {min(samples):,.0f}–{max(samples):,.0f} ms;"
        f" CPU {times(overview['cold_cpu_ratio'])} the floor's"
    )


def listing_figures(measured: dict) -> list[Figure]:
    """The customer list at the largest size against the smallest (bench.listing)."""
    from bench.listing import PAINT_TARGET, SEARCH_P95_TARGET_MS

    sizes = measured["sizes"]
    results = measured["results"]  # keyed by size, or by its text once read back from JSON
    largest = results.get(sizes[-1]) or results[str(sizes[-1])]
    name = f"customer list {sizes[-1]:,}"
    base = f"× the {sizes[0]:,} book"
    search = largest["search_with_count"]["p95_ms"]
    return [
        Figure(
            f"{name}: first paint",
            f"{times(largest['ratio']['paint'])} {base} ({_ms(largest['paint_ms'])})",
            f"≤ {times(PAINT_TARGET)}",
            largest["ratio"]["paint"] <= PAINT_TARGET,
        ),
        Figure(
            f"{name}: page-down, p50",
            f"{times(largest['ratio']['page_down_p50'])} {base}"
            f" ({_ms(largest['page_down']['p50_ms'])})",
            f"≤ {times(PAINT_TARGET)}",
            largest["ratio"]["page_down_p50"] <= PAINT_TARGET,
        ),
        Figure(
            f"{name}: search keystroke, p95",
            _ms(search),
            f"≤ {SEARCH_P95_TARGET_MS:.0f} ms",
            search <= SEARCH_P95_TARGET_MS,
        ),
    ]


def import_figures(measured: dict) -> list[Figure]:
    """The import at scale (bench.import_scale): rate and memory of each case."""
    found = []
    for case in measured["results"]:
        name = f"import {case['case']}"
        if "design_peak_mb" in case:  # a customers import: no floor, the design's memory
            found.append(
                Figure(
                    f"{name}: peak RSS",
                    f"{case['peak_rss_mb']:.0f} MB ({case['seconds']:.1f} s,"
                    f" {case['rows_per_s']:,.0f} rows/s)",
                    f"≤ {case['design_peak_mb']:.0f} MB",
                    case["peak_rss_mb"] <= case["design_peak_mb"],
                )
            )
            continue
        detail = f"{times(case['ratio'])} the bare executemany floor, {case['seconds']:.1f} s"
        if case["case"].startswith("xlsx"):
            found.append(
                Figure(
                    f"{name}: time",
                    f"{case['seconds']:.1f} s ({detail})",
                    f"≤ {XLSX_SECONDS_TARGET:.0f} s",
                    case["seconds"] <= XLSX_SECONDS_TARGET,
                )
            )
        else:
            # The 100,000 rows/s is beside a floor of 170,000 on its machine: on
            # this run's machine, the same share of this run's floor (machines differ
            # twofold, and one machine's floor moves by a quarter between runs).
            wanted = case["floor_rows_per_s"] * IMPORT_ROWS_PER_S_TARGET / IMPORT_FLOOR_AT_TARGET
            found.append(
                Figure(
                    f"{name}: rate",
                    f"{case['rows_per_s']:,.0f} rows/s ({detail})",
                    f"≥ {wanted:,.0f} rows/s (the issue's {IMPORT_ROWS_PER_S_TARGET:,} at a"
                    f" {IMPORT_FLOOR_AT_TARGET:,} rows/s floor; this run's floor"
                    f" {case['floor_rows_per_s']:,.0f})",
                    case["rows_per_s"] >= wanted,
                )
            )
            found.append(
                Figure(
                    f"{name}: × floor",
                    f"{times(case['ratio'])} ({case['floor_rows_per_s']:,.0f} rows/s floor"
                    + (
                        f"; {times(case['stored_ratio'])} the floor storing its"
                        f" {case['customers']:,} new customers and their keys too)"
                        if "stored_ratio" in case
                        else ")"
                    ),
                    f"≤ {times(IMPORT_FLOOR_RATIO_TARGET)}",
                    case["ratio"] <= IMPORT_FLOOR_RATIO_TARGET,
                )
            )
        found.append(
            Figure(
                f"{name}: peak RSS",
                f"{case['peak_rss_mb']:.0f} MB"
                + (
                    f" (its reading child's own: {case['reader_peak_rss_mb']:.0f} MB, pages"
                    " shared with it copied on write)"
                    if case.get("reader_peak_rss_mb")
                    else ""
                ),
                f"≤ {IMPORT_RSS_TARGET_MB:.0f} MB",
                case["peak_rss_mb"] <= IMPORT_RSS_TARGET_MB,
            )
        )
    return found


def figures_of(run: dict) -> list[Figure]:
    """Every figure of a run as `python -m bench` keeps it (last-run.json)."""
    found = [figure for result in run.get("results", []) for figure in book_figures(result)]
    if run.get("listing"):
        found += listing_figures(run["listing"])
    if run.get("import_scale"):
        found += import_figures(run["import_scale"])
    return found


def lines(figures: list[Figure]) -> list[str]:
    width = max((len(figure.name) for figure in figures), default=0)
    met = sum(figure.met for figure in figures)
    return [figure.line(width) for figure in figures] + [
        f"{met} of {len(figures)} goals met" + ("." if met == len(figures) else "; ✗ missed.")
    ]


def table(run: dict, figures: list[Figure]) -> str:
    """The figures as the README's Markdown table, with the run it comes from."""
    meta = run.get("meta", {})
    head = (
        f"Run of {meta.get('started', '?')} ({meta.get('machine', '?')}, Python"
        f" {meta.get('python', '?')}, SQLite {meta.get('sqlite', '?')}; load average"
        f" {meta.get('load_average_at_start', float('nan')):.1f} at start,"
        f" {meta.get('load_average_at_end', float('nan')):.1f} at end"
        + ("; --quick" if meta.get("quick") else "")
        + "):"
    )
    rows = ["| | figure | measured | goal |", "|---|---|---|---|"]
    for figure in figures:
        rows.append(
            f"| {'✓' if figure.met else '✗'} | {figure.name} | {figure.value} | {figure.goal} |"
        )
    return "\n".join([head, "", *rows])


def write_readme(readme: Path, text: str) -> None:
    """Replace what stands between the markers (or add the section at the end)."""
    current = readme.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in current and END in current:
        before, rest = current.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        updated = before + block + after
    else:
        updated = current.rstrip("\n") + "\n\n## Speed, measured\n\n" + block + "\n"
    readme.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.acceptance", description=__doc__)
    parser.add_argument("--json", type=Path, default=LAST_RUN, help="a run's figures")
    parser.add_argument("--readme", action="store_true", help="write the README's table")
    args = parser.parse_args(argv)
    if not args.json.exists():
        print(f"no run at {args.json}: run `python -m bench` first", file=sys.stderr)
        return 2
    run = json.loads(args.json.read_text())
    figures = figures_of(run)
    print("\n".join(lines(figures)))
    if args.readme:
        write_readme(README, table(run, figures))
        print(f"README.md: the figures table rewritten from {args.json}")
    return 0 if all(figure.met for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
