"""A large GBK/GB18030 file (a shop's or Excel's Chinese export) is judged a block of whole
lines at a time and streamed like a UTF-8 one, never held whole; the verdict is read_text's
on the whole file, and anything doubtful is left to read_text's whole-file rules. So is a
UTF-16 one with its BOM (Excel's "Unicode text")."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from tests.book_helpers import small_streams
from tests.test_import_gbk_text import BEYOND, COMMON
from tests.test_import_reader_child import imported
from xiaoben.models.errors import BookError
from xiaoben.store import reader_child
from xiaoben.store.book import Book
from xiaoben.store.importing import decoding
from xiaoben.store.importing.csv_table import TextSource
from xiaoben.store.importing.decoding import read_text, text_encoding

HEADER = "客户编号,姓名,手机,日期,金额,商品,收货地址"


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    small_streams(monkeypatch)
    monkeypatch.setattr(reader_child, "CHILD_MIN_BYTES", 0)


def orders(count: int) -> list[str]:
    names = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴昇"]
    return [
        f"C{n % 17:03d},{names[n % 17 % 10]}{n % 17},138{n % 17:08d},2024-0{n % 9 + 1}-1{n % 9},"
        f"{n}.50,面霜（{n % 3}号）,浙江省杭州市西湖区文三路{n}号"
        for n in range(count)
    ]


def write(path: Path, lines: list[str], encoding: str = "gbk") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def test_a_large_gbk_file_is_streamed_and_reads_as_when_read_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "orders.csv", ["2024 年订单", HEADER, *orders(300)])
    assert path.stat().st_size > decoding.STREAM_FROM

    source = TextSource.of(path)

    assert (source.encoding, source.text) == ("gb18030", None)  # opened and decoded anew
    with source.open() as streamed:
        assert streamed.read() == read_text(path)[0]


def test_a_large_gbk_file_imports_streamed_as_read_whole_and_read_apart(
    open_book: Callable[..., Book], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "orders.csv", [HEADER, *orders(200)])
    apart = imported(open_book, path, tmp_path / "apart.db", apart=True, create_missing=True)
    monkeypatch.setattr(decoding, "STREAM_FROM", 10**9)  # decoded whole, as before
    whole = imported(open_book, path, tmp_path / "whole.db", apart=False, create_missing=True)

    assert apart[0] == whole[0] and apart[2] == whole[2]
    assert apart[0][:3] == (200, 200, 17)
    assert ("吴昇9",) in [row[2:3] for row in apart[2]["customers"]]


@pytest.mark.parametrize(
    ("tail", "why"),
    [
        ("C9,王芳,1,2024-01-01,1,\x01,x".encode("gbk"), "a control character"),
        ("C9,王芳,1,2024-01-01,1,面霜,杭州".encode() + b"\x81", "a byte GB18030 cannot read"),
        ("C9,王芳,1,2024-01-01,1,面霜,杭州市西湖区".encode(), "a line that is UTF-8"),
        (b"C9,\xaa\xa1,1,2024-01-01,1,x,y", "a private-use character (a stray byte pair)"),
        (b"\x1a", "Ctrl-Z at the end"),
    ],
)
def test_anything_doubtful_is_left_to_the_whole_file_rules(
    tmp_path: Path, tail: bytes, why: str
) -> None:
    path = write(tmp_path / "orders.csv", [HEADER, *orders(100)])
    path.write_bytes(path.read_bytes() + tail)

    assert decoding._gb18030_in_blocks(path, path.stat().st_size) is None, why
    try:
        _, text = text_encoding(path)
    except BookError:
        return  # refused by the whole-file rules, naming the line and the byte
    assert text is not None  # or read whole by them


def test_a_line_longer_than_the_carry_is_judged_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decoding, "_CARRY_MAX", 2_000)
    path = write(tmp_path / "orders.csv", [HEADER, "C1,王芳,1,2024-01-01,1,x," + "杭" * 3_000])

    assert decoding._gb18030_in_blocks(path, path.stat().st_size) is None
    encoding, text = text_encoding(path)
    assert encoding == "gb18030" and text is not None and text.endswith("杭\r\n")


# Lines a file may hold: GBK's common and rarer hanzi, ASCII, and what damages a file.
_GBK_LINE = st.lists(st.sampled_from(COMMON[:400] + BEYOND[:40] + list("0123,.-ABC ")), max_size=12)
_PIECES = st.one_of(
    _GBK_LINE.map(lambda chars: "".join(chars).encode("gbk")),
    _GBK_LINE.map(lambda chars: "".join(chars).encode("utf-8")),
    st.binary(max_size=6),
    st.sampled_from([b"\x1a", b"\x00", codecs.BOM_UTF8, b"\xa8A", b"<html>", b"\x81\x30"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_PIECES, max_size=4), min_size=1, max_size=80))
def test_a_file_streamed_as_gb18030_is_one_read_text_reads_as_gb18030(
    tmp_path_factory: pytest.TempPathFactory, lines: list[list[bytes]]
) -> None:
    """Whatever the bytes: when the blocks say GB18030, the whole file is read by read_text
    as GB18030 and the same text; and a file of GBK lines alone always streams."""
    data = b"\r\n".join(b"".join(pieces) for pieces in lines)
    path = tmp_path_factory.mktemp("gbk") / "lines.csv"
    path.write_bytes(data)
    try:  # (a file starting with a picture's, a zip's … signature is refused as no table:
        decoding._refuse_non_text(path, data[:64])  # GIF87a drawn from the bytes)
    except BookError:
        assume(False)

    streamed = decoding._gb18030_in_blocks(path, len(data)) if data else None
    event(f"streamed: {streamed}")

    if streamed is not None:
        text, encoding = read_text(path)
        assert encoding == streamed == "gb18030"
        with path.open(encoding="gb18030", newline="") as file:
            assert file.read() == text


@settings(max_examples=100, deadline=None)
@given(st.lists(_GBK_LINE.map("".join), min_size=30, max_size=120))
def test_a_file_of_common_gbk_text_always_streams(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    body = [line for line in lines if line.strip()]
    data = "\n".join([HEADER, *body, "王芳,李娜,张伟"]).encode("gbk")
    path = tmp_path_factory.mktemp("gbk") / "lines.csv"
    path.write_bytes(data)
    try:
        _, encoding = read_text(path)
    except BookError:
        return  # refused whole (a line that is UTF-8 by chance, ...): not streamed either
    expected: Any = "gb18030" if encoding == "gb18030" else None
    if expected is not None:
        assert decoding._gb18030_in_blocks(path, len(data)) == expected


def test_a_large_file_that_is_no_table_is_said_as_what_it_is(tmp_path: Path) -> None:
    """Its first bytes decide before either encoding's blocks are read, as for a small one."""
    path = tmp_path / "orders.csv"
    path.write_bytes(b"\x1f\x8b\x08" + "\n".join(orders(100)).encode("gbk"))

    with pytest.raises(BookError) as refused:
        text_encoding(path)

    assert "compressed archive" in refused.value.message()


