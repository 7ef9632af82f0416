"""The words of a follow-up item: what exactly (detail), what to do, and a message draft.

Pure: the texts come from the one catalogue (models.i18n), in the seller's language.
"""

from __future__ import annotations

import calendar
from datetime import date

from lunar_python.util import LunarUtil

from xiaoben.models.enums import Reason
from xiaoben.models.i18n import Lang, t
from xiaoben.models.rules import Rules
from xiaoben.tiering.followup import LUNAR_LEAP, MODEL_RISK, NEVER_CONTACTED, WIN_BACK_GAP
from xiaoben.tiering.frame import VALUE_TIERS, from_epoch_day
from xiaoben.tiering.occasions import HOLIDAYS

_MONTHS = tuple(calendar.month_abbr)  # "", "Jan", … (C locale names, as the catalogue is)


def day_text(day: date, lang: Lang, *, with_year: bool = False) -> str:
    key = "followup.date_year" if with_year else "followup.date"
    # zh writes the month's number (3月8日), en its name (8 March).
    month_zh, month_en = day.month, _MONTHS[day.month]
    return t(key, lang, year=day.year, month_zh=month_zh, month_en=month_en, day=day.day)


def lunar_day_text(month: int, day: int, leap: bool, lang: Lang) -> str:
    """农历九月初四, 农历闰四月初二 (zh); lunar 9/4, lunar leap 4/2 (en)."""
    if lang == "zh":
        month_name = LunarUtil.MONTH[month] if 0 < month < len(LunarUtil.MONTH) else str(month)
        day_name = LunarUtil.DAY[day] if 0 < day < len(LunarUtil.DAY) else str(day)
        return t("followup.lunar_day", lang, leap="闰" if leap else "", month=month_name,
                 day=day_name)  # fmt: skip
    return t("followup.lunar_day", lang, leap="leap " if leap else "", month=month, day=day)


def _tier_name(code: int, rules: Rules, lang: Lang) -> str:
    return rules.tier_name(VALUE_TIERS[code], lang) if code >= 0 else "—"


def describe(
    reason: Reason,
    *,
    name: str,
    detail: int,
    occurrence: int,
    occasion_day: int,
    as_of_day: int,
    note: str,
    rules: Rules,
    lang: Lang,
) -> tuple[str, str, str]:
    """(detail, suggested action, message draft) of one item, from the queue's columns."""
    kind = reason.value
    words: dict[str, object] = {"name": name}
    message_kind = None  # the draft's own kind, where it is not the action's
    if reason is Reason.CADENCE:
        never, days = divmod(detail, NEVER_CONTACTED)
        last = day_text(from_epoch_day(occurrence - days), lang, with_year=True)
        key = "followup.detail.cadence_new" if never else "followup.detail.cadence"
        text = t(key, lang, days=days, last=last)
        if never:  # not "it has been a while" to someone she has never been in touch with
            message_kind = "cadence_new"
    elif reason is Reason.BIRTHDAY and detail < 0:  # 29 Feb, celebrated on 28 Feb this year
        own = day_text(date(2000, -detail // 100, -detail % 100), lang)
        day = day_text(from_epoch_day(occasion_day), lang)
        text = t("followup.detail.birthday_moved", lang, own=own, day=day)
    elif reason is Reason.BIRTHDAY and detail:  # a lunar birthday: its lunar day, then ours
        leap, month_day = divmod(detail, LUNAR_LEAP)
        lunar = lunar_day_text(month_day // 100, month_day % 100, bool(leap), lang)
        day = day_text(from_epoch_day(occasion_day), lang)
        text = t("followup.detail.birthday_lunar", lang, lunar=lunar, day=day)
    elif reason is Reason.BIRTHDAY:
        text = t("followup.detail.birthday", lang, day=day_text(from_epoch_day(occasion_day), lang))
    elif reason in (Reason.HOLIDAY, Reason.GIFT):
        holiday = HOLIDAYS[detail]
        words["greeting"] = t(f"followup.greeting.{holiday.value}", lang)
        words["holiday"] = holiday.label(lang)
        text = t(
            f"followup.detail.{kind}",
            lang,
            holiday=holiday.label(lang),
            day=day_text(from_epoch_day(occasion_day), lang),
            lead=rules.gift_lead_days,
        )
    elif reason is Reason.WIN_BACK:
        last_day, gap = divmod(detail, WIN_BACK_GAP)
        key = "followup.detail.win_back_rhythm" if gap else "followup.detail.win_back"
        last = day_text(from_epoch_day(last_day), lang, with_year=True)
        text = t(key, lang, silent=as_of_day - last_day, last=last, gap=gap)
    elif reason is Reason.AT_RISK:
        text = _at_risk_text(detail, as_of_day - occurrence, as_of_day, rules, lang)
    elif reason is Reason.NEW_CUSTOMER:
        text = t(
            "followup.detail.new_customer", lang, day=day_text(from_epoch_day(occurrence), lang)
        )
    elif reason is Reason.TIER_CHANGE:
        was, to = divmod(detail - 9, 8)
        kind = "tier_up" if to == 0 else "tier_down"
        text = t(
            f"followup.detail.{kind}",
            lang,
            was=_tier_name(was, rules, lang),
            to=_tier_name(to, rules, lang),
        )
    else:
        text = note.strip() or t("followup.detail.reminder", lang)
    message = t(f"followup.message.{message_kind or kind}", lang, **words)
    return text, t(f"followup.action.{kind}", lang), message


def _at_risk_text(detail: int, silent: int, as_of_day: int, rules: Rules, lang: Lang) -> str:
    """The rule that put the customer in the queue: the purchase model's cut (from its
    day), or the silence against their own rhythm."""
    if detail >= MODEL_RISK // 2:
        day = from_epoch_day(detail - MODEL_RISK)
        other_year = day.year != from_epoch_day(as_of_day).year
        return t(
            "followup.detail.at_risk_model",
            lang,
            silent=silent,
            day=day_text(day, lang, with_year=other_year),
            cut=rules.at_risk_p_alive_percent,
        )
    key = "followup.detail.at_risk" if detail > 1 else "followup.detail.at_risk_daily"
    return t(key, lang, silent=silent, gap=detail)
