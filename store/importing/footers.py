"""The rows of a sheet that are no customer and no purchase: its 合计 rows, and the lines a
report or an export writes under its table (共 2 位客户, 制表人：小王, 导出时间：2024-03-08,
第 1 页 共 3 页). The import leaves them out and names them.

Told by their shape only, never by a word a name may hold (汇, 共青 are names). No file
formats, no SQLite.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import islice
from operator import itemgetter

from xiaoben.store.importing.columns import simplified

# The words a sheet's total row starts with (合计 under the last customer): never a customer
# or a purchase, so the row is left out and said so.
TOTAL_WORDS = frozenset(
    {"合计", "总计", "小计", "共计", "总合计", "合计金额", "总计金额", "汇总", "总汇总", "total",
     "subtotal", "grandtotal", "totals"}
)  # fmt: skip
_NOT_LETTER = re.compile(r"[\s:：()（）\-_]+")
# A total word with the period or page it sums before it and its unit or colon after it
# (本月合计, 1月小计, 三月份合计, 2024年3月合计, 本页小计, 合计(元), 合计金额(元)：), as
# compared (NFKC: （元） and ： are (元) and :), its spaces gone. The whole cell, never a
# word inside a longer one (小计算器, 合计划 are no totals).
_NUMERAL = r"(?:\d{1,4}|[一二三四五六七八九十〇零两]{1,3})"
_PERIOD = (
    r"(?:本|当|上|全|今|该|每)(?:月份?|页|周|日|天|年度?|期|季度?|单|表)"
    rf"|\d{{4}}年度?|{_NUMERAL}(?:月份?|日|号|周|季度?)|第{_NUMERAL}(?:页|周|季度?|月|期)"
    r"|月度?|年度?|季度|日|今日|今天|当天|全部|所有"  # (周 and 季 alone are surnames)
)
_AFFIXED_TOTAL = re.compile(
    rf"(?:{_PERIOD}){{0,3}}(?:总?合计|总计|小计|共计|总?汇总)(?:金额|数量|笔数|单数)?"
    r"(?:\((?:元|人民币|rmb|¥|万元|件)\))?(?::(?:[¥$]?\d[\d,]*(?:\.\d+)?元?)?)?"
)
_LONGEST_AFFIXED = 24  # characters of such a cell (2024年12月份合计金额(人民币)：)
_SPACES = re.compile(r"\s+")
_LONGEST_TOTAL = 12  # characters of a cell that is a total word (合计：, ＴＯＴＡＬ)
_LONGEST_LINE = 60  # characters of a footer line's cell (导出时间：2024-03-08 10:00:00)
_LONGEST_VALUE = 30  # characters of the value in the cell after a label (制表人： | 小王)

# A total word and what follows it on its row's one cell: a colon, a figure or a count
# (合计：1,280.00, 小计 3 笔, 汇总(3月), Grand total: 2).
_TOTAL_PHRASE = re.compile(
    r"(?:总?合计|总计|小计|共计|总?汇总|累计|(?:grand\s*|sub)?totals?)(?:金额|数量|人数|笔数|单数)?"
    r"\s*(?:[:(（]|\d|[¥$]).*"
)
# A count of the table's rows: 共 2 位客户, 共计15条记录, 记录数：2, 2 customers.
_COUNT = re.compile(
    r"(?:共有?|共计|总共)\s*[:：]?\s*\d[\d,]*\s*(?:位|条|笔|人|个|名|单|行|项|张|件|份|户|家|次).{0,12}"
    r"|(?:记录数|总数|客户数|总人数|人数|订单数|条数|笔数|总条数|count)\s*[:：]\s*\d[\d,]*.{0,6}"
    r"|\d[\d,]*\s+(?:customers?|records?|rows?|orders?|contacts?)(?: in total| total)?"
)
# Who made, checked or printed the table, and when, each label with a colon (制表人：小王,
# 打印时间：2024-03-08 10:00, Prepared by: Wang), the value after it in the cell or the next.
_BY = (
    r"制表人?|制单人?|审核人?|审批人?|复核人?|经办人|经手人|负责人|填表人|填报人|打印人|导出人|操作人|操作员"
    r"|统计人|录入人|编制人|核对人|签字|签名|(?:prepared|checked|reviewed|approved|printed|exported"
    r"|created|generated) by|operator|seller id"
)
_WHEN = (
    r"(?:打印|导出|生成|制表|统计|报表|截止|截至|更新|填表|填报|查询)(?:时间|日期)|数据截至|日期|时间"
    r"|(?:printed|exported|generated|created)(?: on| at)?|(?:export|print|report) (?:time|date)"
    r"|date|time"
)
_SIGNED = re.compile(rf"(?:{_BY})\s*[:：]\s*(?P<by>.*)|(?:{_WHEN})\s*[:：]\s*(?P<when>.*)")
# A remark under the table, labelled, in a cell of its own: 备注：以上金额含运费, 说明：…,
# Note: prices include shipping (the label and its colon: a data row's 备注 cell is beside
# the row's other cells)
_REMARK = re.compile(
    r"(?:备注|说明|注|注意|提示|温馨提示|附注|note|notes|remark|remarks)\s*[:：].+"
)
# eBay's count of the orders under its Orders report: 2 | record(s) downloaded | from … to …
_RECORDS = re.compile(r"records?(?:\(s\))?\s+downloaded")
# 2024-03-08 10:00, 2024年3月8日 下午3:00, 3/8/2024 10:00 am
_MOMENT = re.compile(r"(?:[\d\s\-/.:年月日时分秒号至~]|上午|下午|am|pm)*")
# A page's footer: 第 1 页 共 3 页, 共3页 第1页, 第1/3页, Page 1 of 3 (a space: see total_rows).
_PAGE = re.compile(
    r"第\s*\d+\s*(?:/\s*\d+\s*)?页(?:\s*[,，/、]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，/、]?\s*第\s*\d+\s*页"
    r"|page\s+\d+(?:\s*(?:of|/)\s*\d+)?"
)


# The lines a WeChat Pay or Alipay bill writes under its table, each in a row of one or two
# cells: a rule of dashes (with the list's title: ---交易记录明细列表---), its counts of money
# in and out (已收入:3笔,300.00元, 待支出:0笔 | 0.00元, 中性交易：1笔 50.00元) and its labels
# with a bracketed value (导出时间:[2024-04-01 10:00:00]    用户:fang***@163.com).
_BILL_RULE = re.compile(r"-{6,}(?:[^-]{1,40}-{6,})?")
_BILL_COUNT = re.compile(
    r"(?:已|待)?(?:收入|支出|不计收支|中性交易)\s*[:：]\s*\d[\d,]*\s*笔"
    r"(?:\s*[,，]?\s*[¥￥]?\d[\d,]*(?:\.\d+)?\s*元)?"
)
_BILL_AMOUNT = re.compile(r"[¥￥]?\d[\d,]*(?:\.\d+)?\s*元")
_BILL_LABELS = re.compile(
    r"(?:[^\s:：\[\]]{1,10}\s*[:：]\s*\[[^\]]*\]\s*)+(?:[^\s:：\[\]]{1,10}\s*[:：][^\[\]]*)?"
)


def bill_trailer(cells: Sequence[str]) -> bool:
    """Whether a row is one of the lines a WeChat Pay or Alipay bill writes under its table
    (_BILL_RULE, _BILL_COUNT, _BILL_LABELS, or its count of records): a row of one or two
    cells, told by its shape, never a purchase."""
    written: list[str] = []
    for cell in cells:  # (stopped at a third: nearly every row, at once)
        if cell and not cell.isspace():
            if len(written) == 2:
                return False
            written.append(cell.strip())
    if not written:
        return False
    first = unicodedata.normalize("NFKC", written[0])
    if len(written) == 2:
        second = unicodedata.normalize("NFKC", written[1])
        return bool(_BILL_COUNT.fullmatch(first) and _BILL_AMOUNT.fullmatch(second))
    return bool(
        _BILL_RULE.fullmatch(first)
        or _BILL_COUNT.fullmatch(first)
        or _BILL_LABELS.fullmatch(first)
        or _COUNT.fullmatch(first)
    )


# The figure of an unlabelled sum row (,,,300): the word it is listed under (sum_rows)
SUM_FIGURE = re.compile(r"[¥￥$]?\d[\d,]*(?:\.\d+)?")


def _as_compared(cell: str) -> str:
    """A cell as its shape is told: in simplified characters (合計, 製表人), case-folded,
    half-width, its spaces trimmed."""
    text = unicodedata.normalize("NFKC", cell).strip().casefold()
    return text if text.isascii() else simplified(text)


def is_total(word: str) -> bool:
    """Whether `word`, a row total_word found, is a total (合计, 小计 3 笔), not a footer."""
    text = _as_compared(word)
    return (
        _NOT_LETTER.sub("", text) in TOTAL_WORDS
        or bool(SUM_FIGURE.fullmatch(text))  # an unlabelled sum row's figure (sum_rows)
        or _is_affixed_total(text)
        or bool(_TOTAL_PHRASE.fullmatch(text))
    )


def _is_affixed_total(text: str) -> bool:
    """Whether `text` (as compared) is a total word with its period, page or unit
    (_AFFIXED_TOTAL): 本月合计, 合计(元)."""
    return len(text) <= _LONGEST_AFFIXED and bool(_AFFIXED_TOTAL.fullmatch(_SPACES.sub("", text)))


# First cells that cannot start a total row or a footer: printable ASCII, no space, no t
# (every total word and English footer line holds a t or a space, and NFKC leaves such text
# as it is). A batch whose first cells all are such (order numbers, codes) is cleared in one
# C-speed match.
_NO_TOTAL = re.compile(r"[!-SU-su-~]+(?:\x00[!-SU-su-~]+)*")


def total_rows(rows: Iterable[tuple[int, Sequence[str]]]) -> list[tuple[int, str]]:
    """(line, first cell) of each row that is a total row or a footer line (total_word).
    Rows that are not a list (a large file's, read as they are gone through) are looked at
    a chunk at a time: listed whole, a 100,000-row file's rows took ~55 MB at once."""
    if isinstance(rows, list):
        return _total_rows(rows)
    found: list[tuple[int, str]] = []
    each = iter(rows)
    while chunk := list(islice(each, TOTALS_CHUNK)):
        found += _total_rows(chunk)
    return found


TOTALS_CHUNK = 10_000


def _total_rows(listed: list[tuple[int, Sequence[str]]]) -> list[tuple[int, str]]:
    firsts = [cells[0] if cells else "" for _, cells in listed]
    if _NO_TOTAL.fullmatch("\x00".join(firsts)):
        return []
    return [(line, word) for line, cells in listed if (word := total_word(cells))]


def total_word(cells: Sequence[str]) -> str | None:
    """The first non-empty cell of a total row (合计, or 合计 with its figure: the rest of
    the row may hold its sums) or of a footer line (_footer_line), as written; else None."""
    at = next((at for at, cell in enumerate(cells) if cell.strip()), None)
    if at is None:
        return None
    first = cells[at]
    if len(first) > _LONGEST_LINE:  # (a bill's rule of dashes may be longer than any line)
        return first.strip() if bill_trailer(cells) else None
    if _records_line(cells, at):
        return f"{first.strip()} {cells[at + 1].strip()}"
    if not _may_be(cells, at):
        # a name or a date, nearly every row: nothing worked out for it. A bill's line
        # _may_be misses is its rule of dashes, or a rarer shape (_BILL_UNSEEN)
        if _BILL_UNSEEN.search(first) and bill_trailer(cells):
            return first.strip()
        return None
    if bill_trailer(cells):
        return first.strip()
    text = _as_compared(first)
    if len(first) <= _LONGEST_TOTAL and _NOT_LETTER.sub("", text) in TOTAL_WORDS:
        return first.strip()
    if _is_affixed_total(text):
        return first.strip()
    if not _MAY_BE_LINE.search(text):
        return None  # a cell with a total's character but no figure or colon: 总监, Tom
    if _TOTAL_PHRASE.fullmatch(text) or _footer_line(cells[at:]):
        return first.strip()
    return None


# What a bill's line holds that _may_be does not see (bill_trailer reads the cell's NFKC):
# a rule of six dashes, the vertical colon ︓, a figure's colon before [ (用户1:[…]),
# or a figure NFKC writes as digits (①, ², ⒈: _COUNT's 2 customers)
_BILL_UNSEEN = re.compile(
    "[-\ufe63\uff0d]{6}|\ufe13|\\d\\s*[:\uff1a\ufe55]\\s*[\\[\uff3b]"
    "|[\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u2089\u2150-\u2189\u2460-\u24ff"
    "\u3251-\u33ff\U0001f100-\U0001f10a]"
)
_MAY_BE_LINE = re.compile(r"[\d:(]")  # every footer line's first cell holds one
_TOTAL_CHAR = re.compile(r"[合总總小共汇匯彙累tTｔＴ]")  # one is in every total word
# every label of a signed footer line ends with a colon after a word (制表人：, by:); a
# time's colons come after digits
_COLON = re.compile(r"[^\d\s:：﹕]\s*[:：﹕]")
_DIGIT = re.compile(r"\d")  # (any width) every count and page number holds one


def _records_line(cells: Sequence[str], at: int) -> bool:
    """Whether the row is eBay's count under its orders: a number, then record(s)
    downloaded (and the period it covers)."""
    return (
        cells[at].strip().isdigit()
        and at + 1 < len(cells)
        and bool(_RECORDS.fullmatch(cells[at + 1].strip().casefold()))
    )


def _may_be(cells: Sequence[str], at: int) -> bool:
    """Whether the row, whose first non-empty cell is at `at`, may be a total row or a footer
    line, from its cells as written (before their NFKC and simplified forms are worked out:
    an OpenCC call each): a total word's character, a label's colon, or a figure in a cell
    of its own. A row of data (a name, or a date beside its order) is not."""
    first = cells[at]
    if _TOTAL_CHAR.search(first) or _COLON.search(first):
        return True
    return _DIGIT.search(first) is not None and not any(map(str.strip, cells[at + 1 :]))


def _footer_line(cells: Sequence[str]) -> bool:
    """Whether the row, from its first non-empty cell, is a footer line: a count or a page
    in a cell of its own, or labels with a colon each followed by a person or a moment
    (制表人：小王 | | 审核人：小李; 制表人： | 小王). Any other cell filled makes it data."""
    written = [cell for cell in cells if cell.strip()]
    if len(written) == 1:
        only = _as_compared(written[0])
        if _COUNT.fullmatch(only) or _PAGE.fullmatch(only) or _REMARK.fullmatch(only):
            return True
    waiting = False  # a bare label's value may sit in the next cell
    # worked out as they are gone through: a row of data fails at its first cell
    for text in map(_as_compared, written):
        signed = _SIGNED.fullmatch(text)
        if signed is not None:
            by, when = signed["by"], signed["when"]
            if when is not None and not _MOMENT.fullmatch(when):
                return False
            waiting = not (by or when)
        elif waiting and len(text) <= _LONGEST_VALUE:
            waiting = False
        else:
            return False
    return True


# The word a row repeating the header is listed under among the rows left out (total_rows'
# (line, word) pairs: no total or footer word is empty), and the mark before a block
# title's text (no cell read holds a NUL: such a row is refused as damaged).
HEADER_AGAIN = ""
TITLE_MARK = "\x00"


def is_total_or_footer(word: str) -> bool:
    """Whether a word of the rows left out (left_out_rows, total_rows) is a total row's or a
    footer line's, not a repeated header's or a block title's."""
    return bool(word) and not word.startswith(TITLE_MARK)


def left_out_rows(
    header: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]]
) -> list[tuple[int, str]]:
    """(line, word) of each row repeating the header (HEADER_AGAIN) and each block title
    above one (TITLE_MARK and its text), in the file's order, as total_rows lists its rows."""
    repeats, titles = header_repeats(header, rows)
    found = [(line, HEADER_AGAIN) for line in repeats]
    found += [(line, TITLE_MARK + text) for line, text in titles]
    return sorted(found)


