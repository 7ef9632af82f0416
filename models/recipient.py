"""A 收货信息 cell: a buyer's name, phone and address pasted in one cell, as WeChat's or
Taobao's 复制收货地址 gives them (张三，13800138000，浙江省杭州市西湖区文三路1号; 孙七，86-135
0013 5000，浙江省 杭州市 西湖区 文三路1号 ，310000; an address first, then the name and the
phone; a block of 收货人: / 手机号码: / 所在地区: / 详细地址: lines), read into its parts.

Pure: no I/O. The phone is found by the mainland mobile's shape and checked by
values.normalise_phone; the name by values.plain_name (the name rules a name cell's
mobile is read by).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiaoben.models.values import MOBILE_WRITTEN, clean_text, normalise_phone, plain_name


@dataclass(frozen=True)
class Recipient:
    name: str
    phone: str  # as written (86-13500135000): the import reads it as any phone cell
    address: str  # "" when the cell gives none
    postcode: str  # a trailing 6-digit postcode (310000), "" if none: no part of the address


# The labels a copied address carries (收货人: 王五, 手机号码：137…), dropped: at the start of
# the cell or of a part, with or without a colon. Longest first.
_LABEL = re.compile(
    r"(?:^|(?<=[\s，,、;；]))"
    r"(?:收货人姓名|收件人姓名|收货人|收件人|姓名|手机号码|手机号|手机|联系电话|电话号码|电话"
    r"|所在地区|详细地址|收货地址|收件地址|地址|邮政编码|邮编)"
    r"\s*[:：]?"
)
# A mainland mobile as written: 13800138000, 138 0013 8000, 136-0013-6000, +86 138…, 86-138…
_MOBILE = re.compile(rf"(?<![\d+]){MOBILE_WRITTEN}(?!\d)")
_WORD = re.compile(r"[^，,、;；\s]+")  # a part between the separators
_POSTCODE = re.compile(r"\d{6}")
# Where an address's part ends (西溪街道, 文三路, 杭州市): never a name, though 2 to 4 hanzi
_PLACE_END = re.compile(r".+[省市区县镇乡村街道路巷弄号楼室栋幢座层]")
_PHONE = "\0"


def split_recipient(cell: object) -> Recipient | None:
    """The parts of a 收货信息 cell, None when it cannot be split plainly: no valid mainland
    mobile, more than one, no name beside the mobile, or an address in two pieces."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    text = clean_text(cell)
    if not isinstance(text, str):
        return None
    phones = list(_MOBILE.finditer(text))
    if len(phones) != 1:
        return None
    written = phones[0].group().strip()
    try:
        if not normalise_phone(written).startswith("+861"):
            return None
    except ValueError:
        return None
    start, end = phones[0].span()
    text = f"{text[:start]} {_PHONE} {text[end:]}"
    text = _LABEL.sub(" ", text)
    parts = [found.span() for found in _WORD.finditer(text)]
    words = [text[a:b] for a, b in parts]
    postcode = ""
    if len(words) > 2 and _POSTCODE.fullmatch(words[-1]):
        postcode = words.pop()
        parts.pop()
    at = words.index(_PHONE)
    name_at = next(
        (each for each in (at - 1, at + 1) if 0 <= each < len(words) and _name(words[each])),
        None,
    )
    if name_at is None:
        return None
    rest = [each for each in range(len(words)) if each not in (at, name_at)]
    if rest and rest != list(range(rest[0], rest[-1] + 1)):
        return None  # the address on both sides of the name and phone: not plain
    address = text[parts[rest[0]][0] : parts[rest[-1]][1]] if rest else ""
    address = re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", address).strip()
    return Recipient(words[name_at], written, address, postcode)


def _name(word: str) -> bool:
    return plain_name(word) and _PLACE_END.fullmatch(word) is None
