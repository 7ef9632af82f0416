"""The region from 收货地址 is read a column at a time and written in one statement: each
customer gets exactly the province and city that reading every row by itself would give."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import customer
from xiaoben.models.regions import Region, fill_region
from xiaoben.store.book import Book
from xiaoben.store.importing.places import place_of
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_table

# Pieces of addresses as shops and sellers write them: divisions in full and short, places
# several divisions share, streets named like places, phones and names before the address.
PIECES = st.sampled_from(
    [
        "浙江省", "浙江", "杭州市", "杭州", "西湖区", "朝阳区", "北京", "北京市", "上海市",
        "浦东新区", "内蒙古自治区", "呼和浩特市", "新疆", "乌鲁木齐", "广东", "深圳市", "南山区",
        "鼓楼区", "中国", "北京路", "中山公园", "文三路 100 号", " ", "，", "王芳，",
        "13800138000，", "138****8000 ", "3 室", "江苏", "苏州", "吉林省", "吉林市",
    ]
)  # fmt: skip
ADDRESSES = st.lists(PIECES, max_size=6).map("".join)
PROVINCES = st.sampled_from(["", "", "浙江", "浙江省", "江苏", "北京市", "内蒙古"])
CITIES = st.sampled_from(["", "", "杭州", "杭州市", "苏州", "北京", "呼和浩特"])
PHONES = [f"1390000{n:04d}" for n in range(8)]


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def gives_place(cells: list[str]) -> bool:
    return any(cell.strip() for cell in cells)


def per_row(cells: list[str], kept: Region | None) -> Region:
    """The region one row gives its customer, as it was read a row at a time: a new
    customer's from place_of; a customer in the book keeps a region they have whole, and an
    empty half of it is filled from the address."""
    address, province, city = (cell.strip() for cell in cells)
    if not gives_place(cells):  # a row without a place leaves the region be
        return kept or Region("", "")
    place = place_of(address, province, city)
    if kept is None:
        return Region(place.province, place.city)
    if kept.province and kept.city:
        return kept
    if kept.province or kept.city:
        return fill_region(kept.province, kept.city, place.address)
    return Region(place.province, place.city)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kept=st.lists(st.tuples(PROVINCES, CITIES), min_size=4, max_size=4),
    orders=st.lists(
        st.tuples(st.sampled_from(PHONES), ADDRESSES, PROVINCES, CITIES), min_size=1, max_size=20
    ),
)
def test_each_customer_gets_the_region_of_their_first_row_read_by_itself(
    empty_book_template: Path,
    kept: list[tuple[str, str]],
    orders: list[tuple[str, str, str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.db"
        shutil.copyfile(empty_book_template, path)  # a new book
        with Book.open(path, create=True) as book:
            before: dict[str, Region] = {}
            for phone, (province, city) in zip(PHONES, kept, strict=False):
                saved = customer(book, phone, phones=[phone], province=province, city=city)
                before[phone] = Region(saved.province or "", saved.city or "")
            export = Path(folder) / "订单.csv"
            with export.open("w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(["收货人手机", "实付金额", "付款时间", "收货地址", "省份", "城市"])
                for phone, address, province, city in orders:
                    writer.writerow([phone, "10.00", "2024-03-08", address, province, city])
            table = read_any(export, kind="purchases")
            import_table(book, "purchases", table, lambda *_: None, create_missing=True)
            first: dict[str, list[str]] = {}  # the first row giving a place, else any row
            for phone, address, province, city in orders:
                cells = [address, province, city]
                if phone not in first or (gives_place(cells) and not gives_place(first[phone])):
                    first[phone] = cells
            found = {
                phone: Region(*book.conn.execute(
                    "SELECT province, city FROM customers WHERE phones LIKE ?", (f"%{phone}%",)
                ).fetchone())
                for phone in first
            }  # fmt: skip
        expected = {phone: per_row(cells, before.get(phone)) for phone, cells in first.items()}
        assert found == expected
