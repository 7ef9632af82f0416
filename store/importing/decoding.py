"""A file's bytes -> text: by BOM, UTF-8, UTF-16 or GB18030 on a whole-file rule; else refused.

Decoding only, nothing of delimiters or columns; text is decoded right or refused, never garbled.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from xiaoben.models.errors import BookError
from xiaoben.store.importing.errors import cannot_import, unreadable

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# (not the vertical tab and the form feed: Word's line break typed with Shift+Enter, and its
# page break, in text pasted from it into a cell; a cell reads them as line breaks)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# but NUL: a row holding one is refused by line and column (csv_table.fit_rows), not the file
_CONTROL_BUT_NUL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(_CONTROL.pattern.encode())
_NOT_CONTROL_BYTES = bytes(each for each in range(256) if not _CONTROL_BYTES.match(bytes([each])))


def read_text(path: Path) -> tuple[str, str]:
    """(text, encoding) of a file of table text; BookError import.not_csv if it is not one."""
    try:
        with path.open("rb") as file:
            _refuse_non_text(path, file.read(_HEAD))  # a film is not read whole to say so
            file.seek(0)
            data = file.read()
    except OSError as exc:
        raise unreadable(path, exc) from None
    if not data.strip():
        raise cannot_import(path, "empty")
    text, encoding = decode_text(path, data)
    text = text.removesuffix(_DOS_END)
    if not text.strip():
        raise cannot_import(path, "empty")
    control = _CONTROL_BUT_NUL.search(text)  # the whole text: a C loop, ms a million rows
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise cannot_import(path, "control_char", line=line, code=f"U+{ord(control.group()):04X}")
    if text.lstrip()[:_HTML_LEAD].lower().startswith(_HTML):
        raise cannot_import(path, "html")
    return text, encoding


_DOS_END = "\x1a"  # Ctrl-Z: the end-of-file mark old DOS tools write after the last line
STREAM_FROM = 8 * 1024 * 1024  # bigger files are checked a block at a time, never held whole
_BLOCK = 1024 * 1024


def text_encoding(path: Path) -> tuple[str, str | None]:
    """(encoding, the whole text or None) of a file of table text, by the rules of read_text.

    A file above STREAM_FROM that is UTF-8 (with or without its BOM), UTF-16/32 with its BOM
    or GBK/GB18030 beyond doubt is checked a block at a time and its text is not returned
    (the caller streams it); anything else is read whole and its text returned. BookError as
    read_text.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise unreadable(path, exc) from None
    if size > STREAM_FROM:
        try:
            with path.open("rb") as file:
                _refuse_non_text(path, file.read(_HEAD))  # as read_text does, first
        except OSError as exc:
            raise unreadable(path, exc) from None
        encoding = (
            _utf8_in_blocks(path, size) or _wide_in_blocks(path) or _gb18030_in_blocks(path, size)
        )
        if encoding is not None:
            return encoding, None
    text, encoding = read_text(path)
    return encoding, text


