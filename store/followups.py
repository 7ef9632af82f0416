"""The follow-up queue's reads and writes: its inputs from the book, what the seller did
with items (the follow_ups table), and items materialised with names and words.

The arithmetic is tiering/followup.py; this module only knows the SQL around it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import numpy as np

from xiaoben.models.enums import QueueAction, Reason
from xiaoben.models.followup import FollowUp
from xiaoben.models.i18n import Lang, t
from xiaoben.models.rules import Rules
from xiaoben.models.values import noted_wechats, other_wechats, shop_accounts, wechat_nicknames
from xiaoben.store.day_moves import day_moves
from xiaoben.store.driver import sqlite3
from xiaoben.store.int_columns import int_columns
from xiaoben.store.schema import ORDERS_SQL
from xiaoben.store.stats import _json_ids, occasion_gaps
from xiaoben.store.stats_row import day as _day
from xiaoben.store.tierstore import TierCodes
from xiaoben.tiering.drafts import describe
from xiaoben.tiering.followup import (
    REASONS,
    Handled,
    Queue,
    QueueInputs,
    Reminders,
    TierMoves,
)
from xiaoben.tiering.frame import (
    NO_DAY,
    VALUE_TIERS,
    TierFrame,
    column_for,
    epoch_day,
    from_epoch_day,
    locate,
)

_GENDER = "CASE c.gender WHEN 'male' THEN 1 WHEN 'female' THEN 2 ELSE 0 END"
_BIRTHDAY = """
    CASE WHEN coalesce(c.birthday, '') = '' THEN 0
         ELSE CAST(substr(c.birthday, -5, 2) AS INTEGER) END,
    CASE WHEN coalesce(c.birthday, '') = '' THEN 0
         ELSE CAST(substr(c.birthday, -2) AS INTEGER) END,
    coalesce(c.birthday, '') LIKE 'L%',
    instr(coalesce(c.birthday, ''), '*') > 0"""

# The all-time read packs the first twelve columns of _ROW_FIELDS into five integers (the
# purchase model's two follow as they are): each
# column formatted costs SQLite more than the arithmetic. Days are stored from NO_DAY
# (31 bits each, two to an integer); the median gap between occasions is a median of
# whole days, so a multiple of ½: stored as twice itself, plus 2 (0: none).
_LOW31 = (1 << 31) - 1


def _pair(high: str, low: str) -> str:
    return f"((({high}) - ({NO_DAY})) << 31) | (({low}) - ({NO_DAY}))"


_BIRTHDAY_PARTS = [part.strip() for part in _BIRTHDAY.strip().split(",\n")]
_PACKED_COLUMNS = (
    "c.id",
    "(s.orders << 31) | (coalesce(CAST(round(s.median_gap_days * 2) AS INTEGER), -2) + 2)",
    _pair(_day("s.first_purchase"), _day("s.last_purchase")),
    _pair(_day("substr(s.last_interaction, 1, 10)"), _day("substr(c.created_at, 1, 10)")),
    # month (1-12), day (1-31), lunar, leap month, gender (0-2)
    f"(((({_BIRTHDAY_PARTS[0]}) * 32 + ({_BIRTHDAY_PARTS[1]})) * 2 + ({_BIRTHDAY_PARTS[2]}))"
    f" * 2 + ({_BIRTHDAY_PARTS[3]})) * 4 + {_GENDER}",
    # the purchase model's day P(alive) falls below the at-risk cut, and the value at stake
    _day("m.at_risk_day"),
    "coalesce(CAST(round(m.clv_cents * (1 - m.p_alive)) AS INTEGER), -1)",
)


def _unpacked(packed: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The integer columns of _ROW_FIELDS (all but the gap) and the median gaps (negative:
    none), from the seven columns of _PACKED_COLUMNS."""
    gap = ((packed[:, 1] & _LOW31) - 2) / 2.0
    columns = {"customer_id": packed[:, 0], "orders": packed[:, 1] >> 31}
    for (high, low), k in (
        (("first_purchase_day", "last_purchase_day"), 2),
        (("last_contact_day", "created_day"), 3),
    ):
        columns[high] = (packed[:, k] >> 31) + NO_DAY
        columns[low] = (packed[:, k] & _LOW31) + NO_DAY
    rest = packed[:, 4]
    columns["gender"] = rest % 4
    columns["birthday_leap"] = (rest // 4) % 2
    columns["birthday_lunar"] = (rest // 8) % 2
    columns["birthday_day"] = (rest // 16) % 32
    columns["birthday_month"] = rest // 512
    columns["model_risk_day"] = packed[:, 5]
    columns["at_stake_cents"] = packed[:, 6]
    return columns, gap


_FROM_STATS = """
FROM customers c JOIN stats s ON s.customer_id = c.id
LEFT JOIN predictions m ON m.customer_id = c.id
WHERE c.archived = 0 {extra}
ORDER BY c.id
"""

_AS_OF = f"""
SELECT c.id, coalesce(p.orders, 0), {_day("p.first_day")}, {_day("p.last_day")},
    {_day("substr(i.last_at, 1, 10)")}, {_day("substr(c.created_at, 1, 10)")},
    -1, {_BIRTHDAY}, {_GENDER}, {NO_DAY}, -1
FROM customers c
LEFT JOIN (SELECT customer_id, {ORDERS_SQL} AS orders, min(date) AS first_day,
           max(date) AS last_day
           FROM purchases WHERE date <= :as_of GROUP BY customer_id) p ON p.customer_id = c.id
LEFT JOIN (SELECT customer_id, max(at) AS last_at FROM interactions WHERE at < :day_after
           GROUP BY customer_id) i ON i.customer_id = c.id
WHERE c.archived = 0
ORDER BY c.id
"""

_ROW_FIELDS = (
    "customer_id",
    "orders",
    "first_purchase_day",
    "last_purchase_day",
    "last_contact_day",
    "created_day",
    "median_gap_days",
    "birthday_month",
    "birthday_day",
    "birthday_lunar",
    "birthday_leap",
    "gender",
    "model_risk_day",  # the purchase model's (store/purchase_model.py); none as of a past day
    "at_stake_cents",
)
_GAP = _ROW_FIELDS.index("median_gap_days")


# The queue keeps its inputs for the app's life (100k customers: one column is 0.8 MB as
# int64): codes and birthday parts are held as the bytes they need, and each column is an
# array of its own (no matrix whose every column a view would keep alive). The tiering
# reads them as values (birthday parts are widened where it does arithmetic with them).
_SMALL = {"birthday_month": np.int8, "birthday_day": np.int8, "gender": np.int8}
_FLAGS = ("birthday_lunar", "birthday_leap")


def _inputs(rows: list[tuple[object, ...]]) -> QueueInputs:
    """QueueInputs from query rows; the tier columns are filled by `with_tiers`."""
    matrix = np.array(rows, dtype=np.float64).reshape(len(rows), len(_ROW_FIELDS))
    columns = {name: matrix[:, k] for k, name in enumerate(_ROW_FIELDS) if k != _GAP}
    return _inputs_of(columns, matrix[:, _GAP])


def _inputs_of(columns: dict[str, np.ndarray], gap: np.ndarray) -> QueueInputs:
    """QueueInputs from the columns of _ROW_FIELDS but the gap, and the median gaps
    (negative: none); value tier, stage and RFM segment unknown (-1) until `with_tiers`."""
    values: dict[str, np.ndarray] = {}
    for name, column in columns.items():
        if name in _FLAGS:
            values[name] = column.astype(bool)
        else:
            values[name] = column.astype(_SMALL.get(name, np.int64))  # a copy of its own
    values["median_gap_days"] = np.where(gap < 0, np.nan, gap)
    none = np.full(len(gap), -1, dtype=np.int8)
    return QueueInputs(value_tier=none, stage=none.copy(), rfm_segment=none.copy(), **values)


def load_rows(conn: sqlite3.Connection, customer_ids: Iterable[int] | None = None) -> QueueInputs:
    """The all-time queue columns of every active customer (or of some): one string from
    SQLite, no Python object per value (store.int_columns)."""
    params: tuple[str, ...] = ()
    if customer_ids is None:
        tail = _FROM_STATS.format(extra="")
    else:
        tail = _FROM_STATS.format(extra="AND c.id IN (SELECT value FROM json_each(?))")
        params = (_json_ids(sorted(set(customer_ids))),)
    return _inputs_of(*_unpacked(int_columns(conn, _PACKED_COLUMNS, tail, params)))


def load_as_of(conn: sqlite3.Connection, as_of: date, window: int) -> QueueInputs:
    """Every active customer's queue columns counting only records dated by `as_of`
    (`window`: the rules' occasion_window_days, for the median gap)."""
    params = {"as_of": as_of.isoformat(), "day_after": (as_of + timedelta(days=1)).isoformat()}
    inputs = _inputs(conn.execute(_AS_OF, params).fetchall())
    who, gap = occasion_gaps(conn, window, as_of=as_of)
    gaps = np.full(len(inputs), np.nan)
    rows, known = locate(inputs.customer_id, who)
    gaps[rows[known]] = gap[known]
    return dataclasses.replace(inputs, median_gap_days=gaps)


def with_tiers(inputs: QueueInputs, tiers: TierFrame | TierCodes) -> QueueInputs:
    """The inputs with each customer's value tier, stage and RFM segment from `tiers`."""

    def pick(column: np.ndarray) -> np.ndarray:
        return column_for(tiers.customer_id, column, inputs.customer_id)

    return dataclasses.replace(
        inputs,
        value_tier=pick(tiers.value_tier),
        stage=pick(tiers.stage),
        rfm_segment=pick(tiers.rfm_segment),
    )


def load_reminders(conn: sqlite3.Connection) -> Reminders:
    rows = conn.execute(
        f"SELECT r.id, r.customer_id, {_day('r.due')} FROM reminders r"
        " JOIN customers c ON c.id = r.customer_id"
        " WHERE r.done = 0 AND c.archived = 0 ORDER BY r.id"
    ).fetchall()
    matrix = np.array(rows, dtype=np.int64).reshape(len(rows), 3)
    return Reminders(matrix[:, 0], matrix[:, 1], matrix[:, 2])


_TIER_CASE = (
    "CASE {col} "
    + " ".join(f"WHEN '{tier.value}' THEN {code}" for code, tier in enumerate(VALUE_TIERS))
    + " ELSE -1 END"
)


def load_moves(conn: sqlite3.Connection, as_of: date, within_days: int) -> TierMoves:
    """Each customer's latest value-tier move judged in the `within_days` days up to
    `as_of`, when it is one the queue cares for (a promotion to A or a drop). A day's moves
    are one (store/day_moves.py): a first day's imports that take a new customer none → A
    → C, or a day that takes one B → A → B, leave nothing to act on."""
    since = (as_of - timedelta(days=within_days)).isoformat()
    moves = day_moves("value_tier", "as_of > :since AND as_of <= :as_of")
    rows = conn.execute(
        f"""SELECT id, customer_id, {_TIER_CASE.format(col="from_value")},
                {_TIER_CASE.format(col="to_value")}, {_day("as_of")}
        FROM (SELECT max(id) AS id, customer_id, from_value, to_value, as_of
              FROM ({moves}) GROUP BY customer_id)
        WHERE (to_value = 'A' AND from_value > 'A') OR to_value > from_value
        ORDER BY id""",
        {"since": since, "as_of": as_of.isoformat()},
    ).fetchall()
    matrix = np.array(rows, dtype=np.int64).reshape(len(rows), 5)
    return TierMoves(*(matrix[:, k] for k in range(5)))


_ACTION_CODE = {QueueAction.DONE: 0, QueueAction.SNOOZED: 1, QueueAction.SKIPPED: 2}
_REASON_CASE = (
    "CASE reason "
    + " ".join(f"WHEN '{reason.value}' THEN {code}" for code, reason in enumerate(REASONS))
    + " ELSE -1 END"
)
_ACTION_CASE = (
    "CASE action "
    + " ".join(f"WHEN '{action.value}' THEN {code}" for action, code in _ACTION_CODE.items())
    + " ELSE -1 END"
)


def load_handled(conn: sqlite3.Connection) -> Handled:
    """Every handled item, with the day whose plan it took room in (the day it was handled,
    if it was in that day's plan)."""
    room_day = f"CASE WHEN took_room THEN {_day('substr(handled_at, 1, 10)')} ELSE {NO_DAY} END"
    rows = conn.execute(
        f"SELECT customer_id, {_REASON_CASE}, occurrence, {_ACTION_CASE},"
        f" {_day('until')}, {room_day} FROM follow_ups"
    ).fetchall()
    # room_day: the items handled today from today's plan took room in it (tiering.plan).
    matrix = np.array(rows, dtype=np.int64).reshape(len(rows), 6)
    return Handled(*(matrix[:, k] for k in range(6)))


# ---- what the seller did -----------------------------------------------------------


def handled_row(
    conn: sqlite3.Connection, customer_id: int, reason: Reason, occurrence: int
) -> tuple[str, int | None] | None:
    """(action, interaction id) of an item the seller handled, or None."""
    row = conn.execute(
        "SELECT action, interaction_id FROM follow_ups"
        " WHERE customer_id = ? AND reason = ? AND occurrence = ?",
        (customer_id, reason.value, occurrence),
    ).fetchone()
    return (row[0], row[1]) if row else None


def record(
    conn: sqlite3.Connection,
    customer_id: int,
    reason: Reason,
    occurrence: int,
    action: QueueAction,
    stamp: str,
    *,
    until: date | None = None,
    interaction_id: int | None = None,
    note: str = "",
    took_room: bool = True,
) -> None:
    """The item's new state; a state it had before goes to the end of its `earlier` list
    (what `step_back` gives back). `took_room`: the item was in the plan of the day it was
    handled (one planned for a later day takes none of today's room)."""
    conn.execute(
        "INSERT INTO follow_ups (customer_id, reason, occurrence, action, until,"
        " interaction_id, note, handled_at, took_room) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (customer_id, reason, occurrence) DO UPDATE SET"
        " earlier = json_insert(earlier, '$[#]',"
        " json_array(action, until, interaction_id, note, handled_at, took_room)),"
        " action = excluded.action, until = excluded.until,"
        " interaction_id = excluded.interaction_id, note = excluded.note,"
        " handled_at = excluded.handled_at, took_room = excluded.took_room",
        (
            customer_id,
            reason.value,
            occurrence,
            action.value,
            until.isoformat() if until else None,
            interaction_id,
            note,
            stamp,
            int(took_room),
        ),
    )


def last_handled(conn: sqlite3.Connection, day: date) -> tuple[int, Reason, int] | None:
    """The item whose last step was taken latest on `day` (any window's, any run's), or
    None when none was. (Steps are stamped to the microsecond: D D D in one second.)"""
    row = conn.execute(
        "SELECT customer_id, reason, occurrence FROM follow_ups"
        " WHERE handled_at >= ? AND handled_at < ? ORDER BY handled_at DESC LIMIT 1",
        (day.isoformat(), (day + timedelta(days=1)).isoformat()),
    ).fetchone()
    return (int(row[0]), Reason(row[1]), int(row[2])) if row else None


def last_step(conn: sqlite3.Connection, day: date) -> list[tuple[int, Reason, int]]:
    """The items of the step taken latest on `day`: one item, or every greeting of a
    "greetings done" (one step: they share its stamp); empty when none was."""
    found = last_handled(conn, day)
    if found is None:
        return []
    (stamp,) = conn.execute(
        "SELECT handled_at FROM follow_ups WHERE customer_id = ? AND reason = ? AND occurrence = ?",
        (found[0], found[1].value, found[2]),
    ).fetchone()
    rows = conn.execute(
        "SELECT customer_id, reason, occurrence FROM follow_ups WHERE handled_at = ?"
        " ORDER BY customer_id, reason, occurrence",
        (stamp,),
    ).fetchall()
    return [(int(row[0]), Reason(row[1]), int(row[2])) for row in rows]


def step_back(
    conn: sqlite3.Connection, customer_id: int, reason: Reason, occurrence: int
) -> tuple[QueueAction, date | None] | None:
    """Undo the item's last state: the one before it comes back (returned as its action
    and until day), or, when it had none, the item is open again (None)."""
    key = (customer_id, reason.value, occurrence)
    where = " WHERE customer_id = ? AND reason = ? AND occurrence = ?"
    (earlier,) = conn.execute("SELECT earlier FROM follow_ups" + where, key).fetchone()
    states = json.loads(earlier)
    if not states:
        conn.execute("DELETE FROM follow_ups" + where, key)
        return None
    # (a state kept before m028 has no took_room: it took room, as it was counted)
    action, until, interaction_id, note, handled_at, took_room = [*states.pop(), 1][:6]
    if (
        interaction_id is not None
        and not conn.execute(
            "SELECT 1 FROM interactions WHERE id = ?", (interaction_id,)
        ).fetchone()
    ):
        interaction_id = None  # its contact was deleted since (the column's ON DELETE)
    conn.execute(
        "UPDATE follow_ups SET action = ?, until = ?, interaction_id = ?, note = ?,"
        " handled_at = ?, took_room = ?, earlier = ?" + where,
        (action, until, interaction_id, note, handled_at, took_room, json.dumps(states), *key),
    )
    return QueueAction(action), date.fromisoformat(until) if until else None


# ---- items for the seller ----------------------------------------------------------


def materialise(
    conn: sqlite3.Connection,
    queue: Queue,
    picked: Sequence[int],
    rules: Rules,
    lang: Lang,
) -> list[FollowUp]:
    """These rows of the queue (indexes, in the order given) as FollowUp items with names
    and words."""
    if not picked:
        return []
    ids = sorted({int(queue.customer_id[k]) for k in picked})
    people = {
        row[0]: row[1:]
        for row in conn.execute(
            # the notes only of someone with no phone, WeChat ID or e-mail (see _reach)
            f"SELECT id, name, code, {_MEANS}, CASE WHEN {_MEANS} THEN '' ELSE notes END"
            " FROM customers WHERE id IN (SELECT value FROM json_each(?))",
            (_json_ids(ids),),
        )
    }
    reminder_ids = [
        int(queue.occurrence[k]) for k in picked if REASONS[queue.reason[k]] is Reason.REMINDER
    ]
    notes = dict(
        conn.execute(
            "SELECT id, note FROM reminders WHERE id IN (SELECT value FROM json_each(?))",
            (_json_ids(reminder_ids),),
        ).fetchall()
    )
    today = epoch_day(queue.as_of)
    waiting = queue.days_waiting()
    items = []
    for k in picked:
        customer_id = int(queue.customer_id[k])
        name, code, reached, notes_of = people.get(customer_id, ("?", None, True, ""))
        reason = REASONS[int(queue.reason[k])]
        tier_code = int(queue.value_tier[k])
        due_day = int(queue.due_day[k])
        detail, action, message = describe(
            reason,
            name=name,
            detail=int(queue.detail[k]),
            occurrence=int(queue.occurrence[k]),
            occasion_day=int(queue.occasion_day[k]),
            as_of_day=today,
            note=notes.get(int(queue.occurrence[k]), ""),
            rules=rules,
            lang=lang,
        )
        reach = _reach(bool(reached), notes_of or "")
        if reach != "direct":  # no way to her, or only the shop's chat
            said = action[:1].lower() + action[1:] if lang == "en" else action  # mid-sentence
            action = t(f"followup.action.reach_{reach}", lang, action=said)
        items.append(
            FollowUp(
                customer_id=customer_id,
                customer_key=code or f"#{customer_id}",
                name=name,
                reason=reason,
                occurrence=int(queue.occurrence[k]),
                due=from_epoch_day(due_day),
                planned=from_epoch_day(int(queue.planned_day[k])),
                priority=int(queue.priority[k]),
                value_tier=VALUE_TIERS[tier_code] if tier_code >= 0 else None,
                days_overdue=int(waiting[k]),
                snoozed=bool(queue.snoozed[k]),
                detail=detail,
                action=action,
                message=message,
            )
        )
    return items


# A customer with a phone, WeChat ID or e-mail of her own
_MEANS = "(phones <> '[]' OR coalesce(wechat, '') <> '' OR coalesce(email, '') <> '')"


def _reach(has_means: bool, notes: str) -> str:
    """How the seller can reach the customer: "direct" (a phone, WeChat ID or e-mail, or a
    second WeChat ID or a WeChat nickname her notes keep on a line of its own: a friend she
    knows by it), "shop" (a shop account alone: the shop's chat), or "first" (none: a customer
    a masked shop row made, 王女士 with 138****8000 — "message or call" is no plan for her)."""
    if has_means or any(found(notes) for found in (other_wechats, noted_wechats, wechat_nicknames)):
        return "direct"
    return "shop" if shop_accounts(notes) else "first"
