"""Reading CSV files for import: bytes -> text -> a table -> checked rows plus per-cell errors.

Pure parsing, no SQLite: resolving customer keys and referrers and writing rows is the book's job.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gc
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, TypeVar

import phonenumbers
from charset_normalizer import from_bytes
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from xiaoben.models.customer import Customer
from xiaoben.models.enums import Channel
from xiaoben.models.errors import BookError, describe, problem
from xiaoben.models.i18n import MESSAGES, t
from xiaoben.models.values import (
    clean_text,
    from_cents,
    normalise_phone,
    normalise_wechat,
    parse_date,
    parse_money,
    to_cents,
)

Kind = Literal["purchases", "customers"]
KeyKind = Literal["code", "phone", "wechat", "name", "any"]
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 2_000

# ---------------------------------------------------------------------------------------------
# The file -> a table of stripped cells


@dataclass(frozen=True)
class CsvTable:
    path: Path
    encoding: str  # the codec name the text was decoded with
    delimiter: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line in the file, 1-based; cells, padded to the header)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "euc_cn", "cp936"}
_SNIFF_BYTES = 256 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_DELIMITERS = (",", "\t", ";", "，")
# A header cell that is only digits, dates, amounts: the file starts with data, not names.
_DATA_CELL = re.compile(r"[-+]?[¥$￥]?[\d\s.,:/%-]*\d[\d\s.,:/%-]*")
# Our export guards text cells starting with these by a leading ' (CSV injection); undo it.
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)  # ="00042": Excel's way to keep leading zeros


@contextmanager
def _without_gc() -> Iterator[None]:
    """Building a million small lists: the cycle collector finds no cycles, only costs time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _not_csv(path: Path, why: str, **values: Any) -> BookError:
    """BookError import.not_csv; `detail` in the current language, and in each for message()."""
    key = f"import.{why}"
    return BookError(
        "import.not_csv",
        path=str(path),
        detail=t(key, **values),
        detail_zh=t(key, "zh", **values),
        detail_en=t(key, "en", **values),
    )


def read_table(path: Path) -> CsvTable:
    """The whole file as a header and its non-blank rows; BookError if it is not CSV text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _not_csv(path, "cannot_read", reason=exc.strerror or exc) from None
    _refuse_non_text(path, data)
    text, encoding = _decode(path, data)
    if not text.strip():
        raise _not_csv(path, "empty")
    if _CONTROL.search(text, 0, _SNIFF_BYTES):
        raise _not_csv(path, "binary")
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html", "<table", "<?xml")):
        raise _not_csv(path, "html")
    delimiter = sniff_delimiter(text)
    header, rows = _split_rows(path, text, delimiter)
    return CsvTable(path, encoding, delimiter, header, rows)


def _refuse_non_text(path: Path, data: bytes) -> None:
    if not data.strip():
        raise _not_csv(path, "empty")
    if data.startswith(b"SQLite format 3\x00"):
        raise _not_csv(path, "sqlite")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _not_csv(path, "xls")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise _not_csv(path, "xlsx" if _is_workbook(data) else "zip")


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM decides; else UTF-8 if it decodes; else charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(path, data, encoding), encoding
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise _not_csv(path, "binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_encoding(data)
    if encoding is None:
        raise _not_csv(path, "encoding")
    return _decode_as(path, data, encoding), encoding


def _guess_encoding(data: bytes) -> str | None:
    # Short GBK text is often guessed as Korean cp949 or big5, with gb18030 a close runner-up;
    # a seller's non-UTF-8 file is almost always GBK, so any GB candidate wins (as gb18030,
    # the superset that also decodes the characters GB2312 and GBK lack).
    sample = data[:_SNIFF_BYTES]
    if len(data) > _SNIFF_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # never cut a two-byte character in half
    candidates = [match.encoding for match in from_bytes(sample)]
    if any(name in _GB_FAMILY for name in candidates):
        return "gb18030"
    return candidates[0] if candidates else None


def _decode_as(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _not_csv(path, "bad_bytes", line=line, encoding=encoding) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first non-blank line: the commonest of , tab ; ， outside quotes."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in text.lstrip("\r\n \ufeff")[:65_536]:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=counts.__getitem__)  # ties go to the earlier (comma first)
    return best if counts[best] else ","


def _split_rows(
    path: Path, text: str, delimiter: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Two whole-text checks that let most files skip a per-cell step (a second a million rows).
    may_be_padded = re.search(rf"[^\S\r\n{re.escape(delimiter)}]", text) is not None
    may_be_guarded = "'" in text or '="' in text
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    width = 0
    next_line = 1
    try:
        with _without_gc():
            for raw in reader:
                line, next_line = next_line, reader.line_num + 1
                cells = [cell.strip() for cell in raw] if may_be_padded else raw
                if not any(cells):
                    continue
                if may_be_guarded:
                    cells = [_unguard(cell) for cell in cells]
                if header is None:
                    header, width = _check_header(path, cells), len(cells)
                    continue
                if len(cells) < width:
                    cells += [""] * (width - len(cells))
                rows.append((line, cells))
    except csv.Error as exc:
        raise _not_csv(path, "bad_quotes", line=next_line, reason=exc) from None
    if header is None:
        raise _not_csv(path, "empty")
    return header, rows


def _unguard(cell: str) -> str:
    if cell.startswith(_GUARDED):
        return cell[1:]
    if cell.startswith('="'):
        match = _EXCEL_TEXT.fullmatch(cell)
        if match:
            return match.group(1).strip()
    return cell


def _check_header(path: Path, cells: list[str]) -> list[str]:
    named = [cell for cell in cells if cell]
    if all(_DATA_CELL.fullmatch(cell) for cell in named):
        raise _not_csv(path, "no_header", first=", ".join(cells)[:80])
    return cells


# ---------------------------------------------------------------------------------------------
# Which column is which field


@dataclass(frozen=True)
class ColumnMap:
    kind: Kind
    header: list[str]
    fields: dict[str, int]  # our field -> index of its column
    ignored: list[str]  # header texts of the columns nobody reads (unknown or repeated)

    def column(self, field: str) -> str:
        """The header text of a field's column, as written in the file."""
        return self.header[self.fields[field]]


