"""`xiaoben export --redact`: no phone, WeChat ID, e-mail, address or note of the book in
the file's bytes, names as surname + 某, and every figure the same (a redacted .db is a
book that opens, with the same overview and tiers)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import fixed_clock
from xiaoben.models.enums import QueueAction
from xiaoben.models.values import display_phone
from xiaoben.store.book import Book
from xiaoben.store.exporting.cells import code_reveals, masked_phone, surname_only
from xiaoben.store.rows import name_pinyin

Run = Callable[..., Result]


def _secrets(path: Path) -> dict[str, set[str]]:
    """What must not leave the book: every phone's digits, WeChat ID, e-mail, address, note."""
    with Book.open(path, today=fixed_clock) as book:
        rows = book.db.execute(
            "SELECT phones, wechat, email, address, notes, needs FROM customers"
        ).fetchall()
        notes = {
            note
            for table in ("purchases", "interactions", "reminders")
            for (note,) in book.db.execute(f"SELECT note FROM {table} WHERE note <> ''")
        }
    found: dict[str, set[str]] = {"phone": set(), "wechat": set(), "text": set()}
    for phones, wechat, email, address, customer_notes, needs in rows:
        for phone in json.loads(phones):
            national = display_phone(phone)
            found["phone"] |= {national.replace(" ", ""), national, phone}
        if wechat:
            found["wechat"].add(wechat)
        found["text"] |= {text for text in (email, address, customer_notes, needs) if text}
    found["text"] |= notes
    return found


