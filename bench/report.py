"""Printing results: each book's figures as they arrive, then one Markdown table.

Ratios first (against floors measured in the same run), absolute times after them.
"""

from __future__ import annotations

from collections.abc import Iterable

SAVE_P95_TARGET_MS = 20.0
RECOMPUTE_RATIO_TARGET = 1.5
PEAK_RSS_TARGET_MB = 250.0
QUEUE_TARGET_MS = 200.0  # follow-up queue generation, warm and after a save (issue 4)
OVERVIEW_TARGET_MS = 1000.0  # the overview opens, cold and after a save (issue 5)

COLUMNS = (
    "book",
    "customers",
    "purchases",
    "save edit p50 / p95 (× floor)",
    "save purchase p50 / p95 (× floor)",
    "recompute (× floor)",
    "cold recompute (× floor)",
    "queue p50 / p95 (× floor)",
    "queue cold · after save · first 200 (× floor)",
    "overview cold p50 · after save p95 (× floor)",
    "import rows/s (parse · write)",
    "peak RSS MB (the app's)",
    "floors: save p50 · GROUP BY · stats scan · net revenue scan",
)


def times(ratio: float) -> str:
    if ratio < 0.1:
        return f"{ratio:.2f}×"
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def label(result: dict) -> str:
    if result["kind"] == "synthetic":
        return f"synthetic {result['size']:,}"
    if result["kind"] == "cdnow":
        return "CDNOW"
    return f"CSV {result['import']['rows']:,} rows"


def _save_cell(save: dict, which: str) -> str:
    floor, got = save["floor"], save[which]
    ratios = f"{times(got['p50_ms'] / floor['p50_ms'])} / {times(got['p95_ms'] / floor['p95_ms'])}"
    return f"{ratios} ({got['p50_ms']:.1f} / {got['p95_ms']:.1f} ms)"


def _queue_cells(queue: dict) -> list[str]:
    warm = queue["warm"]
    return [
        f"{times(queue['warm_ratio'])} / {times(queue['warm_p95_ratio'])}"
        f" ({warm['p50_ms']:.1f} / {warm['p95_ms']:.1f} ms)",
        f"{times(queue['cold_ratio'])} · {times(queue['after_save_ratio'])}"
        f" · {times(queue['materialise_ratio'])} ({queue['cold_ms']:.0f} ·"
        f" {queue['after_save']['p50_ms']:.1f} · {queue['materialise']['p50_ms']:.1f} ms)",
    ]


def _overview_cell(overview: dict) -> str:
    cold, after, floor = overview["cold"], overview["after_save"], overview["after_save_floor"]
    return (
        f"{times(overview['cold_ratio'])} · {times(after['p95_ms'] / floor['p95_ms'])}"
        f" ({cold['p50_ms']:.0f} · {after['p95_ms']:.0f} ms)"
    )


def _import_cell(result: dict) -> str:
    done = result.get("import")
    if not done:
        return "—"
    return (
        f"{done['rows_per_s']:,.0f} "
        f"({done['parse_rows_per_s']:,.0f} · {done['write_rows_per_s']:,.0f})"
    )


def row(result: dict) -> list[str]:
    if "error" in result:
        return [result.get("label", "?"), "failed: " + result["error"], *[""] * (len(COLUMNS) - 2)]
    cells = [label(result)]
    if "recompute" in result:
        save, recompute = result["save"], result["recompute"]
        cells += [
            f"{result['customers']:,}",
            f"{result['purchases']:,}",
            _save_cell(save, "edit"),
            _save_cell(save, "purchase"),
            f"{times(recompute['ratio'])} ({seconds(recompute['warm_s'])})",
            f"{times(recompute['cold_ratio'])} ({seconds(recompute['cold_s'])})",
            *_queue_cells(result["queue"]),
            _overview_cell(result["overview"]),
        ]
        floors = (
            f"{save['floor']['p50_ms']:.1f} ms · {seconds(recompute['floor_s'])}"
            f" · {result['queue']['floor']['p50_ms']:.1f} ms"
            f" · {result['overview']['floor']['p50_ms']:.1f} ms"
        )
    else:
        done = result["import"]
        cells += [f"{done['customers']:,}", f"{done['imported']:,}", *["—"] * 7]
        floors = "—"
    app = app_peak_rss_mb(result)
    own = f"{result['peak_rss_mb']:.0f}"
    peak = own if app is None else f"{app:.0f} (the bench's process {own})"
    cells += [_import_cell(result), peak, floors]
    return cells


