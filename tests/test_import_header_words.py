"""Headers the synonym table does not list, read by a word they hold (订单日期, 客户电话,
收货地址1): what they mean, what they must not be taken for, and that an exact name wins."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.book_helpers import table_of
from xiaoben.models.errors import BookError
from xiaoben.store.importing.columns import field_of, match_columns
from xiaoben.store.importing.tables import find_header

CASES = [
    # (kind, header, field -> column it must come from, columns that must stay unread)
    (
        "purchases",
        ["订单日期", "客户", "手机", "购买金额", "商品"],
        {"date": "订单日期", "customer": "客户", "phone": "手机", "amount": "购买金额"},
        [],
    ),
    (
        "purchases",
        ["下单日期", "发货日期", "买家", "实付款", "商品单价", "商品编号", "商品名称", "运费金额"],
        {"date": "下单日期", "customer": "买家", "amount": "实付款", "items": "商品名称"},
        ["发货日期", "商品单价", "商品编号", "运费金额"],
    ),
    (
        "purchases",
        ["消费时间", "顾客姓名", "消费额(元)", "退款金额"],
        {"date": "消费时间", "name": "顾客姓名", "refunded": "退款金额"},
        [],
    ),
    (
        "customers",
        ["序号", "顾客姓名", "客户电话", "微信号", "出生日期", "收货地址1", "备注说明", "来源平台"],
        {
            "name": "顾客姓名",
            "phones": "客户电话",
            "wechat": "微信号",
            "birthday": "出生日期",
            "address": "收货地址1",
            "notes": "备注说明",
            "source": "来源平台",
        },
        ["序号"],
    ),
    (  # a Taiwan or Hong Kong seller's sheet, in traditional characters
        "customers",
        ["編號", "姓名", "手機", "微信號", "出生日期", "備註", "標籤", "聯繫地址"],
        {
            "code": "編號",
            "name": "姓名",
            "phones": "手機",
            "wechat": "微信號",
            "birthday": "出生日期",
            "notes": "備註",
            "tags": "標籤",
            "address": "聯繫地址",
        },
        [],
    ),
    (
        "purchases",
        ["訂單編號", "客戶編號", "訂單日期", "實付款", "商品名稱", "數量", "訂單狀態", "售後狀態"],
        {
            "order": "訂單編號",
            "code": "客戶編號",
            "date": "訂單日期",
            "amount": "實付款",
            "items": "商品名稱",
            "quantity": "數量",
            "status": "訂單狀態",
            "after_sale": "售後狀態",
        },
        [],
    ),
    (
        # a buyer's display name (抖音昵称; 微信昵称 named exactly, first) is a nickname, the
        # account (买家会员名) the customer's shop account; an influencer's (达人昵称) is
        # nobody's, and no nickname is the WeChat ID
        "purchases",
        ["订单号", "买家会员名", "抖音昵称", "达人昵称", "微信昵称", "下单时间", "实付金额"],
        {"account": "买家会员名", "nickname": "微信昵称"},
        ["达人昵称", "抖音昵称"],
    ),
    (
        # 淘宝's 订单报表 beside its 宝贝报表: the item's 标题 is the product, 价格 its unit price
        "purchases",
        ["订单编号", "买家会员名", "买家实际支付金额", "订单付款时间", "标题", "价格", "购买数量"],
        {
            "order": "订单编号",
            "account": "买家会员名",
            "amount": "买家实际支付金额",
            "date": "订单付款时间",
            "items": "标题",
            "unit_price": "价格",
            "quantity": "购买数量",
        },
        [],
    ),
    (
        "customers",
        ["姓名", "顾客农历生日", "电子邮箱地址"],
        {"name": "姓名", "birthday_lunar": "顾客农历生日", "email": "电子邮箱地址"},
        [],
    ),
]


@pytest.mark.parametrize(("kind", "header", "fields", "unread"), CASES)
def test_a_header_is_read_by_the_word_it_holds(
    kind: str, header: list[str], fields: dict[str, str], unread: list[str]
) -> None:
    found = match_columns(header, kind)  # type: ignore[arg-type]  # one of the two kinds
    assert {field: found.column(field) for field in fields} == fields
    for text in unread:
        assert header.index(text) not in found.fields.values()


def test_a_header_with_the_words_of_two_fields_is_left_unread() -> None:
    """电话备注: a phone, or a note? Neither is guessed."""
    found = match_columns(["姓名", "电话备注"], "customers")
    assert found.fields == {"name": 0}
    assert found.ignored == ["电话备注"]


def test_the_sheet_title_above_is_not_taken_for_the_header() -> None:
    rows = [
        (1, ["2024年客户姓名与电话登记表（请勿删除此行）"]),
        (2, []),
        (3, ["姓名", "手机号码", "微信"]),
        (4, ["张三", "13800138000", "zs"]),
    ]
    assert find_header(rows, "customers") == 2


def test_a_missing_column_is_still_named() -> None:
    with pytest.raises(BookError) as refused:
        match_columns(["发货日期", "客户", "金额"], "purchases")
    assert "date" in str(refused.value)


exact_date_names = st.sampled_from(["日期", "下单日期", "付款时间", "date", "成交时间"])
worded = st.sampled_from(["订单日期", "交易日期", "消费时间", "购物日期"])


@given(exact_date_names, worded, st.booleans())
def test_an_exact_name_always_wins_over_a_worded_one(exact: str, other: str, first: bool) -> None:
    header = ["客户", "金额", *((exact, other) if first else (other, exact))]
    assert match_columns(header, "purchases").column("date") == exact


def test_a_sheets_total_row_is_left_out_and_said(run, book_path, tmp_path) -> None:
    """合计 under the last customer, or under the last order, is neither: the row is left
    out, the seller is told which line, and nothing else changes."""
    import openpyxl

    from xiaoben.store.book import Book
    from xiaoben.store.importing.footers import total_word

    people = openpyxl.Workbook()
    sheet = people.active
    sheet.append(["客户登记表"])
    sheet.append(["姓名", "手机", "备注"])
    sheet.append(["张三", 13800138000, "老客户"])
    sheet.append(["李四", 13912345678, ""])
    sheet.append(["合计：", None, "2 人"])
    people.save(tmp_path / "客户.xlsx")
    orders = tmp_path / "订单.csv"
    orders.write_text(
        "订单日期,客户,手机,金额\n2026-03-01,张三,13800138000,199\n,Total,,199\n",
        encoding="utf-8",
    )

    result = run("import", "customers", tmp_path / "客户.xlsx")
    assert result.exit_code == 0, result.output
    assert "line 5 is the sheet's total (“合计：”) and is not imported" in result.output
    result = run("import", "purchases", orders)
    assert result.exit_code == 0, result.output
    assert "line 3 is the sheet's total (“Total”)" in result.output
    with Book.open(book_path, create=False) as book:
        names = [row[0] for row in book.db.execute("SELECT name FROM customers ORDER BY id")]
        purchases = book.db.execute("SELECT count(*) FROM purchases").fetchone()[0]
    assert names == ["张三", "李四"] and purchases == 1
    # A customer who happens to be named like no total stays a customer.
    assert total_word(["合计金额"]) and not total_word(["合肥", "13800138000"])
    assert not total_word(["Sum Li"]) and not total_word([])


def test_a_totals_row_in_traditional_characters_is_a_totals_row() -> None:
    from xiaoben.store.importing.footers import total_word

    assert total_word(["合計", "", "1,280.00"]) == "合計"
    assert total_word(["總計："]) == "總計："
    assert total_word(["張三", "13800138000"]) is None


# --- a nickname column is never the WeChat ID column -------------------------------------------

NICKNAMES_ZH = ["微信昵称", "微信名", "昵称", "微信名称", "客户微信昵称"]
NICKNAMES_EN = ["nickname", "WeChat name", "wechat nickname"]


@pytest.mark.parametrize("header", [*NICKNAMES_ZH, *NICKNAMES_EN])
def test_a_nickname_column_is_not_the_wechat_id_column(header: str) -> None:
    customers = match_columns(["姓名", "手机", header], "customers")
    purchases = match_columns(["姓名", "手机", header, "金额", "日期"], "purchases")

    assert "wechat" not in customers.fields
    assert customers.fields.get("nickname") == 2
    assert "wechat" not in purchases.fields


def test_a_nickname_column_beside_the_wechat_id_column_leaves_it_be() -> None:
    columns = match_columns(["姓名", "微信昵称", "微信号"], "customers")

    assert (columns.fields["wechat"], columns.fields["nickname"]) == (2, 1)


# --- a word of a field is the field only where the header says it is the customer's own -------

# Columns a seller keeps beside her customers' own: another person's (宝宝生日, 老公电话) or
# another thing's (生日礼物, 公司地址, 发票抬头). None is any field of ours.
OTHERS_COLUMNS = [
    *("宝宝生日", "孩子生日", "儿子生日", "女儿生日", "老公生日", "爸爸生日", "妈妈生日"),
    *("生日礼物", "生日礼品", "生日祝福", "生日提醒"),
    *("老公电话", "老婆手机", "妈妈手机", "爱人电话", "家人电话", "紧急联系人电话"),
    *("推荐人电话", "介绍人手机", "快递电话", "卖家电话", "客服电话"),
    *("公司地址", "单位地址", "发票地址", "寄件地址", "退货地址", "发货地址"),
    *("宝宝姓名", "孩子名字", "配偶姓名", "老公微信", "孩子性别", "老婆邮箱", "发票抬头"),
    # where she was born: a place, never her birthday (出生地 was read as one, its cells refused)
    *("出生地", "出生地点", "出生城市", "出生省份", "客户出生地"),
]
# Columns asking a question about a field or naming a fact of it (是否修改过地址, 地址类型,
# 手机归属地, 电话回访), or about the order (是否手机订单, 手机下单, 微信支付单号): none is the
# field (an outside tester's sheet had 是否修改过地址 = 否 written over her address).
QUESTION_COLUMNS = [
    *("是否修改过地址", "地址是否修改", "地址类型", "微信是否好友", "是否有微信", "微信支付单号"),
    *("是否手机订单", "手机下单", "电话是否接通", "电话回访", "手机归属地", "邮箱是否验证"),
    *("生日礼包", "有无微信", "手机号是否验证", "电话状态", "手机付款", "手机绑定"),
]
# The customer's own, named by a word and what says whose (客户, 联系人, 收货人 …) or a note
# of its format (号码, 日期, （公历）, a colon): each stays its field.
OWN_COLUMNS = {
    "客户生日": "birthday",
    "会员生日": "birthday",
    "本人生日": "birthday",
    "生日（公历）": "birthday",
    "生日(农历)": "birthday_lunar",  # a lunar word beside it (test_import_lunar_headers)
    "生日：": "birthday",
    " 生日 ": "birthday",
    "出生年月": "birthday",
    "顾客出生日期": "birthday",
    "客户农历生日": "birthday_lunar",
    "客户手机号码": "phones",
    "联系人电话": "phones",
    "收货人联系电话": "phones",
    "买家手机号": "phones",
    "备用手机": "phones",
    "客户地址": "address",
    "收货人地址": "address",
    "家庭地址": "address",
    "收货地址2": "address",
    "客户微信号": "wechat",
    "联系人姓名": "name",
    "顾客性别": "gender",
    "客户的生日": "birthday",
    "客户邮箱": "email",
    "客户微信昵称": "nickname",
    "下单手机号": "phones",  # a word of the order before hers: her phone
    "付款人手机号": "phones",
    "订单电话": "phones",
}


@pytest.mark.parametrize("header", OTHERS_COLUMNS)
@pytest.mark.parametrize("kind", ["customers", "purchases"])
def test_a_column_of_another_person_or_thing_is_no_field(kind: str, header: str) -> None:
    assert field_of(header, kind) is None  # type: ignore[arg-type]  # one of the two kinds


@pytest.mark.parametrize("header", QUESTION_COLUMNS)
@pytest.mark.parametrize("kind", ["customers", "purchases"])
def test_a_column_asking_about_a_field_is_no_field(kind: str, header: str) -> None:
    assert field_of(header, kind) is None  # type: ignore[arg-type]  # one of the two kinds


def test_a_yes_no_column_never_writes_over_her_address(run, book_path, tmp_path) -> None:
    """An outside tester's re-import: 是否修改过地址 = 否 replaced 王芳's address with 否; and
    淘宝's 是否手机订单 (手机订单) was read as a phone, refusing the file as customers."""
    first = tmp_path / "客户.csv"
    first.write_text("姓名,手机,地址\n王芳,13800138000,浙江省杭州市西湖区文三路1号\n", "utf-8")
    again = tmp_path / "订单.csv"
    again.write_text(
        "收货人,联系手机,是否修改过地址,是否手机订单,微信是否好友\n"
        "王芳,13800138000,否,手机订单,是\n",
        "utf-8",
    )
    assert run("import", "customers", first).exit_code == 0

    result = run("import", "customers", again)

    assert result.exit_code == 0, result.output + result.stderr
    assert "0 customers created, 0 updated" in result.output
    assert "是否修改过地址" in result.stderr  # said not imported
    found = table_of(book_path, "SELECT address, wechat, notes, phones FROM customers")
    assert found == [("浙江省杭州市西湖区文三路1号", None, "", '["+8613800138000"]')]


