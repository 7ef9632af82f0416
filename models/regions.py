"""Province and city from a Chinese address: 浙江省杭州市西湖区文三路 100 号 -> 浙江, 杭州.

The divisions are GB/T 2260's (models/divisions.csv, made by models/divisions_source.py from the
Ministry of Civil Affairs' list). Nothing is guessed: an address that names no division,
or a name several places share (朝阳区, 鼓楼区), gives nothing. A short name (浙江, 杭州)
counts only where what follows it is a place under it, so 北京路 or 中山公园 is no place.
Regions are written as the book writes them: 浙江 / 杭州, 北京 / 北京, 内蒙古 / 呼和浩特.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple


class Region(NamedTuple):
    province: str  # "" when unknown
    city: str  # "" when unknown (a province alone is still worth knowing)


NO_REGION = Region("", "")
# Provinces whose city is the province itself: the municipalities and the two SARs.
_CITY_PROVINCES = frozenset({"11", "12", "31", "50", "81", "82"})
# What may follow a short name in a street, not a place: 北京路, 中山公园, 南京东路.
_NOT_A_PLACE = re.compile(
    r"[东西南北中]?[一二三四五六七八九十0-9]*"
    r"(?:路|街|大街|大道|道|巷|弄|里|胡同|村|桥|广场|花园|公园|小区|大厦|中心|商场|店|号|站|机场)"
)
_COUNTRY = re.compile(r"^(?:中华人民共和国|中国大陆|中国|中國)")
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]+")
_SPACE = re.compile(r"\s+")
# Punctuation a seller puts between an address's parts (浙江省,杭州市,西湖区 or 浙江省/杭州市),
# between two Han characters: read as if not there (a street's 3-2-101 is left as it is).
_PARTS_APART = re.compile(r"(?<=[\u3400-\u9fff])[,，、/／|｜\-－—]+(?=[\u3400-\u9fff])")
_PHONE = re.compile(r"1[3-9]\d{9}|1\d{2}[*＊]{4}\d{4}")


@dataclass
class _Names:
    """Names of one level (province, city or county) -> the codes that carry them."""

    full: dict[str, set[str]] = field(default_factory=dict)  # 杭州市, 浙江省, 广西自治区
    short: dict[str, set[str]] = field(default_factory=dict)  # 杭州, 浙江: need a place after
    # first character -> the lengths of the names starting with it, longest first
    lengths: dict[str, list[int]] = field(default_factory=dict)

    def add(self, name: str, code: str, *, short: bool = False) -> None:
        if len(name) < 2:
            return
        (self.short if short else self.full).setdefault(name, set()).add(code)
        lengths = self.lengths.setdefault(name[0], [])
        if len(name) not in lengths:
            lengths.append(len(name))
            lengths.sort(reverse=True)

    def at(self, text: str, start: int) -> list[tuple[str, set[str], bool]]:
        """(name, codes, short) of the names `text` holds at `start`, longest first."""
        found = []
        for length in self.lengths.get(text[start : start + 1], ()):
            piece = text[start : start + length]
            if piece in self.full:
                found.append((piece, self.full[piece], False))
            if piece in self.short:
                found.append((piece, self.short[piece], True))
        return found


@dataclass
class _Divisions:
    names: dict[str, str]  # code -> name as published
    provinces: _Names
    cities: _Names
    counties: _Names
    city_of: dict[str, str]  # county code -> the code of its city (itself if under a province)
    shown: dict[str, str]  # province ("33") or city code -> its name in the book (浙江, 杭州)
    with_places: frozenset[str]  # the provinces with cities or counties in the data


def _short_province(name: str) -> str:
    """浙江省 -> 浙江, 广西壮族自治区 -> 广西, 内蒙古自治区 -> 内蒙古, 香港特别行政区 -> 香港."""
    for suffix in ("特别行政区", "省", "市"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    found = re.fullmatch(r"(.{2,}?)(?:壮族|回族|维吾尔)?自治区", name)
    return found.group(1) if found else name


def _short_city(name: str) -> str:
    """杭州市 -> 杭州, 阿克苏地区 -> 阿克苏, 兴安盟 -> 兴安; an autonomous prefecture keeps its
    name (延边朝鲜族自治州): where its place name ends is not in the data."""
    for suffix in ("市", "地区", "盟", "林区"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _short_county(name: str) -> str | None:
    """西湖区 -> 西湖, 义乌市 -> 义乌, 浦东新区 -> 浦东; None for an autonomous county."""
    if "自治" in name:
        return None
    for suffix in ("新区", "区", "县", "市", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _read_divisions() -> dict[str, str]:
    text = resources.files("xiaoben.models").joinpath("divisions.csv").read_text("utf-8")
    rows = (line.split(",", 1) for line in text.splitlines() if line and line[0].isdigit())
    return {code: name for code, name in rows}


@cache
def _divisions() -> _Divisions:
    names = _read_divisions()
    provinces, cities, counties = _Names(), _Names(), _Names()
    city_of: dict[str, str] = {}
    for code, name in names.items():
        if code.endswith("0000"):
            short = _short_province(name)
            provinces.add(name, code[:2])
            provinces.add(short, code[:2], short=True)
            provinces.add(short + "省", code[:2])  # 广西省, 内蒙古省: as sellers write them
            if name.endswith("自治区"):
                provinces.add(short + "自治区", code[:2])
        elif code.endswith("00"):
            cities.add(name, code)
            cities.add(_short_city(name), code, short=True)
            if name.endswith("自治州"):  # 延边州, 恩施州, 西双版纳州
                for length in range(2, 5):
                    cities.add(name[:length] + "州", code, short=True)
        else:
            under_province = code[2:4] == "90" or code[:2] in _CITY_PROVINCES
            city = code if under_province else code[:4] + "00"
            city_of[code] = city
            if code[2:4] == "90":  # 仙桃市, 济源市: a county-level city the province governs
                cities.add(name, code)
                cities.add(_short_city(name), code, short=True)
            counties.add(name, code)
            short_name = _short_county(name)
            if short_name:
                counties.add(short_name, code, short=True)
    shown = {code[:2]: _short_province(name) for code, name in names.items() if code[2:] == "0000"}
    shown.update(
        (code, shown[code[:2]] if code[:2] in _CITY_PROVINCES else _short_city(name))
        for code, name in names.items()
        if not code.endswith("0000")
    )
    with_places = frozenset(code[:2] for code in city_of)
    return _Divisions(names, provinces, cities, counties, city_of, shown, with_places)


def _clean(text: str) -> str:
    return _PARTS_APART.sub("", _SPACE.sub("", unicodedata.normalize("NFKC", text)))


def _starts(text: str) -> list[int]:
    """Where else an address may start in a cell: after a phone number (a 收货地址 cell with
    the name and phone first), after each run of digits or punctuation (a postal code,
    "张三，"), and last at its start (an address with the phone after it, pasted from a
    chat: 广东省深圳市南山区科技园 13800138003)."""
    phones = [match.end() for match in _PHONE.finditer(text)]
    others = [match.end() for match in _NOT_HAN.finditer(text)]
    return list(dict.fromkeys([*phones[-1:], *others, 0]))


@lru_cache(maxsize=16_384)  # an order export repeats a buyer's address on every order
def region_of(address: str) -> Region:
    """The province and city an address names (short forms, as the book keeps them), or
    NO_REGION when it names none for certain; a province alone gives (province, "")."""
    if not address:
        return NO_REGION
    text = _clean(address)
    found = _region_at(text, 0) if not _PHONE.search(text) else None
    if found is not None:
        return found
    for start in _starts(text):
        found = _region_at(text, start)
        if found is not None:
            return found
    return NO_REGION


def _region_at(text: str, start: int) -> Region | None:
    country = _COUNTRY.match(text, start)
    if country:
        start = country.end()
    divisions = _divisions()
    for name, codes, short in divisions.provinces.at(text, start):
        province = next(iter(codes))
        rest = start + len(name)
        if short and not _short_fits(divisions, text, rest, province):
            continue
        return Region(divisions.shown[province], _city_in(divisions, text, rest, province))
    return _city_alone(divisions, text, start)


def _a_place(text: str, at: int) -> bool:
    """Whether the text at `at` is not a street or a building (北京路, 中山公园)."""
    return _NOT_A_PLACE.match(text, at) is None


def _short_fits(divisions: _Divisions, text: str, rest: int, province: str) -> bool:
    """A province's short name counts when the address ends there or a place of that
    province follows (广东深圳, 北京朝阳区); for one with no places in the data (香港,
    台湾), when no street follows."""
    if rest == len(text):
        return True
    # The province named again in full (a shop's 北京 北京市 朝阳区: province, then city)
    for names in (divisions.provinces, divisions.cities, divisions.counties):
        for _, codes, _short in names.at(text, rest):
            if any(code.startswith(province) for code in codes):
                return True
    return province not in divisions.with_places and _a_place(text, rest)


def _city_in(divisions: _Divisions, text: str, at: int, province: str) -> str:
    """The city of `province` the text names at `at` (directly, or by one of its counties);
    "" if none or several."""
    if province in _CITY_PROVINCES:
        return divisions.shown[province]
    for names, of_county in ((divisions.cities, False), (divisions.counties, True)):
        for name, codes, short in names.at(text, at):
            mine = {code for code in codes if code.startswith(province)}
            if not mine or (short and not _a_place(text, at + len(name))):
                continue
            cities = {divisions.city_of[code] for code in mine} if of_county else mine
            return divisions.shown[cities.pop()] if len(cities) == 1 else ""
    return ""


def _city_alone(divisions: _Divisions, text: str, at: int) -> Region | None:
    """An address without a province: a city's full name (杭州市…), its short name followed
    by one of its counties (杭州西湖区), or a county's full name no other county has."""
    for name, codes, short in divisions.cities.at(text, at):
        if len(codes) > 1:
            return None
        city = next(iter(codes))
        rest = at + len(name)
        if short and rest < len(text) and not _county_follows(divisions, text, rest, city):
            continue
        return Region(divisions.shown[city[:2]], divisions.shown[city])
    for _, codes, short in divisions.counties.at(text, at):
        if short:
            continue
        if len(codes) > 1:
            return None
        city = divisions.city_of[next(iter(codes))]
        return Region(divisions.shown[city[:2]], divisions.shown[city])
    return None


