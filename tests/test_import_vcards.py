"""Phone contacts as customers: Android's vCard 2.1, the iPhone's 3.0, and 4.0."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of
from xiaoben.models.i18n import Words
from xiaoben.store.book import Book
from xiaoben.store.importing.columns import match_columns
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.readers import read_any, sniff
from xiaoben.store.importing.vcards import FIELDS, HEADER
from xiaoben.store.imports import ImportRejected, import_table

# As Android's Contacts app exports them: quoted-printable UTF-8 with soft line breaks (=CRLF)
# that may split a character's bytes, bare TYPE words, no FN escaping.
ANDROID = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B;=E8=8A=B3;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=E8=8A=B3\r\n"
    "TEL;CELL:138-0013-8000\r\n"
    "TEL;HOME:010-12345678\r\n"
    "EMAIL;HOME:wang@example.com\r\n"
    "ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;=E6=9D=AD=E5=B7=9E=E5=B8=82=E8=A5=BF=\r\n"
    "=E6=B9=96=E5=8C=BA=E6=96=87=E4=B8=89=E8=B7=AF=31=E5=8F=B7;;;;\r\n"
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E8=80=81=E5=AE=A2=E6=88=B7=EF=BC=8C=E5=96=9C=E6=\r\n"
    "=AC=A2=E5=96=9D=E8=8C=B6=EF=BC=8C=E6=AF=8F=E5=B9=B4=E4=B8=AD=E7=A7=8B=E9=80=81=E6=9C=88=E9=\r\n"
    "=A5=BC\r\n"
    "BDAY:1990-03-05\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=BC=9F;;;\r\n"
    "TEL;CELL;PREF:+86 139 0013 9000\r\n"
    "TEL;WORK:13700137000\r\n"
    "END:VCARD\r\n"
)

# As an iPhone shares them: grouped items with labels, an Apple built-in label, BDAY, NOTE, ORG.
IPHONE = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
    "N:李;娜;;;\r\n"
    "FN:李娜\r\n"
    "ORG:杭州某某贸易有限公司;销售部\r\n"
    "item1.TEL;type=pref:+86 139 0013 9001\r\n"
    "item1.X-ABLabel:老客户\r\n"
    "item2.TEL:138 1234 5678\r\n"
    "item2.X-ABLabel:_$!<Mobile>!$_\r\n"
    "EMAIL;type=INTERNET;type=HOME;type=pref:lina@example.com\r\n"
    "EMAIL;type=INTERNET;type=WORK:li.na@example.com\r\n"
    "item3.ADR;type=HOME;type=pref:;;文三路1号;杭州;浙江;310000;中国\r\n"
    "item3.X-ABADR:cn\r\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-08-15\r\n"
    "NOTE:喜欢茶\\n中秋送礼\r\n"
    "CATEGORIES:朋友,VIP\r\n"
    "END:VCARD\r\n"
)

VCARD4 = (
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:Fang Zhou\r\n"
    "N:Zhou;Fang;;;\r\n"
    "TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+86-137-0000-0000\r\n"
    "BDAY:--0315\r\n"
    "END:VCARD\r\n"
)


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


def contacts(tmp_path: Path, text: str, name: str = "contacts.vcf") -> list[dict[str, str]]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    table = read_any(path, kind="customers")
    return [dict(zip(FIELDS, cells, strict=True)) for _, cells in table.rows]


def test_the_header_is_read_as_the_fields_it_heads() -> None:
    assert match_columns(HEADER, "customers").fields == {f: at for at, f in enumerate(FIELDS)}


def test_android_quoted_printable_names_notes_and_addresses_decode(tmp_path: Path) -> None:
    wang, zhang = contacts(tmp_path, ANDROID)
    assert wang["name"] == "王芳"
    assert wang["notes"] == "老客户，喜欢喝茶，每年中秋送月饼"  # across soft line breaks
    assert wang["address"] == "杭州市西湖区文三路1号"
    assert wang["phones"] == "138-0013-8000;010-12345678"
    assert (wang["email"], wang["birthday"]) == ("wang@example.com", "1990-03-05")
    assert zhang["name"] == "张伟"  # from N, family name first, no space


def test_the_preferred_phone_comes_first(tmp_path: Path) -> None:
    _, zhang = contacts(tmp_path, ANDROID)
    assert zhang["phones"] == "+86 139 0013 9000;13700137000"


def test_iphone_categories_become_tags_and_a_labelled_number_a_note(tmp_path: Path) -> None:
    (li,) = contacts(tmp_path, IPHONE)
    assert li["tags"] == "朋友, VIP"  # a label describes its number: no tag
    assert li["employer"] == "杭州某某贸易有限公司 销售部"
    assert li["address"] == "浙江杭州文三路1号（邮编 310000）"
    assert li["notes"] == "喜欢茶\n中秋送礼\n邮箱：li.na@example.com\n老客户：+86 139 0013 9001"
    assert li["birthday"] == "08-15"  # Apple's 1604 means "no year"
    assert li["phones"] == "138 1234 5678"  # Apple's own label (Mobile) is no label of ours


def test_a_vcard_4_birthday_without_a_year_and_a_tel_uri(tmp_path: Path) -> None:
    (zhou,) = contacts(tmp_path, VCARD4)
    assert (zhou["name"], zhou["birthday"]) == ("Fang Zhou", "03-15")
    assert zhou["phones"] == "+86-137-0000-0000"


def test_contacts_import_as_customers(tmp_path: Path) -> None:
    path = tmp_path / "all.vcf"
    path.write_text(ANDROID + IPHONE + VCARD4, encoding="utf-8")
    table = read_any(path, kind="customers")
    customers, errors = parse_customers(table)
    assert errors == []
    wang, zhang, li, zhou = (row.customer for row in customers)
    assert wang.phones == ["+8613800138000", "+861012345678"]
    assert wang.birthday is not None and (wang.birthday.year, wang.birthday.day) == (1990, 5)
    assert zhang.phones == ["+8613900139000", "+8613700137000"]
    assert li.tags == ["朋友", "VIP"] and li.phones == ["+8613812345678"]
    assert li.email == "lina@example.com"
    assert li.birthday is not None and li.birthday.year is None
    assert zhou.birthday is not None and (zhou.birthday.month, zhou.birthday.day) == (3, 15)
    assert [line for line, _ in table.rows] == [1, 15, 21, 39]  # each card's BEGIN line


def test_contacts_are_known_by_their_content(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(b"\xef\xbb\xbf\r\n" + IPHONE.encode("utf-8"))
    assert sniff(path) == "vcard"
    assert read_any(path).format == "vcard"


def test_a_broken_card_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nTEL 138\r\nEND:VCARD\r\n")

    (error,) = read_any(path).refused

    assert (error.line, error.column) == (4, "contact “王芳”")
    assert error.message == "this line is not a contact detail written as NAME:value"


def test_a_card_that_never_ends_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\n")

    (error,) = read_any(path).refused

    assert (error.line, error.message) == (
        1,
        "the contact has no END:VCARD line (is the file cut short?)",
    )


def test_a_card_in_the_middle_without_its_end_is_named_by_its_number(tmp_path: Path) -> None:
    """The next card's BEGIN:VCARD follows a card that never ends: not a file cut short,
    said so, the card counted among the file's; the cards around it are read."""
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nTEL:{phone}\r\n"
    path = tmp_path / "many.vcf"
    path.write_text(
        card.format(name="王芳", phone="13800138000")
        + "END:VCARD\r\n"
        + card.format(name="李娜", phone="13800138001")  # (no END: card 2, lines 6 to 9)
        + card.format(name="赵敏", phone="13800138002")
        + "END:VCARD\r\n"
    )

    table = read_any(path)

    assert [(error.line, error.message) for error in table.refused] == [
        (6, "card 2 has no END:VCARD before the next BEGIN:VCARD (line 10)")
    ]
    assert table.refused[0].message_in("zh") == (
        "第 2 张联系人在下一张的 BEGIN:VCARD（第 10 行）之前没有结束行 END:VCARD"
    )
    assert [cells[0] for _, cells in table.rows] == ["王芳", "赵敏"]


