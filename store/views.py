"""Saved views (筛选视图): their rows in the book, and a view's filters as the list's query.

The list screen's filters and a saved view speak the same names (FILTERS, and
"field.<id>" for a custom field's value); `query_of` turns them into a ListQuery, so a view
applied on screen, counted on the strip of views, or printed by `xiaoben tiers --view`
lists the same customers. SQL only, no Textual.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from xiaoben.models.errors import BookError
from xiaoben.models.views import SavedView
from xiaoben.store.customer_list import SORTS, FieldFilter, ListQuery
from xiaoben.store.driver import sqlite3

# The next follow-up filter: planned within this many days of today.
FOLLOW_UP_WITHIN: dict[str, int] = {"today": 0, "week": 6}
# The CLV filter: the buyers in the top this-many percent by the purchase model's CLV.
CLV_TOP_PERCENTS = ("5", "10", "20", "50")
# "Not contacted for" (no purchase, no logged contact): these many days, as the list offers.
SILENT_DAYS: tuple[str, ...] = ("7", "14", "30", "60", "90", "180")
# Every filter of the list, in the order the list names them.
FILTERS: tuple[str, ...] = (
    "value_tier",
    "stage",
    "rfm_segment",
    "role",
    "churn_risk",
    "clv_top",
    "tag",
    "region",
    "follow_up",
    "silent",
)
# The filters that take several values (a customer matching any of them passes): a view
# keeps them joined by commas ("A,B"; tags and regions never hold a comma).
MANY: tuple[str, ...] = (
    "value_tier",
    "stage",
    "rfm_segment",
    "role",
    "churn_risk",
    "tag",
    "region",
)
# A custom field's filter is kept under this prefix and the field's id: "field.3": "干性".
# By id, so a renamed field's filter still applies (its label is read when shown).
FIELD_FILTER = "field."


def field_key(field_id: int) -> str:
    return f"{FIELD_FILTER}{field_id}"


def field_filters(filters: Mapping[str, object]) -> tuple[FieldFilter, ...]:
    """The custom fields' filters among a view's (by field id, in the order kept)."""
    return tuple(
        FieldFilter(int(name.removeprefix(FIELD_FILTER)), value)
        for name, value in filters.items()
        if name.startswith(FIELD_FILTER) and isinstance(value, str) and value
    )


def values_of(value: str | Collection[str] | None) -> frozenset[str]:
    """A filter's chosen values, from a view's "A,B" or the screen's set."""
    if not value:
        return frozenset()
    if isinstance(value, str):
        return frozenset(part for part in value.split(",") if part)
    return frozenset(value)


def query_of(
    filters: Mapping[str, str | Collection[str] | None], base: ListQuery, today: date
) -> ListQuery:
    """`base` with the list's filters set to `filters` (a missing or empty one: any)."""

    def single(name: str) -> str | None:
        value = filters.get(name)
        return value if isinstance(value, str) and value else None

    silent = single("silent")
    clv_top = single("clv_top")
    return replace(
        base,
        value_tiers=values_of(filters.get("value_tier")),
        stages=values_of(filters.get("stage")),
        segments=values_of(filters.get("rfm_segment")),
        roles=values_of(filters.get("role")),
        churn_risks=values_of(filters.get("churn_risk")),
        clv_top_percent=int(clv_top) if clv_top else None,
        tag=None,
        region=None,
        tags=values_of(filters.get("tag")),
        regions=values_of(filters.get("region")),
        follow_up_within=FOLLOW_UP_WITHIN.get(single("follow_up") or ""),
        contacted_before=(today - timedelta(days=int(silent))).isoformat() if silent else None,
        fields=field_filters(filters),
    )


def view_query(view: SavedView, today: date) -> ListQuery:
    """The list's query of a saved view, as of `today` ("30 days" counts back from it)."""
    base = ListQuery(
        search=view.search, sort=view.sort, descending=view.descending, archived=view.archived
    )
    return query_of(view.filters, base, today)


