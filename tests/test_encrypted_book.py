"""An encrypted book (SQLCipher): it opens only with its passphrase, keeps only the key,
works like a plain one (sqlite-utils and its error classes included), and its copies and
backups are encrypted with the same passphrase unless asked otherwise."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
import sqlite_utils.db
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import buy, count, customer, fixed_clock
from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Lang
from xiaoben.store import cipher
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.driver import errors, sqlcipher, sqlite3
from xiaoben.store.exporting.formats import ExportRequest

PASSPHRASE = "芝麻开门 open sesame"


def opened(path: Path, passphrase: str | None = PASSPHRASE, background: bool = False) -> Book:
    return Book.open(
        path, today=fixed_clock, create=False, passphrase=passphrase, background=background
    )


@pytest.fixture
def locked(shop_path: Path) -> Path:
    """The small shop, encrypted with PASSPHRASE."""
    with Book.open(shop_path, today=fixed_clock) as book:
        book.change_passphrase(PASSPHRASE)
    return shop_path


def test_an_encrypted_book_opens_with_its_passphrase(locked: Path) -> None:
    with opened(locked) as book:
        assert book.encrypted
        assert isinstance(book.conn, sqlcipher().Connection)
        assert count(book.conn, "customers") == 3
        assert book.find_customer("13812345678").name == "王芳"


def test_a_plain_book_opens_as_before_whatever_the_passphrase(shop_path: Path) -> None:
    with opened(shop_path, passphrase="anything") as book:
        assert not book.encrypted
        assert isinstance(book.conn, sqlite3.Connection)
        assert not book.verifies_passphrase("anything")


def test_the_book_checks_a_passphrase_against_the_key_it_holds(locked: Path) -> None:
    with opened(locked) as book:
        assert book.verifies_passphrase(PASSPHRASE)
        assert not book.verifies_passphrase(PASSPHRASE + " ")
        assert not book.verifies_passphrase("")
        # The passphrase itself is nowhere in the book object, only the derived key.
        assert PASSPHRASE not in repr(vars(book))


def test_a_wrong_passphrase_says_so_and_changes_nothing(locked: Path) -> None:
    before = locked.read_bytes()
    with pytest.raises(BookError) as refused:
        opened(locked, passphrase="wrong")
    assert refused.value.message("en") == (
        f"the passphrase does not open {locked} (a wrong passphrase, or not a book);"
        " nothing was changed"
    )
    assert locked.read_bytes() == before
    assert sorted(p.name for p in locked.parent.iterdir()) == [locked.name]


def test_an_encrypted_book_without_a_passphrase_is_named(locked: Path) -> None:
    with pytest.raises(BookError) as refused:
        opened(locked, passphrase=None)
    assert refused.value.key == "store.encrypted_book"
    assert str(locked) in refused.value.message("en")


def test_an_encrypted_book_opened_by_the_plain_driver_is_refused_by_name(locked: Path) -> None:
    """The wrong driver: the project's SQLite reads the file as no database at all."""
    conn = sqlite3.connect(locked)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    with pytest.raises(BookError) as refused:
        opened(locked, passphrase=None)
    assert "encrypted" in refused.value.message("en")