def _county_follows(divisions: _Divisions, text: str, at: int, city: str) -> bool:
    return any(
        divisions.city_of[code] == city
        for _, codes, _short in divisions.counties.at(text, at)
        for code in codes
    )


def known_region(province: str, city: str) -> Region:
    """A province and city as written in a cell or a form in the book's spelling when the
    cell is a division's name (浙江省 -> 浙江, 杭州市 -> 杭州, 上海市 -> 上海), and a city
    of that province; otherwise as written."""
    if not province and not city:
        return NO_REGION  # most rows of an order export: only the address is given
    divisions = _divisions()
    named = _exactly(divisions.provinces, province)
    if named is not None:
        province = divisions.shown[named]
    city_code = _exactly(divisions.cities, city)
    if city_code is None and (municipality := _exactly(divisions.provinces, city)):
        city_code = municipality if municipality in _CITY_PROVINCES else None
    if city_code is not None and named in (None, city_code[:2]):
        city = divisions.shown[city_code]
    return Region(province, city)


def _exactly(names: _Names, text: str) -> str | None:
    """The one code a cell is the name of (full or short), or None."""
    cleaned = _clean(text)
    codes = names.full.get(cleaned) or names.short.get(cleaned) or set()
    return next(iter(codes)) if len(codes) == 1 else None


