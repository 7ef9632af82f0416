"""Workbooks and contact files as sellers have them, written by the tests themselves."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import xlwt

TITLE = "2024年客户名单（内部）"


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """One sheet per entry, rows from A1; None is a blank cell, [] a blank row."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row) or [None])
    workbook.save(path)
    return path


def write_xls(
    path: Path,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    *,
    dates_1904: bool = False,
    hidden: Sequence[int] = (),
    hidden_columns: Sequence[int] = (),
) -> Path:
    """A legacy .xls of one sheet, rows from A1; None is a blank cell. `dates_1904`: saved
    in Excel for Mac's 1904 date system; `hidden`: the rows hidden (1-based);
    `hidden_columns`: the columns hidden (0-based)."""
    workbook = xlwt.Workbook()
    workbook.dates_1904 = dates_1904
    written = workbook.add_sheet(sheet)
    for y, row in enumerate(rows):
        for x, value in enumerate(row):
            if value is not None:
                written.write(y, x, value)
    for row in hidden:
        written.row(row - 1).hidden = True
    for column in hidden_columns:
        written.col(column).hidden = True
    workbook.save(str(path))
    return path


def customers_workbook(path: Path) -> Path:
    """As a seller keeps it: a merged title over the header, blank rows, number-cell phones and
    codes, date cells and an Excel serial date, and a second sheet of notes."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append([TITLE])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["制表：小王", None, None, None, None, "2024/3/1"])
    sheet.append([])
    sheet.append(["编号", "姓名", "手机", "生日", "城市", "标签"])
    sheet.append(["00041", "王芳", 13800138000, dt.date(1990, 3, 5), "杭州", "老客户"])
    sheet.append([42, "李娜", 13900139000.0, dt.datetime(1988, 12, 1), "上海", None])
    sheet.append([])
    sheet.append(["00043", "赵敏", "137 0000 0000", 33031, "北京", "VIP"])
    sheet.append(["00044", "孙丽", 13600136000, "农历八月十五", None, None])
    sheet.append(["00045", "周杰", None, "3月5日", None, None])
    notes = workbook.create_sheet("说明")
    notes.append(["本表由小王整理"])
    workbook.save(path)
    return path


def write_ods(
    path: Path,
    sheet: str,
    rows: Sequence[Sequence[str]],
    row_attributes: Sequence[str] = (),
) -> Path:
    """A minimal OpenDocument spreadsheet of one sheet; each cell given as its element's XML
    (<table:table-cell …><text:p>…</text:p></table:table-cell>); each row's attributes in
    `row_attributes` (' table:visibility="collapse"'), if given."""
    attributes = [*row_attributes, *[""] * (len(rows) - len(row_attributes))]
    body = "".join(
        f"<table:table-row{extra}>{''.join(row)}</table:table-row>"
        for extra, row in zip(attributes, rows, strict=True)
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as out:
        out.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        out.writestr("content.xml", content)
        out.writestr("META-INF/manifest.xml", manifest)
    return path
