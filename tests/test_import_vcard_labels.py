"""A number under the seller's own label on an Android phone (TEL;X-老公, TEL;TYPE=X-Husband,
Samsung's X-CUSTOM(…)) is kept in the notes as an iPhone's item1.X-ABLabel one is, never a phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import table_of
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.vcard_params import PHONE_TYPES
from xiaoben.store.importing.vcards import FIELDS


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def contacts(folder: Path, text: str) -> list[dict[str, str]]:
    path = folder / "contacts.vcf"
    path.write_bytes(text.encode("utf-8"))
    table = read_any(path, kind="customers")
    assert table.refused == ()
    return [dict(zip(FIELDS, cells, strict=True)) for _, cells in table.rows]


def android_card(
    version: str, *lines: str, name: str = "王芳", mobile: str = "138-0013-8000"
) -> str:
    """A contact as Android's Contacts app writes it: its name, its own mobile, then `lines`."""
    body = "".join(f"{line}\r\n" for line in lines)
    named = f"CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(name[0])};{qp(name[1:])};;;"
    return (
        f"BEGIN:VCARD\r\nVERSION:{version}\r\nN;{named}\r\n"
        f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(name)}\r\n"
        f"TEL;CELL:{mobile}\r\n{body}END:VCARD\r\n"
    )


def qp(text: str) -> str:
    """Every byte of the text's UTF-8 as =XX, as a phone writes a label in quoted-printable."""
    return "".join(f"={byte:02X}" for byte in text.encode("utf-8"))


def assert_kept_under(folder: Path, line: str, label: str, version: str = "2.1") -> None:
    """The card's number on `line` is in the notes under `label`, and no phone."""
    (wang,) = contacts(folder, android_card(version, line))

    assert (wang["phones"], wang["notes"]) == ("138-0013-8000", f"{label}：13600136000")


@pytest.mark.parametrize(
    ("version", "line", "label"),
    [
        ("2.1", "TEL;X-Husband:13600136000", "Husband"),  # Android's own, vCard 2.1
        ("3.0", "TEL;TYPE=X-Husband:13600136000", "Husband"),  # Android's own, vCard 3.0
        ("2.1", "TEL;X-Husband;PREF:13600136000", "Husband"),  # the phone's default number
        ("2.1", "TEL;X-老公:13600136000", "老公"),  # raw UTF-8
        ("2.1", "TEL;X-老公;CHARSET=UTF-8:13600136000", "老公"),
        ("2.1", f"TEL;X-{qp('店铺')};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:13600136000", "店铺"),
        ("3.0", "TEL;TYPE=X-备用:13600136000", "备用"),
        ("3.0", 'TEL;TYPE="X-Shop, main":13600136000', "Shop, main"),
        ("2.1", "TEL;X-Mr. Li:13600136000", "Mr. Li"),
        # Samsung: the label inside X-CUSTOM(…), quoted-printable or as written
        (
            "2.1",
            f"TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,{qp('老公')}):13600136000",
            "老公",
        ),
        ("2.1", "TEL;X-CUSTOM(Husband):13600136000", "Husband"),
    ],
)
def test_an_android_custom_label_keeps_its_number_in_the_notes_not_the_phones(
    tmp_path: Path, version: str, line: str, label: str
) -> None:
    assert_kept_under(tmp_path, line, label, version)


@pytest.mark.parametrize(
    "line",
    [
        "TEL;X-ASSISTANT:13600136000",  # what Android reads as its own types
        "TEL;X-COMPANY-MAIN:13600136000",
        "TEL;TYPE=X-CALLBACK:13600136000",
        "TEL;X-MOBILE:13600136000",
        "TEL;TYPE=X-EVOLUTION-CALLBACK:13600136000",  # GNOME Evolution's own
        "TEL;X-CUSTOM:13600136000",  # a custom type without its label
        "TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,):13600136000",
        "TEL;TYPE=WORK;TYPE=VOICE:13600136000",
        "TEL;HOME:13600136000",
        "TEL;住宅:13600136000",  # a word of its own but no X- label: read as before, not refused
    ],
)
def test_a_standard_type_keeps_its_number_a_phone(tmp_path: Path, line: str) -> None:
    (wang,) = contacts(tmp_path, android_card("2.1", line))

    assert (wang["phones"], wang["notes"]) == ("138-0013-8000;13600136000", "")


def test_a_label_as_an_iphone_writes_it_is_read_as_before(tmp_path: Path) -> None:
    card = android_card("3.0", "item1.TEL;X-Husband:13600136000", "item1.X-ABLabel:老公")

    (wang,) = contacts(tmp_path, card)

    assert (wang["phones"], wang["notes"]) == ("138-0013-8000", "老公：13600136000")


