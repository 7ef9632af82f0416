"""Tags of any text survive the book's own vCard: exported as CATEGORIES (a list split on
its unescaped commas) and imported into another book, each tag comes back whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.book_helpers import fixed_clock
from xiaoben.models.customer import Customer
from xiaoben.store.book import Book
from xiaoben.store.exporting.vcard import write_vcards
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.vcards import google_system_group
from xiaoben.store.imports import import_table

QUIET = lambda *_: None  # noqa: E731 - no progress to show
# Any character a tag may hold, the vCard's own (, ; \ :) and a tags cell's (space 、 / ")
# made likelier
TAG = st.text(
    st.one_of(
        st.sampled_from(',;\\: 、/|"，；'),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=10,
)


def _stored(tags: list[str]) -> list[str]:
    """The tags as the book keeps them (one spelling, no repeats), or skip the example."""
    try:
        kept = Customer(name="王芳", tags=tags).tags
    except ValidationError:
        assume(False)
        raise  # pragma: no cover - assume(False) stops the example
    assume(kept and not any(google_system_group(tag) for tag in kept))  # Google's own groups
    return kept


@pytest.fixture
def books(tmp_path: Path, sandbox: None) -> Iterator[tuple[Book, Book]]:
    """(the book exported, the book it is imported into), open for every example."""
    with (
        Book.open(tmp_path / "a.db", today=fixed_clock) as exported,
        Book.open(tmp_path / "b.db", today=fixed_clock) as imported,
    ):
        yield exported, imported


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tags=st.lists(TAG, min_size=1, max_size=4))
@example(tags=["-"])  # alone, a tag that reads as an empty cell (was lost)
@example(tags=["无"])
@example(tags=["N/A", "VIP"])
def test_tags_of_any_text_survive_a_vcard_round_trip(
    books: tuple[Book, Book], tmp_path: Path, tags: list[str]
) -> None:
    exported, imported = books
    stored = _stored(tags)
    name = f"客户{exported.customer_count() + 1}"  # a new customer each example
    saved = exported.save_customer(Customer(name=name, tags=stored))
    card = tmp_path / "contacts.vcf"
    write_vcards(exported.conn, [saved.id or 0], False, card)

    import_table(imported, "customers", read_any(card, kind="customers"), QUIET)

    found = imported.find_customer(name)
    assert found is not None and found.tags == stored
