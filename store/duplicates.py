"""Possible duplicates: pairs of customers in the book who are probably one person.

Found from groups, never by comparing every customer with every other: customers sharing
a phone, a WeChat ID or a shop account (the lookup keys' index), or a normalised name (one
pass over the names). A key shared by many customers (a shop's number, a name like 王芳 in
a big book) says little about any one pair: groups above the limits are left out. Masked phones
(138****8000) are never stored as phones, so they never pair anyone.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from xiaoben.models.values import EXTENSION_HEADS, code_spelling, phone_extensions
from xiaoben.store.driver import sqlite3
from xiaoben.store.search import folded

GROUP_LIMIT = 12  # customers sharing a phone or WeChat ID; more: a shop's or an agent's
NAME_GROUP_LIMIT = 5  # customers of one name; more: a common name, which says little…
# … but for pairs of it that the same region or a missing phone also bring together (six
# 王芳 in a book of a few thousand): kept in groups of a name up to this many customers
COMMON_NAME_LIMIT = 50
# The reasons a pair of a common name is listed for (alone, "same name, another phone")
# says nothing there)
_COMMON_NAME_REASONS = frozenset({"name_region", "name_no_phone", "name"})
# How much each reason says two records are one person (a pair's score is their sum).
WEIGHTS = {
    "code": 100,  # a book's codes once spelled alike (models.values.code_spelling)
    "phone": 100,
    "wechat": 90,
    "account": 90,  # a shop's buyer account (买家账号：… in the notes), as a WeChat ID
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
    return [ids for _, ids in _keyed_groups(conn, kind)]


def _keyed_groups(conn: sqlite3.Connection, kind: str) -> list[tuple[str, list[int]]]:
    """(the key, the ids of the customers sharing it) of each key of `kind` 2 to
    GROUP_LIMIT customers share."""
    cursor = conn.execute(
        "SELECT key, json_group_array(customer_id) FROM customer_keys WHERE kind = ?"
        " GROUP BY key HAVING count(*) BETWEEN 2 AND ?",
        (kind, GROUP_LIMIT),
    )
    return [(key, sorted(json.loads(ids))) for key, ids in cursor]


def _phone_groups(conn: sqlite3.Connection) -> list[list[int]]:
    """The groups of customers sharing a phone, but for colleagues on one switchboard: two
    whose notes keep it with other extensions (带分机的电话：0571-8888 8888 转 101 and 转
    102) are two people, never offered as one."""
    keyed = _keyed_groups(conn, "phone")
    ids = sorted({each for _, group in keyed for each in group})
    extensions: dict[int, dict[str, set[str]]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(
            "SELECT id, notes FROM customers WHERE id IN (SELECT value FROM json_each(?))"
            f" AND ({' OR '.join('instr(notes, ?)' for _ in EXTENSION_HEADS)})",
            (json.dumps(chunk), *EXTENSION_HEADS),
        )
        extensions.update((each, phone_extensions(notes)) for each, notes in rows)
    if not extensions:
        return [group for _, group in keyed]
    groups = []
    for phone, group in keyed:
        of = {each: extensions.get(each, {}).get(phone, set()) for each in group}
        for first, second in combinations(group, 2):
            if not (of[first] and of[second]) or of[first] & of[second]:
                groups.append([first, second])
    return groups


# A code a book wrote before codes were cleaned: other than printable ASCII, or spaced
_UNCLEAN_CODE = (
    "SELECT id, code FROM customers WHERE code GLOB '*[^ -~]*'"
    " OR code LIKE ' %' OR code LIKE '% ' OR code LIKE '%  %'"
)


def unclean_codes(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """The customers whose stored code is not in its one spelling (models.values
    code_spelling: a book written before codes were cleaned), by that spelling."""
    by_code: dict[str, list[int]] = defaultdict(list)
    for customer_id, code in conn.execute(_UNCLEAN_CODE):
        spelled = code_spelling(code)
        if spelled != code:
            by_code[spelled].append(customer_id)
    return by_code


def _code_groups(conn: sqlite3.Connection) -> list[list[int]]:
    """Ids of customers whose codes are one once spelled (A001 and Ａ００１), which the book's
    migration left as they were rather than make one code of two customers'."""
    groups = []
    for code, ids in unclean_codes(conn).items():
        found = conn.execute("SELECT id FROM customers WHERE code = ?", (code,)).fetchone()
        group = [*ids, found[0]] if found else ids
        if len(group) >= 2:
            groups.append(sorted(group))
    return groups


