"""Typed messages the screens and workers exchange."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class BookChanged(Message, bubble=False):
    """The book changed (a save, or the background pass): visible data should refresh.

    It does not bubble: the app hands a copy to each screen, which must not return it.
    """


@dataclass
class OpenCustomer(Message):
    """Open the customer page of `customer_id`."""

    customer_id: int
