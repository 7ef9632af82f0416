"""Presentation mode: the screen safe to share. Every customer value that tells who a person
is or how to reach them is shown through one of these functions.

In presentation mode a phone is 138****8000, a WeChat ID, address or note is hidden, and a
name is the surname + 某 if the seller chose so (the rule `present_surnames`); figures,
tiers and dates stay. Off, each function gives its value as it is (control characters made
visible, as everywhere). The masks are the redacted export's (store/exporting/cells.py):
one rule for what a shared copy and a shared screen show.

The mode is the app's, like the language: one switch for every screen, read wherever a
screen writes a value (a worker thread too). Nothing here reads the book.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from xiaoben.models.enums import Reason
from xiaoben.models.fields import FieldDef
from xiaoben.models.followup import FollowUp
from xiaoben.models.i18n import t
from xiaoben.models.text import one_line, printable
from xiaoben.models.values import display_phone
from xiaoben.store.exporting.cells import masked_phone, surname_only


@dataclass(frozen=True)
class Presentation:
    on: bool = False
    surnames: bool = False  # names as surname + 某 (a rule the seller sets)


_current = Presentation()


def set_presentation(presentation: Presentation) -> None:
    global _current
    _current = presentation


def presentation() -> Presentation:
    return _current


def presenting() -> bool:
    return _current.on


def told_presenting(notify: Callable[..., None]) -> bool:
    """Whether presentation mode is on; if so the seller is told (through `notify`) that a
    form will not open. A form shows a record's fields as they are, to be edited: a
    profile, a purchase or a contact opened while presenting would show what is hidden."""
    if _current.on:
        notify(t("present.no_editing"), severity="warning")
    return _current.on


def shown_name(name: str) -> str:
    """A customer's name: 张某 when presenting with surnames only."""
    if _current.on and _current.surnames:
        return surname_only(name)
    return printable(name)


class Named(Protocol):
    """A customer as a screen holds her: a Customer, a list's or a queue's row (Someone)."""

    @property
    def id(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def code(self) -> str | None: ...


@dataclass(frozen=True)
class Someone:
    """A customer known by her name and code alone (a queue's item, a list's row): enough
    to name her once she is gone from the book."""

    id: int | None
    name: str
    code: str | None = None


def item_customer(item: FollowUp) -> Someone:
    """The customer of a queue item, as the queue names her."""
    key = item.customer_key  # her code, else "#id"
    return Someone(item.customer_id, item.name, None if key.startswith("#") else key)


def customer_label(customer: Named, *, by_id: bool = True) -> str:
    """王芳 (C001), or 王芳 (#12) without a code: the two records of one name told apart.
    `by_id=False`: 王芳 alone without a code, where her number in the book cannot be looked
    up (she is gone from it)."""
    name = shown_name(customer.name)
    if customer.code:
        return f"{name} ({printable(customer.code)})"
    return f"{name} (#{customer.id})" if by_id else name


def shown_phone(e164: str) -> str:
    """A stored phone as the seller reads it; 138****8000 when presenting."""
    if _current.on:
        return masked_phone(display_phone(e164))
    return printable(display_phone(e164))


def shown_phones(phones: list[str], separator: str = "、") -> str:
    return separator.join(shown_phone(phone) for phone in phones)


def shown_typed_phone(text: str) -> str:
    """A phone as it was typed or read from a file (not yet a stored number)."""
    if _current.on and text.strip():
        return masked_phone(text)
    return printable(text)


def shown_private(text: str | None, *, lines: bool = False) -> str:
    """A WeChat ID, an address, a note or a need: hidden when presenting (empty stays
    empty, so the seller still sees where there is one)."""
    if not text:
        return ""
    if _current.on:
        return t("present.hidden")
    return printable(text, lines=lines)


def shown_custom(field: FieldDef, text: str) -> str:
    """A custom field's value: hidden when presenting if it is free text about a person
    (the kinds a redacted copy drops, FieldDef.private)."""
    return shown_private(text) if field.private else printable(text)


def presented_follow_ups(items: list[FollowUp]) -> list[FollowUp]:
    """Queue items as a screen may show them: the name, a reminder's note (its detail) and
    the name in the message draft masked when presenting."""
    if not _current.on:
        return items
    return [_presented_follow_up(item) for item in items]


def _presented_follow_up(item: FollowUp) -> FollowUp:
    name = shown_name(item.name)
    detail = item.detail
    if item.reason is Reason.REMINDER and detail != t("followup.detail.reminder"):
        detail = shown_private(detail)  # the reminder's note (a note-less one says "reminder")
    message = item.message.replace(item.name, name) if item.name else item.message
    return item.model_copy(update={"name": name, "detail": detail, "message": message})


# Fields (of a customer, or of a file's column) whose text tells who someone is or how to
# reach them; the rest (amounts, dates, tiers, tags, products, regions) are shown as they are.
_NAME_FIELDS = frozenset({"name"})
_PHONE_FIELDS = frozenset({"phone", "phones"})
PRIVATE_FIELDS = frozenset(
    {"wechat", "email", "address", "needs", "notes", "note", "customer", "referred_by", "recipient"}
)


def shown_field_text(field: str | None, text: str, custom: Sequence[FieldDef] = ()) -> str:
    """The text of a field as read from a file or written for a record; a field not known
    (a column not read, a custom field not among `custom`) is hidden when presenting, as
    it may hold anything."""
    if not _current.on:
        return printable(text)
    if field is not None and field.startswith("custom."):
        known = {f.key: f for f in custom}
        return shown_custom(known[field], text) if field in known else shown_private(text)
    if field in _NAME_FIELDS:
        return shown_name(text) if text.strip() else ""
    if field in _PHONE_FIELDS:
        return ", ".join(shown_typed_phone(part) for part in text.split(",") if part.strip())
    if field is None or field in PRIVATE_FIELDS:
        return shown_private(text)
    return printable(text)


def shown_report_lines(lines: list[str]) -> list[str]:
    """Lines of a report that quote the book or a file (a near match, a bad cell): one
    line saying they are hidden when presenting. A line break a quoted cell holds is
    shown as ↵ (a report's line is one line: its own words have none)."""
    if _current.on and lines:
        return [t("present.hidden")]
    return [printable(one_line(line)) for line in lines]
