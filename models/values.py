"""Parsing of the small values every record uses: dates, money, phones, WeChat IDs.

Each parser raises `problem(...)` with a rule the seller can read; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import suppress
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import phonenumbers
from pydantic import BeforeValidator, PlainSerializer

# parse_date and cents_shown live in leaves without pydantic or phonenumbers (a command
# that only reads a day or prints an amount loads neither); kept importable from here.
from xiaoben.models.days import parse_date as parse_date
from xiaoben.models.errors import problem
from xiaoben.models.i18n import LANGS, t
from xiaoben.models.money import cents_shown as cents_shown
from xiaoben.models.placeholders import placeholder
from xiaoben.models.text import one_spelling, word_line_breaks

# What an amount may carry around its number: a currency sign or code before, 元 or a code
# after, or the words sellers type for yuan: 88块, 88块钱, 88.8元整 (整, "exactly", as a receipt
# writes it).
_YUAN_AFTER = r"(?:元整?|块钱?|RMB|CNY|人民币)"
_CURRENCY = re.compile(
    rf"(?P<sign>-?)\s*(?:[¥$]|RMB|CNY|人民币)?\s*(?P<number>.*?)\s*{_YUAN_AFTER}?", re.I
)
# The number itself: digits, or digits grouped in threes by commas (1,280), then a point and
# decimals. Nothing else: 1,5 / 1,50 / 1.280,50 (a decimal comma), 1_000, 1e9 and 1 280 are
# refused rather than read as ¥15, ¥150, ¥1,000 or ¥1,000,000,000.
_AMOUNT = re.compile(r"-?(?:\d+|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?", re.ASCII)
MAX_CENTS = 10**13  # ¥100 billion: beyond any solo seller, and safe for int64 sums
_MOST_MONEY = f"{(MAX_CENTS - 1) / 100:,.2f}"  # said in the refusal: 99,999,999,999.99


def parse_money(value: Any) -> Decimal:
    """A non-negative amount with at most two decimal places (¥1,234.50 -> Decimal('1234.50')).

    Full-width digits and ¥/￥/$/元/RMB/CNY/人民币, 块/块钱/元整 after it are understood; the
    number is written as `_AMOUNT` says, so that it means what the seller sees.
    """
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, Decimal | int):
        amount = Decimal(value)
        shown = str(value)
    else:
        # − (U+2212, the minus of Word and typeset tables) is the minus a seller means
        shown = unicodedata.normalize("NFKC", str(value)).strip().replace("\u2212", "-")
        amount = _written_amount(shown)
    if not amount.is_finite():
        raise problem("money_format", value=shown)
    if amount < 0:
        raise problem("money_negative", value=shown)
    try:
        whole_cents = amount == amount.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than Decimal keeps: far beyond MAX_CENTS
        raise problem("money_too_large", value=shown, most=_MOST_MONEY) from None
    if not whole_cents:
        raise problem("money_places", value=shown)
    if amount * 100 >= MAX_CENTS:
        raise problem("money_too_large", value=shown, most=_MOST_MONEY)
    return amount.quantize(Decimal("0.01"))


# An amount in brackets, as accounting sheets write a negative one: (100.00), ¥(1,280.50)
_BRACKETED = re.compile(r"(?P<before>[¥$]?)\s*\((?P<inside>[^()]+)\)")


def _written_amount(shown: str) -> Decimal:
    bracketed = _BRACKETED.fullmatch(shown)
    if bracketed and _number_in(bracketed["before"] + bracketed["inside"].strip()):
        raise problem("money_negative", value=shown)  # not as a mistyped number
    number = _number_in(shown)
    if number is None:
        ten_thousands = _number_in(_TEN_THOUSANDS.sub("", shown, count=1))
        if ten_thousands is None or not _TEN_THOUSANDS.search(shown):
            raise problem("money_ten_thousands" if "万" in shown else "money_written", value=shown)
        # 1.2万 is 12000.00, 1.23456万 12345.60; 1.2345678万 has cents' fractions (refused)
        return Decimal(ten_thousands.replace(",", "")).scaleb(4)
    return Decimal(number.replace(",", ""))


# 万 (ten thousand) after an amount's number, before its 元 if it has one: 1.2万, ¥3万元.
_TEN_THOUSANDS = re.compile(rf"(?<=\d)\s*万(?=\s*{_YUAN_AFTER}?$)", re.I)


def _number_in(shown: str) -> str | None:
    """The number an amount's text writes (its sign, currency and 元 aside), if `_AMOUNT`
    says it is one."""
    parts = _CURRENCY.fullmatch(shown)
    number = parts.group("sign") + parts.group("number") if parts else shown
    return number if _AMOUNT.fullmatch(number) else None


def to_cents(amount: Decimal) -> int:
    return int(amount * 100)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


Money = Annotated[
    Decimal,
    BeforeValidator(parse_money),
    PlainSerializer(lambda amount: str(amount), return_type=str, when_used="json"),
]
RealDate = Annotated[date, BeforeValidator(parse_date)]


def normalise_phone(value: Any) -> str:
    """E.164 form of a phone number; mainland numbers may omit +86.

    13812345678 -> +8613812345678; 010-12345678 -> +861012345678; +1 415 555 2671 -> +14155552671.
    """
    typed = str(value).strip()  # what a refusal quotes: the cell as the seller wrote it
    shown = unicodedata.normalize("NFKC", typed)
    if "e" in shown or "E" in shown:
        shown = _unscientific(shown, typed)
    digits = re.sub(r"\D", "", shown)
    looks_mobile = (
        digits.startswith("1") and not shown.startswith("+") and not shown.startswith("00")
    )
    try:
        number = phonenumbers.parse(shown, "CN")
    except phonenumbers.NumberParseException:
        _refuse_extension(shown, typed)
        raise problem("phone_mobile" if looks_mobile else "phone_invalid", value=typed) from None
    if number.extension:  # E.164 has no room for it: refused, never dropped without a word
        raise problem("phone_extension", value=typed, extension=number.extension)
    if not phonenumbers.is_valid_number(number):
        _refuse_extension(shown, typed)
        if looks_mobile and len(digits) != 11:
            raise problem("phone_mobile", value=typed)
        raise problem("phone_invalid", value=typed)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# What a number and its extension are written apart by: 转, 分机, ext. 12, x12, #12, a dash,
# or a run of a dialler's pauses and waits right before the extension (0571-88888888,123 as
# a phone saves it; 17012345678,,4852, a pause each to wait longer; 010-65528888;456; a
# vCard 4.0 URI's ;ext=789). phonenumbers reads ext, x, # and the last three, not 转 nor a
# dash. A pause is told from a list of phones by what follows
# it: 1-6 digits, no phone, and no space (", 123" is a list: the 123 is refused as a phone).
_APART = r"(?:\s*(?:转\s*(?:分机)?|分机|ext\.?|x|#|-|—)\s*|\s*[,，;；]+(?:ext\s*=\s*)?)"
# A landline's extension as sellers write it: 010-6552 8888 转 123, 0755-8888 8888-123, …
_EXTENSION = re.compile(rf"(.+?){_APART}(\d{{1,6}})", re.IGNORECASE)


def extension_of(shown: str) -> str | None:
    """The extension of a valid number written with one after it (转 123, -123, ext. 12)."""
    split = number_and_extension(shown)
    return split[1] if split else None


def number_and_extension(shown: str) -> tuple[str, str] | None:
    """(the number, its extension) of a valid number written with an extension after it
    (0571-8888 8888 转 123 -> ("0571-8888 8888", "123"); 0571-88888888 ext. 12, x12, -12);
    None for anything else."""
    match = _EXTENSION.fullmatch(shown.strip())
    if not match:
        return None
    try:
        number = phonenumbers.parse(match.group(1), "CN")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number) and not number.extension:
        return match.group(1), match.group(2)
    return None


# What ends a number written with an extension after it: a separator, then 1-6 digits
_EXTENSION_AFTER = re.compile(rf"{_APART}\d{{1,6}}\s*$", re.IGNORECASE)


def number_before_extension(shown: str) -> str | None:
    """The number of a phone written with an extension after it that is no phone as it is
    (0571-8888 8888 转 123 -> 0571-8888 8888): the number to dial, for an import to keep
    the whole in the notes; None for any other text (a phone, or no phone at all)."""
    if not _EXTENSION_AFTER.search(shown):
        return None  # nearly every number
    try:
        normalise_phone(shown)
    except ValueError:
        split = number_and_extension(shown)
        return split[0].strip() if split else None
    return None


# A mainland mobile however it is spaced or dashed (170 1234 5678, +86-170-1234-5678)
MOBILE_WRITTEN = r"(?:(?:\+|00)?86[\s\-]*)?1(?:[\s\-]?\d){10}"
_RELAY = re.compile(
    rf"\s*(?:[\[［(（]\d{{1,6}}[\]］)）]\s*{MOBILE_WRITTEN}"
    rf"|{MOBILE_WRITTEN}(?:{_APART}|\s*[_＃－]\s*)\d{{1,6}}"
    rf"|{MOBILE_WRITTEN}\s*[\[［(（]{_APART}?\s*\d{{1,6}}\s*[\]］)）])\s*[#＃]?\s*",
    re.IGNORECASE,
)


def relay_number(text: str) -> bool:
    """A shop's privacy relay number (隐私号, 虚拟号: one number and an extension, shared by
    many buyers, each reached by theirs, and expiring): a mainland mobile, however spaced,
    with an extension after it (17012345678-4852, 170 1234 5678 转 4852, 17012345678,4852,
    +86-170-1234-5678;ext=4852, 17012345678(转4852)) or before it in brackets
    ([4852]17012345678). Told by the number: a mobile has no extension of its own, so
    with one it is a relay, whatever its prefix (170, 171, 165, 167 are virtual operators'
    as well: a number of theirs alone is a buyer's own phone). A landline's extension is
    a switchboard's (number_before_extension)."""
    return len(text) > 12 and _RELAY.fullmatch(text) is not None


def _refuse_extension(shown: str, typed: str) -> None:
    """A problem naming the extension when `shown` is a valid number and an extension
    (quoting `typed`, the cell as written)."""
    extension = extension_of(shown)
    if extension is not None:
        raise problem("phone_extension", value=typed, extension=extension)


# A number cell a spreadsheet wrote out as 1.38001E+10 (CSV saved from Excel).
_SCIENTIFIC = re.compile(r"\+?(\d)(?:\.(\d+))?[eE]\+?(\d{1,2})")


def _unscientific(shown: str, typed: str) -> str:
    """The digits of 1.3800138000E+10 when it shows all of them (13800138000); a problem
    when the spreadsheet rounded some away (1.38001E+10); other text as it is."""
    match = _SCIENTIFIC.fullmatch(shown)
    if not match:
        return shown
    first, rest, exponent = match.group(1), match.group(2) or "", int(match.group(3))
    if len(rest) > exponent:
        return shown  # 1.5E+1 is no phone either way: the usual rules refuse it
    if len(rest) < exponent:  # the digits after the last one shown are unknown
        raise problem("phone_scientific", value=typed)
    return first + rest


_MAINLAND_MOBILE = re.compile(r"\+86(1[3-9]\d)(\d{4})(\d{4})")


def display_phone(e164: str) -> str:
    """How the seller reads a stored number: mainland without +86, others international.
    A mainland mobile, most of a book's numbers, is spaced here as phonenumbers spaces it
    (138 0013 8000) without asking it (~20 µs a number: an import's report names thousands)."""
    mobile = _MAINLAND_MOBILE.fullmatch(e164)
    if mobile is not None:
        return " ".join(mobile.groups())
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def key_as_written(kind: str, value: str) -> str:
    """A customer's key (of a lookup's `kind`) as a seller's file most likely wrote it, for
    an import's messages: a mainland phone as the seller reads it (display_phone) without
    its spaces (13800138002; a landline with its 0, 057188888888); any other as stored."""
    if kind == "phone" and value.startswith("+86"):
        return display_phone(value).replace(" ", "")
    return value


Phone = Annotated[str, BeforeValidator(normalise_phone)]

# One number and the seller's words on it, in brackets or after it: 13800138001（微信同号）,
# 13800138001 微信同号, 138 0013 8001 / 本人, 010-12345678(办公室). The words hold no digit
# (13800138001 转 123 is an extension, 13800138001 13900139000 two numbers).
_NOTED_PHONE = re.compile(
    r"(?P<number>\+?\d[\d \-]*\d)\s*"
    r"(?:[(（【\[](?P<inside>[^\d()（）【】\[\]]+)[)）】\]]"
    r"|(?:\s*[/／,，、:：;；|\-—]\s*|\s*[(（【\[]?)(?P<after>[^\d()（）【】\[\]]+))"
)
# … the words first, for words saying none (无13000000000, 无：13000000000, （无）13000000000)
_NONE_THEN_PHONE = re.compile(
    r"(?:[(（【\[](?P<inside>[^\d()（）【】\[\]]+)[)）】\]]|(?P<after>[^\d()（）【】\[\]+＋]+?))"
    r"\s*(?:[/／,，、:：;；|\-—]\s*)?(?P<number>\+?\d[\d \-]*\d)"
)
NOTE_MAX = 20  # characters: a word or two on a number, not a note of its own


def noted_phone(cell: str) -> tuple[str, str] | None:
    """(the number as written, the words on it) of a phone cell that is one valid number
    and a short note (13800138001（微信同号） -> ("13800138001", "微信同号")); None for
    any other cell, which the phone rules read (and refuse) as they do, and for a note
    saying "none" (无, 暂无: phone_said_none)."""
    found = _number_and_note(cell)
    return None if found is None or placeholder(found[1]) else found


def phone_said_none(cell: str) -> tuple[str, str] | None:
    """(the number as written, the words) of a phone cell that is one valid number and a
    word saying "none" on it (13000000000（无）, 13800138001 暂无: models.placeholders): the
    seller's no-number, a filler most often (130 0000 0000), which read as a phone would
    make every customer given it one; None for any other cell."""
    found = _number_and_note(cell)
    if found is None:  # the words first (无13000000000): said none only, never a remark
        found = _number_and_note(cell, _NONE_THEN_PHONE)
    return found if found is not None and placeholder(found[1]) else None


def _number_and_note(cell: str, pattern: re.Pattern[str] = _NOTED_PHONE) -> tuple[str, str] | None:
    text = clean_text(cell)
    found = pattern.fullmatch(text) if isinstance(text, str) else None
    if found is None:
        return None
    note = (found["inside"] or found["after"]).strip()
    if (
        len(note) > NOTE_MAX
        or not any(character.isalpha() for character in note)
        or "*" in note
        or "＊" in note
    ):
        return None
    number = found["number"].strip()
    try:
        normalise_phone(number)
    except ValueError:  # (a PydanticCustomError is one)
        return None
    return number, note


# A name and a mainland mobile in one cell, as sellers jot a buyer: 王芳 13800138001,
# 李娜/13800138002, 王芳13800138001, 王芳（138 0013 8001）, 王芳 +86 13800138001. The
# name holds no digit and ends in no '+' (the +86 is the number's).
_NAME_AND_MOBILE = re.compile(
    r"(?P<name>[^\d]*[^\d\s/／,，\-—(（+＋])\s*"
    r"(?:[/／,，\-—]\s*)?"
    r"(?P<open>[(（])?\s*"
    r"(?P<number>(?:\+?86[ \-]?)?1\d{2}[ \-]?\d{4}[ \-]?\d{4})"
    r"\s*(?P<close>[)）])?"
)


# The same, the mobile first: 13800138001 王芳, 13800138001王芳, 13800138001/李娜,
# （138 0013 8001）王芳. The name holds no digit and starts with no separator.
_MOBILE_AND_NAME = re.compile(
    r"(?P<open>[(（])?\s*"
    r"(?P<number>(?:\+?86[ \-]?)?1\d{2}[ \-]?\d{4}[ \-]?\d{4})"
    r"\s*(?P<close>[)）])?\s*"
    r"(?:[/／,，\-—]\s*)?"
    r"(?P<name>[^\d\s/／,，\-—)）+＋][^\d]*)"
)


# The label a seller writes before the number (李娜 电话13800138001, Li Si tel: 13800138001):
# the number's, not the name's; and the shape of a name the seller's words may follow (王芳
# 13800138001（微信同号）): a Chinese name (2 to 4 hanzi, or a transcribed one with its middle
# dot) or one in letters (Lily, Wang Fang): never a sentence, whose words are not a name.
_PHONE_LABEL = r"(?:联系)?(?:电话|手机)(?:号码?)?|联系方式|号码"
_LATIN_LABEL = r"tel|phone|mobile|mob|cell"
_LABEL_AFTER_NAME = re.compile(
    rf"(?:\s*(?:{_PHONE_LABEL})|\s+(?:{_LATIN_LABEL})\.?)\s*[:：]?\s*$", re.IGNORECASE
)
_PLAIN_NAME = (
    r"[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]+(?:[·•・][\u3400-\u9fff]+)+"
    r"|[A-Za-z]+(?:[-'’. ][A-Za-z]+){0,3}"
)
_NAME_MOBILE_WORDS = re.compile(
    rf"(?P<name>(?:{_PLAIN_NAME}))\s*(?:[/／,，\-—]\s*)?"
    r"(?P<open>[(（])?\s*"
    rf"(?:(?:{_PHONE_LABEL}|(?:{_LATIN_LABEL})\.?)\s*[:：]?\s*)?"
    r"(?P<number>(?:\+?86[ \-]?)?1\d{2}[ \-]?\d{4}[ \-]?\d{4})"
    r"\s*(?P<close>[)）])?"
    r"(?:[(（【\[](?P<inside>[^\d()（）【】\[\]]+)[)）】\]]"
    r"|(?:\s*[/／,，、:：;；|\-—]\s*|\s+|(?=[^\x00-\x7f]))(?P<after>[^\d()（）【】\[\]]+))",
    re.IGNORECASE,
)


_DIGITS_RUN = re.compile(r"\d{3}")  # a mobile has runs of 3 digits, however it is spaced


def name_and_mobile(cell: str) -> tuple[str, str] | None:
    """(the name, the mobile as written) of a name cell that is a name and one valid
    mainland mobile, on either side of it (王芳 13800138001, 13800138001 王芳 -> ("王芳",
    "13800138001")); None for any other cell, among them one with words beside the two
    (name_mobile_words): a name with no whole valid mobile in it is a name."""
    split = name_mobile_words(cell)
    return None if split is None or split[2] else split[:2]


def name_mobile_words(cell: str) -> tuple[str, str, str] | None:
    """(the name, the mobile as written, the seller's words on them) of a name cell that is
    a name and one valid mainland mobile (name_and_mobile's cells, the words ""), the mobile
    labelled (李娜 电话13800138001: the label is the number's, no word of hers) or followed
    by a few words (王芳 13800138001（微信同号）, 王芳13800138001 老客户 -> ("王芳",
    "13800138001", "老客户")); None for any other cell: words beside a name that is not
    plainly one (a sentence), or more than a note's few (NOTE_MAX), leave the cell whole."""
    if not isinstance(cell, str) or _DIGITS_RUN.search(cell) is None:
        return None  # nearly every name: no run of digits at all
    text = clean_text(cell)
    if not isinstance(text, str):
        return None
    split = _name_and_mobile(text)
    if split is not None:
        return (*split, "")
    found = _NAME_MOBILE_WORDS.fullmatch(text)
    if found is None or bool(found["open"]) != bool(found["close"]):
        return None
    words = (found["inside"] or found["after"]).strip()
    if (
        len(words) > NOTE_MAX
        or not any(character.isalpha() for character in words)
        or "*" in words
        or "＊" in words
        or placeholder(words)
    ):
        return None
    try:
        phone = normalise_phone(found["number"])
    except ValueError:
        return None
    name = _LABEL_AFTER_NAME.sub("", found["name"])  # 李娜电话13800138001（…）: 李娜
    if not phone.startswith("+861") or len(name) < 2 or _NOT_A_NAME.fullmatch(name.strip()):
        return None
    return name.strip(), found["number"], words


# Words a seller writes before a number that are no name (老客户 13800138005 王芳, VIP
# 13800138001 金卡, 上海市 …, 淘宝店 …（发货）): such a cell is left whole, never a customer
# named 老客户 with her name in the notes.
_NOT_A_NAME = re.compile(
    r"(?:老|新|熟|常|大)?(?:客户|顾客|客人|买家|用户|会员|粉丝)|回头客|本人|同事|朋友|家里|公司"
    r"|微信同号|微信|联系人|收货人|.+[省市区县镇村店铺]"
    r"|(?:s?vip|tel|phone|mobile|mob|cell|wx|wechat|customer|client|member|buyer|user)\.?",
    re.IGNORECASE,
)


def plain_name(text: str) -> bool:
    """Whether `text` is plainly a person's name, as name_mobile_words reads one beside a
    number: 2 to 4 hanzi (or a transcribed name with its middle dot) or a name in letters,
    and none of the words sellers write there that are no name (老客户, 上海市, 收货人)."""
    text = text.strip()
    return (
        len(text) >= 2
        and re.fullmatch(_PLAIN_NAME, text) is not None
        and _NOT_A_NAME.fullmatch(text) is None
    )


def _name_and_mobile(text: str) -> tuple[str, str] | None:
    found = _NAME_AND_MOBILE.fullmatch(text) or _MOBILE_AND_NAME.fullmatch(text)
    if found is None or bool(found["open"]) != bool(found["close"]):
        return None
    # 李娜 电话13800138001 stays 李娜电话, as every earlier version read it: a book imported
    # so names her that, and a label taken off now made the same sheet imported again
    # refused (her phone, "another" name). With words after the number (below), a cell
    # every earlier version kept whole, the label goes.
    name = found["name"].strip()
    try:
        phone = normalise_phone(found["number"])
    except ValueError:
        return None
    if not phone.startswith("+861") or not any(character.isalpha() for character in name):
        return None
    number_at, name_at = found.span("number"), found.span("name")
    if name.isascii() and (number_at[0] == name_at[1] or name_at[0] == number_at[1]):
        return None  # C13800138001, 13800138001C: a code, or a handle, made of a phone number
    return name, found["number"]


_WECHAT = re.compile(r"^[A-Za-z][-_A-Za-z0-9]{5,19}$")


def normalise_wechat(value: Any) -> str:
    """A WeChat ID: 6–20 letters, digits, - or _, starting with a letter.

    Older accounts may have a phone number as their ID, which is accepted too.
    """
    shown = unicodedata.normalize("NFKC", without_invisibles(str(value))).strip()
    if _WECHAT.match(shown) or re.fullmatch(r"1\d{10}", shown):
        return shown
    raise problem("wechat", value=shown)


WeChatId = Annotated[str, BeforeValidator(normalise_wechat)]

# "另一个微信号：" / "another WeChat ID: " — the heads of a notes line naming a second ID
_OTHER_HEADS = tuple(t("notes.other_wechat", lang, key="\0").split("\0")[0] for lang in LANGS)


def other_wechat_line(wechat: str) -> str:
    """The notes line that keeps a customer's second WeChat ID (an import giving them two, a
    merge of two customers), in the book's language, zh: 另一个微信号：zs_88888."""
    return t("notes.other_wechat", "zh", key=wechat)


def other_wechats(notes: str) -> list[str]:
    """The WeChat IDs a customer's notes name on lines of their own (see other_wechat_line):
    keys of the customer as their own ID is, so a file that gave them two finds them by
    either; deleting the line drops the key. A line whose rest is not a WeChat ID is a note."""
    found = []
    for rest in _lines_headed(notes, _OTHER_HEADS):
        with suppress(ValueError):  # not an ID: the line is a note
            found.append(normalise_wechat(rest))
    return found


# A WeChat ID a contact's note gives on a line of its own, under a label sellers write for
# it: 微信号：wxid_abc123, 微信: fang_88, VX: fang88, wx：fang88, WeChat ID: fang88
_NOTED_WECHAT = re.compile(
    r"(?:微信号?|weixin|wechat(?:\s*id)?|v信|vx|wx)\s*[:：]\s*(?P<id>\S+)", re.IGNORECASE
)


def noted_wechats(notes: str) -> list[str]:
    """The WeChat IDs a contact's notes give on lines of their own (微信号：wxid_abc123, VX:
    fang88), each once, as normalise_wechat reads them: a line whose rest is no ID (微信：芳芳,
    a nickname; 微信：fang_88 老客户) is a note. A contacts import takes the one ID of a
    customer who has none (store/imports.py); any other is searched as a second ID is."""
    found: dict[str, str] = {}
    for line in notes.split("\n"):
        match = _NOTED_WECHAT.fullmatch(line.strip()) if len(line) < 80 else None
        if match is None:
            continue
        with suppress(ValueError):
            wechat = normalise_wechat(match["id"])
            if wechat.casefold() not in _SAID_NO_ID:
                found.setdefault(wechat.lower(), wechat)
    return list(found.values())


# Words a note writes where the ID is not known (微信: unknown, 微信：mobile for 微信同号):
# the shape of an ID, no one's
_SAID_NO_ID = frozenset(
    {"unknown", "unknow", "mobile", "phone", "cellphone", "same", "sameasphone", "none"}
    | {"null", "empty", "wechat", "weixin", "tbd", "notset", "noneyet", "pending"}
)


# "带分机的电话：" / "phone with extension：" — the heads of a notes line keeping a number
# with its extension as an import read it (store/importing/customer_rows.py extension_line,
# a contact card's: vcards.py)
EXTENSION_HEADS = tuple(f"{t('vcard.extension', lang)}：" for lang in LANGS)


def phone_extensions(notes: str) -> dict[str, set[str]]:
    """The extensions a customer's notes keep of their phones (带分机的电话：0571-8888 8888
    转 123), by the phone's E.164 form: a switchboard colleagues share is each one's phone,
    and the extension tells them apart. A line that reads otherwise is a note."""
    found: dict[str, set[str]] = {}
    for rest in _lines_headed(notes, EXTENSION_HEADS):
        split = number_and_extension(rest)
        if split is None:
            continue
        with suppress(ValueError):
            found.setdefault(normalise_phone(split[0]), set()).add(split[1])
    return found


# "买家账号：" / "shop account: " — the heads of a notes line naming a shop account
_ACCOUNT_HEADS = tuple(t("notes.account", lang, account="\0").split("\0")[0] for lang in LANGS)


def shop_account(value: Any) -> str:
    """A buyer's account on a shop's platform as a cell gives it (买家会员名 tb_wangfang,
    灰太狼2019): clean_text's, on one line (a line break in it is no account: refused, as
    the notes line keeping it could not read back the same)."""
    shown = clean_text(str(value))
    if "\n" in shown or "\t" in shown:
        raise problem("account_line", value=shown.replace("\n", " ").replace("\t", " "))
    return shown


def account_key(account: str) -> str:
    """The one spelling of a shop account as a key (customer_keys kind "account"): NFKC
    (full-width ＴＢ＿ is tb_), case-folded, without invisible characters or surrounding
    space. Taobao's 会员名 is written in lower-case letters only, as TikTok's and Douyin's
    usernames are: a capital letter is a seller's or a sheet's spelling of the same
    account, never another one."""
    return unicodedata.normalize("NFKC", without_invisibles(account)).casefold().strip()


def shop_account_line(account: str) -> str:
    """The notes line that keeps a customer's shop account (a purchases import's 买家会员名),
    in the book's language, zh: 买家账号：tb_wangfang."""
    return t("notes.account", "zh", account=account)


def shop_accounts(notes: str) -> list[str]:
    """The shop accounts a customer's notes name on lines of their own (shop_account_line,
    zh or en head): keys of the customer, as other_wechats are, so the next export of that
    shop finds them with the phone masked; deleting the line drops the key. A line whose
    rest is blank is a note."""
    return [rest for rest in _lines_headed(notes, _ACCOUNT_HEADS) if rest]


# "微信（非微信号）：" / "WeChat (not an ID): " — the heads of a notes line keeping a 微信
# cell of an import that was not a WeChat ID: most often the nickname the seller knows.
_NICKNAME_HEADS = tuple(t("import.wechat_not_id", lang, text="\0").split("\0")[0] for lang in LANGS)
# "昵称：" / "nickname：" — a contact card's NICKNAME, kept in the notes (store/importing/vcards.py)
_NICKNAME_HEADS += tuple(f"{t('field.nickname', lang)}：" for lang in LANGS)


def nickname_heads() -> tuple[str, ...]:
    """The heads of the notes lines wechat_nicknames reads (微信（非微信号）：, 昵称：, in
    either language): a store may look for customers whose notes hold one."""
    return _NICKNAME_HEADS


def wechat_nicknames(notes: str) -> list[str]:
    """The names (not IDs) a customer's notes keep on lines of their own, as an import
    writes them (微信（非微信号）：🌸芳芳🌸, a contact card's 昵称：小周): search keys of the
    customer, as other_wechats are lookup keys; deleting the line drops them."""
    return [rest for rest in _lines_headed(notes, _NICKNAME_HEADS) if rest]


def _merge_heads(field: str) -> tuple[str, ...]:
    """ "另一个姓名：" / "another name: ": the heads of the notes line a merge keeps of a
    field's value it did not take (models/merge.py merged_notes), in either language."""
    return tuple(
        t("merge.other_value", lang, field=t(f"field.{field}", lang), value="\0").split("\0")[0]
        for lang in LANGS
    )


_MERGED_NAME_HEADS = _merge_heads("name")
_MERGED_CODE_HEADS = _merge_heads("code")
_MERGED_PHONE_HEADS = _merge_heads("phone")


def merged_names(notes: str) -> list[str]:
    """The names a merge kept in the notes of the side not taken (另一个姓名：芳芳): the
    customer is found by them, as by a nickname; deleting the line drops them."""
    return [rest for rest in _lines_headed(notes, _MERGED_NAME_HEADS) if rest]


def merged_codes(notes: str) -> list[str]:
    """The codes a merge kept in the notes (另一个编号：F-88): found as a code is."""
    return [rest for rest in _lines_headed(notes, _MERGED_CODE_HEADS) if rest]


def merged_phones(notes: str) -> list[str]:
    """The phones (E.164) a merge kept in the notes (另一个手机：139 1111 2222、…), each as
    display_phone wrote it; a part that is no phone is a note."""
    found = []
    for rest in _lines_headed(notes, _MERGED_PHONE_HEADS):
        for part in rest.split("、"):
            with suppress(ValueError):
                found.append(normalise_phone(part))
    return found


def _lines_headed(notes: str, heads: tuple[str, ...]) -> list[str]:
    """The rest (stripped) of each line of `notes` that starts with one of `heads`."""
    if not notes or not any(head in notes for head in heads):
        return []
    return [
        line[len(head) :].strip()
        for line in notes.split("\n")
        for head in heads
        if line.startswith(head)
    ]


# The labels of the notes lines an import writes of what a contact card (or a contacts
# export's columns) holds beside the fields: 邮箱：…, 职位：…, 配偶：…. Written in Chinese
# whatever the app's language, as the notes' other import lines (带分机的电话, 另一个微信号):
# a book read in either language holds one line. A book from before may hold them in English.
NOTES_LABELS = (
    "field.email",
    "field.employer",
    "field.nickname",
    "field.referred_by",
    "vcard.title",
    "vcard.url",
    "vcard.im",
    "vcard.other_address",
    "vcard.work_address",
    "vcard.anniversary",
    "vcard.other_birthday",
    "vcard.event",
    "vcard.relation",
    "vcard.extension",
    *(f"vcard.relation_{number}" for number in (*range(1, 11), 12, 13, 14)),
)
_CHINESE_LABELS = {t(key, "en"): t(key, "zh") for key in NOTES_LABELS}
# A work address an import wrote before as another address (其他地址：…, before 单位地址 was
# told apart): one line
_CHINESE_LABELS[t("vcard.work_address", "zh")] = t("vcard.other_address", "zh")
_CHINESE_LABELS[t("vcard.work_address", "en")] = t("vcard.other_address", "zh")


def notes_line_key(line: str) -> str:
    """A notes line as an import writes it now: an import's English label (email：…, how an
    import run in English wrote it before) read as its Chinese (邮箱：…), so a re-import in
    either language finds the line it wrote and adds it again in neither; a work address
    (单位地址：…) as another address, as an import wrote it before."""
    label, colon, rest = line.partition("：")
    chinese = _CHINESE_LABELS.get(label) if colon else None
    return f"{chinese}：{rest}" if chinese else line


def clean_text(value: Any) -> Any:
    """Strip surrounding white space (and fold full-width and no-break spaces) from free
    text, drop the invisible characters a copy from a web page or a phone carries, and
    write a line break as one \n (Word's, pasted into a cell: Shift+Enter's vertical tab, a
    page break's form feed, too)."""
    if isinstance(value, str):
        if "\r" in value:  # a line break inside a cell as Windows writes it: one \n
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = word_line_breaks(value)
        return without_invisibles(value).replace("\u3000", " ").replace("\xa0", " ").strip()
    return value


# A space between two hanzi of a name is a seller's padding (张　三 lined up with 欧阳娜娜).
_PADDED_HAN = re.compile(r"(?<=[\u3400-\u9fff])[ \t]+(?=[\u3400-\u9fff])")
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def person_name(value: Any) -> Any:
    """A name cell of an imported sheet as clean_text makes it, without spaces between its
    hanzi: 张　三 and 张 三 are 张三 (a Latin name keeps its spaces: Li Si); a line break in
    the cell (Alt+Enter: 张三⏎(老客户)) is a space. For imports only: a name the seller
    types in the app is kept as typed. A placeholder (无, 不详, N/A) is refused: no name."""
    cleaned = clean_text(value)
    if isinstance(cleaned, str) and placeholder(cleaned):
        raise problem("name_placeholder", value=cleaned)  # 无, 不详, N/A: no name
    return name_spelling(cleaned) if isinstance(cleaned, str) else cleaned


# Full-width Latin letters and digits, and the ideographic space, as ASCII: a name typed in
# an input method's full-width mode (ＬＩＵ　Ｙｕｎ) is LIU Yun. Not its signs: a name's
# Chinese brackets and tilde (张姐（宝妈群）, 李娜～) are written so on purpose.
_FULL_WIDTH = {
    code: code - 0xFEE0
    for first, last in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(first, last + 1)
} | {0x3000: " "}


def name_key(name: str) -> str:
    """A name as an import compares it: its spelling (name_spelling) with full-width letters
    and digits half-width (ＬＩＵ　Ｙｕｎ is LIU Yun). A name is stored as written; this only
    finds the customer of it."""
    return name_spelling(name.translate(_FULL_WIDTH) if not name.isascii() else name)


def name_spelling(name: str) -> str:
    """A name as an import spells it: a line break a space, then no space between two hanzi
    (李⏎四 and 李 四 are 李四, as 张　三 is 张三). A name the book holds is compared with
    an imported one in this spelling (name_key), so the book's own export (李 四, as the
    seller typed it in the app) names the customer it came from, and leaves their name as
    it is."""
    if "\n" in name or "\r" in name:
        name = _LINE_BREAKS.sub(" ", name)
    if " " in name or "\t" in name:
        name = _PADDED_HAN.sub("", name)
    return name


# Zero-width space, word joiner, BOM, and the direction marks and embeddings a phone puts
# around a number it copies: never text a seller meant, always invisible. Kept: the zero-
# width (non-)joiners, which hold emoji (👨‍👩‍👧) and some scripts together.
INVISIBLES = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def without_invisibles(text: str) -> str:
    """`text` without the invisible characters above (a search first: nearly none holds one)."""
    return INVISIBLES.sub("", text) if INVISIBLES.search(text) else text


# Invisible too, and never part of a code nor of a search key (store/search.folded), though
# kept in other text: the zero-width (non-)joiners (which hold emoji together in a name or a
# note) and the soft hyphen.
KEPT_INVISIBLES = re.compile("[\u00ad\u200c\u200d]")


def code_spelling(text: str) -> str:
    """The one spelling of a customer's code: clean_text's (no invisible characters, no
    surrounding space) and one_spelling's (full-width Ａ００１ is A001, inner runs of spaces
    one space). Leading zeros stay: 00042 is not 42. Every code the book stores or looks
    up is spelled so, so a code copied from a chat or typed on a full-width keyboard is the
    customer's, never a look-alike second one."""
    if text.isascii() and text.isprintable() and text == text.strip() and "  " not in text:
        return text  # nearly every code: nothing to clean or fold
    cleaned = KEPT_INVISIBLES.sub("", clean_text(text))
    return one_spelling(cleaned)


_TAG_APART = re.compile(r"[,，;；、\s]+")
_QUOTED_TAG = re.compile(r'"((?:[^"]|"")*)"')


# Tags written in brackets, one after another ([VIP][老客], 【VIP】【老客】: a text that starts
# with one), or joined by a + between two of them (VIP+老客; C++ and 90+ stay whole)
_TAG_BRACKETS = re.compile(r"[\[\]【】]+")
_TAG_PLUS = re.compile(r"(?<=[^+])\+(?=[^+])")


def _tags_apart(text: str) -> list[str]:
    """The tags of a text outside quotes: split on the separators (_TAG_APART), then each
    part written in brackets or joined by + into its tags (a lone + is none)."""
    tags: list[str] = []
    for part in _TAG_APART.split(text):
        pieces = _TAG_BRACKETS.split(part) if part.startswith(("[", "【")) else [part]
        for piece in pieces:
            tags += [tag for tag in _TAG_PLUS.split(piece) if tag.strip("+")]
    return tags


def split_tags(text: str) -> list[str]:
    """A tags cell's tags: split on , ， ; 、 or spaces, tags in brackets ([VIP][老客],
    【VIP】【老客】) or joined by + (VIP+老客) apart, except within double quotes, which
    keep one tag whole ("VIP;1", with "" for a quote inside: what join_tags writes)."""
    tags: list[str] = []
    at = 0
    for quoted in _QUOTED_TAG.finditer(text):
        tags += _tags_apart(text[at : quoted.start()])
        tags.append(quoted.group(1).replace('""', '"'))
        at = quoted.end()
    return tags + _tags_apart(text[at:])


def join_tags(tags: list[str]) -> str:
    """Tags as one cell that split_tags reads back as they were: joined with ", ", a tag
    holding a separator or a quote quoted, and one that alone would read as an empty cell
    (a tag "-" or "无": placeholders.py)."""
    return ", ".join(
        f'"{tag.replace(chr(34), chr(34) * 2)}"'
        if '"' in tag
        or _TAG_APART.search(tag)
        or set(tag) & set("/|／｜")
        or placeholder(tag)
        or _tags_apart(tag) != [tag]
        else tag
        for tag in tags
    )
