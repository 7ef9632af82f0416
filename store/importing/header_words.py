"""Headers no table of names lists, read by a word they hold (订单日期, 客户电话, 收货地址1).

A column key (columns.column_key) in, a field out: no cell is read here. An order's words
(日期, 金额) and free text's (备注) are read wherever they stand unless a word says
otherwise (发货日期); a word of the customer's own (生日, 电话, 地址) only where the rest
of the header says it is hers: 客户生日, 生日（公历）, never 宝宝生日, 生日礼物, 公司地址,
老公电话.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["purchases", "customers"]

RANK = 1000  # after every exact name
_LONGEST = 10  # characters of a header read by its words

# Fields read by a word wherever it stands (订单日期, 备注说明): an order's, and free text's.
# (field, words any of which it holds, words it must not hold)
_ANYWHERE: dict[Kind, tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = {
    "purchases": (
        (
            "date",
            ("日期", "时间"),
            (
                *("发货", "签收", "到货", "退款", "生日", "出生", "物流", "修改", "更新"),
                *("评价", "收货"),
            ),
        ),
        (
            "amount",
            ("金额", "实付", "实收", "付款额", "消费额", "销售额", "总价", "成交价"),
            (
                *("退款", "优惠", "运费", "邮费", "折扣", "成本", "佣金", "税", "积分", "红包"),
                *("单价", "已退", "退货", "售后"),
            ),
        ),
        # the currency of the amounts (订单币种, 商品币别, 结算货币): a row in another is refused
        ("currency", ("币种", "币别", "货币"), ("金额", "价", "汇率")),
        # what went back (订单已退金额, 商品退货金额, 售后退款金额): the refund, not an amount
        ("refunded", ("已退金额", "退货金额", "售后金额", "退款金额", "退款额"), ("运费", "邮费")),
        ("quantity", ("数量", "件数"), ("退",)),
        (
            "items",
            ("商品", "产品", "宝贝", "品名"),
            ("编号", "编码", "id", "数量", "金额", "价", "规格", "属性", "类目", "链接", "图"),
        ),
        ("note", ("备注", "留言"), ()),
        ("after_sale", ("售后状态", "退款状态"), ()),
    ),
    "customers": (
        ("notes", ("备注",), ()),
        # a sheet's groups of customers (客户分组, 分组名称) are her tags
        ("tags", ("标签", "分组"), ()),
        ("source", ("来源",), ()),
    ),
}

# Words naming the customer herself, first in a header (客户手机, 收货人地址): a seller's sheet
# keeps others' columns beside hers (宝宝生日, 老公电话, 紧急联系人电话, 推荐人电话), so
# whose a field's word is must be said by one of these, or by nothing.
_HERSELF = (
    *("客户", "顾客", "客人", "买家", "会员", "用户", "本人", "个人", "消费者", "联系人"),
    *("收货人", "收件人", "下单人", "购买人", "提货人"),
    *("customer", "client", "buyer", "member", "contact", "consignee", "personal"),
)
# Words after a field's word saying its form, never another thing (生日礼物, 手机壳): a
# number of several columns (收货地址1), and the unit notes column_key keeps out already.
_NUMBERED = r"\d"


@dataclass(frozen=True)
class _Hers:
    """A field of the customer's own: its words, and the headers naming it by one."""

    words: tuple[str, ...]
    header: re.Pattern[str]


