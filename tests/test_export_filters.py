"""`xiaoben export --only`: the list's filter in words selects whom the app's filter and a
saved view with the same choices select — several tags or regions, a key given twice, a
custom field by its label — and a word it does not know, or a filter that selects nobody,
is refused with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import customer
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.views import SavedView
from xiaoben.store.book import Book

Run = Callable[..., Result]
# code, name, city, tags: the seller's customers as a small real import would give them
PEOPLE = (
    ("C1", "王芳", "杭州", ["团长"]),
    ("C2", "李娜", "上海", ["自用"]),
    ("C3", "张伟", "福州", ["团长", "VIP"]),
    ("C4", "赵敏", "杭州", []),
)
TAGS = ("团长", "自用", "VIP")
REGIONS = ("杭州", "上海", "福州")


def _people(book: Book) -> dict[str, int]:
    """The customers of PEOPLE and a choice field 肤质 (skin type): code -> id."""
    skin = book.add_field(
        FieldDef(
            kind=FieldKind.CHOICE, label_zh="肤质", label_en="skin type", options=["干性", "油性"]
        )
    )
    assert skin.id is not None
    ids = {}
    for (code, name, city, tags), dry in zip(PEOPLE, (True, False, True, False), strict=True):
        saved = customer(book, name, code=code, city=city, tags=tags)
        assert saved.id is not None
        book.save_customer(saved, {skin.id: "干性" if dry else "油性"})
        ids[code] = saved.id
    return ids


def _exported_codes(run: Run, path: Path, only: str) -> list[str]:
    result = run("export", path, "--only", only, "--force")
    assert result.exit_code == 0, result.output
    rows = path.read_text(encoding="utf-8-sig").splitlines()[1:]
    return sorted(row.split(",")[0] for row in rows)


def test_several_tags_or_regions_export_whom_any_of_them_fits(
    run: Run, book: Book, tmp_path: Path
) -> None:
    _people(book)
    book.close()
    out = tmp_path / "out.csv"

    assert _exported_codes(run, out, "tag:团长,自用") == ["C1", "C2", "C3"]
    assert _exported_codes(run, out, "标签:团长、自用") == ["C1", "C2", "C3"]
    assert _exported_codes(run, out, "region:杭州,上海") == ["C1", "C2", "C4"]
    assert _exported_codes(run, out, "city:杭州，上海") == ["C1", "C2", "C4"]
    assert _exported_codes(run, out, "region:杭州 region:上海") == ["C1", "C2", "C4"]
    assert _exported_codes(run, out, "tag:vip 地区:福州,上海") == ["C3"]


def test_a_custom_field_filters_by_its_label(run: Run, book: Book, tmp_path: Path) -> None:
    _people(book)
    book.close()
    out = tmp_path / "out.csv"

    assert _exported_codes(run, out, "肤质:干性") == ["C1", "C3"]
    assert _exported_codes(run, out, '"skin type":油性 region:杭州') == ["C4"]


def test_a_filter_typed_with_a_space_by_its_colon_is_read(
    run: Run, book: Book, tmp_path: Path
) -> None:
    """`tag: 团长` (a space after the colon, as sellers type it) was refused naming no rule;
    `tag :团长` searched for the word "tag" and exported nobody."""
    _people(book)
    book.close()
    out = tmp_path / "out.csv"

    assert _exported_codes(run, out, "tag: 团长") == ["C1", "C3"]
    assert _exported_codes(run, out, "tag :团长 肤质 ： 干性") == ["C1", "C3"]


def test_a_region_typed_with_its_市_or_省_is_the_one_in_use(
    run: Run, book: Book, tmp_path: Path
) -> None:
    """地区:杭州市 was refused while 杭州 was in use (a reviewer's catch)."""
    _people(book)
    book.close()
    out = tmp_path / "out.csv"

    assert _exported_codes(run, out, "地区:杭州市") == ["C1", "C4"]
    assert _exported_codes(run, out, "region:上海市,福州") == ["C2", "C3"]


def test_the_sellers_own_field_named_as_a_built_in_key_is_her_field(
    run: Run, book: Book, tmp_path: Path
) -> None:
    """A field of hers labelled 等级 (金卡, 银卡) was shadowed by the value tier's key 等级:
    `等级:金卡` was refused (等级 须为 A / B / C / D). Her field is read first."""
    ids = _people(book)
    level = book.add_field(
        FieldDef(kind=FieldKind.CHOICE, label_zh="等级", label_en="level", options=["金卡", "银卡"])
    )
    assert level.id is not None
    book.save_customer(book.get_customer(ids["C2"]), {level.id: "金卡"})
    book.close()

    assert _exported_codes(run, tmp_path / "out.csv", "等级:金卡") == ["C2"]


def _refused(run: Run, tmp_path: Path, only: str) -> str:
    target = tmp_path / "refused.csv"
    result = run("export", target, "--only", only)
    assert result.exit_code == 1, result.output
    assert list(tmp_path.glob("refused.csv*")) == []
    return result.output


def test_a_word_the_filter_does_not_know_is_refused_naming_what_it_knows(
    run: Run, book: Book, tmp_path: Path
) -> None:
    _people(book)
    book.close()

    assert "“团长x”" in (said := _refused(run, tmp_path, "tag:团长x"))
    assert "in use: 团长 / VIP / 自用" in said  # most common first
    said = _refused(run, tmp_path, "region:杭洲,上海")
    assert "“杭洲”" in said and "杭州" in said and "福州" in said
    said = _refused(run, tmp_path, "肤质:中性")
    assert "干性 / 油性" in said
    said = _refused(run, tmp_path, "肤色:白")
    assert "“肤色” is not known" in said and '"skin type"' in said
    assert "tag/标签" in said and "region/地区" in said  # each key in both languages
    said = _refused(run, tmp_path, "肤质:干性,油性")
    assert "one value" in said
    said = _refused(run, tmp_path, "clv:10 clv:20")
    assert "one value" in said


def test_a_filter_that_selects_nobody_writes_nothing_and_says_so(
    run: Run, book: Book, tmp_path: Path
) -> None:
    _people(book)
    book.close()

    said = _refused(run, tmp_path, "tag:自用 region:杭州")
    assert "tag:自用 region:杭州" in said and "no customer" in said
    zh = run("--lang", "zh", "export", tmp_path / "refused.csv", "--only", "tag:自用 地区:杭州")
    assert zh.exit_code == 1 and "没有" in zh.output


def test_not_contacted_for_days_as_the_list_offers(run: Run, book: Book, tmp_path: Path) -> None:
    _people(book)
    book.close()

    assert _exported_codes(run, tmp_path / "out.csv", "未联系:30 tag:团长") == ["C1", "C3"]


_SEPARATORS = st.sampled_from([",", "，", "、"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tags=st.lists(st.sampled_from(TAGS), min_size=1, max_size=3, unique=True),
    regions=st.lists(st.sampled_from(REGIONS), max_size=3, unique=True),
    separator=_SEPARATORS,
    repeat_key=st.booleans(),
)
def test_the_words_select_whom_a_saved_view_of_the_same_ticks_selects(
    book: Book, tags: list[str], regions: list[str], separator: str, repeat_key: bool
) -> None:
    if not book.conn.execute("SELECT 1 FROM customers").fetchone():
        _people(book)
    # tag:团长 tag:自用 is 标签:团长,自用
    words = [f"tag:{tag}" for tag in tags] if repeat_key else ["标签:" + separator.join(tags)]
    if regions:
        words.append("地区:" + separator.join(regions))
    ticked = {"tag": ",".join(tags)} | ({"region": ",".join(regions)} if regions else {})

    view = SavedView(name="ticks", filters=ticked)
    assert book.view_ids(book.only_view(" ".join(words))) == book.view_ids(view)
