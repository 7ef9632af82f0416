"""Finding a customer by the keys sellers use: code, #id, phone, WeChat ID, shop account,
exact name.

A key two customers share never picks one of them: it is ambiguous, and says who. A key of a
customer merged into another (rows.MERGED) finds the survivor when nobody has it now.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Words
from xiaoben.models.values import (
    account_key,
    code_spelling,
    key_as_written,
    name_key,
    name_mobile_words,
    normalise_phone,
)
from xiaoben.store.book_refs import Foreign, foreign_ids, own_mark
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.book_id import BookRef, book_ref
from xiaoben.store.rows import MERGED

# The customers a key names: one id (nearly every key), or a list of the ids sharing it. A
# purchases import adds a customer a row names to this index: a list per key would cost
# ~90 bytes each, ~13 MB of a 1M-row import creating 88k customers.
Named = int | list[int]

_KEYED = ("code", "phone", "wechat", "account")  # the kinds a merge remembers
_SCIENTIFIC = re.compile(r"[0-9](\.[0-9]+)?[eE][+-]?[0-9]+")


# The refusals of a key several customers have (KeyIndex.one): of two, of more than two
AMBIGUOUS_KEY = frozenset({"store.ambiguous_key", "store.ambiguous_key_many"})


@dataclass
class KeyIndex:
    # by each code's one spelling (models.values.code_spelling): a book written before codes
    # were cleaned may hold A001 with a zero-width space, found by A001 all the same
    codes: dict[str, int] = field(default_factory=dict)
    # codes two customers of such a book have once spelled (A001 and Ａ００１, the migration
    # left both): named by neither alone, as a phone two customers share
    clashing: dict[str, list[int]] = field(default_factory=dict)
    phones: dict[str, Named] = field(default_factory=dict)
    wechats: dict[str, Named] = field(default_factory=dict)
    # shop accounts (买家账号：… lines of the notes) by models.values.account_key
    accounts: dict[str, Named] = field(default_factory=dict)
    names: dict[str, Named] = field(default_factory=dict)
    ids: set[int] = field(default_factory=set)
    labels: dict[int, str] = field(default_factory=dict)  # id -> "王芳 (C001)", for messages
    # The label of a customer added without one (add(..., labelled=False)): a purchases import
    # asks the book for the few its messages name rather than holding one for each it creates.
    describe: Callable[[int], str | Words] | None = None
    # a customers import's dry run: the customers it made, by id -> (name, line), whom its
    # messages name as the file gives them (shown), the ids being rolled back with them
    made_in_dry_run: dict[int, tuple[str, int]] | None = None
    # the book's codes with leading zeros (0001), by their digits (1): made when first asked
    padded: dict[str, str] | None = None
    mark: str | None = None  # the book's own, in the #ids its exports write (book_refs)
    foreign: Foreign = field(default_factory=dict)  # other books' #ids: whom they are here
    # the codes, phones, WeChat IDs and shop accounts of customers merged into others, by
    # kind ("code", "phone", …): whom they name when no customer has them now
    merged: dict[str, dict[str, Named]] = field(default_factory=dict)
    # how many of `codes` name each customer: whether one has a code, without a pass over
    # every code for each row an import matches (that pass made 100,000 rows take minutes)
    code_holders: dict[int, int] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> KeyIndex:
        index = cls()
        for customer_id, code, name in conn.execute("SELECT id, code, name FROM customers"):
            index.ids.add(customer_id)
            index.labels[customer_id] = customer_label(customer_id, code, name)
            if code is not None:
                index._put_code(code_spelling(code), customer_id)
            _put(index.names, name_key(name), customer_id)  # (as add() and current())
        for customer_id, kind, key in conn.execute(
            "SELECT customer_id, kind, key FROM customer_keys"
        ):
            if kind.startswith(MERGED):
                _put_once(index.merged.setdefault(kind[len(MERGED) :], {}), key, customer_id)
            else:
                _put(index._keyed(kind), key, customer_id)
        index.mark, index.foreign = own_mark(conn), foreign_ids(conn)
        return index

    def _keyed(self, kind: str) -> dict[str, Named]:
        """The keys of a kind of customer_keys (rows.customer_keys)."""
        if kind == "phone":
            return self.phones
        return self.accounts if kind == "account" else self.wechats

    def _put_code(self, code: str, customer_id: int) -> None:
        held = self._pop_code(code)
        if held is None and code not in self.clashing:
            self._set_code(code, customer_id)
        else:
            self.clashing.setdefault(code, []).extend(
                (customer_id,) if held is None else (held, customer_id)
            )

    def _set_code(self, code: str, customer_id: int) -> None:
        self._pop_code(code)
        self.codes[code] = customer_id
        self.code_holders[customer_id] = self.code_holders.get(customer_id, 0) + 1

    def _pop_code(self, code: str) -> int | None:
        held = self.codes.pop(code, None)
        if held is not None:
            left = self.code_holders[held] - 1
            if left:
                self.code_holders[held] = left
            else:
                del self.code_holders[held]
        return held

    def has_code(self, customer_id: int) -> bool:
        """Whether a code of `codes` names the customer (one of set(codes.values()))."""
        return customer_id in self.code_holders

    def numbered(self, ref: BookRef) -> int | None:
        """The customer of this book a #id names by number: its own (or unmarked) numbers
        are its customers' ids; another book's, the customer its customers export became
        here (None: not imported, or gone since)."""
        if ref.book is None or ref.book == self.mark:
            number: int | None = ref.number
        else:
            number = self.foreign.get((ref.book, ref.number))
        return number if number in self.ids else None

    def foreign_ref(self, value: str) -> BookRef | None:
        """The #id of another book that `value` is, when this book does not know whom it is."""
        ref = book_ref(value.strip())
        if ref is None or ref.book is None or ref.book == self.mark:
            return None
        return ref if self.numbered(ref) is None else None

    def add(
        self,
        customer_id: int,
        *,
        code: str | None,
        name: str,
        phones: list[str] = (),  # type: ignore[assignment]  # read-only default
        wechat: str | None = None,
        accounts: list[str] = (),  # type: ignore[assignment]  # read-only default
        labelled: bool = True,
    ) -> None:
        self.ids.add(customer_id)
        if labelled:
            self.labels[customer_id] = customer_label(customer_id, code, name)
        if code is not None:
            code = code_spelling(code)
            self._set_code(code, customer_id)
            if self.padded is not None and code.startswith("0") and code.isdigit():
                self.padded.setdefault(code.lstrip("0"), code)
        _put(self.names, name_key(name), customer_id)  # as an imported name is spelled
        for phone in phones:
            _put(self.phones, phone, customer_id)
        if wechat:
            _put(self.wechats, wechat.lower(), customer_id)
        for account in accounts:
            self.add_account(customer_id, account)

    def add_keys(self, customer_id: int, phones: list[str], wechat: str | None) -> None:
        """Phones (E.164) and a WeChat ID given to a customer the index has."""
        for phone in phones:
            _put_once(self.phones, phone, customer_id)
        if wechat:
            self.add_wechat(customer_id, wechat)

    def add_wechat(self, customer_id: int, wechat: str) -> None:
        """A WeChat ID of the customer besides their own (models.values.other_wechats)."""
        if customer_id not in _ids(self.wechats.get(wechat.lower())):
            _put(self.wechats, wechat.lower(), customer_id)

    def account_holders(self, account: str) -> set[int]:
        """The customers who keep this shop account (no code taken for it: candidates)."""
        return _ids(self.accounts.get(account_key(account)))

    def add_account(self, customer_id: int, account: str) -> None:
        """A shop account of the customer (models.values.shop_accounts)."""
        key = account_key(account)
        if customer_id not in _ids(self.accounts.get(key)):
            _put(self.accounts, key, customer_id)

    def check_code(self, code: str) -> None:
        """BookError naming a code a spreadsheet mangled, when it matches nobody: 1.23457E+19
        (a long code shown in scientific notation) or 1 for the book's 0001 (leading zeros
        lost), or 0001 for the book's 1 (a customers import read it from a number cell). A row
        naming one is refused, never matched to nobody, nor made a new customer beside the
        one it is (a customers import matches 0001 to the 1 of its name first)."""
        code = code_spelling(code)
        if code in self.codes or self.merged_into("code", code):
            return
        if code in self.clashing:
            self.one(set(self.clashing[code]), "code", code)
        if _SCIENTIFIC.fullmatch(code):
            raise BookError("import.code_scientific", code=code)
        if not code.isdigit():
            return
        unpadded = self.unpadded(code)
        if unpadded is not None:  # the book's code lost its zeros, not the row's
            raise BookError("import.code_zeros_in_book", code=code, stored=unpadded)
        if self.padded is None:
            self.padded = {}
            for each in self.codes:
                if each.startswith("0") and each.isdigit():
                    self.padded.setdefault(each.lstrip("0"), each)
        padded = self.padded.get(code.lstrip("0"))
        if padded is not None and padded != code:
            raise BookError("import.code_zeros", code=code, stored=padded)

    def unpadded(self, code: str) -> str | None:
        """The book's code that is `code` without its leading zeros (1 for the row's 0001: read
        from a number cell by an earlier import), None if the book has no such code."""
        bare = code.lstrip("0")
        return bare if code.isdigit() and bare != code and bare in self.codes else None

    def label(self, customer_id: int) -> str:
        """ "王芳 (C001)", for a message naming the customer."""
        return self.labels.get(customer_id) or f"#{customer_id}"

    def shown(self, customer_id: int) -> str | Words:
        """The customer as a message names her: her label (王芳 (C001), 王芳 (#12)); one a
        customers import's dry run made as the file gives her (新客户“王芳”（第 3 行）), never
        by the id nobody has once the run is rolled back (`made_in_dry_run`)."""
        made = None if self.made_in_dry_run is None else self.made_in_dry_run.get(customer_id)
        if made is None:
            return self.label(customer_id)
        name, line = made
        return Words("import.new_customer_label", name=name, line=line)

    def shown_all(self, customer_ids: Iterable[int]) -> str | Words:
        """Customers as a message names them (shown), one after another: 王芳 (#1) / 李娜 (#2)."""
        said = [self.shown(each) for each in customer_ids]
        if all(isinstance(each, str) for each in said):
            return " / ".join(map(str, said))
        last = said[-1]
        for each in reversed(said[:-1]):
            last = Words("store.customers_of_two", first=each, second=last)
        return last

    def named(self, customer_id: int) -> str | Words:
        """The label, or what `describe` says of a customer the index holds none for (one
        an import made: by its id, or as the file gives her in a dry run)."""
        found = self.labels.get(customer_id)
        if found is None and self.describe is not None:
            return self.describe(customer_id)
        return found or f"#{customer_id}"

    def candidates(self, kind: str, value: str) -> set[int]:
        """Every customer a key of `kind` names ("any": the first kind that names someone);
        when nobody has it now, the customer it was merged into (merged_into)."""
        value = value.strip()
        if not value:
            return set()
        found = self.current(kind, value)
        if found or kind == "name":
            return found
        if kind == "any":
            return next(filter(None, (self.merged_into(each, value) for each in _KEYED)), set())
        return self.merged_into(kind, value)

    def current(self, kind: str, value: str) -> set[int]:
        """The customers who have a key of `kind` now (a customers import matches a row by
        these: a row of a merged-away customer is told apart by merged_into)."""
        if kind == "code":
            return self._coded(value)
        if kind == "phone":
            return _ids(self.phones.get(_phone(value) or ""))
        if kind == "wechat":
            return _ids(self.wechats.get(value.lower()))
        if kind == "account":
            # a customer an earlier version made from an order export has the account as
            # their code (no account of theirs): found by it, and given it (purchase_writer)
            return self.account_holders(value) or self._coded(value)
        if kind == "name":
            return _ids(self.names.get(name_key(value)))
        return self._any(value)

    def stored(self, kind: str, value: str, *, merged: bool = True) -> set[int]:
        """candidates() of a key already in the form the book stores (a parsed row's phone is
        E.164): no phone parsing, which costs more than the rest of matching a row.
        `merged=False`: current() only."""
        if kind == "phone":
            found = _ids(self.phones.get(value))
            if found or not merged:
                return found
            return _ids(self.merged.get("phone", {}).get(value))
        return self.candidates(kind, value) if merged else self.current(kind, value.strip())

    def merged_into(self, kind: str, value: str) -> set[int]:
        """The customers a key of a customer merged away was given to (store/merge.py
        remember_keys): their code, phone (E.164 or as written), WeChat ID, shop account."""
        held = self.merged.get(kind)
        if not held or not value.strip():
            return set()
        if kind == "code":
            key: str | None = code_spelling(value)
        elif kind == "phone":
            key = value if value in held else _phone(value)
        elif kind == "account":
            key = account_key(value)
        else:
            key = value.strip().lower()
        return _ids(held.get(key or ""))

    def by_name_only(self, value: str) -> bool:
        """Whether a generic key (a 客户 cell) names someone by their name alone: no #id,
        code, phone, WeChat ID or shop account is it. Such a key is a name to matching (see
        _any)."""
        value = value.strip()
        if name_key(value) not in self.names:
            return False
        if _is_book_id(value) or self._coded(value):
            return False
        if any(ch.isdigit() for ch in value) and self.candidates("phone", value):
            return False
        return not (self.candidates("wechat", value) or self.candidates("account", value))

    def _any(self, value: str) -> set[int]:
        """#id, code, phone, WeChat ID, shop account, then exact name: the first that names
        someone."""
        ref = book_ref(value)
        if ref is not None:
            number = self.numbered(ref)
            return set() if number is None else {number}
        coded = self._coded(value)
        if coded:
            return coded
        if any(ch.isdigit() for ch in value):
            found = self.candidates("phone", value)
            if found:
                return found
        return (
            self.candidates("wechat", value)
            or self.candidates("account", value)
            or self.candidates("name", value)
        )

    def _coded(self, value: str) -> set[int]:
        """The customers whose code `value` is, once both are spelled alike."""
        code = code_spelling(value)
        if code in self.codes:
            return {self.codes[code]}
        return set(self.clashing.get(code, ()))

    def one(self, found: set[int], kind: str, value: str) -> int | None:
        """The one customer in `found`, None if empty; BookError naming them if several."""
        if len(found) <= 1:
            return next(iter(found), None)
        if kind == "name" or (kind == "any" and name_key(value) in self.names):
            raise BookError("store.ambiguous_name", count=len(found), name=value)
        first, second = sorted(found)[:2]
        raise BookError(
            "store.ambiguous_key" if len(found) == 2 else "store.ambiguous_key_many",
            key=key_as_written(kind, value),  # as the file wrote it
            first=self.named(first),
            second=self.named(second),
            count=len(found),
            kind=kind,  # the key's kind: an importer names the column it came from
        )

    def by_phone(self, text: str) -> int | None:
        return self.one(self.candidates("phone", text), "phone", text)

    def resolve(self, kind: str, value: str) -> int | None:
        """The customer a key names, None if nobody; BookError if it names several."""
        return self.one(self.candidates(kind, value), kind, value.strip())

    def resolve_text(self, value: str) -> int | None:
        """Any key: #id, code, phone, WeChat ID, shop account, then exact name."""
        return self.resolve("any", value)


def _put(named: dict[str, Named], key: str, customer_id: int) -> None:
    held = named.get(key)
    if held is None:
        named[key] = customer_id
    elif isinstance(held, list):
        held.append(customer_id)
    else:
        named[key] = [held, customer_id]


def _put_once(named: dict[str, Named], key: str, customer_id: int) -> None:
    if customer_id not in _ids(named.get(key)):
        _put(named, key, customer_id)


def _ids(held: Named | None) -> set[int]:
    if held is None:
        return set()
    return set(held) if isinstance(held, list) else {held}


def _phone(text: str) -> str | None:
    try:
        return normalise_phone(text)
    except ValueError:
        pass
    # 13800138001 王芳 in a 客户 cell: her phone, as 王芳 13800138001 is (phonenumbers reads
    # the number after the words before it, never before the words after it)
    split = name_mobile_words(text) if len(text) > 11 else None
    return None if split is None else normalise_phone(split[1])


def customer_label(customer_id: int, code: str | None, name: str) -> str:
    return f"{name} ({code})" if code else f"{name} (#{customer_id})"


def _is_book_id(value: str) -> bool:
    return book_ref(value) is not None
