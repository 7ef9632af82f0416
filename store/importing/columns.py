"""A table's header -> our fields, through a table of the names sellers give their columns.

Matching only: no cell is read here; a file without a must-have column is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as default
from functools import cache, cached_property
from typing import TYPE_CHECKING, Literal

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import LANGS, MESSAGES, Lang, Listed, field_key, t
from xiaoben.store.exporting import CUSTOMER_HEADERS, REASONS_HEADER, REDACTED_NAME_HEADER
from xiaoben.store.importing.header_words import RANK as WORDED_RANK
from xiaoben.store.importing.header_words import Kind, field_by_words

if TYPE_CHECKING:  # custom fields come from the book: pydantic's models load with it
    from xiaoben.models.fields import FieldDef


@dataclass(frozen=True)
class ColumnMap:
    kind: Kind
    header: list[str]
    fields: dict[str, int]  # our field -> index of its column
    ignored: list[str]  # header texts of the columns nobody reads (not recognised)
    # index -> field of a column a better-named one beat (商品总价 when 实付款 is there)
    outranked: dict[int, str] = default(default_factory=dict)
    # field -> its outranked columns, best first: where a row leaves the column read blank,
    # the date is read from the next (a 货到付款 order has no 付款时间 but its 下单时间)
    fallbacks: dict[str, list[int]] = default(default_factory=dict)
    # field -> all its columns in the file's order, where several name a field whose cells
    # are joined (two 备注 columns: notes; 标签 and 个人标签: tags). See JOINED_FIELDS.
    joined: dict[str, list[int]] = default(default_factory=dict)
    # the order's total is an amount column merged over rows (merged_totals): the rows under
    # each merged cell are one order's, whatever order numbers say
    total_merged: bool = False
    # the fields the seller chose a column for (--map, the app's mapping): her word stands
    # (--map "实收金额=order_total": the order's paid total, though 实收金额 may be an item's)
    mapped: frozenset[str] = frozenset()
    # no amount column: each row's amount is its unit price (the `amount` column, 单价)
    # times its quantity (_priced_amount)
    amount_per_unit: bool = False
    # no name column: the buyer's first and last name columns (WooCommerce's First Name
    # (Billing), Last Name (Billing)), joined into the name as the contacts reader joins them;
    # the name's field is the first of them (rows_named writes the whole name there)
    name_parts: tuple[int, ...] = ()
    # the book's custom fields the columns were matched with: a message names one of them
    # by its label (field_name), never by its key (custom.3)
    custom: tuple[FieldDef, ...] = ()

    def field_name(self, field: str, lang: Lang | None = None) -> str:
        """A field of these columns as the seller reads it (field_name)."""
        return field_name(field, self.custom, lang)

    def read_as(self) -> dict[int, str]:
        """index -> field of every column whose cells are read: a field's own column, each
        of a joined field's, and for customers every phone column (customer_rows reads a
        spare number under 备用电话, or under 手机 merged over two columns, as a phone)."""
        read = {index: field for field, index in self.fields.items()}
        read |= {index: field for field, others in self.joined.items() for index in others}
        if self.kind == "customers":
            read |= {index: f for index, f in self.outranked.items() if f == "phones"}
        read |= {index: "name" for index in self.name_parts}
        return read

    def columns_read(self) -> frozenset[int]:
        """Every column a row's cells are read from: read_as, and the columns read where a
        better one is blank (ColumnMap.fallbacks)."""
        fallbacks = {at for others in self.fallbacks.values() for at in others}
        return frozenset(self.read_as()) | fallbacks

    def bill_kind(self) -> int | None:
        """The column of a pay bill naming its kind of payment, where the file is a bill
        (bill_kind_at): read by its reader, no column left unread."""
        return bill_kind_at(self.header, self.fields)

    def column(self, field: str) -> str:
        """The header text of a field's column, as written in the file."""
        return self.header[self.fields[field]]

    def joined_cells(self, field: str, cells: Sequence[str]) -> str:
        """A row's cells of a joined field as one: notes a line a column (each under its
        own label when more than one holds text: _line_labels), the others (tags, phones)
        listed."""
        filled = [(at, cells[at].strip()) for at in self.joined[field]]
        filled = [(at, cell) for at, cell in filled if cell]
        if field not in _FREE_TEXT:
            return ", ".join(cell for _, cell in filled)
        if len(filled) == 1 and not member_summary(self.header[filled[0][0]]):
            return filled[0][1]
        labels = self._line_labels
        return "\n".join(f"{labels[at]}：{cell}" for at, cell in filled)

    @cached_property
    def _line_labels(self) -> dict[int, str]:
        """The label of each joined free-text column's lines: its header as the sheet
        writes it (客户备注), and where two columns have one header (two 备注 columns, 备注
        merged over two) with its place, as the import's messages name it: 备注（第 3 列）.
        In Chinese whatever the import's language, as the notes' other import lines."""
        labels: dict[int, str] = {}
        for field in _FREE_TEXT & self.joined.keys():
            columns = self.joined[field]
            names = [_same_name(self.header[at]) for at in columns]
            for at, name in zip(columns, names, strict=True):
                header = self.header[at].strip()
                if names.count(name) > 1:
                    header = t("import.joined_column_at", "zh", header=header, n=at + 1)
                labels[at] = header
        return labels


def field_name(field: str, custom: Sequence[FieldDef] = (), lang: Lang | None = None) -> str:
    """A field as the seller reads it, in `lang`: one of ours by the catalogue's word for it
    (电话, phone), a custom field by the label she gave it (会员级别, tier2). A custom field
    not among `custom` (a caller that has no fields to name it by, whose message is caught)
    by its key."""
    for own in custom:
        if own.key == field:
            return own.label(lang)
    key = field_key(field)
    return t(key, lang) if key in MESSAGES else field


def unread_only(read: Collection[int], cells: Sequence[str]) -> bool:
    """Whether a row holds nothing in the columns read (`read`): its only cells, if any, are
    in columns not imported (a sheet numbered ahead in 序号 for rows not used yet). An
    empty row, passed over and counted, never a customer refused for a missing name."""
    return not any(cells[at].strip() for at in read if at < len(cells))


def _same_name(header: str) -> str:
    """A header as two columns of one name compare: 备注 and 备注 , Remark and remark."""
    return unicodedata.normalize("NFKC", header).strip().casefold()


