"""Names found by pinyin and initials: every reading of a heteronym (单 dan/shan/chan, 曾
zeng/ceng, 解 jie/xie), each character read from pypinyin's character dictionary without
its phrase dictionary (which cost the app ~56 MB)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.book_helpers import customer, run_python
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.rows import _character_dictionary, name_pinyin, readings_of
from xiaoben.store.search import name_keys


def test_every_characters_readings_are_pypinyins_own() -> None:
    """Read from pypinyin's data file, each character's readings are the ones pypinyin
    gives (Style.NORMAL, every heteronym, in its order): a new pypinyin that moved its
    dictionary would fail here, not in a seller's search."""
    from pypinyin import Style, pinyin

    for code in _character_dictionary():
        char = chr(int(code))
        theirs = pinyin(char, Style.NORMAL, heteronym=True)[0]
        assert readings_of(char) == [tuple(dict.fromkeys(s.lower() for s in theirs))], char


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("单丽", ["danli", "shanli", "sl", "dl", "li", "单"]),
        ("曾小贤", ["zengxiaoxian", "cengxiaoxian", "zxx", "cxx", "xiaoxian", "xx"]),
        ("解晓东", ["xiexiaodong", "jiexiaodong", "xxd", "jxd", "dong"]),
        ("张晓燕", ["zhangxiaoyan", "zxy", "xiaoyan", "xy", "晓燕"]),
    ],
)
def test_a_name_is_found_by_each_reading(book: Book, name: str, typed: list[str]) -> None:
    someone = customer(book, name)
    customer(book, "王芳")

    for text in typed:
        assert book.list_window(ListQuery(search=text), 0, 10)[0].id == someone.id, text
        assert book.list_count(ListQuery(search=text)) == 1, text


def test_the_sorting_pinyin_takes_each_characters_common_reading() -> None:
    assert name_pinyin("张晓燕") == ("zhangxiaoyan", "zxy")
    assert name_pinyin("吕 Anna") == ("lvanna", "lanna")
    assert name_pinyin("单丽") == ("danli", "dl")


def test_a_long_name_of_heteronyms_keeps_a_bounded_number_of_keys() -> None:
    name = "单曾解重长乐行朝"  # 1,296 readings in all: the first 64 are kept
    keys = name_keys(name)
    assert name_pinyin(name)[0] in keys  # the most common reading of each is among them
    assert len(keys) < 64 * 2 * len(name) + len(name)


def test_saving_a_customer_never_imports_pypinyin(tmp_path) -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from xiaoben.models.customer import Customer\n"
        "from xiaoben.store.book import Book\n"
        f"book = Book.open(r'{tmp_path / 'book.db'}', today=lambda: date(2026, 11, 23))\n"
        "book.save_customer(Customer(name='单丽'))\n"
        "print('pypinyin' in sys.modules)\n"
    )
    assert run_python(code).strip() == "False"


def _keys_by_definition(name: str) -> set[str]:
    """name_keys as the module says it: suffixes of the characters, and of the pinyin and
    the initials of each of the first MAX_READINGS readings."""
    import unicodedata
    from itertools import islice, product

    from xiaoben.store.search import MAX_READINGS

    compact = "".join(unicodedata.normalize("NFKC", name).lower().split())
    keys = {compact[k:] for k in range(len(compact))}
    per_char = [readings for readings in readings_of(compact) if readings[0].strip()]
    for syllables in islice(product(*per_char), MAX_READINGS):
        for k in range(len(syllables)):
            keys.add("".join(syllables[k:]))
            keys.add("".join(syllable[0] for syllable in syllables[k:]))
    return keys - {""}


_HANZI = "张王李单曾解重长乐行朝晓燕芳娜丽欧阳吕"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_HANZI, "a", "Z", " ", "\u3000", "Ａ", "·", "1"])))
def test_a_names_keys_are_every_suffix_of_each_reading(name: str) -> None:
    assert name_keys(name) == _keys_by_definition(name)
