"""Merging two records of one person: which side each profile field comes from.

Pure: the profile the survivor will have, the fields where the two differ and the choice
offered for each. The book moves the records (store/merge.py); nothing here reads it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from xiaoben.models.birthday import Birthday, age_band_on
from xiaoben.models.customer import LONG_MAX, Customer
from xiaoben.models.enums import AgeBand
from xiaoben.models.errors import BookError, problem
from xiaoben.models.fields import FieldDef, FieldKind, Value, value_text
from xiaoben.models.i18n import current_language, field_key, t
from xiaoben.models.text import kept_from_book, line_added


class Side(StrEnum):
    SURVIVOR = "survivor"  # the customer who stays
    ABSORBED = "absorbed"  # the customer merged into them
    BOTH = "both"  # lists joined, texts one under the other


# The profile fields a seller chooses between, in the order the merge screen shows them.
MERGE_FIELDS: tuple[str, ...] = (
    "name",
    "code",
    "phones",
    "wechat",
    "email",
    "address",
    "gender",
    "birthday",
    "age_band",
    "province",
    "city",
    "occupation",
    "employer",
    "is_business",
    "revenue_band",
    "employee_band",
    "resources",
    "preferred_channel",
    "source",
    "referred_by",
    "interests",
    "tags",
    "needs",
    "notes",
    "demand",
    "purchasing_power",
    "strategic",
    "target_profile",
    "manual_stage",
    "archived",
)
LIST_FIELDS = frozenset({"phones", "interests", "tags"})
TEXT_FIELDS = frozenset({"needs", "notes"})  # both: the survivor's text, then the absorbed's
JOINABLE = LIST_FIELDS | TEXT_FIELDS
# What the seller wrote down about who the person is and how to reach them: a value of the
# side not taken (the other WeChat ID, a phone, a name) goes into the merged notes, labelled,
# never lost (and `unmerge` gives both customers back whole). The seller's judgements (demand,
# flags, stage, bands) and the notes and needs themselves are one side's as chosen.
KEPT_IN_NOTES: tuple[str, ...] = (
    "name",
    "code",
    "phones",
    "wechat",
    "email",
    "address",
    "birthday",
    "province",
    "city",
    "occupation",
    "employer",
    "source",
    "interests",
    "tags",
)

Choices = dict[str, Side]


@dataclass(frozen=True, slots=True)
class CustomValues:
    """The book's custom fields (the seller's own: 积分, 肤质, 爱好; in the form's order) and
    each side's values by field id. A merge handles them as the profile's fields: a choice
    keyed FieldDef.key (custom.3), an empty value filled from the other side, several
    choices joinable, the value of the side not taken kept in the notes (另一个积分：1200)."""

    fields: Mapping[int, FieldDef] = dataclasses.field(default_factory=dict)
    survivor: Mapping[int, Value] = dataclasses.field(default_factory=dict)
    absorbed: Mapping[int, Value] = dataclasses.field(default_factory=dict)

    def differing(self) -> list[int]:
        """The fields whose values differ, in the form's order."""
        return [each for each in self.fields if self.survivor.get(each) != self.absorbed.get(each)]

    def sides_of(self, field_id: int) -> tuple[Side, ...]:
        if self.fields[field_id].kind is FieldKind.CHOICES:
            return (Side.SURVIVOR, Side.ABSORBED, Side.BOTH)
        return (Side.SURVIVOR, Side.ABSORBED)

    def default(self, field_id: int) -> Side:
        """Several choices joined when both have some; an empty value filled from the other
        side; otherwise the survivor's."""
        ours, theirs = self.survivor.get(field_id), self.absorbed.get(field_id)
        if ours is None:
            return Side.ABSORBED
        if theirs is not None and Side.BOTH in self.sides_of(field_id):
            return Side.BOTH
        return Side.SURVIVOR

    def by_key(self, key: str) -> int | None:
        """The id of the field a choice's key (FieldDef.key: custom.3) names, if one of these."""
        return next((each for each, found in self.fields.items() if found.key == key), None)

    def default_choices(self) -> Choices:
        """The default side of each differing field, keyed as a choice is."""
        return {self.fields[each].key: self.default(each) for each in self.differing()}

    def chosen(self, choices: Choices) -> dict[int, Side]:
        """The side of each differing field: the seller's choice, else its default."""
        return {
            each: choices.get(self.fields[each].key, self.default(each))
            for each in self.differing()
        }

    def value(self, field_id: int, side: Side) -> Value | None:
        ours, theirs = self.survivor.get(field_id), self.absorbed.get(field_id)
        if side is Side.SURVIVOR:
            return ours
        if side is Side.ABSORBED:
            return theirs
        joined = [each for value in (ours, theirs) if isinstance(value, list) for each in value]
        options = self.fields[field_id].options
        return [each for each in options if each in joined] + [
            each for each in dict.fromkeys(joined) if each not in options
        ]

    def merged_values(self, choices: Choices) -> dict[int, Value | None]:
        """The survivor's values of the differing fields after the merge (None: none)."""
        return {each: self.value(each, side) for each, side in self.chosen(choices).items()}

    def text(self, field_id: int, value: Value | None) -> str:
        return value_text(self.fields[field_id], value)

    def named(self, label: str) -> FieldDef | None:
        """The field of this label, Chinese or English (as `xiaoben fields` names them)."""
        wanted = label.strip().casefold()
        return next(
            (
                each
                for each in self.fields.values()
                if wanted in (each.label_zh.casefold(), each.label_en.casefold())
            ),
            None,
        )

    def notes_lines(self, choices: Choices) -> list[str]:
        """A labelled line for each value of the side not taken that the merged customer
        does not have (另一个积分：1200)."""
        lines = []
        for each, side in self.chosen(choices).items():
            if side is Side.BOTH:
                continue
            other = Side.ABSORBED if side is Side.SURVIVOR else Side.SURVIVOR
            value, kept = self.value(each, other), self.value(each, side)
            if isinstance(value, list):  # several choices: those the kept side has not
                value = [one for one in value if not isinstance(kept, list) or one not in kept]
            if value is None or value == [] or value == kept:
                continue
            label = self.fields[each].label()
            lines.append(t("merge.other_value", field=label, value=self.text(each, value)))
        return lines


