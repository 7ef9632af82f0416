"""A bad cell of an imported file and the seller's message for it ("<field>: <rule>"); a file
that cannot be imported at all.

Reports only: which cells are bad is for the row parsers to decide.
"""

from __future__ import annotations

import errno
from bisect import insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from xiaoben.models.errors import FIELD_SEPARATORS, BookError
from xiaoben.models.i18n import LANGS, Lang, Words, current_language, field_key, t

# The field a key of a row came from (store.lookup's kinds but code, whose rows are said
# under the code itself), for the words a refusal of the row is said under.
KEY_FIELDS = {
    "phone": "field.phone",
    "extension": "field.phone",  # a switchboard's number with an extension (purchase_rows)
    "wechat": "field.wechat",
    "account": "field.account",
    "name": "field.name",
}

# A message said in the language asked for (None: the current one): Words, or the message
# method of a BookError.
Said = Callable[[Lang | None], str]


@dataclass(frozen=True, slots=True, eq=False)
class RowError:
    line: int  # in the file, 1-based (the header is line 1)
    heading: str | Said  # the header text as in the file, or words of ours (a card, 客户)
    value: str  # the cell as read
    said: str | Said  # "<field>: <rule>", said when shown: a report follows a language switch

    def __eq__(self, other: object) -> bool:
        """Two errors are one when they say the same (a BookError's message is its own)."""
        if not isinstance(other, RowError):
            return NotImplemented
        return self._said() == other._said()

    def __hash__(self) -> int:
        return hash(self._said())

    def _said(self) -> tuple[int, str, str, str]:
        return self.line, self.column, self.value, self.message

    @property
    def column(self) -> str:
        """The column's name in the seller's language now (a header: as in the file)."""
        return _in(self.heading, None)

    @property
    def message(self) -> str:
        """The message in the seller's language now."""
        return self.message_in()

    def message_in(self, lang: Lang | None = None) -> str:
        return _in(self.said, lang)

    def said_once(self, lang: Lang | None = None) -> str:
        """The message without its field when the column's header already names it (a
        column "date" read as the field date: "line 2, date: no such date …", not "date:
        date: …"); as it is when the header says something else (日期 read from "date")."""
        message = self.message_in(lang)
        column = _in(self.heading, lang)
        for separator in FIELD_SEPARATORS:  # the header may hold a colon itself (联系人：)
            said = column.strip() + separator
            if message[: len(said)].casefold() == said.casefold():
                return message[len(said) :]
        return message


