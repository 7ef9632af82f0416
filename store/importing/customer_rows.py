"""A table's rows -> CustomerRows checked by models.Customer, and a RowError for every bad cell.

Pure parsing: resolving referrers and matching existing customers is the book's job.
"""

from __future__ import annotations

import datetime as dt
import pickle
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Any, NamedTuple

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from xiaoben.models.birthday import age_band_of_years, born_after
from xiaoben.models.birthday_text import BirthYears, birth_years, birthday_cell
from xiaoben.models.cells import (
    age_band_cell,
    cell_date,
    is_number,
    plain_text,
    text_within,
    without_text_mark,
    without_zero_fraction,
    yes_no,
)
from xiaoben.models.customer import CODE_MAX, LONG_MAX, Customer, phones_in
from xiaoben.models.enums import AgeBand
from xiaoben.models.errors import described, rule_words
from xiaoben.models.fields import FieldDef, FieldKind, Value, parse_value
from xiaoben.models.i18n import Listed, Words, field_key, t
from xiaoben.models.placeholders import placeholder
from xiaoben.models.text import line_added
from xiaoben.models.values import (
    clean_text,
    code_spelling,
    name_mobile_words,
    normalise_wechat,
    noted_wechats,
    number_before_extension,
    person_name,
    plain_name,
    shop_account,
    shop_account_line,
)
from xiaoben.store.exporting.cells import COMPOUND_SURNAMES
from xiaoben.store.importing.abroad import TaiwanRows
from xiaoben.store.importing.book_id import BookRef, book_ref
from xiaoben.store.importing.bulk import Progress, without_gc
from xiaoben.store.importing.columns import ColumnMap, field_named, match_columns, unread_only
from xiaoben.store.importing.csv_table import CsvTable
from xiaoben.store.importing.error_cells import refuse_error_cells, refuse_past_header
from xiaoben.store.importing.errors import (
    RowError,
    cell_message,
    field_words,
    sample_mark,
    sample_row_error,
)
from xiaoben.store.importing.footers import left_out_rows, total_word
from xiaoben.store.importing.places import place_of
from xiaoben.store.importing.purchase_rows import masked, numbers_in, phone_note_line, starred
from xiaoben.store.importing.recipients import Recipients
from xiaoben.store.importing.tables import LostKeys

# A row's customer is held as the values its cells gave (the model's fields set), not as
# the model: a Customer is ~3 KB of pydantic's, and 100,000 rows held ~400 MB of them (the
# design's 250 MB at full scale). CustomerRow.customer makes it again from those values,
# already checked: a copy of a blank one updated (~3 µs; validating again took ~50 µs).
# The values are pickled (one bytes object, text in UTF-8), not held as a tuple of their
# objects: 100,000 rows of 8 columns parsed took 173 MB as tuples, 88 MB pickled.
Kept = tuple[tuple[str, ...], bytes]  # (field names, their values pickled)
_BLANK = Customer.model_construct(name="")  # every row's customer sets its name
_LISTS = tuple(name for name, info in Customer.model_fields.items() if info.default_factory is list)
_SHAPES: dict[tuple[str, ...], tuple[str, ...]] = {}  # each tuple of names held once


class Loose(NamedTuple):
    """A cell read as no value of its field and kept in the customer's notes as written: a
    birthday of a year or a generation and no day (1990年, 90后), a gender of a number (1, 0:
    which is which, a sheet does not say)."""

    field: str  # birthday, birthday_lunar or gender
    column: str  # the column's header, as the sheet has it
    text: str  # the cell, as written

    @property
    def line(self) -> str:
        """The notes' line keeping it (in Chinese, as the notes' other import lines): 生日：90后."""
        return f"{t(field_key(self.field), 'zh')}：{self.text}"

    @property
    def gender(self) -> bool:
        return self.field == "gender"


def held_of(customer: Customer) -> Kept:
    """What CustomerRow holds of `customer`: the fields set and their values."""
    names = tuple(sorted(customer.model_fields_set))
    names = _SHAPES.setdefault(names, names)
    return names, pickle.dumps(tuple(getattr(customer, name) for name in names), 5)


def customer_of(held: Kept) -> Customer:
    """The customer `held_of` took apart, equal to it (its own lists where it set none: a
    change to one never reaches another row's)."""
    names, kept = held
    values = pickle.loads(kept)
    update: dict[str, Any] = {name: [] for name in _LISTS}
    update.update(zip(names, values, strict=True))
    return _BLANK.model_copy(update=update)


