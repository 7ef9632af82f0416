"""A large CSV's purchases read and checked in a child process (store/reader_child)
import exactly as read in this one: the same batches, rows, errors, progress, messages and
stored rows; a child that fails or dies is made up for by reading here; Ctrl+C writes
nothing and leaves no child behind. Files, blocks and batches are made small here."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.book_helpers import small_streams, write_csv
from xiaoben.models.errors import BookError
from xiaoben.store import index_upkeep, purchase_writer, reader_child
from xiaoben.store.book import Book
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing import csv_table
from xiaoben.store.importing.purchase_rows import (
    CustomerKey,
    ParsedBatch,
    PurchaseRow,
    purchase_batches,
)
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportRejected, _import_purchase_batches, import_table
from xiaoben.store.purchase_writer import new_customer

HEADER = "客户编号,姓名,手机,日期,金额,商品,数量,退款,渠道,订单号,订单状态,收货地址"
CHANNELS = ("", "抖音", "微信", "门店", "小红书")
STATUSES = ("交易成功", "交易成功", "交易成功", "退款成功", "交易关闭")
PLACES = ("", "广东省深圳市南山区文三路 1 号", "浙江省杭州市西湖区 2 号", "北京市朝阳区 3 号")


@pytest.fixture(autouse=True)
def small(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small blocks and batches, any file read apart, the key sets numbered afresh often;
    the pids of the children forked (os.fork watched)."""
    small_streams(monkeypatch)
    monkeypatch.setattr(reader_child, "CHILD_MIN_BYTES", 0)
    monkeypatch.setattr(reader_child, "KEY_SETS_MAX", 12)
    forked: list[int] = []
    fork = os.fork

    def watched() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(reader_child.os, "fork", watched)
    return forked


def orders(count: int) -> list[str]:
    """Rows of 23 customers in a scattered order: channels, refunds, closed orders, places,
    an order number on some, a refund on some, two quantities."""
    lines = []
    for n in range(count):
        who = n * 7 % 23
        place = PLACES[who % len(PLACES)]
        order = f"T{n:05d}" if n % 3 else ""
        refund = "0.5" if n % 11 == 1 else ""
        lines.append(
            f"C{who:03d},客户{who},138{who:08d},2024-0{n % 9 + 1}-{n % 27 + 1:02d},{n}.25,"
            f"面霜{n % 4},{n % 2 + 1},{refund},{CHANNELS[n % 5]},{order},{STATUSES[n % 5]},{place}"
        )
    return lines


def contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What the book stores, without the times it was written at."""
    conn = sqlite3.connect(path)
    try:
        queries = {
            "purchases": "SELECT customer_id, date, amount_cents, items, quantity, cost_cents,"
            " refunded_cents, channel, note FROM purchases ORDER BY id",
            "customers": "SELECT id, code, name, name_pinyin, phones, wechat, address, province,"
            " city FROM customers ORDER BY id",
            "keys": "SELECT * FROM customer_keys ORDER BY 1, 2, 3",
            "search": "SELECT * FROM search_keys ORDER BY 1, 2",
            "stats": "SELECT * FROM stats ORDER BY customer_id",
            "tiers": "SELECT * FROM tiers ORDER BY customer_id",
            "days": "SELECT * FROM day_totals ORDER BY 1, 2",
        }
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}
    finally:
        conn.close()


def imported(
    open_book: Callable[..., Book], path: Path, book_path: Path, *, apart: bool, **options: Any
) -> tuple[Any, list[tuple[str, int, int]], dict[str, list[tuple[Any, ...]]]]:
    """Import `path` into a new book at `book_path`: the outcome (the report's figures, or
    the refusal's errors and message), the progress calls and what the book stores."""
    seen: list[tuple[str, int, int]] = []
    table = read_any(path, kind="purchases")
    with open_book(book_path) as book:
        try:
            report = import_table(
                book,
                "purchases",
                table,
                lambda *call: seen.append(call),
                read_apart=apart,
                **options,
            )
            outcome: Any = (
                report.rows,
                report.imported,
                report.created_customers,
                report.closed_orders,
                report.refunded_orders,
                report.total_rows,
                report.errors,
            )
        except ImportRejected as refused:
            outcome = ("refused", refused.report.errors, refused.message())
        except BookError as error:
            outcome = (type(error).__name__, error.message())
    return outcome, seen, contents(book_path)


def both_ways(
    open_book: Callable[..., Book], tmp_path: Path, lines: list[str], **options: Any
) -> tuple[Any, Any]:
    path = write_csv(tmp_path / "orders.csv", lines)
    here = imported(open_book, path, tmp_path / "here.db", apart=False, **options)
    apart = imported(open_book, path, tmp_path / "apart.db", apart=True, **options)
    return here, apart


def read(path: Path) -> Callable[[], Iterator[ParsedBatch]]:
    table = read_any(path, kind="purchases")
    return lambda: purchase_batches(table, large_cents=100_000, latest=dt.date(2024, 12, 31))


def from_child(
    source: Callable[[], Iterator[ParsedBatch]], path: Path, *, prepare: bool = False
) -> Generator[ParsedBatch, None, None]:
    return reader_child.batches_from_child(source, path, prepare=prepare)


def test_the_batches_from_the_child_are_those_read_here(small: list[int], tmp_path: Path) -> None:
    lines = [HEADER, *orders(120)]
    lines[32] = lines[32].replace("2024-", "2024/13/")  # a bad date
    lines[41] += ",多一格"  # a row wider than the header
    lines[77] = lines[77].replace(".25,", "0000000.25,")  # over the large purchase
    lines.append("合计,,,,9999.00,,,,,,,")
    path = write_csv(tmp_path / "orders.csv", lines)
    source = read(path)

    here = list(source())
    batches = from_child(source, path, prepare=True)
    apart = list(batches)

    assert apart == here
    # each key set's first row: the customer it would make, worked out in the child
    firsts = {}
    for row in (row for batch in here for row in batch.rows):
        firsts.setdefault(row.keys, row)
    prepared = {keys: made for batch in apart for keys, made in (batch.prepared or {}).items()}
    assert len(prepared) == len(firsts) == 23
    assert prepared == {keys: (row.name, new_customer(row)) for keys, row in firsts.items()}
    assert len(here) == 18 and sum(map(len, (batch.errors for batch in here))) == 3
    assert [batch.totals for batch in here if batch.totals] == [[(122, "合计")]]
    assert all(type(row.keys[0]) is type(here[0].rows[0].keys[0]) for row in apart[5].rows)
    (pid,) = small
    with pytest.raises(ProcessLookupError):  # reaped
        os.kill(pid, 0)


def test_an_import_read_apart_stores_and_says_what_one_read_here_does(
    open_book: Callable[..., Book],
    small: list[int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    made_here = []
    make = purchase_writer.new_customer
    monkeypatch.setattr(
        purchase_writer, "new_customer", lambda row: made_here.append(row.line) or make(row)
    )
    here, apart = both_ways(open_book, tmp_path, [HEADER, *orders(150)], create_missing=True)

    assert apart == here
    assert len(small) == 1
    assert len(made_here) == 23  # by the import read here; read apart, each came ready
    outcome, progress, stored = here
    # closed: n % 5 == 4 (30), of which 3 had money refunded (n % 11 == 1: ¥0.50), not
    # closed but paid and refunded in part; refunded (退款成功): n % 5 == 3 (30), but the 3
    # stating ¥0.50 back, refunded in part too: 27 refunded in full
    assert outcome[:7] == (150, 123, 23, 27, 27, [], [])
    assert len(progress) > 40 and len(stored["search"]) > 100


def test_phones_said_none_are_said_alike_read_apart(
    open_book: Callable[..., Book], small: list[int], tmp_path: Path
) -> None:
    lines = [
        line.replace(f",138{n * 7 % 23:08d},", ",13000000000（无）,") if n % 23 == 5 else line
        for n, line in enumerate(orders(150))
    ]
    path = write_csv(tmp_path / "orders.csv", [HEADER, *lines])
    said = []
    for apart in (False, True):
        with open_book(tmp_path / f"{apart}.db") as book:
            report = import_table(
                book, "purchases", read_any(path, kind="purchases"), None, read_apart=apart,
                create_missing=True,
            )  # fmt: skip
        said.append((report.none_phones, report.first_none_phone))

    assert len(small) == 1
    # line 7 (n = 5) makes 客户12, whose notes keep it; her later rows find her by her code
    assert said == [(1, (7, "13000000000（无）"))] * 2


def test_after_sale_rows_to_check_come_alike_from_the_child(tmp_path: Path) -> None:
    lines = [
        line.replace("交易成功", "售后完成") if n % 4 == 0 else line
        for n, line in enumerate(orders(150))
    ]
    path = write_csv(tmp_path / "orders.csv", [HEADER, *lines])
    source = read(path)

    here = list(source())
    apart = list(from_child(source, path))

    assert apart == here
    told = [each for batch in here for each in batch.unsure_refunds]
    # 售后完成 on n % 4 == 0 (n % 5 == 0, 1 or 2 in STATUSES), no refund cell (n % 11 != 1)
    assert told == [
        (n + 2, "售后完成") for n in range(150) if n % 4 == 0 and n % 5 in (0, 1, 2) and n % 11 != 1
    ]


def test_an_orders_repeated_amount_is_read_and_told_alike_from_the_child(tmp_path: Path) -> None:
    from tests.test_import_repeated_amounts import WEIDIAN

    # WD001's 实收金额 is its paid total by the unit prices; WD009's rows have no price to
    # tell: read as written, and said
    lines = [*WEIDIAN, *(f"WD009,2024-03-03 09:00,赵敏,13700137003,面膜,,{n},90" for n in (1, 2))]
    path = write_csv(tmp_path / "orders.csv", lines)
    source = read(path)

    here = list(source())
    apart = list(from_child(source, path))

    assert apart == here
    assert here[0].priced_totals == (1, "实收金额", "单价", "数量")
    assert here[0].repeated_amounts == (1, "实收金额", "WD009", (5, 6), 9000)
    amounts = [(row.line, row.amount_cents) for batch in apart for row in batch.rows]
    assert amounts == [(2, 12000), (3, 8000), (4, 4000), (5, 9000), (6, 9000)]


@pytest.mark.parametrize("cell", ["王芳", "王 芳"])
def test_a_customer_made_ahead_is_taken_only_for_the_same_name_cell(book: Book, cell: str) -> None:
    row = PurchaseRow(2, (CustomerKey("code", "C1"),), "王芳", dt.date(2024, 3, 1), 100)
    ahead = new_customer(row._replace(name="李娜"))  # told apart from one made here
    batch = ParsedBatch([row], [], 1, 1, [], {row.keys: (cell, ahead)})

    _import_purchase_batches(book, [batch], create_missing=True)

    name = book.conn.execute("SELECT name FROM customers").fetchone()[0]
    assert name == ("李娜" if cell == row.name else "王芳")


def test_bad_rows_are_named_alike_and_kept_out_alike(
    open_book: Callable[..., Book], tmp_path: Path
) -> None:
    lines = [HEADER, *orders(90)]
    lines[12] = lines[12].replace(",2024-", ",2024-02-30x")
    lines[60] = "C999,,,2024-01-01,1,,,,,,,"  # an unknown customer without --create-missing
    refused_here, refused_apart = both_ways(open_book, tmp_path, lines)
    assert refused_apart == refused_here
    assert refused_here[0][0] == "refused" and refused_here[2]["purchases"] == []

    (tmp_path / "here.db").unlink()
    (tmp_path / "apart.db").unlink()
    kept_here, kept_apart = both_ways(
        open_book, tmp_path, lines, create_missing=True, keep_good=True
    )
    assert kept_apart == kept_here
    assert [error.line for error in kept_here[0][-1]] == [13]


PLAIN = "客户编号,姓名,手机,日期,金额,商品,数量,退款,渠道"  # no order, status or place


def into(
    open_book: Callable[..., Book], path: Path, base: Path, book_path: Path, **options: Any
) -> tuple[Any, ...]:
    """Import `path` into a copy of the book at `base`: everything the report says (or
    the refusal), and what the book stores."""
    book_path.write_bytes(base.read_bytes())
    table = read_any(path, kind="purchases")
    with open_book(book_path) as book:
        try:
            report = import_table(book, "purchases", table, lambda *call: None, **options)
            outcome: Any = vars(report)
        except ImportRejected as refused:
            outcome = ("refused", vars(refused.report), refused.message())
    return outcome, contents(book_path)


def base_book(open_book: Callable[..., Book], tmp_path: Path) -> Path:
    """A book that has the 23 customers of orders() and 40 of their purchases."""
    base = tmp_path / "base.db"
    first = write_csv(tmp_path / "first.csv", [HEADER, *orders(40)])
    imported(open_book, first, base, apart=False, create_missing=True)
    return base


@pytest.mark.parametrize("keep_good", [False, True])
def test_a_book_that_has_the_customers_takes_a_file_read_apart_as_one_read_here(
    open_book: Callable[..., Book], tmp_path: Path, keep_good: bool
) -> None:
    """Its customers in the book, no order number, place or status: the writer takes the
    child's columns as they are, matching each key set once, in the file's order."""
    base = base_book(open_book, tmp_path)
    lines = [PLAIN]
    for n in range(120):
        who = n * 5 % 23
        lines.append(f"C{who:03d},客户{who},138{who:08d},2024-05-{n % 28 + 1:02d},{n}.5,乳液,1,,")
    lines[9] = "C999,新人,13900000999,2024-05-02,9.5,乳液,1,,"  # nobody: refused
    lines[30] = "C001,客户1,13800000002,2024-05-03,9.5,乳液,1,,"  # 客户2's phone: refused
    lines[44] = "C003,客户3,13911112222,2024-05-04,9.5,乳液,1,,"  # a phone 客户3 lacks: said
    lines[61] = ",客户5,,2024-05-05,9.5,乳液,1,,"  # a name alone
    lines[62] = ",客户5,,2024-05-06,9.5,乳液,1,,"
    lines[90] = "C000,客户0,13800000000,2024-01-01,0.25,面霜0,1,,"  # in the book already
    lines[100] = lines[9]  # nobody again, a batch later
    path = write_csv(tmp_path / "plain.csv", lines)

    here = into(open_book, path, base, tmp_path / "here.db", keep_good=keep_good)
    apart = into(open_book, path, base, tmp_path / "apart.db", keep_good=keep_good, read_apart=True)

    assert apart == here
    outcome = here[0] if keep_good else here[0][1]
    unknown = [at + 1 for at, line in enumerate(lines) if line.startswith(("C999", "C018"))]
    assert [error.line for error in outcome["errors"]] == sorted([31, *unknown])
    assert 10 in unknown and 101 in unknown and len(unknown) > 2  # C018 has no purchase in first
    near = outcome["near_said"]  # (the report's near matches, said when shown)
    assert len(near) == 1 and "13911112222" in near[0]()
    assert outcome["known_purchases"] == 1
    before = len(contents(base)["purchases"])
    assert len(here[1]["purchases"]) == before + (120 - len(unknown) - 2 if keep_good else 0)


@pytest.mark.parametrize("key_sets", [12, 1_000])
def test_a_namesake_made_mid_file_is_met_alike_read_apart(
    open_book: Callable[..., Book],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    key_sets: int,
) -> None:
    """A name alone finds 王芳 until a row makes a second 王芳; from then on it names
    two customers: the match remembered for it is dropped on both sides (the key sets
    numbered afresh often, or never)."""
    monkeypatch.setattr(reader_child, "KEY_SETS_MAX", key_sets)
    lines = [PLAIN]
    for n in range(60):
        who = n % 4
        day = f"2024-06-{n % 28 + 1:02d}"
        if n == 20:
            lines.append(f"C101,王芳,13800000101,{day},1.5,乳液,1,,")  # the second 王芳
        elif who == 0:
            lines.append(f",王芳,,{day},1.5,乳液,1,,")
        elif n < 3:
            lines.append(f"C100,王芳,13800000100,{day},1.5,乳液,1,,")
        else:
            lines.append(f"C{who:03d},李{who},1390000000{who},{day},1.5,乳液,1,,")
    lines[1] = "C100,王芳,13800000100,2024-06-01,1.5,乳液,1,,"  # the first 王芳, first
    path = write_csv(tmp_path / "namesakes.csv", lines)

    for keep_good in (False, True):
        options = {"create_missing": True, "keep_good": keep_good}
        here = imported(open_book, path, tmp_path / f"here{keep_good}.db", apart=False, **options)
        apart = imported(open_book, path, tmp_path / f"apart{keep_good}.db", apart=True, **options)
        assert apart == here
    errors = here[0][-1]
    assert errors and min(error.line for error in errors) > 22  # after the second 王芳 (22)
    assert all(error.line % 4 == 2 for error in errors)  # the name-alone rows


def test_nicknames_in_wechat_make_the_same_customers_read_apart(
    open_book: Callable[..., Book], tmp_path: Path
) -> None:
    """A 微信 cell that is no WeChat ID goes into the notes of the customer a row makes —
    that row's, read here or apart, even where the key set's first row (a closed order,
    from which the child works its customer out ahead) had another nickname."""
    lines = ["客户编号,姓名,手机,日期,金额,订单状态,微信"]
    for n in range(80):
        who = n % 9
        wechat = (f"wx_id_{who:04d}", f"小{who}🌸", "", "无", f"阿{n}")[who % 5]
        status = "交易关闭" if n == who and who % 5 == 4 else "交易成功"
        lines.append(
            f"C{who:03d},客户{who},138{who:08d},2024-04-{n % 28 + 1:02d},{n}.5,{status},{wechat}"
        )
    lines[2:2] = [  # in one batch: the closed order first, then the one that makes 客户99
        "C099,客户99,13800000099,2024-04-01,1.5,交易关闭,阿甲",
        "C099,客户99,13800000099,2024-04-02,2.5,交易成功,阿乙",
    ]

    here, apart = both_ways(open_book, tmp_path, lines, create_missing=True)

    assert apart == here
    notes = (
        sqlite3.connect(tmp_path / "here.db")
        .execute("SELECT code, wechat, notes FROM customers ORDER BY code")
        .fetchall()
    )
    assert notes[0] == ("C000", "wx_id_0000", "")
    assert notes[1] == ("C001", None, "微信（非微信号）：小1🌸")
    assert notes[2] == ("C002", None, "") and notes[3] == ("C003", None, "")  # blank, 无
    assert notes[4] == ("C004", None, "微信（非微信号）：阿13")  # 阿4's order was closed
    assert notes[-1] == ("C099", None, "微信（非微信号）：阿乙")


def test_a_fault_the_child_meets_is_raised_here_as_when_read_here(
    open_book: Callable[..., Book], small: list[int], tmp_path: Path
) -> None:
    lines = [HEADER, *orders(60), 'C060,客户60,,2024-03-01,"1,']  # a quote never closed
    here, apart = both_ways(open_book, tmp_path, lines, create_missing=True)

    assert apart == here
    assert here[0] == ("BookError", here[0][1]) and "line 62 is never closed" in here[0][1]
    assert here[2]["purchases"] == [] and here[2]["customers"] == []
    for pid in small:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_child_that_fails_mid_file_is_made_up_for_by_reading_here(
    open_book: Callable[..., Book], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    encode = reader_child._Encoder.batch
    sent = [0]

    def failing(self: reader_child._Encoder, batch: ParsedBatch) -> bytes:
        sent[0] += 1  # counted in the child (forked): this process's count stays 0
        if sent[0] == 4:
            raise MemoryError
        return encode(self, batch)

    decode = reader_child._Decoder.batch
    decoded = [0]

    def counted(self: reader_child._Decoder, payload: bytes, waited: float) -> ParsedBatch:
        decoded[0] += 1  # counted here, where the child's batches arrive
        return decode(self, payload, waited)

    monkeypatch.setattr(reader_child._Encoder, "batch", failing)
    monkeypatch.setattr(reader_child._Decoder, "batch", counted)
    here, apart = both_ways(open_book, tmp_path, [HEADER, *orders(80)], create_missing=True)

    assert apart == here and here[0][1] == 65
    assert decoded[0] == 3  # three batches came from the child, the other nine were read here


def test_a_child_killed_mid_file_is_made_up_for_by_reading_here(
    small: list[int], tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "orders.csv", [HEADER, *orders(300)])
    source = read(path)
    batches = from_child(source, path)
    got = [next(batches), next(batches)]
    os.kill(small[0], 9)
    got += list(batches)

    assert got == list(source())


@pytest.mark.parametrize("change", ["replaced", "shortened"])
def test_a_file_changed_before_its_child_failed_is_refused_not_read_on(
    change: str, small: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The child's batches came from the file as it was: reading on from where it stopped
    in another file (saved again under the name, cut short) would mix two files' rows."""
    encode = reader_child._Encoder.batch
    sent = [0]

    def failing(self: reader_child._Encoder, batch: ParsedBatch) -> bytes:
        sent[0] += 1  # counted in the child (forked)
        if sent[0] == 5:
            raise MemoryError
        return encode(self, batch)

    monkeypatch.setattr(reader_child._Encoder, "batch", failing)
    path = write_csv(tmp_path / "orders.csv", [HEADER, *orders(300)])
    source = read(path)
    batches = from_child(source, path)
    got = [next(batches), next(batches), next(batches), next(batches)]
    if change == "replaced":  # a shop export saved again: written aside, renamed over
        other = write_csv(tmp_path / "again.csv", [HEADER, *orders(300)[::-1]])
        other.replace(path)
    else:  # cut short in place, to fewer batches than the child sent, its stamp kept
        stamp = path.stat().st_mtime_ns
        write_csv(path, [HEADER, *orders(30)])
        os.utime(path, ns=(stamp, stamp))

    with pytest.raises(BookError, match="changed or replaced"):
        got += list(batches)
    assert len(got) == 4


def test_ctrl_c_mid_import_writes_nothing_and_leaves_no_child(
    open_book: Callable[..., Book], small: list[int], tmp_path: Path, book_path: Path
) -> None:
    path = write_csv(tmp_path / "orders.csv", [HEADER, *orders(200)])
    table = read_any(path, kind="purchases")
    calls = []

    def progress(stage: str, done: int, total: int) -> None:
        calls.append(stage)
        if len(calls) == 9:
            raise KeyboardInterrupt

    with open_book(book_path) as book:
        with pytest.raises(KeyboardInterrupt):
            import_table(book, "purchases", table, progress, read_apart=True, create_missing=True)
        assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)
        assert book.conn.execute("SELECT count(*) FROM customers").fetchone() == (0,)
    (pid,) = small
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_only_a_large_csv_read_from_its_file_is_read_apart(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "orders.csv", [HEADER, *orders(100)])
    table = read_any(path, kind="purchases")
    assert reader_child.usable(table)
    monkeypatch.setattr(reader_child, "CHILD_MIN_BYTES", path.stat().st_size + 1)
    assert not reader_child.usable(table)
    monkeypatch.setattr(reader_child, "CHILD_MIN_BYTES", 0)
    small_file = read_any(write_csv(tmp_path / "few.csv", [HEADER, *orders(3)]), kind="purchases")
    assert not reader_child.usable(small_file)  # held in memory, not read from the file
    monkeypatch.setattr(reader_child.sys, "platform", "darwin")
    assert not reader_child.usable(table)


def test_the_cli_reads_a_large_csv_apart_and_says_the_same(
    run: Callable[..., Result],
    small: list[int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    lines = [HEADER, *orders(100)]
    lines[22] = lines[22].replace(",2024-", ",2024-13-")
    path = write_csv(tmp_path / "orders.csv", lines)
    options = ("--lang", "en", "import", "purchases", str(path), "--create-missing")

    apart = run(*options, "--keep-good", db=tmp_path / "apart.db")
    assert len(small) == 1
    monkeypatch.setattr(reader_child, "CHILD_MIN_BYTES", 1 << 40)
    here = run(*options, "--keep-good", db=tmp_path / "here.db")
    assert len(small) == 1

    assert (apart.exit_code, apart.output) == (here.exit_code, here.output) == (0, here.output)
    assert "line 23" in here.output
    assert contents(tmp_path / "apart.db") == contents(tmp_path / "here.db")


def test_no_child_to_be_had_reads_the_file_here(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """fork refused (no memory under strict overcommit, the process limit): read here, no
    descriptor left open."""

    def refused() -> int:
        raise OSError(12, "Cannot allocate memory")

    path = write_csv(tmp_path / "orders.csv", [HEADER, *orders(120)])
    source = read(path)
    monkeypatch.setattr(reader_child.os, "fork", refused)
    before = len(os.listdir("/proc/self/fd"))

    got = list(from_child(source, path))

    assert got == list(source())
    assert len(os.listdir("/proc/self/fd")) == before


@pytest.mark.parametrize("idle_share", [0.0, 2.0])
def test_indexes_taken_up_as_the_writer_waits_leave_the_book_as_built_at_the_end(
    open_book: Callable[..., Book],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    idle_share: float,
) -> None:
    """A bulk import read apart takes the purchases' dropped indexes up again while the
    writer waits for the child (index_upkeep): here always (an idle share of 0) or never;
    what the book stores, and the indexes it has at the end, are the same either way."""
    monkeypatch.setattr(purchase_writer, "BULK_ROWS", 5)
    monkeypatch.setattr(purchase_writer, "two_cores", lambda: True)
    monkeypatch.setattr(index_upkeep, "IDLE_SHARE", idle_share)
    monkeypatch.setattr(index_upkeep, "WINDOW_BATCHES", 2)
    waiting: list[int] = []
    finished = index_upkeep.IdleUpkeep.finished

    def watched(upkeep: index_upkeep.IdleUpkeep, waited: float, worked: float, rows: int) -> None:
        assert waited >= 0 and worked > 0 and rows > 0
        finished(upkeep, waited, worked, rows)
        waiting.append(len(upkeep.waiting))

    monkeypatch.setattr(index_upkeep.IdleUpkeep, "finished", watched)
    base = base_book(open_book, tmp_path)
    conn = sqlite3.connect(base)
    with conn:  # its customers alone: a bulk import (into a book of fewer purchases)
        conn.execute("DELETE FROM purchases")
    conn.close()
    lines = [PLAIN]
    for n in range(150):
        who = n * 5 % 23
        lines.append(f"C{who:03d},客户{who},138{who:08d},2024-05-{n % 28 + 1:02d},{n}.5,乳液,1,,")
    path = write_csv(tmp_path / "plain.csv", lines)

    here = into(open_book, path, base, tmp_path / "here.db")
    apart = into(open_book, path, base, tmp_path / "apart.db", read_apart=True)

    assert apart == here
    assert len(waiting) > 10  # every batch read apart was timed (7 rows a batch)
    # taken up one at a time, after two idle windows of two batches each
    assert waiting[-1] == (0 if idle_share == 0 else 3)
    assert waiting[:4] == ([3, 3, 3, 2] if idle_share == 0 else [3, 3, 3, 3])
    for book_path in (tmp_path / "here.db", tmp_path / "apart.db"):
        conn = sqlite3.connect(book_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            indexes = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = 'purchases' AND sql IS NOT NULL ORDER BY name"
            ).fetchall()
        finally:
            conn.close()
        assert [name for name, _ in indexes] == sorted(index_upkeep.UPKEEP_ORDER)


CLOSED_UNCHECKED = [
    # a closed order's cells are not checked (it is no purchase): no date, a bad phone alone
    "C001,客户1,13800000001,,10,面霜,1,,,T1,交易关闭,",
    ",客户1,123,2024-03-01,10,面霜,1,,,T2,交易关闭,",
]


@pytest.mark.parametrize("closed", CLOSED_UNCHECKED)
def test_a_closed_order_left_unchecked_travels_from_the_child(tmp_path: Path, closed: str) -> None:
    good = "C002,客户2,13800000002,2024-03-01,10,面霜,1,,,T3,交易成功,"
    path = write_csv(tmp_path / "orders.csv", [HEADER, good, closed])
    (batch,) = list(read(path)())
    assert [row.status for row in batch.rows] == ["paid", "closed"] and not batch.errors

    payload = reader_child._Encoder(prepare=True).batch(batch)
    decoded = reader_child._Decoder().batch(payload)

    assert decoded == batch
    prepared = decoded.prepared or {}
    assert batch.rows[0].keys in prepared and () not in prepared  # no keys: it makes nobody


def test_closed_orders_left_unchecked_do_not_make_the_child_fail(
    open_book: Callable[..., Book], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """(They did: the child failed on them and the whole file was read again here.)"""
    decoded = [0]
    decode = reader_child._Decoder.batch

    def counted(self: reader_child._Decoder, payload: bytes, waited: float) -> ParsedBatch:
        decoded[0] += 1
        return decode(self, payload, waited)

    monkeypatch.setattr(reader_child._Decoder, "batch", counted)
    lines = [HEADER, *orders(60)]
    lines[20:20] = CLOSED_UNCHECKED
    lines[45:45] = CLOSED_UNCHECKED
    here, apart = both_ways(open_book, tmp_path, lines, create_missing=True)

    assert apart == here
    batches = [call for call in here[1] if call[0] == "parse"]
    assert decoded[0] == len(batches) > 8  # every batch came from the child
    assert here[0][3] > 4  # the closed orders counted


def shop_orders(count: int) -> list[str]:
    """A shop's export: 买家会员名 of 17 buyers, in another case on some rows, the phone
    masked on most (each buyer's first row has it)."""
    lines = ["订单编号,买家会员名,收货人姓名,联系手机,实付金额,订单创建时间"]
    for n in range(count):
        who = n * 5 % 17
        account = f"tb_buyer{who}" if n % 4 else f"TB_Buyer{who}"
        phone = f"138{who:08d}" if n < 17 or n % 3 == 0 else f"138****{who:04d}"
        lines.append(f"T{n:05d},{account},买家{who},{phone},{n}.5,2024-03-{n % 27 + 1:02d} 10:00")
    return lines


@pytest.mark.parametrize("bulk", [False, True])
def test_shop_accounts_make_the_same_customers_and_keys_read_apart(
    open_book: Callable[..., Book],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    bulk: bool,
) -> None:
    """Each buyer once, with the account as a key (kind "account"), read here or apart, and
    by a large import that builds its indexes once at the end (BULK_ROWS made 1)."""
    if bulk:
        monkeypatch.setattr(purchase_writer, "BULK_ROWS", 1)

    here, apart = both_ways(open_book, tmp_path, shop_orders(120), create_missing=True)

    assert apart == here
    outcome, _, stored = here
    assert outcome[:3] == (120, 120, 17)
    accounts = sorted(key for _, kind, key in stored["keys"] if kind == "account")
    assert accounts == sorted(f"tb_buyer{who}" for who in range(17))


def test_a_large_import_gives_the_customers_it_finds_by_phone_their_accounts(
    open_book: Callable[..., Book], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Into a book that has the buyers (by phone), with its indexes built once at the end:
    the accounts go into their notes and keys, and the book's indexes are whole again."""
    monkeypatch.setattr(purchase_writer, "BULK_ROWS", 1)
    monkeypatch.setattr(purchase_writer, "NEW_BOOK_RATIO", 0)  # the keys' indexes too
    dropped: list[str] = []
    maybe_bulk = purchase_writer.PurchaseWriter._maybe_bulk

    def watched(writer: purchase_writer.PurchaseWriter, *args: Any) -> None:
        maybe_bulk(writer, *args)
        dropped.extend(writer.dropped_indexes or ())

    monkeypatch.setattr(purchase_writer.PurchaseWriter, "_maybe_bulk", watched)
    people = write_csv(
        tmp_path / "c.csv", ["姓名,手机", *(f"买家{who},138{who:08d}" for who in range(17))]
    )
    orders = write_csv(tmp_path / "orders.csv", shop_orders(120))
    with open_book(tmp_path / "b.db") as book:
        import_table(book, "customers", read_any(people, kind="customers"), lambda *_: None)
        report = import_table(
            book, "purchases", read_any(orders, kind="purchases"), lambda *_: None
        )
        assert (report.created_customers, report.updated_customers) == (0, 17)
    conn = sqlite3.connect(tmp_path / "b.db")
    assert conn.execute("SELECT count(*) FROM customer_keys WHERE kind = 'account'").fetchone() == (
        17,
    )
    assert conn.execute("SELECT notes FROM customers WHERE id = 2").fetchone() == (
        "买家账号：tb_buyer1",
    )
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert any("customer_keys" in sql for sql in dropped), dropped


def test_colleagues_on_one_switchboard_are_told_apart_alike_read_apart(
    open_book: Callable[..., Book], tmp_path: Path
) -> None:
    """Rows giving a switchboard with an extension (0571-8888 8888 转 101) make and find
    the colleague of that extension, read here or apart; the switchboard alone, shared by
    the colleagues made, is refused."""
    lines = ["姓名,电话,日期,金额"]
    for n in range(60):
        desk = 101 + n % 3
        name = f"同事{desk}" if n < 3 else ""
        written = ("0571-8888 8888 转 {}", "0571-88888888-{}", "0571-88888888,{}")[n // 3 % 3]
        lines.append(f'{name},"{written.format(desk)}",2024-05-{n % 28 + 1:02d},{n}.5')
    lines.append(",0571-88888888,2024-05-30,1")

    here, apart = both_ways(open_book, tmp_path, lines, create_missing=True, keep_good=True)

    assert apart == here
    outcome, _, stored = here
    assert outcome[1:3] == (60, 3)  # every row but the last imported, three colleagues made
    assert [error.line for error in outcome[-1]] == [62]
    bought = {customer_id for customer_id, *_ in stored["purchases"]}
    assert bought == {1, 2, 3}
    assert [row[0] for row in stored["purchases"]] == [1 + n % 3 for n in range(60)]


def test_an_amount_on_an_orders_first_row_only_is_read_and_told_alike_from_the_child(
    tmp_path: Path,
) -> None:
    from tests.test_import_first_row_amounts import WEIDIAN

    path = write_csv(tmp_path / "orders.csv", WEIDIAN)
    source = read(path)

    here = list(source())
    apart = list(from_child(source, path))

    assert apart == here
    told = (1, "实收金额", "W0001", (2, 3), 10000, 1, "商品单价", "商品数量", 0, 0)
    assert here[0].first_row_amounts == told
    amounts = [(row.line, row.amount_cents) for batch in apart for row in batch.rows]
    assert amounts == [(2, 6000), (3, 4000), (4, 4000)]


def exited(pid: int) -> bool:
    """Has the child left (a zombie until the import reaps it)? Linux's word, unreaped."""
    return Path(f"/proc/{pid}/stat").read_text().rpartition(") ")[2].startswith("Z")


def test_the_child_reads_on_while_the_writer_is_busy_and_a_stop_leaves_no_thread(
    small: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batches are read from the pipe ahead of the writer (two at most), so the child
    of a file of four batches, each larger than the pipe holds, is done with it while the
    writer is still on its first; a writer that stops there (an error, Ctrl+C) leaves no
    thread reading and no child."""
    monkeypatch.setattr(csv_table, "BATCH_ROWS", 300)
    monkeypatch.setattr(reader_child, "PIPE_BYTES", 4096)  # the least a pipe holds
    path = write_csv(tmp_path / "orders.csv", [HEADER, *orders(1200)])
    source = read(path)
    batches = from_child(source, path)
    first = next(batches)
    assert len(first.rows) > 200
    (pid,) = small
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not exited(pid):
        time.sleep(0.02)  # the child leaves once its last batch is read from the pipe
    # (read one at a time, the child waited in its write for the writer's next ask)
    assert time.monotonic() < deadline, "the child stayed, waiting for the writer"
    assert len(next(batches).rows) > 200
    batches.close()
    assert not [t for t in threading.enumerate() if t.name == "xiaoben-read-ahead"]


def test_a_read_ahead_that_fails_is_made_up_for_by_reading_here(
    small: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No memory for a batch in the thread reading ahead: the writer is told as of a child
    that failed, the child is stopped, and the file is read here from where the batches
    stopped: the same batches, no thread left, no child."""
    path = write_csv(tmp_path / "orders.csv", [HEADER, *orders(120)])
    source = read(path)
    here = list(source())
    real = reader_child._receive
    calls = [0]

    def short_of_memory(incoming: Any) -> tuple[int, bytes]:
        calls[0] += 1
        if calls[0] == 3:
            raise MemoryError
        return real(incoming)

    monkeypatch.setattr(reader_child, "_receive", short_of_memory)
    got: list[Any] = []
    reading = threading.Thread(target=lambda: got.extend(from_child(source, path)), daemon=True)
    reading.start()
    reading.join(20)  # (before, the writer waited for the dead thread's batch forever)
    assert not reading.is_alive(), "the writer still waits for a batch"
    assert got == here
    assert calls[0] == 3
    assert not [t for t in threading.enumerate() if t.name == "xiaoben-read-ahead"]
    (pid,) = small
    with pytest.raises(ProcessLookupError):  # reaped
        os.kill(pid, 0)


def test_no_thread_to_be_had_reads_the_pipe_when_asked(
    small: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process limit the fork took the last of: no thread reads ahead, the writer reads
    each batch from the pipe when it asks, and gets the same batches."""
    path = write_csv(tmp_path / "orders.csv", [HEADER, *orders(120)])
    source = read(path)
    here = list(source())

    def refused(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refused)
    assert list(from_child(source, path)) == here
    (pid,) = small
    with pytest.raises(ProcessLookupError):  # reaped
        os.kill(pid, 0)
