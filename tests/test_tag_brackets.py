"""Tags written in brackets one after another (【VIP】【老客】, [VIP][老客]) or joined by a +
(VIP+老客) are two tags, as VIP，老客 and VIP/老客 are: in a customers import's 标签 cell and
in the profile form (a Customer's tags, which both read). C++ and 90+ stay one tag, and a
tag an export writes holding them reads back whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import write_csv
from xiaoben.models.customer import Customer
from xiaoben.models.values import join_tags, split_tags
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.customer_rows import parse_customers

WRITTEN = {
    "【VIP】【老客】": ["VIP", "老客"],
    "[VIP][老客]": ["VIP", "老客"],
    "VIP+老客": ["VIP", "老客"],
    "VIP + 老客": ["VIP", "老客"],
    "【VIP】 【老客】": ["VIP", "老客"],
    "【VIP】老客": ["VIP", "老客"],
    "VIP+老客+团购": ["VIP", "老客", "团购"],
    "C++": ["C++"],
    "90+": ["90+"],
    "老客[2023]": ["老客[2023]"],
    "VIP，老客": ["VIP", "老客"],
}


@pytest.mark.parametrize(("written", "tags"), WRITTEN.items())
def test_the_form_reads_them_apart(written: str, tags: list[str]) -> None:
    assert Customer(name="王芳", tags=written).tags == tags


def test_a_customers_import_reads_them_apart(tmp_path: Path) -> None:
    lines = ["姓名,手机,标签"] + [
        f'客户{at},138001380{at:02d},"{written}"' for at, written in enumerate(WRITTEN)
    ]
    customers, errors = parse_customers(read_table(write_csv(tmp_path / "客户.csv", lines)))
    assert errors == []
    assert [row.customer.tags for row in customers] == list(WRITTEN.values())


@pytest.mark.parametrize("tags", [["VIP+1"], ["[2023]", "老客"], ["C++", "【新】"]])
def test_an_exported_tag_of_them_reads_back_whole(tags: list[str]) -> None:
    assert split_tags(join_tags(tags)) == tags