def _bytes(path: Path) -> bytes:
    """The file's bytes; a workbook's members unzipped (its raw bytes are deflated)."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as workbook:
        return b"".join(workbook.read(name) for name in workbook.namelist())


@pytest.fixture
def secrets(demo_path: Path) -> dict[str, set[str]]:
    found = _secrets(demo_path)
    assert len(found["phone"]) > 50 and len(found["wechat"]) > 20 and len(found["text"]) > 5
    return found


@pytest.mark.parametrize("name", ["redacted.db", "redacted.xlsx", "redacted.csv", "cards.vcf"])
def test_nothing_personal_survives_in_the_redacted_file(
    run: Run, demo_path: Path, tmp_path: Path, secrets: dict[str, set[str]], name: str
) -> None:
    target = tmp_path / name
    result = run("export", target, "--redact", db=demo_path)
    assert result.exit_code == 0, result.output

    data = _bytes(target)
    for kind, values in secrets.items():
        for value in values:
            # texts shorter than a word could be anything (a product named like a note)
            if kind == "text" and len(value) < 6:
                continue
            assert value.encode() not in data, (kind, value)
    if target.suffix != ".db":
        assert b"****" in data  # the phones are there, masked


def test_the_redacted_book_opens_with_the_same_figures(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "redacted.db"
    assert run("export", target, "--redact", db=demo_path).exit_code == 0

    with (
        Book.open(demo_path, today=fixed_clock) as source,
        Book.open(target, today=fixed_clock) as redacted,
    ):
        assert redacted.overview() == source.overview()
        ids = [row[0] for row in source.db.execute("SELECT id FROM customers")]
        for customer_id in ids:
            before, after = source.get_customer(customer_id), redacted.get_customer(customer_id)
            assert after.name == surname_only(before.name)
            assert after.phones == [] and after.wechat is None and after.address == ""
            masked = ", ".join(masked_phone(phone) for phone in before.phones)
            assert (masked in after.notes) if masked else after.notes == ""
            assert redacted.tier_result(customer_id) == source.tier_result(customer_id)
        # search finds a redacted customer by the name that is left, never by a phone
        first = source.get_customer(ids[0])
        assert redacted.find_customer(first.phones[0]) is None if first.phones else True
    tiers = [json.loads(run("tiers", "--json", db=path).stdout) for path in (demo_path, target)]
    for row in (*tiers[0], *tiers[1]):
        row.pop("name")
    assert tiers[0] == tiers[1]


def test_a_redacted_workbook_keeps_every_figure(run: Run, demo_path: Path, tmp_path: Path) -> None:
    import openpyxl

    for flag in ((), ("--redact",)):
        assert run("export", tmp_path / f"b{len(flag)}.xlsx", *flag, db=demo_path).exit_code == 0
    plain, redacted = (openpyxl.load_workbook(tmp_path / f"b{n}.xlsx") for n in (0, 1))
    for sheet in ("customers", "purchases"):
        rows = [list(book[sheet].iter_rows(values_only=True)) for book in (plain, redacted)]
        header = rows[0][0]
        figures = [
            at
            for at, title in enumerate(header)
            if title in ("amount", "refunded", "value amount", "net revenue to date", "orders")
            or title in ("value tier", "RFM segment", "lifecycle stage", "score", "date")
        ]
        assert len(figures) >= 3
        for before, after in zip(*rows, strict=True):
            assert [before[at] for at in figures] == [after[at] for at in figures]


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("张晓燕", "张某"),
        ("欧阳娜娜", "欧阳某"),
        ("欧阳", "欧某"),
        ("Alice Smith", "A某"),
        ("", "某"),
    ],
)
def test_a_name_is_reduced_to_the_surname(name: str, short: str) -> None:
    assert surname_only(name) == short


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("+8613812348000", "138****8000"),
        ("138 1234 8000", "138****8000"),
        ("+861088886666", "108***6666"),
    ],
)
def test_a_phone_is_masked_to_its_ends(phone: str, masked: str) -> None:
    assert masked_phone(phone) == masked


@pytest.mark.parametrize(
    ("code", "name", "phones", "reveals"),
    [
        ("C0001", "王芳", ["+8613812345678"], False),  # a seller's running number
        ("C2024001", "王芳", ["+8657187654321"], False),
        ("VIP-0042", "欧阳娜娜", [], False),
        ("13812345678", "王芳", [], True),  # her phone, or anyone's
        ("VIP13812345678", "王芳", [], True),
        ("ＶＩＰ１３８１２３４５６７８", "王芳", [], True),  # full-width, as typed on a phone
        ("A2345678", "王芳", ["+8613812345678"], True),  # her phone's last digits
        ("T87654321", "王芳", ["+8657187654321"], True),  # her landline
        ("110101199003071234", "王芳", [], True),  # an ID card's number
        ("fang@example.com", "王芳", [], True),
        ("王芳01", "王芳", [], True),
        ("娜娜-3", "欧阳娜娜", [], True),  # her given name
        ("WangFang", "王芳", [], True),  # her name's pinyin
        ("芳", "王芳", [], False),  # one character tells nobody
        ("W01", "王芳", [], False),
    ],
)
def test_a_code_that_tells_who_the_customer_is_is_found(
    code: str, name: str, phones: list[str], reveals: bool
) -> None:
    assert code_reveals(code, name, phones, name_pinyin(name)[0]) is reveals


def test_a_code_made_of_the_phone_is_not_in_the_redacted_book(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    """The redacted copy keeps a seller's running numbers (C0001) and drops a code that is
    the customer's phone number: she is known there by the book's id."""
    with Book.open(demo_path, today=fixed_clock) as book:
        book.db.execute("UPDATE customers SET code = '13812345678' WHERE id = 2")
        kept = book.db.execute("SELECT code FROM customers WHERE id = 1").fetchone()[0]
    target = tmp_path / "redacted.db"
    assert run("export", target, "--redact", db=demo_path).exit_code == 0

    with Book.open(target, today=fixed_clock) as redacted:
        codes = dict(redacted.db.execute("SELECT id, code FROM customers WHERE id IN (1, 2)"))
        assert redacted.find_customer("13812345678") is None
    assert codes == {1: kept, 2: None}
    assert b"13812345678" not in b"".join(p.read_bytes() for p in tmp_path.glob("redacted.db*"))


def test_a_merges_undo_copy_of_a_customer_is_not_in_the_redacted_book(
    run: Run, demo_path: Path, tmp_path: Path
) -> None:
    """A merge keeps both records as they were, for its undo: a redacted copy drops it."""
    import shutil

    book_path = tmp_path / "merged.db"
    shutil.copy(demo_path, book_path)
    with Book.open(book_path, today=fixed_clock) as book:
        rows = book.db.execute(
            "SELECT id, phones FROM customers WHERE phones <> '[]' ORDER BY id LIMIT 2"
        ).fetchall()
        (survivor, _), (absorbed, phones) = rows
        book.merge_customers(survivor, absorbed)
        assert book.db.execute("SELECT count(*) FROM merges").fetchone()[0] == 1
    phone = json.loads(phones)[0]
    target = tmp_path / "redacted.db"
    result = run("export", target, "--redact", db=book_path)
    assert result.exit_code == 0, result.output
    assert phone.encode() not in target.read_bytes()
    assert display_phone(phone).replace(" ", "").encode() not in target.read_bytes()


def test_a_queue_items_earlier_states_keep_no_note_in_the_redacted_book(
    run: Run, book_path: Path, tmp_path: Path
) -> None:
    """An item keeps its earlier states for undo (store.followups.record): a note in one
    is gone from the redacted copy, and the states are still there to undo."""
    from datetime import timedelta

    from tests.book_helpers import TODAY, buy, customer

    with Book.open(book_path, today=fixed_clock) as book:
        han = customer(book, "韩梅梅")
        buy(book, han, 80, TODAY - timedelta(days=30))
        (item,) = book.follow_ups(book.queue(days=0))
        book.snooze(item.key, TODAY + timedelta(days=3))
        book.skip(item.key)
        book.db.execute(  # as a done state would hold it
            "UPDATE follow_ups SET earlier = json_replace(earlier, '$[0][3]', ?)",
            ("约了下周三送样品到公司",),
        )
    target = tmp_path / "redacted.db"
    result = run("export", target, "--redact", db=book_path)
    assert result.exit_code == 0, result.output
    assert "约了下周三送样品到公司".encode() not in target.read_bytes()
    with Book.open(target, today=fixed_clock) as redacted:
        assert redacted.reopen(item.key).state == (QueueAction.SNOOZED, TODAY + timedelta(days=3))
