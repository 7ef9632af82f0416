"""Messy purchase files imported read apart (a reading child, reader_child) store and say
what the same import read here does, and the child never fails on them (its failure would
be hidden: the parent reads the file again itself). With the index upkeep forced to take
every dropped index up as it goes (index_upkeep), the book ends with a fresh book's indexes,
integrity_check ok. (Written by a reviewer of the upkeep; it found closed orders left
unchecked failing the child.)"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import write_csv
from tests.test_import_reader_child import (  # noqa: F401  (small: autouse fixture)
    HEADER,
    PLACES,
    imported,
    small,
)
from xiaoben.store import index_upkeep, purchase_writer, reader_child
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing import purchase_rows

CHANNELS = ("", "抖音", "微信", "门店", "小红书", "火星")
STATUSES = ("交易成功", "交易成功", "退款成功", "交易关闭", "已发货", "")

who_ = st.integers(0, 40)
FRESH: list[Any] = []  # the indexes of a fresh book (the same for every example)


def pick(draw: Any, good: list[str], bad: list[str]) -> str:
    """Mostly a good cell, now and then a bad one."""
    if bad and draw(st.integers(0, 80)) == 0:
        return draw(st.sampled_from(bad))
    return draw(st.sampled_from(good))


@st.composite
def line(draw: Any) -> str:
    who = draw(who_)
    if draw(st.integers(0, 60)) == 0:
        return "合计,,,,9999.00,,,,,,,"
    code = pick(draw, [f"C{who:03d}"] * 4 + [""], ["X" * 80])
    name = pick(draw, [f"客户{who % 7}"] * 3 + ["", "王*"], [])
    phone = pick(draw, [f"138{who:08d}"] * 4 + ["", "无"], ["123", f"138{(who + 1) % 41:08d}"])
    date = pick(draw, ["2024-03-01", "2024-05-17", "2024-05-18"], ["2024/13/01", "", "2099-01-01"])
    amount = pick(draw, ["10.25", "3", "88"], ["abc", "", "99999999"])
    item = pick(draw, ["面霜", "乳液", "", "ｆｕｌｌ　width"], [])
    qty = pick(draw, ["1", "2", ""], ["x"])
    refund = pick(draw, ["", "", "0.5"], ["500"])
    channel = pick(draw, list(CHANNELS[:5]), ["火星"])
    order = draw(st.sampled_from(["", "", "", "T1", "T2", f"T{who}"]))
    status = draw(st.sampled_from(STATUSES))
    place = draw(st.sampled_from(PLACES))
    return (
        f"{code},{name},{phone},{date},{amount},{item},{qty},{refund},{channel},{order},"
        f"{status},{place}"
    )


def marked(marker: Path) -> Any:
    """_send that leaves a file behind when the child says it failed (the parent would
    read the file itself and hide the child's failure)."""
    send = reader_child._send

    def sending(out: Any, kind: int, payload: bytes) -> None:
        if kind == reader_child._FAILED:
            import traceback

            marker.write_text(traceback.format_exc())
        send(out, kind, payload)

    return sending


def indexes(path: Path) -> tuple[list[Any], list[Any]]:
    conn = sqlite3.connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchall()
        names = conn.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        ).fetchall()
    finally:
        conn.close()
    return check, names


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lines=st.lists(line(), min_size=20, max_size=90),
    memo=st.sampled_from([500_000, 0, 2, 5]),
    create=st.booleans(),
    keep_good=st.booleans(),
    upkeep=st.booleans(),
)
def test_messy_files_read_apart_as_read_here(
    open_book: Callable[..., Book],
    empty_book_template: Path,
    lines: list[str],
    memo: int,
    create: bool,
    keep_good: bool,
    upkeep: bool,
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        mock.patch.object(purchase_rows, "KEY_MEMO_LIMIT", memo),
        mock.patch.object(purchase_writer, "BULK_ROWS", 5 if upkeep else 50_000),
        mock.patch.object(purchase_writer, "two_cores", lambda: True),
        mock.patch.object(index_upkeep, "IDLE_SHARE", 0.0),
        mock.patch.object(index_upkeep, "WINDOW_BATCHES", 1),
        mock.patch.object(reader_child, "_send", marked(Path(folder) / "failed")),
    ):
        tmp = Path(folder)
        path = write_csv(tmp / "orders.csv", [HEADER, *lines])
        options = {"create_missing": create, "keep_good": keep_good}
        for name in ("here.db", "apart.db"):  # new books (the files hold no #id: one mark)
            shutil.copyfile(empty_book_template, tmp / name)
        here = imported(open_book, path, tmp / "here.db", apart=False, **options)
        apart = imported(open_book, path, tmp / "apart.db", apart=True, **options)
        assert not (tmp / "failed").exists(), (tmp / "failed").read_text()
        assert apart == here
        assert indexes(tmp / "here.db") == indexes(tmp / "apart.db")
        assert indexes(tmp / "apart.db")[0] == [("ok",)]
        if not FRESH:  # a fresh book's indexes, read once
            open_book(tmp / "fresh.db").close()
            FRESH.extend(indexes(tmp / "fresh.db")[1])
        assert indexes(tmp / "apart.db")[1] == FRESH
