"""Typed messages the screens and workers exchange, and the navigation the app carries out.

A screen or widget that wants another screen posts one of the navigation messages to
the app (`self.app.post_message(OpenCustomer(id))`), which opens the screen; no screen
calls an app action by name. Posted to the app, not bubbled: a message a widget posts
while its screen is handling something stops at the screen (Textual stops a message at
its sender).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from xiaoben.models.customer import Customer
from xiaoben.store.customer_list import ListQuery
from xiaoben.tui.presenting import Named


@dataclass
class BookChanged(Message, bubble=False):
    """The book changed (a save, or the background pass): visible data should refresh.

    It does not bubble: the app hands a copy to each screen, which must not return it.
    """


@dataclass
class ProfileSaved(Message, bubble=False):
    """The profile form saved an edit of a customer: `before` as the form loaded them (their
    own fields as typed then, None when the save left those as they were), `saved` as the
    book has them now. Posted to the screen under the form (the customer page: u undoes it)."""

    before: Customer
    fields: dict[int, object] | None
    saved: Customer


# ---- navigation: handled by the app ----------------------------------------------------


@dataclass
class OpenCustomer(Message):
    """Open the customer page of `customer_id` (`known`: as the screen named her, should
    she be gone from the book before the page reads her)."""

    customer_id: int
    known: Named | None = None


@dataclass
class EditCustomer(Message):
    """Open the profile form of `customer_id` (`known`: as for OpenCustomer)."""

    customer_id: int
    known: Named | None = None


@dataclass
class NewCustomer(Message):
    """Open a blank profile form."""


@dataclass
class ShowCustomers(Message):
    """Back to the home list: every screen above it closes."""


@dataclass
class ListCustomers(Message):
    """Open a customer list of `query` (the customers behind an overview bar) on top."""

    query: ListQuery


@dataclass
class Unlocked(Message):
    """The lock screen was answered (a key, or the book's passphrase): show the book again."""