@dataclass(frozen=True, slots=True)
class CustomerRow:
    line: int
    held: Kept  # the customer (held_of): referred_by is None, resolved by the book
    referrer_key: str | None  # code, phone, WeChat ID or name of the referrer, as written
    given: frozenset[str]  # the fields this row filled in (the rest are defaults)
    wechat_text: str = ""  # a 微信 cell that is no WeChat ID (a nickname): kept, never a key
    fields: dict[int, Value] = dataclass_field(default_factory=dict)  # custom: non-empty cells
    derived_region: bool = False  # province or city filled from the address
    hidden_phones: tuple[str, ...] = ()  # 138****8004, 138…转123: kept in the notes, never keys
    # #12@3fa9c1 in the code column: the customer's number in the book the file was exported
    # from (an export names so a customer without a code whom their name does not single out)
    book_ref: BookRef | None = None
    name_phone: str = ""  # the name cell as written when it held a mobile (王芳 13800138001)
    name_words: str = ""  # the words beside them in that cell (微信同号): kept in the notes
    # the name cell as written when a remark followed the name (陈静 座机: name_remark)
    name_remark: str = ""
    # the name cell as written where the name is spelled otherwise (王 芳: 王芳), for messages
    name_cell: str = ""
    # a contact's one WeChat ID her notes give (微信号：wxid_abc123) where the row gives none:
    # hers if the customer has none in the book either (store/imports.py _noted_wechat)
    noted_wechat: str = ""
    # numbers whose words say "none" (13000000000（无）): no phone, kept in the notes, as
    # "13000000000（无）" (values.phone_said_none)
    none_phones: tuple[str, ...] = ()
    # a sheet's name cell merged down over this row and the ones above (李娜 over her two
    # phones' rows): the line of its first row, the customer this row is part of; a row of
    # a code of its own (another than that row's) is somebody else, and has none
    merged_with: int | None = None
    # the row read with its name cell whole (刘洋 13800138006, when it held a mobile): the
    # customer it is when the book has a customer of that whole name (imports.py)
    whole: Customer | None = None
    # cells kept in the notes as no value of their field (Loose: 1990年, 90后, a gender's 1)
    loose: tuple[Loose, ...] = ()
    # the age band a birthday cell's year or generation tells (1990年 -> 35–44岁), where the
    # row gives none: the customer's if she has none (store/imports.py)
    year_band: AgeBand | None = None

    @property
    def customer(self) -> Customer:
        """The row's customer (made again at each call: keep it in a local)."""
        return customer_of(self.held)


# The texts an import makes longer than their cell -> the fields whose cells it adds.
_GROWN = {
    "notes": ("wechat", "phones", "nickname", "account"),
    "address": ("province", "city", "district", "street", "region", "area"),
}
_BOOLEAN_FIELDS = {"is_business", "strategic", "target_profile", "archived"}
_GENDER_WORDS = dict.fromkeys(("男性", "先生", "m", "男士", "男生"), "male") | dict.fromkeys(
    ("女性", "女士", "小姐", "f", "女生"), "female"
)


_GIVEN: dict[frozenset[str], frozenset[str]] = {}  # each set of fields a row fills, held once
_MOBILE = re.compile(r"1\d{10}")
_NUMBER_CELL = re.compile(r"\s*(\+?\d{5,15})\.0+\s*")  # 13800138000.0, as a number cell gives it
_TAGS_APART = re.compile(r"[/|／｜]+")  # in a tags cell only: 老客户/VIP|团购


def _wechat_id(text: str) -> bool:
    """Whether a 微信 cell is a WeChat ID; a nickname or handle is kept as text instead."""
    try:
        normalise_wechat(text)
    except PydanticCustomError:
        return False
    return True


def _customer_value(field: str, text: str, this_year: int) -> Any:
    """A cell's value for the customer's `field`; `this_year` decides a birthday's two-digit
    year's century (birthday_text.full_year)."""
    text = plain_text(text)
    if field in _BOOLEAN_FIELDS:
        return yes_no(text)
    if field == "birthday":
        return birthday_cell(text, this_year=this_year)
    if field == "birthday_lunar":
        return birthday_cell(text, lunar=True, this_year=this_year)
    if field == "name":
        return person_name(text)
    if field == "age_band":  # 35, 28岁: the age's band
        return age_band_cell(text)
    if field == "gender":
        return _GENDER_WORDS.get(text.casefold(), text)
    if field == "tags":  # (a quoted tag, as an export writes one, is left whole)
        return text if '"' in text else _TAGS_APART.sub("、", text)
    if field == "nickname":  # one line of the notes: a line break in the cell is a space
        return " ".join(clean_text(text).split("\n"))
    if field == "account":  # a notes line and a key, as the purchases import reads it
        return shop_account(text_within(CODE_MAX)(text))
    if field == "code" and text.startswith("'"):
        return text[1:]  # '000124: Excel's mark of a text cell, not part of the code
    return text


