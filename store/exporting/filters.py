"""`--only`: the customer list's filters written as words, "tier:A,B region:杭州,上海 肤质:干性".

Each part is key:value; keys and values in Chinese or English, as the list shows them. The
words become the filters a saved view keeps (store/views.py), so an export holds exactly
whom the app's filter and a view with the same choices list: several values of a key
(separated by , ， or 、, or the key given again) are any of them; a custom field is named
by its label ("skin type":干性 in quotes when it holds a space) and takes one value, as do
clv:10 (the top 10 percent by CLV), 未联系:30 (not contacted for 30 days) and
follow_up:week. A tag or a region must be one in use and a choice one of the field's: a
typo is refused naming what would fit, never an empty export. A bare word searches as the
list's search box does.
"""

from __future__ import annotations

import re

from xiaoben.models.enums import ChurnRisk, Labelled, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.text import one_spelling
from xiaoben.models.views import SavedView
from xiaoben.store import fields as field_sql
from xiaoben.store.driver import sqlite3
from xiaoben.store.views import FOLLOW_UP_WITHIN, MANY, field_key

# key as typed -> the list's filter (store/views.py FILTERS) it sets
_KEYS = {
    "tier": "value_tier",
    "value": "value_tier",
    "价值": "value_tier",
    "等级": "value_tier",
    "价值分级": "value_tier",
    "stage": "stage",
    "阶段": "stage",
    "segment": "rfm_segment",
    "rfm": "rfm_segment",
    "分群": "rfm_segment",
    "role": "role",
    "角色": "role",
    "tag": "tag",
    "标签": "tag",
    "region": "region",
    "地区": "region",
    "city": "region",
    "城市": "region",
    "province": "region",
    "省份": "region",
    "risk": "churn_risk",
    "churn": "churn_risk",
    "流失风险": "churn_risk",
    "clv": "clv_top",
    "终身价值": "clv_top",
    "silent": "silent",
    "未联系": "silent",
    "多久未联系": "silent",
    "follow_up": "follow_up",
    "跟进": "follow_up",
    "下次跟进": "follow_up",
}
_CHOICES: dict[str, type[Labelled]] = {
    "value_tier": ValueTier,
    "stage": Stage,
    "rfm_segment": RfmSegment,
    "role": Role,
    "churn_risk": ChurnRisk,
}
_FOLLOW_UP = {"today": "today", "今天": "today", "今日": "today", "week": "week", "本周": "week"}
_APART = re.compile(r"[,，、]")
# A part of the text: runs of anything but spaces, a quoted run ("…" or “…”) kept whole.
_PART = re.compile(r'(?:"[^"]*"|“[^”]*”|[^\s"“])+')
_SHOWN_MAX = 30  # values named when a typed one is not among them
_AROUND_COLON = re.compile(r"\s*([:：])\s*")
# Each filter's key in English and in Chinese (tier/价值 …), named when a key is not known.
_KNOWN_KEYS = [
    "/".join(dict.fromkeys(
        next(key for key, to in _KEYS.items() if to == name and key.isascii() == ascii_key)
        for ascii_key in (True, False)
    ))
    for name in dict.fromkeys(_KEYS.values())
]  # fmt: skip
_REGION_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|地区|省|市|区|县)$")


def _bare_region(text: str) -> str:
    """A province or city without its 省, 市, 区 … (浙江省 and 浙江 are one region)."""
    bare = _REGION_SUFFIX.sub("", text)
    return bare or text


def only_view(conn: sqlite3.Connection, text: str) -> SavedView:
    """The words as a saved view (unsaved): its filters and search; BookError naming the part
    and the rule if one is bad."""
    custom = {
        label.casefold(): field
        for field in field_sql.definitions(conn)
        if field.is_choice or field.kind is FieldKind.YES_NO
        for label in (field.label_zh, field.label_en)
    }
    chosen: dict[str, list[str]] = {}
    words: list[str] = []
    text = _AROUND_COLON.sub(r"\1", text)  # tag: 团长, 肤质 ：干性 as typed with a space
    for part in _PART.findall(text):
        match = re.fullmatch(r"([^:：]+)[:：](.*)", part)
        if match is None:
            words.append(_unquoted(part))
            continue
        key, value = _unquoted(match.group(1)), _unquoted(match.group(2))
        # the seller's own field first: her 等级 (金卡, 银卡) is not the value tier's 等级
        if key.casefold() in custom:
            name, found = _field_value(part, key, value, custom[key.casefold()])
        elif key.casefold() in _KEYS:
            name = _KEYS[key.casefold()]
            found = _values(conn, part, key, name, value)
        else:
            labels = {field.label() for field in custom.values()}
            known = _KNOWN_KEYS + [
                f'"{label}"' if " " in label else label for label in sorted(labels)
            ]
            raise BookError("store.filter_key", part=part, key=key, keys=" ".join(known))
        kept = chosen.setdefault(name, [])
        kept += [each for each in found if each not in kept]
        if name not in MANY and len(kept) > 1:
            raise BookError("store.filter_one_value", part=part, key=key)
    filters = {name: ",".join(values) for name, values in chosen.items()}
    return SavedView(name="--only", filters=filters, search=" ".join(words))