NO_CUSTOM = CustomValues()


def sides_of(field: str) -> tuple[Side, ...]:
    """The choices a field offers, in the order a key cycles through them."""
    if field in JOINABLE:
        return (Side.SURVIVOR, Side.ABSORBED, Side.BOTH)
    return (Side.SURVIVOR, Side.ABSORBED)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def differing_fields(survivor: Customer, absorbed: Customer) -> list[str]:
    """The fields whose values differ, in MERGE_FIELDS order."""
    return [f for f in MERGE_FIELDS if getattr(survivor, f) != getattr(absorbed, f)]


def default_choices(survivor: Customer, absorbed: Customer) -> Choices:
    """What a seller most likely wants for each differing field: lists joined, a text kept
    from both, an empty value filled from the other side, an active record kept active;
    otherwise the survivor's. Province and city are one place: when the two records name
    different places, both are the survivor's."""
    choices: Choices = {}
    for field in differing_fields(survivor, absorbed):
        ours, theirs = getattr(survivor, field), getattr(absorbed, field)
        if field in JOINABLE and not _empty(ours) and not _empty(theirs):
            choices[field] = Side.BOTH
        elif field == "archived":
            choices[field] = Side.ABSORBED if ours and not theirs else Side.SURVIVOR
        elif _empty(ours) or (field == "birthday" and _adds_a_year(theirs, ours)):
            choices[field] = Side.ABSORBED  # the same day, with its year: the one to keep
        else:
            choices[field] = Side.SURVIVOR
    if _places_disagree(survivor, absorbed):
        for field in ("province", "city"):  # one place: the kept side's; the other's to notes
            if field in choices:
                choices[field] = Side.SURVIVOR
    return choices


def _same_day(one: Birthday | None, other: Birthday | None) -> bool:
    """Whether two birthdays are the same day of the year (of the same calendar)."""
    if one is None or other is None:
        return False
    day = ("month", "day", "lunar", "leap_month")
    return all(getattr(one, part) == getattr(other, part) for part in day)


def _adds_a_year(one: Birthday | None, other: Birthday | None) -> bool:
    """Whether `one` is `other`'s day with the year `other` does not have (1990-03-05 of 03-05)."""
    if one is None or other is None or not _same_day(one, other):
        return False
    return one.year is not None and other.year is None


def _places_disagree(survivor: Customer, absorbed: Customer) -> bool:
    """Whether the two records name different places (浙江 and 江苏, or 杭州 and 南京): then
    filling the kept side's empty city from the other (浙江 with 南京) would make a place
    that is neither. One that only adds to the other (浙江, and 浙江 杭州) agrees."""
    return any(
        getattr(survivor, field) and getattr(absorbed, field)
        and getattr(survivor, field) != getattr(absorbed, field)
        for field in ("province", "city")
    )  # fmt: skip


