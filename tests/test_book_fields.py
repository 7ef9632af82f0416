"""Custom fields: definitions, every kind's values and bad input, search and filter, removal
and its undo, renaming that keeps values, merging and forgetting."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.book_helpers import count, customer, fixed_clock
from tests.test_migrations import old_book
from xiaoben.models.errors import BookError
from xiaoben.models.fields import FieldDef, FieldKind, parse_value, value_text
from xiaoben.store.book import Book
from xiaoben.store.customer_list import FieldFilter, ListQuery
from xiaoben.store.field_verbs import FieldValuesError
from xiaoben.store.schema import MIGRATION_NAMES


def _define(book: Book, kind: str, zh: str, en: str, **more: object) -> int:
    field = book.add_field(FieldDef(kind=FieldKind(kind), label_zh=zh, label_en=en, **more))
    assert field.id is not None
    return field.id


@pytest.fixture
def skin(book: Book) -> int:
    return _define(book, "choice", "肤质", "skin type", options=["干性", "油性", "混合"])


def _names(book: Book, query: ListQuery) -> list[str]:
    return sorted(row.name for row in book.list_window(query, 0, 50))


def test_fields_keep_the_order_they_were_added_in_and_move(book: Book) -> None:
    first = _define(book, "text", "学校", "school")
    second = _define(book, "number", "鞋码", "shoe size")
    third = _define(book, "yes_no", "已加群", "in the group")

    book.move_field(third, -2)

    assert [f.id for f in book.fields()] == [third, first, second]


def test_every_kind_stores_and_reads_back_its_value(book: Book) -> None:
    ids = {
        "text": _define(book, "text", "学校", "school"),
        "number": _define(book, "number", "鞋码", "shoe size"),
        "date": _define(book, "date", "入群日", "joined on"),
        "choice": _define(book, "choice", "肤质", "skin type", options=["干性", "油性"]),
        "choices": _define(book, "choices", "直播间", "livestreams", options=["早场", "晚场"]),
        "yes_no": _define(book, "yes_no", "已加群", "in the group"),
    }
    wang = customer(book, "王芳")
    assert wang.id is not None
    typed = {
        ids["text"]: "实验小学",
        ids["number"]: "38.5",
        ids["date"]: "2026/3/8",
        ids["choice"]: "油性",
        ids["choices"]: "晚场，早场",
        ids["yes_no"]: "是",
    }

    book.save_customer(wang, typed)

    assert book.field_values(wang.id) == {
        ids["text"]: "实验小学",
        ids["number"]: Decimal("38.5"),
        ids["date"]: "2026-03-08",
        ids["choice"]: "油性",
        ids["choices"]: ["早场", "晚场"],
        ids["yes_no"]: True,
    }


@pytest.mark.parametrize(
    ("kind", "options", "typed", "named"),
    [
        ("number", [], "三十八", "must be a number (got “三十八”)"),
        ("number", [], "1e20", "the number is too large"),
        ("date", [], "2026-02-30", "2026-02-30"),
        ("date", [], "next week", "a date is written year-month-day"),
        ("choice", ["干性", "油性"], "湿性", "must be one of: “干性”, “油性” (got “湿性”)"),
        ("choices", ["早场", "晚场"], "早场, 午场", "must be one of: “早场”, “晚场” (got “午场”)"),
        ("yes_no", [], "也许", "must be yes or no (got “也许”)"),
        ("text", [], "a\x07b", "control character"),
        ("text", [], "长" * 501, "at most 500 characters"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field_and_the_rule(
    book: Book, kind: str, options: list[str], typed: str, named: str
) -> None:
    field_id = _define(book, kind, "字段", "the field", options=options)
    wang = customer(book, "王芳")

    with pytest.raises(FieldValuesError) as refused:
        book.save_customer(wang.model_copy(update={"city": "杭州"}), {field_id: typed})

    message = refused.value.problems[field_id]
    assert message.startswith("the field: ")
    assert named.lower() in message.lower()
    assert book.get_customer(wang.id or 0).city == ""  # nothing written


def test_a_required_field_left_blank_is_refused(book: Book) -> None:
    field_id = _define(book, "text", "学校", "school", required=True)

    with pytest.raises(FieldValuesError) as refused:
        book.save_customer(customer(book, "王芳"), {field_id: "  "})

    assert refused.value.problems[field_id] == "school: is required"


def test_search_finds_a_text_or_a_choice_value(book: Book, skin: int) -> None:
    school = _define(book, "text", "学校", "school")
    book.save_customer(customer(book, "王芳"), {skin: "油性", school: "Shiyan Primary"})
    book.save_customer(customer(book, "李娜"), {skin: "干性"})

    assert _names(book, ListQuery(search="油")) == ["王芳"]
    assert _names(book, ListQuery(search="shiyan")) == ["王芳"]
    assert _names(book, ListQuery(search="干性")) == ["李娜"]


def test_saving_the_profile_alone_keeps_the_values_and_their_search(book: Book, skin: int) -> None:
    wang = book.save_customer(customer(book, "王芳"), {skin: "油性"})

    book.save_customer(wang.model_copy(update={"city": "杭州"}))

    assert book.field_values(wang.id or 0) == {skin: "油性"}
    assert _names(book, ListQuery(search="油性")) == ["王芳"]


def test_filter_by_a_choice_and_by_a_number_range(book: Book, skin: int) -> None:
    size = _define(book, "number", "鞋码", "shoe size")
    book.save_customer(customer(book, "王芳"), {skin: "油性", size: "38"})
    book.save_customer(customer(book, "李娜"), {skin: "油性", size: "36"})
    book.save_customer(customer(book, "赵敏"), {skin: "干性", size: "40"})

    oily = ListQuery(fields=(FieldFilter(skin, "油性"),))
    big = ListQuery(fields=(FieldFilter(size, "37", ">="),))
    both = ListQuery(fields=(FieldFilter(skin, "油性"), FieldFilter(size, "37", ">=")))

    assert _names(book, oily) == ["李娜", "王芳"]
    assert _names(book, big) == ["王芳", "赵敏"]
    assert _names(book, both) == ["王芳"]
    assert book.list_count(both) == 1


def test_renaming_a_field_keeps_its_values(book: Book, skin: int) -> None:
    wang = book.save_customer(customer(book, "王芳"), {skin: "油性"})
    field = book.field_map()[skin]

    book.update_field(field.model_copy(update={"label_zh": "皮肤", "label_en": "skin"}))

    assert book.fields()[0].label_en == "skin"
    assert book.field_values(wang.id or 0) == {skin: "油性"}


def test_an_option_in_use_cannot_be_taken_away(book: Book, skin: int) -> None:
    book.save_customer(customer(book, "王芳"), {skin: "油性"})
    field = book.field_map()[skin]

    with pytest.raises(BookError) as refused:
        book.update_field(field.model_copy(update={"options": ["干性", "混合"]}))

    assert "油性" in refused.value.message("en")


def test_two_fields_cannot_share_a_label(book: Book, skin: int) -> None:
    with pytest.raises(BookError) as refused:
        _define(book, "text", "肤质", "complexion")

    assert "already has that name" in refused.value.message("en")


def test_removing_a_field_hides_it_and_undo_brings_its_values_back(book: Book, skin: int) -> None:
    wang = book.save_customer(customer(book, "王芳"), {skin: "油性"})

    book.remove_field(skin)

    assert book.fields() == []
    assert book.field_values(wang.id or 0) == {}
    assert _names(book, ListQuery(search="油性")) == []

    book.restore_field(skin)

    assert book.field_values(wang.id or 0) == {skin: "油性"}
    assert _names(book, ListQuery(search="油性")) == ["王芳"]


def test_a_field_removed_on_an_earlier_day_is_erased_when_the_book_opens(
    book: Book, skin: int
) -> None:
    book.save_customer(customer(book, "王芳"), {skin: "油性"})
    book.remove_field(skin)
    book.conn.execute("UPDATE custom_fields SET removed_at = '2020-01-01T00:00:00'")

    book._bring_up_to_date()

    assert count(book.conn, "custom_fields") == 0
    assert count(book.conn, "field_values") == 0


def test_forgetting_a_customer_erases_their_values(book: Book, skin: int) -> None:
    wang = book.save_customer(customer(book, "王芳"), {skin: "油性"})

    book.forget_customer(wang.id or 0)

    assert count(book.conn, "field_values") == 0
    assert count(book.conn, "field_keys") == 0


def test_a_merge_keeps_the_survivors_values_and_its_undo_the_absorbed_ones(
    book: Book, skin: int
) -> None:
    wang = book.save_customer(customer(book, "王芳"), {skin: "油性"})
    other = book.save_customer(customer(book, "王芳 2"), {skin: "干性"})

    merged = book.merge_customers(wang.id or 0, other.id or 0)
    assert book.field_values(wang.id or 0) == {skin: "油性"}
    assert count(book.conn, "field_values") == 1

    book.undo_merge(merged.token)

    assert book.field_values(other.id or 0) == {skin: "干性"}


@pytest.mark.parametrize("version", range(1, len(MIGRATION_NAMES)))  # old_book counts migrations
def test_a_book_from_before_custom_fields_gains_them_and_keeps_its_customers(
    tmp_path: Path, version: int
) -> None:
    path = old_book(tmp_path / f"v{version}.db", version)

    with Book.open(path, today=fixed_clock) as book:
        assert book.fields() == []
        skin = _define(book, "choice", "肤质", "skin type", options=["干性", "油性"])
        book.save_customer(book.get_customer(1), {skin: "油性"})

    with Book.open(path, today=fixed_clock) as again:
        assert [f.label_en for f in again.fields()] == ["skin type"]
        assert again.field_values(1) == {skin: "油性"}
        assert again.get_customer(1).name == "大客户王芳"


def test_saving_a_value_finds_the_old_one_by_customer_not_by_walking_the_field(
    book: Book, skin: int
) -> None:
    wang = customer(book, "王芳")
    statements: list[str] = []
    book.conn.set_trace_callback(statements.append)
    book.save_customer(wang, {skin: "油性"})
    book.conn.set_trace_callback(None)

    deletes = [sql for sql in statements if sql.startswith("DELETE FROM field_")]
    assert len(deletes) == 2
    for sql in deletes:
        plan = " ".join(row[3] for row in book.conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "(customer_id=? AND field_id=?)" in plan, plan


@pytest.mark.parametrize(
    ("data", "zh", "en"),
    [
        ({"label_zh": ""}, "中文名：不能为空", "Chinese label: must not be blank"),
        (
            {"label_zh": "长" * 41},
            "中文名：不能超过 40 个字",
            "Chinese label: must be at most 40 characters",
        ),
        ({"options": ["x"] * 51}, "选项：最多 50 项", "options: must have at most 50 items"),
        ({"options": ["甲", " "]}, "选项：不能为空", "options: must not be blank"),
    ],
)
def test_a_definition_breaking_a_length_rule_is_named_in_the_sellers_words(
    data: dict[str, object], zh: str, en: str
) -> None:
    """Every length rule of a definition in the catalogue's words, in either language: no
    library's "at least 1 item after validation", no "40 characters" said of a list."""
    from pydantic import ValidationError

    from xiaoben.models.errors import describe

    typed = {"kind": "choice", "label_zh": "肤质", "options": ["干性"], **data}
    with pytest.raises(ValidationError) as refused:
        FieldDef.model_validate(typed)
    assert [str(problem) for problem in describe(refused.value, "zh")] == [zh]
    assert [str(problem) for problem in describe(refused.value, "en")] == [en]


