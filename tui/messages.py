"""Typed messages the screens and workers exchange."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class BookChanged(Message):
    """The book changed (a save, or the background pass): visible data should refresh."""


@dataclass
class OpenCustomer(Message):
    """Open the customer page of `customer_id`."""

    customer_id: int
