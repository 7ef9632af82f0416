"""A shop's order or after-sale status text -> what the order is to the book: paid, unpaid
(no purchase yet), closed (no purchase, ever) or refunded (in full); a refund column's
text -> refunded, not, or unsaid (an after-sale that happened, not saying whether money
went back).

Only a refund that is done refunds: one asked for, agreed but waiting for the goods, under
review, refused, withdrawn or partial leaves the purchase as paid (a partial one's amount
comes from a refund column). Words only: nothing here reads a file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

from xiaoben.store.importing.columns import simplified

OrderStatus = Literal["paid", "unpaid", "closed", "refunded"]
# The statuses of an order that is no purchase (not yet, or never)
NOT_BOUGHT: tuple[OrderStatus, ...] = ("unpaid", "closed")
RefundStatus = Literal["refunded", "not_refunded", "unsaid"]

# A status is read a clause at a time: 未发货，退款成功 is an order refunded before it was
# sent; 卖家已经同意退款，等待买家退货 a refund agreed, the goods not back yet.
CLAUSES = re.compile(
    r"[,，;；、/|｜()（）\[\]【】<>《》:：。!！?？\n\t]+|\s[-—–]+\s"
    r"|(?<=[^\x00-\x7f])[-—–]+|[-—–]+(?=[^\x00-\x7f])"  # 售后完成-退款, not after-sale
)
# A clause about a refund, a return, the after-sale (售后) or a request (用户取消申请, 申请取消:
# pending) rather than the order itself
_AFTER_SALE = re.compile(r"退款|退货|退钱|售后|申请|refund|return|after[ -]?sale|request")
# A refund done: 退款成功, 已退款, 退款完成, 退货退款完成, 全额退款, refunded …
_REFUND_DONE = re.compile(
    r"退款成功|已退款|退款完成|退款完毕|退款已完成|全额退款|已全额退|退款已到账|退货退款成功"
    r"|全部退款"  # 已全部退款, 订单已全部退款: refunded in full
    r"|已退货退款|退货(?:已)?完成|退货成功"  # the goods came back
    r"|^(?:对方)?已退还$"  # a WeChat Pay bill's: the transfer or 红包 went back to the payer
    r"|refunded|refund (?:success|succeeded|successful|complete|completed|done)|full refund"
    r"|returned|rejected by (?:the )?buyer"
)
# Words that make a clause naming a done refund something else: asked for, under way,
# pending, refused, failed, withdrawn, closed, partial, not (待退款, 全额退款中,
# 部分退款成功, 未退款, refund pending, not refunded, partially refunded)
_REFUND_NOT_DONE = re.compile(
    r"部分|中|申请|待|等待|未|没有|无|不|拒绝|驳回|失败|关闭|取消|撤销|撤回|审核|处理|逾期"
    r"|partial|pending|request|cancel|reject|declin|fail|clos|wait|process|review|progress|refunding"
    r"|\bnot?\b|\bnon\b|\bun"
)
# A clause that only says how far a refund has got: (处理中), 【审核中】, - pending,
# (in progress). Beside a done refund it takes it back: 全额退款（处理中） is not refunded yet.
# Closing and cancelling words are left out: 退款成功（已关闭） is the order closed after it.
_PENDING_MARK = (
    r"中|处理|审核|申请|待|等待|未完成|未到账|失败|拒绝|驳回|撤销|撤回|部分"
    r"|pending|progress|processing|requested|request|review|waiting|wait|failed|rejected"
    r"|declined|partial"
)
_PENDING = re.compile(
    rf"(?:{_PENDING_MARK}|退款|退货|售后|到账|refund|return|已|正在|的|is|being|in|under|\s)+"
)
# A refund done after the sale as 拼多多 writes it in the order status: 售后完成-退款
_AFTER_SALE_REFUND = re.compile(
    r"售后(?:完成|成功)[-—–:：\s]*(?:仅)?(?:退货)?退款"
    rf"(?![\s()（）\[\]【】<>《》:：\-—–]*(?:{_PENDING_MARK}))"
)
# A clause naming a refund as the kind of after-sale (抖店's 退货退款, 仅退款), and one saying
# it ended (已完成): 退货退款-已完成 is money gone back, 退货退款 alone not said (_UNSAID)
_REFUND_KIND = re.compile(
    r"(?:仅|退货)?退款(?:退货)?|(?:return (?:and|&) )?refund(?: only)?|return and refund"
)
_ENDED = re.compile(r"(?:已)?(?:完成|成功|结束)|completed?|done|finished|succeeded|successful")
# How an after-sale ended, in a word that names nothing else (not 交易关闭, 订单已取消)
_BARE_END = re.compile(r"(?:已)?(?:关闭|取消|撤销|结束|完成|成功)|closed|cancell?ed")
# An order closed or cancelled (before it was paid, or after a full refund): no purchase,
# and none ever again
# (已撤单, 已失效, 无效订单; a sale that failed: 交易失败, 拼团失败)
_CLOSED = re.compile(
    r"关闭|取消|作废|撤单|失效|无效|(?:交易|拼团|成团|支付|付款|下单|订单)失败|未成团"
    r"|cancel|closed|void|invalid|expired|(?:payment|order|transaction) failed"
    r"|^failed$"  # WooCommerce's payment failed, Lazada's delivery failed: no sale either way
    # an order never formed or ended before it was a sale (Shopee's 不成立, 交易终止, 付款超时,
    # 超时未付款; 已撤销 and 已过期 as the whole status: _ENDED_WHOLE)
    r"|不成立|终止|(?:付款|支付)(?:已)?(?:超时|过期)|超时(?:未(?:买家)?(?:付款|支付)|关闭|取消)"
)
# An order withdrawn or lapsed, a WooCommerce checkout draft or an order put in the trash,
# as the whole status says it (已撤销, 订单已过期, Draft, checkout-draft, Trash): closed. Not
# a clause of a longer status (退款成功（已撤销）, 拒收已撤销: the refund's, the sale stands).
_ENDED_WHOLE = re.compile(
    r"(?:订单|交易)?(?:已|已被)?(?:撤销|过期)|(?:checkout )?draft|trash(?:ed)?"
)
# An order not paid yet: no purchase so far (a later export may have it paid)
_UNPAID = re.compile(
    r"[待未](?:买家)?(?:付款|支付)"
    r"|unpaid|not paid|awaiting payment|pending payment|wait buyer pay|no create pay"
    r"|^on[ -]?hold$"  # WooCommerce's: awaiting the payment's confirmation
    r"|payment (?:pending|authori[sz]ed)|pending ?availability"  # Amazon's pre-order
    # a card payment not confirmed yet (淘宝's PAY_PENDING, 付款确认中)
    r"|pay pending|(?:付款|支付)确认中"
    # money not received yet: a WeChat Pay bill's transfer not accepted (待确认收款), a
    # seller's sheet's 待收款 / 未收款 (已收钱, 已收款: paid)
    r"|[待未](?:对方)?(?:确认)?收(?:款|钱)"
)
# A payment's state as the whole status: Shopify's Financial Status pending (not captured
# yet) and authorized (held on the card, not taken), WooCommerce's and Amazon's Pending. The
# bare word beside a refund is the refund's (Refunded - pending: paid, the refund under way).
_UNPAID_WHOLE = re.compile(r"pending|authori[sz]ed")


# A word one platform's export writes for a paid order where the others mean unpaid, told by
# a column only that export has (its header without spaces or marks, casefolded): Lazada's
# pending (paid, waiting to be packed) beside its Lazada Id; TikTok Shop's On hold (paid, in
# the buyer's hour to cancel) beside its Order Substatus. (WooCommerce's on-hold and
# Shopify's, WooCommerce's and Amazon's pending are payments not taken: unpaid.)
_PLATFORM_PAID = {
    "lazadaid": frozenset({"pending"}),
    "ordersubstatus": frozenset({"on hold"}),
}
_HEADER_MARKS = re.compile(r"[\W_]+")
_SPACES = re.compile(r"[\s-]+")


def paid_words(header: Sequence[str]) -> frozenset[str]:
    """The whole statuses a file's columns say are paid orders in it (order_status's
    `paid`): Lazada's pending, TikTok Shop's on hold; none for most files."""
    found = [
        _PLATFORM_PAID.get(_HEADER_MARKS.sub("", text.casefold()), frozenset()) for text in header
    ]
    return frozenset().union(*found)


# An order deleted, as the whole status says it (京东's (删除)锁定, 已删除): closed. Not a word
# of a longer status (交易成功（买家已删除）: the buyer took a paid order off her list).
_DELETED = re.compile(r"[(（\[【]?删除[)）\]】]?锁定|(?:订单)?(?:已|已被)?删除|deleted")
# Goods refused at the door (已拒收, 买家拒收, 已拒签): the money goes back, as the whole
# clause says it (not 拒收后重新签收, 拒收已撤销)
_REFUSED_AT_DOOR = re.compile(r"(?:买家|客户|用户)?(?:已)?拒(?:收|签)(?:成功|完成|已完成)?")


def order_status(text: str, paid: frozenset[str] = frozenset()) -> OrderStatus:
    """交易关闭 / 已取消 … -> closed; 等待买家付款 / 待支付 / pending / authorized … ->
    unpaid (`paid`: whole statuses the file's platform writes for a paid order, paid_words);
    退款成功 / 已退款 /
    未发货，退款成功 / 售后完成-退款 … -> refunded; anything else (交易成功, 已签收,
    退款中, 买家取消退款, 卖家已经同意退款，等待买家退货, 退款关闭, 全额退款（处理中） …)
    -> paid."""
    folded = _folded(text)
    if _AFTER_SALE_REFUND.search(folded):
        return "refunded"
    if paid and _SPACES.sub(" ", folded) in paid:
        return "paid"
    if _UNPAID_WHOLE.fullmatch(folded):
        return "unpaid"
    if _DELETED.fullmatch(folded.replace(" ", "")) or _ENDED_WHOLE.fullmatch(folded):
        return "closed"
    clauses = [clause.strip() for clause in CLAUSES.split(folded) if clause.strip()]
    pending = [bool(_PENDING.fullmatch(clause)) and _has_mark(clause) for clause in clauses]
    pending = [False, *pending, False]  # the clause before the first, after the last
    if any(
        _refund_done(clause) and not (pending[at] or pending[at + 2])
        for at, clause in enumerate(clauses)
    ):
        return "refunded"
    if any(  # 退货退款-已完成: the kind of after-sale, then how it ended (and nothing pending)
        _REFUND_KIND.fullmatch(clause) and _ENDED.fullmatch(ended) and not pending[at + 3]
        for at, (clause, ended) in enumerate(pairwise(clauses))
    ):
        return "refunded"
    # A refund (or after-sale) not done says nothing of the order: 退款关闭 and 售后取消 close
    # the refund, the sale stands; the order's own clauses say whether it was bought.
    # (退货退款-已关闭: how the after-sale it follows ended, not the order; 退款，交易关闭
    # names the order, and stands)
    orders = [
        clause
        for at, clause in enumerate(clauses)
        if not _AFTER_SALE.search(clause)
        and not (at and _REFUND_KIND.fullmatch(clauses[at - 1]) and _BARE_END.fullmatch(clause))
    ]
    if any(_CLOSED.search(clause) for clause in orders):
        return "closed"  # 未付款，已关闭: closed, whatever came before
    return "unpaid" if any(_UNPAID.search(clause) for clause in orders) else "paid"


_MARK = re.compile(_PENDING_MARK)
_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")


def _folded(text: str) -> str:
    """A status as its words are compared: case-folded, in simplified characters (a Taiwan
    or Hong Kong shop's 交易關閉, 訂單不成立 are 交易关闭, 订单不成立, as headers are read:
    columns.simplified), `_` and an English word's `-` as spaces (PAY_PENDING,
    checkout-draft)."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("_", " ").strip()
    if not folded.isascii():
        folded = simplified(folded)
    return _HYPHEN.sub(" ", folded)


