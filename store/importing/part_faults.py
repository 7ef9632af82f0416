"""Which part of a workbook the workbook library could not read is at fault, for the
message that refuses it: a part that declares XML entities of its own (a DTD: an entity
bomb, "billion laughs"; no spreadsheet program writes one), a part that is no well-formed
XML, or one whose bytes cannot be unpacked.

A look after the library has refused the file, never before it reads one; no SQLite.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.parsers import expat

from xiaoben.store.importing.sheet_scan import DAMAGED_ZIP

_CHUNK = 1 << 20
_XML_PARTS = (".xml", ".rels")


class _Declared(Exception):
    """A part declares a document type (and so may declare entities): never parsed on."""


_PROLOG = 1 << 20  # a document type comes before the root element, in the part's first bytes
_ROOT = re.compile(rb"<[A-Za-z_]")


def declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part's document type declares anything of its own (an internal subset,
    where entities are declared) before its root element: calamine reads a cell whose
    entity it does not know as blank, silently. A document type naming only an outside
    DTD (OpenOffice's and many libraries' META-INF/manifest.xml: `<!DOCTYPE
    manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">`)
    declares nothing: expat never fetches it."""
    if not info.filename.endswith(_XML_PARTS):
        return False
    with archive.open(info) as part:
        head = part.read(_PROLOG)
    root = _ROOT.search(head)
    prolog = head[: root.start() if root else len(head)]
    if b"<!DOCTYPE" not in prolog:
        return False
    parser = _prolog_parser()
    try:
        parser.Parse(prolog, False)
    except _Declared:
        return True
    except expat.ExpatError:
        return False  # not XML: the workbook reader says so, and _fault names the part
    return False


def _prolog_parser() -> expat.XMLParserType:
    """An expat parser stopped (_Declared) by a document type with an internal subset or by
    an entity declared, before anything of it is read on, let alone expanded."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _doctype
    parser.EntityDeclHandler = _declared
    return parser


def _doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
    if internal:
        raise _Declared


def damaged_part(path: Path) -> tuple[str, str, dict[str, int]] | None:
    """(the part's name, the catalogue key of its fault, the key's values) of the first
    part of the zip at `path` that is at fault; None when none is (or it is no zip)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.endswith(_XML_PARTS):
                    fault = _fault(archive, info)
                    if fault is not None:
                        return info.filename, *fault
    except DAMAGED_ZIP:
        return None
    return None


def _fault(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, dict[str, int]] | None:
    """The part read by expat, stopped at a document type declaration before any entity of
    it could be declared, let alone expanded."""
    parser = _prolog_parser()
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Declared:
        return "import.part_entities", {}
    except expat.ExpatError as exc:
        return "import.part_not_xml", {"line": exc.lineno, "column": exc.offset + 1}
    except DAMAGED_ZIP:
        return "import.part_unpack", {}
    return None


def _declared(*_: object) -> None:
    raise _Declared
