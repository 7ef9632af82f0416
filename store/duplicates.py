"""Possible duplicates: pairs of customers in the book who are probably one person.

Found from groups, never by comparing every customer with every other: customers sharing
a phone or a WeChat ID (the lookup keys' index), or a normalised name (one pass over the
names). A key shared by many customers (a shop's number, a name like 王芳 in a big book)
says little about any one pair: groups above GROUP_LIMIT are left out. Masked phones
(138****8000) are never stored as phones, so they never pair anyone.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from xiaoben.store.driver import sqlite3

GROUP_LIMIT = 12  # customers sharing one key; more is a shared number or a common name
# How much each reason says two records are one person (a pair's score is their sum).
WEIGHTS = {
    "phone": 100,
    "wechat": 90,
    "name_region": 40,
    "name": 20,  # besides a shared phone or WeChat ID (a family may share a phone)
    "name_no_phone": 30,
    "name_other_phone": 10,
}


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    code: str | None
    phones: int  # how many phones the record has
    city: str


@dataclass(slots=True)
class DuplicatePair:
    first: Person  # the lower id
    second: Person
    reasons: list[str] = field(default_factory=list)  # keys of WEIGHTS, strongest first

    @property
    def score(self) -> int:
        return sum(WEIGHTS[reason] for reason in self.reasons)

    @property
    def ids(self) -> tuple[int, int]:
        return self.first.id, self.second.id


def normalised_name(name: str) -> str:
    """Names compared as NFKC, lower case, without spaces: 王 芳 = 王芳, ＡＢＣ = abc."""
    return "".join(unicodedata.normalize("NFKC", name).lower().split())


def _key_groups(conn: sqlite3.Connection, kind: str) -> list[list[int]]:
    cursor = conn.execute(
        "SELECT json_group_array(customer_id) FROM customer_keys WHERE kind = ?"
        " GROUP BY key HAVING count(*) BETWEEN 2 AND ?",
        (kind, GROUP_LIMIT),
    )
    return [sorted(json.loads(ids)) for (ids,) in cursor]


def _people(conn: sqlite3.Connection) -> dict[int, tuple[Person, str, str]]:
    """Every customer: (side, normalised name, region)."""
    people = {}
    for customer_id, name, code, phones, province, city in conn.execute(
        "SELECT id, name, code, json_array_length(phones), province, city FROM customers"
    ):
        side = Person(customer_id, name, code, phones, city)
        people[customer_id] = (side, normalised_name(name), f"{province}\x00{city}")
    return people


def _dismissed(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    return {
        (first, second)
        for first, second in conn.execute("SELECT first_id, second_id FROM duplicate_dismissals")
    }


def possible_duplicates(conn: sqlite3.Connection) -> list[DuplicatePair]:
    """Every likely pair, the likeliest first (then by ids), dismissed pairs left out."""
    people = _people(conn)
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    for kind in ("phone", "wechat"):
        for group in _key_groups(conn, kind):
            for pair in combinations(group, 2):
                if kind not in reasons[pair]:  # two shared phones: still one reason
                    reasons[pair].append(kind)
    by_name: dict[str, list[int]] = defaultdict(list)
    for customer_id, (_, name, _) in people.items():
        by_name[name].append(customer_id)
    for group in by_name.values():
        if not 2 <= len(group) <= GROUP_LIMIT:
            continue
        for pair in combinations(sorted(group), 2):
            first, second = people[pair[0]], people[pair[1]]
            shares_a_key = pair in reasons
            if first[2] == second[2] and first[2] != "\x00":
                reasons[pair].append("name_region")
            if shares_a_key:
                reasons[pair].append("name")
            elif not first[0].phones or not second[0].phones:
                reasons[pair].append("name_no_phone")
            else:
                reasons[pair].append("name_other_phone")
    dismissed = _dismissed(conn)
    pairs = [
        DuplicatePair(people[a][0], people[b][0], sorted(why, key=lambda r: -WEIGHTS[r]))
        for (a, b), why in reasons.items()
        if (a, b) not in dismissed and why
    ]
    pairs.sort(key=lambda pair: (-pair.score, pair.ids))
    return pairs


def dismiss(conn: sqlite3.Connection, first_id: int, second_id: int, stamp: str) -> None:
    low, high = sorted((first_id, second_id))
    conn.execute(
        "INSERT OR IGNORE INTO duplicate_dismissals (first_id, second_id, dismissed_at)"
        " VALUES (?, ?, ?)",
        (low, high, stamp),
    )