def _utf8_in_blocks(path: Path, size: int) -> str | None:
    """ "utf-8" or "utf-8-sig" when the whole file is UTF-8 table text (checked as read_text
    checks it, a block at a time); None when the whole-file rules must decide."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, other_scripts, beyond_07ff, blank = 0, False, False, True
    try:
        with path.open("rb") as file:
            block = file.read(_BLOCK)
            if not block.strip() or block.startswith((b"PK", b"\xd0\xcf", b"SQLite")):
                return None
            encoding = "utf-8-sig" if block.startswith(codecs.BOM_UTF8) else "utf-8"
            if encoding == "utf-8" and _wide_head(block, size):
                return None
            first, lead = True, _Lead()
            while block:
                if b"\x00" in block:
                    return None
                text = decoder.decode(block)
                if first:
                    first = False
                    text = text.removeprefix("\ufeff")
                if lead.html(text):
                    raise cannot_import(path, "html")
                # _CONTROL's characters are ASCII: in UTF-8 each is its own byte and no other
                # character's, so the block's bytes are searched (a million rows: 0.18 s as
                # text, 0.04 s as bytes, kept when all but those are deleted)
                if block.translate(None, _NOT_CONTROL_BYTES):
                    control = _CONTROL_BYTES.search(block)
                    assert control is not None
                    line = lines + block.count(b"\n", 0, control.start()) + 1
                    code = f"U+{control.group()[0]:04X}"
                    raise cannot_import(path, "control_char", line=line, code=code)
                lines += block.count(b"\n")
                blank = blank and not text.strip()
                if not beyond_07ff:  # once a character beyond U+07FF is met, the others
                    # of U+0100-U+07FF say nothing more (a million rows of 汉字: 0.17 s)
                    other_scripts = other_scripts or bool(_OTHER_SCRIPTS.search(text))
                    beyond_07ff = bool(_BEYOND_07FF.search(text))
                block = file.read(_BLOCK)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    except OSError as exc:
        raise unreadable(path, exc) from None
    if blank or (other_scripts and not beyond_07ff):
        return None  # empty, or GBK that reads as UTF-8 by chance: the whole-file rules say
    return encoding


_HTML = ("<!doctype html", "<html", "<table", "<?xml")
_HTML_LEAD = 15  # characters of a text, past its leading blanks, that can say it is HTML


class _Lead:
    """The first characters of a text read a block at a time, past its leading blanks:
    whether it starts as a web page (read_text's rule) whatever the blocks' edges (a blank
    line, then a megabyte-long line of <table>: the first block is all blank)."""

    def __init__(self) -> None:
        self.text = ""

    def html(self, text: str) -> bool:
        """Whether the text read so far, `text` added, starts as a web page."""
        if len(self.text) >= _HTML_LEAD:
            return False  # decided by an earlier block
        self.text = (self.text + text).lstrip()[:_HTML_LEAD]
        return self.text.lower().startswith(_HTML)


def _gb18030_in_blocks(path: Path, size: int) -> str | None:
    """ "gb18030" when the whole file is GBK/GB18030 table text that decode_text and
    read_text take without a doubt (rule 6 below), judged a block of whole lines at a time:
    what a shop's or Excel's GBK export of a million rows is (80 MB read whole held ~1.1 GB).
    None when anything would want the whole file to say: a doubt, a refusal, a line longer
    than _CARRY_MAX; read_text then decides and words it, as for any file."""
    judge = _GbJudge()
    try:
        with path.open("rb") as file:
            if _wide_head(file.read(_HEAD), size):
                return None
            file.seek(0)
            for block in _line_blocks(file):
                if block is None or not judge.take(block):
                    return None
    except OSError as exc:
        raise unreadable(path, exc) from None
    return "gb18030" if judge.believed() else None


def _wide_in_blocks(path: Path) -> str | None:
    """ "utf-16" or "utf-32" when the file begins with that BOM (Excel's "Unicode text" is
    UTF-16 with one) and the whole of it decodes strictly and is table text, checked as
    read_text checks it, a block at a time; None otherwise (the whole-file rules word it)."""
    blank = True
    try:
        with path.open("rb") as file:
            block = file.read(_BLOCK)
            found = [encoding for bom, encoding in _BOMS if block.startswith(bom)]
            if not found or found[0] not in ("utf-16", "utf-32"):
                return None
            decoder = codecs.getincrementaldecoder(found[0])()
            text = decoder.decode(block)  # the BOM is the decoder's: not in the text
            lead = _Lead()
            while True:
                if lead.html(text):
                    return None
                if _CONTROL.search(text):  # Ctrl-Z at the end too: the whole-file rules say
                    return None
                blank = blank and not text.strip()
                block = file.read(_BLOCK)
                if not block:
                    break
                text = decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    except OSError as exc:
        raise unreadable(path, exc) from None
    return None if blank else found[0]


_CARRY_MAX = 16 * 1024 * 1024  # a line longer than this is judged with the whole file


def _line_blocks(file: BinaryIO) -> Iterator[bytes | None]:
    """The file's bytes a block of whole lines at a time (the last may end without a line
    end); None, and no more, for a line longer than _CARRY_MAX. A GBK or GB18030 character
    never holds the byte 0A (its second and fourth bytes are 0x30-0x39 or 0x40-0xFE), nor
    does a UTF-8 one: a line end is a character boundary in either reading."""
    carry = b""
    while block := file.read(_BLOCK):
        block = carry + block
        end = block.rfind(b"\n") + 1
        if not end:
            if len(block) > _CARRY_MAX:
                yield None
                return
            carry = block
            continue
        carry = block[end:]
        yield block[:end]
    if carry:
        yield carry


class _GbJudge:
    """decode_text's and read_text's verdict on a file read as GB18030, gathered a block of
    whole lines at a time: every rule that looks at lines is applied to each block, and the
    rules on the whole file's characters and bytes are applied to the totals by `believed`."""

    def __init__(self) -> None:
        self.utf8 = True  # every block so far is well-formed UTF-8
        self.non_ascii_bytes = self.well_formed = 0  # of _utf8_share's measure, summed
        self.distinct: set[str] = set()
        self.blank, self.lead = True, _Lead()

    def take(self, block: bytes) -> bool:
        """False when the block alone is a reason for the whole-file rules to decide."""
        if b"\x00" in block or block.translate(None, _NOT_CONTROL_BYTES):
            return False  # binary, or a control character (Ctrl-Z at the end among them)
        non_ascii, well_formed = _utf8_measure(block)
        self.non_ascii_bytes += non_ascii
        self.well_formed += well_formed
        if self.utf8:
            try:
                block.decode("utf-8")
            except UnicodeDecodeError:
                self.utf8 = False
        try:
            text = block.decode("gb18030")
        except UnicodeDecodeError:
            return False
        if self.lead.html(text):
            return False
        if _NOT_TEXT.search(text) or _utf8_row(block) is not None:
            return False
        self.blank = self.blank and not text.strip()
        self.distinct.update(_non_ascii(text))
        return True

    def believed(self) -> bool:
        """Whether decode_text takes the whole file as GB18030 with no doubt (_doubt_gb)."""
        if self.blank or self.utf8:  # empty, or all UTF-8 (GBK by chance: the whole decides)
            return False
        non_ascii = self.non_ascii_bytes
        if non_ascii and self.well_formed / non_ascii >= UTF8_SHARE:
            return False  # mostly UTF-8: damaged UTF-8 or a short GBK file, the whole decides
        distinct = list(self.distinct)
        if not any(map(_gb2312, distinct)) and any(map(_ascii_second_byte, distinct)):
            return False  # a stray byte before an ASCII letter (_stray_lead)
        return _common_share(distinct, _gb2312) >= COMMON_SHARE