@pytest.mark.parametrize(
    "content",
    [b"name,phone\n" * 1000, bytes(range(256)) * 16 + b"x", b"\x00" * 8192],
    ids=["a CSV file", "random bytes", "zeros in whole pages"],
)
def test_a_file_that_is_no_book_is_named_with_or_without_a_passphrase(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    for passphrase in (None, PASSPHRASE):
        with pytest.raises(BookError) as refused:
            opened(path, passphrase=passphrase)
        assert str(path) in refused.value.message("en")
        assert path.read_bytes() == content


def test_sqlite_utils_works_over_the_sqlcipher_connection(locked: Path) -> None:
    with opened(locked) as book:
        assert book.db.conn._conn is book.conn  # one connection, errors in sqlite-utils' classes
        assert "customers" in book.db.table_names()
        book.db["no_such_table"].drop(ignore=True)  # sqlite-utils catches its own class here
        with pytest.raises(sqlite_utils.db.sqlite3.OperationalError) as raised:
            book.db.execute("SELECT * FROM no_such_table")
        assert isinstance(raised.value.__cause__, sqlcipher().OperationalError)
        with book.db.atomic():  # savepoints through the wrapper
            book.db["meta"].insert({"key": "k", "value": "v"})
        assert book.db["meta"].get("k")["value"] == "v"
        with pytest.raises(errors.IntegrityError):
            book.conn.execute("INSERT INTO customers (id, name) VALUES (1, 'x')")


def test_every_connection_the_encrypted_book_opens_reads_it(locked: Path, tmp_path: Path) -> None:
    with opened(locked, background=True) as book:
        book.settle()
        wang = book.find_customer("王芳")
        buy(book, wang, 50, "2026-11-20")
        book.settle()
        assert book.overview().customers == 3  # the pool's read-only connections
        reader = book.list_reader()
        try:
            assert reader.count(ListQuery()) == 3
        finally:
            reader.close()
        written = book.export_as(tmp_path / "sheet.xlsx", ExportRequest(decrypt=True))
        assert written.rows["customers"] == 3


def test_the_copy_of_an_encrypted_book_is_encrypted_with_its_passphrase(
    locked: Path, tmp_path: Path
) -> None:
    with opened(locked) as book:
        copy = book.export(tmp_path / "copy.db")
        redacted = book.export(tmp_path / "redacted.db", redact=True)
    for path in (copy, redacted):
        assert cipher.is_encrypted(path)
        with opened(path) as again:
            assert count(again.conn, "customers") == 3
    with opened(redacted) as again:
        assert again.find_customer("王芳") is None  # surname + 某 in a redacted copy


def test_decrypt_writes_a_plain_copy(locked: Path, tmp_path: Path) -> None:
    with opened(locked) as book:
        copy = book.export(tmp_path / "copy.db", decrypt=True)
    assert copy.read_bytes().startswith(b"SQLite format 3\x00")
    with opened(copy, passphrase=None) as again:
        assert not again.encrypted
        assert count(again.conn, "purchases") == 5


@pytest.mark.parametrize("name", ["sheet.xlsx", "customers.csv", "contacts.vcf"])
def test_a_table_export_of_an_encrypted_book_needs_decrypt(
    locked: Path, tmp_path: Path, name: str
) -> None:
    with opened(locked) as book, pytest.raises(BookError) as refused:
        book.export_as(tmp_path / name, ExportRequest())
    assert refused.value.key == "store.export_needs_decrypt"
    assert not (tmp_path / name).exists()


def test_backups_of_an_encrypted_book_are_encrypted_and_restore(locked: Path) -> None:
    with opened(locked) as book:
        backup = book.back_up()
        assert cipher.is_encrypted(backup)
        (listed,) = book.backups()
        assert listed.counts()["customers"] == 3
        customer(book, "新客户")
        from xiaoben.store.backups import restore

        restore(book, backup)
        assert count(book.conn, "customers") == 3


def test_a_backup_under_another_passphrase_is_refused_on_restore(locked: Path) -> None:
    with opened(locked) as book:
        backup = book.back_up()
        book.change_passphrase("another")
    with opened(locked, passphrase="another") as book:
        from xiaoben.store.backups import restore

        with pytest.raises(BookError) as refused:
            restore(book, backup)
        assert refused.value.key == "store.restore_other_key"
        assert count(book.conn, "customers") == 3


def test_change_and_remove_the_passphrase(locked: Path) -> None:
    with opened(locked) as book:
        book.change_passphrase("second")
    with pytest.raises(BookError):
        opened(locked)
    with opened(locked, passphrase="second") as book:
        book.change_passphrase(None)
    with opened(locked, passphrase=None) as book:
        assert not book.encrypted
        assert count(book.conn, "purchases") == 5
    assert locked.stat().st_mode & 0o777 == 0o600


def test_the_passphrase_opens_the_book_in_sqlcipher_itself(locked: Path) -> None:
    """The key is SQLCipher 4's own derivation: its `PRAGMA key` with the text opens it."""
    conn = sqlcipher().connect(locked)
    conn.execute("PRAGMA key = ?".replace("?", "'" + PASSPHRASE.replace("'", "''") + "'"))
    assert conn.execute("SELECT count(*) FROM customers").fetchone() == (3,)
    conn.close()


def test_a_change_is_refused_while_another_process_has_the_book_open(shop_path: Path) -> None:
    import subprocess

    from tests.book_helpers import start_script

    holder = start_script("hold_book.py", shop_path, stdin=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdin is not None
        pid = holder.stdout.readline().split()[1]
        with opened(shop_path, passphrase=None) as book, pytest.raises(BookError) as refused:
            book.change_passphrase(PASSPHRASE)
        assert refused.value.key == "store.rekey_open"
        said = refused.value.message("en")
        assert f"pid {pid}" in said and "then encrypt the book;" in said
        assert not cipher.is_encrypted(shop_path)
        holder.stdin.write("close\n")
        holder.stdin.flush()
        assert holder.stdout.readline().startswith("closed")
    finally:
        holder.kill()
        holder.wait()


def test_the_demo_book_stays_plain(demo_book: Book) -> None:
    with pytest.raises(BookError) as refused:
        demo_book.change_passphrase(PASSPHRASE)
    assert refused.value.key == "store.demo_stays_plain"
    assert not cipher.is_encrypted(demo_book.path)


def test_a_plain_book_never_loads_sqlcipher(shop_path: Path) -> None:
    """SQLCipher loads on the first encrypted book: a plain one's commands do not pay it."""
    from tests.book_helpers import run_python

    script = (
        "import sys\n"
        "from xiaoben.cli.main import main\n"
        f"main(['--db', {str(shop_path)!r}, 'tiers'], standalone_mode=False)\n"
        "print('sqlcipher3' in sys.modules)\n"
    )
    assert run_python(script).splitlines()[-1] == "False"


def test_where_sqlcipher_is_missing_an_encrypted_book_is_named_and_left_alone(
    locked: Path,
) -> None:
    """A platform without the sqlcipher3 wheel: the book is named, the reason given."""
    from tests.book_helpers import run_python

    script = (
        "import sys\n"
        "sys.modules['sqlcipher3'] = None  # as if no wheel existed for this platform\n"
        "from xiaoben.models.errors import BookError\n"
        "from xiaoben.store.book import Book\n"
        "try:\n"
        f"    Book.open({str(locked)!r}, create=False, passphrase={PASSPHRASE!r})\n"
        "except BookError as refused:\n"
        "    print(refused.message('en'))\n"
    )
    before = locked.read_bytes()
    assert run_python(script).strip() == (
        f"{locked} is an encrypted book, but SQLCipher is not installed here"
        " (pip install sqlcipher3-binary)"
    )
    assert locked.read_bytes() == before


FULL_WIDTH = "ｐａｓｓ１２３"  # pass123 typed with a Chinese IME in full-width (全角) mode


@pytest.mark.parametrize(
    ("typed_at_set", "typed_later"),
    [
        (FULL_WIDTH, "pass123"),
        ("pass123", FULL_WIDTH),
        (unicodedata.normalize("NFD", "café"), unicodedata.normalize("NFC", "café")),
        (unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")),
    ],
)
def test_a_passphrase_opens_however_the_keyboard_spelled_it(
    shop_path: Path, typed_at_set: str, typed_later: str
) -> None:
    with opened(shop_path, passphrase=None) as book:
        book.change_passphrase(typed_at_set)

    for typed in (typed_later, typed_at_set):
        with opened(shop_path, passphrase=typed) as book:
            assert count(book.conn, "customers") == 3
            assert book.verifies_passphrase(typed_later) and book.verifies_passphrase(typed_at_set)


def test_a_book_encrypted_with_the_passphrase_as_typed_still_opens_with_it(
    shop_path: Path,
) -> None:
    # Encrypted by an earlier version, which keyed the book with the code points typed.
    cipher.rekey(shop_path, None, cipher.derive(FULL_WIDTH, os.urandom(cipher.SALT_BYTES)))

    with opened(shop_path, passphrase=FULL_WIDTH) as book:
        assert count(book.conn, "customers") == 3
        assert book.verifies_passphrase(FULL_WIDTH)
        book.change_passphrase("second")
    with opened(shop_path, passphrase="second") as book:
        assert count(book.conn, "customers") == 3


@given(st.text(max_size=12))
def test_every_spelling_of_a_passphrase_keys_a_new_book_alike(text: str) -> None:
    keyed = {cipher.spellings(unicodedata.normalize(form, text))[0] for form in _FORMS}
    assert len(keyed) == 1
    assert cipher.spellings(text)[-1] == text  # the text as typed is tried too (older books)


_FORMS = ("NFC", "NFD", "NFKC", "NFKD")


@pytest.mark.parametrize("blank", ["   ", "\u3000\u3000", " \t "])
def test_a_passphrase_of_only_spaces_is_refused_with_the_rule(shop_path: Path, blank: str) -> None:
    with opened(shop_path, passphrase=None) as book, pytest.raises(BookError) as refused:
        book.change_passphrase(blank)

    assert refused.value.key == "store.blank_passphrase"
    assert "only spaces" in refused.value.message()
    assert not cipher.is_encrypted(shop_path)


@pytest.mark.parametrize(
    ("lang", "then"), [("en", "then remove the passphrase;"), ("zh", "再取消口令；")]
)
def test_removing_the_passphrase_while_xiaoben_has_the_book_open_says_remove(
    locked: Path, lang: Lang, then: str
) -> None:
    import subprocess

    from tests.book_helpers import start_script

    holder = start_script("hold_book.py", locked, PASSPHRASE, stdin=subprocess.PIPE)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().startswith("open")
        with opened(locked) as book, pytest.raises(BookError) as refused:
            book.change_passphrase(None)
        assert then in refused.value.message(lang)
        assert "改口令" not in refused.value.message("zh")
        assert cipher.is_encrypted(locked)
    finally:
        holder.kill()
        holder.wait()


_READER = """
import sqlite3, sys
reader = sqlite3.connect(sys.argv[1])
reader.execute("BEGIN")
reader.execute("SELECT count(*) FROM customers").fetchone()
print("reading", flush=True)
sys.stdin.readline()
"""


def test_a_reader_that_is_not_xiaoben_is_named_as_another_program(shop_path: Path) -> None:
    import subprocess
    import sys

    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(shop_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().startswith("reading")
        with opened(shop_path, passphrase=None) as book, pytest.raises(BookError) as refused:
            book.change_passphrase(PASSPHRASE)
        said = refused.value.message("en")
        assert "another program (not xiaoben" in said and "then encrypt the book" in said
        assert "pid 0" not in said and "close xiaoben there" not in said
        assert not cipher.is_encrypted(shop_path)
    finally:
        reader.kill()
        reader.wait()


def test_an_encrypted_backup_into_a_plain_book_names_the_mismatch(
    locked: Path, tmp_path: Path
) -> None:
    from xiaoben.store.backups import restore

    copy = tmp_path / "enc-copy.db"
    with opened(locked) as book:
        book.export_as(copy, ExportRequest())
    plain = tmp_path / "plain.db"
    Book.open(plain, today=fixed_clock).close()

    with opened(plain, passphrase=PASSPHRASE) as book, pytest.raises(BookError) as refused:
        restore(book, copy)

    said = refused.value.message("en")
    assert "is encrypted and the book is not" in said and "xiaoben passphrase set" in said
    assert "give its passphrase" not in said