# Sizes and variants as sellers write them: an option may hold a slash (or a bar)
SIZES = ["S/M", "L/XL", "50ml/100ml", "男/女款", "均码"]


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("S/M", ["S/M"]),
        ("s / m", ["S/M"]),
        ("S/M, L/XL", ["S/M", "L/XL"]),
        ("L/XL、S/M", ["S/M", "L/XL"]),
        ("S/M/L/XL", ["S/M", "L/XL"]),  # options joined by the slash they hold
        ("L/XL | 均码", ["L/XL", "均码"]),
        ("50ml/100ml", ["50ml/100ml"]),
        ("男/女款；均码", ["男/女款", "均码"]),
        ("S／M／L／XL", ["S/M", "L/XL"]),  # full-width slashes, as a Chinese input method types
        ("S／M｜均码", ["S/M", "均码"]),
    ],
)
def test_a_several_choice_option_holding_a_slash_can_be_chosen(
    book: Book, typed: str, chosen: list[str]
) -> None:
    """The value was split at every "/" first: S/M was read as S and M, and refused."""
    field_id = _define(book, "choices", "尺码", "sizes", options=SIZES)
    wang = customer(book, "王芳")
    assert wang.id is not None

    book.save_customer(wang, {field_id: typed})

    assert book.field_values(wang.id) == {field_id: chosen}