def chosen_value(survivor: Customer, absorbed: Customer, field: str, side: Side) -> Any:
    """The field's value after the merge when `side` is chosen (not yet validated)."""
    ours, theirs = getattr(survivor, field), getattr(absorbed, field)
    if side is Side.ABSORBED:
        return theirs
    if side is Side.SURVIVOR:
        return ours
    if field in LIST_FIELDS:
        return list(dict.fromkeys([*ours, *theirs]))
    return "\n".join(part for part in (ours, theirs) if part)


def check_choices(choices: Choices, custom: CustomValues = NO_CUSTOM) -> None:
    """BookError naming the field when a choice is not one the field offers."""
    keyed = {each.key: each for each in custom.fields.values()}
    for field, side in choices.items():
        if field in keyed:
            definition = keyed[field]
            assert definition.id is not None  # a field of the book
            if side not in custom.sides_of(definition.id):
                raise BookError("store.merge_bad_side", field=definition.label(), side=str(side))
            continue
        if field not in MERGE_FIELDS:
            raise BookError("store.merge_unknown_field", field=field)
        if side not in sides_of(field):
            raise BookError("store.merge_bad_side", field=field, side=str(side))


def _profile(choices: Choices) -> Choices:
    """The choices of the profile's fields (a custom field's are CustomValues')."""
    return {name: side for name, side in choices.items() if name in MERGE_FIELDS}


def merged_customer(
    survivor: Customer,
    absorbed: Customer,
    choices: Choices,
    today: date,
    custom: CustomValues = NO_CUSTOM,
) -> Customer:
    """The survivor's profile after the merge (its id and version; the earlier of the two
    creation times: the person has been in the book since then). Fields not in `choices`
    take their default choice; the age band follows the birthday (merged_age_band). Raises
    ValidationError if the result breaks a rule (a joined note too long), naming the field.
    `custom`: the custom fields, whose values not taken go into the notes."""
    check_choices(choices, custom)
    chosen = {**default_choices(survivor, absorbed), **_profile(choices)}
    data = survivor.model_dump()
    for field, side in chosen.items():
        data[field] = chosen_value(survivor, absorbed, field, side)
    data["age_band"] = merged_age_band(survivor, absorbed, chosen, today)
    data["notes"] = merged_notes(survivor, absorbed, {**chosen, **choices}, custom)
    if data["referred_by"] in (survivor.id, absorbed.id):
        data["referred_by"] = None  # one referred the other: now one person, no referrer
    stamps = [c.created_at for c in (survivor, absorbed) if c.created_at is not None]
    data["created_at"] = min(stamps) if stamps else None
    # a text either side already holds (longer than the form takes: an older book's) stays
    kept = [
        field
        for field, value in data.items()
        if value in (getattr(survivor, field, None), getattr(absorbed, field, None))
    ]
    if "notes" not in kept:
        side = {**chosen, **choices}.get("notes", Side.SURVIVOR)
        joined = side is Side.BOTH and bool(survivor.notes) and bool(absorbed.notes)
        _check_notes_room(
            data["notes"], chosen_value(survivor, absorbed, "notes", side), joined=joined
        )
    return Customer.model_validate(data, context=kept_from_book(kept))


def _check_notes_room(notes: str, written: str, *, joined: bool) -> None:
    """Notes past the limit are refused saying what gets the merge through: the seller's
    own text (one side's, or both joined: `written`) fits, and the merge's labelled lines
    (另一个姓名：芷若 …) take it past: shorten the notes by so many characters first; both
    joined are too long: keep one side's; one side's alone (stored by an older xiaoben) is:
    shorten it. (Stored past the limit, the notes would stop
    the customer's form and a re-import of her row, which hold every note to it.)"""
    if len(notes) <= LONG_MAX:
        return
    if len(written) > LONG_MAX:  # the seller's own text: both sides' joined, or one side's
        key = "merge_notes_joined" if joined else "merge_notes_long"
        rule = problem(key, length=len(written), max=LONG_MAX, over=len(written) - LONG_MAX)
    else:
        rule = problem(
            "merge_notes_full",
            added=len(notes) - len(written),
            length=len(notes),
            max=LONG_MAX,
            over=len(notes) - LONG_MAX,
        )
    raise ValidationError.from_exception_data(
        "Customer", [{"type": rule, "loc": ("notes",), "input": notes}]
    )


