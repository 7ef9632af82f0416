"""Enumerations of the records and the lenses, each value with its zh and en label.

The value (an English key) is what the book stores; `label()` is what the seller sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Self

from xiaoben.models.i18n import Lang, current_language


class Labelled(StrEnum):
    """A StrEnum whose members are written `KEY = "key", "中文", "English"`."""

    zh: str
    en: str

    def __new__(cls, key: str, zh: str = "", en: str = "") -> Self:
        member = str.__new__(cls, key)
        member._value_ = key
        member.zh = zh
        member.en = en
        return member

    def label(self, lang: Lang | None = None) -> str:
        return self.zh if (lang or current_language()) == "zh" else self.en

    @classmethod
    def parse(cls, text: str) -> Self:
        """Accept the key, or the zh or en label (case-insensitive)."""
        wanted = text.strip().lower()
        for member in cls:
            if wanted in (member.value.lower(), member.zh.lower(), member.en.lower()):
                return member
        raise ValueError(text)

    @classmethod
    def choices(cls, lang: Lang | None = None) -> str:
        return " / ".join(member.label(lang) for member in cls)

    @classmethod
    def coerce(cls, value: object) -> object:
        """Validator: a member from its key or either label; blank -> None."""
        if value is None or isinstance(value, cls):
            return value
        text = str(value).strip()
        if not text:
            return None
        try:
            return cls.parse(text)
        except ValueError:
            from xiaoben.models.errors import problem

            both = " / ".join(f"{m.zh} {m.en}" if m.zh != m.en else m.en for m in cls)
            raise problem("choice", choices=both, value=text) from None


class Gender(Labelled):
    FEMALE = "female", "女", "female"
    MALE = "male", "男", "male"
    OTHER = "other", "其他", "other"


class AgeBand(Labelled):
    UNDER18 = "under18", "18岁以下", "under 18"
    B18_24 = "18-24", "18–24岁", "18–24"
    B25_34 = "25-34", "25–34岁", "25–34"
    B35_44 = "35-44", "35–44岁", "35–44"
    B45_54 = "45-54", "45–54岁", "45–54"
    B55_64 = "55-64", "55–64岁", "55–64"
    B65PLUS = "65plus", "65岁及以上", "65 and over"

    @classmethod
    def of_age(cls, years: int) -> AgeBand:
        """The band of an age in whole years (0 or more): 35 -> 35–44岁."""
        for band, below in _BAND_ENDS:
            if years < below:
                return band
        return cls.B65PLUS


# Each band but the last, with the first age past it.
_BAND_ENDS = (
    (AgeBand.UNDER18, 18),
    (AgeBand.B18_24, 25),
    (AgeBand.B25_34, 35),
    (AgeBand.B35_44, 45),
    (AgeBand.B45_54, 55),
    (AgeBand.B55_64, 65),
)


class EmployeeBand(Labelled):
    LT50 = "lt50", "50人以下", "under 50"
    B50_200 = "50-200", "50–200人", "50–200"
    B200_800 = "200-800", "200–800人", "200–800"
    B800_2000 = "800-2000", "800–2000人", "800–2000"
    GT2000 = "gt2000", "2000人以上", "over 2000"


class RevenueBand(Labelled):
    LT1M = "lt1m", "100万以下", "under ¥1M"
    B1M_10M = "1m-10m", "100万–1000万", "¥1M–10M"
    B10M_100M = "10m-100m", "1000万–1亿", "¥10M–100M"
    B100M_1B = "100m-1b", "1亿–10亿", "¥100M–1B"
    GT1B = "gt1b", "10亿以上", "over ¥1B"


class Resources(Labelled):
    LARGE = "large", "大", "large"
    MEDIUM = "medium", "中", "medium"
    SMALL = "small", "小", "small"


class Channel(Labelled):
    WECHAT = "wechat", "微信", "WeChat"
    PHONE = "phone", "电话", "phone"
    VISIT = "visit", "拜访", "visit"
    XIAOHONGSHU = "xiaohongshu", "小红书", "Xiaohongshu"
    DOUYIN = "douyin", "抖音", "Douyin"
    SHOP = "shop", "门店", "shop"
    OTHER = "other", "其他", "other"


class InteractionKind(Labelled):
    CALL = "call", "电话", "call"
    MESSAGE = "message", "消息", "message"
    VISIT = "visit", "拜访", "visit"
    GIFT = "gift", "送礼", "gift"
    GREETING = "greeting", "问候", "greeting"
    MEETING = "meeting", "见面", "meeting"
    OTHER = "other", "其他", "other"


class Outcome(Labelled):
    REACHED = "reached", "已沟通", "reached"
    NO_ANSWER = "no_answer", "未接通", "no answer"
    SHOWED_INTENT = "showed_intent", "有购买意向", "showed intent"
    NOT_INTERESTED = "not_interested", "暂无兴趣", "not interested"
    COMPLAINT = "complaint", "投诉", "complaint"
    OTHER = "other", "其他", "other"


class Stage(Labelled):
    POTENTIAL = "potential", "潜在", "potential"
    TARGET = "target", "目标", "target"
    PROSPECT = "prospect", "准客户", "prospect"
    CUSTOMER = "customer", "成交", "customer"
    LOYAL = "loyal", "忠诚", "loyal"
    LAPSED = "lapsed", "流失", "lapsed"


# The stages a seller may set by hand on someone who has not bought yet.
class ManualStage(Labelled):
    POTENTIAL = "potential", "潜在", "potential"
    TARGET = "target", "目标", "target"
    PROSPECT = "prospect", "准客户", "prospect"


class ValueTier(Labelled):
    A = "A", "A 核心", "A core"
    B = "B", "B 成长/战略", "B growth"
    C = "C", "C 普通", "C ordinary"
    D = "D", "D 负值", "D negative"


def tier_name(names: Mapping[Any, str], tier: ValueTier, lang: Lang | None = None) -> str:
    """A value tier's name: the seller's own from the rules' `names` (tier -> name), else
    its label (Rules.tier_name; `xiaoben tiers` reads the names without the Rules model)."""
    custom = names.get(tier.value)
    return custom if custom else tier.label(lang)


class RfmSegment(Labelled):
    CHAMPIONS = "champions", "冠军客户", "Champions"
    LOYAL = "loyal", "忠实客户", "Loyal"
    POTENTIAL_LOYALIST = "potential_loyalist", "潜力客户", "Potential Loyalist"
    NEW = "new", "新客户", "New"
    PROMISING = "promising", "有希望", "Promising"
    NEED_ATTENTION = "need_attention", "需要关注", "Need Attention"
    ABOUT_TO_SLEEP = "about_to_sleep", "即将沉睡", "About to Sleep"
    AT_RISK = "at_risk", "有流失风险", "At Risk"
    CANT_LOSE_THEM = "cant_lose_them", "不能失去", "Can't Lose Them"
    HIBERNATING = "hibernating", "沉睡客户", "Hibernating"


class Rfm8(Labelled):
    IMPORTANT_VALUE = "important_value", "重要价值", "important value"
    IMPORTANT_DEVELOP = "important_develop", "重要发展", "important to develop"
    IMPORTANT_KEEP = "important_keep", "重要保持", "important to keep"
    IMPORTANT_RETAIN = "important_retain", "重要挽留", "important to win back"
    GENERAL_VALUE = "general_value", "一般价值", "general value"
    GENERAL_DEVELOP = "general_develop", "一般发展", "general to develop"
    GENERAL_KEEP = "general_keep", "一般保持", "general to keep"
    GENERAL_RETAIN = "general_retain", "一般挽留", "general to win back"


class Role(Labelled):
    FAN = "fan", "粉丝", "fan"
    CUSTOMER = "customer", "顾客", "customer"
    AUDIENCE = "audience", "受众", "audience"


class Quadrant(Labelled):
    KEEP = "keep", "核心", "keep"
    WIN_LOYALTY = "win_loyalty", "争取", "win loyalty"
    GROW_SPEND = "grow_spend", "培育", "grow spend"
    SERVE_LOW_COST = "serve_low_cost", "维持", "serve at low cost"


class ChurnRisk(Labelled):
    """The churn-risk lens (流失风险): P(alive) of the purchase model against the rules' cuts."""

    ALIVE = "alive", "很可能还在", "likely still buying"
    FADING = "fading", "可能在流失", "may be slipping away"
    LOST = "lost", "多半已流失", "probably gone"