@pytest.mark.parametrize(("header", "field"), OWN_COLUMNS.items())
def test_a_column_of_the_customers_own_is_her_field(header: str, field: str) -> None:
    assert field_of(header, "customers") == field


@pytest.mark.parametrize(
    ("header", "field"),
    [("收货人手机", "phone"), ("联系手机", "phone"), ("买家姓名", "name"),
     ("收货地址", "address"), ("收件人联系电话", "phone"), ("买家地址", "address")],
)  # fmt: skip
def test_a_shops_column_of_the_buyers_own_is_the_buyers_field(header: str, field: str) -> None:
    assert field_of(header, "purchases") == field


_WHOSE = st.sampled_from(["", "客户", "顾客", "买家", "会员", "本人", "联系人", "收货人", "收件人"])
_OTHER = st.sampled_from(
    ["宝宝", "孩子", "儿子", "女儿", "老公", "老婆", "爱人", "配偶", "妈妈", "爸爸", "家人",
     "紧急联系人", "推荐人", "介绍人", "公司", "礼物", "发票", "快递", "卖家", "单位"]
)  # fmt: skip
_WORDS = st.sampled_from(
    [("生日", "birthday", ["", "（公历）", "日期", "："]),
     ("手机", "phones", ["", "号", "号码", "1", " "]),
     ("电话", "phones", ["", "号码", "2", "："]),
     ("座机", "phones", ["", "号码", "号"]),  # a landline: 座机, 固话, 宅电 (a tester's)
     ("固话", "phones", ["", "号码"]),
     ("宅电", "phones", [""]),
     ("地址", "address", ["", "1", "（详细）"]),
     ("姓名", "name", ["", "：", "（必填）"]),
     ("微信", "wechat", ["", "号"]),
     ("性别", "gender", [""])]
)  # fmt: skip


