"""Search finds a customer by the WeChat nickname their notes keep (微信（非微信号）：🌸芳芳🌸,
as an import writes a 微信 cell that is no ID) and by a name without its accents (zoe: Zoë)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book_helpers import customer, fixed_clock
from tests.test_migrations import old_book
from xiaoben.store import customer_list
from xiaoben.store.book import Book
from xiaoben.store.customer_list import ListQuery
from xiaoben.store.driver import sqlite3
from xiaoben.store.importing.readers import read_any
from xiaoben.store.imports import import_table
from xiaoben.store.schema import MIGRATION_NAMES


def found(book: Book, text: str) -> list[str]:
    return sorted(row.name for row in book.list_window(ListQuery(search=text), 0, 50))


def test_a_wechat_nickname_in_the_notes_finds_the_customer(book: Book) -> None:
    customer(book, "王芳", notes="喜欢玫瑰\n微信（非微信号）：🌸芳芳🌸")
    customer(book, "李娜", notes="芳芳的朋友")  # the word in a note of another kind: no key

    for text in ("芳芳", "🌸", "芳芳🌸", "fangfang", "ff", "王芳"):
        assert found(book, text) == ["王芳"], text


def test_a_contact_card_s_nickname_in_the_notes_finds_the_customer(
    book: Book, tmp_path: Path
) -> None:
    """A vCard's NICKNAME is kept in the notes (昵称：小周): searched as a name, both languages'
    lines, as the import writes them."""
    card = tmp_path / "zhou.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:周毅\nN:周;毅;;;\nTEL;TYPE=CELL:13800138000\n"
        "NICKNAME:小周\nEND:VCARD\n",
        encoding="utf-8",
    )
    table = read_any(card, kind="customers")
    import_table(book, "customers", table, lambda *_: None)
    customer(book, "李娜", notes="nickname：Lulu")

    assert found(book, "小周") == ["周毅"]
    assert found(book, "xiaozhou") == ["周毅"]
    assert found(book, "lulu") == ["李娜"]


def test_the_english_line_is_read_too(book: Book) -> None:
    customer(book, "王芳", notes="WeChat (not an ID): Flower Fang")

    assert found(book, "flowerf") == ["王芳"]
    assert found(book, "fang") == ["王芳"]


def test_deleting_the_nickname_line_drops_its_keys(book: Book) -> None:
    someone = customer(book, "王芳", notes="微信（非微信号）：🌸芳芳🌸\n喜欢玫瑰")
    assert found(book, "芳芳") == ["王芳"]

    book.save_customer(someone.model_copy(update={"notes": "喜欢玫瑰"}))

    assert found(book, "芳芳") == []
    assert found(book, "王芳") == ["王芳"]


def test_a_name_is_found_without_its_accents_and_with_them(book: Book) -> None:
    customer(book, "Zoë 赵")
    customer(book, "Zoe Li")
    customer(book, "José 王")

    assert found(book, "zoe") == ["Zoe Li", "Zoë 赵"]
    assert found(book, "zoë") == ["Zoe Li", "Zoë 赵"]
    assert found(book, "ZOË赵") == ["Zoë 赵"]
    assert found(book, "jose") == ["José 王"]
    assert found(book, "JOSÉ") == ["José 王"]
    assert book.list_count(ListQuery(search="zoe")) == 2


def test_a_tag_with_an_accent_is_found_without_it(book: Book) -> None:
    customer(book, "王芳", tags=["Café"])

    assert found(book, "cafe") == ["王芳"]


def test_migrating_an_old_book_gives_nicknames_and_accents_their_keys(tmp_path: Path) -> None:
    """A book from before m026 holds keys without accents folded and no nickname keys: after
    it, both are found, custom field text too; plain customers keep their keys."""
    path = old_book(
        tmp_path / "old.db", MIGRATION_NAMES.index("m026_search_folds_accents_and_nicknames")
    )
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE customers SET name = 'Zoë 赵' WHERE id = 2")
        conn.execute("INSERT OR IGNORE INTO search_keys VALUES ('zoë赵', 2)")
        conn.execute("INSERT OR IGNORE INTO search_keys VALUES ('13812345678', 1)")
        conn.execute("UPDATE customers SET notes = '微信（非微信号）：🌸芳芳🌸' WHERE id = 3")
        conn.execute(
            "INSERT INTO custom_fields (id, kind, label_zh, label_en)"
            " VALUES (1, 'text', '别名', 'alias')"
        )
        conn.execute(
            "INSERT INTO field_values (field_id, value, customer_id) VALUES (1, 'Renée', 4)"
        )
        conn.execute("INSERT INTO field_keys (key, customer_id, field_id) VALUES ('renée', 4, 1)")
    conn.close()

    with Book.open(path, today=fixed_clock) as book:
        names = {row.id: row.name for row in book.list_window(ListQuery(), 0, 50)}
        assert found(book, "zoe") == ["Zoë 赵"]
        assert found(book, "zoë") == ["Zoë 赵"]
        assert found(book, "芳芳") == [names[3]]
        assert found(book, "renee") == [names[4]]
        assert found(book, "renée") == [names[4]]
        assert found(book, "13812345678") == [names[1]]  # untouched keys still there
        stale = book.conn.execute("SELECT count(*) FROM search_keys WHERE key = 'zoë赵'")
        assert stale.fetchone()[0] == 0


def test_a_query_begun_in_pinyin_and_ended_in_hanzi_finds_the_name(book: Book) -> None:
    customer(book, "钱多多")
    customer(book, "钱少")
    customer(book, "王芳", tags=["vip会员"])

    assert found(book, "qian多") == ["钱多多"]
    assert found(book, "qianduo多") == ["钱多多"]
    assert found(book, "q多") == []  # initials then a hanzi: not a spelling of the name
    assert found(book, "vip会") == ["王芳"]  # the query as typed still finds a tag
    assert book.list_count(ListQuery(search="qian多")) == 1


def test_a_walk_along_the_sort_index_tests_both_forms_of_the_query(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big book's first rows walk the sort index and test the search row by row."""
    customer(book, "钱多多")
    customer(book, "钱少")
    monkeypatch.setattr(customer_list, "_worth_walking", lambda *_: True)

    rows = customer_list.first_rows(book.conn, ListQuery(search="qian多"), 10)

    assert [row.name for row in rows] == ["钱多多"]


def test_a_soft_hyphen_in_a_name_is_kept_and_never_in_the_way(book: Book) -> None:
    """周\u00ad九 pasted from a web page: the name keeps what the seller gave, and 周九 (what she
    sees, and types) finds her, as do its pinyin and the soft hyphen typed too."""
    customer(book, "周\u00ad九")
    customer(book, "周八")

    for text in ("周九", "九", "zhoujiu", "zj", "周\u00ad九"):
        assert found(book, text) == ["周\u00ad九"], text
    assert found(book, "周") == ["周\u00ad九", "周八"]


def test_a_zero_width_joiner_in_a_name_is_kept_and_never_in_the_way(book: Book) -> None:
    customer(book, "吴\u200c十")
    customer(book, "郑\u200d一")

    assert found(book, "吴十") == ["吴\u200c十"]
    assert found(book, "wushi") == ["吴\u200c十"]
    assert found(book, "郑一") == ["郑\u200d一"]
