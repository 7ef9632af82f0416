"""Fuzzing the contacts (vCard) reader end to end: Hypothesis writes cards, damages some of
them as phones and hand edits do (a quoted-printable escape cut at a soft break, a character
cut short, an unknown CHARSET, a line with no colon, a card without its END, a line between
cards) or writes text of a vCard's characters at random, and imports the file. Whatever
happens: no traceback; each damaged card is named at its line; the book unchanged unless the
import succeeded, and then it holds exactly the good cards.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import dump
from xiaoben.models.errors import BookError
from xiaoben.store.book import Book
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import ImportRejected, import_table

NAMES = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨敏", "赵磊", "黄丽"]
# How a card is damaged: (the lines after its FN and TEL, the damaged line's place among
# them, 0-based; None for no damaged line, the card's BEGIN line is named).
DAMAGE: dict[str, tuple[list[str], int | None]] = {
    "none": (
        ["NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E8=80=81=E5=AE=A2=\r", "=E6=88=B7"],
        None,
    ),
    "qp_cut": (["NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E8=80==\r", "81=E5==AE=A2"], 0),
    "char_cut": (["NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E8=80abc"], 0),
    "charset": (["NOTE;CHARSET=NO-SUCH-9;ENCODING=QUOTED-PRINTABLE:=41"], 0),
    "no_colon": (["TEL 13800138000"], 0),
}
QUIET = lambda *_: None  # noqa: E731 - no progress to show


def _file(cards: list[tuple[str, str]]) -> tuple[str, list[int], list[int], list[str]]:
    """(the file's text, the BEGIN lines of the good cards, the lines the import must name,
    the good cards' names) for cards of (damage, what follows: "", "no_end" or "stray")."""
    lines: list[str] = []
    good: list[int] = []
    named: list[int] = []
    names: list[str] = []
    for at, (damage, after) in enumerate(cards):
        begin = len(lines) + 1
        extra, bad = DAMAGE[damage]
        lines += ["BEGIN:VCARD\r", "VERSION:2.1\r", f"FN:{NAMES[at]}\r", f"TEL:1380013800{at}\r"]
        lines += [line if line.endswith("\r") else line + "\r" for line in extra]
        ended = after != "no_end"
        if ended:
            lines.append("END:VCARD\r")
        if not ended:  # refused whole, at its BEGIN line, whatever else is wrong in it
            named.append(begin)
        elif bad is not None:
            named.append(begin + 4 + bad)
        else:
            good.append(begin)
            names.append(NAMES[at])
        if after == "stray":
            lines.append("hello\r")
            named.append(len(lines))
    return "\n".join(lines) + "\n", good, sorted(named), names


cards = st.lists(
    st.tuples(st.sampled_from(sorted(DAMAGE)), st.sampled_from(["", "", "", "no_end", "stray"])),
    min_size=1,
    max_size=len(NAMES),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(cards=cards, keep_good=st.booleans())
def test_a_contacts_file_imports_its_good_cards_or_nothing_and_names_each_bad_one(
    monkeypatch: pytest.MonkeyPatch,
    empty_book_template: Path,
    cards: list[tuple[str, str]],
    keep_good: bool,
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")
    text, good, named, names = _file(cards)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.vcf"
        path.write_bytes(text.encode("utf-8"))
        table = read_any(path, kind="customers")

        assert [line for line, _ in table.rows] == good
        assert sorted(error.line for error in table.refused) == named
        assert all("codec" not in error.message for error in table.refused)
        shutil.copyfile(empty_book_template, Path(folder) / "book.db")  # a new book
        with Book.open(Path(folder) / "book.db") as book:
            before = dump(book.path)
            try:
                import_table(book, "customers", table, QUIET, keep_good=keep_good)
            except ImportRejected:
                assert named and not keep_good
                assert dump(book.path) == before
                return
            assert keep_good or not named
            stored = book.conn.execute("SELECT name FROM customers ORDER BY id").fetchall()
            assert [name for (name,) in stored] == names


# The characters and lines a vCard is made of, at random.
PIECES = st.sampled_from(
    [
        "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "FN:王芳", "N:王;芳;;;",
        "TEL:13800138000", "item1.TEL:1", "item1.X-ABLabel:老公", "AGENT:", "BDAY:1990-13-45",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=", "=E8=8A", "==", "=ZZ",
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=GBK:=B0", "PHOTO;ENCODING=b:@@@", ";", ":",
        " folded", "\t", "\r", "", "IMPP;X-SERVICE-TYPE=微信:x-apple:", "X-SOCIALPROFILE;x-user=",
        "ADR:;;;", "ORG:;", "CATEGORIES:,", "\ufeff", "\x00", "é",
    ]
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pieces=st.lists(st.lists(PIECES, min_size=1, max_size=3).map("".join), max_size=30))
def test_any_text_of_a_vcards_pieces_is_read_or_refused_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, pieces: list[str]
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.vcf"
        path.write_bytes(("BEGIN:VCARD\n" + "\n".join(pieces)).encode("utf-8"))
        try:
            table = read_any(path, kind="customers")
        except BookError:
            return
        count = len(pieces) + 2
        assert all(1 <= error.line <= count for error in table.refused)
        assert all(1 <= line <= count for line, _ in table.rows)
