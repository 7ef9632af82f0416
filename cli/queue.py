"""`xiaoben queue`: the follow-up queue for a morning script, and its items handled from
the command line (done, snooze, skip, undo).

An ITEM is an item key as printed (customer:reason:occurrence, e.g. 12:cadence:20480), or
a customer (code, #id, phone, WeChat ID or exact name) who has exactly one item (narrowed
with --reason). Like every command that shows no screen, this never imports Textual.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from xiaoben.cli.help_pages import Group
from xiaoben.cli.output import json_text
from xiaoben.cli.plan_text import (
    DEFAULT_DAYS,
    column_headers,
    column_widths,
    plan_head,
    print_plan,
    row_line,
)
from xiaoben.cli.shared import DAY, error_text, open_book, seller_errors
from xiaoben.cli.usage import INT, TEXT, Choice, IntRange
from xiaoben.models.enums import QueueAction, Reason
from xiaoben.models.i18n import current_language, t
from xiaoben.models.text import printable

if TYPE_CHECKING:  # the store and numpy load only when a command runs
    from xiaoben.models.customer import Customer
    from xiaoben.models.followup import FollowUp
    from xiaoben.models.rules import Rules
    from xiaoben.store.book import Book
    from xiaoben.tiering.followup import Queue

COMING_DAYS = 7  # the next days whose planned counts follow today's plan
GREETED_NAMES = 8  # the names the greetings' group line shows (then "…")
JSON_BATCH = 2_000  # items materialised at a time for --json
REASON_VALUES = [reason.value for reason in Reason]
CAPACITY = IntRange(0, 10_000)  # the rule's own bounds (models/rules.py)


def _as_of(ctx: click.Context, given: date | None) -> date | None:
    """The subcommand's --as-of, else the one given to `queue` itself."""
    return given if given is not None else ctx.obj.get("queue_as_of")


@click.group(cls=Group, name="queue", invoke_without_command=True, help="cli.help.queue")
@click.option("--as-of", "as_of", type=DAY, help="cli.help.queue.as_of")
@click.option(
    "--days",
    type=IntRange(0, 366),
    default=DEFAULT_DAYS,
    show_default=True,
    help="cli.help.queue.days",
)
@click.option(
    "--capacity",
    type=CAPACITY,
    default=None,
    help="cli.help.queue.capacity",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="cli.help.queue.json",
)
@click.option("--all", "show_all", is_flag=True, help="cli.help.queue.all")
@click.pass_context
def queue(
    ctx: click.Context,
    as_of: date | None,
    days: int,
    capacity: int | None,
    as_json: bool,
    show_all: bool,
) -> None:
    ctx.ensure_object(dict)
    ctx.obj["queue_as_of"] = as_of
    ctx.obj["queue_days"] = days
    if ctx.invoked_subcommand is not None:
        return
    # --days given: the text lists the next days' items too (without: their counts only)
    listed = None if ctx.get_parameter_source("days") is ParameterSource.DEFAULT else days
    terms = {
        "as_of": (as_of or date.today()).isoformat(),
        "capacity": capacity,
        "days": days,
        "lang": current_language(),
    }
    if not (as_json or show_all or listed is not None) and _print_kept(ctx, terms):
        return
    book = open_book(ctx, create=False)
    made_at = book.plan_marker()
    with seller_errors():
        found = book.queue(as_of, days, capacity)
    if as_json:
        _print_json(book, found)
    elif show_all:
        _print_all(book, found)
    else:
        view = plan_view(book, found, listed)
        print_plan(view)
        if listed is None and found.as_of == book.today():
            book.keep_plan(made_at, {**terms, "as_of": found.as_of.isoformat()}, view)


def _print_kept(ctx: click.Context, terms: dict[str, Any]) -> bool:
    """Print the plan kept in the book for these terms, if the book has not changed since
    it was made (store/plan_cache.py); False when the book must be opened."""
    from xiaoben.store.plan_cache import kept

    root = ctx.find_root()
    path = Path(root.obj["db"]).expanduser()
    found = kept(path, terms["as_of"], terms["capacity"], terms["days"], terms["lang"])
    if found is None:
        return False
    if found.other_writers:
        click.echo(t("store.second_writer", path=path.absolute()), err=True)
    print_plan(found.plan)
    return True


# ---- listing -----------------------------------------------------------------------