@given(_WHOSE, _WORDS, st.data())
def test_a_word_of_the_customers_own_is_her_field(
    whose: str, word: tuple[str, str, list[str]], data: st.DataObject
) -> None:
    keyword, field, notes = word
    header = f"{whose}{keyword}{data.draw(st.sampled_from(notes))}"
    assert field_of(header, "customers") == field


@given(_OTHER, _WHOSE, _WORDS, st.data())
def test_a_word_of_another_persons_or_things_is_never_a_field(
    other: str, whose: str, word: tuple[str, str, list[str]], data: st.DataObject
) -> None:
    keyword, _, notes = word
    note = data.draw(st.sampled_from(notes))
    for header in (f"{other}{keyword}{note}", f"{whose}{other}{keyword}{note}"):
        assert field_of(header, "customers") is None, header
        assert field_of(header, "purchases") is None, header


def test_a_babys_birthday_beside_the_customers_is_not_her_birthday(
    run, book_path, tmp_path
) -> None:
    """A mother-and-baby shop's sheet: 生日 is the customer's, 宝宝生日 her baby's, 生日礼物
    what she was given. Only 生日 becomes her birthday; the others are said not imported."""
    import openpyxl

    from xiaoben.models.birthday import Birthday
    from xiaoben.store.book import Book

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "手机", "宝宝生日", "生日", "生日礼物", "公司地址", "老公电话"])
    sheet.append(["王芳", 13800138000, date(2023, 5, 6), date(1990, 3, 8), "奶瓶",
                  "杭州市文三路1号", 13912345678])  # fmt: skip
    workbook.save(tmp_path / "客户.xlsx")

    result = run("import", "customers", tmp_path / "客户.xlsx")

    assert result.exit_code == 0, result.output
    assert (
        "these columns are not recognised and are not imported: column 3 “宝宝生日”, "
        "column 5 “生日礼物”, column 6 “公司地址”, column 7 “老公电话”\n" in result.output
    )
    with Book.open(book_path, create=False) as book:
        wang = book.get_customer(1)
    assert wang.birthday == Birthday(year=1990, month=3, day=8)
    assert (wang.address, wang.phones) == ("", ["+8613800138000"])  # not her husband's


