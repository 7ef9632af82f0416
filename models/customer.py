"""The customer profile (客户档案): identity, contact, interests, needs, the seller's judgement."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    ValidationInfo,
    field_validator,
)

from xiaoben.models.birthday import Birthday
from xiaoben.models.enums import (
    AgeBand,
    Channel,
    EmployeeBand,
    Gender,
    ManualStage,
    Resources,
    RevenueBand,
)
from xiaoben.models.errors import problem
from xiaoben.models.placeholders import placeholder
from xiaoben.models.text import one_spelling, typed_line, typed_text, within
from xiaoben.models.values import (
    Phone,
    WeChatId,
    clean_text,
    code_spelling,
    extension_of,
    relay_number,
    split_tags,
    without_invisibles,
)

CODE_MAX, SHORT_MAX, LONG_MAX = 64, 200, 5000  # characters: the importer checks the same
ShortText = Annotated[
    str, BeforeValidator(clean_text), AfterValidator(typed_line), AfterValidator(within(SHORT_MAX))
]
# A product, province or city: one spelling whatever the keyboard's width or stray spaces.
# The limit holds for the text as typed and again once spelled (NFKC can lengthen it,
# "\ufdfa" is 18 characters), as the importer checks a product cell.
Spelling = Annotated[ShortText, AfterValidator(one_spelling), AfterValidator(within(SHORT_MAX))]
LongText = Annotated[
    str, BeforeValidator(clean_text), AfterValidator(typed_text), AfterValidator(within(LONG_MAX))
]
Tag = Annotated[str, AfterValidator(typed_line)]
Judgement = Annotated[int, Field(ge=1, le=5)]


def _tag_list(value: object, info: ValidationInfo) -> object:
    """Tags from a list or a string split on , ， ; 、 or spaces (split_tags), each in its
    one spelling without the #s of a hashtag (hashtags); blanks and repeats (in any case)
    dropped. Tags the book holds are read as they are (a book from before the # rule may
    hold #VIP: the tag filter lists it so)."""
    if isinstance(value, str):
        value = split_tags(value)
    stored = bool(info.context and info.context.get("stored"))
    if isinstance(value, list | tuple):
        seen: dict[str, str] = {}
        for item in value:
            text = one_spelling(without_invisibles(str(item)))
            for tag in [text] if stored else hashtags(text):
                if tag and tag.casefold() not in seen:
                    seen[tag.casefold()] = tag
        return list(seen.values())
    return value


Tags = Annotated[list[Tag], BeforeValidator(_tag_list)]


_HASHES = re.compile(r"[#＃]+")


def hashtags(tag: str) -> list[str]:
    """The tags a text written as hashtags holds, without their # (or full-width ＃):
    #VIP is VIP; a # that closes a hashtag or starts the next one (Weibo's and 小红书's
    #VIP# #老客#, or #VIP#老客) separates tags, so both give VIP and 老客; a tag of nothing
    but # is none. Only a text that starts with # is read so: a # after the first character
    of any other is the tag's own (C#, 5#楼)."""
    if not tag.startswith(("#", "＃")):
        return [tag]
    return [part.strip() for part in _HASHES.split(tag) if part.strip()]


def tag_spelling(tag: str) -> str:
    """One tag as a seller may write it as a hashtag, without its # (hashtags: #VIP and
    #VIP# are VIP, # alone is empty); a text of several hashtags (#VIP#老客) is left with
    its first # off only, one tag as typed (a bulk action adds one tag)."""
    found = hashtags(tag)
    if len(found) == 1:
        return found[0]
    return tag.lstrip("#＃").lstrip() if not found or tag.startswith(("#", "＃")) else tag


# ::: is Google Contacts' own; the separators kept (a group): a pause may be no separator
_PHONES_APART = re.compile(r"([,，;；/、|\n\r]+|:::)")
_DIGITS = re.compile(r"\d")
# What a run of a dialler's pauses or waits (, ; ,,) leaves right after a number: its
# extension (0571-88888888,123; 17012345678,,4852; a vCard 4.0 URI's ;ext=789), never a
# phone of its own. After a space (13800138000, 123, as two columns are joined) it is a
# list's item, refused as a phone.
_AFTER_PAUSE = re.compile(r"(?:ext\s*=\s*)?\d{1,6}\s*[#＃]?\s*", re.IGNORECASE)
_PAUSES = frozenset(",，;；")


def _phone_list(value: object) -> object:
    """Phones from a list or a cell (see phones_in)."""
    return phones_in(value) if isinstance(value, str) else value


def phones_in(cell: str) -> list[str]:
    """The phones of a cell: split on , ， ; / 、 | line breaks or :::, and on spaces
    between whole numbers (13800138000 13900139000), never inside one (138 0013 8000,
    +86 138…); a cell or a part that says "none" (N/A, 无: see placeholders) is no phone."""
    if placeholder(cell):
        return []
    phones: list[str] = []
    for part in _paused_together(_PHONES_APART.split(cell)):
        words = part.split()
        whole = len(words) > 1 and all(len(_DIGITS.findall(word)) >= 7 for word in words)
        if whole and (extension_of(part) is not None or relay_number(part)):
            whole = False  # 0755-8888 8888-123, [4852]+86 170…: one number and its extension
        phones += words if whole else [part] if part.strip() and not placeholder(part) else []
    return phones


def _paused_together(pieces: list[str]) -> list[str]:
    """The parts of a cell split on its separators (`pieces`: part, separator, part, …),
    with an extension after a pause or wait joined again to its number as written
    (17012345678,4852; +86-21-6666-8888;ext=789): one number with its extension, for the
    importer's rules on such numbers (a relay number, a switchboard), never a phone 4852."""
    if len(pieces) == 1:
        return pieces  # nearly every cell: one number
    parts = [pieces[0]]
    for at in range(1, len(pieces), 2):
        apart, part = pieces[at], pieces[at + 1]
        if _PAUSES.issuperset(apart) and _AFTER_PAUSE.fullmatch(part) and _DIGITS.search(parts[-1]):
            parts[-1] += apart + part
        else:
            parts.append(part)
    return parts


def _spelled_code(code: str, info: ValidationInfo) -> str:
    """A code in its one spelling (models.values.code_spelling), once typed_line has seen its
    line breaks; a code read back from the book as it was written (a book before the code
    was cleaned: the migration leaves two that would become one)."""
    if info.context and info.context.get("stored"):
        return code
    return code_spelling(code)


def _no_code(value: object) -> object:
    """None for a code cell of nothing but space and invisible characters."""
    return None if isinstance(value, str) and not code_spelling(value) else value


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


class Customer(BaseModel):
    """A customer as the seller records them. `id` and `version` come from the book."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)

    id: int | None = None
    version: int = 0
    code: Annotated[
        Annotated[
            Annotated[str, AfterValidator(typed_line), AfterValidator(within(CODE_MAX))],
            AfterValidator(_spelled_code),
            AfterValidator(within(CODE_MAX)),
        ]
        | None,
        BeforeValidator(_no_code),
    ] = None
    name: ShortText

    # 身份特征 identity
    gender: Annotated[Gender | None, BeforeValidator(Gender.coerce)] = None
    birthday: Birthday | None = None
    age_band: Annotated[AgeBand | None, BeforeValidator(AgeBand.coerce)] = None
    province: Spelling = ""
    city: Spelling = ""
    occupation: ShortText = ""
    employer: ShortText = ""
    is_business: bool = False
    revenue_band: Annotated[RevenueBand | None, BeforeValidator(RevenueBand.coerce)] = None
    employee_band: Annotated[EmployeeBand | None, BeforeValidator(EmployeeBand.coerce)] = None
    resources: Annotated[Resources | None, BeforeValidator(Resources.coerce)] = None

    # 接触特征 contact
    phones: Annotated[list[Phone], BeforeValidator(_phone_list)] = Field(default_factory=list)
    wechat: Annotated[WeChatId | None, BeforeValidator(_blank_to_none)] = None
    email: Annotated[EmailStr | None, BeforeValidator(_blank_to_none)] = None
    address: LongText = ""
    preferred_channel: Annotated[Channel | None, BeforeValidator(Channel.coerce)] = None
    source: ShortText = ""
    referred_by: int | None = None

    # 兴趣爱好 / 个人标签 interests and tags; 需求痛点 needs
    interests: Tags = Field(default_factory=list)
    tags: Tags = Field(default_factory=list)
    needs: LongText = ""
    notes: LongText = ""

    # the seller's judgement
    demand: Annotated[Judgement | None, BeforeValidator(_blank_to_none)] = None
    purchasing_power: Annotated[Judgement | None, BeforeValidator(_blank_to_none)] = None
    strategic: bool = False
    target_profile: bool = False
    manual_stage: Annotated[ManualStage | None, BeforeValidator(ManualStage.coerce)] = None

    archived: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, name: str) -> str:
        if not name:
            raise problem("name_blank")
        return name

    @field_validator("phones")
    @classmethod
    def _each_phone_once(cls, phones: list[str]) -> list[str]:
        """A number written twice (13800138000/138-0013-8000; a card's 138 0013 8002 and
        138-0013-8002) is one phone once normalised: kept once, in its first place."""
        return list(dict.fromkeys(phones))

    @field_validator("referred_by")
    @classmethod
    def _not_self(cls, referred_by: int | None, info: object) -> int | None:
        data = getattr(info, "data", {})
        if referred_by is not None and referred_by == data.get("id"):
            raise problem("self_referral")
        return referred_by
