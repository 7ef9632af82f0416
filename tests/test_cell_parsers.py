"""The importer's fast cell parsers say what the rules in models/values.py say (hypothesis).

cell_cents skips Decimal for a plain 199.50 and cell_phone skips libphonenumber for a plain
mainland mobile; whatever the text, each gives the same value, or the same problem, as
parse_money and normalise_phone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from xiaoben.models.cells import cell_cents, cell_phone, cents_column, plain_column, text_within
from xiaoben.models.money import foreign_currency
from xiaoben.models.values import normalise_phone, parse_money, to_cents


def outcome(parse: Callable[[str], Any], text: str) -> tuple[str, Any]:
    """("value", the value) or ("problem", its type and context): what a seller would see."""
    try:
        return "value", parse(text)
    except PydanticCustomError as exc:
        return "problem", (exc.type, exc.context)


def slow_cents(text: str) -> int:
    """parse_money's cents, a negative amount refused as an import's cell is (its rule says
    where a return goes: a 退款 column), the rest as parse_money refuses it; an amount in
    another currency than yuan ($, which parse_money reads as a key typed for ¥) refused
    first, as the importer refuses it."""
    if foreign_currency(text):
        raise PydanticCustomError("xb.money_foreign", "", {"value": text.strip()})
    try:
        return to_cents(parse_money(text))
    except PydanticCustomError as exc:
        if exc.type == "xb.money_negative":
            raise PydanticCustomError(
                "xb.money_negative_row", str(exc.message_template), exc.context
            ) from None
        raise


plain_amounts = st.from_regex(r"\A\d{1,13}(\.\d{0,3})?\Z")
written_amounts = st.text(alphabet="0123456789.,，¥￥$元 -+e１", max_size=16)
decimal_amounts = st.decimals(min_value=0, max_value=10**12, places=2).map(str)

mainland_mobiles = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", "+86"]),
        st.sampled_from(["13", "14", "15", "16", "17", "18", "19", "1740", "1610", "12", "10"]),
        st.from_regex(r"\A\d{6,10}\Z"),
    ),
)
written_phones = st.text(alphabet="0123456789+ -()１３８", max_size=16)


@settings(max_examples=300)
@given(plain_amounts | written_amounts | decimal_amounts)
@example("199.00")
@example("199.5")
@example("00000000001.5")
@example("99999999999.99")
@example("199.505")
@example("1e100")
@example("-1")
@example("(50.00)")
def test_fast_cents_agree_with_parse_money(text: str) -> None:
    assert outcome(cell_cents, text) == outcome(slow_cents, text)


@settings(max_examples=300)
@given(mainland_mobiles | written_phones)
@example("13812345678")
@example("+8613812345678")
@example("17401234567")
@example("12345678901")
@example("１３８１２３４５６７８")
def test_fast_phone_agrees_with_normalise_phone(text: str) -> None:
    assert outcome(cell_phone, text) == outcome(normalise_phone, text)


@settings(max_examples=300)
@given(st.lists(plain_amounts | written_amounts | decimal_amounts, max_size=20))
@example(["99999999999.99", "0.01", "00000000001.5", "1084.11", "0"])
@example(["199", ""])
@example(["199", "1e3"])
def test_a_column_of_amounts_reads_as_each_cell_does(texts: list[str]) -> None:
    """cents_column reads the whole column or none of it: then each cell is read alone."""
    read = cents_column(texts)
    if read is not None:
        assert read == [cell_cents(text) for text in texts]
    else:
        assert not texts or any(cents_column([text]) is None for text in texts)


def test_plain_amounts_up_to_the_largest_read_exactly() -> None:
    """float is exact for every plain amount: the cents of the widest ones, one by one."""
    texts = [
        f"{whole}.{cents:02d}" for whole in (99_999_999_999, 12_345_678_901) for cents in range(100)
    ]
    assert cents_column(texts) == [cell_cents(text) for text in texts]


free_text = st.text(
    alphabet=st.sampled_from("ab 张三\n\r\t\u3000\xa0\u200b\x01\x85\ufeff-_0"), max_size=8
)


@settings(max_examples=300)
@given(st.lists(free_text, max_size=12), st.integers(min_value=1, max_value=8))
@example(["ABC-123", "第一行\n第二行"], 8)
@example([" padded"], 8)
@example(["toolong"], 3)
def test_a_plain_column_is_what_text_within_gives_back(texts: list[str], limit: int) -> None:
    """When plain_column says a column needs nothing, text_within keeps every cell as it is."""
    parse = text_within(limit)
    if plain_column(texts, limit):
        assert [outcome(parse, text) for text in texts] == [("value", text) for text in texts]
    else:
        assert any(outcome(parse, text) != ("value", text) for text in texts) or not texts


products = st.lists(
    st.text(alphabet="口红ＡＢＣabc（）(),， \t\n１2ｶﾞ\u0301é", min_size=1, max_size=8), max_size=6
)


@given(products)
@settings(max_examples=300)
@example(["口红", "ＡＢＣ口红（大）"])
@example(["e\u0301", "a  b"])
def test_a_plain_product_column_is_spelled_as_each_cell_would_be(texts: list[str]) -> None:
    """The items column's fast path gives what the per-cell "items" parser gives: the one
    spelling (NFKC, single spaces) of each cell, whenever the column is plain."""
    from xiaoben.store.importing import purchase_rows

    fast = purchase_rows._FAST_COLUMNS["items"](texts)
    if fast is None:
        return
    assert list(fast) == [purchase_rows._PARSERS["items"](text) for text in texts]
