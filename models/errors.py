"""Seller-facing validation errors: every message names the field and the rule.

`FieldProblem` raises from validators with a catalogue key; `describe()` turns a
pydantic ValidationError into lines like "日期：日期不存在：2024-02-30 …".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xiaoben.models.i18n import MESSAGES, Lang, Words, field_key, t

if TYPE_CHECKING:  # BookError and printable() load without pydantic (a command's output)
    from pydantic import ValidationError
    from pydantic_core import PydanticCustomError


def problem(rule: str, **values: Any) -> PydanticCustomError:
    """A validation error carrying catalogue key `rule.<rule>` and its values (a value may
    be Words or Listed, said in the language the message is shown in)."""
    from pydantic_core import PydanticCustomError

    said = {name: value("en") if callable(value) else value for name, value in values.items()}
    return PydanticCustomError(f"xb.{rule}", t(f"rule.{rule}", "en", **said), values)


def field_rule(field: str, rule: str, lang: Lang | None = None) -> str:
    """ "<field>: <rule>", joined as the language writes it (a full-width colon in zh)."""
    return t("rule.field_rule", lang, field=field, rule=rule)


FIELD_SEPARATORS = ("：", ": ")  # field_rule's, in zh and in en


def split_field_rule(message: str) -> tuple[str, str]:
    """(field, rule) of a field_rule message; ("", message) when it names no field."""
    found = [(at, sep) for sep in FIELD_SEPARATORS if (at := message.find(sep)) >= 0]
    if not found:
        return "", message
    at, separator = min(found)
    return message[:at], message[at + len(separator) :]


def rule_message(exc: PydanticCustomError, lang: Lang | None = None) -> str:
    """The message of a `problem(...)`, in the seller's language."""
    return rule_words(exc)(lang)


def rule_words(exc: PydanticCustomError) -> Words:
    """The message of a `problem(...)`, not said yet (Words): in the language it is shown in."""
    return Words(f"rule.{exc.type.removeprefix('xb.')}", **(exc.context or {}))


class FieldError:
    """One problem of a form's field. A plain class: this module loads at the start of every
    command, where a dataclass would load `inspect` (40 million instructions) and a
    NamedTuple compile its annotations (11 million)."""

    __slots__ = ("field", "message")

    def __init__(self, field: str, message: str) -> None:
        self.field = field  # the model field (dotted for nested: "birthday.day")
        self.message = message  # "<field label>: <rule>", in the seller's language

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldError):
            return NotImplemented
        return (self.field, self.message) == (other.field, other.message)

    def __hash__(self) -> int:
        return hash((self.field, self.message))

    def __repr__(self) -> str:
        return f"FieldError(field={self.field!r}, message={self.message!r})"

    def __str__(self) -> str:
        return self.message


def _field_label(loc: tuple[int | str, ...]) -> Words | str:
    names = [part for part in loc if isinstance(part, str)]
    for name in reversed(names):
        key = field_key(name)
        if key in MESSAGES:
            return Words(key)
    return ".".join(str(part) for part in loc) or "—"


_PYDANTIC_RULES = {"missing": "required"}
# Length rules: of a text (in characters) or of a list (in items), by what was given.
_LENGTHS = ("string_too_long", "too_long", "string_too_short", "too_short")


def _rule_words(error: Any) -> Words:
    kind: str = error["type"]
    ctx = error.get("ctx") or {}
    if kind.startswith("xb."):
        return Words(f"rule.{kind[3:]}", **ctx)
    if kind in _PYDANTIC_RULES:
        return Words(f"rule.{_PYDANTIC_RULES[kind]}")
    if kind in _LENGTHS:
        return _length_rule(kind, ctx, error.get("input"))
    shown = error.get("input", "")
    if kind in ("greater_than_equal", "greater_than"):
        return Words("rule.at_least", low=ctx.get("ge", ctx.get("gt")), value=shown)
    if kind in ("less_than_equal", "less_than"):
        return Words("rule.at_most", high=ctx.get("le", ctx.get("lt")), value=shown)
    if kind in ("int_parsing", "int_from_float"):
        return Words("rule.whole_number", value=shown)
    if kind == "enum":
        return Words("rule.choice", choices=ctx.get("expected", ""), value=error.get("input", ""))
    if kind == "value_error" and "reason" in ctx:
        return Words("rule.email", value=error.get("input", ""))
    message: str = error.get("msg", kind)
    return Words("rule.generic", detail=message.removeprefix("Value error, "))


def described(exc: ValidationError) -> list[tuple[str, Words]]:
    """(field, its message not said yet) per problem: describe()'s, for a report that is
    said again in another language (an import's bad rows)."""
    return [
        (
            ".".join(str(part) for part in error["loc"]),
            Words(
                "rule.field_rule", field=_field_label(tuple(error["loc"])), rule=_rule_words(error)
            ),
        )
        for error in exc.errors()
    ]


def _length_rule(kind: str, ctx: dict[str, Any], given: Any) -> Words:
    """A text too long or too short (blank, once trimmed), a list with too many or too few."""
    text = isinstance(given, str)
    if kind.endswith("too_long"):
        return Words("rule.too_long" if text else "rule.too_many", max=ctx.get("max_length", ""))
    least = ctx.get("min_length", 1)
    if least == 1:
        return Words("rule.name_blank")
    return Words("rule.too_short" if text else "rule.too_few", min=least)


def describe(exc: ValidationError, lang: Lang | None = None) -> list[FieldError]:
    """One FieldError per problem, in the seller's language."""
    return [FieldError(field, words(lang)) for field, words in described(exc)]


# A record kind (BookError's "what") -> the key of its name; a customer is named as the field.
_RECORD_KINDS = {
    "customer": "field.customer",
    "purchase": "what.purchase",
    "reminder": "what.reminder",
    "interaction": "what.interaction",
}


class SellerWarning(RuntimeWarning):
    """A warning the seller reads (a catalogue message, in their language): the CLI shows
    it as the one line it is (cli/__main__.py), never with a source path and code."""


class BookError(Exception):
    """An error the seller can cause in the store (conflict, unknown customer, not a book …).

    Carries a catalogue key so the message can be shown in either language.
    """

    def __init__(self, key: str, /, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(self.message())

    def message(self, lang: Lang | None = None) -> str:
        # a value not said yet (an enum's `label`, Words) is said in the language asked for
        values = {name: v(lang) if callable(v) else v for name, v in self.values.items()}
        # "what" names a record kind ("customer"); show it in the seller's language.
        if values.get("what") in _RECORD_KINDS:
            values["what"] = t(_RECORD_KINDS[values["what"]], lang)
        # "reason" may be a cause from the catalogue (a read-only disk …), or the OS's words.
        if str(values.get("reason", "")).startswith("store.reason."):
            values["reason"] = t(values["reason"], lang)
        # "doing" is what was refused (store.doing.set …), said in the seller's language.
        if str(values.get("doing", "")).startswith("store.doing."):
            values["doing"] = t(values["doing"], lang)
        # "field" may name a field by its catalogue key (field.phones), said as the seller reads it
        if str(values.get("field", "")).startswith("field."):
            values["field"] = t(values["field"], lang)
        return t(self.key, lang, **values)

    def __str__(self) -> str:
        return self.message()


class ConflictError(BookError):
    """Saving over a newer version of a row: refused, the seller reloads."""
