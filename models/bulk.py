"""A change made to many customers at once (批量操作): what it is, validated. The book
applies it in one transaction with one undo (store/bulk.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from xiaoben.models.customer import LongText, ShortText, tag_spelling
from xiaoben.models.enums import InteractionKind, ManualStage
from xiaoben.models.errors import problem
from xiaoben.models.values import RealDate


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True)


class _TagAction(_Action):
    tag: ShortText

    @field_validator("tag")
    @classmethod
    def _tag_not_blank(cls, tag: str) -> str:
        if not tag:
            raise problem("name_blank")
        return tag


class AddTag(_TagAction):
    action: Literal["add_tag"] = "add_tag"

    @field_validator("tag", mode="after")
    @classmethod
    def _no_hash(cls, tag: str) -> str:
        """The tag added without a hashtag's # (tag_spelling), as a profile's tags are
        saved; a tag of nothing but # is blank. A tag removed is taken as written: a book
        may hold #VIP from before."""
        if not tag_spelling(tag):
            raise problem("name_blank")
        return tag_spelling(tag)


class RemoveTag(_TagAction):
    action: Literal["remove_tag"] = "remove_tag"


class SetStage(_Action):
    """The seller's stage for non-buyers (a buyer's stage comes from their purchases)."""

    action: Literal["set_stage"] = "set_stage"
    stage: ManualStage | None  # None: back to the stage the contacts say


class Archive(_Action):
    action: Literal["archive"] = "archive"
    archived: bool = True  # False: back among the active customers


class LogContact(_Action):
    """One contact logged for each customer, now: a holiday greeting sent to a group."""

    action: Literal["log_contact"] = "log_contact"
    kind: InteractionKind = InteractionKind.GREETING
    note: LongText = ""


class SetReminder(_Action):
    action: Literal["set_reminder"] = "set_reminder"
    due: RealDate
    note: LongText = ""


BulkAction = Annotated[
    AddTag | RemoveTag | SetStage | Archive | LogContact | SetReminder,
    Field(discriminator="action"),
]