# A member list's (有赞, 微盟, 客如云, Shopify's customers) totals of each customer's spending
# and of their orders, as column_key writes headers: a summary, never a purchase
_SPENT = re.compile(
    r"(?:累计|总|合计)(?:消费|实付|支付|购买|交易)(?:金额|额|总额)?|消费(?:总额|总金额|合计|金额合计)|"
    r"累计(?:消费)?金额|totalspent|amountspent|totalspend|lifetimespend|lifetimevalue"
)
_ORDERS = re.compile(
    r"(?:累计)?(?:消费|购买|下单|成交|交易|付款)(?:总)?(?:次数|笔数)|(?:累计)?订单(?:总)?(?:数|次数|笔数)|"
    r"totalorders|orderscount|ordercount|numberoforders"
)
# A member list's facts of each member's card, as column_key writes headers: her level
# (会员等级, VIP等级, 客户等级), points (积分, 可用积分, 积分余额), stored value (储值余额,
# 卡内余额: money the seller holds of hers), card number (会员卡号) and the days of her first
# and last purchase (首次消费时间, 最近消费时间). No field of ours holds them: lines of her
# notes, as the totals are, never left out.
_MEMBER_CARD = re.compile(
    r"(?:会员|vip|客户|会员卡|卡)?(?:等级|级别)|成长值"
    r"|(?:可用|当前|剩余|累计|会员|账户|可用会员)?积分(?:余额)?"
    r"|(?:储值|账户|卡内|会员卡|卡|剩余|可用|储值卡)余额|余额|(?:剩余|可用)?储值(?:金额)?"
    r"|(?:会员)?卡号|会员编号卡号"
    r"|(?:reward|loyalty|member)?points|storecredit|giftcardbalance|accountbalance"
    r"|(?:loyalty|membership|member|vip)(?:tier|level)|membercard(?:number|no)"
    # and the days of her first and last purchase before this book (最近消费时间)
    r"|(?:最近|最后|末次|上次|首次|第一次|初次)(?:一次)?(?:消费|购买|下单|交易|到店)(?:时间|日期)"
    r"|(?:first|last|latest|recent)(?:order|purchase|visit)(?:date|time|at)?"
)
# The payer column of a WeChat Pay or Alipay bill, as column_key writes it: a 收/支 column
# is a bill's (importing/pay_bills.py) only beside one
_BILL_PAYERS = frozenset({"交易对方"})
# the rank of a member list's totals among the notes' columns: after the seller's own 备注
_SUMMARY_RANK = 99


# The column naming a bill's kind of payment (WeChat's 交易类型, Alipay's 交易分类 and its
# older export's 类型), as column_key writes it: one naming a refund (美团-退款, 转账-退款) is
# the seller's own money coming back, never a customer's payment (importing/pay_bills.py)
BILL_KINDS = frozenset({"交易类型", "交易分类", "类型"})


def bill_kind_at(header: Sequence[str], fields: Mapping[str, int]) -> int | None:
    """The first column of a pay bill (a 收/支 column: fields' `direction`) whose header
    names the kind of payment (BILL_KINDS) and no field is read from; None for another file."""
    if "direction" not in fields:
        return None
    read = set(fields.values())
    return next(
        (at for at, text in enumerate(header) if column_key(text) in BILL_KINDS and at not in read),
        None,
    )


def member_summary(text: str) -> bool:
    """Whether a header names a member list's total of a customer's spending (累计消费金额,
    消费总额, 总消费, Total Spent) or count of their orders (消费次数, 订单数, Total Orders), or
    a fact of her member card (会员等级, 积分, 储值余额, 会员卡号, Points): each kept as a line
    of her notes under its header, the newest sheet's in place of an older one's."""
    key = column_key(text)
    return bool(_SPENT.fullmatch(key) or _ORDERS.fullmatch(key) or _MEMBER_CARD.fullmatch(key))


def member_totals(header: Sequence[str]) -> tuple[str, str] | None:
    """A member list's total spending column beside its count of orders (累计消费金额 and
    消费次数), as written; None where the file has not both."""
    spent = next((text for text in header if _SPENT.fullmatch(column_key(text))), None)
    orders = next((text for text in header if _ORDERS.fullmatch(column_key(text))), None)
    return (spent.strip(), orders.strip()) if spent and orders else None


def _refuse_member_totals(header: Sequence[str]) -> None:
    """A purchases file that is a member list (a total spent beside a count of orders) is
    refused: its total is no purchase, and read as one it makes 23 orders one."""
    found = member_totals(header)
    if found is not None:
        raise BookError("import.member_totals", total=found[0], count=found[1])


# A place as shop exports split it: 收货人省份 / 收货人城市 / 收货人区县 / 详细地址. 有赞
# heads a delivery's or a pick-up's address 详细收货地址/提货地址. 淘宝's 修改后的收货地址 (the
# buyer's corrected address) comes first: the address where a row has one (_CORRECTED).
_ADDRESS = (
    "修改后的收货地址/修改后收货地址/address/地址/联系地址/收货地址/详细地址/收件地址/收货人地址/收件人地址/收货人详细地址/"
    "收货详细地址/买家收货地址/收件人详细地址/详细收货地址/提货地址/"
    # English shops: the delivery's street first (Shopify's Shipping Street is Address1
    # and Address2 together), then the billing one
    "shipping street/shipping address/shipping address1/shipping address 1/ship address 1/"
    "ship to address 1/ship address1/delivery address/detail address/street 1/"
    "billing street/billing address/billing address1/billing address 1/buyer address 1/address1/"
    "address 1/default address address1"
)
_PROVINCE = (
    "province/省份/省/所在省份/所在省/收货人省份/收件人省份/收货省份/省份名称/省名/"
    "shipping province/shipping province name/ship state/ship to state/shipping state/state/"
    "shipping region/billing province/billing province name/billing state/buyer state/"
    "default address province code/province code"
)
_CITY = (
    "city/城市/市/所在城市/所在市/收货人城市/收件人城市/收货城市/城市名称/地级市/"
    "shipping city/ship city/ship to city/billing city/buyer city/default address city"
)
_DISTRICT = "district/区县/区/县/所在区县/所在区/县区/收货人区县/收件人区县/收货区县/县区名称"
# 省市 beside the detailed address (地址 merged over 省市 | 详细地址, a hand-made layout):
# the start of the address (浙江省杭州市), put before the rest of it
_REGION = "province and city/省市/所在省市/省份城市/省市区/所在省市区/省市县"
# 拼多多 and many sellers' own sheets split the address 省 | 市 | 区 | 街道: the street (or the
# township, 文新街道, before a 详细地址) goes into the address after the district.
_STREET = (
    "street/街道/街道地址/乡镇/乡镇街道/街道乡镇/所在街道/收货人街道/收件人街道/收货街道/"
    "街道名称/street address"
)

# A buyer's account on a shop's platform (Taobao's 买家会员名, JD's 下单帐号, TikTok Shop's
# Buyer Username): a key of the customer kept in the notes, in either import
_ACCOUNT = (
    "account/shop account/买家会员名/买家账号/买家帐号/会员名/下单帐号/下单账号/买家用户名/"
    "买家ID/淘宝会员名/淘宝账号/京东账号/buyer account/buyer username/buyer user name/"
    "buyer id/buyer nick/buyer user id/username/buyer user/"
    # a Taobao buyer's 旺旺 as sellers label it, and other platforms' IDs (unique there)
    "旺旺/旺旺名/旺旺号/旺旺id/买家旺旺/买家旺旺名/买家旺旺号/淘宝id/淘宝名/淘宝号/"
    "抖音号/抖音id/快手号/快手id/小红书号/小红书id/拼多多id"
)

# A buyer's name, phone and address pasted in one cell, as WeChat's or Taobao's 复制收货地址
# gives them (张三，13800138000，浙江省杭州市…): read into the row's name, phone and address
# (importing/recipients.py), in either import
_RECIPIENT = (
    "收货信息/收件信息/收货人信息/收件人信息/收货地址信息/收件地址信息/shipping info/"
    "shipping information"
)