def fill_region(province: str, city: str, address: str) -> Region:
    """`province` and `city` with the empty ones filled from the address (or, for a city
    given alone, from the city), when what it names agrees with what is given: a given
    province or city is never changed, and a disagreeing address fills nothing."""
    if province and city:
        return Region(province, city)
    found = region_of(address) if address else NO_REGION
    if not province and not city:
        return found  # nothing given to agree with (what follows, at once)
    if not found.province and city:
        found = region_of(city)
    if not found.province:
        return Region(province, city)
    given = known_region(province, city)
    if province and given.province != found.province:
        return Region(province, city)
    if city and found.city and given.city != found.city:
        return Region(province, city)
    return Region(province or found.province, city or found.city)


def moved_region(old: Region, new: Region) -> Region:
    """The region after an address moved from one naming `old` to one naming `new`: the new
    address's region in place of the old one's; a new address that names no province leaves
    the region as it was, and one naming the same province but no city keeps the old city."""
    if not new.province:
        return old
    city = new.city if new.city or new.province != old.province else old.city
    return Region(new.province, city)


class Division(NamedTuple):
    """A division's name where a text names it: [start, end) and the codes it may be (six
    digits: 330000 浙江, 330100 杭州, 330106 西湖区; several where a name is shared)."""

    start: int
    end: int
    codes: frozenset[str]