_HEAD = 64 * 1024


def _refuse_non_text(path: Path, data: bytes) -> None:
    """Refuse a file whose first bytes say it is no table text (`data`: its first bytes)."""
    if data.startswith(b"SQLite format 3\x00"):
        raise cannot_import(path, "sqlite")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise cannot_import(path, "xls")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise cannot_import(path, _zip_kind(path))
    for signature, kind in _NOT_TABLES:
        if data.startswith(signature):
            raise cannot_import(path, kind)
    if data[4:12] in _HEIF_BRANDS or (data.startswith(b"RIFF") and data[8:12] == b"WEBP"):
        raise cannot_import(path, "image")  # an iPhone's photo (HEIC), a WebP


# Files a seller may take for their customer list, said as what they are.
_NOT_TABLES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "image"),  # JPEG
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"Rar!\x1a\x07", "zip"),
    (b"7z\xbc\xaf\x27\x1c", "zip"),
    (b"\x1f\x8b", "zip"),  # gzip
)
_HEIF_BRANDS = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1")


def _zip_kind(path: Path) -> str:
    """What a zip is: a workbook, an Apple Numbers file, a Word or PowerPoint file, or an
    archive of other files."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("Index/") and name.endswith(".iwa") for name in names):
        return "numbers"
    if any(name.startswith(("word/", "ppt/")) for name in names):
        return "office_document"
    return "zip"


# How the encoding is decided, on the whole file (a Chinese seller's files are UTF-8, GBK
# or, from Excel's "Unicode text", UTF-16; Taiwan and Hong Kong files may be Big5):
#  1. a BOM decides: UTF-8, UTF-16 or UTF-32;
#  2. UTF-16 without a BOM shows in its zero bytes: a table's text is much ASCII (digits,
#     commas, line ends), so a quarter or more of its pairs have a 0 byte on one side, and
#     the other side has few (一 is U+4E00: Chinese text has some);
#  3. other zero bytes: binary, not text;
#  4. text that decodes as UTF-8 is UTF-8 (pure ASCII too), unless it is GBK by chance
#     (_gbk_by_chance: a short file whose UTF-8 reading is all Armenian or Cyrillic);
#  5. text whose non-ASCII bytes are mostly (UTF8_SHARE) well-formed UTF-8 sequences is UTF-8
#     with damaged bytes: refused at the first bad byte, never re-read as GBK (GBK text forms
#     such sequences by chance, about a third of its bytes in our measurements) - unless
#     GB18030 reads it as common characters only (a short GBK file: 元 is D4 AA, which is
#     well-formed UTF-8 too; UTF-8 hanzi read as GBK give rare ones);
#  6. otherwise GB18030 (the superset of GB2312 and GBK), strictly: a byte it cannot read
#     refuses the file at that byte. The text it gives is accepted only when it looks like
#     Chinese written in GBK: no private-use or unassigned characters (what stray bytes
#     decode to), no line that is really UTF-8 (mixed encodings), at least two thirds of
#     its distinct non-ASCII characters among GB2312's common ones - Big5 or Shift-JIS read as
#     GBK give mostly rare characters. A stray lead byte before a comma, a line end, a quote
#     or a digit is no GBK character: refused at that byte. Before a letter it makes a
#     character of GBK's (癈 is B0 43, "C"), as 昇 (95 4E), 玥 (AB 68) and 珺 (AC 42), popular
#     in given names, are made: the bytes cannot tell them apart, so it is read as written.
#     Unless the reading has no common character at all (an English header, ASCII rows):
#     then it is ASCII with a stray byte (_stray_lead), refused at that byte.
#     Fewer common ones than that are believed all the same for a short file of rare given
#     names (祎 玥 喆 翀: _rare_names) when every rare character is a two-byte GBK hanzi, a
#     few common hanzi stand beside them, and the bytes read as no Big5 or Japanese text.
#     A doubt tries Big5 (strictly), believed only when BIG5_SHARE of its distinct characters
#     are Big5's frequent ones, or in a file too short to measure (a header and a row) all
#     of them, four at least (_short_big5); else refused.
# Never a guess among Japanese, Korean or Latin code pages, never errors="replace": what
# cannot be decoded with confidence is refused, naming the line and byte to look at.
UTF8_SHARE = 0.8
COMMON_SHARE = 2 / 3
BIG5_SHARE = 0.85  # GBK read as Big5 gives about half rare characters
_MIN_RARE = 3  # fewer rare characters than this say nothing (a name like 张喆 has one)
_MIN_MEASURED = 10  # Big5 needs evidence: this many distinct characters at least
_MIN_SHORT_BIG5 = 4  # a shorter Big5 file: all frequent, and this many (姓名 電話) at least
# Two hanzi in UTF-8, spelt out (a quantified group is five times slower to scan).
_UTF8_HANZI_PAIR = re.compile(
    rb"[\xe4-\xe9][\x80-\xbf][\x80-\xbf][\xe4-\xe9][\x80-\xbf][\x80-\xbf]"
)
_NON_ASCII = bytes(range(0x80, 0x100))
_OTHER_SCRIPTS = re.compile(r"[\u0100-\u07ff]")
_BEYOND_07FF = re.compile(r"[^\x00-\u07ff]")
_NOT_TEXT = re.compile(r"[\ue000-\uf8ff\ufffd\U000f0000-\U0010ffff]")  # private use, U+FFFD


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding) by the rule above; BookError naming the line and byte if refused."""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _strictly(path, data, bom_encoding), bom_encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strictly(path, data, utf16), utf16
    if b"\x00" not in data:
        return _decode_bytes(path, data)
    # A zero byte in text that reads as text but for it (a broken export, a disk's damage)
    # is named by its row; one beside other control bytes, or in bytes that are no text,
    # says the file is binary.
    if _CONTROL_BYTES.search(data.replace(b"\x00", b"")):
        raise cannot_import(path, "binary")
    try:
        return _decode_bytes(path, data)
    except BookError:
        raise cannot_import(path, "binary") from None