def test_a_large_utf16_file_with_its_bom_is_streamed_and_reads_as_when_read_whole(
    tmp_path: Path, open_book: Callable[..., Book], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [HEADER.replace(",", "\t"), *(line.replace(",", "\t") for line in orders(150))]
    path = write(tmp_path / "orders.txt", lines, "utf-16")  # Excel's "Unicode text": a BOM, tabs

    source = TextSource.of(path)

    assert (source.encoding, source.text, source.delimiter) == ("utf-16", None, "\t")
    with source.open() as streamed:
        assert streamed.read() == read_text(path)[0]
    apart = imported(open_book, path, tmp_path / "apart.db", apart=True, create_missing=True)
    monkeypatch.setattr(decoding, "STREAM_FROM", 10**9)
    whole = imported(open_book, path, tmp_path / "whole.db", apart=False, create_missing=True)
    assert apart[0] == whole[0] and apart[2] == whole[2] and apart[0][:3] == (150, 150, 17)


@pytest.mark.parametrize(
    "tail", [b"\x00", b"\x00\xd8A\x00", "\x01".encode("utf-16-le"), "\x1a".encode("utf-16-le")]
)
def test_a_utf16_file_that_is_damaged_is_left_to_the_whole_file_rules(
    tmp_path: Path, tail: bytes
) -> None:
    """An odd byte, a lone surrogate, a control character, Ctrl-Z: judged whole, as before."""
    path = write(tmp_path / "orders.txt", [HEADER, *orders(100)], "utf-16")
    path.write_bytes(path.read_bytes() + tail)

    assert decoding._wide_in_blocks(path) is None
    try:
        _, text = text_encoding(path)
    except BookError as refused:
        assert "line" in refused.message()
        return
    assert text is not None


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8"])
def test_a_web_page_after_a_blank_line_as_long_as_a_block_is_refused_as_one(
    tmp_path: Path, encoding: str
) -> None:
    """A shop's "xls" that is minified HTML: a blank line, then a line longer than a block
    (the first block read is blank). Said to be a web page as read whole, not read as CSV."""
    rows = "".join(f"<tr><td>订单号{n}</td><td>王芳</td></tr>" for n in range(200))
    lines = ["", " " * decoding._BLOCK, "<table border=1>" + rows + "</table>"]
    path = write(tmp_path / "订单.xls", lines, encoding)
    assert path.stat().st_size > decoding.STREAM_FROM

    with pytest.raises(BookError) as refused:
        text_encoding(path)

    assert "HTML" in refused.value.message()
