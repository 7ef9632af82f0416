"""A row's place cells (address, province, city, district, street) -> the customer's address,
province and city, the empty province and city filled from the address.

One small function on a row's values, for the customers and the purchases importers alike;
the matching itself is models/regions.py's.
"""

from __future__ import annotations

from typing import NamedTuple

from xiaoben.models.regions import (
    Division,
    fill_region,
    known_region,
    leading_divisions,
    nested_divisions,
    same_division,
)


class Place(NamedTuple):
    address: str
    province: str
    city: str
    derived: bool  # the province or city came from the address, not from a cell of its own


def place_of(
    address: str,
    province: str,
    city: str,
    district: str = "",
    street: str = "",
    region: str = "",
    area: str = "",
) -> Place:
    """The place a row gives: a 省市, a 区县 and a 街道 cell go before the address that leaves
    them out (浙江省杭州市 + 西湖区 + 文新街道 + 文三路 100 号; 西湖区 + 文三路 100 号 from a
    街道 column alone), each as written, so the address holds every cell the seller gave,
    cells that name a division in full are spelled as the book spells it (浙江省 -> 浙江),
    and an empty province or city comes from the address when it agrees with the cells
    (never instead of one). What the address already names of a cell is not written again,
    in whichever spelling (joined_before)."""
    if street and street not in address:  # (街道 are no divisions of ours: as written)
        address = street + address
    for part in (district, region):  # the district first: the region goes before it
        address = joined_before(part, address)
    address = _area_before(area, address)
    given = known_region(province, city)
    filled = fill_region(given.province, given.city, address)
    return Place(address, filled.province, filled.city, filled != given)


def _area_before(area: str, address: str) -> str:
    """A 所在地区 cell (columns: beside a 详细地址, where no 省市 column is) before the address
    as a 省市 cell goes (joined_before), where it is divisions only (香港, 浙江 杭州) that do not
    name another place than the address starts with: a sales area (华东, 华南大区) is no part
    of an address, and 江苏 南京 before 杭州市西湖区… two places, of which the address, the
    seller's own words, is kept. (A 省市 column's cell the seller named so goes before the
    address whatever it holds: 海外.)"""
    given = leading_divisions(area) if area else []
    if not given or given[-1].end < len(area.rstrip()):
        return address
    named = leading_divisions(address)
    if named and not any(nested_divisions(part, named[0]) for part in given):
        return address
    return joined_before(area, address)


def joined_before(cell: str, address: str) -> str:
    """A 省市 or 区县 cell before the address, but for the divisions the address starts
    with already, compared by division, not by text (浙江 / 浙江省, 杭州 / 杭州市, spaces):
    浙江省杭州市 + 杭州市西湖区文三路 2 号 is 浙江省杭州市西湖区文三路 2 号; 浙江 杭州 +
    浙江省杭州市西湖区… is the address alone; 浙江省杭州市西湖区 + 杭州市文三路 1 号 gives the
    district its place after the city, 浙江省杭州市西湖区文三路 1 号. A cell the address
    holds as written adds nothing; one sharing no division with the start of the address
    (海外, 北京市 + 朝阳区建国路 9 号), or disagreeing with it (浙江省杭州市 + 上海市…: the
    seller's two cells say two places, both kept), goes whole before it, as written."""
    if not cell or cell in address:
        return address
    given, named = leading_divisions(cell), leading_divisions(address)
    if not given or not named:
        return cell + address
    if given[-1].end < len(cell.rstrip()):  # the cell holds more than divisions: keep it whole
        return cell + address
    if all(any(same_division(part, there) for there in named) for part in given):
        return address  # 浙江 杭州 + 浙江省杭州市…: all of it named already
    for first, part in enumerate(given):
        if same_division(part, named[0]):
            return _overlapping(cell, given[first:], address, named) or cell + address
    return cell + address


def _overlapping(
    cell: str, given: list[Division], address: str, named: list[Division]
) -> str | None:
    """The cell before the address where the cell's divisions from `given[0]` on are the
    ones the address starts with (named): the cell's text before them, the address, and
    the cell's divisions the address goes on without (after its own); None where the two
    disagree."""
    both = 0
    while both < min(len(given), len(named)) and same_division(given[both], named[both]):
        both += 1
    if both < min(len(given), len(named)):
        return None  # 浙江省杭州市西湖区 + 杭州市上城区…: two places
    before = cell[: given[0].start]
    if both == len(given):
        return before + address
    after = named[both - 1].end  # the address's divisions ran out: the cell's rest after them
    return before + address[:after] + cell[given[both].start :].rstrip() + address[after:]