def _unquoted(text: str) -> str:
    return re.sub(r'"([^"]*)"|“([^”]*)”', lambda m: m.group(1) or m.group(2) or "", text).strip()


def _items(value: str) -> list[str]:
    return [item.strip() for item in _APART.split(value) if item.strip()]


def _values(conn: sqlite3.Connection, part: str, key: str, name: str, value: str) -> list[str]:
    items = _items(value)
    shown = {"clv_top": "1–100 (%)", "silent": "1–3650", "follow_up": " / ".join(FOLLOW_UP_WITHIN)}
    if name in _CHOICES:
        shown[name] = " / ".join(member.value for member in _CHOICES[name])
    if not items:
        raise BookError("store.filter_value", part=part, key=key, choices=shown.get(name, "…"))
    if name in ("tag", "region"):
        return [_in_use(conn, part, key, name, item) for item in items]
    try:
        if name == "clv_top":
            return [_number(item, 100) for item in items]
        if name == "silent":
            return [_number(item, 3650) for item in items]
        if name == "follow_up":
            return [_FOLLOW_UP[item.casefold()] for item in items]
        return [_CHOICES[name].parse(item).value for item in items]
    except (ValueError, KeyError):
        raise BookError("store.filter_value", part=part, key=key, choices=shown[name]) from None


def _number(item: str, most: int) -> str:
    """clv:10 or clv:10% (the top 10 percent); 未联系:30 or 30天 (days): 1 to `most`."""
    pattern = r"(?:top)?\s*(\d{1,4})\s*(?:[%％]|天|days?|d)?"
    match = re.fullmatch(pattern, item, flags=re.IGNORECASE)
    if match is None or not 1 <= int(match.group(1)) <= most:
        raise ValueError(item)
    return str(int(match.group(1)))


def _in_use(conn: sqlite3.Connection, part: str, key: str, name: str, item: str) -> str:
    """The tag or region in use that the seller typed (in any width or Latin case); refused
    naming those in use when none is."""
    if name == "tag":
        sql = "SELECT value FROM customers, json_each(customers.tags)"
    else:
        sql = "SELECT province AS value FROM customers UNION ALL SELECT city FROM customers"
    # most common first, as the list's filter offers them
    sql = f"SELECT value, count(*) AS n FROM ({sql}) WHERE value <> '' GROUP BY value"
    in_use = [row[0] for row in conn.execute(sql + " ORDER BY n DESC, value")]
    wanted = one_spelling(item).casefold()
    for value in in_use:
        if value.casefold() == wanted:
            return str(value)
    if name == "region":  # 杭州市 typed, 杭州 kept (or the other way round)
        for value in in_use:
            if _bare_region(value.casefold()) == _bare_region(wanted):
                return str(value)
    shown = " / ".join(in_use[:_SHOWN_MAX]) + (" / …" if len(in_use) > _SHOWN_MAX else "")
    raise BookError("store.filter_unused", part=part, key=key, value=item, choices=shown or "—")


def _field_value(part: str, key: str, value: str, field: FieldDef) -> tuple[str, list[str]]:
    """A custom field's filter (by its id, as a view keeps it) and its stored value."""
    assert field.id is not None  # a field read from the book
    options = {option: [option] for option in field.options}
    if field.kind is FieldKind.YES_NO:
        options = {"1": ["是", "yes", "1", "y", "true"], "0": ["否", "no", "0", "n", "false"]}
    for stored, spellings in options.items():
        if value.casefold() in (spelling.casefold() for spelling in spellings):
            return field_key(field.id), [stored]
    if len(_items(value)) > 1:
        raise BookError("store.filter_one_value", part=part, key=key)
    shown = " / ".join(" / ".join(spellings[:2]) for spellings in options.values())
    raise BookError("store.filter_value", part=part, key=key, choices=shown)
