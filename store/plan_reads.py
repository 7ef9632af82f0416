"""Reads of the plan for the screens: who is active, won back now and then, or dormant
(tiering.lapse), as a lens of the tier lists. Reads only; never writes.

Mixed into Book (store/book.py) beside QueueVerbs, whose cached queue columns it shares.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from xiaoben.models.rules import Rules
from xiaoben.store import followups
from xiaoben.store.customer_list import PREDICTIONS_JOIN
from xiaoben.store.driver import sqlite3
from xiaoben.store.groups import MODEL_COLUMNS, Group, LensGroups, Member, member_order
from xiaoben.store.tiercache import TierCache
from xiaoben.tiering.followup import QueueInputs, lapse_states_of
from xiaoben.tiering.frame import epoch_day
from xiaoben.tiering.lapse import ACTIVE, DORMANT, WIN_BACK

LAPSE_LENS = "lapse"
# The lens's groups, the ones out of the cadence first: that is what it is opened for.
LAPSE_KEYS: dict[str, int] = {"dormant": DORMANT, "win_back": WIN_BACK, "active": ACTIVE}

_ACTIVE = "FROM customers c LEFT JOIN stats s ON s.customer_id = c.id"
_IN = "c.id IN (SELECT value FROM json_each(?))"


class PlanReads:
    """The lapse states of a Book's customers, for the tier lists."""

    conn: sqlite3.Connection
    _lock: threading.RLock
    _tiers: TierCache
    _queue_rows: QueueInputs | None
    if TYPE_CHECKING:

        def today(self) -> date: ...
        def rules(self) -> Rules: ...

    def _lapse_states(self) -> tuple[np.ndarray, np.ndarray]:
        """(customer ids, their lapse state) of every active customer, as of today."""
        with self._lock:
            if self._queue_rows is None:
                self._queue_rows = followups.load_rows(self.conn)
            inputs = followups.with_tiers(self._queue_rows, self._tiers.queue_tiers())
            rules = self.rules()
        return inputs.customer_id, lapse_states_of(inputs, rules, epoch_day(self.today()))

    def _ids_in(self, key: str) -> list[int]:
        ids, states = self._lapse_states()
        return sorted(ids[states == LAPSE_KEYS[key]].tolist())

    def lapse_groups(self) -> LensGroups:
        """Active / win-back / dormant customers with their share of customers and revenue."""
        ids, states = self._lapse_states()
        with self._lock:
            revenue = _revenue_of(self.conn)
        cents = np.array([revenue.get(int(i), 0) for i in ids.tolist()], dtype=np.int64)
        total_cents = int(cents.sum())
        groups = []
        for key, state in LAPSE_KEYS.items():
            mask = states == state
            count, group_cents = int(mask.sum()), int(cents[mask].sum())
            groups.append(Group.of(key, count, group_cents, len(ids), total_cents))
        return LensGroups(LAPSE_LENS, tuple(groups), len(ids), len(ids), total_cents)

    def lapse_size(self, key: str) -> int:
        return len(self._ids_in(key))

    def lapse_members(
        self, key: str, offset: int = 0, limit: int = 200, order: str = "lens"
    ) -> list[Member]:
        """A lapse state's customers, highest score first (or in groups.MEMBER_ORDERS'
        `order`), rows [offset, offset + limit)."""
        ids = json.dumps(self._ids_in(key))
        with self._lock:
            rows = self.conn.execute(
                "SELECT c.id, c.name, c.code, coalesce(t.score, 0),"
                f" coalesce(s.net_revenue_cents, 0), s.last_purchase{MODEL_COLUMNS} {_ACTIVE}"
                f" LEFT JOIN tiers t ON t.customer_id = c.id{PREDICTIONS_JOIN} WHERE {_IN}"
                f" ORDER BY {member_order(order, 't.score DESC, c.id')} LIMIT ? OFFSET ?",
                (ids, limit, offset),
            ).fetchall()
        return [Member(*row) for row in rows]


def _revenue_of(conn: sqlite3.Connection) -> dict[int, int]:
    return {
        int(customer): int(cents)
        for customer, cents in conn.execute(
            "SELECT customer_id, net_revenue_cents FROM stats WHERE net_revenue_cents != 0"
        )
    }
