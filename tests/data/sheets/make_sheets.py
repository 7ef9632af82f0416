"""Makes the legacy .xls and .ods workbooks of tests/data/sheets/ (see README.md there).

Each is written as an .xlsx with openpyxl, then saved as .xls (BIFF8, "MS Excel 97") or
.ods by LibreOffice Calc, a maintained office suite whose files Excel and WPS open: a real
writer's records (formula errors with their cached value, number formats) rather than a
hand-made imitation. Needs `soffice` (Debian: libreoffice-calc-nogui). Run from anywhere:
    python tests/data/sheets/make_sheets.py
The files are committed; the tests only read them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).parent


def customers(far: str | None, errors: bool) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append(["姓名", "手机", "生日", "备注"])
    sheet.append(["王芳", "13800138000", dt.date(1990, 3, 5), "老客户"])
    sheet.append(["李雷", "13900139000", dt.date(2026, 3, 5), "=NA()" if errors else ""])
    sheet.append(["张伟", "13700137000", "=1/0" if errors else dt.date(1900, 3, 6), ""])
    sheet["C2"].number_format = "yyyy-mm-dd"  # a whole date: kept as it is
    sheet["C3"].number_format = 'm"月"d"日"'  # shows 3月5日: the year typed is no birthday
    if not errors:
        sheet["C4"].number_format = "mmm d"  # shows Mar 6
    if far is not None:
        sheet[far] = "x"
    return workbook


def saved_as(workbook: openpyxl.Workbook, name: str, to: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"{Path(name).stem}.xlsx"
        workbook.save(source)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", to, "--outdir", folder, str(source)],
            check=True,
            capture_output=True,
        )
        shutil.copy(Path(folder) / f"{Path(name).stem}.{to}", HERE / name)


def main() -> None:
    saved_as(customers("IV65536", errors=False), "customers_far.xls", "xls")
    saved_as(customers("XFD1048576", errors=False), "customers_far.ods", "ods")
    saved_as(customers(None, errors=True), "customers_errors.xls", "xls")
    saved_as(customers(None, errors=True), "customers_errors.ods", "ods")
    saved_as(customers(None, errors=False), "customers_birthdays.xls", "xls")
    saved_as(customers(None, errors=False), "customers_birthdays.ods", "ods")


if __name__ == "__main__":
    main()