# Headers of shops' and member systems' exports and of sellers' own sheets naming the buyer's
# phone, address, name or nickname with a word of their own before it (a reviewer found each
# refused or left unread by the rule above when it asked for a word of a known list).
SELLERS_OWN = {
    "phone": [
        *("下单手机号", "订单手机号", "注册手机号", "绑定手机号", "登录手机号", "VIP手机号"),
        *("会员卡手机号", "店铺会员手机号", "粉丝手机号", "学员电话", "家长手机", "家长电话"),
    ],
    "address": ["所在地址", "省市区地址", "完整地址", "省市区详细地址"],
    "nickname": ["粉丝昵称", "粉丝微信昵称"],
    "name": ["学员姓名"],
    "wechat": ["家长微信"],
}


@pytest.mark.parametrize(
    ("header", "field"), [(h, f) for f, headers in SELLERS_OWN.items() for h in headers]
)
@pytest.mark.parametrize("kind", ["customers", "purchases"])
def test_a_buyers_column_named_in_a_sellers_own_words_is_her_field(
    kind: str, header: str, field: str
) -> None:
    expected = "phones" if (kind, field) == ("customers", "phone") else field
    assert field_of(header, kind) == expected  # type: ignore[arg-type]  # one of the two kinds


def test_a_shop_export_naming_the_phone_in_its_own_words_imports(run, book_path, tmp_path) -> None:
    """Refused whole ("a required column is missing: customer") when 下单手机号 was unread."""
    export = tmp_path / "订单.csv"
    export.write_text(
        "下单手机号,下单时间,实付金额,商品名称\n13812345678,2026-11-01,88.00,面霜\n",
        encoding="utf-8",
    )

    result = run("--lang", "en", "import", "purchases", export, "--create-missing", db=book_path)

    assert result.exit_code == 0, result.output
    assert "1 customer created" in result.output