# Names a seller's file may use, best first (the best-ranked column wins when several match).
# The catalogue's zh and en labels of each field are accepted as well.
_PURCHASE_NAMES = {
    "customer": "customer/客户/顾客/买家/buyer/client",
    "name": "name/姓名/客户名/客户姓名/客户名称/customer name/名字",
    "code": "code/编号/客户编号/customer code/customer_id/id/会员号/会员编号/member id/客户id",
    "phone": "phone/电话/手机/手机号/手机号码/电话号码/联系电话/mobile/tel/telephone",
    "wechat": "wechat/微信/微信号/wechat id/weixin",
    "date": "date/日期/下单日期/购买日期/消费日期/order date/purchase date/时间/下单时间/购买时间",
    "amount": "amount/金额/消费金额/实付/实付金额/total/sales/销售额/price/总价",
    "items": "items/item/商品/商品名称/产品/product/products",
    "quantity": "quantity/数量/qty/件数",
    "cost": "cost/成本",
    "refunded": "refunded/refund/退款/退款金额",
    "channel": "channel/渠道/销售渠道",
    "note": "note/notes/备注/remark/remarks",
}
_CUSTOMER_NAMES = {
    "name": "name/姓名/客户/客户名/客户姓名/客户名称/名字/customer/联系人",
    "code": "code/编号/客户编号/customer code/id/customer id/会员号/会员编号",
    "gender": "gender/性别/sex",
    "birthday": "birthday/生日/出生日期/date of birth/dob",
    "birthday_lunar": "lunar birthday/农历生日/阴历生日",
    "age_band": "age band/年龄段/age/年龄",
    "province": "province/省份/省/所在省份",
    "city": "city/城市/市/所在城市",
    "occupation": "occupation/职业/job",
    "employer": "employer/单位/公司/工作单位/company",
    "is_business": "is business/企业/企业客户/是否企业/business",
    "revenue_band": "revenue band/年营收/营收",
    "employee_band": "employee band/员工规模/员工人数/employees",
    "resources": "resources/资源",
    "phones": "phones/phone/电话/手机/手机号/手机号码/电话号码/联系电话/mobile/tel/telephone",
    "wechat": "wechat/微信/微信号/wechat id/weixin",
    "email": "email/邮箱/电子邮箱/电子邮件/mail",
    "address": "address/地址/联系地址/收货地址",
    "preferred_channel": "preferred channel/首选渠道",
    "source": "source/来源/来源渠道/获客渠道",
    "referred_by": "referred by/推荐人/介绍人/referrer",
    "interests": "interests/兴趣/兴趣爱好/爱好/hobbies",
    "tags": "tags/标签/个人标签/tag",
    "needs": "needs/需求/需求痛点/痛点",
    "notes": "notes/备注/note/remark/remarks",
    "demand": "demand/需求程度/demand level",
    "purchasing_power": "purchasing power/购买力",
    "strategic": "strategic/战略/战略价值/战略客户",
    "target_profile": "target profile/目标客户/目标画像/target",
    "manual_stage": "manual stage/阶段/手动阶段/stage",
    "archived": "archived/已归档/归档",
}
_NAMES: dict[Kind, dict[str, str]] = {
    "purchases": _PURCHASE_NAMES,
    "customers": _CUSTOMER_NAMES,
}
_PURCHASE_KEYS = ("code", "phone", "wechat", "name", "customer")  # kinds of customer key
# What each kind of file must have: alternatives for one requirement, one tuple each.
_REQUIRED: dict[Kind, tuple[tuple[str, ...], ...]] = {
    "purchases": (_PURCHASE_KEYS, ("date",), ("amount",)),
    "customers": (("name", "code"),),
}
_UNITS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_NOT_WORD = re.compile(r"[\W_]+")