def _decode_bytes(path: Path, data: bytes) -> tuple[str, str]:
    """decode_text's rules 4-6: UTF-8, GB18030 or Big5, of text without a BOM."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    else:
        by_chance = _gbk_by_chance(data, text)
        return (by_chance, "gb18030") if by_chance is not None else (text, "utf-8")
    mostly_utf8 = _utf8_share(data) >= UTF8_SHARE
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        offset, encoding = (utf8_error, "UTF-8") if mostly_utf8 else (exc.start, "GB18030")
        # text mostly in UTF-8 with a bad byte is damaged; else it may be in another encoding
        raise _bad_byte(path, data, offset, encoding, guessed=not mostly_utf8) from None
    if mostly_utf8 and not _all_common(_non_ascii(text)):
        raise _bad_byte(path, data, utf8_error, "UTF-8")
    doubt = _doubt_gb(data, text)
    if doubt is None:
        return text, "gb18030"
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        raise doubt(path) from None
    if _NOT_TEXT.search(big5):
        raise doubt(path)
    distinct = _non_ascii(big5)
    if _common_share(distinct, _big5_common, least=0) >= BIG5_SHARE or _short_big5(distinct):
        return big5, "big5"
    raise doubt(path)


def _short_big5(distinct: list[str]) -> bool:
    """Whether a file too short to measure (fewer than _MIN_MEASURED distinct characters: a
    header and a row, 姓名,電話 / 陳小明) that GBK cannot read with confidence is Big5: every
    one of its characters in Big5's reading is one of Big5's frequent ones, and there are
    _MIN_SHORT_BIG5 of them at least. GBK is the seller's likelier encoding, so this is
    asked only of bytes GBK does not read with confidence; GBK's common hanzi read as Big5
    are frequent ones about a third of the time, so a damaged GBK file passes for Big5 by
    chance about once in a hundred (four characters) to ten thousand (eight)."""
    return len(distinct) >= _MIN_SHORT_BIG5 and all(map(_big5_common, distinct))


def _gbk_by_chance(data: bytes, text: str) -> str | None:
    """GB18030's reading of GBK text that is well-formed UTF-8 by chance, else None.

    A short GBK file can be: 元 is D4 AA, UTF-8 for U+052A (Ԫ). Its UTF-8 reading then has
    letters of other scripts (U+0100-U+07FF) and no CJK at all, and GB18030 reads it as
    common hanzi only; a seller's real UTF-8 file with such letters has CJK beside them.
    """
    if text.isascii() or not _OTHER_SCRIPTS.search(text) or _BEYOND_07FF.search(text):
        return None
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return gb if _all_common(_non_ascii(gb)) else None


def _wide_head(head: bytes, size: int) -> bool:
    """Whether a file's first bytes (`size`: the whole file's) say it is UTF-16 or UTF-32 (or
    UTF-8 with its BOM): a BOM, or UTF-16's zero bytes without one."""
    return head.startswith(tuple(bom for bom, _ in _BOMS)) or bool(_utf16_without_bom(head, size))


