"""Search keys: what a seller may type to find a customer, as indexed prefixes.

Every key is a lower-case string; a query matches a customer when it is a prefix of one
of their keys. Suffixes of the name, of its pinyin (at syllable starts) and of its
initials make substrings findable by prefix: 张晓燕 is found by 晓燕, zhangxiaoyan,
xiaoyan, zxy and xy. Phones give their national number (any prefix) and last four
digits (尾号). Works for 1- and 2-character queries, where trigram indexes find nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from itertools import islice, product

import phonenumbers

from xiaoben.models.customer import Customer
from xiaoben.models.values import (
    KEPT_INVISIBLES,
    merged_codes,
    merged_names,
    merged_phones,
    noted_wechats,
    other_wechats,
    shop_accounts,
    wechat_nicknames,
)
from xiaoben.store.rows import readings_of

_SPACES = re.compile(r"\s+")


def folded(text: str) -> str:
    """Text as keys hold it: NFKC, lower case, no spaces, accents dropped (NFKD minus its
    combining marks, composed again): Zoë is found by zoe and by zoë. No soft hyphen nor
    zero-width (non-)joiner: kept where a seller's text has one (周\u00ad九 pasted from a web
    page; the joiners hold an emoji together), but never seen, so never typed: 周九 finds
    her (and an emoji family is found by its people)."""
    if not text.isascii():
        text = KEPT_INVISIBLES.sub("", text)
    decomposed = unicodedata.normalize("NFKD", text).lower()
    if not decomposed.isascii():
        bare = "".join([char for char in decomposed if not unicodedata.combining(char)])
        decomposed = unicodedata.normalize("NFC", bare)  # hangul, split by NFKD, joined again
    return _SPACES.sub("", decomposed)


# 尾号5467, 手机尾号 5467, 电话尾号：5467: a phone's last digits, as a seller says them.
_LAST_DIGITS = re.compile(r"(?:手机号?码?|电话号?码?)?尾号[:：]?([\d\-()]+)")


def normalise_query(text: str) -> str:
    """What a query is compared as: folded (above); phone punctuation dropped, and the
    words before a phone's last digits (尾号5467 is 5467)."""
    folded_text = folded(text)
    last_digits = _LAST_DIGITS.fullmatch(folded_text)
    if last_digits:
        return re.sub(r"\D", "", last_digits.group(1))
    if re.fullmatch(r"\+?[\d\-()]+", folded_text):
        folded_text = re.sub(r"\D", "", folded_text)
    return folded_text


# Readings of one name searched at most: 单曾解 has 3 × 2 × 2; a long name of many
# heteronyms keeps its first ones (the most common reading of each character comes first).
MAX_READINGS = 64


def name_keys(name: str) -> set[str]:
    """The name's characters, and its pinyin and initials in every reading of its
    heteronyms (单 is found by dan, shan and chan; 曾 by zeng and ceng), as suffixes."""
    compact = folded(name)
    keys = {compact[k:] for k in range(len(compact))}
    per_char = [readings for readings in readings_of(compact) if readings[0].strip()]
    for syllables in islice(product(*per_char), MAX_READINGS):
        initials = "".join([syllable[0] for syllable in syllables])
        for k in range(len(syllables)):
            keys.add("".join(syllables[k:]))
            keys.add(initials[k:])
    keys.discard("")
    return keys


def phone_keys(e164: str) -> set[str]:
    """The national number (any prefix of it finds the customer), its last four digits (尾号)
    and the number with its country code; a mainland landline also as dialled, with its 0."""
    national = e164[3:]
    if e164[:3] == "+86" and _is_plain_mobile(national):
        return {national, national[-4:], "86" + national}  # what phonenumbers says, sooner
    return parsed_phone_keys(e164)