def _name_groups(conn: sqlite3.Connection) -> list[list[int]]:
    """Ids of customers sharing a normalised name, groups of 2 to COMMON_NAME_LIMIT: SQLite
    groups equal names along the name index, then names equal once normalised (王 芳, 王芳)
    join up here, each distinct name normalised once."""
    by_name: dict[str, list[int]] = {}
    names = conn.execute(
        "SELECT name, min(id), CASE WHEN count(*) > 1 THEN json_group_array(id) END"
        " FROM customers INDEXED BY customers_name GROUP BY name HAVING count(*) <= ?",
        (COMMON_NAME_LIMIT,),
    )
    for name, first_id, ids in names:
        key = normalised_name(name)
        found = by_name.get(key)
        if found is None:
            by_name[key] = found = []
        if ids is None:
            found.append(first_id)
        else:
            found.extend(json.loads(ids))
    return [sorted(ids) for ids in by_name.values() if 2 <= len(ids) <= COMMON_NAME_LIMIT]


def _people(conn: sqlite3.Connection, ids: set[int]) -> dict[int, tuple]:
    """(id, name, code, phone count, province, city) of these customers."""
    cursor = conn.execute(
        "SELECT id, name, code, json_array_length(phones), province, city FROM customers"
        " WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids)),),
    )
    return {row[0]: row for row in cursor}


def _dismissed(conn: sqlite3.Connection) -> set[tuple[int, int]]:
    return {
        (first, second)
        for first, second in conn.execute("SELECT first_id, second_id FROM duplicate_dismissals")
    }


def _name_reasons(first: tuple, second: tuple, shares_a_key: bool) -> list[str]:
    """Why two customers of one name may be one person (rows as _people reads them)."""
    why = []
    if first[5] and (first[4], first[5]) == (second[4], second[5]):
        why.append("name_region")
    if shares_a_key:
        why.append("name")
    elif not first[3] or not second[3]:
        why.append("name_no_phone")
    else:
        why.append("name_other_phone")
    return why


@dataclass(frozen=True, slots=True)
class Duplicates:
    pairs: list[DuplicatePair]  # the likeliest first; the first `limit` when one was given
    total: int  # pairs found in all


def possible_duplicates(conn: sqlite3.Connection, limit: int | None = None) -> Duplicates:
    """Likely pairs, the likeliest first (then by ids), dismissed pairs left out; the first
    `limit` of them when given (the rest only counted)."""
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    for kind, groups in (
        ("code", _code_groups(conn)),
        ("phone", _phone_groups(conn)),
        ("wechat", _key_groups(conn, "wechat")),
        ("account", _key_groups(conn, "account")),
    ):
        for group in groups:
            for pair in combinations(group, 2):
                if kind not in reasons[pair]:  # two shared phones: still one reason
                    reasons[pair].append(kind)
    name_groups = _name_groups(conn)
    people = _people(
        conn, {i for group in name_groups for i in group} | {i for p in reasons for i in p}
    )
    for group in name_groups:
        common = len(group) > NAME_GROUP_LIMIT
        for pair in combinations(group, 2):
            why = _name_reasons(people[pair[0]], people[pair[1]], pair in reasons)
            if common and not _COMMON_NAME_REASONS.intersection(why):
                continue  # one of many 王芳 with another phone: says nothing
            reasons[pair] += why
    dismissed = _dismissed(conn)
    ranked = sorted(
        (-sum(WEIGHTS[reason] for reason in why), pair)
        for pair, why in reasons.items()
        if pair not in dismissed
    )
    total = len(ranked)
    if limit is not None:
        ranked = ranked[:limit]

    def person(customer_id: int) -> Person:
        customer_id, name, code, phones, _, city = people[customer_id]
        return Person(customer_id, name, code, phones, city)

    pairs = [
        DuplicatePair(
            person(pair[0]), person(pair[1]), sorted(reasons[pair], key=lambda r: -WEIGHTS[r])
        )
        for _, pair in ranked
    ]
    return Duplicates(pairs, total)