def _has_mark(clause: str) -> bool:
    return bool(_MARK.search(clause))


def _refund_done(clause: str) -> bool:
    done = _REFUND_DONE.search(clause) or _REFUSED_AT_DOOR.fullmatch(clause)
    return bool(done) and not _REFUND_NOT_DONE.search(clause)


# A refund column speaks of the refund only, often in the platform's codes (淘宝/天猫
# refund_status, 支付宝, 微信支付, 有赞 refund_state): a bare SUCCESS or 成功 is a refund done.
_REFUND_CODES: dict[str, RefundStatus] = {
    **dict.fromkeys(
        ["success", "成功", "refund success", "refund successful", "refunded", "full refunded",
         "completed", "complete", "done", "已完成", "完成", "已成功"],
        "refunded",
    ),
    **dict.fromkeys(
        ["", "-", "--", "—", "/", "无", "没有", "否", "正常", "none", "no", "n/a", "na", "null",
         "no refund", "无退款", "未退款", "没有退款", "没有申请退款", "未申请退款", "无售后",
         "seller refuse buyer", "change", "refundclose", "refund close", "full refunding",
         "partial refunding", "partial refunded", "partial refund failed",
         "full refund failed"],
        "not_refunded",
    ),
}  # fmt: skip
# Words that say a refund was not done (an exchange, the goods sent again), whatever else
# the cell says
_NOT_REFUNDED = re.compile(rf"{_REFUND_NOT_DONE.pattern}|换货|补寄|补发|exchange|resen[dt]|reship")


