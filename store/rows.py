"""Conversions between the models and the book's rows (money in cents, lists as JSON)."""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from xiaoben.models.birthday import Birthday
from xiaoben.models.customer import Customer
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.models.text import STORED
from xiaoben.models.values import (
    account_key,
    from_cents,
    other_wechats,
    shop_accounts,
    to_cents,
)

CUSTOMER_FIELDS = [name for name in Customer.model_fields if name not in ("id", "version")]


def stamp_text(moment: datetime) -> str:
    """A moment as the book stores it (created_at, updated_at, changed_at …): to the second.

    The moment comes from the book's clock (Book.now), never from the wall clock here.
    """
    return moment.isoformat(timespec="seconds")


def _flag(value: bool) -> int:
    return 1 if value else 0


def customer_to_row(customer: Customer) -> dict[str, Any]:
    data = customer.model_dump(mode="json", exclude={"id", "version", "created_at", "updated_at"})
    data["birthday"] = customer.birthday.as_text() if customer.birthday else None
    for name in ("phones", "interests", "tags"):
        data[name] = json.dumps(data[name], ensure_ascii=False)
    for name in ("is_business", "strategic", "target_profile", "archived"):
        data[name] = _flag(data[name])
    return data


def row_to_customer(row: dict[str, Any]) -> Customer:
    data = {name: row[name] for name in CUSTOMER_FIELDS if name in row}
    data["id"] = row["id"]
    data["version"] = row["version"]
    data["birthday"] = Birthday.from_text(row["birthday"]) if row.get("birthday") else None
    for name in ("phones", "interests", "tags"):
        data[name] = json.loads(row[name] or "[]")
    return Customer.model_validate(data, context=STORED)


def customer_keys(customer: Customer) -> list[tuple[str, str]]:
    """The lookup keys of a customer: phones (E.164 and national digits), WeChat IDs (their
    own and any other their notes name), the shop accounts their notes name."""
    keys: list[tuple[str, str]] = []
    for phone in customer.phones:
        keys.append(("phone", phone))
    if customer.wechat:
        keys.append(("wechat", customer.wechat.lower()))
    for other in other_wechats(customer.notes):  # 另一个微信号：… lines of the notes
        keys.append(("wechat", other.lower()))
    for account in shop_accounts(customer.notes):  # 买家账号：… lines of the notes
        keys.append(("account", account_key(account)))
    return keys


# A kind of customer_keys a merge gives the survivor for each key of the customer merged into
# them ("merged:code", "merged:phone", …): the code, phones, WeChat IDs and shop accounts the
# absorbed record had find the survivor ever after (store/lookup.py: when nobody has them
# now), whatever the merge chose to keep of them. An edit of the survivor keeps them; the
# merge's undo takes them away (it puts back the survivor's keys as they were).
MERGED = "merged:"


def syllables_of(text: str) -> list[str]:
    """Pinyin syllables of hanzi, each in its most common reading; other characters one by
    one (张a -> ["zhang", "a"])."""
    return [readings[0] for readings in readings_of(text)]


def readings_of(text: str) -> list[tuple[str, ...]]:
    """Every reading (without tones) of each character, the most common first: 单 ->
    ("dan", "chan", "shan"); a character without one stands for itself ("a" -> ("a",)).
    A surname like 单 (shàn) or 曾 (zēng) is read by no rule a dictionary knows, so search
    offers every reading rather than pypinyin's guess from its phrase dictionary."""
    if text.isascii():
        return [(char,) for char in text.lower()]
    return [_readings(char) for char in text]


@lru_cache(maxsize=8_192)
def _readings(char: str) -> tuple[str, ...]:
    marked = _character_dictionary().get(str(ord(char)))
    if marked is None:
        return (char.lower(),)
    return tuple(dict.fromkeys(_toneless(reading) for reading in marked.split(",")))


def _toneless(reading: str) -> str:
    """A reading as pypinyin's Style.NORMAL writes it: tone marks dropped, ü as v, ê kept."""
    text = unicodedata.normalize("NFD", reading.lower())
    text = text.replace("u\u0308", "v").replace("e\u0302", "\u00ea")
    return "".join(char for char in text if not unicodedata.combining(char))


@cache
def _character_dictionary() -> dict[str, str]:
    """pypinyin's dictionary of characters (code point -> readings with tones), read from
    its data file: importing pypinyin also loads its phrase dictionary (~56 MB in the app's
    process), which reading one character at a time never needs."""
    spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin")
    folder = Path(next(iter(spec.submodule_search_locations)))
    found: dict[str, str] = json.loads((folder / "pinyin_dict.json").read_text(encoding="utf-8"))
    return found


def name_pinyin(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name: 张晓燕 -> ("zhangxiaoyan", "zxy")."""
    syllables = syllables_of(name)
    full = "".join(part for part in syllables if part.strip())
    initials = "".join(part[0] for part in syllables if part.strip())
    return full, initials


def purchase_to_row(purchase: Purchase) -> dict[str, Any]:
    return {
        "customer_id": purchase.customer_id,
        "date": purchase.date.isoformat(),
        "amount_cents": to_cents(purchase.amount),
        "items": purchase.items,
        "quantity": purchase.quantity,
        "cost_cents": to_cents(purchase.cost) if purchase.cost is not None else None,
        "refunded_cents": to_cents(purchase.refunded),
        "channel": purchase.channel.value if purchase.channel else None,
        "note": purchase.note,
    }


def row_to_purchase(row: dict[str, Any]) -> Purchase:
    return Purchase.model_validate(
        {
            "id": row["id"],
            "version": row["version"],
            "customer_id": row["customer_id"],
            "date": row["date"],
            "amount": from_cents(row["amount_cents"]),
            "items": row["items"],
            "quantity": row["quantity"],
            "cost": from_cents(row["cost_cents"]) if row["cost_cents"] is not None else None,
            "refunded": from_cents(row["refunded_cents"]),
            "channel": row["channel"],
            "note": row["note"],
            "created_at": row["created_at"],
        },
        context=STORED,
    )


def interaction_to_row(interaction: Interaction) -> dict[str, Any]:
    cost = interaction.service_cost
    return {
        "customer_id": interaction.customer_id,
        "at": interaction.at.strftime("%Y-%m-%d %H:%M"),
        "kind": interaction.kind.value,
        "note": interaction.note,
        "outcome": interaction.outcome.value if interaction.outcome else None,
        "service_minutes": interaction.service_minutes,
        "service_cost_cents": to_cents(cost) if cost is not None else None,
    }


def row_to_interaction(row: dict[str, Any]) -> Interaction:
    cost = row["service_cost_cents"]
    return Interaction.model_validate(
        {
            "id": row["id"],
            "version": row["version"],
            "customer_id": row["customer_id"],
            "at": row["at"],
            "kind": row["kind"],
            "note": row["note"],
            "outcome": row["outcome"],
            "service_minutes": row["service_minutes"],
            "service_cost": from_cents(cost) if cost is not None else None,
            "created_at": row["created_at"],
        },
        context=STORED,
    )


def reminder_to_row(reminder: Reminder) -> dict[str, Any]:
    return {
        "customer_id": reminder.customer_id,
        "due": reminder.due.isoformat(),
        "note": reminder.note,
        "done": _flag(reminder.done),
    }


def row_to_reminder(row: dict[str, Any]) -> Reminder:
    return Reminder.model_validate(
        {
            "id": row["id"],
            "version": row["version"],
            "customer_id": row["customer_id"],
            "due": row["due"],
            "note": row["note"],
            "done": bool(row["done"]),
        },
        context=STORED,
    )