class _CustomerReader:
    """Turns one row of cells into a CustomerRow (checked by models.Customer) or RowErrors."""

    def __init__(
        self,
        columns: ColumnMap,
        custom: Sequence[FieldDef] = (),
        today: dt.date | None = None,
        composed: frozenset[int] = frozenset(),
        contacts: bool = False,
    ) -> None:
        self.columns = columns
        self.contacts = contacts  # a phone's contacts (vCards, a contacts CSV): notes read for IDs
        self.today = today  # a birthday after it is refused (a typo)
        # a two-digit birthday year's century is told by the year of the importer's today (a
        # caller giving none, a test reading a sheet: the wall clock's, as before)
        self.this_year = (today or dt.date.today()).year
        by_key = {field.key: field for field in custom}
        self.custom = [(by_key[name], at) for name, at in columns.fields.items() if name in by_key]
        # (a contacts export's Nickname is in the notes its columns compose: not read twice)
        self.cells = [
            (field, at)
            for field, at in columns.fields.items()
            if field not in ("referred_by", "recipient")  # (收货信息: read as its parts)
            and not field.startswith("custom.")
            and not (field == "nickname" and at in composed)
        ]
        self.referrer_at = columns.fields.get("referred_by")
        self.name_at = columns.fields.get("name")
        # 手机 | 电话 | 备用电话: every phone column is read (a customer has several phones),
        # left to right
        phones_at = columns.fields.get("phones")
        more = [at for at, field in columns.outranked.items() if field == "phones"]
        self.phone_columns = sorted([phones_at, *more]) if more and phones_at is not None else []

    def read_custom(self, line: int, cells: list[str], errors: list[RowError]) -> dict[int, Value]:
        """The custom fields' values of a row (an empty cell never erases: left out)."""
        values: dict[int, Value] = {}
        for field, at in self.custom:
            text = cells[at]
            if placeholder(text):
                continue  # 无, 不详, N/A: nothing written, as an empty cell
            try:
                # a date field's cell is read as the date column's (a number cell, a time)
                dated = field.kind is FieldKind.DATE and text
                value = parse_value(field, cell_date(text) if dated else text)
            except PydanticCustomError as exc:
                message = field_words(field.label(), rule_words(exc))
                errors.append(RowError(line, self.columns.header[at], text, message))
                continue
            if value is not None and field.id is not None:
                values[field.id] = value
        return values

    def noted_wechat(self, data: dict[str, Any], notes: str) -> str:
        """The one WeChat ID a contact's notes give (models.values.noted_wechats) where the
        row gives none: "" for any other row, and where the notes give two (which is hers
        is unclear: both stay in the notes, searched)."""
        if not self.contacts or data.get("wechat") or not notes:
            return ""
        found = noted_wechats(notes)
        return found[0] if len(found) == 1 else ""

    def named_as_column(self, line: int, at: int, cells: list[str], errors: list[RowError]) -> bool:
        """Whether the row's name is the column name of another field (手机, 生日: a line of
        a template's field list, or a header read too high), refused in `errors`: never a
        customer. An English word of three letters (Age, Job, Tag) may be a nickname."""
        name = cells[at]
        field = field_named(name, "customers") if name else None
        if field is None or field == "name" or (name.isascii() and len(name.strip()) < 4):
            return False
        rule = Words("import.name_is_column", value=name.strip(), field=Words(field_key(field)))
        errors.append(RowError(line, self.columns.header[at], name, cell_message("name", rule)))
        return True

    def grown_past_limit(
        self,
        line: int,
        cells: list[str],
        own: dict[str, str],
        stored: dict[str, Any],
        silent: set[str],
        errors: list[RowError],
    ) -> bool:
        """Whether the notes or the address the row would store pass the limit though its
        own cell does not: the lines the import adds to the notes (a 微信 nickname, masked
        numbers, a 昵称) or the 区县 and 街道 joined to the address. Refused in `errors`,
        naming the cell and the cells that add to it: never stored longer than the
        customer's form takes (a cell too long itself is the model's to say)."""
        refused = False
        for field, adders in _GROWN.items():
            cell, text = clean_text(own[field]), clean_text(stored.get(field) or "")
            if len(text) <= LONG_MAX or len(cell) > LONG_MAX:
                continue
            added = [
                self.columns.header[at]
                for each in adders
                if each not in silent
                and (at := self.columns.fields.get(each)) is not None
                and cells[at].strip()
            ]
            at = self.columns.fields.get(field)
            heading = self.columns.header[at] if at is not None else added[0] if added else ""
            rule = Words(
                "import.grown_too_long",
                cell=len(cell),
                added=Listed(added),
                length=len(text),
                max=LONG_MAX,
            )
            value = cells[at] if at is not None else ""
            errors.append(RowError(line, heading, value, cell_message(field, rule)))
            refused = True
        return refused

    def read_loose(
        self, line: int, field: str, at: int, text: str, loose: list[Loose], errors: list[RowError]
    ) -> BirthYears | bool:
        """Whether the cell is one kept in the notes as no value (Loose: a birthday of a year
        or a generation, 1990年, 90后; a gender of a number, 1 or 0, never guessed): it goes
        to `loose`, and a birthday's years of birth are returned. Years after the importer's
        today (2030年) are refused in `errors` as a birthday after it is."""
        years: BirthYears | bool = True
        if field in ("birthday", "birthday_lunar"):
            found = birth_years(text, self.this_year)
            if found is None:
                return False
            if self.today is not None and found.first > self.today.year:
                rule = Words("rule.date_future", today=self.today.isoformat())
                message = cell_message("birthday", rule)
                errors.append(RowError(line, self.columns.header[at], text, message))
                return True
            years = found
        elif field != "gender" or not is_number(unicodedata.normalize("NFKC", text).strip()):
            return False
        # as the sheet shows it: Excel's text mark ('1990) is no part of it, nor a number
        # cell's zero fraction (1990.0, as a CSV of a float column writes it)
        shown = without_zero_fraction(without_text_mark(clean_text(text)))
        loose.append(Loose(field, self.columns.header[at], shown))
        return years

    def year_band(self, data: dict[str, Any], born: BirthYears | None) -> AgeBand | None:
        """The age band the years of birth a birthday cell gave tell, where the row gives
        none (models.birthday.age_band_of_years: only one every age she may be is in), nor
        a birthday with its year (a 农历生日 column's: her age is that one's)."""
        if born is None or data.get("age_band"):
            return None
        birthday = data.get("birthday")
        if isinstance(birthday, dict) and birthday.get("year"):
            return None
        return age_band_of_years(born.first, born.last, self.today or dt.date.today())

    def column_of(self, field: str, source: dict[str, str]) -> tuple[str, int | None]:
        field = source.get(field, field)
        at = self.columns.fields.get(field)
        if at is None and field == "name":
            at = self.columns.fields.get("code")
        return (self.columns.header[at] if at is not None else ""), at

    def read(self, line: int, cells: list[str], errors: list[RowError]) -> CustomerRow | None:
        if total_word(cells):
            return None  # the sheet's 合计 row: said before the import (tables.total_rows_note)
        found = len(errors)
        if self.name_at is not None and self.named_as_column(line, self.name_at, cells, errors):
            return None
        if self.name_at is not None and sample_mark(cells[self.name_at]):
            name = cells[self.name_at]
            errors.append(sample_row_error(line, self.columns.header[self.name_at], name, "name"))
            return None
        custom = self.read_custom(line, cells, errors) if self.custom else {}
        wechat_text = ""
        data: dict[str, Any] = {}
        source: dict[str, str] = {}  # model field -> our column field, where they differ
        failed: set[str] = set()  # fields whose cell was refused: the model's "required" repeats it
        phone_from: list[int] = []  # the column of each phone, when several columns hold them
        hidden: list[str] = []  # masked and relay numbers, as written
        noted: list[tuple[str, str]] = []  # (number, the words on it): 13800138001（本人）
        said_none: list[str] = []  # phone cells whose words say none, as written
        name_phone = ""  # the name cell's mobile (王芳 13800138001), as written
        name_cell = ""  # that name cell, as written
        name_words = ""  # the words beside them (王芳 13800138001（微信同号）): kept in the notes
        remark = ""  # a remark after the name (陈静 座机: 座机): kept in the notes
        extended: list[str] = []  # numbers with an extension after them, as written
        masked_name: tuple[int, str] | None = None  # (column, cell) of a name the shop masked
        loose: list[Loose] = []  # cells kept in the notes as no value (1990年, 90后, 性别 1)
        born: BirthYears | None = None  # the years of birth a birthday cell of no day gave
        code_at = self.columns.fields.get("code")
        # a row with a code: the code names the customer, the name is as typed (刘洋
        # 13800138006, exported as the book has it, reads back equal)
        coded = code_at is not None and bool(cells[code_at]) and not placeholder(cells[code_at])
        for field, at in self.cells:
            text = cells[at]
            if field == "phones" and self.phone_columns:
                listed = [
                    (each, _phone_cell(cells[each], hidden, noted, extended, said_none))
                    for each in self.phone_columns
                ]
                listed = [(each, cell) for each, cell in listed if cell]
                text = ", ".join(cell for _, cell in listed)
                phone_from = [each for each, cell in listed for _ in phones_in(cell)]
            elif field == "phones":
                text = _phone_cell(text, hidden, noted, extended, said_none)
            elif field == "name" and not coded and starred(text):
                # 张**: no name, as in purchases (below). A row with a code is its
                # customer's by the code, her name kept (imports._merge: 王*, never hers)
                masked_name = (at, text.strip())
                continue
            elif field == "name" and not coded and (split := name_mobile_words(text)) is not None:
                name_cell = text.strip()
                text, name_phone, name_words = split  # 王芳 13800138001: the name, the phone below
            elif field == "name" and not coded and (parts := name_remark(text)) is not None:
                name_cell = text.strip()
                text, remark = parts  # 陈静 座机: the name, the remark below
            elif field in self.columns.joined:  # two 备注 columns: both kept
                text = self.columns.joined_cells(field, cells)
            for other in self.columns.fallbacks.get(field, ()) if not text.strip() else ():
                text = text.strip() or cells[other]  # 修改后的收货地址 blank: 收货地址
            target = "birthday" if field == "birthday_lunar" else field
            if not text or target in data:
                continue
            if field != "name" and placeholder(text):
                continue  # 无, 暂无, -, N/A: nothing written (a name 无 meets the name rule)
            if field == "wechat" and not _wechat_id(text):
                wechat_text = clean_text(text)
                continue
            if field == "account" and starred(text):
                continue  # t**8: masked by the shop, no key of anyone's (as in purchases)
            if field in ("birthday", "birthday_lunar", "gender"):
                years = self.read_loose(line, field, at, text, loose, errors)
                if isinstance(years, BirthYears):
                    born = born or years
                if years:
                    continue
            try:
                data[target] = _customer_value(field, text, self.this_year)
                source[target] = field
            except PydanticCustomError as exc:
                message = cell_message(target, rule_words(exc))
                errors.append(RowError(line, self.columns.header[at], text, message))
                failed.add(target)
        if masked_name is not None:
            # a shop's masked buyer (张**, 王*, *芳): no name, so no customer is made or
            # found by it (two 张** are two buyers), refused in the purchases import's words
            at, text = masked_name
            shown = ", ".join(dict.fromkeys([text, *hidden]))
            rule = Words("import.masked_keys", cells=shown)
            errors.append(RowError(line, self.columns.header[at], text, cell_message("name", rule)))
            return None
        phones_given = data.get("phones", "")  # the phone cells', before the name's
        if name_phone and "phones" not in failed:
            # the name cell's mobile is the customer's, beside any other the row gives
            # (written twice, it is one phone: Customer keeps each once)
            given = data.get("phones")
            data["phones"] = f"{given}, {name_phone}" if given else name_phone
        if "phones" not in data and _MOBILE.fullmatch(data.get("wechat") or ""):
            data["phones"] = data["wechat"]  # a phone in the 微信 column: the phone, if none
        own = {field: data.get(field, "") for field in _GROWN}  # the cells, before lines added
        for kept in dict.fromkeys(each.line for each in loose):
            data["notes"] = line_added(data.get("notes", ""), kept)
        if hidden:
            data["notes"] = _with_hidden(data.get("notes", ""), hidden)
        for number, note in noted:
            data["notes"] = line_added(data.get("notes", ""), phone_note_line(number, note))
        notes_given = data.get("notes", "")  # (the name cell's words are the split's)
        if name_words and "phones" not in failed:  # kept as a phone cell's words on it are
            words_line = phone_note_line(name_phone, name_words)
            if words_line not in notes_given.split("\n"):
                data["notes"] = line_added(notes_given, words_line)
        if remark:
            wechat = remark_wechat(remark)
            if wechat is not None and "wechat" not in data and not wechat_text:
                data["wechat"] = wechat  # 周杰 微信zj_888: her WeChat ID, the row giving none
            else:
                data["notes"] = line_added(
                    data.get("notes", ""), t("import.name_remark", "zh", text=remark)
                )
        for written in dict.fromkeys(extended):
            data["notes"] = line_added(data.get("notes", ""), extension_line(written))
        nickname = data.pop("nickname", "")
        if nickname:
            data["notes"] = _with_nickname(data.get("notes", ""), nickname)
        account = data.pop("account", "")
        if account:  # 买家账号：tb_xiaowang88, a key of the customer (rows.customer_keys)
            data["notes"] = line_added(data.get("notes", ""), shop_account_line(account))
        district, street = data.pop("district", ""), data.pop("street", "")
        region, area = data.pop("region", ""), data.pop("area", "")
        ref = _book_id(data)
        given = frozenset({*data, "address"} if district or street or region or area else data)
        derived = _with_place(data, district, street, region, area)
        stored = {**data, "notes": with_wechat_text(data.get("notes", ""), wechat_text)}
        silent = {"wechat"} if not wechat_text else set()
        if not (hidden or noted or extended):  # (the phone cells add no line to the notes)
            silent.add("phones")
        if self.grown_past_limit(line, cells, own, stored, silent, errors):
            return None
        if "name" not in data and data.get("code"):
            # named by its code until the seller names them
            data["name"] = code_spelling(data["code"])
        try:
            customer = Customer(**data)
        except ValidationError as exc:
            for error, (_, problem_) in zip(exc.errors(), described(exc), strict=True):
                field = str(error["loc"][0]) if error["loc"] else ""
                if field in failed:
                    continue
                column, column_at = self.column_of(field, source)
                index = error["loc"][1] if len(error["loc"]) > 1 else None
                if field == "phones" and isinstance(index, int) and index < len(phone_from):
                    column_at = phone_from[index]  # 手机2: the column the bad phone came from
                    column = self.columns.header[column_at]
                value = cells[column_at] if column_at is not None else ""
                message = problem_
                if isinstance(index, str):  # a part of the field (a birthday's month): named
                    message = cell_message(field, message)  # with it, as any cell's rule is
                errors.append(RowError(line, column, value, message))
            return None
        whole = None
        if name_cell:
            # (a remark's cell as every earlier version spelled it: 陈静 座机 was 陈静座机)
            whole_name = person_name(name_cell) if remark else name_cell
            unsplit = {**data, "name": whole_name, "phones": phones_given, "notes": notes_given}
            try:
                whole = Customer(**{key: value for key, value in unsplit.items() if value != ""})
            except ValidationError:
                whole = None  # (the split name stands)
        if self.today is not None and born_after(customer.birthday, self.today):
            column, born_at = self.column_of(source.get("birthday", "birthday"), {})
            rule = Words("rule.date_future", today=self.today.isoformat())
            value = cells[born_at] if born_at is not None else ""
            errors.append(RowError(line, column, value, cell_message("birthday", rule)))
        if len(errors) > found:
            return None
        referrer_at = self.referrer_at
        referrer = cells[referrer_at] if referrer_at is not None else None
        if referrer is not None and (not referrer or placeholder(referrer)):
            referrer = None
        return CustomerRow(
            line,
            held_of(customer),
            referrer,
            _GIVEN.setdefault(given, given),
            wechat_text,
            custom,
            derived,
            tuple(hidden),
            ref,
            name_phone=name_cell if name_phone else "",
            name_words=name_words,
            name_remark=name_cell if remark else "",
            name_cell=_as_written(cells, self.name_at, customer.name),
            noted_wechat=self.noted_wechat(data, own["notes"]),
            whole=whole,
            none_phones=tuple(said_none),
            loose=tuple(loose),
            year_band=self.year_band(data, born),
        )


