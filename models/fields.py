"""Custom fields (自定义字段): what a seller tracks that the form does not have.

A `FieldDef` says what a field is (its kind, zh and en label, required or not, its
options, its place in the form); `parse_value` turns what the seller typed (or an
imported cell held) into the value the book stores, or raises a `problem` naming the
rule. No I/O: the book stores the definitions and values (store/fields.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from xiaoben.models.cells import yes_no
from xiaoben.models.enums import Labelled
from xiaoben.models.errors import problem
from xiaoben.models.i18n import Lang, Listed, current_language
from xiaoben.models.text import refuse_controls, typed_line
from xiaoben.models.values import parse_date

if TYPE_CHECKING:
    from pydantic_core import PydanticCustomError

TEXT_MAX = 500  # characters of a text field's value
OPTIONS_MAX = 50  # options of one choice field
LABEL_MAX = 40
NUMBER_LIMIT = Decimal(10) ** 12


class FieldKind(Labelled):
    TEXT = "text", "文本", "text"
    NUMBER = "number", "数字", "number"
    DATE = "date", "日期", "date"
    CHOICE = "choice", "单选", "one choice"
    CHOICES = "choices", "多选", "several choices"
    YES_NO = "yes_no", "是/否", "yes/no"


# The kinds whose values are free text about a person (an ID number, a second address),
# like the notes: a redacted copy drops them and presentation mode hides them. Choices,
# numbers, dates and yes/no are the seller's own categories and stay.
PRIVATE_KINDS = frozenset({FieldKind.TEXT})


Label = Annotated[str, AfterValidator(typed_line), Field(min_length=1, max_length=LABEL_MAX)]
Option = Annotated[str, AfterValidator(typed_line), Field(min_length=1, max_length=LABEL_MAX)]

# A stored value: text (text, date as ISO, one choice), a number, a yes/no, or choices.
Value = str | Decimal | bool | list[str]


# A several-choice value's options are set apart by these, which no option holds (the
# options of `fields add --option` and of the fields screen are split at them; an option
# holding one is refused) ...
CHOICES_APART = ",，;；、"
_APART = re.compile(r"[,，;；、\n]+")
# ... and by a slash or a bar, which an option may hold (S/M, 50ml/100ml, 男/女款): a part of
# the value is read as the fewest options it is made of (S/M/L/XL is S/M and L/XL).
_JOINED = re.compile(r"\s*([/|])[\s/|]*")
_WIDE_JOINS = str.maketrans("／｜", "/|")  # typed with a Chinese input method: the same


def _choices(definition: FieldDef, text: str) -> list[str]:
    """The options a several-choice value names, as typed."""
    chosen: list[str] = []
    for part in map(str.strip, _APART.split(text)):
        whole = _option_named(definition, part)
        if whole is not None:
            chosen.append(whole)
        elif part.translate(_WIDE_JOINS).strip("/| "):
            joined = _JOINED.sub(r"\1", part.translate(_WIDE_JOINS)).strip("/| ")
            chosen += (
                _joined_options(definition, joined)
                if _JOINED.search(joined)
                else [_option(definition, joined)]
            )
    return chosen


def _joined_options(definition: FieldDef, part: str) -> list[str]:
    """The fewest options `part` is made of, joined by the slashes and bars between them
    (S/M itself; S/M/L/XL as S/M and L/XL); a problem naming the first word no option
    covers (S/M/XXL: XXL). Each end of the words is reached from the few starts an option's
    words allow, and the options are followed back once at the end: linear in the length
    (a 6,000-character cell took a minute when every start was tried, copying lists)."""
    pieces = _JOINED.split(part)  # word, join, word, …
    words = len(pieces) // 2 + 1
    keyed = {
        _JOINED.sub(r"\1", option.translate(_WIDE_JOINS)).casefold(): option
        for option in definition.options
    }
    span = max((len(_JOINED.split(key)) // 2 + 1 for key in keyed), default=1)
    # fewest[end]: the fewest options making words[:end]; last[end]: where its last starts
    fewest: list[int | None] = [0] + [None] * words
    last: list[tuple[int, str]] = [(0, "")] * (words + 1)
    for end in range(1, words + 1):
        for start in range(max(0, end - span), end):
            before, best = fewest[start], fewest[end]
            if before is None or (best is not None and before + 1 >= best):
                continue
            option = keyed.get("".join(pieces[2 * start : 2 * end - 1]).casefold())
            if option:
                fewest[end], last[end] = before + 1, (start, option)
    if fewest[words] is None:
        covered = max(end for end, count in enumerate(fewest) if count is not None)
        raise _not_an_option(definition, pieces[2 * covered])
    found: list[str] = []
    end = words
    while end:
        end, option = last[end]
        found.append(option)
    return found[::-1]


class FieldDef(BaseModel):
    """A custom field as the seller defined it. `id` comes from the book."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: int | None = None
    kind: FieldKind
    label_zh: Label
    label_en: Label = Field(default=None, validate_default=True)  # not typed: the Chinese one
    required: bool = False
    options: list[Option] = Field(
        default_factory=list, max_length=OPTIONS_MAX, validate_default=True
    )
    position: int = 0
    in_list: bool = False  # shown as a column of the customer list

    @field_validator("label_en", mode="before")
    @classmethod
    def _english_or_chinese(cls, label_en: Any, info: ValidationInfo) -> Any:
        """An English label left blank is the Chinese one. When the Chinese one is itself
        wrong, that is the one problem said: the seller typed no English label."""
        if label_en is not None and (not isinstance(label_en, str) or label_en.strip()):
            return label_en
        return info.data.get("label_zh", "-")

    @field_validator("options")
    @classmethod
    def _options_fit_kind(cls, options: list[str], info: ValidationInfo) -> list[str]:
        kind = info.data.get("kind")
        if kind in (FieldKind.CHOICE, FieldKind.CHOICES):
            if not options:
                raise problem("field_no_options")
            for option in options:
                if apart := next((each for each in CHOICES_APART if each in option), None):
                    raise problem("field_option_apart", option=option, character=apart)
            folded = [option.casefold() for option in options]
            if len(set(folded)) != len(folded):
                raise problem("field_option_twice")
        elif options and kind is not None:
            raise problem("field_options_unused", kind=kind.label())
        return options

    @property
    def is_choice(self) -> bool:
        return self.kind in (FieldKind.CHOICE, FieldKind.CHOICES)

    @property
    def private(self) -> bool:
        """Free text about a person: redacted in a shared copy, hidden on a shared screen."""
        return self.kind in PRIVATE_KINDS

    @property
    def searchable(self) -> bool:
        """Text and choices are found by search; numbers, dates and yes/no by filters."""
        return self.kind in (FieldKind.TEXT, FieldKind.CHOICE, FieldKind.CHOICES)

    @property
    def key(self) -> str:
        """The field's name in an import mapping and in JSON: stable across renames."""
        return f"custom.{self.id}"

    def label(self, lang: Lang | None = None) -> str:
        return self.label_zh if (lang or current_language()) == "zh" else self.label_en


