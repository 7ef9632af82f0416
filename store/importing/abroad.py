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


# Taiwan's places as an address starts with them: 台北市大安區…, 臺中市…, 新北市板橋區…, or
# 台灣/臺灣 itself (台湾省…). 台州 (Zhejiang) is none; 连江 and 金门 are left out, as mainland
# addresses (福州 连江县, 泉州 金门县) are written with them too.
_TAIWAN_PLACE = re.compile(
    r"(?:中華民國|中国|中國)?\s*(?:[台臺][湾灣]|"
    r"(?:[台臺][北中南东東]|新北|桃[园園]|高雄|基隆|新竹|嘉[义義])[市县縣]|"
    r"(?:苗栗|彰化|南投|[云雲]林|屏[东東]|宜[兰蘭]|花[莲蓮]|澎湖)[县縣])"
)
_PLACE_FIELDS = ("address", "province", "city")


def in_taiwan(text: str) -> bool:
    """Whether a place cell (an address, a province or city) starts with a place in Taiwan."""
    return _TAIWAN_PLACE.match(text.strip()) is not None


def taiwan_place(cells: Sequence[str], places: Sequence[int]) -> str:
    """The place in Taiwan a row's first place cell in Taiwan starts with (台北市), as a
    message names it; "" if none does."""
    for at in places:
        found = _TAIWAN_PLACE.match(cells[at].strip()) if at < len(cells) else None
        if found is not None:
            return found.group().strip()
    return ""


class TaiwanRows:
    """A customers or purchases file whose rows' places are in Taiwan (a Shopee Taiwan
    export: 收件地址 台北市…): its phones written as Taiwan writes them (0912345678, 02
    2345 6789) are Taiwan's, +886 912345678, never refused as no Chinese number; its
    amounts are in NT$, which a purchases import refuses by name unless a currency column
    says yuan.

    Decided once, on the file's first batch of rows: Taiwan's when a row gives a place and
    every row that gives one gives a place in Taiwan (one mainland address among them, and
    the file is read as before). One cell never decides: the rows' places do."""

    def __init__(self, columns: ColumnMap, phones: Sequence[int | None]) -> None:
        self.places = [
            at for field in _PLACE_FIELDS if (at := columns.fields.get(field)) is not None
        ]
        self.phones = [at for at in phones if at is not None]
        self.taiwan: bool | None = None  # (until the first batch is looked at)

    def of_taiwan(self, rows: Sequence[Row]) -> bool:
        """Whether the file is Taiwan's (the first call's rows decide)."""
        if self.taiwan is None:
            self.taiwan = self._decide(rows)
        return self.taiwan

    def _decide(self, rows: Sequence[Row]) -> bool:
        if not self.places:
            return False
        placed = False
        for _, cells in rows:
            given = [cells[at] for at in self.places if at < len(cells) and cells[at].strip()]
            if not given:
                continue
            if not any(in_taiwan(text) for text in given):
                return False
            placed = True
        return placed

    def phones_read(self, rows: list[Row]) -> list[Row]:
        """The rows, a phone cell without its country code (no + or 00) that is a valid
        number in Taiwan written in full (+886912345678), where the file is Taiwan's; any
        other cell (a mainland mobile 138…, a number valid nowhere) as it is."""
        if not self.phones or not rows or not self.of_taiwan(rows):
            return rows
        changed: list[Row] = []
        for line, cells in rows:
            for at in self.phones:
                text = cells[at].strip() if at < len(cells) else ""
                if (
                    text[:1] in ("+", "")
                    or text.startswith("00")
                    or _MAINLAND_MOBILE.fullmatch(re.sub(r"[\s-]", "", text))
                ):
                    continue
                full = _in_full(text, "TW")
                if full is not None:
                    cells = [*cells[:at], full, *cells[at + 1 :]]
            changed.append((line, cells))
        return changed
