"""A file's bytes -> text: BOM, UTF-8 or a guessed GBK; refused when it is not text at all.

Decoding only, nothing of delimiters or columns; text is decoded right or refused, never garbled.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import t

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "euc_cn", "cp936"}
_SNIFF_BYTES = 256 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def not_csv(path: Path, why: str, **values: Any) -> BookError:
    """BookError import.not_csv; `detail` in the current language, and in each for message()."""
    key = f"import.{why}"
    return BookError(
        "import.not_csv",
        path=str(path),
        detail=t(key, **values),
        detail_zh=t(key, "zh", **values),
        detail_en=t(key, "en", **values),
    )


def read_text(path: Path) -> tuple[str, str]:
    """(text, encoding) of a file of table text; BookError import.not_csv if it is not one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise not_csv(path, "cannot_read", reason=exc.strerror or exc) from None
    _refuse_non_text(path, data)
    text, encoding = _decode(path, data)
    if not text.strip():
        raise not_csv(path, "empty")
    if _CONTROL.search(text, 0, _SNIFF_BYTES):
        raise not_csv(path, "binary")
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html", "<table", "<?xml")):
        raise not_csv(path, "html")
    return text, encoding


def _refuse_non_text(path: Path, data: bytes) -> None:
    if not data.strip():
        raise not_csv(path, "empty")
    if data.startswith(b"SQLite format 3\x00"):
        raise not_csv(path, "sqlite")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise not_csv(path, "xls")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise not_csv(path, "xlsx" if _is_workbook(data) else "zip")


def _is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith("xl/") for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM decides; else UTF-8 if it decodes; else charset-normalizer."""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(path, data, bom_encoding), bom_encoding
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise not_csv(path, "binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_encoding(data)
    if encoding is None:
        raise not_csv(path, "encoding")
    return _decode_as(path, data, encoding), encoding


def _guess_encoding(data: bytes) -> str | None:
    # Short GBK text is often guessed as Korean cp949 or big5, with gb18030 a close runner-up;
    # a seller's non-UTF-8 file is almost always GBK, so any GB candidate wins (as gb18030,
    # the superset that also decodes the characters GB2312 and GBK lack).
    sample = data[:_SNIFF_BYTES]
    if len(data) > _SNIFF_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # never cut a two-byte character in half
    candidates = [match.encoding for match in from_bytes(sample)]
    if any(name in _GB_FAMILY for name in candidates):
        return "gb18030"
    return candidates[0] if candidates else None


def _decode_as(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise not_csv(path, "bad_bytes", line=line, encoding=encoding) from None