def column_key(text: str) -> str:
    """A header as compared: case-folded, without spaces, punctuation or a "(元)" unit."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    without_units = _UNITS.sub("", folded)
    return _NOT_WORD.sub("", without_units) or _NOT_WORD.sub("", folded)


def _lookup(kind: Kind) -> dict[str, tuple[str, int]]:
    """column key -> (field, rank); a lower rank is a better name for the field."""
    found: dict[str, tuple[str, int]] = {}
    for field, names in _NAMES[kind].items():
        labels = MESSAGES.get(f"field.{field}", ())
        for rank, name in enumerate((*names.split("/"), *labels)):
            found.setdefault(column_key(name), (field, rank))
    return found


_LOOKUPS = {kind: _lookup(kind) for kind in _NAMES}


def match_columns(header: list[str], kind: Kind) -> ColumnMap:
    """Recognise the columns of a purchases or customers file; BookError if a must is missing."""
    lookup = _LOOKUPS[kind]
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, index)
    for index, text in enumerate(header):
        match = lookup.get(column_key(text))
        if match and (match[0] not in best or match[1] < best[match[0]][0]):
            best[match[0]] = (match[1], index)
    fields = {field: index for field, (_, index) in sorted(best.items(), key=lambda i: i[1][1])}
    used = set(fields.values())
    ignored = [text for index, text in enumerate(header) if text and index not in used]
    missing = [need for need in _REQUIRED[kind] if not any(field in fields for field in need)]
    if missing:
        raise BookError(
            "import.missing_column",
            expected_zh="；".join(_expected(kind, need, "zh") for need in missing),
            expected_en="; ".join(_expected(kind, need, "en") for need in missing),
            found=", ".join(text for text in header if text) or "—",
        )
    return ColumnMap(kind, list(header), fields, ignored)


def _expected(kind: Kind, need: tuple[str, ...], lang: Literal["zh", "en"]) -> str:
    if kind == "purchases" and len(need) > 1:
        return t("import.customer_key", lang)
    labels = [t(f"field.{field}", lang) for field in need]
    examples = [name for field in need for name in _NAMES[kind][field].split("/")[:4]]
    joiner, open_, close = ("、", "（", "）") if lang == "zh" else (", ", " (", ")")
    return f"{' / '.join(labels)}{open_}{joiner.join(examples)}{close}"


# ---------------------------------------------------------------------------------------------
# Rows -> records


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # in the file, 1-based (the header is line 1)
    column: str  # the header text as in the file
    value: str  # the cell as read
    message: str  # "<field>: <rule>" in the seller's language


@dataclass(frozen=True, slots=True)
class CustomerKey:
    kind: KeyKind  # "any": from a generic customer column; the book tries code, phone, WeChat, name
    value: str  # phones in E.164; codes as written ("00042")


@dataclass(frozen=True, slots=True)
class PurchaseRow:
    line: int
    keys: tuple[CustomerKey, ...]
    name: str | None  # for creating a missing customer: the name column, else the customer one
    date: dt.date
    amount_cents: int
    quantity: int = 1
    cost_cents: int | None = None
    refunded_cents: int = 0
    items: str = ""
    channel: Channel | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class CustomerRow:
    line: int
    customer: Customer  # referred_by is None: the referrer is resolved by the book
    referrer_key: str | None  # code, phone, WeChat ID or name of the referrer, as written
    given: frozenset[str]  # the fields this row filled in (the rest are defaults)


def _rule(exc: PydanticCustomError) -> str:
    return t(f"rule.{exc.type.removeprefix('xb.')}", **(exc.context or {}))


def _report(field: str, rule: str) -> str:
    return f"{t(f'field.{field}')}: {rule}"


T = TypeVar("T")
_MEMO_LIMIT = 200_000


def _memo(parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse` remembering its answers: dates, amounts and keys repeat across a file's rows."""
    seen: dict[str, T] = {}

    def cached(text: str) -> T:
        try:
            return seen[text]
        except KeyError:
            value = parse(text)  # a problem raises, and is not remembered
            if len(seen) < _MEMO_LIMIT:
                seen[text] = value
            return value

    return cached