def refund_status(text: str) -> RefundStatus | None:
    """SUCCESS / 成功 / REFUND_SUCCESS / 退款成功 -> refunded; NO_REFUND / 没有申请退款 /
    CLOSED / 退款关闭 / WAIT_SELLER_AGREE / 退款中 / 换货成功 … -> not_refunded; 售后完成 /
    退货退款 / 仅退款 … -> unsaid (see after_sale_unsaid); None when the text says nothing
    this can tell of a refund (已签收, 交易成功): the seller is asked, never guessed for."""
    folded = _folded(text)
    known = _REFUND_CODES.get(folded)
    if known is not None:
        return known
    if order_status(text) == "refunded":
        return "refunded"
    if _NOT_REFUNDED.search(folded):
        return "not_refunded"
    return "unsaid" if _unsaid(folded) else None


# An after-sale that happened, in words that do not say whether money went back: 售后完成
# closes an exchange or a resend as well as a refund; 退货退款, 仅退款 name the kind of
# after-sale (抖店, 小红书 售后状态), not how far it got.
_UNSAID = re.compile(
    r"售后(?:已)?(?:完成|成功|结束|完结)|已售后|(?:仅|退货)?退款(?:退货)?|退货"
    r"|after[ -]?sales? (?:completed?|finished|done|ended)|(?:return (?:and|&) )?refund(?: only)?"
    r"|return"
)