def check(view: SavedView) -> None:
    """BookError naming the part of a view this version cannot apply."""
    if view.sort not in SORTS:
        raise BookError("store.view_sort", sort=view.sort)
    for name, value in view.filters.items():
        if name.startswith(FIELD_FILTER) and name.removeprefix(FIELD_FILTER).isdigit():
            continue
        if name not in FILTERS:
            raise BookError("store.view_filter", name=name)
        if name in ("silent", "clv_top") and not value.isdigit():
            raise BookError("store.view_number", name=name, value=value)


def check_fields(conn: sqlite3.Connection, view: SavedView) -> None:
    """BookError when the view filters by a custom field that was removed: applied without
    that filter it would list customers the seller did not ask for."""
    for wanted in field_filters(view.filters):
        row = conn.execute(
            "SELECT label_zh, label_en, removed_at FROM custom_fields WHERE id = ?",
            (wanted.field_id,),
        ).fetchone()
        if row is None or row[2] is not None:
            label = f"{row[0]} / {row[1]}" if row else f"#{wanted.field_id}"
            raise BookError("store.view_field_gone", view=view.name, label=label)


# ---- rows ------------------------------------------------------------------------------

_COLUMNS = "id, name, definition"


def _definition(view: SavedView) -> str:
    return json.dumps(view.model_dump(exclude={"id", "name"}), ensure_ascii=False)


def _view(row: tuple[Any, ...]) -> SavedView:
    return SavedView(id=row[0], name=row[1], **json.loads(row[2]))


def all_views(conn: sqlite3.Connection) -> list[SavedView]:
    """Every saved view, in the seller's order (the order they were saved in)."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM views ORDER BY position, id").fetchall()
    return [_view(row) for row in rows]


def named(conn: sqlite3.Connection, name: str) -> SavedView | None:
    """The view of that name (as typed: surrounding spaces and case of Latin letters aside)."""
    wanted = name.strip().casefold()
    for view in all_views(conn):
        if view.name.casefold() == wanted:
            return view
    return None


def fetch(conn: sqlite3.Connection, view_id: int) -> SavedView:
    row = conn.execute(f"SELECT {_COLUMNS} FROM views WHERE id = ?", (view_id,)).fetchone()
    if row is None:
        raise BookError("store.view_missing", name=f"#{view_id}")
    return _view(row)


def _refuse_taken(conn: sqlite3.Connection, name: str, own_id: int | None) -> None:
    taken = named(conn, name)
    if taken is not None and taken.id != own_id:
        raise BookError("store.view_taken", name=taken.name)


def insert(conn: sqlite3.Connection, view: SavedView, stamp: str) -> int:
    """A new view, last in the order (or back at its old id and place, for an undo: a view's
    place is its first id)."""
    check(view)
    check_fields(conn, view)
    _refuse_taken(conn, view.name, None)
    cursor = conn.execute(
        "INSERT INTO views (id, name, definition, position, created_at, updated_at)"
        " VALUES (?, ?, ?, 0, ?, ?)",
        (view.id, view.name, _definition(view), stamp, stamp),
    )
    view_id = int(cursor.lastrowid or 0)
    conn.execute("UPDATE views SET position = id WHERE id = ?", (view_id,))
    return view_id


def update(conn: sqlite3.Connection, view: SavedView, stamp: str) -> None:
    """The view's name and definition replaced (its place kept)."""
    assert view.id is not None  # an update is of a saved view
    check(view)
    check_fields(conn, view)
    fetch(conn, view.id)
    _refuse_taken(conn, view.name, view.id)
    conn.execute(
        "UPDATE views SET name = ?, definition = ?, updated_at = ? WHERE id = ?",
        (view.name, _definition(view), stamp, view.id),
    )


def delete(conn: sqlite3.Connection, view_id: int) -> SavedView:
    """Delete a view; returns it (an undo saves it again)."""
    view = fetch(conn, view_id)
    conn.execute("DELETE FROM views WHERE id = ?", (view_id,))
    return view