_DATE_TIME = re.compile(r"(\S+)[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_PLAIN_MONEY = re.compile(r"(\d{1,11})(?:\.(\d{1,2}))?", re.ASCII)  # < MAX_CENTS, always


def _date(text: str) -> dt.date:
    """parse_date, also taking a spreadsheet's date-time (2024/3/8 14:30) as its date."""
    with_time = _DATE_TIME.fullmatch(text)
    return parse_date(with_time.group(1) if with_time else text)


def _cents(text: str) -> int:
    plain = _PLAIN_MONEY.fullmatch(text)
    if plain:  # the common case, without Decimal: same rules as parse_money
        whole, fraction = plain.groups()
        return int(whole) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)
    return to_cents(parse_money(text))


def _quantity(text: str) -> int:
    try:
        number = Decimal(unicodedata.normalize("NFKC", text).replace(",", ""))
    except InvalidOperation:
        raise problem("whole_number", value=text) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise problem("whole_number", value=text)
    if number < 0:
        raise problem("at_least", low=0, value=text)
    if number > 1_000_000:
        raise problem("at_most", high=1_000_000, value=text)
    return int(number)


def _text_of_length(limit: int) -> Callable[[str], str]:
    def checked(text: str) -> str:
        cleaned: str = clean_text(text)
        if len(cleaned) > limit:
            raise problem("too_long", max=limit)
        return cleaned

    return checked


_CN_MOBILE = re.compile(
    phonenumbers.PhoneMetadata.metadata_for_region("CN").mobile.national_number_pattern
)


def _phone(text: str) -> str:
    """normalise_phone, with the common mainland mobile (13812345678) recognised quickly."""
    national = text.removeprefix("+86")
    if len(national) == 11 and national.isascii() and _CN_MOBILE.fullmatch(national):
        return "+86" + national  # a mobile number is a valid number: what normalise_phone says
    return normalise_phone(text)


_KEY_PARSERS: dict[str, Callable[[str], str]] = {"phone": _phone, "wechat": normalise_wechat}
_KEY_KINDS: dict[str, KeyKind] = {
    "code": "code",
    "phone": "phone",
    "wechat": "wechat",
    "name": "name",
    "customer": "any",
}
# PurchaseRow's fields after line, keys and name, in order: the column feeding each, its default.
_SLOTS = ("date", "amount", "quantity", "cost", "refunded", "items", "channel", "note")
_DEFAULTS: tuple[Any, ...] = (None, None, 1, None, 0, "", None, "")
_AMOUNT, _REFUNDED = _SLOTS.index("amount"), _SLOTS.index("refunded")
_PARSERS: dict[str, Callable[[str], Any]] = {
    "date": _date,
    "amount": _cents,
    "quantity": _quantity,
    "cost": _cents,
    "refunded": _cents,
    "items": _text_of_length(200),
    "channel": Channel.coerce,
    "note": _text_of_length(5000),
}
_MISS = object()


