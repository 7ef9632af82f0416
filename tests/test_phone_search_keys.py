"""A phone's search keys: the quick way for a mainland mobile gives exactly the keys
phonenumbers works out, for every mobile prefix, mainland landlines and other countries'
numbers (the quick way must never decide a number phonenumbers would call otherwise)."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoben.models.customer import Customer
from xiaoben.store import customer_list
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.search import _is_plain_mobile, parsed_phone_keys, phone_keys

_DIGITS = "0123456789"


def _mobile_like(prefix: int, rest: str) -> str:
    return "+86" + (str(prefix) + rest)[:11].ljust(11, "0")


def test_every_four_digit_mainland_prefix_gives_phonenumbers_keys() -> None:
    for prefix in range(1000, 2000):
        for rest in ("0000000", "1234567", "9999999", "5080001", "0012345"):
            e164 = _mobile_like(prefix, rest)
            assert phone_keys(e164) == parsed_phone_keys(e164), e164


def test_a_common_mobile_takes_the_quick_way_and_keeps_its_keys() -> None:
    assert _is_plain_mobile("13800138000")
    assert phone_keys("+8613800138000") == {"13800138000", "8000", "8613800138000"}


def test_a_landline_is_not_a_mobile_and_keeps_its_trunk_zero() -> None:
    assert not _is_plain_mobile("1062345678")
    assert "01062345678" in phone_keys("+861062345678")
    assert phone_keys("+861062345678") == parsed_phone_keys("+861062345678")


@settings(max_examples=600, deadline=None)
@given(prefix=st.integers(100, 199), rest=st.text(_DIGITS, min_size=8, max_size=8))
def test_any_mainland_eleven_digit_number_gives_phonenumbers_keys(prefix: int, rest: str) -> None:
    e164 = f"+86{prefix}{rest}"
    assert phone_keys(e164) == parsed_phone_keys(e164)


@settings(max_examples=600, deadline=None)
@given(national=st.text(_DIGITS, min_size=1, max_size=14))
def test_any_mainland_number_of_any_length_gives_phonenumbers_keys(national: str) -> None:
    e164 = "+86" + national
    assert phone_keys(e164) == parsed_phone_keys(e164)


@settings(max_examples=600, deadline=None)
@given(
    country=st.sampled_from(sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)),
    national=st.text(_DIGITS, min_size=1, max_size=13),
)
def test_other_countries_numbers_give_phonenumbers_keys(country: int, national: str) -> None:
    e164 = f"+{country}{national}"
    assert phone_keys(e164) == parsed_phone_keys(e164)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=16))
def test_anything_stored_as_a_phone_gives_phonenumbers_keys(text: str) -> None:
    assert phone_keys(text) == parsed_phone_keys(text)


def test_every_regions_example_numbers_give_phonenumbers_keys() -> None:
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            assert phone_keys(e164) == parsed_phone_keys(e164), e164


@settings(max_examples=300, deadline=None)
@given(
    phones=st.lists(
        st.one_of(st.text(_DIGITS, min_size=1, max_size=15).map("+".__add__), st.text()),
        max_size=3,
    )
)
def test_a_new_customers_phones_are_written_as_json_writes_them(phones: list[str]) -> None:
    import json

    from xiaoben.store.purchase_writer import _json_list

    assert _json_list(phones) == json.dumps(phones, ensure_ascii=False)


def test_last_digits_typed_after_尾号_find_the_phone(book: Book) -> None:
    """A seller types what they say: 尾号5467, 手机尾号 5467, 电话尾号：5467."""
    saved = book.save_customer(Customer(name="李芳", phones=["13912345467"]))
    book.save_customer(Customer(name="王强", phones=["13800138000"]))
    typed_ways = ("5467", "尾号5467", "手机尾号 5467", "电话尾号：5467", "手机号尾号5467")
    for typed in (*typed_ways, "尾号 54"):
        with book._lock:
            found = customer_list.matching_ids(book.conn, ListQuery(search=typed))
        assert found == [saved.id], typed
