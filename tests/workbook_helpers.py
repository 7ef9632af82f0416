"""Workbooks and contact files as sellers have them, written by the tests themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

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
