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

from xiaoben.models.cells import cell_cents, cell_phone
from xiaoben.models.values import normalise_phone, parse_money, to_cents


def outcome(parse: Callable[[str], Any], text: str) -> tuple[str, Any]:
    """("value", the value) or ("problem", its type and context): what a seller would see."""
    try:
        return "value", parse(text)
    except PydanticCustomError as exc:
        return "problem", (exc.type, exc.context)


def slow_cents(text: str) -> int:
    return to_cents(parse_money(text))


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