class ValueBasis(Labelled):
    REVENUE = "revenue", "净收入", "net revenue"
    MARGIN = "margin", "毛利", "margin"


class Reason(Labelled):
    """Why a customer is in the follow-up queue; the order is the queue's group order and
    the first key of the plan's priority."""

    REMINDER = "reminder", "提醒", "reminder"
    AT_RISK = "at_risk", "流失预警", "at risk"
    TIER_CHANGE = "tier_change", "等级变化", "tier change"
    NEW_CUSTOMER = "new_customer", "新客关怀", "new customer care"
    BIRTHDAY = "birthday", "生日", "birthday"
    HOLIDAY = "holiday", "节日问候", "holiday greeting"
    GIFT = "gift", "节日送礼", "festival gift"
    WIN_BACK = "win_back", "老客挽回", "win back"
    CADENCE = "cadence", "定期联系", "regular check-in"


class Holiday(Labelled):
    """The holidays a seller greets buyers on: six lunar, eight solar."""

    SPRING_FESTIVAL = "spring_festival", "春节", "Spring Festival"
    LANTERN = "lantern", "元宵节", "Lantern Festival"
    DRAGON_BOAT = "dragon_boat", "端午节", "Dragon Boat Festival"
    QIXI = "qixi", "七夕", "Qixi"
    MID_AUTUMN = "mid_autumn", "中秋节", "Mid-Autumn Festival"
    DOUBLE_NINTH = "double_ninth", "重阳节", "Double Ninth Festival"
    NEW_YEAR = "new_year", "元旦", "New Year's Day"
    VALENTINE = "valentine", "情人节", "Valentine's Day"
    WOMENS_DAY = "womens_day", "妇女节", "Women's Day"
    LABOUR_DAY = "labour_day", "劳动节", "Labour Day"
    MOTHERS_DAY = "mothers_day", "母亲节", "Mother's Day"
    FATHERS_DAY = "fathers_day", "父亲节", "Father's Day"
    NATIONAL_DAY = "national_day", "国庆节", "National Day"
    CHRISTMAS = "christmas", "圣诞节", "Christmas"


class QueueAction(Labelled):
    """What the seller did with a queue item."""

    DONE = "done", "已完成", "done"
    SNOOZED = "snoozed", "已推迟", "snoozed"
    SKIPPED = "skipped", "已跳过", "skipped"