# A name in hanzi (with the middle dot of a transcribed one), and a run of them
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HANZI = re.compile(f"[{_HAN}]+(?:[·•・][{_HAN}]+)*")
# Words after a name that make the cell another person's: her kin or friend (张小燕 妈妈)
_KIN = re.compile(
    r"的?(?:妈妈|妈|母亲|爸爸|爸|父亲|老公|老婆|丈夫|妻子|爱人|对象|女儿|儿子|闺女|姐姐|姐|"
    r"哥哥|哥|妹妹|妹|弟弟|弟|奶奶|爷爷|外婆|外公|姥姥|姥爷|婆婆|公公|岳母|岳父|阿姨|叔叔|"
    r"舅舅|舅妈|姑姑|小姨|朋友|同事|闺蜜|同学|家人|宝宝|孩子|小孩)"
)
# A remark that is a WeChat ID labelled (微信zj_888, 微信：zj_888, VX zj_888, wx:zj_888)
_WECHAT_REMARK = re.compile(r"(?:微信号?|vx|wx|wechat)\s*[:：]?\s*(?P<id>\S+)", re.IGNORECASE)


def name_remark(cell: str) -> tuple[str, str] | None:
    """(the name, the remark as written) of a name cell that is a name in hanzi and, after a
    space, words of the seller's (陈静 座机, 张小燕 VIP, 周杰 微信zj_888, 王 芳 老客): the
    space between single hanzi, or after a surname alone, is inside the name (王 芳, 王 小 明,
    欧阳 娜娜: the cell is a name, None, spelled by person_name as before). None for any other
    cell: one word, a name in letters (Wang Fang), a first word that is not plainly a name
    (老客户 王芳, 上海市 张三), words of no letter (孙丽 138001) or naming her kin (张小燕
    妈妈: another person): left whole, as before."""
    text = clean_text(cell)
    if not isinstance(text, str) or (" " not in text and "\t" not in text and "\n" not in text):
        return None  # nearly every name: one word
    parts = text.split()
    if len(parts) < 2 or _HANZI.fullmatch(parts[0]) is None:
        return None
    name, taken, singles = parts[0], 1, len(parts[0]) == 1
    while taken < len(parts) and _HANZI.fullmatch(parts[taken]) is not None:
        word = parts[taken]
        if singles and len(word) == 1:  # 王 小 明
            name, taken = name + word, taken + 1
        elif (len(name) == 1 or name in COMPOUND_SURNAMES) and len(word) <= 2:  # 王 小明
            name, taken, singles = name + word, taken + 1, False
        else:
            break
    if taken == len(parts) or not plain_name(name):
        return None
    remark = text.split(None, taken)[taken]
    if not any(character.isalpha() for character in remark):
        return None  # 孙丽 138001: a number of hers, maybe how the seller tells two apart
    if _KIN.fullmatch(remark):
        # 张小燕 妈妈: another person, her mother (张小燕妈妈, as before); 王芳 朋友介绍 is a
        # remark of how she came (introduced by a friend), hers
        return None
    return name, remark