def _misses(values: list[Any], marker: object = _MISS) -> Iterator[int]:
    """The positions of `marker` in `values`, searched at C speed (most chunks have none)."""
    position = -1
    while True:
        try:
            position = values.index(marker, position + 1)
        except ValueError:
            return
        yield position


_Located = tuple[int, int, RowError]  # (row in the chunk, column, error): sorted before reporting


class _PurchaseReader:
    """Turns rows of cells into PurchaseRows and RowErrors, a chunk of rows at a time.

    Written for a million rows: it works column by column (C loops over lists) and parses
    each distinct cell text once, so most cells cost one dictionary look-up.
    """

    def __init__(self, columns: ColumnMap) -> None:
        self.columns = columns
        at = columns.fields
        key_fields = [field for field in _PURCHASE_KEYS if field in at]
        self.keys = [
            (field, at[field], _memo(_KEY_PARSERS.get(field, str)), _KEY_KINDS[field])
            for field in key_fields
        ]
        self.key_texts = itemgetter(*(at[field] for field in key_fields))
        self.known_keys: dict[object, tuple[CustomerKey, ...]] = {}
        self.name_at = at.get("name", at.get("customer"))
        self.no_key = _report("customer", t("import.no_customer_key"))
        # Per slot: field, column (None: absent), parsed values by cell text, parser.
        # A blank optional cell is its default; a blank date or amount is a miss, then an error.
        self.slots = [
            (field, at.get(field), {} if slot <= _AMOUNT else {"": _DEFAULTS[slot]}, parser)
            for slot, (field, parser) in enumerate(_PARSERS.items())
        ]

    def error(self, line: int, field: str, value: str, rule: str) -> RowError:
        return RowError(line, self.columns.column(field), value, _report(field, rule))

    def read(self, chunk: list[tuple[int, list[str]]], errors: list[RowError]) -> list[PurchaseRow]:
        lines = [line for line, _ in chunk]
        rows = [cells for _, cells in chunk]
        problems: list[_Located] = []
        keys = self.read_keys(lines, rows, problems)
        at = self.name_at
        names = [cells[at] or None for cells in rows] if at is not None else repeat(None)
        values = [self.read_column(slot, lines, rows, problems) for slot in range(len(_SLOTS))]
        if self.slots[_REFUNDED][1] is not None:
            self.check_refunds(lines, rows, values, problems)
        purchases = map(PurchaseRow, lines, keys, names, *values)
        if not problems:
            return list(purchases)
        problems.sort(key=lambda entry: entry[:2])
        errors.extend(error for _, _, error in problems)
        bad = {position for position, _, _ in problems}
        return [row for position, row in enumerate(purchases) if position not in bad]

    def read_column(
        self, slot: int, lines: list[int], rows: list[list[str]], problems: list[_Located]
    ) -> Iterable[Any]:
        field, at, seen, parse = self.slots[slot]
        if at is None:
            return repeat(_DEFAULTS[slot])
        texts = [cells[at] for cells in rows]
        values = list(map(seen.get, texts, repeat(_MISS)))
        for position in _misses(values):
            text = texts[position]
            try:
                if not text:
                    raise problem("required")
                values[position] = value = parse(text)
            except PydanticCustomError as exc:
                error = self.error(lines[position], field, text, _rule(exc))
                problems.append((position, at, error))
                values[position] = None
                continue
            if len(seen) < _MEMO_LIMIT:
                seen[text] = value
        return values

    def read_keys(
        self, lines: list[int], rows: list[list[str]], problems: list[_Located]
    ) -> list[tuple[CustomerKey, ...] | None]:
        texts = list(map(self.key_texts, rows))
        keys = list(map(self.known_keys.get, texts))
        for position in _misses(keys, None):
            keys[position] = self.read_key(lines[position], texts[position], problems, position)
        return keys

    def read_key(
        self, line: int, found: object, problems: list[_Located], position: int
    ) -> tuple[CustomerKey, ...]:
        texts = found if isinstance(found, tuple) else (found,)
        keys: list[CustomerKey] = []
        count = len(problems)
        for (field, at, parse, kind), text in zip(self.keys, texts, strict=True):
            if not text:
                continue
            try:
                keys.append(CustomerKey(kind, parse(text)))
            except PydanticCustomError as exc:
                problems.append((position, at, self.error(line, field, text, _rule(exc))))
        if not keys and len(problems) == count:
            field, at, _, _ = min(self.keys, key=lambda key: key[1])  # the leftmost key column
            error = RowError(line, self.columns.column(field), "", self.no_key)
            problems.append((position, at, error))
        if len(problems) > count or not keys:
            return ()
        if len(self.known_keys) < _MEMO_LIMIT:
            self.known_keys[found] = tuple(keys)
        return tuple(keys)

    def check_refunds(
        self, lines: list[int], rows: list[list[str]], values: list[Any], problems: list[_Located]
    ) -> None:
        at = self.columns.fields["refunded"]
        for position, (refunded, amount) in enumerate(
            zip(values[_REFUNDED], values[_AMOUNT], strict=True)
        ):
            if refunded and amount is not None and refunded > amount:
                rule = t(
                    "rule.refund_above_amount",
                    refunded=from_cents(refunded),
                    amount=from_cents(amount),
                )
                error = self.error(lines[position], "refunded", rows[position][at], rule)
                problems.append((position, at, error))


