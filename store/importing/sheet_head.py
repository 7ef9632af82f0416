"""A look at the first rows of an .xlsx sheet from its XML, the workbook library reading
none of it: the rows a header is looked for in, with the row after them, and the cells
merged on a row. For a sheet a default read only names beside the one it reads (alike,
passed over): the library reads a sheet whole, as long to read as the sheet imported. A
look, not a reader: the sheet read is read by calamine. No SQLite.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, iterparse

from xiaoben.store.importing.formulas import sheet_member
from xiaoben.store.importing.sheet_cells import CellValue, cell_text
from xiaoben.store.importing.sheet_rows import Boxes, looks_blank
from xiaoben.store.importing.sheet_scan import DAMAGED_ZIP, column_number

_CHUNK = 1 << 16
_DAMAGED: tuple[type[Exception], ...] = (*DAMAGED_ZIP, ParseError)  # a damaged file or XML
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\sref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_MERGES = re.compile(rb"<(?:\w+:)?mergeCells\b")
_STRING = re.compile(rb"<(?:\w+:)?si\b")
_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.DOTALL)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.DOTALL)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape of a control character


@dataclass
class SheetHead:
    """The first non-blank rows of a sheet (row number as the spreadsheet shows it, the
    text of each cell from column A on) and its merged cells, 0-based as calamine gives
    them."""

    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    merged: Boxes = ()


def sheet_head(path: Path, sheet: str, rows: int) -> SheetHead | None:
    """The first `rows` non-blank rows of `sheet` of the .xlsx at `path`; None when its XML
    cannot be found or read (a damaged file: the sheet is then left unnamed, as one the
    library cannot read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = sheet_member(archive, sheet)
            if member is None:
                return None
            head: list[tuple[int, list[str]]] = []
            with archive.open(member) as xml:
                written = _written_rows(xml)
                while len(head) < rows and (batch := list(islice(written, rows - len(head)))):
                    shared = _shared_strings(archive, _indices(batch))
                    texts = ((number, _texts(cells, shared)) for number, cells in batch)
                    head += [(number, cells) for number, cells in texts if cells]
            with archive.open(member) as xml:
                merged = _merged(xml)
    except _DAMAGED:
        return None
    return SheetHead(head, merged)


# A cell as written: (column, 1-based; its type, t="…"; its value, or its inline text)
_Cell = tuple[int, str, str]


def _written_rows(xml: IO[bytes]) -> Iterator[tuple[int, list[_Cell]]]:
    """(row number, cells) of each row holding a cell with a value, as far as it is asked
    for (a row of spaces only is told blank once its text is known)."""
    row = 0
    for _, element in iterparse(xml):
        if _tag(element) != "row":
            continue
        number = element.get("r", "")
        row = int(number) if number.isdigit() else row + 1
        cells = _cells(element)
        element.clear()
        if cells:
            yield row, cells


def _indices(rows: list[tuple[int, list[_Cell]]]) -> set[int]:
    """The shared strings the rows' cells name."""
    return {
        int(value)
        for _, cells in rows
        for _, kind, value in cells
        if kind == "s" and value.isdigit()
    }


def _cells(row: Element) -> list[_Cell]:
    cells: list[_Cell] = []
    column = 0
    for cell in row:
        if _tag(cell) != "c":
            continue
        reference = cell.get("r", "")
        letters = reference.rstrip("0123456789")
        column = column_number(letters) if letters.isalpha() and letters.isupper() else column + 1
        kind = cell.get("t", "n")
        value = None
        for part in cell:
            tag = _tag(part)
            if tag == "v":
                value = part.text or ""
            elif tag == "is":
                value = _inline(part)
        if value is not None:
            cells.append((column, kind, value))
    return cells


def _inline(element: Element) -> str:
    """An inline string's text: its runs' (<r><t>), never a phonetic guide's (<rPh>)."""
    texts: list[str] = []
    for part in element:
        tag = _tag(part)
        if tag == "t":
            texts.append(part.text or "")
        elif tag == "r":
            texts += [each.text or "" for each in part if _tag(each) == "t"]
    return "".join(texts)


def _tag(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _texts(cells: list[_Cell], shared: dict[int, str]) -> list[str]:
    """The row's cell texts from column A, as the library's values read (cell_text): a
    number's as a number's, an error's and a formula's without a value as blank; none
    after the last that holds one."""
    values: list[CellValue] = [None] * max(column for column, _, _ in cells)
    for column, kind, written in cells:
        values[column - 1] = _value(kind, written, shared)
    if looks_blank(values):
        return []
    texts = [cell_text(value)[0] for value in values]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _value(kind: str, written: str, shared: dict[int, str]) -> CellValue:
    if kind == "s":
        return _unescaped(shared.get(int(written), "")) if written.isdigit() else ""
    if kind in ("inlineStr", "str", "d"):
        return _unescaped(written)
    if kind == "b":
        return written.strip() in ("1", "true")
    if kind == "e":
        return None  # read as blank (the sheet read names its error cells)
    try:
        return float(written)
    except ValueError:
        return written


def _unescaped(text: str) -> str:
    return _ESCAPED.sub(lambda found: chr(int(found[1], 16)), text) if "_x" in text else text


def _shared_strings(archive: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """The workbook's shared strings of the indices `wanted`: its table is gone through only
    as far as the last of them, counted (C loops), the strings wanted parsed alone."""
    found: dict[int, str] = {}
    member = _shared_member(archive)
    if not wanted or member is None:
        return found
    last = max(wanted)
    index = -1  # the index of the last string begun before this chunk
    carry = b""
    plain = True  # <si>, as every writer but one naming the namespace (<x:si>) writes it
    with archive.open(member) as xml:
        while index < last:
            read = xml.read(_CHUNK << 4)
            chunk = carry + read
            if index < 0 and b"<si" not in chunk and b":si" in chunk:
                plain = False
            starts = _starts(chunk, plain)
            cut = starts[-1] if read and starts else len(chunk)  # a string whole in a chunk
            whole, carry = chunk[:cut], chunk[cut:]
            count = whole.count(b"<si>") + whole.count(b"<si ") if plain else len(starts)
            if any(index < each <= index + count for each in wanted):
                begun = [match.start() for match in _STRING.finditer(whole)] + [cut]
                for at in range(count):
                    if index + 1 + at in wanted:
                        found[index + 1 + at] = _string(whole[begun[at] : begun[at + 1]])
            index += count
            if not read:
                break
    return found


def _starts(chunk: bytes, plain: bool) -> list[int]:
    """Where the chunk's string elements begin: only its last when `plain` (counted, the
    others are looked for only in a chunk holding a string wanted)."""
    if not plain:
        return [match.start() for match in _STRING.finditer(chunk)]
    last = chunk.rfind(b"<si")
    return [last] if last >= 0 else []


def _string(element: bytes) -> str:
    """One shared string's text (<si>): its runs' <t>, never a phonetic guide's."""
    text = b"".join(found or b"" for found in _TEXT.findall(_PHONETIC.sub(b"", element)))
    return html.unescape(text.decode("utf-8", "replace"))


def _shared_member(archive: zipfile.ZipFile) -> str | None:
    names = {name.casefold(): name for name in archive.namelist()}
    return names.get("xl/sharedstrings.xml")


def _merged(xml: IO[bytes]) -> Boxes:
    """The sheet's merged cells (<mergeCells>, after its rows: the rows are gone through
    with C loops only), ((top, left), (bottom, right)) 0-based."""
    tail = b""
    carry = b""
    while read := xml.read(_CHUNK << 4):
        chunk = carry + read
        begun = None if tail or b"mergeCells" not in chunk else _MERGES.search(chunk)
        if tail or begun is not None:
            tail += chunk[begun.start() :] if begun is not None else chunk
            carry = b""
        else:
            carry = chunk[-32:]
    boxes = []
    for left, top, right, bottom in _MERGE.findall(tail):
        first = (int(top) - 1, column_number(left) - 1)
        last = (int(bottom) - 1, column_number(right) - 1) if right else first
        boxes.append((first, last))
    return boxes