def after_sale_unsaid(text: str) -> bool:
    """Whether an order or after-sale status says only that an after-sale happened (售后完成,
    退货退款 …), not whether money went back: the purchase is paid, the seller told to
    check (unless a refund amount beside it says)."""
    folded = _folded(text)
    return _unsaid(folded) and order_status(text) == "paid" and not _NOT_REFUNDED.search(folded)


def _unsaid(folded: str) -> bool:
    """Whether some clause of the text is an after-sale not saying whether money went back,
    and every other one speaks of the order (已完成，售后完成), not of a refund."""
    clauses = [clause.strip() for clause in CLAUSES.split(folded) if clause.strip()]
    unsaid = [bool(_UNSAID.fullmatch(clause)) for clause in clauses]
    return any(unsaid) and all(
        said or not _AFTER_SALE.search(clause) for said, clause in zip(unsaid, clauses, strict=True)
    )


# A row's refund status saying that row had no refund: blank, none, a refund that did not
# happen (退款关闭, 拒绝退款, 退款失败, 未退款) or an exchange
_NO_REFUND_WORDS = frozenset(
    ["", "-", "--", "—", "/", "无", "没有", "否", "正常", "none", "no", "n/a", "na", "null",
     "no refund", "无退款", "未退款", "没有退款", "没有申请退款", "未申请退款", "无售后"]
)  # fmt: skip
_REFUND_UNDONE = re.compile(
    r"未|没有|无|不|拒绝|驳回|失败|关闭|取消|撤销|撤回|fail|clos|cancel|reject|declin|no refund"
    r"|not refund|换货|补寄|补发|exchange|resen[dt]|reship"
)
_REFUND_WORDS = re.compile(r"退款|退货|refund|return")