def remark_wechat(remark: str) -> str | None:
    """The WeChat ID a name cell's remark gives labelled (微信zj_888: zj_888), None if none."""
    found = _WECHAT_REMARK.fullmatch(remark.strip())
    if found is None or not _wechat_id(found["id"]):
        return None
    return normalise_wechat(found["id"])


def _as_written(cells: list[str], at: int | None, name: str) -> str:
    """The name cell as written (cleaned of its outer spaces) where the customer's name is
    spelled otherwise (王 芳: 王芳), else ""."""
    if at is None:
        return ""
    written = clean_text(cells[at])
    return written if isinstance(written, str) and written != name else ""


def with_wechat_text(notes: str, wechat_text: str) -> str:
    """The notes with a line keeping a 微信 cell that is no WeChat ID (a nickname) as written
    (in Chinese, as the notes' other import lines)."""
    if not wechat_text:
        return notes
    return line_added(notes, t("import.wechat_not_id", "zh", text=wechat_text))


def _book_id(data: dict[str, Any]) -> BookRef | None:
    """The number and book mark of a code cell that is a #id (taken out: no customer's
    code), or None."""
    found = book_ref(data.get("code") or "")
    if found is not None:
        del data["code"]
    return found


def _phone_cell(
    cell: str,
    hidden: list[str],
    noted: list[tuple[str, str]],
    extended: list[str],
    said_none: list[str],
) -> str:
    """A phone cell without its masked or relay numbers (138****8004, 13800138002 转 123: a
    shop hid the number, or it reaches many people), which go to `hidden` as written;
    without the words on a number (13800138001（微信同号）, 13800138001 本人), which go to
    `noted` with it; a landline with an extension after it (0571-8888 8888 转 123, ext. 12,
    x12, -12) is its number, the whole of it going to `extended` as written, as a contact
    card's is kept (no number with an extension is 12 characters or fewer); a cell whose
    words say none (13000000000无) to `said_none` as written."""
    if not cell or placeholder(cell):
        return ""
    if len(cell) <= 11 and "*" not in cell and "＊" not in cell and "." not in cell:
        return cell  # one plain number (13800138000), the common cell: nothing to take out
    numbers, words = numbers_in(cell)
    noted += words
    said_none += [clean_text(cell)] if any(placeholder(note) for _, note in words) else []
    parts = [_as_typed(part) for part in numbers]
    hidden += [clean_text(part) for part in parts if masked(part)]
    kept: list[str] = []
    for part in parts:
        if masked(part):
            continue
        number = number_before_extension(part)
        if number is not None:
            extended.append(clean_text(part))
        kept.append(number or part)
    return ", ".join(kept)