@pytest.mark.parametrize(
    ("kind", "text", "fixed"),
    [
        (
            "purchases",
            "客户,手机,商品,售价,收款,日期\n王芳,13800138001,口红,99,297,2024-03-05\n",
            "收款=amount",
        ),
        ("customers", "昵称,备注名,微信号\nAmy,李娜,ln_2020\n", "备注名=name"),
    ],
)
def test_a_missing_column_names_the_map_that_brings_it_in(
    run, book_path, tmp_path, kind: str, text: str, fixed: str
) -> None:
    """A required column under a name of the seller's own (收款 for the amount, a WeChat
    export's 备注名 for the name): the refusal says --map names it, and --map does."""
    sheet = tmp_path / "表.csv"
    sheet.write_text(text, encoding="utf-8")
    options = ["--create-missing"] if kind == "purchases" else []

    refused = run("--lang", "en", "import", kind, sheet, *options, db=book_path)
    assert refused.exit_code == 1
    assert "a required column is missing" in refused.output
    assert '--map "COLUMN=FIELD"' in refused.output

    mapped = run("--lang", "en", "import", kind, sheet, *options, "--map", fixed, db=book_path)
    assert mapped.exit_code == 0, mapped.output


def test_a_reimport_that_keeps_the_good_rows_says_nothing_changed(run, book_path, tmp_path) -> None:
    """The same file again, its bad rows left out with --keep-good: nothing to change for
    the good rows (it said "imported 2 of 3 rows", as if it had written them again)."""
    sheet = tmp_path / "客户.csv"
    sheet.write_text("姓名,手机\n王芳,13800138001\n李娜,13800138002\n赵敏,12345\n", "utf-8")
    first = run("--lang", "en", "import", "customers", sheet, "--keep-good", db=book_path)
    assert "2 customers created" in first.output, first.output

    again = run("--lang", "en", "import", "customers", sheet, "--keep-good", db=book_path)
    assert again.exit_code == 0, again.output
    assert "nothing to change: all 2 rows match the book's customers" in again.output
    assert "1 bad row skipped" in again.output