def _utf16_without_bom(data: bytes, size: int | None = None) -> str | None:
    """ "utf-16-le"/"-be" when `data` (a file's first bytes; `size` the whole file's, if
    more) looks like UTF-16 without a BOM."""
    sample = data[:65_536]
    pairs = len(sample) // 2
    if pairs < 2 or (len(data) if size is None else size) % 2:
        return None
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    if odd >= pairs / 4 and even <= odd / 8:
        return "utf-16-le"
    if even >= pairs / 4 and odd <= even / 8:
        return "utf-16-be"
    return None


def _utf8_share(data: bytes) -> float:
    non_ascii, well_formed = _utf8_measure(data)
    return well_formed / non_ascii if non_ascii else 1.0


def _utf8_measure(data: bytes) -> tuple[int, int]:
    """(non-ASCII bytes, those of them in well-formed UTF-8 sequences) of `data`; summed
    over blocks of whole lines, the whole file's (no sequence spans a line end)."""
    ascii_bytes = len(data.translate(None, _NON_ASCII))
    # Measuring only: the bytes left when the malformed ones are dropped. No text comes of it.
    well_formed = len(data.decode("utf-8", errors="ignore").encode("utf-8")) - ascii_bytes
    return len(data) - ascii_bytes, well_formed


def _doubt_gb(data: bytes, text: str) -> Callable[[Path], BookError] | None:
    """Why GB18030's reading of `data` is not believed (a BookError maker), or None."""
    odd = _NOT_TEXT.search(text)
    if odd:
        offset = len(text[: odd.start()].encode("gb18030"))
        return lambda path: _bad_byte(path, data, offset, "GBK/GB18030", guessed=True)
    distinct = _non_ascii(text)
    stray = _stray_lead(text, distinct)
    if stray >= 0:  # as much UTF-8 as GBK but for this byte: named as UTF-8's
        offset = len(text[:stray].encode("gb18030"))
        # (a Windows-1252 é, a Shift-JIS byte: another encoding's as likely as damage)
        return lambda path: _bad_byte(path, data, offset, "UTF-8", guessed=True)
    start = _utf8_row(data)
    if start is not None:
        number = data.count(b"\n", 0, start) + 1
        return lambda path: cannot_import(path, "mixed_encodings", line=number)
    rare = [char for char in distinct if not _gb2312(char)]
    if _common_share(distinct, _gb2312) < COMMON_SHARE and not _rare_names(data, distinct, rare):
        first = _first_of(text, rare)
        number = text.count("\n", 0, first) + 1
        return lambda path: cannot_import(path, "not_chinese", line=number, example=text[first])
    return None


