"""Formula cells of an .xlsx whose value was never saved: a workbook a program wrote and no
spreadsheet opened and saved (no value, or a placeholder 0 in a workbook that was never
calculated). Their cells read as empty, so each is named to the seller.

Reads the sheet's XML only (no values, no SQLite); the sheet reader reads the cells.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

# Above this the sheet's XML is not scanned (a 100k-row export): such files come from the
# shops, whose exports hold values, not formulas without them.
SCAN_LIMIT = 16 * 1024 * 1024
# Each element may carry a namespace prefix (<x:sheet>, <x:c>: the .NET Open XML SDK and the
# ERP and shop back-ends built on it write them so), and the relationship id's attribute
# any prefix its namespace was given (r:id, most often).
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
_SHEET = re.compile(rb"<" + _P + rb'sheet\b[^>]*?\bname="([^"]*)"[^>]*?\b\w+:id="([^"]*)"')
_SHEET_ID_FIRST = re.compile(rb"<" + _P + rb'sheet\b[^>]*?\b\w+:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_RELATION = re.compile(rb"<" + _P + rb'Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_RELATION_TARGET_FIRST = re.compile(
    rb"<" + _P + rb'Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"'
)
# A formula cell with no value after it: <c r="E2"><f>C2*D2</f><v /></c>, or a shared one.
_FORMULA_CELL = (
    rb"<" + _P + rb'c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*'
    rb"(?:<" + _P + rb"f\b[^>]*>([^<]*)</" + _P + rb"f>|<" + _P + rb"f\b[^>]*/>)\s*"
)
_V_EMPTY = rb"<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*</" + _P + rb"v>"
_CLOSE = rb"\s*</" + _P + rb"c>"
_UNSAVED = re.compile(_FORMULA_CELL + rb"(?:" + _V_EMPTY + rb")?" + _CLOSE)
# … or, in a workbook never calculated, with the placeholder a writer saves unless given the
# result (xlsxwriter's <v>0</v>): a value it was given (88 for =100-12) is the formula's
_PLACEHOLDER = re.compile(
    _FORMULA_CELL + rb"(?:<" + _P + rb"v\s*/>|<" + _P + rb"v>\s*0?\s*</" + _P + rb"v>)?" + _CLOSE
)


def unsaved_formulas(
    path: Path, sheet: str, uncalculated: bool = False
) -> list[tuple[int, str, str]]:
    """(row, cell reference, formula) of each formula cell of `sheet` with no saved value
    (`uncalculated`: the workbook was never calculated, workbook_xml: or with a placeholder
    0); [] when there is none, or the file is no .xlsx or too big to scan."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = sheet_member(archive, sheet)
            if member is None or archive.getinfo(member).file_size > SCAN_LIMIT:
                return []
            xml = archive.read(member)
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    if b"<f" not in xml and b":f" not in xml:
        return []
    return [
        (int(row), f"{column.decode()}{row.decode()}", "=" + _unescaped(formula or b""))
        for column, row, formula in (_PLACEHOLDER if uncalculated else _UNSAVED).findall(xml)
    ]


def sheet_member(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the sheet named `sheet`, through workbook.xml and its rels."""
    workbook = archive.read("xl/workbook.xml")
    wanted = sheet.encode()
    ids = {name: rid for name, rid in _SHEET.findall(workbook)}
    ids |= {name: rid for rid, name in _SHEET_ID_FIRST.findall(workbook)}
    rid = ids.get(_escaped(wanted))
    if rid is None:
        return None
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = dict(_RELATION.findall(rels))
    targets |= {ident: target for target, ident in _RELATION_TARGET_FIRST.findall(rels)}
    target = targets.get(rid)
    if target is None:
        return None
    name = target.decode()
    return name.lstrip("/") if name.startswith("/") else posixpath.join("xl", name)


def _escaped(text: bytes) -> bytes:
    return text.replace(b"&", b"&amp;").replace(b'"', b"&quot;").replace(b"<", b"&lt;")


def _unescaped(text: bytes) -> str:
    decoded = text.decode("utf-8", errors="backslashreplace")  # shown in a message only
    for entity, char in (("&quot;", '"'), ("&lt;", "<"), ("&gt;", ">"), ("&apos;", "'")):
        decoded = decoded.replace(entity, char)
    return decoded.replace("&amp;", "&")
