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
    # Each customer's day a group (min and max of id: its first and last move), then the
    # first's from and the last's to by id (the rowid): one pass and two look-ups a day. (A
    # look-up of the first move among the day's, by (lens, as_of), scanned the whole day for
    # each customer: 15 s for a first day of 20,000 customers.)
    return f"""SELECT last.id, last.customer_id, first.from_value, last.to_value, last.as_of
    FROM (SELECT min(id) AS first_id, max(id) AS last_id
          FROM tier_changes WHERE lens = '{lens}'{narrowed}
          GROUP BY as_of, customer_id) AS day
    JOIN tier_changes AS first ON first.id = day.first_id
    JOIN tier_changes AS last ON last.id = day.last_id
    WHERE first.from_value IS NOT last.to_value"""