def _utf8_row(data: bytes) -> int | None:
    """Where the first line of `data` that is really UTF-8 (in a file read as GBK) starts;
    None if none is."""
    for pair in _UTF8_HANZI_PAIR.finditer(data):
        start = data.rfind(b"\n", 0, pair.start()) + 1
        end = data.find(b"\n", pair.end())
        row = data[start : end if end >= 0 else len(data)]
        try:
            row.decode("utf-8")
        except UnicodeDecodeError:
            continue
        # A GBK row that is valid UTF-8 by chance reads as common hanzi in GB18030; a real
        # UTF-8 row reads as rare ones (its continuation bytes 0x80-0xA0 are no GB2312 byte).
        # Judging only: "ignore" makes no text that is kept.
        if not _all_common(row.decode("gb18030", errors="ignore")):
            return start
    return None


def _stray_lead(text: str, distinct: list[str]) -> int:
    """Where a stray byte seems to have made a GBK character of the ASCII letter after it
    (A8 41 is ˋ, B0 43 癈): a character of two bytes, the second ASCII, in a reading with
    none of GB2312's common characters (a GBK file has its header's, or a common name's);
    -1 if none."""
    if any(map(_gb2312, distinct)):
        return -1
    made = [char for char in distinct if _ascii_second_byte(char)]
    return _first_of(text, made)


def _ascii_second_byte(char: str) -> bool:
    encoded = char.encode("gb18030")
    return len(encoded) == 2 and encoded[1] < 0x80


