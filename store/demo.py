"""The demo book: a few hundred believable customers of a small skincare seller.

Chinese names and profiles, two years of purchases with a Pareto-like spend, contacts,
referrals and reminders — enough that every lens has members. Seeded: the same seed on
the same day gives the same book. Written through the Book's verbs, in one transaction.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from xiaoben.models.customer import Customer
from xiaoben.models.enums import QueueAction
from xiaoben.models.interaction import Interaction, Reminder
from xiaoben.models.purchase import Purchase
from xiaoben.store import followups
from xiaoben.store.queue_verbs import PLAN_DAYS
from xiaoben.store.rows import name_pinyin, stamp_text
from xiaoben.tiering.followup import (
    BIRTHDAY,
    CADENCE,
    GIFT,
    HOLIDAY,
    NEVER_CONTACTED,
    REASONS,
    WIN_BACK,
)
from xiaoben.tiering.frame import epoch_day, from_epoch_day

if TYPE_CHECKING:
    from xiaoben.store.book import Book

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤"
)
GIVEN_FEMALE = "晓燕丽娟静敏婷雪芳玲颖琳欣怡佳慧梦瑶倩蕾璐露莹洁淑雅思涵悦萍红霞秀英"
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫宇浩凯健俊峰帅波宁志建国文博"
REGIONS = {
    "广东": ("广州", "深圳", "佛山", "东莞"),
    "浙江": ("杭州", "宁波", "温州"),
    "江苏": ("南京", "苏州", "无锡"),
    "上海": ("上海",),
    "北京": ("北京",),
    "四川": ("成都", "绵阳"),
    "湖北": ("武汉", "宜昌"),
    "福建": ("福州", "厦门", "泉州"),
    "山东": ("济南", "青岛"),
    "湖南": ("长沙",),
}
OCCUPATIONS = (
    "教师",
    "护士",
    "会计",
    "设计师",
    "程序员",
    "销售",
    "公务员",
    "个体户",
    "全职妈妈",
    "学生",
    "医生",
)
EMPLOYERS = ("市一中", "人民医院", "星河科技", "华美商贸", "顺丰速运", "", "", "")
TAGS = (
    "宝妈",
    "上班族",
    "学生党",
    "送礼",
    "自用",
    "价格敏感",
    "品质优先",
    "回头客",
    "团长",
    "敏感肌",
)
INTERESTS = ("瑜伽", "烘焙", "旅行", "摄影", "喝茶", "护肤", "健身", "读书", "追剧", "养花")
NEEDS = (
    "敏感肌，想要温和不刺激的护肤品",
    "换季皮肤干，需要保湿",
    "想给妈妈买生日礼物",
    "公司年底要采购员工福利礼盒",
    "预算有限，关注活动和优惠",
    "想淡斑，之前用过几款效果一般",
    "",
)
SOURCES = ("朋友介绍", "小红书", "抖音", "朋友圈", "门店", "老客户转介绍", "展会")
PRODUCTS = (
    ("洁面乳", 68, 128),
    ("保湿精华", 198, 398),
    ("面霜", 158, 328),
    ("面膜(10片)", 89, 159),
    ("防晒霜", 99, 169),
    ("口红", 129, 269),
    ("护肤礼盒", 399, 999),
    ("香水", 299, 699),
)
MOBILE_PREFIXES = (
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "158",
    "159",
    "186",
    "187",
    "188",
    "177",
    "199",
)


def _name(rng: random.Random, female: bool) -> str:
    pool = GIVEN_FEMALE if female else GIVEN_MALE
    given = "".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def _profile(rng: random.Random, index: int, today: date) -> Customer:
    female = rng.random() < 0.78
    name = _name(rng, female)
    province = rng.choice(list(REGIONS))
    year = rng.randint(1962, 2004)
    birthday = {"month": rng.randint(1, 12), "day": rng.randint(1, 28)}
    if rng.random() < 0.7:
        birthday["year"] = year
    if rng.random() < 0.15:
        birthday["lunar"] = True
    full, _ = name_pinyin(name)
    business = rng.random() < 0.08
    age = today.year - year
    band = next(
        b
        for limit, b in (
            (18, "under18"),
            (25, "18-24"),
            (35, "25-34"),
            (45, "35-44"),
            (55, "45-54"),
            (65, "55-64"),
            (200, "65plus"),
        )
        if age < limit
    )
    return Customer(
        code=f"C{index:04d}",
        name=name,
        gender="female" if female else "male",
        birthday=birthday if rng.random() < 0.8 else None,
        age_band=band,
        province=province,
        city=rng.choice(REGIONS[province]),
        occupation=rng.choice(OCCUPATIONS),
        employer=rng.choice(EMPLOYERS),
        is_business=business,
        employee_band=rng.choice(("lt50", "50-200", "200-800")) if business else None,
        resources=rng.choice(("large", "medium", "small")) if business else None,
        phones=[rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"],
        wechat=f"{full[:12]}_{rng.randint(10, 9999)}" if rng.random() < 0.85 else None,
        preferred_channel=rng.choice(
            ("wechat", "wechat", "wechat", "phone", "xiaohongshu", "douyin", "shop")
        ),
        source=rng.choice(SOURCES),
        tags=rng.sample(TAGS, rng.randint(0, 3)),
        interests=rng.sample(INTERESTS, rng.randint(0, 3)),
        needs=rng.choice(NEEDS),
        demand=rng.randint(1, 5) if rng.random() < 0.6 else None,
        purchasing_power=rng.randint(1, 5) if rng.random() < 0.6 else None,
        strategic=rng.random() < 0.03,
    )


MIN_GAP_DAYS = 7  # a buyer's purchases are a week apart at least: nobody buys daily


def _purchases(rng: random.Random, customer_id: int, today: date) -> list[Purchase]:
    # Spend follows a Pareto law (alpha ≈ 1.16 gives the 80/20 split); heavy spenders
    # buy more often and dearer.
    weight = min(rng.paretovariate(1.16), 40.0)
    orders = max(1, min(40, int(rng.expovariate(1 / (1.5 + weight * 1.2)))))
    first = today - timedelta(days=rng.randint(5, 730))
    span = (today - first).days
    lapsed = rng.random() < 0.25
    last_possible = span if not lapsed else max(1, span - rng.randint(181, max(182, span)))
    bought = []
    offsets = []
    for _ in range(orders):
        offsets.append(rng.randint(0, max(0, last_possible)) if orders > 1 else 0)
        item, low, high = rng.choice(PRODUCTS)
        quantity = 1 if rng.random() < 0.8 else rng.randint(2, 4)
        unit = Decimal(rng.randint(low, high)) * Decimal(min(1.0 + weight / 20, 2.5)).quantize(
            Decimal("0.01")
        )
        amount = (unit * quantity).quantize(Decimal("0.01"))
        refunded = (
            (amount * Decimal("0.5")).quantize(Decimal("0.01"))
            if rng.random() < 0.04
            else Decimal(0)
        )
        cost = (
            (amount * Decimal(rng.uniform(0.35, 0.6))).quantize(Decimal("0.01"))
            if rng.random() < 0.5
            else None
        )
        bought.append(
            Purchase(
                customer_id=customer_id,
                date=first,  # placed below
                amount=amount,
                items=item,
                quantity=quantity,
                refunded=refunded,
                cost=cost,
                channel=rng.choice(("wechat", "wechat", "shop", "xiaohongshu", "douyin")),
            )
        )
    return _on_occasions(bought, first, sorted(offsets), last_possible)


def _on_occasions(
    bought: list[Purchase], first: date, offsets: list[int], last_possible: int
) -> list[Purchase]:
    """The purchases on the days drawn, each at least MIN_GAP_DAYS after the one before
    (days drawn too close move on); a run pushed past the last possible day starts
    earlier instead (a frequent buyer's history is longer)."""
    days, day = [], -MIN_GAP_DAYS
    for offset in offsets:
        day = max(offset, day + MIN_GAP_DAYS)
        days.append(day)
    late = max(0, days[-1] - last_possible) if days else 0
    return [
        purchase.model_copy(update={"date": first + timedelta(days=day - late)})
        for purchase, day in zip(bought, days, strict=True)
    ]


def _contacts(rng: random.Random, customer_id: int, today: date, buyer: bool) -> list[Interaction]:
    out = []
    for _ in range(rng.randint(0, 6)):
        day = today - timedelta(days=rng.randint(1, 700))
        kind = rng.choice(("message", "message", "call", "greeting", "visit", "gift", "meeting"))
        outcome = rng.choice(("reached", "reached", "no_answer", "showed_intent", "not_interested"))
        out.append(
            Interaction(
                customer_id=customer_id,
                at=datetime.combine(day, time(rng.randint(9, 20), rng.choice((0, 15, 30, 45)))),
                kind=kind,
                outcome=outcome,
                note={"gift": "送了新品小样", "greeting": "节日问候", "call": "回访使用感受"}.get(
                    kind, ""
                ),
                service_minutes=rng.choice((None, 5, 10, 30)),
            )
        )
    if not buyer and rng.random() < 0.35:
        # A prospect: showed intent in the last few weeks.
        out.append(
            Interaction(
                customer_id=customer_id,
                at=datetime.combine(today - timedelta(days=rng.randint(0, 20)), time(15, 0)),
                kind="message",
                outcome="showed_intent",
                note="问了保湿精华的价格",
            )
        )
    return out


def write_demo(book: Book, *, customers: int = 300, seed: int = 7) -> int:
    """Fill `book` with `customers` demo customers; returns how many were written.

    A seller who keeps up: after the history is written, every customer's last contact
    follows the cadence (due some day of the coming interval), past birthdays and
    festivals were greeted on the day, and a few contacts slipped a day or four."""
    rng = random.Random(seed)
    today = book.today()
    book.mark_demo()
    with book.batch():
        saved: list[Customer] = []
        for index in range(1, customers + 1):
            profile = _profile(rng, index, today)
            if saved and rng.random() < 0.15:
                profile.referred_by = rng.choice(saved[: max(1, len(saved) // 3)]).id
            customer = book.save_customer(profile)
            saved.append(customer)
            buyer = rng.random() < 0.8
            days = [today - timedelta(days=index % 61)]  # met lately (no draw: same stream)
            if buyer:
                purchases = _purchases(rng, customer.id or 0, today)
                for purchase in purchases:
                    book.add_purchase(purchase)
                days = [purchase.date for purchase in purchases]
            elif rng.random() < 0.4:
                book.save_customer(customer.model_copy(update={"target_profile": True}))
            contacts = _contacts(rng, customer.id or 0, today, buyer)
            for contact in contacts:
                book.log_contact(contact)
            days += [contact.at.date() for contact in contacts]
            _joined(book, customer.id or 0, min(days))
            if rng.random() < 0.06:
                book.set_reminder(
                    Reminder(
                        customer_id=customer.id or 0,
                        due=today + timedelta(days=rng.randint(0, 10)),
                        note="回电话确认礼盒款式",
                    )
                )
    slipped = _keep_up_with_the_cadence(book, rng, today)
    _answer_what_was_due(book, today, slipped)
    return customers


def _joined(book: Book, customer_id: int, day: date) -> None:
    """The customer came into the book on their first record's day, not on the demo's."""
    book.conn.execute(
        "UPDATE customers SET created_at = ? WHERE id = ?",
        (stamp_text(datetime.combine(day, time(9, 0))), customer_id),
    )


SLIP_SHARE = 0.02  # contacts that slipped a few days past the cadence


def _keep_up_with_the_cadence(book: Book, rng: random.Random, today: date) -> set[int]:
    """Each customer in the cadence (or win-back) was last contacted some day within their
    interval, so their next round falls due some day of the coming interval; a few
    slipped. Returns the customers whose round slipped."""
    found = book.queue(days=PLAN_DAYS, capacity=0)
    rounds = {CADENCE: 0, WIN_BACK: book.rules().win_back_days}
    slipped: set[int] = set()
    with book.batch():
        for k in range(len(found)):
            reason = int(found.reason[k])
            if reason not in rounds:
                continue
            customer_id = int(found.customer_id[k])
            interval = rounds[reason] or int(found.detail[k]) % NEVER_CONTACTED
            back = rng.randint(1, interval)
            if reason == CADENCE and rng.random() < SLIP_SHARE:
                back = interval + rng.randint(1, 4)
                slipped.add(customer_id)
            _contact(book, customer_id, today - timedelta(days=back), "message")
    return slipped


def _answer_what_was_due(book: Book, today: date, slipped: set[int]) -> None:
    """What fell due before today was done on its day: greetings sent (and marked done
    in the queue), at-risk and new customers called; the slipped rounds stay overdue."""
    found = book.queue(days=0, capacity=0)
    occasions = {BIRTHDAY: "greeting", HOLIDAY: "greeting", GIFT: "gift"}
    with book.batch():
        for k in np.flatnonzero(found.due_day < epoch_day(today)).tolist():
            customer_id, reason = int(found.customer_id[k]), int(found.reason[k])
            if customer_id in slipped and reason == CADENCE:
                continue
            day = from_epoch_day(int(found.due_day[k]))
            contact = _contact(book, customer_id, day, occasions.get(reason, "call"))
            if reason in occasions:
                followups.record(
                    book.conn,
                    customer_id,
                    REASONS[reason],
                    int(found.occurrence[k]),
                    QueueAction.DONE,
                    stamp_text(contact.at),
                    interaction_id=contact.id,
                )


def _contact(book: Book, customer_id: int, day: date, kind: str) -> Interaction:
    return book.log_contact(
        Interaction(
            customer_id=customer_id,
            at=datetime.combine(day, time(11, 0)),
            kind=kind,
            outcome="reached",
        )
    )
