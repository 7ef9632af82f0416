"""Finding a customer by the keys sellers use: code, #id, phone, WeChat ID, exact name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xiaoben.models.errors import BookError
from xiaoben.models.values import normalise_phone
from xiaoben.store.driver import sqlite3


@dataclass
class KeyIndex:
    codes: dict[str, int] = field(default_factory=dict)
    phones: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    wechats: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    ids: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> KeyIndex:
        index = cls()
        for customer_id, code, name in conn.execute("SELECT id, code, name FROM customers"):
            index.ids.add(customer_id)
            if code is not None:
                index.codes[code] = customer_id
            index.names[name].append(customer_id)
        for customer_id, kind, key in conn.execute(
            "SELECT customer_id, kind, key FROM customer_keys"
        ):
            (index.phones if kind == "phone" else index.wechats)[key].append(customer_id)
        return index

    def add(
        self,
        customer_id: int,
        *,
        code: str | None,
        name: str,
        phones: list[str] = (),  # type: ignore[assignment]  # read-only default
        wechat: str | None = None,
    ) -> None:
        self.ids.add(customer_id)
        if code is not None:
            self.codes[code] = customer_id
        self.names[name].append(customer_id)
        for phone in phones:
            self.phones[phone].append(customer_id)
        if wechat:
            self.wechats[wechat.lower()].append(customer_id)

    def _unique(self, found: list[int] | None, name: str | None = None) -> int | None:
        if not found:
            return None
        distinct = sorted(set(found))
        if len(distinct) > 1 and name is not None:
            raise BookError("store.ambiguous_name", count=len(distinct), name=name)
        return distinct[0]

    def by_phone(self, text: str) -> int | None:
        try:
            phone = normalise_phone(text)
        except ValueError:
            return None
        return self._unique(self.phones.get(phone))

    def resolve(self, kind: str, value: str) -> int | None:
        """The customer a key names, None if nobody; BookError if a name is ambiguous."""
        value = value.strip()
        if not value:
            return None
        if kind == "code":
            return self.codes.get(value)
        if kind == "phone":
            return self.by_phone(value)
        if kind == "wechat":
            return self._unique(self.wechats.get(value.lower()))
        if kind == "name":
            return self._unique(self.names.get(value), name=value)
        return self.resolve_text(value)

    def resolve_text(self, value: str) -> int | None:
        """Any key: #id, code, phone, WeChat ID, then exact name."""
        value = value.strip()
        if value.startswith("#") and value[1:].isdigit():
            customer_id = int(value[1:])
            return customer_id if customer_id in self.ids else None
        if value in self.codes:
            return self.codes[value]
        if any(ch.isdigit() for ch in value):
            found = self.by_phone(value)
            if found is not None:
                return found
        found = self._unique(self.wechats.get(value.lower()))
        if found is not None:
            return found
        return self._unique(self.names.get(value), name=value)