def header_repeats(
    header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]]
) -> tuple[list[int], list[tuple[int, str]]]:
    """The lines of the rows that repeat the header (a sheet kept in monthly blocks, each
    under the header again; two CSV exports joined, the second's header, its BOM too, in
    the middle), and (line, text) of each block's title: a row of one filled cell right
    above such a row, blank rows apart (四月新客). Neither is a customer or a purchase.
    Cells are compared as total words are (_as_compared: 姓名 and 姓名 , ＱＱ and QQ alike)."""
    named = [_as_compared(cell.lstrip("\ufeff")) for cell in header]
    at = next((at for at, cell in enumerate(named) if cell), None)
    if at is None:
        return [], []
    word = header[at].strip().lstrip("\ufeff")  # as written: the look most rows get
    if isinstance(rows, list):
        try:
            column = "\x00".join(map(itemgetter(at), map(itemgetter(1), rows)))
        except IndexError:  # a row narrower than the header: looked at one by one
            column = word
        if word not in column:
            return [], []  # nearly every batch: no cell under the header's says it (C loops)
    repeats: list[int] = []
    titles: list[tuple[int, str]] = []
    before: tuple[int, Sequence[str]] | None = None
    for line, cells in rows:
        if len(cells) > at and word in cells[at] and _repeats(named, cells):
            repeats.append(line)
            filled = [cell.strip() for cell in before[1] if cell.strip()] if before else []
            if before is not None and len(filled) == 1 and before[0] not in repeats:
                titles.append((before[0], filled[0]))
        if any(map(str.strip, cells)):
            before = (line, cells)
    return repeats, titles


def _repeats(named: Sequence[str], cells: Sequence[str]) -> bool:
    shown = [_as_compared(cell.lstrip("\ufeff")) for cell in cells]
    return shown[: len(named)] == list(named) and not any(shown[len(named) :])