def test_a_labelled_number_keeps_its_extension_under_its_label(tmp_path: Path) -> None:
    (wang,) = contacts(tmp_path, android_card("2.1", "TEL;X-店铺:0571-88888888,123"))

    assert (wang["phones"], wang["notes"]) == ("138-0013-8000", "店铺：0571-88888888,123")


def test_a_label_that_cannot_be_read_leaves_the_rest_of_the_card_read(tmp_path: Path) -> None:
    card = android_card(
        "2.1",
        "TEL;X-老公:13600136000",
        "EMAIL;X-店铺:shop@example.com",
        "EMAIL;HOME:wang@example.com",
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E8=80=81=E5=AE=A2=E6=88=B7",
    )

    (wang,) = contacts(tmp_path, card)

    assert wang["email"] == "shop@example.com"
    assert wang["notes"] == "老客户\n邮箱：wang@example.com\n老公：13600136000"


def test_a_damaged_line_beside_a_label_is_the_line_named(tmp_path: Path) -> None:
    card = android_card(
        "2.1",
        "TEL;X-老公:13600136000",
        "ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;=E6=9D=AD=E5==",
    )
    path = tmp_path / "contacts.vcf"
    path.write_bytes(card.encode("utf-8"))

    (refused,) = read_any(path, kind="customers").refused

    assert (refused.line, refused.column) == (7, "contact “王芳”")
    assert refused.message.startswith("address: ")


# Printable labels a seller types: letters of any script, digits, spaces and punctuation
_LABELS = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\\"),
    min_size=1,
    max_size=12,
).filter(lambda label: label.strip() == label and label.casefold() not in PHONE_TYPES)


@given(label=_LABELS)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
def test_any_label_in_quoted_printable_reads_back_as_written(tmp_path: Path, label: str) -> None:
    line = f"TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,{qp(label)}):13600136000"

    assert_kept_under(tmp_path, line, label)


# As a Chinese seller types a label: Chinese, ASCII letters and digits, a space, a dot or dash
# (a file whose only other letters are a few Latin ones may be GBK: decoding.py decides that)
_TYPED = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from("abcXYZ019 .-_#&!?'/+*（）【】，。"),
    ),
    min_size=1,
    max_size=12,
).filter(lambda label: label.strip() == label and label.casefold() not in PHONE_TYPES)


@given(label=_TYPED)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
def test_any_label_written_as_it_is_reads_back_as_written(tmp_path: Path, label: str) -> None:
    assert_kept_under(tmp_path, f"TEL;X-{label}:13600136000", label)


def _customers(path: Path) -> list[tuple[object, ...]]:
    return table_of(path, "SELECT name, phones, notes FROM customers ORDER BY id")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_husbands_number_neither_matches_nor_claims_another_customer(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    sheet = tmp_path / "客户.csv"
    sheet.write_text("姓名,手机\n张伟,13600136000\n", encoding="utf-8")
    phone = tmp_path / "00001.vcf"
    phone.write_bytes(android_card("2.1", "TEL;X-老公:13600136000").encode("utf-8"))
    assert run("import", "customers", sheet).exit_code == 0

    result = run("--lang", lang, "import", "customers", phone)

    assert result.exit_code == 0, result.output
    assert _customers(book_path) == [
        ("张伟", '["+8613600136000"]', ""),
        ("王芳", '["+8613800138000"]', "老公：13600136000"),
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_labelled_number_reads_back_equal_from_our_export_and_a_reimport_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, lang: str
) -> None:
    phone = tmp_path / "00001.vcf"
    phone.write_bytes(
        (
            android_card("2.1", "TEL;X-老公:13600136000", "TEL;X-Shop:0571-88888888")
            + android_card(
                "3.0", "TEL;TYPE=X-Husband:13900139000", name="李娜", mobile="13700137000"
            )
        ).encode("utf-8")
    )
    assert run("import", "customers", phone).exit_code == 0
    exported = tmp_path / "out.vcf"
    assert run("--lang", lang, "export", exported).exit_code == 0
    other = tmp_path / "other.db"

    again = run("--lang", "en", "import", "customers", exported)
    fresh = run("import", "customers", exported, db=other)

    assert "0 customers created, 0 updated" in again.stdout
    assert fresh.exit_code == 0, fresh.output
    assert _customers(other) == _customers(book_path)
    assert [notes for _, _, notes in _customers(book_path)] == [
        "老公：13600136000\nShop：0571-88888888",
        "Husband：13900139000",
    ]