def test_gbk_contacts_decode(tmp_path: Path) -> None:
    path = tmp_path / "old-phone.vcf"
    card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:王;芳\r\nFN:王芳小姐\r\nTEL;CELL:13800138000\r\n"
    card += "END:VCARD\r\n"
    path.write_bytes(card.encode("gbk"))
    table = read_any(path)
    assert (table.encoding, table.rows[0][1][0]) == ("gb18030", "王芳小姐")


def test_the_cli_names_a_refused_contact_not_a_column(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    service = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:中国移动\r\nTEL:10086\r\nEND:VCARD\r\n"
    nameless = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nTEL:13800138000\r\nNOTE:x\r\nEND:VCARD\r\n"
    path = tmp_path / "phone.vcf"
    path.write_text(VCARD4 + service + nameless, encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code == 1
    assert "contact “中国移动”: phone:" in result.stderr
    assert "1 of 3 rows has problems" in result.stderr  # the nameless one is named 13800138000
    assert "phones" not in result.stderr  # the importer's own column name, not the seller's


# An iPhone set to Chinese: WeChat under a service typed by hand (微信), QQ, nickname, title.
HANDLES = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:周;一;;;\r\n"
    "FN:周一\r\n"
    "TEL;type=CELL:13800138010\r\n"
    "IMPP;X-SERVICE-TYPE=微信:x-apple:zhou_yi01\r\n"
    "item1.IMPP;X-SERVICE-TYPE=QQ:x-apple:12345678\r\n"
    "URL:https://weidian.com/zhou\r\n"
    "NICKNAME:小周\r\n"
    "TITLE:店长\r\n"
    "NOTE:备注一行\r\n"
    "END:VCARD\r\n"
)


def one_card(*lines: str) -> str:
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:钱多多\r\n"
        + "".join(f"{line}\r\n" for line in lines)
        + ("END:VCARD\r\n")
    )


@pytest.mark.parametrize(
    "line",
    [
        "IMPP;X-SERVICE-TYPE=微信:x-apple:qian_dd",
        "IMPP;X-SERVICE-TYPE=WEIXIN:x-apple:qian_dd",
        "IMPP;X-SERVICE-TYPE=WeChat;type=pref:x-apple:qian_dd",
        "IMPP:weixin:qian_dd",
        "X-SOCIALPROFILE;type=wechat;x-user=qian_dd:x-apple:qian_dd",
        "X-SOCIALPROFILE;type=Weixin:x-apple:qian_dd",
        "item1.IMPP:x-apple:qian_dd",  # under the item's own label, below
        "X-WECHAT:qian_dd",
        "X-WEIXIN:qian_dd",
    ],
)
def test_wechat_by_any_of_its_names_is_the_wechat_id(tmp_path: Path, line: str) -> None:
    (qian,) = contacts(tmp_path, one_card(line, "item1.X-ABLabel:微信"))

    assert (qian["wechat"], qian["notes"]) == ("qian_dd", "")


def test_nickname_title_web_address_and_other_handles_are_kept_in_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = one_card(
        "NICKNAME:多多",
        "TITLE:店长",
        "URL:https://weidian.com/qian",
        "IMPP;X-SERVICE-TYPE=QQ:x-apple:12345678",
        "IMPP:skype:qian.dd",
        "IMPP:x-apple:qian@icloud.com",
        "X-SOCIALPROFILE;type=weibo:https://weibo.com/u/100",
    )

    (english,) = contacts(tmp_path, card)
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    (chinese,) = contacts(tmp_path, card)

    assert english["notes"].split("\n") == [
        "昵称：多多",
        "职位：店长",
        "网址：https://weidian.com/qian",
        "QQ：12345678",
        "skype：qian.dd",
        "聊天账号：qian@icloud.com",
        "weibo：https://weibo.com/u/100",
    ]
    assert chinese["notes"].split("\n")[:3] == [
        "昵称：多多",
        "职位：店长",
        "网址：https://weidian.com/qian",
    ]
    assert "聊天账号：qian@icloud.com" in chinese["notes"]


def test_an_iphones_escaped_colons_are_colons(tmp_path: Path) -> None:
    # iPhone and macOS write a URL's colons as \: (vCard 3.0 text escaping); vobject undoes
    # the other escapes (\, \; \\ \n) and left this one, backslash and all
    card = one_card(
        "item3.URL;type=pref:http\\://shop.example.com/wangwu",
        "item3.X-ABLabel:_$!<HomePage>!$_",
        "X-SOCIALPROFILE;type=weibo:https\\://weibo.com/u/100",
        "NOTE:营业时间 9\\:00-18\\:00\\, 周日休息\\nC\\\\:盘",
        "ADR;type=HOME:;;文三路1号\\:2楼;杭州;浙江;;中国",
    )

    (qian,) = contacts(tmp_path, card)

    assert qian["notes"].split("\n") == [
        "营业时间 9:00-18:00, 周日休息",
        "C\\:盘",  # an escaped backslash, then a colon: the backslash is the seller's
        "网址：http://shop.example.com/wangwu",
        "weibo：https://weibo.com/u/100",
    ]
    assert qian["address"] == "浙江杭州文三路1号:2楼"


