"""A bad cell of an imported file and the seller's message for it ("<field>: <rule>"); a file
that cannot be imported at all.

Reports only: which cells are bad is for the row parsers to decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xiaoben.models.errors import FIELD_SEPARATORS, BookError, field_rule
from xiaoben.models.i18n import LANGS, Lang, current_language, field_key, t


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # in the file, 1-based (the header is line 1)
    column: str  # the header text as in the file
    value: str  # the cell as read
    message: str  # "<field>: <rule>" in the seller's language

    def said_once(self) -> str:
        """The message without its field when the column's header already names it (a
        column "date" read as the field date: "line 2, date: no such date …", not "date:
        date: …"); as it is when the header says something else (日期 read from "date")."""
        for separator in FIELD_SEPARATORS:  # the header may hold a colon itself (联系人：)
            said = self.column.strip() + separator
            if self.message[: len(said)].casefold() == said.casefold():
                return self.message[len(said) :]
        return self.message


class Problems(list[RowError]):
    """An import's bad cells, as a list of the first KEPT by line, counting every one: a
    million-row file with every row bad (a forgotten --create-missing, a wrong column
    mapped) held a million messages (540 MB) to show 200 of them. `total` counts them all,
    `bad_rows` the lines they are on."""

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
        super().append(error)
        if len(self) > 2 * self.KEPT:
            self.sort(key=_line)
            del self[self.KEPT :]

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.append(error)

    def __iadd__(self, errors: Iterable[RowError]) -> Problems:  # type: ignore[override,misc]
        self.extend(errors)
        return self


def _line(error: RowError) -> int:
    return error.line


def cell_message(field: str, rule: str) -> str:
    """The message of a bad cell: "<field>: <rule>", the field named as the seller sees it."""
    return field_rule(t(field_key(field)), rule)


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
