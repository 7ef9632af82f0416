"""A row's place cells (address, province, city, district, street) -> the customer's address,
province and city, the empty province and city filled from the address.

One small function on a row's values, for the customers and the purchases importers alike;
the matching itself is models/regions.py's.
"""

from __future__ import annotations

from typing import NamedTuple

from xiaoben.models.regions import fill_region, known_region


class Place(NamedTuple):
    address: str
    province: str
    city: str
    derived: bool  # the province or city came from the address, not from a cell of its own


def place_of(
    address: str, province: str, city: str, district: str = "", street: str = "", region: str = ""
) -> Place:
    """The place a row gives: a 省市, a 区县 and a 街道 cell go before the address that leaves
    them out (浙江省杭州市 + 西湖区 + 文新街道 + 文三路 100 号; 西湖区 + 文三路 100 号 from a
    街道 column alone), each as written, so the address holds every cell the seller gave,
    cells that name a division in full are spelled as the book spells it (浙江省 -> 浙江),
    and an empty province or city comes from the address when it agrees with the cells
    (never instead of one)."""
    for part in (street, district, region):  # the street first: the others go before it
        if part and part not in address:
            address = part + address
    given = known_region(province, city)
    filled = fill_region(given.province, given.city, address)
    return Place(address, filled.province, filled.city, filled != given)