def extension_line(written: str) -> str:
    """The notes' line keeping a number with its extension as written (in Chinese, as the
    notes' other import lines), as a contact card's is: 带分机的电话：0571-8888 8888 转 123."""
    return f"{t('vcard.extension', 'zh')}：{written}"


def _as_typed(phone: str) -> str:
    """13800138000.0 (a number cell saved as CSV) -> 13800138000; anything else as it is."""
    whole = _NUMBER_CELL.fullmatch(phone)
    return whole[1] if whole else phone


def _with_hidden(notes: str, hidden: list[str]) -> str:
    """The notes with a line keeping the hidden numbers as written."""
    return line_added(notes, hidden_line(hidden))


def hidden_line(hidden: Sequence[str]) -> str:
    """The notes' line keeping masked or relay numbers as written (in Chinese, as the notes'
    other import lines: the same line whatever the language of the import)."""
    return t("import.hidden_phones", "zh", numbers="、".join(dict.fromkeys(hidden)))


def _with_nickname(notes: str, nickname: str) -> str:
    """The notes with a line keeping a 微信昵称 cell (昵称：Happy_day, as a contact card's
    nickname is kept, in Chinese whatever the import's language): searched as a name
    (models.values.wechat_nicknames), never a key: two customers may go by one."""
    return line_added(notes, f"{t('field.nickname', 'zh')}：{nickname}")


