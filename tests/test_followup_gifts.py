"""Gifts before the big festivals: A customers get a "send a gift" item days ahead."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from lunar_python import Lunar
from pydantic import ValidationError

from tests.test_followup_rules import TODAY, bought_before, inputs, items, person, queue
from xiaoben.models.enums import Holiday, Reason
from xiaoben.models.i18n import MESSAGES
from xiaoben.models.rules import Rules
from xiaoben.tiering.drafts import describe
from xiaoben.tiering.followup import REASONS
from xiaoben.tiering.frame import epoch_day
from xiaoben.tiering.occasions import HOLIDAYS

LEAD = Rules().gift_lead_days  # 10

# The festival days, checked against lunar-python below and by hand (万年历).
FESTIVALS = [
    (Holiday.SPRING_FESTIVAL, 2027, date(2027, 2, 6)),
    (Holiday.MID_AUTUMN, 2027, date(2027, 9, 15)),
    (Holiday.SPRING_FESTIVAL, 2028, date(2028, 1, 26)),
    (Holiday.MID_AUTUMN, 2028, date(2028, 10, 3)),
]
LUNAR_DAY = {Holiday.SPRING_FESTIVAL: (1, 1), Holiday.MID_AUTUMN: (8, 15)}


def gifts(q: object) -> list[tuple[int, date, Holiday]]:
    """(customer, due day, holiday) of the gift items."""
    return [
        (c, TODAY_DATE + timedelta(days=due), HOLIDAYS[occurrence % 16])
        for c, _, due, occurrence in items(q, Reason.GIFT)  # type: ignore[arg-type]  # a Queue
    ]


TODAY_DATE = date(1970, 1, 1) + timedelta(days=TODAY)


def customers_before(day: date) -> object:
    last = bought_before(day, 20)
    return inputs(
        person(1, tier="A", last=last, birthday=None),
        person(2, tier="B", last=last),
        person(3, tier="C", last=last),
    )


@pytest.mark.parametrize(("holiday", "year", "festival"), FESTIVALS)
def test_a_customers_get_a_gift_item_ten_days_before(
    holiday: Holiday, year: int, festival: date
) -> None:
    lunar_month, lunar_day = LUNAR_DAY[holiday]
    solar = Lunar.fromYmd(year, lunar_month, lunar_day).getSolar()
    assert date(solar.getYear(), solar.getMonth(), solar.getDay()) == festival
    gift_day = festival - timedelta(days=LEAD)
    q = queue(customers_before(gift_day), as_of=gift_day, days=0)
    assert gifts(q) == [(1, gift_day, holiday)]  # A only, due the gift day
    # The greeting on the day itself is still there, for every buyer.
    on_the_day = queue(customers_before(gift_day), as_of=festival, days=0)
    greeted = {c for c, *_ in items(on_the_day, Reason.HOLIDAY)}
    assert greeted == {1, 2, 3}
    assert gifts(on_the_day) == []  # the gift's grace of 3 days is long over


def test_a_gift_item_leaves_the_queue_once_its_festival_has_passed() -> None:
    festival = date(2027, 9, 15)  # 中秋 2027
    short_lead = Rules(gift_lead_days=1)  # due the day before: its grace would outlive it
    people = customers_before(festival - timedelta(days=1))
    on_the_eve = queue(people, as_of=festival - timedelta(days=1), days=0, rules=short_lead)
    assert [c for c, *_ in gifts(on_the_eve)] == [1]
    on_the_day = queue(people, as_of=festival, days=0, rules=short_lead)
    assert [c for c, *_ in gifts(on_the_day)] == [1]  # still in time, as a late gift
    after = queue(people, as_of=festival + timedelta(days=1), days=0, rules=short_lead)
    assert gifts(after) == []


def test_a_gift_item_shows_like_a_greeting_holiday_lead_days_ahead() -> None:
    gift_day = date(2027, 9, 5)  # 中秋 2027-09-15, ten days before
    people = customers_before(gift_day)
    ahead = Rules().holiday_lead_days  # 3
    assert len(gifts(queue(people, as_of=gift_day - timedelta(days=ahead), days=7))) == 1
    assert gifts(queue(people, as_of=gift_day - timedelta(days=ahead + 1), days=7)) == []


def test_the_seller_chooses_the_holidays_and_the_lead() -> None:
    dragon_boat = date(2027, 6, 9)  # 端午 2027
    people = customers_before(dragon_boat - timedelta(days=30))
    rules = Rules(gift_holidays=[Holiday.DRAGON_BOAT], gift_lead_days=5)
    as_of = dragon_boat - timedelta(days=5)
    assert gifts(queue(people, as_of=as_of, rules=rules, days=0)) == [
        (1, as_of, Holiday.DRAGON_BOAT)
    ]
    none = Rules(gift_holidays=[])
    mid_autumn = date(2027, 9, 5)
    assert gifts(queue(customers_before(mid_autumn), as_of=mid_autumn, rules=none, days=0)) == []
    with pytest.raises(ValidationError, match="gift_holidays"):
        Rules(gift_holidays=[Holiday.MID_AUTUMN, Holiday.MID_AUTUMN])
    with pytest.raises(ValidationError, match="gift_lead_days"):
        Rules(gift_lead_days=0)


def test_a_gift_is_bound_to_its_day_in_the_plan() -> None:
    gift_day = date(2028, 9, 23)  # 中秋 2028-10-03
    last = bought_before(gift_day, 60)
    people = inputs(*(person(k, tier="A", last=last) for k in range(1, 6)))
    q = queue(people, as_of=gift_day, rules=Rules(plan_capacity=2), days=0)
    gift_rows = [k for k in range(len(q)) if REASONS[int(q.reason[k])] is Reason.GIFT]
    assert len(gift_rows) == 5
    assert all(int(q.planned_day[k]) == epoch_day(gift_day) for k in gift_rows)
    assert q.plan_count() == 5  # over the capacity: gifts cannot wait


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_gift_words(lang: str) -> None:
    detail, action, message = describe(
        Reason.GIFT,
        name="王芳",
        detail=HOLIDAYS.index(Holiday.MID_AUTUMN),
        occurrence=0,
        occasion_day=epoch_day(date(2027, 9, 15)),
        as_of_day=epoch_day(date(2027, 9, 5)),
        note="",
        rules=Rules(),
        lang=lang,  # type: ignore[arg-type]  # a Lang
    )
    label = Holiday.MID_AUTUMN.label(lang)  # type: ignore[arg-type]  # a Lang
    assert label in detail and "10" in detail
    assert "王芳" in message and label in message
    assert action == MESSAGES["followup.action.gift"][0 if lang == "zh" else 1]