def test_an_escaped_colon_cut_by_a_fold_is_a_colon(tmp_path: Path) -> None:
    (qian,) = contacts(tmp_path, one_card("URL:http\\\r\n ://shop.example.com"))
    assert qian["notes"] == "网址：http://shop.example.com"


# As Samsung's and Xiaomi's Contacts write what vCard 2.1 has no property for: a nickname,
# dates and relations as Android's own rows (mimetype; data1; data2 its type; data3 a label).
ANDROID_OWN = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=91=A8=E4=B8=80\r\n"
    "TEL;CELL:13800138010\r\n"
    "X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/nickname;"
    "=E5=B0=8F=E5=91=A8;1;;;;;;;;;;;;;\r\n"
    "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;1988-04-12;3;;;;;;;;;;;;;\r\n"
    "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;2015-10-01;1;;;;;;;;;;;;;\r\n"
    "X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/relation;"
    "=E5=BC=A0=E4=BC=9F;14;;;;;;;;;;;;;\r\n"
    "X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/relation;"
    "=E7=8E=8B=E5=A7=90;0;=E4=BB=8B=E7=BB=8D=E4=BA=BA;;;;;;;;;;;;\r\n"
    "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;--06-01;0;Shop opening;;;;;;;;;;;;\r\n"
    "END:VCARD\r\n"
)


def test_androids_own_nickname_dates_and_relations_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (english,) = contacts(tmp_path, ANDROID_OWN)
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    (chinese,) = contacts(tmp_path, ANDROID_OWN)
    table = read_any(tmp_path / "contacts.vcf", kind="customers")

    assert (english["name"], english["birthday"]) == ("周一", "1988-04-12")  # no BDAY: Android's
    assert english["notes"].split("\n") == [
        "纪念日：2015-10-01",
        "配偶：张伟",
        "介绍人：王姐",  # the seller's own label of the relation
        "Shop opening：06-01",
        "昵称：小周",
    ]
    assert chinese["notes"].split("\n")[:2] == ["纪念日：2015-10-01", "配偶：张伟"]
    assert chinese["notes"].split("\n")[-1] == "昵称：小周"
    assert table.left_out == ()  # every X-ANDROID-CUSTOM line was read


def test_a_card_birthday_stays_and_androids_other_birthday_is_kept_in_the_notes(
    tmp_path: Path,
) -> None:
    card = ANDROID_OWN.replace("TEL;CELL", "BDAY:1988-04-21\r\nTEL;CELL")

    (zhou,) = contacts(tmp_path, card)

    assert zhou["birthday"] == "1988-04-21"
    assert "另一个生日：1988-04-12" in zhou["notes"].split("\n")


def test_an_other_email_keeps_its_own_label(tmp_path: Path) -> None:
    card = one_card(
        "EMAIL:qian@example.com",
        "item1.EMAIL:orders@shop.example",
        "item1.X-ABLabel:店铺",
        "EMAIL;type=WORK:qian@work.example",
    )

    (qian,) = contacts(tmp_path, card)

    assert qian["email"] == "qian@example.com"
    assert qian["notes"].split("\n") == ["店铺：orders@shop.example", "邮箱：qian@work.example"]


def test_every_address_of_a_card_is_kept(tmp_path: Path) -> None:
    card = one_card(
        "item1.ADR;type=HOME:;;文三路1号;杭州;浙江;310000;中国",
        "item2.ADR:;;仓库路8号;宁波;浙江;;",
        "item2.X-ABLabel:仓库",
        "ADR;type=WORK:;;1 Main St;Springfield;IL;62701;USA",
        "ADR;type=HOME:;;文三路1号;杭州;浙江;310000;中国",  # the first again: once
    )

    (qian,) = contacts(tmp_path, card)

    assert qian["address"] == "浙江杭州文三路1号（邮编 310000）"
    assert qian["notes"].split("\n") == [
        "仓库：浙江宁波仓库路8号",
        "单位地址：1 Main St, Springfield, IL, 62701, USA",  # (TYPE=WORK)
    ]


def test_a_cards_only_address_of_type_work_is_hers_and_the_import_says_it_is_a_work_one(
    tmp_path: Path,
) -> None:
    card = one_card("ADR;type=WORK:;;文三路1号;杭州;浙江;;中国")

    (qian,) = contacts(tmp_path, card)

    # the customer record has no work address: it is her address, the import's note says
    # it is a work one; her notes do not repeat it (a re-import would change her record)
    assert qian["address"] == "浙江杭州文三路1号"
    assert qian["notes"] == ""


def test_a_cards_first_address_of_type_work_is_hers_and_said(tmp_path: Path) -> None:
    card = one_card(
        "ADR;WORK:;;文三路9号;杭州;浙江;;",  # 2.1's bare type, first on the card
        "ADR;HOME:;;西湖路2号;杭州;浙江;;",
    )

    (qian,) = contacts(tmp_path, card)

    # her address as before (a re-import changes no address), said to be a work one
    assert qian["address"] == "浙江杭州文三路9号"
    assert qian["notes"].split("\n") == ["其他地址：浙江杭州西湖路2号"]


@pytest.mark.parametrize(
    ("lang", "address"),
    [
        ("zh", "广东省深圳市南山区科技园路1号（邮编 518057）"),
        # (the address is written as a Chinese address is, whatever the app's language: the
        # same card reads back the same address in either)
        ("en", "广东省深圳市南山区科技园路1号（邮编 518057）"),
    ],
)
def test_a_chinese_address_keeps_its_postcode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, address: str
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    card = one_card("ADR;type=HOME:;;科技园路1号;深圳市南山区;广东省;518057;中国")

    (qian,) = contacts(tmp_path, card)

    assert qian["address"] == address


def test_a_postcode_already_in_the_street_is_not_written_twice(tmp_path: Path) -> None:
    card = one_card("ADR:;;科技园路1号 邮编518057;深圳;广东;518057;中国")

    (qian,) = contacts(tmp_path, card)

    assert qian["address"] == "广东深圳科技园路1号 邮编518057"


