"""What an .xlsx's workbook part (xl/workbook.xml) says of every sheet at once: the date
system its day numbers count in, and whether it was ever calculated.

Reads that part only (no cells, no SQLite); a file whose part cannot be read is taken as
the common case (the 1900 system, calculated): the workbook library then names the damage.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xiaoben.store.importing.sheet_scan import DAMAGED_ZIP

# xsd booleans: "1" or "true"; any namespace prefix (<x:workbookPr …>)
_DATE_1904 = re.compile(rb'<(?:\w+:)?workbookPr\b[^>]*?\sdate1904="(?:1|true)"')
_CALC_ON_LOAD = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*?\sfullCalcOnLoad="(?:1|true)"')


@dataclass(frozen=True)
class WorkbookPart:
    """`date1904`: its day numbers count from 1904-01-01 (Excel for Mac's date system).
    `never_calculated`: it asks to be calculated when opened (fullCalcOnLoad), as a
    program that writes formulas without their results does (xlsxwriter, openpyxl): a
    value saved with a formula may be a placeholder (0), not what a spreadsheet shows."""

    date1904: bool = False
    never_calculated: bool = False


def workbook_part(path: Path) -> WorkbookPart:
    """What the .xlsx at `path` says of its sheets (WorkbookPart)."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/workbook.xml")
    except DAMAGED_ZIP:
        return WorkbookPart()
    return WorkbookPart(
        date1904=_DATE_1904.search(xml) is not None,
        never_calculated=_CALC_ON_LOAD.search(xml) is not None,
    )
