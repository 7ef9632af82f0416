"""Headers of a seller's own sheet read by rule (an outside tester's day-one finding 11):
加微信时间 / 添加时间 is a day, never her WeChat ID (it became the WeChat nickname
微信（非微信号）：2021-05-01); 住址 and 家庭住址 are the address; 男/女 is the gender; 分组,
客户分组 and 分类 are her tags (a custom field of that label still wins)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import table_of
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.columns import field_of, match_columns


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("加微信时间", None),
        ("添加时间", None),
        ("添加微信日期", None),
        ("微信添加时间", None),
        ("住址", "address"),
        ("家庭住址", "address"),
        ("现住址", "address"),
        ("男/女", "gender"),
        ("男 / 女", "gender"),
        ("男|女", "gender"),
        ("分组", "tags"),
        ("客户分组", "tags"),
        ("分类", "tags"),
        ("客户分类", "tags"),
        # as before
        ("微信", "wechat"),
        ("出生日期", "birthday"),
        ("生日日期", "birthday"),
        ("公司地址", None),
    ],
)
def test_a_sellers_header_is_read_as(header: str, field: str | None) -> None:
    assert field_of(header, "customers") == field


HERS = ("微信", "微信号", "电话", "手机", "地址", "住址", "邮箱", "昵称")
WHEN = ("时间", "日期")
DONE = ("", "加", "添加", "更新", "登记", "修改", "最近")


@given(st.sampled_from(DONE), st.sampled_from(HERS), st.sampled_from(DONE), st.sampled_from(WHEN))
def test_a_day_of_a_field_of_hers_is_never_that_field(
    before: str, word: str, after: str, when: str
) -> None:
    """加微信时间, 电话登记日期, 地址更新时间: when something happened to it, a date."""
    header = f"{before}{word}{after}{when}"
    assert field_of(header, "customers") is None, header
    assert "wechat" not in match_columns(["姓名", header], "customers").fields


def _csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def test_a_sheets_own_headers_come_in_as_her_fields(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = _csv(
        tmp_path / "c.csv",
        [
            ["姓名", "电话", "加微信时间", "家庭住址", "男/女", "客户分组"],
            ["赵敏", "13700137000", "2021-05-01", "浙江省杭州市西湖区文三路1号", "女", "老客"],
        ],
    )

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    assert "第 3 列“加微信时间”" in result.stderr  # listed, not read as her WeChat
    assert table_of(book_path, "SELECT wechat, address, gender, tags, notes FROM customers") == [
        (None, "浙江省杭州市西湖区文三路1号", "female", '["老客"]', "")
    ]


def test_a_custom_field_labelled_as_a_group_header_before_still_takes_it(
    open_book: Callable[..., Book], run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A field 分组 defined while 分组 named no field of ours (`fields add` refuses the label
    now, the import reading it as the tags): its column stays the field's, as before."""
    with open_book(book_path):
        pass  # the book and its tables
    conn = sqlite3.connect(book_path)
    with conn:
        conn.execute(
            "INSERT INTO custom_fields (kind, label_zh, label_en, required, options, position,"
            " in_list) VALUES ('text', '分组', 'group', 0, '[]', 1, 0)"
        )
    conn.close()
    sheet = _csv(tmp_path / "c.csv", [["姓名", "电话", "分组"], ["赵敏", "13700137000", "A组"]])

    result = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output
    with open_book(book_path) as book:
        [(zhao, tags)] = book.conn.execute("SELECT id, tags FROM customers").fetchall()
        assert book.field_values(zhao) == {1: "A组"}
    assert tags == "[]"
    with open_book(book_path) as book, pytest.raises(BookError) as refused:
        book.add_field(FieldDef(kind=FieldKind("text"), label_zh="客户分组"))
    assert refused.value.key == "store.field_label_import"