def test_a_postcode_reads_back_equal_from_our_export(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "phone.vcf"
    card = one_card("TEL;CELL:13800138000", "ADR;HOME:;;科技园路1号;深圳市南山区;广东省;518057;")
    path.write_text(card, encoding="utf-8")
    before = _people(run, tmp_path, "before.db", path, "name, address")
    exported = tmp_path / "out.vcf"
    assert run("export", exported, db=tmp_path / "before.db").exit_code == 0

    after = _people(run, tmp_path, "after.db", exported, "name, address")

    assert before == after == [("钱多多", "广东省深圳市南山区科技园路1号（邮编 518057）")]


def test_a_second_wechat_id_on_a_card_is_kept_as_the_importer_keeps_one(tmp_path: Path) -> None:
    card = one_card(
        "IMPP;X-SERVICE-TYPE=WeChat:x-apple:qian_dd",
        "X-SOCIALPROFILE;type=wechat;x-user=qian_dd:x-apple:qian_dd",  # the same, once
        "IMPP;X-SERVICE-TYPE=微信:x-apple:duoduo_shop",
    )

    (qian,) = contacts(tmp_path, card)

    assert (qian["wechat"], qian["notes"]) == ("qian_dd", "另一个微信号：duoduo_shop")


def test_the_first_handle_that_is_a_wechat_id_is_the_wechat_id(tmp_path: Path) -> None:
    card = one_card(  # an iPhone's: a nickname typed as the WeChat handle, then the ID
        "IMPP;X-SERVICE-TYPE=WeChat:x-apple:wu_wx",
        "X-SOCIALPROFILE;type=wechat:x-apple:wuwechat88",
        "X-WECHAT:小吴",
    )

    (wu,) = contacts(tmp_path, card)

    # was: no WeChat ID, notes 另一个微信号：wuwechat88 (no first one) and the nickname
    assert (wu["wechat"], wu["notes"]) == (
        "wuwechat88",
        "微信（非微信号）：wu_wx\n微信（非微信号）：小吴",
    )


def test_contacts_with_wechat_qq_and_a_nickname_import_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "iphone.vcf"
    path.write_text(HANDLES, encoding="utf-8")

    result = run("--lang", "zh", "import", "customers", path)
    again = run("--lang", "zh", "import", "customers", path)

    assert result.exit_code == 0, result.output
    assert customers_of(book_path) == [
        (
            "周一",
            "zhou_yi01",
            "备注一行\n昵称：小周\n职位：店长\n网址：https://weidian.com/zhou\nQQ：12345678",
        )
    ]
    assert "新建客户 0，更新 0" in again.stdout


def test_what_a_card_holds_that_nobody_reads_is_named(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "android.vcf"
    card = one_card("TEL:13800138005", "PHOTO;ENCODING=b;TYPE=JPEG:AAAA")
    card += one_card("TEL:13800138006", "X-ANDROID-CUSTOM:vnd.com.whatsapp.profile;x;;;")
    path.write_text(card, encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path)
    chinese = run("--lang", "zh", "import", "customers", path, "--dry-run")

    assert result.exit_code == 0, result.output
    assert (
        "these details of the contacts are not read and were not imported: "
        "PHOTO, X-ANDROID-CUSTOM" in result.stderr
    )
    assert "联系人的以下信息小本不读，未导入：PHOTO、X-ANDROID-CUSTOM" in chinese.stderr


def customers_of(path: Path) -> list[tuple[object, ...]]:
    from xiaoben.store.driver import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, wechat, notes FROM customers ORDER BY id").fetchall()
    finally:
        conn.close()


# Android 2.1: the second card's quoted-printable address has an escape cut at a soft break
# (=E5==, then B7 …; and ==8C inside the line): its bytes are no UTF-8 text.
DAMAGED = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E7=8E=8B=E8=8A=B3\r\n"
    "TEL;CELL:13800138001\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9E=97;=E5=B0=8F=E9=9B=A8;;;\r\n"
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9E=97=E5=B0=8F=E9=9B=A8\r\n"
    "TEL;CELL:13800138000\r\n"
    "ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;=E6=9D=AD=E5==\r\n"
    "B7=9E=E8=A5=BF=E6=B9=96=E5==8C=BA;;;;\r\n"
    "END:VCARD\r\n"
)


def test_a_damaged_card_refuses_the_file_naming_its_line_and_contact(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "android.vcf"
    path.write_text(DAMAGED, encoding="utf-8")

    english = run("--lang", "en", "import", "customers", path)
    chinese = run("--lang", "zh", "import", "customers", path)

    assert english.exit_code == 1
    assert (
        "line 11, contact “林小雨”: address: its quoted-printable text is damaged (each “=” "
        "must be followed by two hex digits, such as =E5), so the text cannot be restored"
    ) in english.stderr
    assert "1 of 2 rows has problems; the book was not changed" in english.stderr
    assert "第 11 行，联系人“林小雨”：地址：quoted-printable 编码已损坏" in chinese.stderr
    assert "codec" not in english.stderr + chinese.stderr
    assert customers_of(book_path) == []


def test_with_keep_good_the_good_cards_come_in_and_the_damaged_one_is_named(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "android.vcf"
    path.write_text(DAMAGED, encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path, "--keep-good")

    assert result.exit_code == 0, result.output
    assert "line 11, contact “林小雨”: address:" in result.stderr
    assert customers_of(book_path) == [("王芳", None, "")]


def quiet(*_: object) -> None:
    """No progress shown."""


def test_the_book_api_refuses_a_damaged_card_or_keeps_the_good_ones(
    book: Book, tmp_path: Path
) -> None:
    path = tmp_path / "android.vcf"
    path.write_text(DAMAGED, encoding="utf-8")

    with pytest.raises(ImportRejected) as refused:
        import_table(book, "customers", read_any(path, kind="customers"), quiet)
    report = import_table(
        book, "customers", read_any(path, kind="customers"), quiet, keep_good=True
    )

    assert [(error.line, error.column) for error in refused.value.report.errors] == [
        (11, "contact “林小雨”")
    ]
    assert (report.imported, report.created_customers, len(report.errors)) == (1, 1, 1)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (
            "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=B0abc",  # a character cut short
            "notes: its text is not in the UTF-8 encoding it declares, so it cannot be restored",
        ),
        (
            "NOTE;CHARSET=KLINGON;ENCODING=QUOTED-PRINTABLE:=41",
            "notes: its text encoding “KLINGON” is not one xiaoben knows",
        ),
    ],
)
def test_text_not_in_its_charset_is_named_in_the_sellers_words(
    tmp_path: Path, line: str, rule: str
) -> None:
    path = tmp_path / "old.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:王芳\r\n" + line + "\r\nEND:VCARD\r\n", encoding="utf-8"
    )

    table = read_any(path, kind="customers")

    assert table.rows == []
    assert [(error.line, error.message) for error in table.refused] == [(4, rule)]


