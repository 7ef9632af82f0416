"""A contact's name as a phone shows it: a Chinese name whole (欧阳娜娜, never 欧 + 阳娜娜),
a western one given name first (John Smith, not "Smith, John"), whichever of FN and N
the card gives; and the cards xiaoben writes split a compound surname right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import customer
from xiaoben.store.book import Book
from xiaoben.store.exporting.cells import COMPOUND_SURNAMES, surname_of
from xiaoben.store.importing.readers import read_any


def name_of(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "c.vcf"
    card = "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", *lines, "TEL:13800138000", "END:VCARD", ""])
    path.write_text(card, encoding="utf-8")
    ((_, cells),) = read_any(path, kind="customers").rows
    return cells[0]


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (["N:欧阳;娜娜;;;"], "欧阳娜娜"),
        (["FN:欧阳娜娜"], "欧阳娜娜"),
        (["FN:欧阳娜娜", "N:欧;阳娜娜;;;"], "欧阳娜娜"),  # as xiaoben's export wrote it
        (["FN:娜娜 欧阳", "N:欧阳;娜娜;;;"], "欧阳娜娜"),  # FN in western order
        (["FN:欧阳 娜娜", "N:欧阳;娜娜;;;"], "欧阳娜娜"),
        (["FN:Smith\\, John", "N:Smith;John;;;"], "John Smith"),  # Outlook's "file as"
        (["FN:Smith, John", "N:Smith;John;;;"], "John Smith"),
        (["FN:SMITH John", "N:Smith;John;;;"], "John Smith"),
        (["N:Smith;John;;;"], "John Smith"),
        (["FN:John Smith", "N:Smith;John;;;"], "John Smith"),
        (["FN:王芳小姐", "N:王;芳;;;"], "王芳小姐"),  # an FN that says more stays as written
        (["FN:John Smith (淘宝)", "N:Smith;John;;;"], "John Smith (淘宝)"),
        (["FN:Acme, Inc."], "Acme, Inc."),  # no N to tell the order by: as written
    ],
)
def test_the_name_reads_as_a_phone_shows_it(tmp_path: Path, lines: list[str], name: str) -> None:
    assert name_of(tmp_path, *lines) == name


GIVEN = st.text(alphabet="娜明华丽伟芳军", min_size=1, max_size=2)


@given(surname=st.sampled_from(sorted(COMPOUND_SURNAMES)), given_name=GIVEN)
def test_a_compound_surname_is_one_surname(surname: str, given_name: str) -> None:
    assert surname_of(surname + given_name) == surname


@given(surname=st.sampled_from(sorted(COMPOUND_SURNAMES)), given_name=GIVEN)
def test_a_chinese_n_reads_whole_in_either_fields_order(
    tmp_path_factory: pytest.TempPathFactory, surname: str, given_name: str
) -> None:
    folder = tmp_path_factory.mktemp("n")
    whole = surname + given_name
    assert name_of(folder, f"N:{surname};{given_name};;;") == whole
    assert name_of(folder, f"FN:{given_name} {surname}", f"N:{surname};{given_name};;;") == whole


@pytest.mark.parametrize(
    ("name", "written"),
    [("欧阳娜娜", "N:欧阳;娜娜;;;"), ("司马光", "N:司马;光;;;"), ("王芳", "N:王;芳;;;")],
)
def test_the_exported_card_splits_a_compound_surname_right(
    run: Callable[..., Result], book: Book, tmp_path: Path, name: str, written: str
) -> None:
    customer(book, name)
    book.close()

    result = run("export", tmp_path / "c.vcf")

    assert result.exit_code == 0, result.output
    text = (tmp_path / "c.vcf").read_bytes().decode("utf-8")
    assert f"\r\n{written}\r\n" in text
    assert name_of(tmp_path, *text.split("\r\n")[2:4]) == name  # reads back the same


@pytest.mark.parametrize(
    "line",
    [
        "NOTE:老客户, 爱喝茶, 中秋送礼",
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E8=80=81=E5=AE=A2=E6=88=B7=2C =E7=88=B1=E5"
        "=96=9D=E8=8C=B6, =E4=B8=AD=E7=A7=8B=E9=80=81=E7=A4=BC",
    ],
)
def test_a_note_with_commas_is_kept_whole(tmp_path: Path, line: str) -> None:
    """As Android writes a 2.1 card: commas not escaped, in quoted-printable or not."""
    path = tmp_path / "c.vcf"
    path.write_text(f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:王芳\r\n{line}\r\nEND:VCARD\r\n")

    ((_, cells),) = read_any(path, kind="customers").rows

    assert cells[4] == "老客户, 爱喝茶, 中秋送礼"