def likely_twins(conn: sqlite3.Connection, customer_id: int, limit: int = 30) -> list[int]:
    """The customers who may be the same person as `customer_id`, the likeliest first: those
    sharing a phone, WeChat ID or shop account with them, then those of their name (spaces,
    width and case aside: 王 芳 and 王芳 find each other), each by id; pairs the seller
    dismissed left out. At most `limit`."""
    sharing = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT other.customer_id FROM customer_keys mine"
            " JOIN customer_keys other ON other.kind = mine.kind AND other.key = mine.key"
            " WHERE mine.customer_id = ? AND mine.kind IN ('phone', 'wechat', 'account')"
            " AND other.customer_id <> mine.customer_id ORDER BY 1 LIMIT ?",
            (customer_id, limit),
        )
    ]
    found = conn.execute("SELECT name FROM customers WHERE id = ?", (customer_id,)).fetchone()
    named: list[int] = []
    if found is not None:
        # Every customer's search keys hold their whole name folded (no spaces, one width,
        # lower case): the customers with this one's are looked up by it (an index walk),
        # then kept if their name is the same as normalised_name compares them (王芳 finds
        # 王 芳 and 王 芳 finds 王芳; the key of 芳 also stands for every name ending in 芳).
        wanted = normalised_name(found[0])
        rows = conn.execute(
            "SELECT c.id, c.name FROM search_keys k JOIN customers c ON c.id = k.customer_id"
            " WHERE k.key = ? AND c.id <> ? ORDER BY c.id",
            (folded(found[0]), customer_id),
        )
        named = [other for other, name in rows if normalised_name(name) == wanted][:limit]
    dismissed = _dismissed(conn)
    twins = []
    for other in dict.fromkeys(sharing + named):
        if (min(other, customer_id), max(other, customer_id)) not in dismissed:
            twins.append(other)
    return twins[:limit]


def dismiss(conn: sqlite3.Connection, first_id: int, second_id: int, stamp: str) -> None:
    low, high = sorted((first_id, second_id))
    conn.execute(
        "INSERT OR IGNORE INTO duplicate_dismissals (first_id, second_id, dismissed_at)"
        " VALUES (?, ?, ?)",
        (low, high, stamp),
    )


def undismiss(conn: sqlite3.Connection, first_id: int, second_id: int) -> bool:
    """The seller takes "two people" back: the pair is listed again. False if it was not
    dismissed (taken back elsewhere, or one of them merged or forgotten since)."""
    low, high = sorted((first_id, second_id))
    cursor = conn.execute(
        "DELETE FROM duplicate_dismissals WHERE first_id = ? AND second_id = ?", (low, high)
    )
    return cursor.rowcount > 0


def dismissed(conn: sqlite3.Connection) -> list[tuple[int, str, str | None, int, str, str | None]]:
    """The pairs the seller said are two people, newest first: (first id, name, code,
    second id, name, code)."""
    return [
        (row[0], row[1], row[2], row[3], row[4], row[5])
        for row in conn.execute(
            "SELECT a.id, a.name, a.code, b.id, b.name, b.code FROM duplicate_dismissals d"
            " JOIN customers a ON a.id = d.first_id JOIN customers b ON b.id = d.second_id"
            " ORDER BY d.dismissed_at DESC, d.first_id, d.second_id"
        )
    ]
