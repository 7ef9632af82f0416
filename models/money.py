"""Money as the seller reads it. A leaf: imports nothing, so a command that only prints
amounts (`xiaoben report` reading a kept overview) loads no validation library."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal


def cents_shown(cents: int | float, currency: str = "¥") -> str:
    """An amount to the cent with thousands separators: 1240000 -> ¥12,400.00 (a reason or a
    message); currency="" for a column of amounts (`xiaoben report`)."""
    amount = Decimal(round(cents)) / 100
    return f"{currency}{amount:,.2f}"


# Another currency than yuan, as a sheet writes it beside an amount: its sign (any currency
# sign but ¥, which yuan and yen share: read as yuan), its ISO code, or its name in Chinese.
_FOREIGN_CODES = re.compile(
    r"(?<![A-Za-z])(?:USD|HKD|TWD|MOP|EUR|GBP|JPY|KRW|AUD|CAD|NZD|SGD|MYR|THB|CHF|RUB|INR"
    # ... and NTD (Taiwan's), IDR, PHP, VND; RM (ringgit, as Lazada/Shopee Malaysia write
    # it: RM 25.00) and Rp (rupiah), the signs of currencies that have no sign character
    r"|NTD|IDR|PHP|VND|RM|Rp)"
    r"(?![A-Za-z])",
    re.I,
)
_FOREIGN_NAMES = re.compile(
    r"美元|美金|港币|港元|港幣|台币|台幣|澳门元|澳門元|澳元|澳币|欧元|歐元|英镑|英鎊|日元|日圆|円"
    r"|韩元|韓元|加元|加币|新币|新加坡元|卢布|泰铢|瑞郎|林吉特"
    r"|马币|馬幣|令吉|日币|日幣|韩币|韓幣|美刀|越南盾|比索"
)
_YUAN_SIGN = "\u00a5"  # ¥ (NFKC of ￥)


def foreign_currency(text: str) -> bool:
    """Whether an amount's text (or a number format's literal text) names another currency
    than yuan: $100, US$ 5, 100 USD, €20, 30美元. Such an amount is never read as yuan (a
    daigou seller's sheet in dollars would count ¥100 for $100): the importer refuses it."""
    if text.isascii() and "$" not in text and not any(ch.isalpha() for ch in text):
        return False  # 199, 1,280.50, -3: the common case
    shown = unicodedata.normalize("NFKC", text)
    if any(unicodedata.category(ch) == "Sc" and ch != _YUAN_SIGN for ch in shown):
        return True
    return bool(_FOREIGN_CODES.search(shown) or _FOREIGN_NAMES.search(shown))