# Names a seller's file may use, best first (the best-ranked column wins when several match).
# The catalogue's zh and en labels of each field are accepted as well.
_PURCHASE_NAMES = {
    # a code or a name, as the seller's own sheet means it
    "customer": "customer/客户/顾客/买家/buyer/client",
    # a buyer's account on the shop's platform (Taobao's 买家会员名, JD's 下单帐号, TikTok
    # Shop's Buyer Username): unique there, never the seller's code for them (a key of its
    # own: purchase_rows.read_key, kept in the notes)
    "account": _ACCOUNT,
    # a buyer's display name on 抖音, 拼多多, 快手 …: many buyers are 小王, so no key of anyone's
    # beside another (purchase_rows.read_key), and kept in a new customer's notes
    "nickname": (
        "nickname/buyer nickname/昵称/买家昵称/用户昵称/客户昵称/顾客昵称/会员昵称/下单人昵称/"
        "收货人昵称/微信昵称/微信名/微信名称/微信网名/网名/wechat name/wechat nickname"
    ),
    "name": (
        "name/姓名/客户名/客户姓名/客户名称/customer name/名字/买家姓名/收货人姓名/收货人/"
        "收件人姓名/收件人/联系人/提货人/consignee/"
        # English shops: the buyer's, then the receiver's
        "billing name/buyer name/full name/shipping name/ship name/ship to name/recipient/"
        "recipient name/receiver name/"
        # a WeChat Pay or Alipay bill's payer (交易对方): a nickname, the only name it gives
        "交易对方"
    ),
    "code": "code/编号/客户编号/customer code/customer_id/id/会员号/会员编号/member id/客户id",
    "phone": (
        "phone/电话/手机/手机号/手机号码/联系手机/买家手机号/买家手机/买家电话/下单人手机号/"
        "收货人手机号/收货人手机/收件人手机号/收件人手机/"
        "提货人手机号/电话号码/联系电话/收货人电话/联系方式/mobile/tel/telephone/"
        "billing phone/buyer phone number/buyer phone/shipping phone/shipping phone number/"
        "ship phone number/ship to phone/phone number/phone #"
    ),
    "wechat": "wechat/微信/微信号/wechat id/weixin",
    # the buyer's email (Shopify's Email, eBay's Buyer Email, Woo's Billing Email and
    # Email (Billing)): a customer the row makes has it, never a key
    "email": (
        "email/buyer email/customer email/billing email/e-mail/email address/邮箱/电子邮箱/"
        "电子邮件/买家邮箱"
    ),
    # paid before created: a shop export has both, and an order counts when it was paid
    "date": (
        "date/日期/下单日期/购买日期/消费日期/"
        # English shops: paid, then placed
        "paid at/paid time/order paid time/date paid/paid on date/payments date/payment date/"
        "order date/purchase date/付款时间/订单付款时间/"
        "买家付款时间/支付时间/支付完成时间/付款日期/订单成交时间/成交时间/时间/下单时间/购买时间/订单创建时间/"
        "创建时间/订单提交时间/提交时间/"
        "created at/created time/order creation date/order created at/sale date/"
        # a WeChat Pay or Alipay bill's
        "交易时间/交易创建时间"
    ),
    # what the buyer paid before what the goods were priced at (实付 beats 总价)
    "amount": (
        "amount/实付/实付款/实付金额/买家实际支付金额/用户实付金额/商品实际成交金额/买家实付/"
        "订单实付金额/实收/实收款/实收金额/应付金额/订单应付金额/金额/消费金额/订单金额/total/sales/"
        "销售额/总金额/总价/商品总价/"
        # English shops: the order's, then the line's
        "order amount/order total amount/grand total/total amount/"
        "sku subtotal after discount/item total/product subtotal/paid price/item price/"
        "total price/net sales/"
        # a hand-kept log's row total beside 单价 and 数量 (合计(元) as 合计): what was charged,
        # a discount or 抹零 taken off; last, after any column named an amount (金额)
        "合计/小计/总计"
    ),
    # an item's price for one (单价): never stored, it tells what an amount repeated on each
    # row of an order is (orders.py); a file's only amount named `price` is its amount
    "unit_price": (
        "unit price/单价/商品单价/销售单价/成交单价/价格/商品价格/售价/商品售价/京东价/"
        "price each/price/lineitem price/sku unit original price/deal price/sold for"
    ),
    # an order's paid total beside each item's amount (orders.read_orders): chosen by --map, or
    # by these names; an amount column named for the order is found as such among the above
    "order_total": "order total/订单总额/订单实付总额",
    # 标题: 淘宝 宝贝报表's product title
    "items": (
        "items/item/商品/商品名称/宝贝标题/商品标题/标题/宝贝名称/选购商品/产品/product/products/"
        "lineitem name/product name/item name/item title/title/"
        "商品说明"  # an Alipay bill's
    ),
    "quantity": (
        "quantity/数量/qty/件数/商品数量/购买数量/订购数量/宝贝总数量/宝贝数量/"
        "lineitem quantity/quantity purchased/items sold"
    ),
    "cost": "cost/成本",
    "refunded": (
        "refunded/refund/退款/退款金额/已退款金额/订单已退款金额/商品已退款金额/退款总金额/实际退款金额/"
        "订单退款金额/order refunded amount/order refund/商品退款金额/item refund/"
        "refunded amount/order refund amount/"
        # what went back named by the goods' return or the after-sale (never a second amount)
        "已退金额/退货金额/售后金额/已退货金额/退货退款金额/售后退款金额/已退款额/退款额/"
        "成功退款"  # an Alipay bill's 成功退款（元）
    ),
    "channel": "channel/渠道/销售渠道",
    # the currency of a row's amounts (Shopify's, Etsy's Currency): a row in another than
    # yuan is refused (purchase_rows.refuse_foreign_currency), never booked as yuan
    "currency": (
        "currency/币种/货币/结算币种/currency code/"
        # any column naming the currency (WooCommerce's Order Currency, PayPal's
        # Transaction Currency): header_words reads other Chinese ones by 币种, 币别, 货币
        "order currency/transaction currency/payment currency/settlement currency/"
        "currency type/订单币种/币别/货币类型/结算货币/交易币种/支付币种/付款币种/货币代码/币种代码"
    ),
    "note": (
        "note/notes/备注/remark/remarks/订单备注/买家留言/卖家备注/"
        "buyer message/buyer note/remark from buyer/customer note/seller note"
    ),
    "order": (
        "order number/order no/订单号/订单编号/主订单编号/订单id/order id/子订单编号/"
        "amazon order id/order/order #/"
        # a WeChat Pay or Alipay bill's own number of the payment (not 商户单号: the shop's)
        "交易单号/交易号/交易订单号"
    ),
    # (付款状态 已付款 / 未付款 / 已退款 read as any status is; 是否付款 是 / 否: paid or not,
    # order_status.answered_status)
    "status": (
        "status/order status/订单状态/交易状态/状态/financial status/payment status/"
        "付款状态/支付状态/收款状态/订单支付状态/订单付款状态/是否付款/是否已付款/是否支付/是否已支付/"
        "当前状态"  # a WeChat Pay bill's
    ),
    # a WeChat Pay or Alipay bill's 收/支: money in (收入) is a payment to the seller; money
    # out (支出) and neither (/, 不计收支) never a purchase (importing/pay_bills.py)
    "direction": "income or expense/收支/收支类型",
    # a shop's refund beside its order status (拼多多, 抖店: 已签收 with 售后 退款成功)
    "after_sale": (
        "after-sale status/after sale status/refund status/售后状态/退款状态/售后/售后状态名称/"
        "退货退款状态/return refund status"
    ),
    # where the order was shipped: the customer's place (models/regions.py fills the region)
    "address": _ADDRESS,
    "province": _PROVINCE,
    "city": _CITY,
    "district": _DISTRICT,
    "street": _STREET,
    "region": _REGION,
    "recipient": _RECIPIENT,
}
_CUSTOMER_NAMES = {
    "name": (
        "name/姓名/客户/客户名/客户姓名/客户名称/名字/customer/联系人/买家姓名/收货人姓名/收货人/"
        "收件人姓名/收件人"
    ),
    "code": "code/编号/客户编号/customer code/id/customer id/会员号/会员编号",
    # (男/女, 男|女 as column_key writes them: a sheet's column of 男 and 女)
    "gender": "gender/性别/sex/男女/女男",
    "birthday": "birthday/生日/出生日期/date of birth/dob",
    "birthday_lunar": "lunar birthday/农历生日/阴历生日",
    "age_band": "age band/年龄段/age/年龄",
    "province": _PROVINCE,
    "city": _CITY,
    "district": _DISTRICT,
    "street": _STREET,
    "region": _REGION,
    "occupation": "occupation/职业/job",
    "employer": "employer/单位/公司/工作单位/company",
    "is_business": "is business/企业/企业客户/是否企业/business",
    "revenue_band": "revenue band/年营收/营收",
    "employee_band": "employee band/员工规模/员工人数/employees",
    "resources": "resources/资源",
    "phones": (
        "phones/phone/电话/手机/手机号/手机号码/联系手机/联系电话/电话号码/收货人手机号/收件人手机号/"
        "mobile/tel/telephone/联系方式/default address phone"
    ),
    "wechat": "wechat/微信/微信号/wechat id/weixin",
    # a shop account, as the purchases import reads it: a notes line (买家账号：…) that is a
    # key of the customer (rows.customer_keys), never their code
    "account": _ACCOUNT,
    # the name a customer goes by (微信昵称: two people may go by Happy_day): never the WeChat
    # ID column, nor a key; kept in the notes, searched
    "nickname": (
        "nickname/昵称/微信昵称/微信名/微信名称/微信网名/网名/wechat name/wechat nickname/"
        "nick name/群昵称"
    ),
    "email": "email/邮箱/电子邮箱/电子邮件/mail",
    # 地区 (浙江杭州, 上海) is read as the address, last: a 地址 column beats it; the
    # province and city come from it as from any address
    "address": _ADDRESS + "/地区/所在地区/所在地",
    "preferred_channel": "preferred channel/首选渠道",
    "source": "source/来源/来源渠道/获客渠道",
    "referred_by": "referred by/推荐人/介绍人/referrer",
    "interests": "interests/兴趣/兴趣爱好/爱好/hobbies",
    # a sheet's groups or kinds of customers (分组, 客户分组, 分类) are her tags
    "tags": "tags/标签/个人标签/tag/分组/客户分组/分类/客户分类/客户类别",
    "needs": "needs/需求/需求痛点/痛点",
    "notes": "notes/备注/note/remark/remarks",
    "demand": "demand/需求程度/demand level",
    "purchasing_power": "purchasing power/购买力",
    "strategic": "strategic/战略/战略价值/战略客户",
    "target_profile": "target profile/目标客户/目标画像/target",
    "manual_stage": "manual stage/阶段/手动阶段/stage",
    "archived": "archived/已归档/归档",
    "recipient": _RECIPIENT,
}
_NAMES: dict[Kind, dict[str, str]] = {
    "purchases": _PURCHASE_NAMES,
    "customers": _CUSTOMER_NAMES,
}