def _with_place(
    data: dict[str, Any], district: str, street: str, region: str, area: str = ""
) -> bool:
    """The row's address, province and city as places.place_of gives them (the 省市, 区县
    and 街道 cells in the address, the region from the address); whether the region came
    from the address."""
    address, province, city = (data.get(field, "") for field in ("address", "province", "city"))
    if not (address or district or street or region or area or province or city):
        return False
    place = place_of(address, province, city, district, street, region, area)
    for field, value in zip(("address", "province", "city"), place[:3], strict=True):
        if value:
            data[field] = value
    return place.derived


# A customer's keys: one in a number cell that lost digits would be another customer's.
_KEY_COLUMNS = ("code", "phone", "wechat")


def parse_customers(
    table: CsvTable,
    progress: Progress | None = None,
    custom: Sequence[FieldDef] = (),
    today: dt.date | None = None,
) -> tuple[list[CustomerRow], list[RowError]]:
    """The good customer rows and an error for every bad cell; progress(done, total) as it goes.

    Rows that did not fit the header (table.refused) are among the errors, and so is every
    row of a code the file gives twice: which of them is the customer is unclear. A column
    named (or mapped) as one of the `custom` fields lands in it, checked by its kind.
    """
    columns = match_columns(table.header, "customers", mapping=table.mapping, custom=custom)
    composed: frozenset[int] = getattr(table, "composed_from", frozenset())  # CsvTable: none
    contacts = bool(composed) or getattr(table, "format", "") == "vcard"
    recipients = Recipients.of(columns)  # a 收货信息 column: its parts read as the row's
    read_as = recipients.columns if recipients else columns
    reader = _CustomerReader(read_as, custom, today, composed, contacts)
    customers: list[CustomerRow] = []
    errors: list[RowError] = []
    lost = LostKeys(table, columns.fields, _KEY_COLUMNS)
    imported = columns.columns_read() | composed
    cards = getattr(table, "format", "") == "vcard"
    # a file whose rows' places are in Taiwan: its 0912345678 is +886 912345678
    taiwan = TaiwanRows(columns, reader.phone_columns or [columns.fields.get("phones")])
    with without_gc():
        for batch in table.batches():
            taiwan.of_taiwan(batch.rows)  # (the first batch's rows decide)
            errors += batch.refused
            rows = refuse_past_header(table.header, batch.rows, errors)
            rows = refuse_error_cells(table.error_cells, table.header, columns.fields, rows, errors)
            rows = lost.refuse(rows, errors)
            rows = taiwan.phones_read(rows)
            rows = _without_repeated_header(table.header, rows)
            if not cards:  # (a contact card without a name is said as such: vcards)
                rows = [row for row in rows if not empty_row(imported, row[1])]  # said: tables
            if recipients is not None:
                rows = recipients.rows(rows, errors)
            for line, cells in rows:
                row = reader.read(line, cells, errors)
                if row is not None:
                    customers.append(row)
            if progress is not None:
                progress(batch.done, batch.total)
    merged: Mapping[int, Sequence[tuple[int, int]]] = getattr(table, "merged_down", {})
    if "code" in columns.fields:
        customers = _refuse_repeated_codes(
            table, columns, customers, errors, lost.found or {}, _continued(merged, columns, "code")
        )
    if "name" in columns.fields:
        read = {row.line for row in customers} | {error.line for error in errors}
        customers = _one_merged_name(customers, _continued(merged, columns, "name"), read)
    errors.sort(key=lambda error: error.line)
    return customers, errors


