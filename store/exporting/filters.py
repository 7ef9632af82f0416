"""`--only`: the customer list's filters written as words, "tier:A region:杭州 tag:VIP".

Each part is key:value (several values by commas: tier:A,B); keys and values in Chinese or
English, as the list shows them; clv:10 keeps the buyers whose CLV is in the top 10
percent; a bare word searches as the list's search box does. The
result is the list's own ListQuery, so an export holds exactly whom the list would show.
"""

from __future__ import annotations

import re
from typing import Any

from xiaoben.models.enums import ChurnRisk, Labelled, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.errors import BookError
from xiaoben.store.customer_list import ListQuery

# key as typed -> the ListQuery field it sets
_KEYS = {
    "tier": "value_tiers",
    "value": "value_tiers",
    "价值": "value_tiers",
    "等级": "value_tiers",
    "stage": "stages",
    "阶段": "stages",
    "segment": "segments",
    "rfm": "segments",
    "分群": "segments",
    "role": "roles",
    "角色": "roles",
    "tag": "tag",
    "标签": "tag",
    "region": "region",
    "地区": "region",
    "city": "region",
    "城市": "region",
    "province": "region",
    "省份": "region",
    "risk": "churn_risks",
    "churn": "churn_risks",
    "流失风险": "churn_risks",
    "clv": "clv_top_percent",
    "终身价值": "clv_top_percent",
}
_CHOICES: dict[str, type[Labelled]] = {
    "value_tiers": ValueTier,
    "stages": Stage,
    "segments": RfmSegment,
    "roles": Role,
    "churn_risks": ChurnRisk,
}


def parse_only(text: str) -> ListQuery:
    """The ListQuery of a filter text; BookError naming the part and the rule if it is bad."""
    chosen: dict[str, Any] = {}
    words: list[str] = []
    for part in text.split():
        match = re.fullmatch(r"([^:：]+)[:：](.*)", part)
        if match is None:
            words.append(part)
            continue
        key, value = match.groups()
        field = _KEYS.get(key.casefold())
        if field is None:
            known = " ".join(sorted({name for name in _KEYS if name.isascii()}))
            raise BookError("store.filter_key", part=part, key=key, keys=known)
        chosen[field] = _values(part, key, field, value)
    return ListQuery(search=" ".join(words), **chosen)


def _values(part: str, key: str, field: str, value: str) -> frozenset[str] | str | int:
    if field == "clv_top_percent":
        return _top_percent(part, key, value)
    choices = _CHOICES.get(field)
    if choices is None:
        if not value.strip():
            raise BookError("store.filter_value", part=part, key=key, choices="…")
        return value.strip()
    found: set[str] = set()
    for item in re.split(r"[,，、]", value):
        if not item.strip():
            continue
        try:
            found.add(choices.parse(item).value)
        except ValueError:
            shown = " / ".join(member.value for member in choices)
            raise BookError("store.filter_value", part=part, key=key, choices=shown) from None
    if not found:
        shown = " / ".join(member.value for member in choices)
        raise BookError("store.filter_value", part=part, key=key, choices=shown)
    return frozenset(found)


def _top_percent(part: str, key: str, value: str) -> int:
    """clv:10 or clv:10% — the buyers whose CLV is in the top 10 percent."""
    match = re.fullmatch(r"\s*(?:top)?\s*(\d{1,3})\s*[%％]?\s*", value, flags=re.IGNORECASE)
    if match is None or not 1 <= int(match.group(1)) <= 100:
        raise BookError("store.filter_value", part=part, key=key, choices="1–100 (%)")
    return int(match.group(1))