# Columns naming the customer (a nickname only where a row has no other: see read_key)
PURCHASE_KEYS = ("code", "phone", "wechat", "account", "name", "customer", "nickname")
# What each kind of file must have: alternatives for one requirement, one tuple each.
_REQUIRED: dict[Kind, tuple[tuple[str, ...], ...]] = {
    "purchases": (PURCHASE_KEYS, ("date",), ("amount",)),
    "customers": (("name", "code"),),
}
# What a 收货信息 column gives in place of a name column (its name and phone)
_NAMED_BY_RECIPIENT = (PURCHASE_KEYS, ("name", "code"))
# Fields a seller may spread over columns, every one kept (ColumnMap.joined): free text
# (two 备注 columns, 买家留言 and 卖家备注) and lists. Phones are read from every column by
# customer_rows (手机 | 备用电话), here only let two of one name through.
JOINED_FIELDS: dict[Kind, frozenset[str]] = {
    "customers": frozenset({"notes", "tags", "phones"}),
    "purchases": frozenset({"note"}),
}
_FREE_TEXT = frozenset({"notes", "note"})
# Fields read from an outranked column where the better one is blank (ColumnMap.fallbacks)
# (a purchase's phone: the buyer's, else the recipient's, as 有赞 writes both)
_FALLBACK_FIELDS = frozenset({"date", "phone"})
_UNITS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_NOT_WORD = re.compile(r"[\W_]+")


