"""What an import holds a row: a customers file's rows keep their customer's values, not a
pydantic model each (100,000 rows held ~640 MB); a purchases import's near matches are
said from slots, not two Words and their dicts each (32,000 at a million rows).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import write_csv
from xiaoben.models.birthday import Birthday
from xiaoben.models.customer import Customer
from xiaoben.models.enums import Gender
from xiaoben.models.i18n import Words
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.customer_rows import customer_of, held_of, parse_customers
from xiaoben.store.purchase_writer import NearLine

ROWS = 3_000


def _held(make: Callable[[], Any]) -> tuple[Any, int]:
    """What `make` returns, and the bytes of Python's allocations it still holds."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        made = make()
        return made, tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_a_customers_file_holds_its_rows_values_not_a_model_each(tmp_path: Path) -> None:
    """3,000 rows of 8 columns held 5.4 KB a row as CustomerRows of a Customer each, 3.2 KB
    as their values, 2.2 KB as their values pickled (with what reading them keeps: the
    places of their addresses)."""
    lines = ["编号,姓名,手机,微信,生日,地址,标签,备注"] + [
        f"K{k:06d},王芳{k % 97},138{k:08d},wx_{k:06d},1990-03-{k % 28 + 1:02d},"
        f"浙江省杭州市西湖区文三路{k}号,VIP|老客,喜欢面霜{k}"
        for k in range(ROWS)
    ]
    table = read_table(write_csv(tmp_path / "customers.csv", lines))
    (rows, errors), held = _held(lambda: parse_customers(table))

    assert errors == [] and len(rows) == ROWS
    assert held / ROWS < 2_600, held / ROWS
    wang = rows[5].customer
    assert (wang.code, wang.name, wang.phones, wang.tags) == (
        "K000005",
        "王芳5",
        ["+8613800000005"],
        ["VIP", "老客"],
    )
    assert (wang.wechat, wang.birthday, wang.city) == (
        "wx_000005",
        Birthday(year=1990, month=3, day=6),
        "杭州",
    )


_CUSTOMERS = st.builds(
    Customer,
    name=st.sampled_from(["王芳", "李娜", "Zhang Wei"]),
    code=st.none() | st.sampled_from(["C001", "00042"]),
    phones=st.lists(st.sampled_from(["13800138000", "021-12345678", "+85291234567"]), unique=True),
    tags=st.lists(st.sampled_from(["VIP", "老客", "团购"]), unique=True),
    gender=st.none() | st.sampled_from(list(Gender)),
    birthday=st.none() | st.just(Birthday(month=2, day=29)),
    is_business=st.booleans(),
    notes=st.sampled_from(["", "喜欢面霜\n微信：小王"]),
)


@given(_CUSTOMERS)
def test_a_customer_made_again_from_what_a_row_holds_is_the_customer_read(
    customer: Customer,
) -> None:
    again = customer_of(held_of(customer))
    assert again == customer
    assert again.model_dump() == customer.model_dump()


def test_lists_a_row_did_not_set_are_its_own_each_time() -> None:
    """A customer made again gets new empty lists where the row set none: one added to
    never shows in the next (as a default_factory list would not)."""
    held = held_of(Customer(name="王芳"))
    first = customer_of(held)
    first.tags.append("VIP")
    first.phones.append("+8613800138000")
    assert (customer_of(held).tags, customer_of(held).phones) == ([], [])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_near_line_is_said_as_words_over_words_say_it(lang: str) -> None:
    values = {"name": "王芳", "key": "13800138000"}
    words = Words(
        "import.near_line", line=12, near=Words("import.near_name", **values, other="王芳 (C001)")
    )
    near = NearLine(12, "import.near_name", values, "王芳 (C001)")
    assert near(lang) == words(lang)  # type: ignore[arg-type]
    one = {"keys": "13800138000, wx_wang"}
    kept = Words(
        "import.near_line", line=3, near=Words("import.keys_not_kept", **one, other="李娜")
    )
    assert NearLine(3, "import.keys_not_kept", one, "李娜")(lang) == kept(lang)  # type: ignore[arg-type]


def test_near_lines_hold_a_third_of_words_over_words() -> None:
    def said(make: Callable[[int], Any]) -> int:
        return _held(lambda: [make(k) for k in range(ROWS)])[1]

    names = [f"王芳{k}" for k in range(ROWS)]  # the strings the import holds anyway
    owns = [f"138{k:08d}" for k in range(ROWS)]
    others = [f"王芳{k} (C{k:05d})" for k in range(ROWS)]

    def words(k: int) -> Words:
        near = Words("import.near_name", name=names[k], key=owns[k], other=others[k])
        return Words("import.near_line", line=k, near=near)

    def line(k: int) -> NearLine:
        return NearLine(k, "import.near_name", {"name": names[k], "key": owns[k]}, others[k])

    assert said(line) * 2 < said(words), (said(line), said(words))


def test_a_customers_import_keeps_its_namesakes_in_slots_saying_what_it_said(
    book: Any, tmp_path: Path
) -> None:
    """A common name comes back on thousands of a large file's rows: each near line is held
    as a NearLine, said word for word as Words over Words said it."""
    from xiaoben.store.importing.readers import read_any
    from xiaoben.store.imports import import_table

    lines = ["姓名,手机"] + [f"王芳,138{k:08d}" for k in range(3)]
    report = import_table(
        book, "customers", read_any(write_csv(tmp_path / "c.csv", lines)), lambda *_: None
    )

    assert report.created_customers == 3
    assert [type(near) for near in report.near_said] == [NearLine, NearLine]
    for lang in ("zh", "en"):
        first = Words(
            "import.near_line",
            line=3,
            near=Words("import.near_name", name="王芳", key="13800000001", other="王芳 (#1)"),
        )
        assert report.near_said[0](lang) == first(lang)  # type: ignore[arg-type]
    assert "王芳 (#1) / 王芳 (#2)" in report.near_said[1]("en")
