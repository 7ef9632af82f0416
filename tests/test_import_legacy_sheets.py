"""Legacy .xls and .ods workbooks as people leave them, as safe as an .xlsx: a cell typed far
from the data is left out and named (calamine would read the millions of blank cells
between), an error cell (#N/A, #DIV/0!) refuses its row by name (calamine hands it over as
blank). The workbooks were saved by LibreOffice Calc: tests/data/sheets/README.md."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import python_env
from tests.test_import_sheet_safety import customers_in
from tests.workbook_helpers import write_ods, write_xlsx
from xiaoben.models.errors import BookError
from xiaoben.store.importing import ods_scan
from xiaoben.store.importing.customer_rows import parse_customers
from xiaoben.store.importing.ods_scan import scan_ods
from xiaoben.store.importing.readers import read_any
from xiaoben.store.importing.tables import lost_zeros
from xiaoben.store.importing.xls_scan import scan_xls

SHEETS = Path(__file__).parent / "data" / "sheets"
# customers_far.*: 姓名 手机 生日 备注 over three customers (A1:D4), and "x" in the cell
FAR = {"xls": "IV65536", "ods": "XFD1048576"}  # the last cell of an .xls; of an .ods


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_a_far_cell_is_left_out_and_named(suffix: str) -> None:
    path = SHEETS / f"customers_far.{suffix}"
    before = path.read_bytes()
    table = read_any(path, kind="customers")
    assert [cells[0] for _, cells in table.rows] == ["王芳", "李雷", "张伟"]
    assert [error.message for error in lost_zeros(table, "customers")] == [
        f"cell {FAR[suffix]} lies far from the data (A1:D4) and was left out (most often a "
        "stray space or note); if it is data to import, move it next to the rest and import "
        "again"
    ]
    assert path.read_bytes() == before  # left out of a copy: the seller's file untouched


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak RSS read from /proc")
@pytest.mark.parametrize(("suffix", "lang"), [("xls", "zh"), ("ods", "en")])
def test_importing_a_far_cell_takes_no_more_memory_than_the_data(
    tmp_path: Path, suffix: str, lang: str
) -> None:
    """A real `xiaoben import customers`: calamine read the .xls's whole 65,536 × 256 box
    (peak RSS 1.1 GB, and the stray "x" was a row without a name), and called the .ods
    damaged (its box is more than it can hold). Now some 75 MB, as an .xlsx's."""
    book = tmp_path / "shop.db"
    peak = tmp_path / "peak"
    run = (
        "import sys\nfrom xiaoben.cli.__main__ import main\ntry:\n    main()\nfinally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    line = next(l for l in status.splitlines() if l.startswith('VmHWM:'))\n"
        f"    open({str(peak)!r}, 'w').write(line.split()[1])\n"
    )
    arguments = ["--db", str(book), "import", "customers", str(SHEETS / f"customers_far.{suffix}")]
    env = {**os.environ, "XIAOBEN_LANG": lang, "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", run, *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    if lang == "zh":
        assert f"单元格 {FAR[suffix]} 离数据（A1:D4）很远，没有读入" in done.stderr
    else:
        assert f"cell {FAR[suffix]} lies far from the data (A1:D4) and was left out" in done.stderr
    assert customers_in(book) == ["王芳", "李雷", "张伟"]
    assert int(peak.read_text()) < 250_000  # kB


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_far_cells_that_cannot_be_left_out_are_refused_before_the_workbook_is_read(
    suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """calamine reads every sheet of an .xls or .ods when it opens it: a far cell that
    stays (here: more far cells than are left out, made one) must stop the import first."""
    monkeypatch.setattr("xiaoben.store.importing.sheet_scan._MOST_FAR", 1)

    class Unread:
        @staticmethod
        def from_filelike(_: object) -> None:
            raise AssertionError("the workbook was read")

    monkeypatch.setattr("xiaoben.store.importing.sheets.CalamineWorkbook", Unread)
    with pytest.raises(BookError) as caught:
        read_any(SHEETS / f"customers_far.{suffix}", kind="customers")
    assert f"cells {FAR[suffix]} of sheet “客户” lie far from the data (A1:D4)" in (
        caught.value.message("en")
    )
    assert f"单元格 {FAR[suffix]} 离数据（A1:D4）很远，又无法单独略过" in caught.value.message("zh")
    # the programs named are the ones the file's kind is opened in
    apps = {
        "xls": ("Excel 或 WPS", "Excel or WPS"),
        "ods": ("LibreOffice 或 WPS", "LibreOffice or WPS"),
    }
    assert f"in {apps[suffix][1]}, save, and import again" in caught.value.message("en")
    assert f"请在 {apps[suffix][0]} 中清除这些单元格" in caught.value.message("zh")
    if suffix == "ods":
        assert "Excel" not in caught.value.message("en") + caught.value.message("zh")


# --- error cells --------------------------------------------------------------------------------
# customers_errors.*: 李雷's 备注 is =NA(), 张伟's 生日 =1/0, each saved with its error value


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_error_cells_refuse_their_rows_naming_the_column_and_the_error(
    suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A birthday's error refuses the row; a note's (备注, free text) is read as blank, said
    once before the import (test_import_note_error_cells)."""
    customers, errors = parse_customers(
        read_any(SHEETS / f"customers_errors.{suffix}", kind="customers")
    )
    assert [(row.customer.name, row.customer.notes) for row in customers] == [
        ("王芳", customers[0].customer.notes),
        ("李雷", ""),
    ]
    assert [(e.line, e.column, e.value) for e in errors] == [(4, "生日", "#DIV/0!")]
    assert errors[0].message == (
        "birthday: the cell holds the error value #DIV/0! (a formula that failed or refers "
        "to a cell that is gone); correct it in the sheet and import again"
    )
    monkeypatch.setattr("xiaoben.models.i18n._current", "zh")
    _, errors = parse_customers(read_any(SHEETS / f"customers_errors.{suffix}", kind="customers"))
    assert errors[0].message.startswith("生日：单元格是错误值 #DIV/0!")


# --- how an .ods is looked at ---------------------------------------------------------------------

_STRAY = (
    b'<table:table-cell office:value-type="string" calcext:value-type="string">'
    b"<text:p>x</text:p></table:table-cell>"
)


def _ods_with(tmp_path: Path, cells: bytes, instead: bytes) -> Path:
    """customers_far.ods with `cells` of its XML (once there) made `instead`."""
    path = tmp_path / "客户.ods"
    with zipfile.ZipFile(SHEETS / "customers_far.ods") as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                assert data.count(cells) == 1
                data = data.replace(cells, instead)
            out.writestr(info, data)
    return path


def test_an_ods_without_a_far_cell_is_not_gone_through_cell_by_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice ends every row with a run of 16,000 blank cells, every sheet with a run
    of a million blank rows, and defines its 16,384 columns as one run: none has a value
    after it, so the cells are not counted out (on a 60,000-row sheet that costs 3.4 s of
    CPU; the look alone some 0.2 s)."""

    real = ods_scan._tables

    def counted(
        content: bytes, dates: bool = False, texts: bool = False
    ) -> list[tuple[str, ods_scan._Table]]:
        if not dates:  # the birthdays' look (a small sheet with dates) may go through it
            raise AssertionError("the cells were gone through")
        return real(content, dates, texts)

    monkeypatch.setattr(ods_scan, "_tables", counted)
    path = _ods_with(tmp_path, _STRAY, b"<table:table-cell/>")
    table = read_any(path, kind="customers")
    assert [cells[0] for _, cells in table.rows] == ["王芳", "李雷", "张伟"]
    assert table.far_cells == ()


def test_a_far_cell_in_an_ods_read_a_few_bytes_at_a_time_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The XML is looked at a chunk at a time: a run and the value after it may be in
    different chunks (chunks of 50 bytes: every tag is cut somewhere)."""
    monkeypatch.setattr("xiaoben.store.importing.ods_scan._CHUNK", 50)
    assert read_any(SHEETS / "customers_far.ods", kind="customers").far_cells == ("XFD1048576",)


def test_equal_far_cells_side_by_side_are_left_out_together(tmp_path: Path) -> None:
    """Two equal cells side by side are one element repeated: both far, it is left out
    whole, two cells named."""
    two = _STRAY.replace(
        b"<table:table-cell ", b'<table:table-cell table:number-columns-repeated="2" '
    )
    path = _ods_with(tmp_path, b'"16383"/>' + _STRAY, b'"16382"/>' + two)
    table = read_any(path, kind="customers")
    assert table.far_cells == ("XFD1048576", "XFC1048576")
    assert [cells[0] for _, cells in table.rows] == ["王芳", "李雷", "张伟"]


# --- damaged files --------------------------------------------------------------------------------


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(
        ["customers_far.xls", "customers_errors.xls", "customers_far.ods", "customers_errors.ods"]
    ),
    cut=st.one_of(st.just(1.0), st.floats(0.05, 1.0)),
    changes=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=20),
)
def test_a_damaged_workbook_is_looked_at_without_a_crash(
    tmp_path: Path, name: str, cut: float, changes: list[tuple[float, int]]
) -> None:
    """The looks before calamine reads a file never fail on its damage: they find less or
    nothing, and calamine names the damage (a truncated file, bytes changed anywhere)."""
    data = bytearray((SHEETS / name).read_bytes())
    data = data[: max(1, int(len(data) * cut))]
    for where, byte in changes:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    path = tmp_path / name
    path.write_bytes(bytes(data))
    look = scan_xls(path) if name.endswith(".xls") else scan_ods(path)
    assert look.copy is None or look.copy.read(4) in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


@pytest.mark.parametrize(
    "changes",
    [
        [(30, 35)],  # the header's sector size 2**35: olefile read 32 GB at once
        [(1119, 127), (1070, 35), (1664, 0)],  # a looping MiniFAT chain olefile followed forever
    ],
)
def test_a_workbook_damaged_where_olefile_ran_out_of_memory_is_looked_at_without_it(
    tmp_path: Path, changes: list[tuple[int, int]]
) -> None:
    """Two damages the property above drew: the look finds nothing (calamine then names the
    damage), where olefile raised MemoryError (one after growing a list without end)."""
    data = bytearray((SHEETS / "customers_far.xls").read_bytes())
    for where, byte in changes:
        data[where] = byte
    path = tmp_path / "customers_far.xls"
    path.write_bytes(bytes(data))
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # a MemoryError, not a swapped machine: 1 GB beyond what this process has mapped
    mapped = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + (1 << 30), hard))
    try:
        look = scan_xls(path)
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    assert look.copy is None


def test_a_workbook_calamine_panics_on_is_named_damaged_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")
    damaged = tmp_path / "客户.xls"
    damaged.write_bytes((SHEETS / "damaged_panics_calamine.xls").read_bytes())

    with pytest.raises(BookError) as raised:
        read_any(damaged, kind="customers")

    assert "the workbook is damaged or incomplete" in str(raised.value)
    assert "slice index" in str(raised.value)


def test_the_command_says_only_our_words_for_a_workbook_calamine_panics_on(
    tmp_path: Path,
) -> None:
    """Rust prints a panic (and, under RUST_BACKTRACE, a backtrace) on fd 2 before pyo3
    raises it: `xiaoben import` keeps those English lines off the seller's stderr."""
    damaged = tmp_path / "客户.xls"
    damaged.write_bytes((SHEETS / "damaged_panics_calamine.xls").read_bytes())
    env = python_env()
    env.update(XIAOBEN_LANG="en", RUST_BACKTRACE="1")
    command = ["--db", str(tmp_path / "shop.db"), "import", "customers", str(damaged)]
    done = subprocess.run(
        [sys.executable, "-m", "xiaoben.cli", *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 1, done.stderr
    assert "the workbook is damaged or incomplete" in done.stderr
    for stray in ("panicked", "backtrace", "cfb.rs"):
        assert stray not in done.stderr + done.stdout, done.stderr


def test_what_else_is_written_to_fd_2_while_calamine_reads_is_passed_on(
    tmp_path: Path,
) -> None:
    """fd 2 is held only around calamine's calls and restored after, whether they end well,
    raise or panic; what was written without a panic reaches the real stderr, in order."""
    code = (
        "import os\n"
        "from xiaoben.store.importing.native_stderr import panics_kept_quiet\n"
        "os.write(2, b'before\\n')\n"
        "with panics_kept_quiet():\n"
        "    os.write(2, b'a warning\\n')\n"
        "try:\n"
        "    with panics_kept_quiet():\n"
        "        os.write(2, b'raised\\n')\n"
        "        raise ValueError\n"
        "except ValueError:\n"
        "    pass\n"
        "class PanicException(BaseException): pass\n"
        "try:\n"
        "    with panics_kept_quiet():\n"
        "        os.write(2, b'thread panicked\\n')\n"
        "        raise PanicException\n"
        "except PanicException:\n"
        "    pass\n"
        "os.write(2, b'after\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=python_env(), timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"before\na warning\nraised\nafter\n"


def test_an_ods_whose_mimetype_is_not_its_first_member_is_read_as_an_ods(
    tmp_path: Path,
) -> None:
    """LibreOffice writes the mimetype member first; a file written by another program may
    not: it is still an .ods (it was refused as "a zip archive, not a CSV file")."""
    path = tmp_path / "客户.ods"
    with (
        zipfile.ZipFile(SHEETS / "customers_birthdays.ods") as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as written,
    ):
        names = [name for name in source.namelist() if name != "mimetype"] + ["mimetype"]
        for name in names:
            written.writestr(name, source.read(name))

    table = read_any(path, kind="customers")

    expected = read_any(SHEETS / "customers_birthdays.ods", kind="customers")
    assert table.format == "ods"
    assert list(table.rows) == list(expected.rows)


def test_a_damaged_ods_names_the_programs_an_ods_is_opened_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An .ods is LibreOffice's (or WPS's): its damaged-workbook message does not send the
    seller to Excel; an .xls's still does."""
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")
    data = bytearray((SHEETS / "customers_birthdays.ods").read_bytes())
    at = data.index(b"content.xml") + 40  # inside the compressed content
    data[at : at + 64] = bytes(64)
    damaged = tmp_path / "客户.ods"
    damaged.write_bytes(bytes(data))

    with pytest.raises(BookError) as raised:
        read_any(damaged, kind="customers")

    # the part at fault is named (part_faults.py)
    assert "its part content.xml cannot be unpacked (its bytes are damaged)" in str(raised.value)
    assert "open it in LibreOffice or WPS and save it again" in str(raised.value)
    assert "Excel" not in raised.value.message("en") + raised.value.message("zh")
    assert "请在 LibreOffice 或 WPS 中打开并重新保存" in raised.value.message("zh")


def test_the_import_summary_names_a_workbooks_format_not_an_encoding(tmp_path: Path) -> None:
    """A workbook has no text encoding: `xiaoben import` says which workbook it read."""
    env = python_env()
    for suffix, lang, words in [
        ("xls", "en", "legacy Excel workbook .xls)"),
        ("ods", "zh", "OpenDocument 工作簿 .ods）"),
    ]:
        env["XIAOBEN_LANG"] = lang
        book = tmp_path / f"{suffix}.db"
        command = ["--db", str(book), "import", "customers"]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "xiaoben.cli",
                *command,
                str(SHEETS / f"customers_far.{suffix}"),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert words in done.stdout, done.stdout
        assert "encoding" not in done.stdout and "编码" not in done.stdout


def test_a_workbook_whose_member_name_is_not_utf8_is_named_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaoben.models.i18n._current", "en")
    damaged = tmp_path / "客户.xlsx"
    damaged.write_bytes((SHEETS / "name_not_utf8.xlsx").read_bytes())

    with pytest.raises(BookError) as raised:
        read_any(damaged, kind="customers")

    assert "the workbook is damaged or incomplete" in str(raised.value)


# --- an .ods cell's line breaks and tabs -------------------------------------------------------


def _ods_of(path: Path, rows: list[list[str]]) -> Path:
    """An .ods of string cells, each given as the XML inside its element (<text:p>…)."""
    string = '<table:table-cell office:value-type="string">{}</table:table-cell>'
    return write_ods(path, "客户", [[string.format(cell) for cell in row] for row in rows])


_BR, _TAB = "<text:line-break/>", "<text:tab/>"
_TYPED = [  # (the cell's XML, as LibreOffice or WPS writes it; the text the seller typed)
    (f"<text:p>杭州市西湖区{_BR}文三路1号</text:p>", "杭州市西湖区\n文三路1号"),
    (f"<text:p>喜欢红色{_BR}尺码M{_TAB}不要打电话</text:p>", "喜欢红色\n尺码M\t不要打电话"),
    (f'<text:p>A<text:s text:c="3"/>B<text:s/>C{_TAB}D</text:p>', "A   B C\tD"),
    (f'<text:p>老<text:span text:style-name="T1">客户{_BR}VIP</text:span></text:p>', "老客户\nVIP"),
    (
        f"<text:p>第一段{_TAB}</text:p><text:p/><text:p>第三段 &amp; &lt;b&gt;</text:p>",
        "第一段\t\n\n第三段 & <b>",
    ),
    (
        f"<office:annotation><dc:creator>小王</dc:creator><text:p>批注{_TAB}</text:p>"
        f"</office:annotation><text:p>有批注{_BR}的格</text:p>",
        "有批注\n的格",
    ),
]


def test_an_ods_cells_line_breaks_and_tabs_are_read_as_typed(tmp_path: Path) -> None:
    rows = [["<text:p>姓名</text:p>", "<text:p>备注</text:p>"]]
    rows += [["<text:p>王芳</text:p>", cell] for cell, _ in _TYPED]
    table = read_any(_ods_of(tmp_path / "c.ods", rows), kind="customers")
    assert [cells[1] for _, cells in table.rows] == [text for _, text in _TYPED]


def test_an_ods_customer_is_the_same_customer_as_from_an_xlsx(tmp_path: Path) -> None:
    """The product's rules for an address or notes with a new line apply as to a workbook's
    cell typed with Alt+Enter."""
    address, notes = _TYPED[0], _TYPED[1]
    header = ["<text:p>姓名</text:p>", "<text:p>地址</text:p>", "<text:p>备注</text:p>"]
    ods = _ods_of(tmp_path / "c.ods", [header, ["<text:p>王芳</text:p>", address[0], notes[0]]])
    xlsx = write_xlsx(
        tmp_path / "c.xlsx", {"客户": [["姓名", "地址", "备注"], ["王芳", address[1], notes[1]]]}
    )
    from_ods, _ = parse_customers(read_any(ods, kind="customers"))
    from_xlsx, _ = parse_customers(read_any(xlsx, kind="customers"))
    assert from_ods[0].customer == from_xlsx[0].customer
    assert "\n" in from_ods[0].customer.notes
