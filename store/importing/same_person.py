"""Whether a customers row's name may be the customer its code names in the book, and
whether a row of a customer's name says she is somebody else.

A code is the strongest key, yet a sheet's 编号 is often no more than its row numbers (1, 2,
3 on every sheet): a later sheet numbered so names other people by the same codes. A row
whose code is a customer's of a wholly different name is not applied to them (it would
rename them, their phones and purchases going with the new name); one whose name is theirs
as spelled, extended or shortened, or misspelt, is.
"""

from __future__ import annotations

import unicodedata

from xiaoben.models.values import name_spelling
from xiaoben.store.exporting.cells import masked_name, surname_of
from xiaoben.store.rows import readings_of


def _plain(name: str) -> str:
    return unicodedata.normalize("NFKC", name_spelling(name)).casefold().strip()


def _han(text: str) -> bool:
    return all("\u3400" <= char <= "\u9fff" for char in text)


def may_be_same(stored: str, incoming: str) -> bool:
    """Whether the name a row gives may be the customer's `stored` one, a changed spelling of
    one person rather than another person: the same name (李 四 and 李四, Amy and AMY); one
    holding the other whole (王芳 → 王芳芳, 王芳(老客户), Amy → Amy Wang); the same sound
    (王方 → 王芳: a slip of the input method, character by character); or, for a Chinese
    name, the same surname and a character of the given name in common (王晓芳 → 王芳).
    A masked name (王*, 王某) never renames anyone (imports._merge keeps the name): it is
    theirs. Anything else is another person: 王芳 and 赵敏, and 王芳 and 王丽 too (two
    people of one surname are common; a sheet's row numbers must not make them one)."""
    if masked_name(incoming):
        return True
    old, new = _plain(stored), _plain(incoming)
    if not old or not new or old in new or new in old:
        return True
    if len(old) == len(new) and all(
        set(a) & set(b) for a, b in zip(readings_of(old), readings_of(new), strict=True)
    ):
        return True
    if not (_han(old) and _han(new)):
        return False
    surname = surname_of(old)
    if surname != surname_of(new):
        return False
    return bool(set(old[len(surname) :]) & set(new[len(surname) :]))


# What tells two people of one name apart where both say it: another gender, birthday or
# place is somebody else (a retired teacher in 北京 is not the 1999 buyer in 广州).
TELLING_FIELDS = ("gender", "birthday", "province", "city")


def contradicts(given: object, held: object) -> bool:
    """Does a row (its customer, or a purchases row's place) give a gender, birthday,
    province or city the customer `held` has otherwise? A field either lacks is not said."""
    for name in TELLING_FIELDS:
        said, kept = getattr(given, name, None), getattr(held, name, None)
        if said and kept and said != kept:  # (None or "": not said)
            return True
    return False
