"""Buyers abroad in a purchases file with a country column (Shopee, Lazada, eBay, Etsy …):
which country a row names, and a phone written the way that country writes it (eBay's
2135550100 in the United States, Lazada's 60123456789 in Malaysia) in full, +1 213 …, so it
is never read as a Chinese number (2135550100 is also a Shanghai landline).

Cells only: nothing here touches the book.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from operator import itemgetter

import phonenumbers

from xiaoben.store.importing.columns import COUNTRY_HEADERS, ColumnMap, column_key

Row = tuple[int, list[str]]

# A column naming the buyer's country (a shop export's Country, Ship Country, 收货国家):
# columns.COUNTRY_HEADERS. A bare 国家 or 国家/地区 is none of them: in a Chinese sheet (a
# 代购 seller's) it is most often where the goods come from (美国, 日本), and read as the
# buyer's it turned her buyers' mobiles into foreign numbers.
# A mainland mobile as written in China (15012345678, 150 1234 5678): Chinese whatever
# country a row names (1 50 1234 5678 is also a valid US number, its 1 the trunk prefix)
_MAINLAND_MOBILE = re.compile(r"1[3-9]\d{9}")
# Countries by the names shops write (casefolded), beside the two-letter codes phonenumbers
# knows (US, MY, SG …)
_NAMED = {
    **dict.fromkeys(["united states", "united states of america", "usa", "u.s.", "美国"], "US"),
    **dict.fromkeys(["united kingdom", "uk", "great britain", "england", "英国"], "GB"),
    **dict.fromkeys(["china", "mainland china", "中国", "中国大陆", "cn"], "CN"),
    **dict.fromkeys(["hong kong", "hong kong sar", "香港", "中国香港"], "HK"),
    **dict.fromkeys(["macao", "macau", "澳门", "中国澳门"], "MO"),
    **dict.fromkeys(["taiwan", "台湾", "中国台湾"], "TW"),
    **dict.fromkeys(["south korea", "korea", "republic of korea", "韩国"], "KR"),
    **dict.fromkeys(["vietnam", "viet nam", "越南"], "VN"),
    "canada": "CA", "australia": "AU", "new zealand": "NZ", "singapore": "SG",
    "malaysia": "MY", "thailand": "TH", "philippines": "PH", "indonesia": "ID", "japan": "JP",
    "germany": "DE", "france": "FR", "italy": "IT", "spain": "ES", "netherlands": "NL",
    "ireland": "IE", "brazil": "BR", "mexico": "MX", "india": "IN",
    "united arab emirates": "AE", "saudi arabia": "SA", "新加坡": "SG", "马来西亚": "MY",
    "泰国": "TH", "菲律宾": "PH", "印度尼西亚": "ID", "日本": "JP", "加拿大": "CA",
    "澳大利亚": "AU",
}  # fmt: skip


def country_columns(header: Sequence[str]) -> list[int]:
    """The columns of a header naming a row's country (Ship Country, Country)."""
    return [at for at, text in enumerate(header) if column_key(text) in COUNTRY_HEADERS]


def region_of(text: str) -> str | None:
    """The two-letter region a country cell names (United States, US -> US), None if none
    known."""
    folded = text.strip().casefold()
    if folded in _NAMED:
        return _NAMED[folded]
    code = folded.upper()
    return code if len(code) == 2 and code in phonenumbers.SUPPORTED_REGIONS else None


def phones_abroad(columns: ColumnMap, rows: list[Row]) -> list[Row]:
    """The rows, a phone cell without its country code (no + or 00) on a row of another
    country than China written in full (+12135550100) where it is a valid number there and
    no mainland mobile (11 digits, 1[3-9]…: the buyer's own, read as before); any
    other cell as it is (a masked (+1)213****45, a number not valid there: read as before)."""
    at = columns.fields.get("phone")
    countries = country_columns(columns.header)
    if at is None or not countries or not rows:
        return rows
    changed: list[Row] = []
    for line, cells in rows:
        text = cells[at].strip()
        region = _row_region(cells, countries) if text[:1] not in ("+", "") else None
        if (
            region
            and region != "CN"
            and not text.startswith("00")
            and not _MAINLAND_MOBILE.fullmatch(re.sub(r"[\s-]", "", text))
        ):
            full = _in_full(text, region)
            if full is not None:
                cells = [*cells[:at], full, *cells[at + 1 :]]
        changed.append((line, cells))
    return changed


def _row_region(cells: Sequence[str], countries: Sequence[int]) -> str | None:
    """The region the row's country cells name, where they name one and agree."""
    found = {region_of(cells[at]) for at in countries if cells[at].strip()}
    return found.pop() if len(found) == 1 else None


def _in_full(text: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or number.extension:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# What an order's later rows leave blank in Shopify's export (its first row alone says the
# buyer, the status, the payment's day and currency; the others only their line item): the
# order's, carried down from the row above of the same order number
_ORDERS_CELLS = (
    *("code", "phone", "wechat", "account", "name", "customer", "nickname", "email"),
    *("status", "after_sale", "currency", "date"),
)


class OrderRows:
    """Carries an order's cells (_ORDERS_CELLS) down to its later rows that leave them all
    blank, in a file whose rows of one order follow each other (one batch to the next). A
    row that gives any of them is read as it is: nothing of another row is put in it."""

    def __init__(self, columns: ColumnMap) -> None:
        at = columns.fields
        self.order = at.get("order")
        self.cells = [at[field] for field in _ORDERS_CELLS if field in at]
        # the cells whose being filled tells a row that gives its order's own: not the
        # email, which Shopify writes on each of an order's rows
        self.telling = [at[field] for field in _ORDERS_CELLS if field in at and field != "email"]
        self.last: list[str] | None = None  # the last batch's last row's cells

    def carried(self, rows: list[Row]) -> list[Row]:
        """The rows, each that leaves the order's cells blank with those of the row above
        where it is of the same order number. (A million rows of a file whose every row
        names its buyer are looked at a column at a time: no row is gone through alone.)"""
        order = self.order
        if order is None or not self.cells or not rows:
            return rows
        if not self.telling:
            return rows
        firsts = list(map(itemgetter(self.telling[0]), map(itemgetter(1), rows)))
        carried = rows
        if "" in firsts:  # (an empty cell, as shops write one: a cell of spaces is no order's)
            carried = list(rows)
            for position in [at for at, text in enumerate(firsts) if not text]:
                carried[position] = self._one(carried, position, order)
        self.last = carried[-1][1]
        return carried

    def _one(self, rows: list[Row], position: int, order: int) -> Row:
        line, cells = rows[position]
        above = rows[position - 1][1] if position else self.last
        number = cells[order].strip()
        if (
            above is None
            or not number
            or above[order].strip() != number
            or any(cells[at].strip() for at in self.telling)
        ):
            return line, cells
        own = set(self.cells)
        return line, [above[at] if at in own else cell for at, cell in enumerate(cells)]


def countries_abroad(header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]]) -> list[str]:
    """The countries a purchases file's buyers are in (as first written), where every row
    naming one names another country than China; [] where any is China's or none is named.
    (Such a file with no currency column may be in dollars: the report says so.)"""
    countries = country_columns(header)
    if not countries:
        return []
    found: dict[str, str] = {}  # region -> the country as first written
    for _, cells in rows:
        for at in countries:
            text = cells[at].strip() if at < len(cells) else ""
            if not text:
                continue
            region = region_of(text) or text.casefold()
            if region in ("CN", "HK", "MO", "TW"):  # (yuan, or a currency of its own said)
                return []
            found.setdefault(region, text)
    return list(found.values())
