"""Large files are read as they are imported: decoded, checked and split into rows a block
at a time (decoding.STREAM_FROM and csv_table's blocks made small here), written in
batches, and still all-or-nothing with every fault named by line."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.book_helpers import small_streams, write_csv
from xiaoben.models.errors import BookError
from xiaoben.store.book import Book
from xiaoben.store.importing import csv_table
from xiaoben.store.importing.csv_table import FileRows
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportRejected, import_table

HEADER = "客户编号,姓名,日期,金额,备注"


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    small_streams(monkeypatch)


def bills(count: int) -> list[str]:
    return [f"C{n:03d},客户{n},2024-03-{n % 28 + 1:02d},{n}.50,第{n}单" for n in range(count)]


def calls() -> tuple[list[tuple[str, int, int]], object]:
    seen: list[tuple[str, int, int]] = []
    return seen, lambda stage, done, total: seen.append((stage, done, total))


def test_a_large_file_is_read_lazily_and_imported_whole(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", ["2024年账单", "", HEADER, *bills(100)])
    table = read_any(path, kind="purchases")
    assert isinstance(table.rows, FileRows)
    assert (table.header_line, len(table.rows), table.rows[0]) == (
        3,
        100,
        (4, ["C000", "客户0", "2024-03-01", "0.50", "第0单"]),
    )
    seen, progress = calls()

    report = import_table(book, "purchases", table, progress, create_missing=True)  # type: ignore[arg-type]

    assert (report.rows, report.imported, report.created_customers) == (100, 100, 100)
    size = path.stat().st_size
    parse = [call for call in seen if call[0] == "parse"]
    assert len(parse) == 15 and parse[-1] == ("parse", size, size)
    assert [done for _, done, _ in parse] == sorted(done for _, done, _ in parse)
    assert seen[-1] == ("tiers", 1, 1)
    total = book.conn.execute("SELECT count(*), sum(amount_cents) FROM purchases").fetchone()
    assert total == (100, sum(n * 100 + 50 for n in range(100)))


def test_a_bad_row_late_in_the_file_refuses_it_whole(book: Book, tmp_path: Path) -> None:
    lines = [HEADER, *bills(60)]
    lines[50] = "C049,客户49,2024-02-30,1,"
    lines[55] = "C054,客户54,2024-03-01,1,,extra"
    table = read_any(write_csv(tmp_path / "big.csv", lines), kind="purchases")

    with pytest.raises(ImportRejected) as refused:
        import_table(book, "purchases", table, lambda *_: None, create_missing=True)

    assert [(error.line, error.column) for error in refused.value.report.errors] == [
        (51, "日期"),
        (56, "column 6"),
    ]
    assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)
    assert book.conn.execute("SELECT count(*) FROM customers").fetchone() == (0,)


def test_keep_good_imports_the_rest_of_a_large_file(book: Book, tmp_path: Path) -> None:
    lines = [HEADER, *bills(60)]
    lines[50] = "C049,客户49,2024-02-30,1,"
    table = read_any(write_csv(tmp_path / "big.csv", lines), kind="purchases")

    report = import_table(
        book, "purchases", table, lambda *_: None, create_missing=True, keep_good=True
    )

    assert (report.rows, report.imported, report.bad_rows) == (60, 59, 1)


def test_an_unknown_customer_late_in_the_file_is_named(book: Book, tmp_path: Path) -> None:
    table = read_any(write_csv(tmp_path / "big.csv", [HEADER, *bills(60)]), kind="purchases")
    import_table(book, "purchases", table, lambda *_: None, create_missing=True)
    later = write_csv(tmp_path / "later.csv", [HEADER, *bills(60), "C999,新客,2024-03-01,1,"])

    with pytest.raises(ImportRejected) as refused:
        import_table(book, "purchases", read_any(later, kind="purchases"), lambda *_: None)

    assert [error.line for error in refused.value.report.errors] == [62]
    assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (60,)


def test_a_dry_run_of_a_large_file_changes_nothing(book: Book, tmp_path: Path) -> None:
    table = read_any(write_csv(tmp_path / "big.csv", [HEADER, *bills(60)]), kind="purchases")

    report = import_table(
        book, "purchases", table, lambda *_: None, create_missing=True, dry_run=True
    )

    assert (report.imported, report.created_customers, report.dry_run) == (60, 60, True)
    assert book.conn.execute("SELECT count(*) FROM customers").fetchone() == (0,)


def test_a_quote_left_open_at_the_end_is_found_when_imported(book: Book, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", [HEADER, *bills(60), 'C060,客户60,2024-03-01,"1,'])
    table = read_any(path, kind="purchases")

    with pytest.raises(BookError, match="line 62 is never closed"):
        import_table(book, "purchases", table, lambda *_: None, create_missing=True)
    assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)


def test_a_line_past_the_cell_limit_is_refused_by_line_as_it_is_read(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a 200 MB line took a minute and 1.8 GB to refuse: its blocks were added up one by one
    monkeypatch.setattr(csv_table, "CELL_CHARS_MAX", 2_000)
    lines = [HEADER, *bills(3), "C003,客户3,2024-03-01,3," + "x" * 1_900, *bills(2)]
    lines += ["C005,客户5,2024-03-01,5," + "y" * 5_000, *bills(50)]
    path = write_csv(tmp_path / "big.csv", lines)

    with pytest.raises(BookError, match="line 8 runs past 2,000 characters without a line break"):
        table = read_any(path, kind="purchases")
        import_table(book, "purchases", table, lambda *_: None, create_missing=True)
    assert book.conn.execute("SELECT count(*) FROM purchases").fetchone() == (0,)


def test_blanks_and_guards_in_a_later_block_are_still_undone(tmp_path: Path) -> None:
    lines = [HEADER, *bills(40), " C040 , 客户40 ,2024-03-01,'=1,x", "C041,'+客户,2024-03-01,2,"]
    table = read_any(write_csv(tmp_path / "big.csv", lines), kind="purchases")
    assert list(table.rows)[-2:] == [
        (42, ["C040", "客户40", "2024-03-01", "=1", "x"]),
        (43, ["C041", "+客户", "2024-03-01", "2", ""]),
    ]


def test_a_control_character_deep_in_a_large_file_refuses_it(tmp_path: Path) -> None:
    lines = [HEADER, *bills(60)]
    lines[40] = "C039,客户\x0739,2024-03-01,1,"
    with pytest.raises(BookError, match="line 41"):
        read_any(write_csv(tmp_path / "big.csv", lines), kind="purchases")


def test_a_large_gbk_file_is_decided_on_the_whole_file(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", [HEADER, *bills(60)], encoding="gbk")
    table = read_any(path, kind="purchases")
    assert (table.encoding, table.rows[59][1][1]) == ("gb18030", "客户59")


def test_a_bad_utf8_byte_deep_in_a_large_file_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", [HEADER, *bills(60)])
    data = bytearray(path.read_bytes())
    at = data.index("客户50".encode())
    data[at] = 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(BookError, match="line 52"):
        read_any(path, kind="purchases")


def test_a_preview_of_a_large_file_reads_only_its_first_rows(tmp_path: Path) -> None:
    lines = [HEADER, *bills(60), 'C060,客户60,2024-03-01,"1,']  # a fault only at the end
    table = read_any(write_csv(tmp_path / "big.csv", lines), kind="purchases")

    assert table.rows  # without reading to the end
    assert [line for line, _ in table.rows[:3]] == [2, 3, 4]
    assert table.rows[2] == (4, ["C002", "客户2", "2024-03-03", "2.50", "第2单"])
    with pytest.raises(BookError, match="never closed"):
        table.rows[-1]


def test_a_customer_created_mid_file_changes_what_later_rows_match(
    book: Book, tmp_path: Path
) -> None:
    """Row 2 matches 王芳 by name; row 3 creates another 王芳 (code N1, which the book does
    not know: a namesake, not W1); row 4 repeats row 2's key, which now names two
    customers: refused, not matched as row 2 was (a match remembered is forgotten when a
    new customer takes one of its keys)."""
    from xiaoben.models.customer import Customer

    book.save_customer(Customer(name="王芳", code="W1"))
    lines = ["客户编号,姓名,日期,金额", ",王芳,2024-03-01,1", "N1,王芳,2024-03-02,2"]
    table = read_any(write_csv(tmp_path / "b.csv", [*lines, ",王芳,2024-03-03,3"]))

    with pytest.raises(ImportRejected) as refused:
        import_table(book, "purchases", table, lambda *_: None, create_missing=True)

    errors = refused.value.report.errors
    assert [error.line for error in errors] == [4]
    assert "2 customers" in errors[0].message and "王芳" in errors[0].message


def _purchase_indexes(book: Book, *tables: str) -> list[tuple[str, str]]:
    """The declared indexes of `tables` (the purchases' if none named)."""
    tables = tables or ("purchases",)
    marks = ", ".join("?" for _ in tables)
    return book.conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks})"
        " AND sql IS NOT NULL ORDER BY name",
        tables,
    ).fetchall()