@pytest.mark.parametrize(
    ("lang", "typed", "named"),
    [
        (
            "en",
            "S",
            "sizes: must be one of: “S/M”, “L/XL”, “50ml/100ml”, “男/女款”, “均码” (got “S”)",
        ),
        ("en", "S/M/XXL", "(got “XXL”)"),
        (
            "zh",
            "S/M, M",
            "尺码：须为以下之一：“S/M”、“L/XL”、“50ml/100ml”、“男/女款”、“均码”（收到 “M”）",
        ),
    ],
)
def test_a_size_that_is_no_option_is_named_among_the_options_quoted(
    book: Book, monkeypatch: pytest.MonkeyPatch, lang: str, typed: str, named: str
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    field_id = _define(book, "choices", "尺码", "sizes", options=SIZES)

    with pytest.raises(FieldValuesError) as refused:
        book.save_customer(customer(book, "王芳"), {field_id: typed})

    assert named in refused.value.problems[field_id]


@given(
    picked=st.lists(st.sampled_from(SIZES), min_size=1, unique=True),
    joiner=st.sampled_from([", ", "，", "、", ";", "\n", "/", " / ", "|"]),
)
def test_any_options_written_as_sellers_join_them_read_back_as_chosen(
    picked: list[str], joiner: str
) -> None:
    """As the export writes them (value_text), and as sellers type them in a cell."""
    sizes = FieldDef(kind=FieldKind.CHOICES, label_zh="尺码", options=SIZES)
    chosen = [option for option in SIZES if option in picked]

    assert parse_value(sizes, joiner.join(picked)) == chosen
    assert parse_value(sizes, value_text(sizes, chosen)) == chosen


@pytest.mark.parametrize("separator", [",", "，", ";", "；", "、"])
def test_an_option_holding_a_separator_of_choices_is_refused_naming_it(separator: str) -> None:
    with pytest.raises(ValidationError) as refused:
        FieldDef(kind=FieldKind.CHOICES, label_zh="尺码", options=[f"S{separator}M", "L"])

    assert (
        f"an option must not hold “{separator}”: it sets several choices apart"
        f" (got “S{separator}M”)"
    ) in str(refused.value)


def test_a_cell_of_thousands_of_joined_sizes_is_read_in_linear_time() -> None:
    """A reviewer's hostile cell: 6,000 characters of S/M/S/M… (a notes column mapped to a
    several-choice field) took a minute to read, every start of every option tried and
    lists copied; an xlsx cell's 32,767 characters would have taken hours. Read now as its
    options in about a millisecond a hundred words; one word no option covers is named."""
    import time

    from xiaoben.models.fields import FieldDef, FieldKind, parse_value

    sizes = FieldDef(kind=FieldKind.CHOICES, label_zh="尺码", options=SIZES)
    cell = "/".join(["S", "M", "50ml", "100ml"] * 4000)  # 16,000 words, ~48,000 characters

    started = time.perf_counter()
    chosen = parse_value(sizes, cell)
    took = time.perf_counter() - started

    assert chosen == ["S/M", "50ml/100ml"]  # each option once
    assert took < 5  # it was minutes at a tenth of the length
    with pytest.raises(ValueError, match="XXL"):
        parse_value(sizes, cell + "/XXL")