def column_key(text: str) -> str:
    """A header as compared: case-folded, in simplified characters (a Taiwan or Hong Kong
    sheet's 手機, 訂單編號 are 手机, 订单编号), without spaces, punctuation or a "(元)" unit."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        folded = simplified(folded)
    without_units = _UNITS.sub("", folded)
    return _NOT_WORD.sub("", without_units) or _NOT_WORD.sub("", folded)


# A column naming the buyer's (the delivery's) country in a shop's export, as column_key
# writes it (Shipping Country: shippingcountry). Not a bare 国家 or 国家/地区: a 代购 sheet's
# 国家 says where the goods come from (importing/abroad).
COUNTRY_HEADERS = frozenset(
    ("country", "shippingcountry", "shipcountry", "shiptocountry", "billingcountry",
     "buyercountry", "countrycode", "shippingcountrycode", "收货国家", "收货人国家", "收件国家",
     "收件人国家", "买家国家")
)  # fmt: skip


@cache
def _to_simplified() -> Callable[[str], str]:
    import opencc  # loaded for the first header that is not plain ASCII

    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """Traditional characters as simplified ones (OpenCC's t2s), for comparing words."""
    return _to_simplified()(text)


def _by_keyword(key: str, kind: Kind) -> tuple[str, int] | None:
    """(field, rank) of a header no name matches, by a word it holds (header_words)."""
    field = field_by_words(key, kind)
    return (field, WORDED_RANK) if field else None


# Words saying a birthday is in the lunar calendar (生日(农历), 旧历生日, Birthday (lunar)), and
# those saying it is in the solar one (阳历, 公历, 新历: stays the solar birthday), folded
LUNAR_WORDS = ("农历", "阴历", "旧历", "老历", "lunar")
SOLAR_WORDS = ("阳历", "公历", "新历", "solar", "gregorian")


def _lunar_birthday(text: str, kind: Kind) -> tuple[str, int] | None:
    """(birthday_lunar, rank) of a header naming the customer's birthday with a word of the
    lunar calendar beside it, wherever it stands: before it (旧历生日, 老历生日), after it
    (生日-农历, 生日 农历) or in brackets, which column_key leaves out as a unit (生日(农历),
    出生日期（阴历）, Birthday (lunar)). By rule: the header without that word names the
    birthday (生日, 出生日期, 客户生日, birthday; never 宝宝生日), and no solar word is in it."""
    if kind != "customers":
        return None
    folded = unicodedata.normalize("NFKC", text).casefold()
    whole = _NOT_WORD.sub("", folded if folded.isascii() else simplified(folded))
    if len(whole) > _QUALIFIED_LONGEST or any(word in whole for word in SOLAR_WORDS):
        return None
    for word in LUNAR_WORDS:
        rest = whole.replace(word, "")
        if rest != whole and rest:
            found = _LOOKUPS[kind].get(rest) or _by_keyword(rest, kind)
            if found is not None and found[0] == "birthday":
                return "birthday_lunar", WORDED_RANK
    return None


_QUALIFIED_LONGEST = 16  # characters of a birthday header with its calendar's word


def _lookup(kind: Kind) -> dict[str, tuple[str, int]]:
    """column key -> (field, rank); a lower rank is a better name for the field."""
    found: dict[str, tuple[str, int]] = {}
    for field, names in _NAMES[kind].items():
        labels = MESSAGES.get(field_key(field), ())
        for rank, name in enumerate((*names.split("/"), *labels)):
            found.setdefault(column_key(name), (field, rank))
    return found


_LOOKUPS = {kind: _lookup(kind) for kind in _NAMES}


def is_column_name(text: str, kind: Kind | None) -> bool:
    """Whether `text` is a name a column of `kind` (either kind if None) may have."""
    key = column_key(text)
    kinds: tuple[Kind, ...] = (kind,) if kind else tuple(_LOOKUPS)
    return any(
        key in _LOOKUPS[each] or _by_parts(text, _LOOKUPS[each]) or _by_keyword(key, each)
        for each in kinds
    )


def field_of(text: str, kind: Kind) -> str | None:
    """The field a header names by the usual names (not the seller's --map), None if none."""
    key = column_key(text)
    found = (
        _lunar_birthday(text, kind)
        or _LOOKUPS[kind].get(key)
        or _by_parts(text, _LOOKUPS[kind])
        or _by_keyword(key, kind)
    )
    return found[0] if found else None


_PARTS = re.compile(r"[/／|｜]")


def _by_parts(text: str, lookup: Mapping[str, tuple[str, int]]) -> tuple[str, int] | None:
    """(field, rank) of a header naming one field twice (Youzan's 收货人/提货人, 收货人手机号/
    提货人手机号: a delivery's or a pick-up's), when every part names that same field; a
    customer's 手机/微信 is read as 微信."""
    parts = [column_key(part) for part in _PARTS.split(text)]
    if len(parts) < 2 or not all(part in lookup for part in parts):
        return None
    found = [lookup[part] for part in parts]
    fields = {field for field, _ in found}
    if fields == {"phones", "wechat"}:
        # 手机/微信: a sheet's one column for both. As a 微信 cell: a phone in it is the
        # phone (and an old account's ID), a nickname is kept as not an ID.
        return "wechat", max(rank for _, rank in found)
    return min(found) if len(fields) == 1 else None


IGNORE = "ignore"  # --map "订单号=ignore": a column the seller wants left out


def field_named(text: str, kind: Kind) -> str | None:
    """The field `text` names exactly (phone, 手机, 姓名: a usual name or a catalogue label,
    no guess by a word in it), None if none: what --map accepts besides the field keys."""
    found = _LOOKUPS[kind].get(column_key(text))
    return found[0] if found else None


def field_names(kind: Kind) -> list[str]:
    """The fields a column of `kind` may be mapped to (--map), as the seller types them."""
    return list(_NAMES[kind])


def column_choice(index: int) -> str:
    """The mapping's key of the column at `index` itself (#3: the third), for a header that
    names two columns alike (电话 | 电话): header text cannot tell them apart."""
    return f"#{index + 1}"


_COLUMN_CHOICE = re.compile(r"#([1-9][0-9]{0,4})")


def columns_chosen(header: Sequence[str], mapping: Mapping[str, str]) -> dict[int, str]:
    """The columns a mapping names by number (column_choice) -> their field; a key that is
    a header of the file itself is that header's."""
    headers = {column_key(text) for text in header}
    chosen: dict[int, str] = {}
    for key, field in mapping.items():
        number = _COLUMN_CHOICE.fullmatch(key.strip())
        if number and column_key(key) not in headers and int(number[1]) <= len(header):
            chosen[int(number[1]) - 1] = field
    return chosen


def match_columns(
    header: list[str],
    kind: Kind,
    *,
    duplicates: bool = False,
    mapping: Mapping[str, str] | None = None,
    custom: Sequence[FieldDef] = (),
    missing_ok: bool = False,
) -> ColumnMap:
    """Recognise the columns of a purchases or customers file.

    `mapping`: header text -> field (or IGNORE), the seller's word over the synonym table;
    or a column's number (column_choice: #3) -> field, for one of two columns named alike.
    Several columns for one field: the best-ranked name wins (实付 over 总价) and the others
    are ignored; BookError (unless `duplicates`, for telling a header from a title row) if
    two of them rank the same (two 金额 columns): which one holds the field is unclear.
    BookError as well if a must-have column is missing (unless `missing_ok`: the columns as
    they read, for the Import screen to show beside what is missing).
    """
    lookup = _LOOKUPS[kind]
    labelled: dict[str, str] = {}  # a custom field's label as written -> the field
    if custom and kind == "customers":
        lookup, labelled = _with_custom(lookup, custom)
    given = {column_key(text): field for text, field in (mapping or {}).items()}
    at_column = columns_chosen(header, mapping or {})
    found: dict[str, list[tuple[int, int]]] = {}  # field -> [(rank, index)] of its columns
    seen: set[str] = set()
    left_out: dict[str, list[str]] = {}  # field -> the columns of it the mapping ignores
    for index, text in enumerate(header):
        key, written = column_key(text), as_written(text)
        if index in at_column:
            match: tuple[str, int] | None = (at_column[index], -1)
        elif key in given:
            match = (given[key], -1)
        elif written in labelled and (written not in _own_headers() or written in seen):
            # a custom field's label, exactly: its column. A field labelled as one of our
            # columns before `fields add` refused such labels follows that column, as the
            # export writes them: ours first, the seller's field last.
            match = (labelled[written], 0)
        elif kind == "purchases" and _line_number(text):
            match = None  # WooCommerce's Item #: the item's line, not the item
        elif kind == "customers" and member_summary(text) and not is_own_column(text):
            match = ("notes", _SUMMARY_RANK)  # 累计消费金额: a line of the notes
        else:
            match = (
                _lunar_birthday(text, kind)
                or lookup.get(key)
                or _by_parts(text, lookup)
                or _by_keyword(key, kind)
            )
        seen.add(written)
        if match and match[0] != IGNORE:
            found.setdefault(match[0], []).append((match[1], index))
        elif match:  # ignored as the seller asked: named if a field it holds is missing
            own = (
                _lunar_birthday(text, kind)
                or lookup.get(key)
                or _by_parts(text, lookup)
                or _by_keyword(key, kind)
            )
            if own is not None:
                left_out.setdefault(own[0], []).append(text)
    mapped = frozenset([*given.values(), *at_column.values()]) - {IGNORE}
    if "direction" in found and not any(column_key(text) in _BILL_PAYERS for text in header):
        # a 收支 column of a sheet that is no pay bill (收/支/退 of her own bookkeeping, no
        # 交易对方): read as before, not recognised, unless the seller maps it (--map)
        found["direction"] = [each for each in found["direction"] if each[0] < 0]
        if not found["direction"]:
            del found["direction"]
    if kind == "purchases" and not duplicates:
        _refuse_member_totals(header)
    _bare_state(header, found)
    per_unit = False
    name_parts: tuple[int, ...] = ()
    if kind == "purchases":
        _price_as_amount(header, found)
        per_unit = _priced_amount(found)
        name_parts = _name_parts(header, found)
        _order_named(header, found)
    best = {field: min(columns) for field, columns in found.items()}
    fields = {field: index for field, (_, index) in sorted(best.items(), key=lambda i: i[1][1])}
    if kind == "purchases":
        _order_amounts(header, found, fields)
        _unit_price(header, found, fields, mapped)
    elif "region" not in mapped:
        fields = _area_as_region(header, found, fields)
    used = set(fields.values()) | set(name_parts)
    if (bill_kind := bill_kind_at(header, fields)) is not None:  # read by the bill's reader
        used.add(bill_kind)
    missing = [need for need in _REQUIRED[kind] if not any(field in fields for field in need)]
    if "recipient" in fields:  # its cells name the customer (importing/recipients.py)
        missing = [need for need in missing if need not in _NAMED_BY_RECIPIENT]
    if kind == "purchases" and PURCHASE_KEYS in missing and {"order", "items"} <= set(fields):
        # order numbers and products, no buyer: a shop's item report (淘宝 宝贝报表), whose
        # buyers, days and amounts are in its order report
        raise BookError("import.item_report", found=", ".join(text for text in header if text))
    if missing and not missing_ok:
        set_aside = Listed(
            f"“{text}”" for need in missing for field in need for text in left_out.get(field, ())
        )
        raise BookError(
            "import.missing_column",
            expected_zh="；".join(_expected(kind, need, "zh") for need in missing),
            expected_en="; ".join(_expected(kind, need, "en") for need in missing),
            found=", ".join(text for text in header if text) or "—",
            **{
                f"ignored_{lang}": t("import.missing_ignored", lang, columns=set_aside(lang))
                if set_aside.items
                else ""
                for lang in LANGS
            },
        )
    joins = JOINED_FIELDS[kind]
    tied = [
        (field, columns)
        for field, columns in found.items()
        if _tied(columns) and field not in joins
    ]
    if tied and not duplicates:
        field, columns = tied[0]
        rank = min(columns)[0]
        first, second = sorted(index for each, index in columns if each == rank)[:2]
        raise BookError(
            "import.duplicate_column",
            **{
                f"{name}_{lang}": text
                for lang in LANGS
                for name, text in (
                    ("first", t("import.column_named", lang, n=first + 1, name=header[first])),
                    ("second", t("import.column_named", lang, n=second + 1, name=header[second])),
                    ("field", field_name(field, custom, lang)),
                )
            },
        )
    outranked = {
        index: name
        for name, columns in found.items()
        for _, index in columns
        if index != fields[name]
    }
    fallbacks = {
        name: [index for _, index in sorted(columns) if index != fields[name]]
        for name, columns in found.items()
        if name in _FALLBACK_FIELDS and len(columns) > 1
    }
    if _corrected(header, fields) or _shop_street(header, fields):
        # 修改后的收货地址, else 收货地址; Shipping Street, else Shipping Address1
        fallbacks["address"] = [index for _, index in sorted(found["address"])[1:]]
    joined = {
        name: sorted(index for _, index in columns)
        for name, columns in found.items()
        if name in joins
        and name != "phones"
        and (len(columns) > 1 or any(member_summary(header[at]) for _, at in columns))
    }
    used |= {index for indexes in joined.values() for index in indexes}
    ignored = [text for index, text in enumerate(header) if text and index not in used]
    outranked = {index: name for index, name in outranked.items() if name not in joined}
    return ColumnMap(
        kind,
        list(header),
        fields,
        ignored,
        outranked,
        fallbacks,
        joined,
        mapped=mapped,
        amount_per_unit=per_unit,
        name_parts=name_parts,
        custom=tuple(custom),
    )


# 所在地区 (浙江 杭州, 香港): the address when it is all the file has of one, else the start
# of the detailed address beside it, as a 省市 column is. A bare 地区 beside an address
# stays passed over: it may be a sales territory (华东), which would garble the address.
_AREAS = frozenset({"所在地区", "所在地"})


# 淘宝's 修改后的收货地址: the buyer's address as corrected after the order, blank on most rows
_CORRECTED = frozenset({"修改后的收货地址", "修改后收货地址"})


def is_corrected_address(columns: ColumnMap) -> bool:
    """Whether the file's address column is a corrected address (修改后的收货地址)."""
    return _corrected(columns.header, columns.fields)


def _corrected(header: Sequence[str], fields: Mapping[str, int]) -> bool:
    """Whether the address column is a corrected address (修改后的收货地址): read where a row
    has one, the address beside it (收货地址) where it is blank (ColumnMap.fallbacks)."""
    return "address" in fields and column_key(header[fields["address"]]) in _CORRECTED


# An English shop's address columns: the delivery's street, else its first line, else the
# billing one's (Shopify writes Shipping Street and Shipping Address1 both, either may be blank)
_SHOP_STREETS = frozenset(
    map(
        column_key, ("shipping street", "shipping address1", "shipping address 1", "billing street")
    )
)


def _shop_street(header: Sequence[str], fields: Mapping[str, int]) -> bool:
    """Whether the address column is an English shop's street (_SHOP_STREETS): read where a
    row has one, the next address column where it is blank (ColumnMap.fallbacks)."""
    return "address" in fields and column_key(header[fields["address"]]) in _SHOP_STREETS


def _area_as_region(
    header: Sequence[str], found: dict[str, list[tuple[int, int]]], fields: dict[str, int]
) -> dict[str, int]:
    """The fields, a 地区 column beaten as the address by a detailed one (所在地区 beside
    详细地址) read as the area before it (places.place_of joins only its divisions the
    address lacks: 香港 before Flat 3, nothing before 浙江省杭州市…, never 华东), where no
    省市, 省份 or 城市 column is there."""
    address = fields.get("address")
    if (
        not {"region", "province", "city"}.isdisjoint(fields)  # a 省市 column of its own
        or address is None
        or column_key(header[address]) in _AREAS | {"地区"}
    ):
        return fields
    areas = [each for each in sorted(found["address"]) if column_key(header[each[1]]) in _AREAS]
    if not areas:
        return fields
    found["address"].remove(areas[0])
    found["area"] = [areas[0]]
    return dict(sorted({**fields, "area": areas[0][1]}.items(), key=lambda item: item[1]))


def _order_amounts(
    header: Sequence[str], found: Mapping[str, list[tuple[int, int]]], fields: dict[str, int]
) -> None:
    """An order's total beside each item's amount, in `fields`: `amount` the item's column,
    `order_total` the order's (the same column when the file has no item amounts).

    A shop's export of one row an item repeats the order's paid total (订单实付金额) on each
    row, or merges it over them, beside the item's own amount (商品金额): the item rows read
    their own amounts, and the order's total is what they add up to (orders.py).
    """
    amounts = sorted(found.get("amount", ()))
    if "order_total" in fields:
        fields.setdefault("amount", fields["order_total"])
        return
    if not amounts or amounts[0][0] < 0 or "order" not in fields:
        # no amount, the one the seller chose (--map), or no order numbers to tell an
        # order's rows by: each row as it is, what was paid before what was priced
        return
    best = amounts[0][1]
    others = [at for _, at in amounts[1:]]
    if order_level(header[best]):
        items = [at for at in others if not order_level(header[at])]
        if items:
            fields["amount"] = items[0]
            fields["order_total"] = best
        elif surely_order_level(header[best]) and not _numbers_sub_orders(header):
            fields["order_total"] = best  # no item amounts: the order's, once an order
    else:
        paid = [at for at in others if order_level(header[at]) and _paid(header[at])]
        if paid:
            fields["order_total"] = paid[0]


# An English shop's order export naming its buyer by whose name it is (Billing Name,
# Shipping Name): there a bare Name is the order's (Shopify's #1001) and a bare Id the
# order's record, never the buyer's name or code. A seller's own sheet (ID | 姓名 | 手机)
# names no billing or delivery name, and reads as it did.
_WHOSE_NAME = frozenset(map(column_key, ("billing name", "shipping name")))


def _order_named(header: Sequence[str], found: dict[str, list[tuple[int, int]]]) -> None:
    """In `found`, an order export's bare Name as its order number (where no column is one
    already) and its bare Id as nobody's: see _WHOSE_NAME. A column the seller chose for a
    field (--map, rank -1) stays hers."""
    keys = [column_key(text) for text in header]
    names = found.get("name", [])
    if not any(keys[at] in _WHOSE_NAME for _, at in names):
        return
    bare = [(rank, at) for rank, at in names if rank >= 0 and keys[at] == "name"]
    for column in bare:
        names.remove(column)
        if "order" not in found:
            found["order"] = [column]
    codes = found.get("code", [])
    for column in [(rank, at) for rank, at in codes if rank >= 0 and keys[at] == "id"]:
        codes.remove(column)
    for field in ("name", "code"):
        if field in found and not found[field]:
            del found[field]


def _bare_state(header: Sequence[str], found: dict[str, list[tuple[int, int]]]) -> None:
    """In `found`, a bare State column as no province unless the header names the buyer's
    country (TikTok Shop's Country | State | City): in a seller's own or an ERP's sheet a
    State is an order's or a member's state (Completed, VIP), never a place. A column the
    seller chose (--map, rank -1) stays hers."""
    provinces = found.get("province", [])
    bare = [(rank, at) for rank, at in provinces if rank >= 0 and column_key(header[at]) == "state"]
    if not bare or any(column_key(text) in COUNTRY_HEADERS for text in header):
        return
    for column in bare:
        provinces.remove(column)
    if not provinces:
        del found["province"]


def _price_as_amount(header: Sequence[str], found: dict[str, list[tuple[int, int]]]) -> None:
    """A file with no amount column but one headed `price`: that column is its amount, as it
    always was read (a unit price only beside another amount)."""
    if "amount" in found:
        return
    prices = found.get("unit_price", [])
    named = [(rank, at) for rank, at in prices if rank >= 0 and column_key(header[at]) == "price"]
    if not named:
        return
    found["amount"] = named
    others = [column for column in prices if column not in named]
    if others:
        found["unit_price"] = others
    else:
        del found["unit_price"]


# A buyer's first and last name as shop exports head them (WooCommerce: First Name
# (Billing), Billing First Name), as column_key writes them: the billing ones first
_FIRST_NAMES = tuple(
    map(column_key, ("billing first name", "first name", "shipping first name", "given name"))
)
_LAST_NAMES = tuple(
    map(column_key, ("billing last name", "last name", "shipping last name", "family name"))
)


def _name_parts(header: Sequence[str], found: dict[str, list[tuple[int, int]]]) -> tuple[int, ...]:
    """The first and last name columns joined into the buyer's name where the file has no
    name column (ColumnMap.name_parts); the first name's column made the name's. Of two
    first names (billing, shipping) the billing one, else the first."""
    if "name" in found:
        return ()
    keys = [column_key(text) for text in header]
    first = _name_part(header, keys, _FIRST_NAMES)
    if first is None:
        return ()
    last = _name_part(header, keys, _LAST_NAMES)
    found["name"] = [(0, first)]
    return (first,) if last is None else (first, last)


def _name_part(header: Sequence[str], keys: Sequence[str], names: Sequence[str]) -> int | None:
    """The column of a name part: the first header of `names`' first name the file has,
    a billing one (First Name (Billing)) before another of that name."""
    for name in names:
        at = [index for index, key in enumerate(keys) if key == name]
        billing = [index for index in at if "billing" in header[index].casefold()]
        if at:
            return (billing or at)[0]
    return None


def _line_number(text: str) -> bool:
    """Whether a header numbers an order's lines (WooCommerce's Item #, Line #): no items."""
    written = unicodedata.normalize("NFKC", text).strip().casefold()
    return written.endswith("#") and column_key(written) in ("item", "line", "lineitem")


def _priced_amount(found: dict[str, list[tuple[int, int]]]) -> bool:
    """A file with no amount column but a unit price (单价) and a quantity (数量): each row's
    amount is its price × quantity, the price's column read as the amount (the reader
    multiplies: ColumnMap.amount_per_unit). Two unit prices of one rank: unclear which."""
    prices = found.get("unit_price")
    if "amount" in found or not prices or "quantity" not in found or _tied(prices):
        return False
    found["amount"] = found.pop("unit_price")
    return True


# Headers naming a price for one, as column_key writes them, beside the unit_price names:
# an English shop's Item Price is read as an amount, yet may be a price for one
_PRICE_FOR_ONE = frozenset(map(column_key, ("item price", "price", "unit cost")))


def names_unit_price(text: str) -> bool:
    """Whether a header names a price for one item (单价, Unit Price, Item Price, 商品单价):
    read as a row's amount beside quantities above 1, it books one item of each."""
    key = column_key(text)
    return (
        key in _PRICE_FOR_ONE
        or "单价" in key
        or "unitprice" in key
        or _LOOKUPS["purchases"].get(key, ("",))[0] == "unit_price"
    )


def _unit_price(
    header: Sequence[str],
    found: dict[str, list[tuple[int, int]]],
    fields: dict[str, int],
    mapped: frozenset[str],
) -> None:
    """The unit price (单价) kept in `fields` only where it is used: beside a quantity, it
    tells what an amount repeated on each row of an order is (may_repeat); otherwise it is
    a column nobody reads, as before, and said so (a price alone is not what a row paid:
    goods by weight). Two unit prices of one rank: unclear which, neither is used."""
    prices = found.get("unit_price")
    if not prices:
        return
    if not may_repeat(header, fields, mapped) or _tied(prices) or "quantity" not in fields:
        del found["unit_price"]
        fields.pop("unit_price", None)


def _numbers_sub_orders(header: Sequence[str]) -> bool:
    """Whether the file numbers each row's sub-order (抖店's 子订单编号 beside 主订单编号):
    then a row is a sub-order, and its one amount (抖店's 订单应付金额) its own."""
    keys = map(column_key, header)
    return any("子订单" in key and key.endswith(("号", "id")) for key in keys)


def merged_totals(columns: ColumnMap, merged: Mapping[int, Sequence[object]]) -> ColumnMap:
    """The columns of a sheet whose amount is merged over rows (`merged`: column -> its
    merged cells): that amount read as the order's total (`order_total`), and an
    item-amount column it outranked (商品金额 beside 订单实付金额) as each row's `amount`.
    The merge tells the rows of one order (orders.py), with or without order numbers: one
    cell over two item rows is one amount, whatever its header (实付金额, 金额); an amount
    typed again on each row of an order is each row's, as in a CSV. `columns` as they are
    otherwise (a total the header names, 订单实付金额, is the order's by its numbers)."""
    at = columns.fields
    if "order_total" in at or at.get("amount") not in merged:
        return columns
    total = at["amount"]
    unused = columns.ignored
    if "unit_price" in at:  # the merge tells what the amount is: no unit price to ask
        unused = [*unused, columns.column("unit_price")]
    items = [
        index
        for index, field in sorted(columns.outranked.items())
        if field == "amount" and not order_level(columns.header[index])
    ]
    fields = {name: index for name, index in at.items() if name != "unit_price"}
    fields["order_total"] = total
    if not items:
        return replace(columns, fields=fields, ignored=unused, total_merged=True)
    item = items[0]
    fields["amount"] = item
    outranked = {index: field for index, field in columns.outranked.items() if index != item}
    ignored = [text for text in unused if text != columns.header[item]]
    return replace(columns, fields=fields, outranked=outranked, ignored=ignored, total_merged=True)


# Names of an order's paid total that may be an item's as well (淘宝's 实付款 on an order
# report, a seller's own 实付款 on each item row): an order's only where its rows say so
# (淘宝's 总金额 beside it is the order's price before discounts)
_MAYBE_ORDER = frozenset(map(column_key, ("实付款", "买家实际支付金额", "买家实付金额", "总金额")))


def order_level(text: str) -> bool:
    """Whether a header names an order's amount (订单实付金额, 订单金额, order total, 实付款)
    rather than an item's (商品金额, 子订单实付金额, item price)."""
    key = column_key(text)
    return key in _MAYBE_ORDER or ("订单" in key and "子订单" not in key) or "order" in key


# Words of a header naming an item's own amount or price (商品金额, 子订单实付金额, 单价,
# item price): never an order's paid total repeated on its rows
_ITEM_WORDS = (
    *("商品", "子订单", "宝贝", "单品", "产品", "小计", "明细", "单价", "价格"),
    *("item", "product", "price", "sku"),
)


def may_repeat(header: Sequence[str], fields: Mapping[str, int], mapped: frozenset[str]) -> bool:
    """Whether the amount column may be an order's paid total repeated on each of its item
    rows as well as each item's own amount (实收金额, 实付款, 金额: 微店's, 有赞's, a seller's
    own order sheet): the file has order numbers and no order's total apart, and the header
    names neither the order outright (订单实付金额) nor an item (商品金额, 单价), nor did the
    seller choose it as each row's amount (--map). See orders.py."""
    at = fields.get("amount")
    if at is None or "order" not in fields or "order_total" in fields or "amount" in mapped:
        return False
    key = column_key(header[at])
    return not surely_order_level(header[at]) and not any(word in key for word in _ITEM_WORDS)


def amount_may_repeat(columns: ColumnMap) -> bool:
    """may_repeat of a file's columns as matched."""
    return may_repeat(columns.header, columns.fields, columns.mapped)


def amount_may_be_orders(columns: ColumnMap) -> bool:
    """Whether the amount on an order's first row, its other rows blank, may be the whole
    order's (orders._Repeats.first_row): with order numbers, an amount that may repeat
    (may_repeat); without, an amount whose header names no item (金额, 实收金额: a seller's
    ledger with the customer's cells merged down over the order's rows), no order's total
    apart, not chosen by the seller as each row's own (--map)."""
    at = columns.fields
    if "order" in at:
        return amount_may_repeat(columns)
    if "amount" not in at or "order_total" in at or "amount" in columns.mapped:
        return False
    key = column_key(columns.column("amount"))
    return not any(word in key for word in _ITEM_WORDS)


def price_basis(price: str, quantity: str) -> str:
    """What an order's repeated amount is told by, as the report and the columns' note say
    it: “单价” × “数量” (the columns' headers; a unit price is read only beside a
    quantity: _unit_price)."""
    return t("import.price_times_quantity", price=price, quantity=quantity)


def surely_order_level(text: str) -> bool:
    """Whether a header names the order outright (订单实付金额, not 实付款): its rows
    disagreeing on it are a mistake, not items of their own amounts."""
    return order_level(text) and column_key(text) not in _MAYBE_ORDER


def _paid(text: str) -> bool:
    key = column_key(text)
    return any(word in key for word in ("实付", "实收", "实际支付", "paid", "total"))


def _labels(field: FieldDef) -> tuple[str, str]:
    return (field.label_zh, field.label_en)


def _with_custom(
    lookup: Mapping[str, tuple[str, int]], custom: Sequence[FieldDef]
) -> tuple[dict[str, tuple[str, int]], dict[str, str]]:
    """(the lookup with the custom fields' labels, each label as written -> its field).

    A label beats the usual names of our fields (a field 来源 takes a column 来源, though
    来源 is also a name of 来源渠道), never a header our export writes for one of its own
    columns (来源渠道, source): the book's export reads back as it was written.
    """
    own = _own_header_keys()
    labels = {column_key(label): (f.key, 0) for f in custom for label in _labels(f) if label}
    with_labels = {**lookup, **{key: match for key, match in labels.items() if key not in own}}
    labelled = {as_written(label): f.key for f in custom for label in _labels(f) if label}
    return with_labels, labelled


def as_written(text: str) -> str:
    """A header or label as the seller wrote it, up to case, width and spacing: how a
    custom field's label is told from one of our own columns' headers."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@cache
def _own_headers() -> frozenset[str]:
    """The headers of the customers table's own columns as the export writes them (either
    language), as written."""
    keys = (*CUSTOMER_HEADERS, REASONS_HEADER)
    return frozenset(as_written(t(key, lang)) for key in keys for lang in LANGS)


@cache
def _own_header_keys() -> frozenset[str]:
    return frozenset(column_key(text) for text in _own_headers())


def is_redacted_copy(header: Sequence[str]) -> bool:
    """Whether a file's header is a redacted export's (its name column headed 姓名（已脱敏）,
    in either language): names and phones in it are masked, never the customers' own."""
    marks = {as_written(t(REDACTED_NAME_HEADER, lang)) for lang in LANGS}
    return any(as_written(cell) in marks for cell in header)