def item_json(item: FollowUp, as_of: date, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """One item as the JSON output shows it (dates ISO), with the customer's custom fields
    by English label (as `tiers --json` has them)."""
    return {
        "id": item.key,
        "customer": item.customer_key,
        "customer_id": item.customer_id,
        "name": item.name,
        "reason": item.reason.value,
        "occurrence": item.occurrence,
        "section": "today" if item.due <= as_of else "upcoming",
        "due": item.due.isoformat(),
        # the day the text's 逾期 N 天 / today / in N days counts from (cli.help.queue.json)
        "due_shown": (as_of - timedelta(days=item.days_overdue)).isoformat(),
        "planned": item.planned.isoformat() if item.planned else None,
        "priority": item.priority,
        "value_tier": item.value_tier.value if item.value_tier else None,
        "days_overdue": item.days_overdue,
        "snoozed": item.snoozed,
        "detail": item.detail,
        "action": item.action,
        "message": item.message,
        "fields": fields or {},
    }


def _print_json(book: Book, found: Queue) -> None:
    """A JSON list in plan order, one item a line; materialised and written a batch at a
    time, so 100k items cost neither a million small writes nor every item in memory."""
    out = sys.stdout
    out.write("[")
    for start in range(0, len(found), JSON_BATCH):
        items = book.planned_items(found, start, start + JSON_BATCH)
        custom = book.field_values_json(sorted({item.customer_id for item in items}))
        lines = (
            json_text(item_json(item, found.as_of, custom.get(item.customer_id))) for item in items
        )
        out.write(("\n" if start == 0 else ",\n") + ",\n".join(lines))
    out.write("\n]\n" if len(found) else "]\n")


def due_text(days_overdue: int, snoozed: bool = False) -> str:
    """3 天前到期 / 今天 / 还有 2 天, and whether the seller snoozed it."""
    if days_overdue > 0:
        text = t("queue_cli.due.overdue", days=days_overdue)
    elif days_overdue == 0:
        text = t("queue.due.today")
    else:
        text = t("queue.due.in", days=-days_overdue)
    return t("queue_cli.due.snoozed", due=text) if snoozed else text


def _row(item: FollowUp, rules: Rules) -> list[str]:
    tier = rules.tier_name(item.value_tier) if item.value_tier else "—"
    cells = [
        item.key,
        item.customer_key,
        item.name,
        tier,
        due_text(item.days_overdue, item.snoozed),
    ]
    return [printable(cell) for cell in [*cells, item.detail, item.action, item.message]]


def plan_figures(found: Queue) -> dict[str, Any]:
    """Today's plan against the capacity, items waiting since before today, and items
    due that wait for a later day (what `plan_head` words)."""
    import numpy as np

    waiting = found.days_waiting()
    greetings = found.greetings_mask()
    return {
        "as_of": found.as_of.isoformat(),
        "planned": found.plan_count(),
        "capacity": found.capacity,
        "overdue": found.overdue_count(),
        "backlog": int(np.count_nonzero((waiting >= 0) & ~found.planned_mask())),
        "greetings": int(greetings.sum()),
        "load": found.over_capacity(),
        "holidays": found.greeting_holidays(),
    }


def coming_counts(found: Queue, count: int = COMING_DAYS) -> list[tuple[str, int]]:
    """How many items the plan holds on each of the next days (MM-DD, count)."""
    days = [found.as_of + timedelta(days=k) for k in range(1, count + 1)]
    return [(f"{day:%m-%d}", found.plan_count(day)) for day in days]


def plan_view(book: Book, found: Queue, listed_days: int | None = None) -> dict[str, Any]:
    """Today's plan as `xiaoben queue` prints it, cells in words (the form a kept plan
    has: store/plan_cache.py). With `listed_days` (`--days N`), the items planned on each
    of the next N days too, a section a day that has any, and the counts of those N days
    (a view not kept: the kept plan is the one without)."""
    figures = plan_figures(found)
    ahead = [found.as_of + timedelta(days=k) for k in range(1, (listed_days or 0) + 1)]
    today = figures["planned"]
    everything_today = found.day_count()
    shown = everything_today + sum(found.day_count(day) for day in ahead)
    items = book.planned_items(found, 0, shown)
    rules = book.rules()
    greeted = [printable(item.name) for item in items[today:everything_today]]
    view: dict[str, Any] = {
        "figures": figures,
        "rows": [_row(item, rules) for item in items[:today]],
        "greeted": greeted[:GREETED_NAMES],
        "coming": coming_counts(found, COMING_DAYS if listed_days is None else listed_days),
    }
    if listed_days is not None:
        by_day: dict[date, list[list[str]]] = {}
        for item in items[everything_today:]:
            assert item.planned is not None  # counted among a day's planned items
            by_day.setdefault(item.planned, []).append(_row(item, rules))
        view["days"] = [{"day": day.isoformat(), "rows": rows} for day, rows in by_day.items()]
    return view


def _print_all(book: Book, found: Queue) -> None:
    """The whole backlog in plan order, under a title a day."""
    out = sys.stdout
    out.write(plan_head(plan_figures(found)) + "\n")
    rules = book.rules()
    items = book.planned_items(found, 0, len(found))
    headers = column_headers()
    rows = [_row(item, rules) for item in items]
    widths = column_widths(headers, rows)
    current: date | None = None
    for item, row in zip(items, rows, strict=True):
        if item.planned != current:
            current = item.planned
            count = found.day_count(current)
            title = (
                t("queue_cli.section.plan", count=count)
                if current == found.as_of
                else t("queue_cli.section.day", day=f"{current:%Y-%m-%d}", count=count)
            )
            out.write(f"\n{title}\n")
            out.write("    " + row_line(headers, widths) + "\n")
        out.write("    " + row_line(row, widths) + "\n")


# ---- handling an item --------------------------------------------------------------

_reason_option = click.option(
    "--reason",
    type=Choice(REASON_VALUES),
    default=None,
    help="cli.help.queue.reason",
)
_as_of_option = click.option("--as-of", "as_of", type=DAY, help="cli.help.queue.handle_as_of")


def _looks_like_key(text: str) -> bool:
    return text.count(":") == 2


def _customer(book: Book, text: str) -> Customer:
    with seller_errors():
        found = book.find_customer(text)
    if found is None or found.id is None:
        raise click.ClickException(t("queue_cli.no_customer", key=text))
    return found


def _choose(
    text: str,
    name: str,
    reason: str | None,
    items: list[list[str]],
    none_message: str,
) -> str:
    """The one key among a customer's items ([key, words …] rows), or a message listing them."""
    if reason is not None:
        items = [row for row in items if row[0].split(":")[1] == reason]
    if len(items) == 1:
        return items[0][0]
    if not items:
        raise click.ClickException(none_message)
    items = [[printable(cell) for cell in row] for row in items]
    widths = column_widths([""] * len(items[0]), items)
    lines = [t("queue_cli.many_items", name=name, count=len(items), customer=text)]
    lines += ["  " + row_line(row, widths) for row in items]
    raise click.ClickException("\n".join(lines))


def resolve_open(
    ctx: click.Context, book: Book, text: str, reason: str | None, as_of: date | None
) -> FollowUp:
    """The queue item ITEM names, as of that day (a FollowUp)."""
    with seller_errors():
        if _looks_like_key(text):
            return book.follow_up(text.strip(), as_of)
        person = _customer(book, text)
        days = ctx.obj.get("queue_days", DEFAULT_DAYS)
        found = book.queue(as_of, days)
        positions = [k for k, cid in enumerate(found.customer_id.tolist()) if cid == person.id]
        items = [book.follow_ups(found, k, k + 1)[0] for k in positions]
    described = [
        [item.key, item.reason.label(), due_text(item.days_overdue, item.snoozed), item.detail]
        for item in items
    ]
    label = Reason(reason).label() if reason else ""
    none = (
        t("queue_cli.no_items_reason", name=person.name, reason=label, days=days)
        if reason
        else t("queue_cli.no_items", name=person.name, days=days)
    )
    key = _choose(text, person.name, reason, described, none)
    return next(item for item in items if item.key == key)


def resolve_handled(book: Book, text: str, reason: str | None) -> str:
    """The key of a handled (done, snoozed or skipped) item ITEM names, for undo."""
    if _looks_like_key(text):
        return text.strip()
    person = _customer(book, text)
    import numpy as np

    from xiaoben.models.followup import item_key
    from xiaoben.tiering.followup import DONE, REASONS, SNOOZED

    handled = book.handled()
    actions = {DONE: QueueAction.DONE, SNOOZED: QueueAction.SNOOZED}
    keys = []
    for k in np.flatnonzero(handled.customer_id == person.id).tolist():
        what = REASONS[int(handled.reason[k])]
        action = actions.get(int(handled.action[k]), QueueAction.SKIPPED)
        key = item_key(int(person.id or 0), what, int(handled.occurrence[k]))
        keys.append([key, what.label(), action.label()])
    none = t("queue_cli.nothing_handled", name=person.name)
    return _choose(text, person.name, reason, sorted(keys), none)


@queue.command(help="cli.help.queue.done")
@click.argument("item", type=TEXT, required=False)
@click.option("--note", type=TEXT, default="", help="cli.help.queue.done.note")
@click.option("--greetings", is_flag=True, help="cli.help.queue.done.greetings")
@_reason_option
@_as_of_option
@click.pass_context
def done(
    ctx: click.Context,
    item: str | None,
    note: str,
    greetings: bool,
    reason: str | None,
    as_of: date | None,
) -> None:
    day = _as_of(ctx, as_of)
    if greetings == (item is not None):
        raise click.UsageError(t("queue_cli.done_what"), ctx)
    book = open_book(ctx)
    if item is None:
        with seller_errors():
            greeted = book.mark_greetings_done(day)
        words = "queue_cli.greetings_done" if greeted else "queue_cli.no_greetings"
        click.echo(t(words, count=len(greeted)))
        return
    found = resolve_open(ctx, book, item, reason, day)
    with seller_errors():
        book.mark_done(found.key, note, day)
    click.echo(
        t("queue_cli.done", name=printable(found.name), reason=found.reason.label(), key=found.key)
    )


@queue.command(help="cli.help.queue.snooze")
@click.argument("item", type=TEXT)
@click.option("--days", "days", type=INT, default=None, help="cli.help.queue.snooze.days")
@click.option("--until", type=DAY, default=None, help="cli.help.queue.snooze.until")
@click.option("--week", is_flag=True, help="cli.help.queue.snooze.week")
@_reason_option
@_as_of_option
@click.pass_context
def snooze(
    ctx: click.Context,
    item: str,
    days: int | None,
    until: date | None,
    week: bool,
    reason: str | None,
    as_of: date | None,
) -> None:
    if [days is not None, until is not None, week].count(True) != 1:
        raise click.UsageError(t("queue_cli.snooze_how"), ctx)
    from xiaoben.models.followup import SNOOZE_DAYS_MAX, snooze_too_far

    day = _as_of(ctx, as_of)
    book = open_book(ctx)
    if days is not None and days > SNOOZE_DAYS_MAX:  # --days 99999: past any date, too
        words = snooze_too_far(day or book.today(), str(days)).message()
        raise click.BadParameter(words, ctx, param_hint="--days")
    target = until or _days_after(ctx, day or book.today(), 7 if week else days or 0)
    found = resolve_open(ctx, book, item, reason, day)
    with seller_errors():
        book.snooze(found.key, target, day)
    click.echo(
        t(
            "queue_cli.snoozed",
            name=printable(found.name),
            reason=found.reason.label(),
            key=found.key,
            until=target.isoformat(),
        )
    )


def _days_after(ctx: click.Context, start: date, days: int) -> date:
    """`start` + `days`, held to the dates --until accepts (else a bad --days, exit 2)."""
    from xiaoben.models.values import parse_date

    try:
        return parse_date((start + timedelta(days=days)).isoformat())
    except OverflowError:  # beyond any date Python can hold
        words = t("rule.date_range", value=f"{start.isoformat()} + {days}")
    except ValueError as exc:
        words = error_text(exc)
    raise click.BadParameter(words, ctx, param_hint="--days")


@queue.command(help="cli.help.queue.skip")
@click.argument("item", type=TEXT)
@_reason_option
@_as_of_option
@click.pass_context
def skip(ctx: click.Context, item: str, reason: str | None, as_of: date | None) -> None:
    day = _as_of(ctx, as_of)
    book = open_book(ctx)
    found = resolve_open(ctx, book, item, reason, day)
    with seller_errors():
        book.skip(found.key, day)
    click.echo(
        t(
            "queue_cli.skipped",
            name=printable(found.name),
            reason=found.reason.label(),
            key=found.key,
        )
    )


@queue.command(help="cli.help.queue.undo")
@click.argument("item", type=TEXT)
@_reason_option
@click.pass_context
def undo(ctx: click.Context, item: str, reason: str | None) -> None:
    book = open_book(ctx)
    key = resolve_handled(book, item, reason)
    with seller_errors():
        undone = book.reopen(key)
    back = undone.state
    if back is None:
        click.echo(t("queue_cli.reopened", key=key))
    elif back[1] is not None and back[0] is QueueAction.SNOOZED:
        click.echo(t("queue_cli.reopened_snoozed", key=key, until=back[1].isoformat()))
    else:
        click.echo(t("queue_cli.reopened_as", key=key, action=back[0].label()))
    kept = undone.kept_contact
    if kept is not None:
        when = kept.at.strftime("%Y-%m-%d %H:%M")
        click.echo(t("queue_cli.contact_kept", when=when, kind=kept.kind.label()))