def _rare_names(data: bytes, distinct: list[str], rare: list[str]) -> bool:
    """Whether a GBK reading with many rare characters is GBK all the same: a short file of
    given names (祎 玥 喆 翀 are GBK's, not GB2312's) has few common characters to outweigh
    them. Believed when every rare one is a hanzi GBK writes in two bytes (not a symbol,
    private-use or four-byte GB18030 character: what stray bytes give), the file holds a
    few common hanzi too (its header), and it is no other East Asian text read as GBK:
    not Big5 (Big5's frequent characters in its own reading) and not Shift-JIS (kana)."""
    if not all(_GBK_HANZI.fullmatch(char) and len(char.encode("gb18030")) == 2 for char in rare):
        return False
    if sum(1 for char in distinct if _GBK_HANZI.fullmatch(char)) - len(rare) < _MIN_COMMON:
        return False
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        pass
    else:
        if _common_share(_non_ascii(big5), _big5_common, least=1) >= BIG5_SHARE:
            return False
    try:
        japanese = data.decode("shift_jis")
    except UnicodeDecodeError:
        return True
    return not _KANA.search(japanese)


_GBK_HANZI = re.compile(r"[\u4e00-\u9fa5]")  # GBK's unified hanzi (its 21,003)
_KANA = re.compile(r"[\u3040-\u30ff]")  # hiragana and katakana (full width)
_MIN_COMMON = 2  # common hanzi a file of rare names has besides: its header's at least


def _first_of(text: str, chars: list[str]) -> int:
    """The position of the first of `chars` in `text` (a C search), -1 if none is there."""
    found = re.search(f"[{re.escape(''.join(chars))}]", text) if chars else None
    return found.start() if found else -1


def _non_ascii(text: str) -> list[str]:
    """The text's distinct characters beyond ASCII (a set of a million rows: a C loop)."""
    return [char for char in set(text) if char > "\x7f"]


def _common_share(
    distinct: list[str], common: Callable[[str], bool], least: int = _MIN_RARE
) -> float:
    """The share of `distinct` (a text's distinct non-ASCII characters) that are `common`.

    1.0 when fewer than `least` are rare (a name or two says nothing); with least=0, 0.0
    when the text has too few characters to measure (_MIN_MEASURED): no evidence.
    """
    rare = [char for char in distinct if not common(char)]
    if len(rare) < least:
        return 1.0
    if not least and len(distinct) < _MIN_MEASURED:
        return 0.0
    return 1 - len(rare) / len(distinct)


def _gb2312(char: str) -> bool:
    """One of GB2312's 7,445 characters: the hanzi and symbols of everyday simplified text."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _big5_common(char: str) -> bool:
    """A symbol or one of Big5's 5,401 frequent hanzi (lead bytes 0xA1–0xC6)."""
    try:
        encoded = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA1 <= encoded[0] <= 0xC6


def _all_common(chars: Iterable[str]) -> bool:
    return all(char <= "\x7f" or _gb2312(char) for char in chars)


def _strictly(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        # utf-8-sig counts from after its BOM (utf-16 and utf-32 from the file's start)
        offset = exc.start + (len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)
        shown = "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
        raise _bad_byte(path, data, offset, shown) from None


def _bad_byte(
    path: Path, data: bytes, offset: int, encoding: str, guessed: bool = False
) -> BookError:
    """import.bad_byte_at: the line and the byte of the file (both 1-based, as a hex editor
    counts them; `offset` is 0-based) of the first bad byte. `guessed`: the file has no BOM
    and read as none of UTF-8, GBK and Big5, which an intact file in another encoding
    (Shift-JIS, Windows-1252, Big5-HKSCS) does too: said so (import.bad_byte_guessed), not
    only as damage."""
    newline = (
        b"\n\x00" if encoding == "UTF-16-LE" else b"\x00\n" if encoding == "UTF-16-BE" else b"\n"
    )
    line = data.count(newline, 0, offset) + 1
    byte = f"0x{data[offset]:02X}"
    key = "bad_byte_guessed" if guessed else "bad_byte_at"
    return cannot_import(path, key, line=line, offset=offset + 1, byte=byte, encoding=encoding)