def parsed_phone_keys(e164: str) -> set[str]:
    """phone_keys as phonenumbers works them out, for any number."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return {re.sub(r"\D", "", e164)}
    national = phonenumbers.national_significant_number(number)
    keys = {national, national[-4:], f"{number.country_code}{national}"}
    mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    if number.country_code == 86 and not mobile:
        keys.add("0" + national)  # landlines are dialled with their trunk 0: 010…
    return keys


def _mainland_rule() -> Callable[[str], bool]:
    """Is this the national number of a mainland mobile that phonenumbers parses as it is
    written and calls MOBILE? Decided from phonenumbers' own metadata for CN: the number
    fits its mobile pattern and general pattern, starts with nothing its parser would strip
    as a national prefix or carrier code, and fits no pattern of a type phonenumbers tries
    before mobile (premium rate … fixed line: a number fitting one is not MOBILE). Anything
    else goes the slow way; tests compare the two over every mobile prefix and beyond."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    if metadata is None or metadata.mobile is None or metadata.general_desc is None:
        return lambda national: False
    mobile = re.compile(metadata.mobile.national_number_pattern or "$^")
    general = re.compile(metadata.general_desc.national_number_pattern or "$^")
    stripped = re.compile(metadata.national_prefix_for_parsing or "$^")
    others = [
        re.compile(desc.national_number_pattern)
        for desc in (
            metadata.premium_rate,
            metadata.toll_free,
            metadata.shared_cost,
            metadata.voip,
            metadata.personal_number,
            metadata.pager,
            metadata.uan,
            metadata.voicemail,
            metadata.fixed_line,
        )
        if desc is not None and desc.national_number_pattern
    ]
    same_as_fixed = bool(metadata.same_mobile_and_fixed_line_pattern)

    def plain_mobile(national: str) -> bool:
        return (
            len(national) == 11
            and national.isascii()
            and national.isdigit()
            and not same_as_fixed
            and mobile.fullmatch(national) is not None
            and general.fullmatch(national) is not None
            and stripped.match(national) is None
            and not any(other.fullmatch(national) for other in others)
        )

    return plain_mobile


_is_plain_mobile = _mainland_rule()


# Characters of a WeChat nickname kept in the notes that search reaches: a nickname is short
# (🌸芳芳🌸); a long line there is a note, whose every suffix and reading would be thousands
# of keys. The line itself is kept whole.
NICKNAME_REACH = 24


def search_keys(
    name: str,
    phones: list[str],
    wechat: str | None,
    code: str | None,
    tags: list[str],
    notes: str,
) -> set[str]:
    """Every key of one customer (from the stored columns, so migrations can use it): a
    WeChat nickname their notes keep (models.values.wechat_nicknames) is searched as a name,
    a shop account they keep (models.values.shop_accounts) as a code is; so are what a
    merge kept in the notes of the other record (另一个姓名：芳芳, 另一个编号：F-88, 另一个手机：…,
    另一个微信号：…: models.values.merged_names …), for a seller who knew her by that."""
    keys = name_keys(name)
    for phone in phones:
        keys |= phone_keys(phone)
    if wechat:
        keys.add(wechat.lower())
    if code:
        keys.add(normalise_query(code))
    for tag in tags:
        keys.add(normalise_query(tag))
    for account in shop_accounts(notes):
        keys.add(normalise_query(account))
    for nickname in [*wechat_nicknames(notes), *merged_names(notes)]:
        keys |= name_keys(nickname[:NICKNAME_REACH])
    for other in merged_codes(notes):
        keys.add(normalise_query(other))
    for phone in merged_phones(notes):
        keys |= phone_keys(phone)
    for other in [*other_wechats(notes), *noted_wechats(notes)]:
        keys.add(other.lower())
    return {key for key in keys if key}


def customer_search_keys(customer: Customer) -> set[str]:
    c = customer
    return search_keys(c.name, c.phones, c.wechat, c.code, c.tags, c.notes)


def query_texts(text: str) -> list[str]:
    """What a normalised query is searched as: itself, and, when it mixes Latin letters with
    hanzi (qian多, typed half in pinyin), the same with each hanzi in its pinyin (qianduo,
    a key of 钱多多). Every reading of a name is among its keys: the first reading of each
    hanzi (the most common) is enough."""
    if text.isascii() or not any(char.isascii() and char.isalpha() for char in text):
        return [text]
    readings = readings_of(text)
    pairs = zip(readings, text, strict=True)
    if all(reading == (char,) for reading, char in pairs):
        return [text]  # no character with a pinyin reading: nothing to spell in pinyin
    return [text, "".join(reading[0] for reading in readings)]


def prefix_bounds(query: str) -> tuple[str, str]:
    """The key range [low, high) holding every key that starts with `query`."""
    return query, query + "\U0010ffff"