class Problems(list[RowError]):
    """An import's bad cells, as a list of the first KEPT by line, counting every one: a
    million-row file with every row bad (a forgotten --create-missing, a wrong column
    mapped) held a million messages (540 MB) to show 200 of them. `total` counts them all,
    `bad_rows` the lines they are on. Always in the file's order, a line's cells in the
    order they were said: a row tried again after the rest (imports.py) is said in its
    place, so the report reads the same whichever pass named it."""

    KEPT = 1_000

    def __init__(self, errors: Iterable[RowError] = ()) -> None:
        super().__init__()
        self.total = 0
        self.bad_rows = 0
        self._lines = bytearray()  # a bit a line: lines holding a bad cell
        self.extend(errors)

    def append(self, error: RowError) -> None:
        self.total += 1
        line = max(error.line, 0)
        at, bit = divmod(line, 8)
        if at >= len(self._lines):
            self._lines.extend(bytes(at + 1 - len(self._lines) + len(self._lines) // 2))
        if not self._lines[at] & (1 << bit):
            self._lines[at] |= 1 << bit
            self.bad_rows += 1
        if not self or self[-1].line <= error.line:  # most come in the file's order
            super().append(error)
        else:
            insort(self, error, key=_line)  # after those of its line said before it
        if len(self) > 2 * self.KEPT:
            del self[self.KEPT :]

    def holds(self, line: int) -> bool:
        """Whether the line holds a bad cell (its row not imported)."""
        at, bit = divmod(max(line, 0), 8)
        return at < len(self._lines) and bool(self._lines[at] & (1 << bit))

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.append(error)

    def __iadd__(self, errors: Iterable[RowError]) -> Problems:  # type: ignore[override,misc]
        self.extend(errors)
        return self


def _line(error: RowError) -> int:
    return error.line


def _in(text: str | Said, lang: Lang | None) -> str:
    return text if isinstance(text, str) else text(lang)


def field_words(field: str | Words, rule: str | Words) -> Words:
    """ "<field>: <rule>" not said yet (models.errors.field_rule's words)."""
    return Words("rule.field_rule", field=field, rule=rule)


def cell_message(field: str, rule: str | Words) -> Words:
    """The message of a bad cell: "<field>: <rule>", the field named as the seller sees it."""
    return field_words(_field_named(field), rule)


@cache
def _field_named(field: str) -> Words:
    """One Words a field: a file of a million bad cells keeps no more per cell than its text."""
    return Words(field_key(field))


def cannot_import(path: Path, why: str, words: str = "import", **values: Any) -> BookError:
    """BookError import.not_csv ("cannot import PATH: …") with the detail `<words>.<why>`
    (`words`: "importer" for the Import screen's own, which name no command-line option).

    A value given as a (zh, en) pair is shown in the language of each message.
    """
    key = f"{words}.{why}"
    details = {lang: t(key, lang, **_in_language(values, lang)) for lang in LANGS}
    return BookError(
        "import.not_csv",
        path=str(path),
        detail=details[current_language()],
        detail_zh=details["zh"],
        detail_en=details["en"],
    )


def _in_language(values: dict[str, Any], lang: Lang) -> dict[str, Any]:
    index = LANGS.index(lang)
    return {name: v[index] if isinstance(v, tuple) else v for name, v in values.items()}


class OnlyTotals(BookError):
    """A file with nothing under its header but the sheet's 合计 rows: cannot be imported,
    and those rows (line, total word each) are named as when rows are imported beside them."""

    def __init__(self, path: Path, total_rows: Sequence[tuple[int, str]]) -> None:
        refused = cannot_import(path, "only_totals")
        super().__init__(refused.key, **refused.values)
        self.total_rows = list(total_rows)


# A template's sample row names its customer so (示例：张三, 例：李四): never a customer.
_SAMPLE_MARKS = ("示例", "样例", "范例", "例：", "例:")


def sample_mark(name: str) -> str | None:
    """The word a name cell starts with that makes its row a template's sample (示例：张三 ->
    示例), or None."""
    text = name.lstrip()
    for mark in _SAMPLE_MARKS:
        if text.startswith(mark):
            return mark.rstrip("：:")
    return None


def sample_row_error(line: int, column: str, name: str, field: str) -> RowError:
    """The error refusing a sample row (sample_mark), naming the cell and the rule."""
    rule = Words("import.sample_row", value=name.strip(), word=sample_mark(name) or "")
    return RowError(line, column, name, cell_message(field, rule))


def file_identity(path: Path) -> tuple[int, ...] | None:
    """What tells the file at `path` from another, or from itself changed (None: gone): a
    file read again later must be the one read first."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def unreadable(path: Path, exc: OSError) -> BookError:
    """BookError for a file to import that cannot be opened or read, in the seller's words:
    not there, no permission, a folder, a path no file can have (path_faults); any other
    fault by its system error code (EIO), never the system's English text."""
    from xiaoben.store.path_faults import path_fault

    if exc.errno == errno.ENOENT:
        fault = path_fault(path)
        return fault if fault is not None else cannot_import(path, "no_such_file")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return cannot_import(path, "no_permission")
    if exc.errno == errno.EISDIR:
        return cannot_import(path, "is_folder")
    if exc.errno in (errno.ENOTDIR, errno.ENAMETOOLONG):
        fault = path_fault(path)
        if fault is not None:
            return fault
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    zh, en = (t("import.os_error", lang, code=code) for lang in LANGS)
    return cannot_import(path, "cannot_read", reason=(zh, en))