def _her(words: tuple[str, ...], which: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> _Hers:
    """A field of the customer's own named by one of `words`, in a header of a word of
    _HERSELF (客户, 客户的) or none, then which of hers (`which`: 联系电话, 家庭地址,
    电子邮箱), the field's word, and notes of its form (`after`: 号码, 日期) or a number."""
    herself = "|".join(_HERSELF)
    kinds = "|".join(which) or "(?!)"
    notes = "|".join((*after, _NUMBERED))
    header = rf"(?:(?:{herself})的?)?(?:{kinds})*(?:{'|'.join(words)})(?:{notes})*"
    return _Hers(words, re.compile(header))


_PHONE = _her(
    ("手机", "电话", "座机", "固话", "宅电"),  # (座机, 固话, 宅电: a landline)
    which=("联系", "收货", "收件", "常用", "备用", "主要", "移动", "固定", "家庭", "住宅"),
    after=("号码", "号", "码"),
)
_WECHAT = _her(("微信",), which=("联系", "常用"), after=("号码", "号", "账号", "帐号", "id"))
# a customer's name on WeChat or a shop's platform, never a seller's or an influencer's (达人昵称)
_NICKNAME = _her(
    ("昵称", "微信名", "网名"),
    which=("微信", "抖音", "快手", "小红书", "淘宝", "拼多多", "微博", "平台", "群"),
)
_NAME = _her(("姓名", "名字"), which=("真实", "收货", "收件"))
_ADDRESS = _her(
    ("地址", "住址"),  # (住址, 家庭住址, 现住址: where she lives)
    which=("收货", "收件", "联系", "通讯", "通信", "邮寄", "配送", "送货", "详细", "默认",
           "家庭", "住宅", "居住", "现住", "常住"),
    after=("详情",),
)  # fmt: skip
_BIRTHDAY = _her(
    ("生日", "出生"), which=("公历", "阳历", "新历"), after=("日期", "年月日", "年月", "日")
)
_EMAIL = _her(
    ("邮箱", "邮件", "email"),
    which=("电子", "常用", "联系"),
    after=("地址", "账号", "帐号", "address"),
)
_HER_WORDS: dict[Kind, tuple[tuple[str, _Hers], ...]] = {
    "purchases": (
        ("phone", _PHONE),
        ("wechat", _WECHAT),
        ("name", _NAME),
        ("nickname", _NICKNAME),
        ("address", _ADDRESS),
    ),
    "customers": (
        ("phones", _PHONE),
        ("wechat", _WECHAT),
        ("nickname", _NICKNAME),
        ("name", _NAME),
        ("birthday", _BIRTHDAY),
        ("birthday_lunar", _her(("农历生日", "阴历生日"), after=("日期",))),
        ("address", _ADDRESS),
        ("email", _EMAIL),
        ("gender", _her(("性别",))),
    ),
}
# Free text that may be a note on another field (电话备注, 生日备注): unclear beside its word
_FREE_TEXT = frozenset({"note", "notes", "tags", "source"})


def field_by_words(key: str, kind: Kind) -> str | None:
    """The field a header's column key names by a word it holds; None if no word does, or
    the words of more than one field do (电话备注: which is meant is unclear), or the header
    is too long to be a column's name (a sentence in a title row)."""
    if not key or len(key) > _LONGEST or others_nickname(key):
        return None
    fields = {
        field
        for field, words, unless in _ANYWHERE[kind]
        if any(word in key for word in words) and not any(word in key for word in unless)
    }
    hers = _HER_WORDS[kind]
    if fields & _FREE_TEXT and any(word in key for _, field in hers for word in field.words):
        return None  # 电话备注, 宝宝生日备注: a note, or the phone?
    if kind == "customers" and says_when(key):
        return None  # 加微信时间, 地址更新日期: the day of it, never her WeChat ID or address
    named = {name for name, field in hers if field.header.fullmatch(key)}
    fields |= named or _hers_unless_others(key, hers)
    return fields.pop() if len(fields) == 1 else None


# Words of a day or a time: after a word of hers (加微信时间, 添加微信日期, 电话登记时间), the
# header says when something happened to it, not what it is
_WHEN = ("时间", "日期", "时候", "年月日")
# the fields of hers whose words may stand before a day's word as their own (出生日期, 生日日期)
_DATED = frozenset({"birthday", "birthday_lunar"})


def says_when(key: str) -> bool:
    """Whether a customers header names a day or a time of a field of hers other than her
    birthday (加微信时间, 微信添加时间, 地址修改日期): a date, never that field's value."""
    hers = _HER_WORDS["customers"]
    if any(word in key for name, field in hers if name in _DATED for word in field.words):
        return False  # 出生日期, 生日时间: her birthday
    for word in _WHEN:
        at = key.find(word)
        if at > 0 and any(each in key[:at] for _, field in hers for each in field.words):
            return True
    return False


# A nickname of the seller's side of the sale or of the shop itself, never the buyer's
# (抖店's 达人昵称, 带货达人昵称, 快团团's 团长昵称, 店铺昵称; not 店铺会员昵称, a member's): no
# field of hers, listed as not imported saying whose it is (others_nickname)
_OTHERS_NICKNAME = re.compile(
    r"(?:达人|主播|作者|推广者|推广员|推广人|分享人|分享者|团长|分销商|分销员|店铺|博主|网红|代理"
    r"|kol|influencer|affiliate|streamer|creator|author|shop|store)的?(?:昵称|网名|nickname|nick)$"
)
# Words naming someone or something other than the customer (宝宝生日, 老公电话, 公司地址,
# 卖家电话, 生日礼物): a header holding one is never her field. Any other word before hers
# is taken as hers (下单手机号, VIP手机号, 会员卡手机号, 所在地址, 学员姓名, 家长电话 —
# sellers' own headers are open-ended; the others are the short, known list).
_NOT_HERS = (
    *("宝宝", "孩子", "小孩", "儿子", "女儿", "儿女", "子女", "老公", "老婆", "丈夫", "妻子"),
    *("爱人", "配偶", "妈妈", "母亲", "爸爸", "父亲", "家人", "亲属", "亲友", "紧急"),
    *("推荐人", "介绍人", "邀请人", "担保人", "公司", "单位", "办公", "工作", "礼物", "礼品"),
    *("祝福", "提醒", "发票", "快递", "物流", "卖家", "商家", "客服", "寄件", "发货", "退货"),
    *("仓库", "导购", "销售", "业务员", "员工", "店员", "尾号", "型号", "品牌"),
    # where she was born (出生地, 出生地点, 出生城市): a place, never her birthday
    *("出生地", "出生城", "出生省", "出生国"),
    *("baby", "child", "kid", "husband", "wife", "spouse", "mother", "father", "company"),
    *("work", "office", "invoice", "seller", "gift", "emergency"),
    # a yes/no question about the field, not its value (是否修改过地址, 微信是否好友, 有无微信)
    *("是否", "是不是", "有无", "有没有", "能否", "可否", "礼包"),
)
# Words after the field's word saying the header is about the order or the payment (是否手机
# 订单, 手机下单: placed on a phone; 微信支付单号), or a fact of the field, not its value (地址
# 类型, 手机归属地, 电话回访, 手机绑定); before it they name her (下单手机号, 付款人电话,
# 绑定手机号, 回访电话)
_ABOUT_AFTER = (
    *("订单", "下单", "支付", "付款", "类型", "类别", "种类", "归属", "回访", "接通", "拨打"),
    *("验证", "认证", "绑定", "状态"),
)


def _hers_unless_others(key: str, hers: tuple[tuple[str, _Hers], ...]) -> set[str]:
    """The field of the customer's own whose word `key` holds, when no word of _NOT_HERS is
    in it: the longest word found wins (农历生日 over 生日), a nickname over a WeChat ID
    (粉丝微信昵称: a nickname is never an ID)."""
    if any(word in key for word in _NOT_HERS):
        return set()
    for word in _ABOUT_AFTER:
        at = key.find(word)
        if at > 0 and any(each in key[:at] for _, field in hers for each in field.words):
            return set()
    found = {
        name: max(len(word) for word in field.words if word in key)
        for name, field in hers
        if any(word in key for word in field.words)
    }
    if "nickname" in found:
        found.pop("wechat", None)
    longest = max(found.values(), default=0)
    return {name for name, length in found.items() if length == longest}


def others_nickname(key: str) -> bool:
    """Whether a column key names another person's nickname (达人昵称, 带货达人昵称, 店铺昵称,
    influencer nickname): never the buyer's, listed as not imported saying so."""
    return bool(_OTHERS_NICKNAME.search(key))