def empty_row(read: Collection[int], cells: Sequence[str]) -> bool:
    """Whether a customers row is empty but for columns not imported (columns.unread_only: a
    序号 numbered ahead), not the sheet's total row (合计 in its 序号: said as the total)."""
    return unread_only(read, cells) and total_word(cells) is None


def _without_repeated_header(
    header: list[str], rows: list[tuple[int, list[str]]]
) -> list[tuple[int, list[str]]]:
    """The rows but those repeating the header and the block titles above them: said
    before the import (tables.total_rows_note), never a customer named 姓名 or 四月新客
    (a title in a batch of its own above a header in the next is read as a row)."""
    left_out = {line for line, _ in left_out_rows(header, rows)}
    return [row for row in rows if row[0] not in left_out] if left_out else rows


def _continued(
    merged: Mapping[int, Sequence[tuple[int, int]]], columns: ColumnMap, field: str
) -> dict[int, int]:
    """The rows under the first of a cell of `field`'s column merged down over several (a
    sheet's: a CSV has none) -> that first row."""
    first_of: dict[int, int] = {}
    for first, last in merged.get(columns.fields[field], ()):
        first_of.update(dict.fromkeys(range(first + 1, last + 1), first))
    return first_of


def _one_merged_name(
    customers: list[CustomerRow], first_of: dict[int, int], read: set[int]
) -> list[CustomerRow]:
    """The rows under one merged name cell marked as the first row's customer (merged_with):
    her second phone, WeChat ID or address line on a row of its own. A row with a code of
    its own, another than the first row's, is not (two people the seller merged the cell of
    for looks are still two), nor one whose first row is no row read (`read`: the rows
    read, good or bad)."""
    if not first_of:
        return customers
    codes = {row.line: row.customer.code for row in customers}
    return [
        replace(row, merged_with=first_of[row.line])
        if row.line in first_of
        and first_of[row.line] in read
        and row.customer.code in (None, codes.get(first_of[row.line]))
        and row.book_ref is None
        else row
        for row in customers
    ]


def _refuse_repeated_codes(
    table: CsvTable,
    columns: ColumnMap,
    customers: list[CustomerRow],
    errors: list[RowError],
    lost: Mapping[int, object],
    continued: Mapping[int, int],
) -> list[CustomerRow]:
    """Every row of a code the file gives twice refused (a code that lost digits is not
    one: refused as such). A code cell merged down over rows is given once (`continued`:
    the rows under its first)."""
    at = columns.fields["code"]

    def codes() -> Iterator[tuple[str, int, str]]:  # (its one spelling, line, cell)
        for line, cells in table.rows:
            code = code_spelling(cells[at])
            if code and line not in lost and line not in continued:
                yield code, line, cells[at]

    # Counted first, the rows of a code given twice gathered in a second pass (rare): every
    # row's line and cell held at once took ~30 MB of 100,000 rows, with every row parsed.
    seen: set[str] = set()
    twice: set[str] = set()
    for code, _, _ in codes():
        (twice if code in seen else seen).add(code)
    del seen
    if not twice:
        return customers
    repeated: dict[str, list[tuple[int, str]]] = {}  # code -> (line, cell)
    for code, line, cell in codes():
        if code in twice:
            repeated.setdefault(code, []).append((line, cell))
    column = columns.header[at]
    for code, found in repeated.items():
        numbers = [str(line) for line, _ in found]
        shown = Listed(numbers)
        message = cell_message(
            "code", Words("import.same_code", code=code, count=len(found), lines=shown)
        )
        errors.extend(RowError(line, column, cell, message) for line, cell in found)
    errors.sort(key=lambda error: error.line)
    return [row for row in customers if row.customer.code not in repeated]