def _option_named(definition: FieldDef, text: str) -> str | None:
    folded = text.casefold()
    return next((option for option in definition.options if option.casefold() == folded), None)


def _option(definition: FieldDef, text: str) -> str:
    option = _option_named(definition, text)
    if option is None:
        raise _not_an_option(definition, text)
    return option


def _not_an_option(definition: FieldDef, text: str) -> PydanticCustomError:
    return problem("choice", choices=options_listed(definition.options), value=text)


def options_listed(options: list[str]) -> Listed:
    """“S/M”、“L/XL” (zh), “S/M”, “L/XL” (en): each option quoted, so one holding a slash
    reads as one."""
    return Listed(f"“{option}”" for option in options)


def _number(text: str) -> Decimal:
    folded = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    try:
        number = Decimal(folded)
    except InvalidOperation:
        raise problem("field_number", value=text) from None
    if not number.is_finite():
        raise problem("field_number", value=text)
    if abs(number) >= NUMBER_LIMIT:
        raise problem("field_number_large", value=text)
    return number.normalize() if number != number.to_integral() else number.quantize(1)


def _as_text(raw: object) -> str:
    if isinstance(raw, date):
        return raw.isoformat()
    return unicodedata.normalize("NFC", str(raw)).strip()


def parse_value(definition: FieldDef, raw: object) -> Value | None:
    """The value to store for what was typed or imported; None when blank (a blank value
    of a required field is refused by `check_required`, not here)."""
    if raw is None or (isinstance(raw, list | tuple) and not raw):
        return None
    kind = definition.kind
    if kind is FieldKind.CHOICES:
        if isinstance(raw, list | tuple):
            chosen = {_option(definition, _as_text(part)) for part in raw if _as_text(part)}
        else:
            chosen = set(_choices(definition, _as_text(raw)))
        return [option for option in definition.options if option in chosen] or None
    if kind is FieldKind.YES_NO and isinstance(raw, bool):
        return raw
    if kind is FieldKind.NUMBER and isinstance(raw, int | float | Decimal):
        return _number(str(raw))
    text = _as_text(raw)
    if not text:
        return None
    if kind is FieldKind.TEXT:
        refuse_controls(text)
        if len(text) > TEXT_MAX:
            raise problem("too_long", max=TEXT_MAX)
        return text
    if kind is FieldKind.NUMBER:
        return _number(text)
    if kind is FieldKind.DATE:
        return parse_date(raw if isinstance(raw, date) else text).isoformat()
    if kind is FieldKind.CHOICE:
        return _option(definition, text)
    return yes_no(text)


def check_required(definition: FieldDef, value: Value | None) -> None:
    if definition.required and value is None:
        raise problem("required")


def value_text(definition: FieldDef, value: Value | None, lang: Lang | None = None) -> str:
    """A stored value as the seller reads it ("" when there is none)."""
    from xiaoben.models.i18n import t

    if value is None:
        return ""
    if isinstance(value, bool):
        return t("word.yes" if value else "word.no", lang)
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def value_json(value: Value | None) -> Any:
    """A stored value for JSON: numbers as numbers, choices as a list."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def parse_values(
    definitions: Mapping[int, FieldDef], raw: Mapping[int, object]
) -> tuple[dict[int, Value | None], dict[int, str]]:
    """Every field's value from `raw` (field id -> typed), and the problems by field id
    (each "<label>: <rule>" in the seller's language)."""
    from pydantic_core import PydanticCustomError

    from xiaoben.models.errors import field_rule, rule_message

    values: dict[int, Value | None] = {}
    problems: dict[int, str] = {}
    for field_id, definition in definitions.items():
        try:
            value = parse_value(definition, raw.get(field_id))
            check_required(definition, value)
        except PydanticCustomError as exc:
            problems[field_id] = field_rule(definition.label(), rule_message(exc))
            continue
        values[field_id] = value
    return values, problems
