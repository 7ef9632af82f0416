"""A bad cell of an imported file, and the seller's message for it ("<field>: <rule>").

Reports only: which cells are bad is for the row parsers to decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic_core import PydanticCustomError

from xiaoben.models.i18n import t


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # in the file, 1-based (the header is line 1)
    column: str  # the header text as in the file
    value: str  # the cell as read
    message: str  # "<field>: <rule>" in the seller's language


def rule_text(exc: PydanticCustomError) -> str:
    """The seller's words for the rule a problem broke, in the current language."""
    return t(f"rule.{exc.type.removeprefix('xb.')}", **(exc.context or {}))


def cell_message(field: str, rule: str) -> str:
    """The message of a bad cell: "<field>: <rule>", the field named as the seller sees it."""
    return f"{t(f'field.{field}')}: {rule}"