def refund_said(text: str) -> bool | None:
    """Whether a row's refund status (有赞's 订单退款状态 on each item row) says that row was
    refunded, in part or whole or under way (部分退款, 退款成功, 退款中): True; says it was
    not (blank, 无, 未退款, 退款关闭): False; None where it tells neither (已签收)."""
    folded = _folded(text)
    if folded in _NO_REFUND_WORDS or _REFUND_UNDONE.search(folded):
        return False
    if _REFUND_WORDS.search(folded) or refund_status(text) == "refunded":
        return True
    return None


# The sum a refund's status names (a WeChat Pay bill's 已退款(￥10.00): ¥10.00 of the
# payment went back, the rest kept): what went back, as a refund column would say it
_REFUND_SUM = re.compile(r"退款\s*[(（]?\s*[¥￥]\s*(\d[\d,]*(?:\.\d{1,2})?)\s*[)）]?")


def refund_sum(text: str) -> str | None:
    """The sum a refunded status names (已退款(￥10.00): 10.00), as written; None if none."""
    found = _REFUND_SUM.search(unicodedata.normalize("NFKC", text))
    return found.group(1) if found else None


# A status column asking whether the order was paid (是否付款: 是 / 否), as column_key
# writes its header: its answers are the order's status (是 paid, 否 unpaid)
PAID_QUESTIONS = frozenset({"是否付款", "是否已付款", "是否支付", "是否已支付", "是否已付"})
_PAID_ANSWERS: dict[str, OrderStatus] = {
    **dict.fromkeys(["是", "已付", "已付款", "已支付", "yes", "y", "true", "1", "√", "✓"], "paid"),
    **dict.fromkeys(
        ["否", "未付", "未付款", "未支付", "no", "n", "false", "0", "×", "✗"], "unpaid"
    ),
}


def answered_status(text: str) -> OrderStatus | None:
    """A 是否付款 cell's answer as the order's status (是 paid, 否 unpaid); None for a cell
    that is no yes or no (read as any status is: order_status)."""
    return _PAID_ANSWERS.get(_folded(text))


# Words a platform writes for a paid order (交易成功, 已发货, 待发货, 已签收, Completed,
# Shipped, Awaiting shipment …): a status read as paid holding none of them, nor a refund's
# or an after-sale's words, is one xiaoben does not know (unknown_paid), said so that a
# platform's new word for an order that is no sale (as 不成立 was) is caught
_KNOWN_PAID = re.compile(
    r"成功|完成|完结|结束|签收|收货|发货|出库|发出|配送|运输|派送|揽收|揽件|在途|已付|已支付|付款成功"
    r"|支付成功|已收款|成交|已确认|待确认|确认收货|评价|备货|打包|拣货|审核|成团|交易中|预售|定金|尾款"
    r"|正常|有效|已处理|待处理|处理中|付款中|支付中|待出库|待收货|待签收|待取件|待自提|已自提|自提"
    r"|paid|complete|shipped|shipping|to ship|ready|deliver|processing|fulfil|transit|sold"
    r"|confirmed|packed|picked|received|collected|dispatched|in progress|awaiting (?:shipment"
    r"|collection|pickup|fulfil)|open|active|partially"
    r"|finish|consign|signed|send goods|confirm goods"  # 淘宝's API: TRADE_FINISHED …
    r"|收钱|存入零钱"  # a WeChat Pay bill's money in: 已收钱, 朋友已收钱, 已存入零钱
)


def unknown_paid(text: str, paid: frozenset[str] = frozenset()) -> bool:
    """Whether a status is read as paid only because xiaoben knows none of its words (a
    word of a platform's it has not met: it may be an order that was no sale). A blank
    status, a platform's own paid word (`paid`: paid_words) and one naming a refund or an
    after-sale (退款中, 退款关闭) are known."""
    folded = _folded(text)
    if not folded or _SPACES.sub(" ", folded) in paid or order_status(text, paid) != "paid":
        return False
    if folded in _PAID_ANSWERS:
        return False
    return not (_KNOWN_PAID.search(folded) or _AFTER_SALE.search(folded) or _unsaid(folded))