def table(results: Iterable[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(row(result)) + " |" for result in results]
    return "\n".join(lines)


def at_scale(result: dict) -> bool:
    """DESIGN.md sets the recompute and memory targets at 100k customers and on CDNOW."""
    if result.get("quick"):
        return False  # --quick imports only the first rows of CDNOW
    return result["kind"] == "cdnow" or result.get("size", 0) >= 100_000


def misses(result: dict) -> list[str]:
    """The DESIGN.md performance targets this book's figures miss."""
    if "error" in result:
        return []
    found = []
    for which in ("edit", "purchase"):
        p95 = result.get("save", {}).get(which, {}).get("p95_ms")
        if p95 is not None and p95 > SAVE_P95_TARGET_MS:
            found.append(f"save {which} p95 {p95:.1f} ms > {SAVE_P95_TARGET_MS:.0f} ms")
    overview = result.get("overview")
    if overview is not None and not overview["cached_same"]:
        found.append("overview not cached (a second call without a change recomputed it)")
    if overview is not None and overview["recomputed"] != overview["saves"]:
        found.append(
            f"overview recomputed after {overview['recomputed']} of {overview['saves']} saves"
        )
    if not at_scale(result):
        return found
    queue = result.get("queue")
    if queue is not None:
        for which, name in (("warm", "queue"), ("after_save", "queue after a save")):
            p95 = queue[which]["p95_ms"]
            if p95 > QUEUE_TARGET_MS:
                found.append(f"{name} p95 {p95:.0f} ms > {QUEUE_TARGET_MS:.0f} ms")
        ratio = queue.get("command_ratio")
        if ratio is not None and ratio > queue["command_ratio_target"]:
            found.append(f"xiaoben queue {times(ratio)} the floor > {times(2.0)}")
    if overview is not None:
        for which, name in (("cold", "overview cold"), ("after_save", "overview after a save")):
            p95 = overview[which]["p95_ms"]
            if p95 > OVERVIEW_TARGET_MS:
                found.append(f"{name} p95 {p95:.0f} ms > {OVERVIEW_TARGET_MS:.0f} ms")
        peak = max(overview["cold_peak_rss_mb"], overview["saves_peak_rss_mb"])
        if "app_memory" not in result and peak > PEAK_RSS_TARGET_MB:
            found.append(f"overview peak RSS {peak:.0f} MB > {PEAK_RSS_TARGET_MB:.0f} MB")
    ratio = result.get("recompute", {}).get("ratio")
    if ratio is not None and ratio > RECOMPUTE_RATIO_TARGET:
        found.append(f"recompute {times(ratio)} floor > {RECOMPUTE_RATIO_TARGET}×")
    # The product's peak is the app's (bench/memory.py); this process's own is the bench's,
    # judged only for a book measured without the app (an import-only run, an older run).
    peak = app_peak_rss_mb(result) or result["peak_rss_mb"]
    if peak > PEAK_RSS_TARGET_MB:
        found.append(f"peak RSS {peak:.0f} MB > {PEAK_RSS_TARGET_MB:.0f} MB")
    return found


def app_peak_rss_mb(result: dict) -> float | None:
    """The app's peak RSS through a seller's session (the higher of contacts and
    purchases), or None when the run did not measure it."""
    apps = result.get("app_memory")
    return max(got["peak_rss_mb"] for got in apps.values()) if apps else None


def details(result: dict) -> str:
    """Every figure of one book, ratio first."""
    if "error" in result:
        return f"{result.get('label', '?')}: failed\n{result['error']}"
    lines = [
        f"{label(result)}  (this bench process's peak RSS {result['peak_rss_mb']:.0f} MB,"
        f" of which {result['imports_rss_mb']:.0f} MB before any book was opened)"
    ]
    if "import" in result:
        done = result["import"]
        lines.append(
            f"  import        {done['rows_per_s']:,.0f} rows/s: {done['rows']:,} rows"
            f" ({done['bad_rows']} bad), {done['customers']:,} customers in"
            f" {seconds(done['total_s'])} — read {seconds(done['read_s'])},"
            f" parse {seconds(done['parse_s'])}"
            f" ({done['parse_rows_per_s']:,.0f} rows/s incl. read),"
            f" write {seconds(done['write_s'])}, stats+tiers {seconds(done['tiers_s'])}"
            f" ({done['write_rows_per_s']:,.0f} rows/s)"
        )
    if "recompute" in result:
        recompute, save = result["recompute"], result["save"]
        floor = save["floor"]
        lines.append(
            f"  book          {result['customers']:,} customers, {result['purchases']:,} purchases"
        )
        for which, name in (("edit", "customer edit"), ("purchase", "new purchase")):
            got = save[which]
            lines.append(
                f"  save {name:<14} p50 {times(got['p50_ms'] / floor['p50_ms'])}"
                f" ({got['p50_ms']:.1f} ms)  p95 {times(got['p95_ms'] / floor['p95_ms'])}"
                f" ({got['p95_ms']:.1f} ms)  p99 {got['p99_ms']:.1f} ms  max {got['max_ms']:.1f} ms"
                f"  n={got['n']}"
            )
        lines.append(
            f"  save floor    p50 {floor['p50_ms']:.1f} ms  p95 {floor['p95_ms']:.1f} ms"
            "  (INSERT purchase + UPDATE stats, one BEGIN IMMEDIATE, synchronous=FULL)"
        )
        lines.append(
            f"  first save    {save['first_save_ms']:.0f} ms (builds the population);"
            f" settle {seconds(save['settle_after_edits_s'])} after edits,"
            f" {seconds(save['settle_s'])} after purchases;"
            f" {save['background_passes']} background passes"
            + (f"; background error {save['background_error']}" if save["background_error"] else "")
        )
        lines.append(
            f"  recompute     {times(recompute['ratio'])} floor ({seconds(recompute['warm_s'])},"
            f" median of {len(recompute['samples_s'])});"
            f" cold {times(recompute['cold_ratio'])} ({seconds(recompute['cold_s'])});"
            f" next day {seconds(recompute['next_day_s'])}"
            f" ({recompute['next_day_written']:,} rows rewritten)"
        )
        lines.append(
            f"  GROUP BY floor {seconds(recompute['floor_s'])} (plan: {recompute['floor_plan']})"
        )
        lines += _queue_details(result["queue"])
        lines += _overview_details(result["overview"])
    if result.get("app_memory"):
        lines.append(_app_memory_details(result["app_memory"]))
    missed = misses(result)
    lines.append("  targets       " + ("met" if not missed else "MISSED: " + "; ".join(missed)))
    return "\n".join(lines)


def _app_memory_details(apps: dict) -> str:
    """The app's peak through a seller's session, each kind of saves in its own process."""
    parts = [
        f"{got['peak_rss_mb']:.0f} MB with {got['saves']} {saves_of}s (stages "
        + ", ".join(f"{stage} {mb:.0f}" for stage, mb in got["stage_peaks_mb"].items())
        + ")"
        for saves_of, got in apps.items()
    ]
    return "  app memory    peak RSS " + "; ".join(parts) + " (the app, headless, its own process)"


def _queue_details(queue: dict) -> list[str]:
    warm, after, made, floor = (
        queue["warm"],
        queue["after_save"],
        queue["materialise"],
        queue["floor"],
    )
    return [
        f"  queue         {queue['items']:,} items ({queue['today']:,} today,"
        f" {queue['upcoming']:,} in the next {queue['days']} days); peak RSS"
        f" {queue['cli_peak_rss_mb']:.0f} MB in the CLI's mode,"
        f" {queue['app_peak_rss_mb']:.0f} MB in the app's (each in its own process)",
        f"  queue warm    p50 {times(queue['warm_ratio'])} ({warm['p50_ms']:.1f} ms)"
        f"  p95 {times(queue['warm_p95_ratio'])} ({warm['p95_ms']:.1f} ms)"
        f"  max {warm['max_ms']:.1f} ms  n={warm['n']}",
        f"  queue cold    {times(queue['cold_ratio'])} ({queue['cold_ms']:.1f} ms, the first in"
        " a freshly opened book: loads the inputs)",
        f"  queue after save p50 {times(queue['after_save_ratio'])} ({after['p50_ms']:.1f} ms)"
        f"  p95 {after['p95_ms']:.1f} ms  n={after['n']} (a contact logged in the app's mode,"
        f" the cache patched; floor there {queue['after_save_floor']['p50_ms']:.1f} ms)",
        f"  queue first {queue['materialised']} items p50 {times(queue['materialise_ratio'])}"
        f" ({made['p50_ms']:.1f} ms)  p95 {made['p95_ms']:.1f} ms (names, details, drafts)",
        f"  stats scan floor p50 {floor['p50_ms']:.1f} ms  p95 {floor['p95_ms']:.1f} ms"
        " (SELECT one stats row per customer, fetchall)"
        + (f"; background error {queue['background_error']}" if queue["background_error"] else ""),
        *_command_details(queue),
    ]


def _command_details(queue: dict) -> list[str]:
    if "command_ratio" not in queue:
        return []
    return [
        f"  xiaoben queue {times(queue['command_ratio'])} the floor"
        f" ({queue['command_minus_start_ms']:.0f} ms = {queue['command_ms']:.0f} ms wall"
        f" - {queue['python_start_ms']:.0f} ms python start-up; floor"
        f" {queue['command_floor_ms']:.1f} ms; target ≤ {times(queue['command_ratio_target'])};"
        f" n={queue['command_runs']}, the real command in fresh processes)"
    ]


def _overview_details(overview: dict) -> list[str]:
    cold, cached, after = overview["cold"], overview["cached"], overview["after_save"]
    floor, after_floor = overview["floor"], overview["after_save_floor"]
    parts = " · ".join(
        f"{name} {times(overview['parts_ratio'][name])} ({got['p50_ms']:.1f} ms)"
        for name, got in overview["parts"].items()
    )
    bars = ", ".join(
        f"{chart} {overview['behind_keys'][chart] or '(blank)'!r}"
        f" ({overview['behind_customers'][chart]:,} customers)"
        f" {times(overview['behind_ratio'][chart])} ({got['p50_ms']:.1f} ms,"
        f" p95 {got['p95_ms']:.1f} ms)"
        for chart, got in overview["behind"].items()
    )
    error = overview["background_error"]
    return [
        f"  overview      {overview['customers']:,} active customers"
        f" ({overview['buyers']:,} buyers all time); peak RSS"
        f" {overview['cold_peak_rss_mb']:.0f} MB cold, {overview['saves_peak_rss_mb']:.0f} MB"
        f" after saves (each in its own process); load average {overview['load_min']:.1f}"
        f"–{overview['load_max']:.1f}",
        f"  overview cold p50 {times(overview['cold_ratio'])} ({cold['p50_ms']:.0f} ms)"
        f"  p95 {cold['p95_ms']:.0f} ms  max {cold['max_ms']:.0f} ms  n={cold['n']} (the first"
        " in a fresh process opened as the app: three passes side by side)",
        f"  overview parts p50 {parts}; one after another"
        f" {overview['parts_sum_p50_ms']:.1f} ms (each pass alone, on one connection)",
        f"  overview cached p50 {cached['p50_ms']:.3f} ms  max {cached['max_ms']:.3f} ms"
        f"  n={cached['n']} (nothing changed: "
        + ("the same object back)" if overview["cached_same"] else "NOT the same object)"),
        f"  overview after save p50 {times(overview['after_save_ratio'])}"
        f" ({after['p50_ms']:.0f} ms)  p95 {times(overview['after_save_p95_ratio'])}"
        f" ({after['p95_ms']:.0f} ms)  n={after['n']}, recomputed after"
        f" {overview['recomputed']} of {overview['saves']} (a purchase or a contact, the pass"
        f" settled; floor there p50 {after_floor['p50_ms']:.1f} ms)",
        f"  overview behind a bar p50: {bars}",
        f"  net revenue floor p50 {floor['p50_ms']:.1f} ms  p95 {floor['p95_ms']:.1f} ms"
        f"  n={floor['n']} (SELECT customer_id, sum(net) … GROUP BY customer_id, fetchall;"
        f" plan: {overview['floor_plan']})" + (f"; background error {error}" if error else ""),
    ]
