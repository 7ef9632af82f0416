"""What a cell of an export may hold: text that no spreadsheet runs as a formula, and the
redacted forms of a customer's name and phones.

Pure text rules; no file and no SQLite here.
"""

from __future__ import annotations

import re
import unicodedata

# OWASP CSV injection: a cell starting with one of these may be run as a formula (or a DDE
# call) by Excel, WPS or LibreOffice. The importer (importing.sheet_cells.unguard) reads
# the quote back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


_FIRST = frozenset(FORMULA_STARTS)


def formula_safe(text: str) -> str:
    """`text` with a leading ' when a spreadsheet could read it as a formula."""
    return GUARD + text if text and text[0] in _FIRST else text


# A custom field's value in a vCard's note (a phone book has no place for it): 学校：一中, each
# further line of a value of several lines indented by a tab under it, so the importer
# (importing.vcards.with_field_lines) knows where the value ends, even where a line of it
# reads like another field's (鞋码：37).
FIELD_LINE_ON = "\t"


def field_line(label: str, value: str) -> str:
    """学校：一中 — a custom field's value as a line of a vCard's note (FIELD_LINE_ON)."""
    return f"{label}：" + value.replace("\n", "\n" + FIELD_LINE_ON)


_DIGITS = re.compile(r"\d")
# Two-character surnames (复姓): 欧阳娜娜 is 欧阳某, not 欧某.
COMPOUND_SURNAMES = frozenset(
    re.findall(
        "..",
        "欧阳司马诸葛上官东方皇甫尉迟公孙慕容长孙宇文司徒夏侯轩辕令狐端木独孤南宫西门百里"
        "呼延澹台申屠太史闻人赫连钟离万俟东郭濮阳淳于单于公冶宗政司空拓跋第五左丘梁丘谷梁"
        "公羊羊舌微生乐正漆雕壤驷巫马亓官仲孙叔孙",
    )
)
SOMEONE = "某"


def surname_of(name: str) -> str:
    """The surname a Chinese name starts with: 张晓燕 -> 张, 欧阳娜娜 -> 欧阳 (a two-character
    name 欧阳 is 欧 + 阳); the first character of any other name, "" of none."""
    name = name.strip()
    return name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]


def surname_only(name: str) -> str:
    """张晓燕 -> 张某, 欧阳娜娜 -> 欧阳某, Alice Smith -> A某: who they are is not told."""
    return surname_of(name) + SOMEONE


_MASKED_NAME = re.compile(r"[^\s*＊某]{1,2}(?:某+|[*＊]+)")


def masked_name(name: str) -> bool:
    """Whether a name is one with all but the surname hidden (张某, 欧阳某 as a redacted export
    writes it; 王*, 王** as a shop does): who they are is not told."""
    return _MASKED_NAME.fullmatch(name.strip()) is not None


def masks_phone(mask: str, phone: str) -> bool:
    """Whether a masked number (138****0001) is `phone` (+8613800000001) with its middle
    hidden: the same length, the digits shown at its ends."""
    head, stars, tail = (
        re.split(r"([*＊]+)", mask.strip(), maxsplit=1)
        if "*" in mask or "＊" in mask
        else (mask, "", "")
    )
    digits = "".join(_DIGITS.findall(phone))
    if phone.startswith("+86") or phone.startswith("0086"):
        digits = digits.removeprefix("0086").removeprefix("86")
    return (
        bool(stars)
        and head.isdigit()
        and tail.isdigit()
        and len(head) + len(stars) + len(tail) == len(digits)
        and digits.startswith(head)
        and digits.endswith(tail)
    )


def masked_phone(shown: str) -> str:
    """13812348000 -> 138****8000: the first three and the last four digits, the rest stars
    (a short number keeps fewer)."""
    digits = "".join(_DIGITS.findall(shown))
    if shown.startswith("+86") or shown.startswith("0086"):
        digits = digits.removeprefix("0086").removeprefix("86")
    keep_head = 3 if len(digits) >= 9 else 1
    keep_tail = 4 if len(digits) >= 9 else 2
    if len(digits) <= keep_head + keep_tail:
        return "*" * len(digits)
    hidden = len(digits) - keep_head - keep_tail
    return digits[:keep_head] + "*" * hidden + digits[-keep_tail:]


# A run of digits a code cannot hold by chance: a mainland mobile number, or 11 digits and
# more (an ID card's, a bank card's, a number with its country code).
_TELLING_DIGITS = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|\d{11,}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def code_reveals(code: str, name: str, phones: list[str], pinyin: str = "") -> bool:
    """Whether a customer's code tells who they are or how to reach them, as sellers make
    codes of what they know: a phone number (13812345678, VIP13812345678, or the last
    seven digits of the customer's own phone, a landline's too), an ID card's digits, an
    e-mail address, the name (王芳01, its given name of two characters or more, or its
    pinyin `pinyin`, spaces dropped: wangfang). A redacted copy writes another key for it.
    Full-width digits and letters are read as theirs (ＶＩＰ１３８…)."""
    text = unicodedata.normalize("NFKC", code).lower()
    compact = "".join(text.split())
    if _TELLING_DIGITS.search(compact) or _EMAIL.search(compact):
        return True
    digits = "".join(_DIGITS.findall(compact))
    for phone in phones:
        own = "".join(_DIGITS.findall(phone))[-7:]
        if len(own) == 7 and own in digits:
            return True
    whole = "".join(unicodedata.normalize("NFKC", name).lower().split())
    given = whole[len(surname_of(whole)) :]
    spelled = "".join(pinyin.lower().split())
    return (
        (len(whole) >= 2 and whole in compact)
        or (len(given) >= 2 and given in compact)
        or (len(spelled) >= 4 and spelled in compact)
    )