_CUSTOMER_TABLES = ("customers", "customer_keys")


def _dropped_indexes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The indexes a bulk import dropped (and built again at its finish), as it finishes."""
    from xiaoben.store import purchase_writer

    dropped: list[str] = []
    original = purchase_writer.PurchaseWriter.finish

    def finish(writer: purchase_writer.PurchaseWriter, touched: object) -> None:
        dropped.extend(writer.dropped_indexes or [])
        original(writer, touched)  # type: ignore[arg-type]

    monkeypatch.setattr(purchase_writer.PurchaseWriter, "finish", finish)
    return dropped


def test_a_bulk_import_builds_the_purchase_indexes_again(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store import purchase_writer

    monkeypatch.setattr(purchase_writer, "BULK_ROWS", 5)
    indexes = _purchase_indexes(book)
    assert len(indexes) >= 3
    table = read_any(write_csv(tmp_path / "big.csv", [HEADER, *bills(60)]), kind="purchases")
    dropped = _dropped_indexes(monkeypatch)

    customer_indexes = _purchase_indexes(book, *_CUSTOMER_TABLES)
    assert len(customer_indexes) >= 5

    import_table(book, "purchases", table, lambda *_: None, create_missing=True)

    # the bulk path was taken; into an empty book, the customers' indexes were built once too
    assert sorted(dropped) == sorted(sql for _, sql in indexes + customer_indexes)
    assert _purchase_indexes(book) == indexes
    assert _purchase_indexes(book, *_CUSTOMER_TABLES) == customer_indexes
    plan = book.conn.execute(
        "EXPLAIN QUERY PLAN SELECT date FROM purchases WHERE customer_id = 1"
    ).fetchall()
    assert "purchases_by_customer" in str(plan)
    plan = book.conn.execute("EXPLAIN QUERY PLAN SELECT id FROM customers WHERE name = '客户7'")
    assert "customers_name" in str(plan.fetchall())


def test_a_bulk_import_into_a_book_of_many_customers_keeps_their_indexes(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store import purchase_writer

    monkeypatch.setattr(purchase_writer, "BULK_ROWS", 5)
    monkeypatch.setattr(purchase_writer, "NEW_BOOK_RATIO", 2)  # 60 rows: 30 customers are many
    first = read_any(write_csv(tmp_path / "first.csv", [HEADER, *bills(30)]), kind="purchases")
    import_table(book, "purchases", first, lambda *_: None, create_missing=True)
    book.conn.execute("DELETE FROM purchases")  # the bulk path is for a book of few purchases
    table = read_any(write_csv(tmp_path / "big.csv", [HEADER, *bills(60)]), kind="purchases")
    dropped = _dropped_indexes(monkeypatch)

    report = import_table(book, "purchases", table, lambda *_: None, create_missing=True)

    assert report.imported == 60
    assert sorted(dropped) == sorted(sql for _, sql in _purchase_indexes(book))


def test_a_refused_bulk_import_leaves_the_indexes_as_they_were(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store import purchase_writer

    monkeypatch.setattr(purchase_writer, "BULK_ROWS", 5)
    indexes = _purchase_indexes(book)
    lines = [HEADER, *bills(60)]
    lines[59] = "C058,客户58,2024-13-01,1,"
    table = read_any(write_csv(tmp_path / "big.csv", lines), kind="purchases")

    with pytest.raises(ImportRejected):
        import_table(book, "purchases", table, lambda *_: None, create_missing=True)

    assert _purchase_indexes(book) == indexes


def _triggers(book: Book) -> list[tuple[str, str]]:
    return book.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()


def test_a_bulk_import_stops_only_triggers_whose_work_it_does_once(book: Book) -> None:
    """Every trigger on a table a purchases import writes is one it knows how to stand in
    for (day totals rebuilt, kept overview dropped): a new trigger there would be silently
    skipped by a bulk import, so it must be added to STOPPED_TRIGGERS with its stand-in.
    The same for the tables its follow-up writes (stats, tiers, their moves, predictions)."""
    from xiaoben.store import purchase_writer

    tables = purchase_writer.BULK_TABLES + purchase_writer.FOLLOW_UP_TABLES
    marks = ", ".join("?" for _ in tables)
    on_written = {
        name
        for (name,) in book.conn.execute(
            f"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",
            tables,
        )
    }
    assert on_written
    assert on_written <= purchase_writer.STOPPED_TRIGGERS | purchase_writer.LIVE_TRIGGERS
    assert all("AFTER DELETE" in sql for sql in _trigger_sql(book, purchase_writer.LIVE_TRIGGERS))


def test_a_bulk_import_creates_the_triggers_again_and_a_refused_one_keeps_them(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xiaoben.store import purchase_writer

    monkeypatch.setattr(purchase_writer, "BULK_ROWS", 5)
    triggers = _triggers(book)
    lines = [HEADER, *bills(60)]
    good = read_any(write_csv(tmp_path / "good.csv", lines), kind="purchases")
    lines[59] = "C058,客户58,2024-13-01,1,"
    bad = read_any(write_csv(tmp_path / "bad.csv", lines), kind="purchases")
    stopped: list[str] = []
    original = purchase_writer.PurchaseWriter.finish

    def finish(writer: purchase_writer.PurchaseWriter, touched: object) -> None:
        stopped.extend(writer.stopped_triggers)
        original(writer, touched)  # type: ignore[arg-type]

    monkeypatch.setattr(purchase_writer.PurchaseWriter, "finish", finish)

    with pytest.raises(ImportRejected):
        import_table(book, "purchases", bad, lambda *_: None, create_missing=True)
    assert _triggers(book) == triggers
    import_table(book, "purchases", good, lambda *_: None, create_missing=True)

    assert len(stopped) >= 9  # the bulk path was taken: day totals' and the overview's
    assert _triggers(book) == triggers


def test_the_refused_rows_of_a_large_file_are_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [HEADER, *bills(30)]
    lines[10] = "C009,客户9"
    lines[20] = "C019,客户19,2024-03-01,1,,extra"
    table = read_any(write_csv(tmp_path / "big.csv", lines), kind="purchases")
    reads: list[int] = []
    batches = FileRows.batches

    def counted(rows: FileRows, size: int | None = None):  # type: ignore[no-untyped-def]
        reads.append(1)
        return batches(rows, size)

    monkeypatch.setattr(FileRows, "batches", counted)

    assert [error.line for error in table.refused] == [11, 21]
    assert (len(table.refused), table.refused[1].column) == (2, "column 6")
    assert len(reads) == 1


def _peak_reading(path: Path) -> int:
    """The most memory (bytes, Python's allocations) held while reading the file as purchases."""
    from xiaoben.store.importing.purchase_rows import purchase_batches

    table = read_any(path, kind="purchases")
    tracemalloc.start()
    try:
        for _ in purchase_batches(table):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_ten_times_the_rows_does_not_hold_ten_times_the_memory(tmp_path: Path) -> None:
    """Batches are read, parsed and let go: 2,000 rows and 20,000 rows of the same customers
    peak alike (a reader keeping its rows would hold ten times as much)."""
    repeated = [
        f"C{n % 40:03d},客户{n % 40},2024-03-{n % 28 + 1:02d},{n % 97}.50,第{n % 9}单"
        for n in range(20_000)
    ]
    short = _peak_reading(write_csv(tmp_path / "short.csv", [HEADER, *repeated[:2_000]]))
    long = _peak_reading(write_csv(tmp_path / "long.csv", [HEADER, *repeated]))

    assert long < 2 * short, (short, long)


def test_the_days_of_every_purchase_are_read_into_an_array_not_a_tuple_each(book: Book) -> None:
    """store_gaps reads every purchase of the book: 20,000 of them take ~320 KB as an array,
    and took ~2 MB more as the tuples fetched first."""
    from xiaoben.store.stats import purchase_days

    book.conn.executemany(
        "INSERT INTO customers (id, name, created_at, updated_at) VALUES (?, ?, '', '')",
        [(n, f"客户{n}") for n in range(1, 101)],
    )
    book.conn.executemany(
        "INSERT INTO purchases (customer_id, date, amount_cents, created_at)"
        " VALUES (?, ?, 100, '')",
        [(n % 100 + 1, f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}") for n in range(20_000)],
    )
    tracemalloc.start()
    try:
        customers, days = purchase_days(book.conn)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert (len(customers), len(days)) == (20_000, 20_000)
    assert list(customers[:2]) == [1, 1] and days[0] <= days[1]
    assert peak < 1_000_000, peak


@pytest.mark.parametrize("bulk_rows", [5, 50_000], ids=["bulk", "row by row"])
def test_customers_an_import_creates_have_their_stats_rows(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_rows: int
) -> None:
    """The writer leaves the stats rows of the customers it makes to the book's follow-up,
    in the same transaction: each has its row, with its orders and revenue."""
    from xiaoben.store import purchase_writer

    monkeypatch.setattr(purchase_writer, "BULK_ROWS", bulk_rows)
    monkeypatch.setattr(purchase_writer, "TOTALS_ONCE_ROWS", bulk_rows)
    table = read_any(write_csv(tmp_path / "bills.csv", [HEADER, *bills(60)]), kind="purchases")
    import_table(book, "purchases", table, lambda *_: None, create_missing=True)

    stats = book.conn.execute(
        "SELECT c.code, s.orders, s.revenue_cents FROM customers c"
        " LEFT JOIN stats s ON s.customer_id = c.id ORDER BY c.code"
    ).fetchall()
    assert stats == [(f"C{n:03d}", 1, n * 100 + 50) for n in range(60)]


def test_a_customer_a_purchases_import_creates_keeps_every_key_of_its_row(
    book: Book, tmp_path: Path
) -> None:
    """A row with a code, a phone and a WeChat ID that match no one makes a customer with all
    three (was: the code alone, the phone and WeChat ID of the seller's file dropped); the
    same file again matches them and creates no one."""
    header = "客户编号,姓名,手机,微信号,日期,金额"
    lines = [header, "C9,王芳,138 0013 8000,wangfang_88,2024-03-05,89", "C9,王芳,,,2024-04-05,20"]
    path = write_csv(tmp_path / "bills.csv", lines)
    import_table(
        book, "purchases", read_any(path, kind="purchases"), lambda *_: None, create_missing=True
    )
    found = book.conn.execute("SELECT code, name, phones, wechat FROM customers").fetchall()
    assert found == [("C9", "王芳", '["+8613800138000"]', "wangfang_88")]
    keys = book.conn.execute("SELECT kind, key FROM customer_keys ORDER BY kind").fetchall()
    assert keys == [("phone", "+8613800138000"), ("wechat", "wangfang_88")]

    phone_only = write_csv(tmp_path / "phone.csv", ["手机,日期,金额", "13800138000,2024-05-05,30"])
    report = import_table(
        book,
        "purchases",
        read_any(phone_only, kind="purchases"),
        lambda *_: None,
        create_missing=True,
    )
    assert report.created_customers == 0
    assert book.conn.execute("SELECT count(*) FROM purchases").fetchone()[0] == 3


@pytest.mark.parametrize("bulk_rows", [5, 50_000], ids=["bulk", "small"])
def test_a_bulk_import_gives_matchings_memory_back_before_the_follow_up(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk_rows: int
) -> None:
    """Once matching's keys are let go, a large import hands the freed pages back to the
    system (store/memory.py) before its indexes are sorted, and again before stats, tiers
    and the model are worked out; a small one does not ask."""
    from xiaoben.store import purchase_writer

    stats_rows_then: list[int] = []

    def trimmer() -> Callable[[], None]:
        return lambda: stats_rows_then.append(
            book.conn.execute("SELECT count(*) FROM stats").fetchone()[0]
        )

    monkeypatch.setattr(purchase_writer, "BULK_ROWS", bulk_rows)
    monkeypatch.setattr(purchase_writer, "heap_trimmer", trimmer)
    table = read_any(write_csv(tmp_path / "bills.csv", [HEADER, *bills(60)]), kind="purchases")
    import_table(book, "purchases", table, lambda *_: None, create_missing=True)

    assert stats_rows_then == ([0, 0] if bulk_rows == 5 else [])  # before the follow-up's stats
    assert book.conn.execute("SELECT count(*) FROM stats").fetchone()[0] == 60


def test_a_large_file_opening_with_many_blank_lines_keeps_its_delimiter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The delimiter is sniffed from the first line after the blanks, however many: a
    streamed file's first SNIFF_CHARS characters were all blank, and ';' went unseen."""
    monkeypatch.setattr(csv_table, "SNIFF_CHARS", 200)
    lines = ["", " "] * 100 + [HEADER.replace(",", ";")]  # 300 blanks: in the first block
    lines += [row.replace(",", ";") for row in bills(40)]
    path = write_csv(tmp_path / "blanks.csv", lines)
    assert path.stat().st_size > 1_000  # streamed (small_streams)

    table = read_any(path, kind="purchases")

    assert isinstance(table.rows, FileRows)
    assert table.delimiter == ";"
    assert table.rows[0][1] == ["C000", "客户0", "2024-03-01", "0.50", "第0单"]


def _trigger_sql(book: Book, names: frozenset[str]) -> list[str]:
    marks = ", ".join("?" for _ in names)
    found = book.conn.execute(
        f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        tuple(names),
    ).fetchall()
    assert len(found) == len(names)
    return [sql.upper() for (sql,) in found]


def test_an_import_touching_everyone_gives_each_whole_book_passs_memory_back(
    book: Book, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The follow-up of an import that touched everyone (stats of all, then the tiers, then
    the model) hands what each whole-book pass freed back before the next takes its own:
    after the stats are all written, and again once the tiers are."""
    from xiaoben.store import book as book_module

    seen: list[tuple[int, int]] = []

    def trimmer() -> Callable[[], None]:
        def trim() -> None:
            stats = book.conn.execute("SELECT count(*) FROM stats").fetchone()[0]
            tiers = book.conn.execute("SELECT count(*) FROM tiers").fetchone()[0]
            seen.append((stats, tiers))

        return trim

    monkeypatch.setattr(book_module, "heap_trimmer", trimmer)
    table = read_any(write_csv(tmp_path / "bills.csv", [HEADER, *bills(60)]), kind="purchases")
    with book.batch() as touched:
        import_table(book, "purchases", table, lambda *_: None, create_missing=True)
        touched.all = True
    assert seen and seen[0][0] == 60
    assert len(seen) == 2 and seen[1][1] >= 60