# What a seller puts between the divisions she writes (浙江 杭州, 浙江省/杭州市, 浙江，杭州)
_BETWEEN = re.compile(r"[\s,，、/／|｜\-－—]*")


def leading_divisions(text: str) -> list[Division]:
    """The divisions a text starts with, one after another (浙江省杭州市西湖区文三路 1 号: 浙江省,
    杭州市, 西湖区; 浙江 杭州: 浙江, 杭州), as written, full names or short ones (a short
    name counts where the text ends after it or another division follows: 北京路 and 北京
    大学 are none). Nothing is chosen between the places sharing a name."""
    divisions = _divisions()
    found: list[Division] = []
    at = _skip_between(text, 0)
    while at < len(text):
        named = _division_at(divisions, text, at)
        if named is None:
            break
        found.append(named)
        at = _skip_between(text, named.end)
    return found


def _skip_between(text: str, at: int) -> int:
    between = _BETWEEN.match(text, at)
    return between.end() if between else at


def _division_at(divisions: _Divisions, text: str, at: int) -> Division | None:
    candidates = [
        (len(name), short, {code.ljust(6, "0") for code in codes})
        for names in (divisions.provinces, divisions.cities, divisions.counties)
        for name, codes, short in names.at(text, at)
    ]
    for length in sorted({length for length, _, _ in candidates}, reverse=True):
        codes: set[str] = set()
        for _length, short, named in candidates:
            if _length == length and (not short or _short_ends(divisions, text, at + length)):
                codes |= named
        if codes:
            return Division(at, at + length, frozenset(codes))
    return None


def _short_ends(divisions: _Divisions, text: str, rest: int) -> bool:
    """Whether a short name ending at `rest` is a division's: the text ends there, another
    division follows, or a street of its own name does. Not where anything else does:
    浙江大学, 北京大学35楼, 南山科技园, 杭州银行大厦 name a place by the division's name (and
    北京路 a street), and the 省市 or 区县 cell before them must be kept (taken as said
    there, it was dropped)."""
    rest = _skip_between(text, rest)
    if rest == len(text):
        return True
    kinds = (divisions.provinces, divisions.cities, divisions.counties)
    if any(names.at(text, rest) for names in kinds):
        return True
    # a street of its own name after it (浙江文三路, 杭州西湖体育西路), not one named after it
    return _a_place(text, rest) and _STREET_AFTER.match(text, rest) is not None


# A street's name after a division's short name: a few characters, then what streets end in.
_STREET_AFTER = re.compile(r"[\u3400-\u9fff]{1,4}(?:路|街|大街|大道|巷|弄|胡同)")


def same_division(one: Division, other: Division) -> bool:
    """Whether two names may be one division (浙江 and 浙江省; 西湖区 and 西湖区, whichever
    of the two 西湖区 each is)."""
    return not one.codes.isdisjoint(other.codes)


def nested_divisions(one: Division, other: Division) -> bool:
    """Whether one division holds the other or is it (浙江 and 杭州市; 杭州 and 西湖区): a
    province's code ends in 0000, a city's in 00, a county's in neither."""
    return any(
        _holds(first, second) or _holds(second, first)
        for first in one.codes
        for second in other.codes
    )


def _holds(outer: str, inner: str) -> bool:
    """Whether the division of code `outer` holds the one of code `inner` (or is it):
    330000 (浙江) holds 330100 (杭州) and 330106 (西湖区), 330100 holds 330106."""
    stem = outer[:2] if outer.endswith("0000") else outer[:4] if outer.endswith("00") else outer
    return inner.startswith(stem)
