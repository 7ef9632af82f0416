"""Conversions between the models and the book's rows (money in cents, lists as JSON)."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from xiaoben.models.birthday import Birthday
from xiaoben.models.customer import Customer
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.models.text import STORED
from xiaoben.models.values import from_cents, to_cents

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
    """The lookup keys of a customer: phones (E.164 and national digits), WeChat ID."""
    keys: list[tuple[str, str]] = []
    for phone in customer.phones:
        keys.append(("phone", phone))
    if customer.wechat:
        keys.append(("wechat", customer.wechat.lower()))
    return keys


def syllables_of(text: str) -> list[str]:
    """Pinyin syllables of hanzi; other characters one by one (张a -> ["zhang", "a"]).

    pypinyin is imported on first use: its dictionaries cost ~40 MB, which browsing a
    book never needs.
    """
    if text.isascii():
        return list(text.lower())
    return list(_hanzi_syllables(text))


@lru_cache(maxsize=4_096)
def _hanzi_syllables(text: str) -> tuple[str, ...]:
    """pypinyin's reading of a name, remembered (a new customer's name is read for its pinyin
    and again for its search keys). A name whose every character has one
    reading (without tones) is read character by character: the context pypinyin weighs
    only chooses among a character's readings, and reading 50,000 names whole costs seconds."""
    readings = tuple(map(_only_reading, text))
    if all(readings):
        return readings  # type: ignore[return-value]  # all() ruled out None
    from pypinyin import lazy_pinyin

    # pypinyin takes a list from `errors` (its own TErrorResult); its stub says str only.
    return tuple(s.lower() for s in lazy_pinyin(text, errors=_each_char))  # type: ignore[arg-type]


@cache
def _only_reading(char: str) -> str | None:
    """A hanzi's reading when it has only one (without tones); None for several or none."""
    from pypinyin import Style, pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    if ord(char) not in pinyin_dict:
        return None
    readings = {reading.lower() for reading in pinyin(char, Style.NORMAL, heteronym=True)[0]}
    return readings.pop() if len(readings) == 1 else None


def _each_char(chars: str) -> list[str]:
    return list(chars)


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