def is_own_column(label: str) -> bool:
    """Whether `label` is a header the export writes for one of the customers table's own
    columns, in either language (up to case, width and spacing): a custom field so
    labelled could not be told from that column in an export."""
    return as_written(label) in _own_headers()


def custom_field_of(text: str, custom: Sequence[FieldDef]) -> str | None:
    """The key ("custom.3") of the custom field a seller names by #id, key or label."""
    wanted = column_key(text.strip().removeprefix("#"))
    for field in custom:
        names = (str(field.id), field.key, *_labels(field))
        if wanted in {column_key(name) for name in names}:
            return field.key
    return None


def _tied(columns: list[tuple[int, int]]) -> bool:
    """Whether the best two of a field's (rank, index) columns have the same rank."""
    ranks = sorted(rank for rank, _ in columns)
    return len(ranks) > 1 and ranks[0] == ranks[1]


def _expected(kind: Kind, need: tuple[str, ...], lang: Literal["zh", "en"]) -> str:
    if kind == "purchases" and len(need) > 1:
        return t("import.customer_key", lang)
    labels = [t(field_key(field), lang) for field in need]
    examples = [name for field in need for name in _NAMES[kind][field].split("/")[:4]]
    joiner, open_, close = ("、", "（", "）") if lang == "zh" else (", ", " (", ")")
    return f"{' / '.join(labels)}{open_}{joiner.join(examples)}{close}"