def test_a_line_outside_every_card_and_a_card_cut_by_the_next_are_named(tmp_path: Path) -> None:
    path = tmp_path / "joined.vcf"
    cut = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:李娜\r\n"  # no END: the next card begins
    path.write_text(cut + VCARD4 + "hello\r\n", encoding="utf-8")

    table = read_any(path, kind="customers")

    assert [(line, cells[0]) for line, cells in table.rows] == [(4, "Fang Zhou")]
    assert [(error.line, error.column) for error in table.refused] == [
        (1, "contact “李娜”"),
        (11, "vCard file"),
    ]


# 黎明, its name cut in the middle of 明's escape (=E6=98, then nothing): the card a tester's
# Android export had among good ones
CUT_NAME = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E9=BB=8E;=E6=98\r\n"
    "TEL;CELL:13900139002\r\nTEL;HOME:0571-88888888\r\nTEL;WORK:0571-77777777\r\n"
    "END:VCARD\r\n"
)


def test_a_card_whose_name_cannot_be_read_is_named_by_its_start_and_phones(
    tmp_path: Path,
) -> None:
    path = tmp_path / "android.vcf"
    path.write_text(CUT_NAME, encoding="utf-8")

    (error,) = read_any(path, kind="customers").refused

    assert (error.line, error.column) == (
        3,
        "contact (vCard, name starting “黎”, tel. 13900139002, 0571-88888888)",
    )
    assert error.message.startswith("name: its text is not in the UTF-8 encoding it declares")
    assert isinstance(error.heading, Words)
    assert error.heading("zh") == "联系人（vCard，姓名开头“黎”，电话 13900139002、0571-88888888）"


def test_a_card_whose_name_is_unreadable_from_its_first_byte_is_named_by_its_phone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "android.vcf"
    path.write_text(CUT_NAME.replace("=E9=BB=8E;=E6=98", "=E6=98"), encoding="utf-8")

    (error,) = read_any(path, kind="customers").refused

    assert error.column == "contact (vCard, tel. 13900139002, 0571-88888888)"


def test_a_card_with_nothing_readable_is_still_a_contact(tmp_path: Path) -> None:
    path = tmp_path / "android.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=98\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )

    (error,) = read_any(path, kind="customers").refused

    assert error.column == "contact (vCard)"