def parse_purchases(
    table: CsvTable, progress: Progress | None = None
) -> tuple[list[PurchaseRow], list[RowError]]:
    """The good purchase rows and an error for every bad cell; progress(done, total) as it goes."""
    reader = _PurchaseReader(match_columns(table.header, "purchases"))
    purchases: list[PurchaseRow] = []
    errors: list[RowError] = []
    total = len(table.rows)
    with _without_gc():
        for start in range(0, total, PROGRESS_EVERY):
            purchases += reader.read(table.rows[start : start + PROGRESS_EVERY], errors)
            if progress is not None:
                progress(min(start + PROGRESS_EVERY, total), total)
    return purchases, errors


# ---------------------------------------------------------------------------------------------
# Customers


_YES = {"是", "对", "有", "√", "✓", "✔", "yes", "y", "true", "t", "1", "企业", "on"}
_NO = {"否", "不是", "无", "没有", "×", "✗", "no", "n", "false", "f", "0", "个人", "off"}
_BOOLEAN_FIELDS = {"is_business", "strategic", "target_profile", "archived"}
_GENDER_WORDS = dict.fromkeys(("男性", "先生", "m"), "male") | dict.fromkeys(
    ("女性", "女士", "小姐", "f"), "female"
)


def _yes_no(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise problem("generic", detail=t("import.yes_no", value=text))


_LUNAR_MARK = re.compile(r"农历|阴历|旧历|\(农\)|^L(?=[\d*-])", re.IGNORECASE)
# Words only the lunar calendar has: a leap month, 正月 冬月 腊月, days 初一 廿三 卅.
_LUNAR_ONLY = re.compile(r"闰|[正冬腊]月|初|廿|卅")
_SOLAR_MARK = re.compile(r"公历|阳历|新历|\(公\)|^S(?=[\d*-])", re.IGNORECASE)
_CHINESE_DIGITS = {digit: value for value, digit in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "两": 2,
}
_MONTH_NAMES = {"正": 1, "冬": 11, "腊": 12}
_BIRTHDAY = re.compile(
    r"(?:(?P<year>\d{4})[-/.年]|--)?"
    r"(?P<leap>闰|\*)?(?P<month>\d{1,2}|[正一二三四五六七八九十冬腊]{1,3})[-/.月]"
    r"(?P<day>\d{1,2}|初?[一二三四五六七八九十廿卅]{1,3})[日号]?"
)
_COMPACT_BIRTHDAY = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")


def _chinese_number(text: str) -> int | None:
    """12, 十二, 初八, 廿三, 三十 -> the number; None if it is not one."""
    if text.isdigit():
        return int(text)
    if text in _MONTH_NAMES:
        return _MONTH_NAMES[text]
    text = text.removeprefix("初").replace("廿", "二十").replace("卅", "三十")
    if "十" not in text:
        return _CHINESE_DIGITS.get(text) if len(text) == 1 else None
    tens_text, _, ones_text = text.partition("十")
    tens = _CHINESE_DIGITS.get(tens_text) if tens_text else 1
    ones = _CHINESE_DIGITS.get(ones_text) if ones_text else 0
    if tens is None or ones is None:
        return None
    return tens * 10 + ones


def parse_birthday(text: str, lunar: bool = False) -> dict[str, Any]:
    """Birthday fields from text: 1990-03-05, 03-05, 3月5日, 农历八月十五, L1990-08-15, 闰四月初二.

    Returns the fields for models.Birthday (which checks the date exists); raises a problem
    when the text is not a birthday at all.
    """
    shown = unicodedata.normalize("NFKC", text).strip()
    with_time = _DATE_TIME.fullmatch(shown)
    body = with_time.group(1) if with_time else shown
    if _LUNAR_MARK.search(body):
        lunar, body = True, _LUNAR_MARK.sub("", body)
    lunar = lunar or bool(_LUNAR_ONLY.search(body))
    body = re.sub(r"\s+", "", _SOLAR_MARK.sub("", body))
    match = _BIRTHDAY.fullmatch(body) or _COMPACT_BIRTHDAY.fullmatch(body)
    month = _chinese_number(match["month"]) if match else None
    day = _chinese_number(match["day"]) if match else None
    if match is None or month is None or day is None:
        raise problem("generic", detail=t("import.birthday_format", value=shown))
    groups = match.groupdict()
    return {
        "year": int(groups["year"]) if groups.get("year") else None,
        "month": month,
        "day": day,
        "lunar": lunar,
        "leap_month": bool(groups.get("leap")),
    }


def _customer_value(field: str, text: str) -> Any:
    if field in _BOOLEAN_FIELDS:
        return _yes_no(text)
    if field == "birthday":
        return parse_birthday(text)
    if field == "birthday_lunar":
        return parse_birthday(text, lunar=True)
    if field == "gender":
        return _GENDER_WORDS.get(text.casefold(), text)
    return text


class _CustomerReader:
    """Turns one row of cells into a CustomerRow (checked by models.Customer) or RowErrors."""

    def __init__(self, columns: ColumnMap) -> None:
        self.columns = columns
        self.cells = [(field, at) for field, at in columns.fields.items() if field != "referred_by"]
        self.referrer_at = columns.fields.get("referred_by")

    def column_of(self, field: str, source: dict[str, str]) -> tuple[str, int | None]:
        field = source.get(field, field)
        at = self.columns.fields.get(field)
        if at is None and field == "name":
            at = self.columns.fields.get("code")
        return (self.columns.header[at] if at is not None else ""), at

    def read(self, line: int, cells: list[str], errors: list[RowError]) -> CustomerRow | None:
        found = len(errors)
        data: dict[str, Any] = {}
        source: dict[str, str] = {}  # model field -> our column field, where they differ
        for field, at in self.cells:
            text = cells[at]
            target = "birthday" if field == "birthday_lunar" else field
            if not text or target in data:
                continue
            try:
                data[target] = _customer_value(field, text)
                source[target] = field
            except PydanticCustomError as exc:
                errors.append(
                    RowError(line, self.columns.header[at], text, _report(target, _rule(exc)))
                )
        given = frozenset(data)
        if "name" not in data and data.get("code"):
            data["name"] = data["code"]  # named by its code until the seller names them
        try:
            customer = Customer(**data)
        except ValidationError as exc:
            for error, problem_ in zip(exc.errors(), describe(exc), strict=True):
                field = str(error["loc"][0]) if error["loc"] else ""
                column, at = self.column_of(field, source)
                errors.append(
                    RowError(line, column, cells[at] if at is not None else "", problem_.message)
                )
            return None
        if len(errors) > found:
            return None
        at = self.referrer_at
        referrer = (cells[at] or None) if at is not None else None
        return CustomerRow(line, customer, referrer, given)


def parse_customers(
    table: CsvTable, progress: Progress | None = None
) -> tuple[list[CustomerRow], list[RowError]]:
    """The good customer rows and an error for every bad cell; progress(done, total) as it goes."""
    reader = _CustomerReader(match_columns(table.header, "customers"))
    customers: list[CustomerRow] = []
    errors: list[RowError] = []
    total = len(table.rows)
    with _without_gc():
        for done, (line, cells) in enumerate(table.rows, 1):
            row = reader.read(line, cells, errors)
            if row is not None:
                customers.append(row)
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
    return customers, errors
