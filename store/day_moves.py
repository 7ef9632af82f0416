"""A day's tier moves as the plan and the report read them: one a customer, lens and day,
from the tier held before the day's first move to the tier after its last. SQL text only
(the driver is the caller's); nothing here writes.

The tier history (tier_changes) keeps every move a pass logged: a first day's imports move
a customer none → A → C as each file comes in, and the undo of an import, a bulk change or
a merge takes back its moves by their ids, so the history is not netted as it is written.
What the seller acts on is the day's net: none → C is a customer new to the book, not one
who dropped; B → A → B is no move at all.
"""

from __future__ import annotations


def day_moves(lens: str, where: str = "") -> str:
    """A query of the `lens`'s netted moves: columns id (the day's last move, the one a plan
    item is known by), customer_id, from_value, to_value and as_of; `where` narrows the
    moves read (a condition on tier_changes' columns, e.g. a range of as_of). A day whose
    moves come back to where it started gives no row."""
    narrowed = f" AND ({where})" if where else ""
    # max(id), the only min/max aggregate, makes the bare columns the day's last move's
    # (SQLite); the first move's from is looked up for the few days of more than one move.
    return f"""SELECT id, customer_id, from_value, to_value, as_of FROM (
        SELECT id, customer_id, to_value, as_of, CASE WHEN moves = 1 THEN from_value
            ELSE (SELECT opening.from_value FROM tier_changes AS opening
                  WHERE opening.customer_id = day.customer_id AND opening.lens = '{lens}'
                  AND opening.as_of = day.as_of ORDER BY opening.id LIMIT 1)
            END AS from_value
        FROM (SELECT max(id) AS id, count(*) AS moves, customer_id, from_value, to_value, as_of
            FROM tier_changes WHERE lens = '{lens}'{narrowed}
            GROUP BY as_of, customer_id) AS day)
    WHERE from_value IS NOT to_value"""