def test_the_cli_names_the_card_cut_mid_escape(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "android.vcf"
    path.write_text(CUT_NAME + VCARD4, encoding="utf-8")

    result = run("--lang", "zh", "import", "customers", path)

    assert result.exit_code == 1
    assert "第 3 行，联系人（vCard，姓名开头“黎”，电话 13900139002、0571-88888888）：姓名：" in (
        result.stderr
    )


def _android(*rows: str) -> str:
    return (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:周四\r\nTEL;CELL:13800138102\r\n"
        + "".join(f"X-ANDROID-CUSTOM:vnd.android.cursor.item/{row}\r\n" for row in rows)
        + "END:VCARD\r\n"
    )


def test_a_semicolon_inside_an_android_field_stays_in_it(tmp_path: Path) -> None:
    card = _android("relation;Li\\;Si;0;My\\;Label;;", "relation;Back\\\\;3;;")
    card = card.replace(
        "END:VCARD",
        "X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/"
        "relation;=E5=BC=A0=3B=E4=BC=9F;0;=E5=A5=BD=E5=8F=8B;;\r\nEND:VCARD",
    )

    (zhou,) = contacts(tmp_path, card)

    assert zhou["notes"].split("\n") == ["My;Label：Li;Si", "子女：Back\\", "好友：张;伟"]


def test_an_android_type_that_is_no_number_is_a_plain_relation(tmp_path: Path) -> None:
    (zhou,) = contacts(tmp_path, _android("relation;Bob;²;;", "relation;Ann;99;;"))

    assert zhou["notes"].split("\n") == ["亲友：Bob", "亲友：Ann"]


def test_the_first_android_birthday_that_is_a_date_is_the_birthday(tmp_path: Path) -> None:
    card = _android("contact_event;abc;3;;", "contact_event;1990-03-05;3;;")

    (zhou,) = contacts(tmp_path, card)

    assert zhou["birthday"] == "1990-03-05"
    assert zhou["notes"] == "另一个生日：abc"


def test_an_email_given_twice_is_kept_once(tmp_path: Path) -> None:
    card = one_card("EMAIL:x@y.com", "EMAIL:X@Y.com", "EMAIL;type=WORK:z@y.com")

    (qian,) = contacts(tmp_path, card)

    assert (qian["email"], qian["notes"]) == ("x@y.com", "邮箱：z@y.com")


def test_a_lunar_birthday_and_androids_read_back_equal_from_our_export(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """Android's own birthday beside a lunar one (or a card's BDAY) is kept in the notes under
    a word of its own: 生日：… is how our export writes a lunar birthday."""
    lunar = _android("contact_event;1990-03-05;3;;").replace(
        "TEL;CELL", "NOTE:生日：农历八月十五\r\nTEL;CELL"
    )
    solar = _android("contact_event;1990-03-05;3;;").replace(
        "FN:周四\r\nTEL;CELL:13800138102", "FN:RoundA\r\nBDAY:1990-01-01\r\nTEL;CELL:13800138103"
    )
    path = tmp_path / "phone.vcf"
    path.write_text(lunar + solar, encoding="utf-8")
    assert run("--lang", "en", "import", "customers", path).exit_code == 0
    exported = tmp_path / "out.vcf"
    assert run("export", exported).exit_code == 0
    before = _people(run, tmp_path, "before.db", path)

    after = _people(run, tmp_path, "after.db", exported)

    assert before == after
    assert before[0] == ("RoundA", "1990-01-01", "另一个生日：1990-03-05")
    assert before[1][0] == "周四" and before[1][2] == "另一个生日：1990-03-05"
    assert before[1][1] == "L--08-15"  # the lunar birthday stays


def _people(
    run: Callable[..., Result],
    tmp_path: Path,
    name: str,
    source: Path,
    columns: str = "name, birthday, notes",
) -> list[tuple[object, ...]]:
    from xiaoben.store.driver import sqlite3

    book = tmp_path / name
    result = run("--lang", "en", "import", "customers", source, db=book)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(book)
    try:
        return conn.execute(f"SELECT {columns} FROM customers ORDER BY name").fetchall()
    finally:
        conn.close()


def test_a_bad_birthday_of_a_contact_is_named_as_the_birthday(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "phone.vcf"
    path.write_text(one_card("BDAY:--13-40"), encoding="utf-8")

    result = run("--lang", "en", "import", "customers", path)

    assert result.exit_code != 0
    assert "contact “钱多多”: birthday: month: must be at most 12 (got 13)" in result.stderr
    assert "contact “钱多多”: birthday: day: must be at most 31 (got 40)" in result.stderr


def _card_of(version: str, *lines: str) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VCARD\r\nVERSION:{version}\r\nFN:钱多多\r\n{body}END:VCARD\r\n"


@pytest.mark.parametrize(
    ("version", "line", "phone", "written"),
    [
        ("2.1", "TEL;WORK:0571-88888888,123", "0571-88888888", "0571-88888888,123"),  # Android
        ("3.0", "TEL;type=WORK;type=VOICE:010-65528888;456", "010-65528888", "010-65528888;456"),
        (
            "4.0",
            "TEL;VALUE=uri;TYPE=work:tel:+86-21-6666-8888;ext=789",
            "+86-21-6666-8888",
            "+86-21-6666-8888;ext=789",
        ),
    ],
)
def test_a_phone_extension_is_kept_in_the_notes_and_the_number_is_the_phone(
    tmp_path: Path, version: str, line: str, phone: str, written: str
) -> None:
    (qian,) = contacts(tmp_path, _card_of(version, line))

    assert qian["phones"] == phone
    assert qian["notes"] == f"带分机的电话：{written}"


@pytest.mark.parametrize(
    ("version", "line", "phone", "written"),
    [  # an extension as people type one on their phone, not as a pause or a URI's ;ext=
        ("2.1", "TEL;WORK:0571-8888 8888 转 123", "0571-8888 8888", "0571-8888 8888 转 123"),
        ("2.1", "TEL;WORK:0571-88888888转123", "0571-88888888", "0571-88888888转123"),
        (
            "2.1",
            "TEL;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:0571-88888888=E8=BD=AC123",
            "0571-88888888",
            "0571-88888888转123",
        ),
        ("3.0", "TEL;type=WORK;type=VOICE:0571-88888888 ext. 123", "0571-88888888", None),
        ("3.0", "item1.TEL;type=WORK:0571-88888888 x123", "0571-88888888", None),
        ("3.0", "TEL;type=WORK:+1 415 555 2671 ext 3", "+1 415 555 2671", None),
    ],
)
def test_an_extension_typed_after_a_number_is_read_as_a_pause_is(
    tmp_path: Path, version: str, line: str, phone: str, written: str | None
) -> None:
    (qian,) = contacts(tmp_path, _card_of(version, "TEL;CELL:13800138000", line))

    assert qian["phones"] == f"13800138000;{phone}"
    assert qian["notes"] == f"带分机的电话：{written or line.partition(':')[2]}"


def test_a_contacts_file_with_an_extension_typed_after_a_number_imports_whole(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "通讯录.vcf"
    android = _card_of("2.1", "TEL;CELL:138 0013 8002", "TEL;WORK:0571-8888 8888 转 123")
    iphone = _card_of("3.0", "TEL;type=WORK:0571-66666666 ext. 8").replace("钱多多", "李娜")
    path.write_text(android + iphone, encoding="utf-8")

    people = _people(run, tmp_path, "ext.db", path, "name, phones, notes")

    assert people == [
        ("李娜", '["+8657166666666"]', "带分机的电话：0571-66666666 ext. 8"),
        (
            "钱多多",
            '["+8613800138002", "+8657188888888"]',
            "带分机的电话：0571-8888 8888 转 123",
        ),
    ]


def test_a_labelled_number_keeps_its_extension_under_its_label(tmp_path: Path) -> None:
    card = _card_of("3.0", "item1.TEL:0571-88888888,123", "item1.X-ABLabel:店铺")

    (qian,) = contacts(tmp_path, card)

    assert (qian["phones"], qian["notes"]) == ("", "店铺：0571-88888888,123")


def test_a_number_without_an_extension_adds_no_note(tmp_path: Path) -> None:
    (qian,) = contacts(tmp_path, _card_of("2.1", "TEL;CELL:13800138000", "TEL;WORK:0571-88888888,"))

    assert (qian["phones"], qian["notes"]) == ("13800138000;0571-88888888", "")


def test_an_imported_extension_reaches_the_customers_notes(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "ext.vcf"
    path.write_text(_card_of("2.1", "TEL;WORK:0571-88888888,123"), encoding="utf-8")

    (qian,) = _people(run, tmp_path, "ext.db", path)

    assert qian == ("钱多多", None, "带分机的电话：0571-88888888,123")


# A shop's privacy relay number (虚拟号) as a seller saves it on her phone: one number that
# reaches many buyers, each by their own extension after it.
RELAY = _card_of("3.0", "TEL;type=CELL:17012345678转4852").replace("钱多多", "买家甲") + _card_of(
    "3.0", "TEL;type=CELL:17012345678-1234"
).replace("钱多多", "买家乙")


def test_a_relay_number_with_its_extension_is_kept_whole_for_the_importer(
    tmp_path: Path,
) -> None:
    jia, yi = contacts(tmp_path, RELAY)

    assert (jia["phones"], jia["notes"]) == ("17012345678转4852", "")
    assert (yi["phones"], yi["notes"]) == ("17012345678-1234", "")


def test_a_relay_number_with_an_extension_is_no_customers_phone(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "relay.vcf"
    path.write_text(RELAY, encoding="utf-8")

    people = _people(run, tmp_path, "relay.db", path, "name, phones, notes")

    assert people == [
        ("买家乙", "[]", "隐藏或转接的号码（不作电话）：17012345678-1234"),
        ("买家甲", "[]", "隐藏或转接的号码（不作电话）：17012345678转4852"),
    ]


def test_an_extension_line_is_the_same_in_either_language(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "ext.vcf"
    path.write_text(_card_of("2.1", "TEL;WORK:0571-8888 8888 转 123"), encoding="utf-8")

    english = run("--lang", "en", "import", "customers", path)
    chinese = run("--lang", "zh", "import", "customers", path)

    assert english.exit_code == 0, english.output
    assert customers_of(book_path) == [("钱多多", None, "带分机的电话：0571-8888 8888 转 123")]
    assert "新建客户 0，更新 0" in chinese.stdout


IPHONE_DATES_AND_PEOPLE = one_card(
    "item4.X-ABDATE;type=pref:2015-06-01",
    "item4.X-ABLabel:_$!<Anniversary>!$_",
    "item5.X-ABRELATEDNAMES;type=pref:张伟",
    "item5.X-ABLabel:_$!<Spouse>!$_",
    "item6.X-ABRELATEDNAMES:王姐",
    "item6.X-ABLabel:介绍人",
    "item7.X-ABDATE;X-APPLE-OMIT-YEAR=1604:1604-06-01",
    "item7.X-ABLabel:开店",
    "item8.X-ABRELATEDNAMES:李四",
    "item8.X-ABLabel:推荐人",
    "item9.X-ABRELATEDNAMES:小宝",
    "item9.X-ABLabel:_$!<Child>!$_",
)


def test_iphone_anniversaries_and_related_names_are_kept_in_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (english,) = contacts(tmp_path, IPHONE_DATES_AND_PEOPLE)
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    (chinese,) = contacts(tmp_path, IPHONE_DATES_AND_PEOPLE)
    table = read_any(tmp_path / "contacts.vcf", kind="customers")

    assert english["notes"].split("\n") == [
        "纪念日：2015-06-01",
        "开店：06-01",  # the seller's own label; Apple's 1604 is no year
        "配偶：张伟",
        "介绍人：王姐",
        "推荐人：李四",  # a referrer, in the field's word
        "子女：小宝",
    ]
    assert chinese["notes"].split("\n")[:3] == ["纪念日：2015-06-01", "开店：06-01", "配偶：张伟"]
    assert table.left_out == ()


def test_a_vcard_4_anniversary_is_kept_and_its_gender_read(tmp_path: Path) -> None:
    card = _card_of("4.0", "ANNIVERSARY:20100101", "GENDER:F")

    (qian,) = contacts(tmp_path, card)

    assert (qian["gender"], qian["notes"]) == ("female", "纪念日：2010-01-01")


@pytest.mark.parametrize("line", ["GENDER:O", "GENDER:U", "GENDER:;其他"])
def test_a_gender_no_field_holds_is_named_as_not_read(tmp_path: Path, line: str) -> None:
    path = tmp_path / "g.vcf"
    path.write_text(_card_of("4.0", line), encoding="utf-8")

    table = read_any(path, kind="customers")

    assert table.left_out == ("GENDER",)
    assert dict(zip(table.header, table.rows[0][1], strict=True))["gender"] == ""


def test_a_male_contact_imports_as_male(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "m.vcf"
    path.write_text(_card_of("4.0", "GENDER:M;"), encoding="utf-8")
    book = tmp_path / "m.db"

    result = run("--lang", "en", "import", "customers", path, db=book)

    assert result.exit_code == 0, result.output
    from xiaoben.store.driver import sqlite3

    conn = sqlite3.connect(book)
    try:
        assert conn.execute("SELECT gender FROM customers").fetchall() == [("male",)]
    finally:
        conn.close()


def test_googles_system_groups_are_no_tags(tmp_path: Path) -> None:
    card = (  # as Google Contacts exports a starred contact in the seller's group 客户
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:吴四\r\nN:吴;四;;;\r\nTEL;TYPE=CELL:138 0013 8014\r\n"
        "CATEGORIES:myContacts,starred,客户\r\nEND:VCARD\r\n"
    )

    (wu,) = contacts(tmp_path, card)

    assert wu["tags"] == "客户"


@pytest.mark.parametrize(
    ("categories", "tags"),
    [
        ("CATEGORIES:friends,family,coworkers,chatBuddies,all,blocked", ""),
        ("CATEGORIES:Family,家人,STARRED", "Family, 家人"),  # the seller's own groups stay
    ],
)
def test_only_googles_own_group_names_are_left_out(
    tmp_path: Path, categories: str, tags: str
) -> None:
    (qian,) = contacts(tmp_path, one_card(categories))

    assert qian["tags"] == tags


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le", "utf-16"])
def test_utf16_contacts_of_either_byte_order_are_contacts(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_bytes(
        _card_of("3.0", "TEL:13800138000").replace("钱多多", "鍾國賢").encode(encoding)
    )

    table = read_any(path, kind="customers")

    assert (sniff(path), table.rows[0][1][:2]) == ("vcard", ["鍾國賢", "13800138000"])


def test_a_classic_mac_file_of_lines_ended_by_cr_reads(tmp_path: Path) -> None:
    path = tmp_path / "mac.vcf"
    two = _card_of("3.0", "TEL:13800138000") + _card_of("3.0", "TEL:13900139000")
    path.write_bytes(two.replace("\r\n", "\r").encode("utf-8"))

    table = read_any(path, kind="customers")

    assert [cells[1] for _, cells in table.rows] == ["13800138000", "13900139000"]
    assert table.refused == ()


def _photo(lines: int) -> str:
    """A PHOTO value folded as phones write it: 74 characters of base64 a line."""
    folded = "\r\n ".join("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0" * 2 + "AB" for _ in range(lines))
    return f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\n"


def test_a_large_folded_photo_is_left_out_in_time_and_later_lines_keep_their_numbers(
    tmp_path: Path,
) -> None:
    """vobject joins a folded line by copying all of it at each of its lines: a 1 MB photo
    took 9 s, 2 MB 33 s, 10 MB hours. Its value is taken out first; the lines after it are
    still named by their numbers in the file."""
    import time

    lines = 60_000  # 4.4 MB of base64
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nTEL;TYPE=CELL:13711111111\r\n"
        + _photo(lines)
        + "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:李四\r\nTEL 138\r\nEND:VCARD\r\n"
    )

    started = time.process_time()
    table = read_any(path)
    took = time.process_time() - started

    assert took < 10, took  # was minutes: the square of the photo's lines
    assert [cells[HEADER.index("name")] for _, cells in table.rows] == ["王芳"]
    (error,) = table.refused
    assert (error.line, error.column) == (lines + 9, "contact “李四”")
    assert "PHOTO" in table.left_out


def test_a_quoted_printable_note_going_on_with_key_or_photo_is_read_whole(tmp_path: Path) -> None:
    """The line after a soft break (=) that begins "key:" or "photo:" is the note going on,
    not a KEY or PHOTO property whose value is left out (the reviewer's finding)."""
    path = tmp_path / "android.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:王芳\r\nTEL;CELL:13711111111\r\n"
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
        "=E5=A4=87=E6=B3=A8 door code 1234, spare =\r\n"
        "key: under the mat, photo: ok=E5=A4=87\r\nEND:VCARD\r\n"
    )

    (row,) = read_any(path).rows

    notes = row[1][HEADER.index("notes")]
    assert notes == "备注 door code 1234, spare key: under the mat, photo: ok备"


# What a card holds beside the fields, each kept in the notes under a label of the catalogue
LABELLED = one_card(
    "TEL;CELL:13800138000",
    "EMAIL;type=WORK:qian@example.com",
    "EMAIL;type=HOME:duoduo@example.com",
    "TITLE:店长",
    "URL:https://weidian.com/qian",
    "NICKNAME:小钱",
    "ADR;type=HOME:;;文三路1号;杭州;浙江;;中国",
    "ADR;type=OTHER:;;1 Main St;Springfield;IL;62701;USA",
    "IMPP:x-apple:qian_im",
    "X-ABDATE:2015-06-01",
    "item5.X-ABRELATEDNAMES:张伟",
    "item5.X-ABLabel:_$!<Spouse>!$_",
    "TEL;WORK:0571-8888 8888 转 123",
)


def test_a_card_imported_in_either_language_writes_its_notes_once(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "phone.vcf"
    path.write_text(LABELLED, encoding="utf-8")

    english = run("--lang", "en", "import", "customers", path)
    written = customers_of(book_path)
    chinese = run("--lang", "zh", "import", "customers", path)
    again = run("--lang", "en", "import", "customers", path)

    assert english.exit_code == 0, english.output
    assert written[0][2].split("\n") == [
        "邮箱：duoduo@example.com",
        "带分机的电话：0571-8888 8888 转 123",
        "其他地址：1 Main St, Springfield, IL, 62701, USA",
        "日子：2015-06-01",
        "配偶：张伟",
        "昵称：小钱",
        "职位：店长",
        "网址：https://weidian.com/qian",
        "聊天账号：qian_im",
    ]
    assert "新建客户 0，更新 0" in chinese.stdout
    assert "0 customers created, 0 updated" in again.stdout
    assert customers_of(book_path) == written


def test_a_book_holding_a_cards_english_labels_is_not_written_them_again(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    from xiaoben.store.driver import sqlite3

    path = tmp_path / "phone.vcf"
    path.write_text(LABELLED, encoding="utf-8")
    assert run("--lang", "zh", "import", "customers", path).exit_code == 0
    # as an import run in English wrote the card's notes before their labels were Chinese
    english = (
        "email：duoduo@example.com\nphone with extension：0571-8888 8888 转 123\n"
        "other address：1 Main St, Springfield, IL, 62701, USA\ndate：2015-06-01\n"
        "spouse：张伟\nnickname：小钱\njob title：店长\nwebsite：https://weidian.com/qian\n"
        "messaging account：qian_im"
    )
    conn = sqlite3.connect(book_path)
    with conn:
        conn.execute("UPDATE customers SET notes = ?", (english,))
    conn.close()
    before = customers_of(book_path)

    chinese = run("--lang", "zh", "import", "customers", path)
    again = run("--lang", "en", "import", "customers", path)

    assert "新建客户 0，更新 0" in chinese.stdout, chinese.output
    assert "0 customers created, 0 updated" in again.stdout
    assert customers_of(book_path) == before


def test_a_held_back_contact_gets_advice_a_vcard_can_follow_and_a_rerun_changes_nothing(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    """A phone's SIM copy of a contact (her number, 陈十三(SIM)) is held back: the advice
    is not to give the row a code (a .vcf has none), and the second run, which changes
    nothing, says so (was: “imported 1 of 2 rows” each time; an outside tester's)."""
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:陈十三\r\nTEL;TYPE=CELL:13800138014\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:陈十三(SIM)\r\nTEL;CELL:+86 13800138014\r\n"
        "ADR;HOME:;;深圳南山;;;;\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )

    first = run("--lang", "en", "import", "customers", path)
    again = run("--lang", "en", "import", "customers", path)

    assert first.exit_code == again.exit_code == 3, first.output
    assert "give the row the code" not in first.output
    assert "a contacts file has no code to give; if it is the same person" in first.output
    assert again.output.startswith(
        "nothing to change: 1 row matches the book's customers, 1 held back for review"
    )


def test_re_importing_a_card_whose_only_address_is_a_work_one_changes_nothing(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A book that imported the card before work addresses were told apart (no 单位地址 in
    her notes) is not updated by the same file: before, every such contact was (a
    reviewer's finding 3)."""
    card = tmp_path / "work.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:王芳\nTEL;TYPE=CELL:13800138001\n"
        "ADR;TYPE=WORK:;;文三路1号;杭州;浙江;310000;中国\nEND:VCARD\n",
        encoding="utf-8",
    )
    first = run("--lang", "en", "import", "customers", str(card))
    with sqlite3.connect(book_path) as conn:  # as an import wrote it before
        conn.execute("UPDATE customers SET notes = ''")

    again = run("--lang", "en", "import", "customers", str(card))

    assert first.exit_code == 0, first.output
    assert "1 contact's address is a work address (line 1): read as the customer's address" in (
        first.output
    )
    assert "0 customers created, 0 updated" in again.stdout, again.output
    assert table_of(book_path, "SELECT address, notes FROM customers") == [
        ("浙江杭州文三路1号（邮编 310000）", "")
    ]


def test_the_work_address_note_counts_only_the_contacts_imported(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """王芳's card, its address a work one, is refused for its birthday: the note said her
    address was "read as the customer's address" though she is not in the book (a
    reviewer's finding 5), and on the cancelled import too."""
    cards = tmp_path / "two.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:李娜\nTEL:13900139002\nADR;TYPE=HOME:;;西湖路2号;杭州;浙江;;\n"
        "END:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:王芳\nTEL:13800138001\n"
        "ADR;TYPE=WORK:;;文三路1号;杭州;浙江;;\nBDAY:1990-13-45\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:张伟\nTEL:13700137003\n"
        "ADR;TYPE=WORK:;;文三路9号;杭州;浙江;;\nEND:VCARD\n",
        encoding="utf-8",
    )

    cancelled = run("--lang", "en", "import", "customers", str(cards))
    kept = run("--lang", "en", "import", "customers", str(cards), "--keep-good")

    assert cancelled.exit_code != 0
    assert "work address" not in cancelled.output
    assert "imported 2 of 3 rows" in kept.stdout, kept.output
    # 张伟's alone (line 14), not 王芳's (line 7)
    assert "1 contact's address is a work address (line 14)" in kept.output
    assert table_of(book_path, "SELECT name FROM customers ORDER BY id") == [("李娜",), ("张伟",)]


def test_the_import_screens_report_says_the_work_addresses_it_took() -> None:
    from xiaoben.store.imports import ImportReport
    from xiaoben.tui.screens.import_report import report_lines

    report = ImportReport(rows=3, imported=3, work_addresses=(7, 14))

    said = "\n".join(report_lines(report, keep_good=False))

    assert "2 contacts' addresses are work addresses (line 7): read as the customer's address" in (
        said
    )