def merged_age_band(
    survivor: Customer, absorbed: Customer, choices: Choices, today: date
) -> AgeBand | None:
    """The merged age band: the side chosen, unless the merged birthday (with its year) puts
    the person in another band today; then the birthday's band (age_band_on). A merge that
    takes one side's birthday and the other's band must not keep the two disagreeing.
    A band with no birthday year to check it against is the side's as chosen."""
    chosen = {**default_choices(survivor, absorbed), **choices}
    band = chosen_value(survivor, absorbed, "age_band", chosen.get("age_band", Side.SURVIVOR))
    birthday = chosen_value(survivor, absorbed, "birthday", chosen.get("birthday", Side.SURVIVOR))
    born = age_band_on(birthday, today)
    return born if band is not None and born is not None and band != born else band


def merged_notes(
    survivor: Customer, absorbed: Customer, choices: Choices, custom: CustomValues = NO_CUSTOM
) -> str:
    """The merged notes: the side (or both) chosen, then a labelled line for each value of
    KEPT_IN_NOTES the merged profile does not have: the other side's WeChat ID (另一个微信号：…,
    as an import words a second one), a phone, a tag, a name of the side not taken; then
    one for each custom field's (CustomValues.notes_lines)."""
    chosen = {**default_choices(survivor, absorbed), **_profile(choices)}
    notes: str = chosen_value(survivor, absorbed, "notes", chosen.get("notes", Side.SURVIVOR))
    for field in KEPT_IN_NOTES:
        side = chosen.get(field)
        if side is None or side is Side.BOTH:
            continue
        other = absorbed if side is Side.SURVIVOR else survivor
        value, kept = getattr(other, field), chosen_value(survivor, absorbed, field, side)
        if field in LIST_FIELDS:
            value = [item for item in value if item not in kept]
            other = other.model_copy(update={field: value})
        if _empty(value) or value == kept:
            continue
        if field == "birthday" and _same_day(value, kept) and not _adds_a_year(value, kept):
            continue  # the same day, the kept one as full (03-05 beside 1990-03-05): no line
        text = field_text(other, field)
        if field == "wechat":
            line = t("notes.other_wechat", key=text)  # a key of theirs: models.values
        else:
            line = t("merge.other_value", field=t(field_key(field)), value=text)
        if line not in notes.split("\n"):
            notes = line_added(notes, line)
    for line in custom.notes_lines(choices):
        if line not in notes.split("\n"):
            notes = line_added(notes, line)
    return notes


def preview_fields(
    survivor: Customer, absorbed: Customer, custom: CustomValues = NO_CUSTOM
) -> list[str]:
    """The fields a merge's preview shows: those that differ, the age band when the
    birthday differs (merged_age_band), and the notes when a value of the side not taken
    may go into them (the custom fields that differ are custom.differing())."""
    fields = differing_fields(survivor, absorbed)
    if "birthday" in fields and "age_band" not in fields and survivor.age_band is not None:
        fields.insert(fields.index("birthday") + 1, "age_band")  # it may follow the birthday
    kept_in_notes = any(field in fields for field in KEPT_IN_NOTES) or custom.differing()
    if "notes" not in fields and kept_in_notes:
        fields.append("notes")
    return fields


def birthday_written(birthday: Birthday) -> str:
    """A birthday as the seller writes it (and an import reads it back): 1990-03-05, 03-05;
    a lunar one 农历1990-08-15, 农历闰05-02 (zh) or lunar 1990-08-15, lunar leap 05-02 (en)."""
    month_day = f"{birthday.month:02d}-{birthday.day:02d}"
    if birthday.lunar and birthday.leap_month:
        month_day = ("闰" if current_language() == "zh" else "leap ") + month_day
    text = f"{birthday.year:04d}-{month_day}" if birthday.year is not None else month_day
    if not birthday.lunar:
        return text
    return f"{t('field.lunar')}{'' if current_language() == 'zh' else ' '}{text}"


def field_text(customer: Customer, field: str) -> str:
    """A field's value as one line for the seller (lists joined with 、, a flag as ✓, the
    referrer as #id; the front ends name the referrer and word birthdays their own way)."""
    from xiaoben.models.values import display_phone

    value = getattr(customer, field)
    if value is None or value is False or value == "" or value == []:
        return ""
    if value is True:
        return "✓"
    if field == "phones":
        return "、".join(display_phone(phone) for phone in value)
    if isinstance(value, list):
        return "、".join(value)
    if field == "referred_by":
        return f"#{value}"
    if field == "birthday":
        return birthday_written(value)
    label = getattr(value, "label", None)
    return str(label()) if callable(label) else " ".join(str(value).split())
