"""A saved view of the customer list (筛选视图): a name, the list's filters, search, sort
and columns, kept in the book. Validation only; the book stores and applies it (store/views.py).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from xiaoben.models.errors import problem
from xiaoben.models.text import typed_line
from xiaoben.models.values import clean_text

VIEW_NAME_MAX = 40  # characters: it is shown on the list's strip of views

ViewName = Annotated[
    str, BeforeValidator(clean_text), AfterValidator(typed_line), Field(max_length=VIEW_NAME_MAX)
]


class SavedView(BaseModel):
    """The list as the seller left it: "杭州 A 客户 30 天未联系"."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    name: ViewName
    # The list's filters by name (store/views.py FILTERS): "value_tier": "A", "silent": "30"
    filters: dict[str, str] = Field(default_factory=dict)
    search: str = ""
    sort: str = "score"
    descending: bool = True
    # Column keys in display order (the list's own, and later the seller's own fields);
    # empty: the list's default columns.
    columns: list[str] = Field(default_factory=list)
    archived: bool = False  # the archived customers instead of the active ones

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, name: str) -> str:
        if not name:
            raise problem("name_blank")
        return name
