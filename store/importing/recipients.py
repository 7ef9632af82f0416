"""A 收货信息 column (name, phone and address pasted in one cell: models/recipient.py) read
into the row's name, phone and address cells, before the row readers read them.

The parts fill only what the row leaves blank: a 姓名 column's name stands, and so do its
address and its phone. A customers file's phone of the row's own beside a different one in
the cell: the customer has both (the cell's a second phone), as a name cell's mobile is
added to the phone column's. A purchases file keys the buyer by the row's own phone. A
cell naming another person than the row's name (a gift sent to her mother) is not hers:
none of its parts are read, the cell is kept in the notes (收货信息：刘梅，135…). A
trailing postcode is kept in the notes (邮编：310000). A cell that cannot be split is
refused by name, saying what it should look like: never a customer named with the whole
cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from xiaoben.models.i18n import Words, t
from xiaoben.models.recipient import Recipient, split_recipient
from xiaoben.models.values import name_key, normalise_phone
from xiaoben.store.importing.columns import ColumnMap
from xiaoben.store.importing.errors import RowError, cell_message

Row = tuple[int, list[str]]
RECIPIENT = "recipient"
# the fields a cell's parts go to, by the kind of file: name, phone, address, notes
_PARTS = {
    "customers": ("name", "phones", "address", "notes"),
    "purchases": ("name", "phone", "address", "note"),
}


@dataclass
class Recipients:
    """The reading of a file's 收货信息 column: `columns` is the file's ColumnMap with a
    column of its own (after the file's) for each part the file has none for."""

    columns: ColumnMap
    at: int  # the 收货信息 column
    width: int  # the file's columns
    split: int = 0  # the rows whose cell was read into its parts

    @classmethod
    def of(cls, columns: ColumnMap) -> Recipients | None:
        """The reading of `columns`' 收货信息 column; None when the file has none."""
        at = columns.fields.get(RECIPIENT)
        if at is None:
            return None
        fields = dict(columns.fields)
        header = list(columns.header)
        for field in _PARTS[columns.kind]:
            if field not in fields:
                fields[field] = len(header)
                header.append(columns.header[at])  # its cells' errors name the 收货信息 column
        widened = replace(columns, header=header, fields=fields)
        return cls(widened, at, len(columns.header))

    def rows(self, rows: Sequence[Row], errors: list[RowError]) -> list[Row]:
        """The rows with their parts filled in; a row whose cell cannot be split refused."""
        added = len(self.columns.header) - self.width
        name_at, phone_at, address_at, notes_at = (
            self.columns.fields[field] for field in _PARTS[self.columns.kind]
        )
        read: list[Row] = []
        for line, cells in rows:
            cells = [*cells, *[""] * added] if added else list(cells)
            cell = cells[self.at].strip()
            if not cell:
                read.append((line, cells))
                continue
            parts = split_recipient(cell)
            if parts is None:
                rule = Words("import.recipient_unsplit")
                said = cell_message(RECIPIENT, rule)
                errors.append(RowError(line, self.columns.header[self.at], cell, said))
                continue
            if cells[name_at].strip() and name_key(cells[name_at].strip()) != name_key(parts.name):
                # another person's (a gift sent to her mother): not hers, kept in the notes
                whole = " ".join(cell.split())
                header = self.columns.header[self.at].strip()
                _add_line(
                    cells, notes_at, t("import.recipient_kept", "zh", column=header, cell=whole)
                )
                read.append((line, cells))
                continue
            self.split += 1
            cells[name_at] = cells[name_at].strip() or parts.name
            cells[phone_at] = self._phone(cells[phone_at].strip(), parts)
            cells[address_at] = cells[address_at].strip() or parts.address
            if parts.postcode:
                _add_line(
                    cells, notes_at, t("import.recipient_postcode", "zh", postcode=parts.postcode)
                )
            read.append((line, cells))
        return read

    def _phone(self, own: str, parts: Recipient) -> str:
        """The row's phone cell: its own; the cell's where it has none; in a customers file
        both, where they differ (her second phone)."""
        if not own:
            return parts.phone
        if self.columns.kind != "customers" or _same_phone(own, parts.phone):
            return own
        return f"{own}, {parts.phone}"


def _add_line(cells: list[str], at: int, line: str) -> None:
    """`line` added to the notes cell at `at`, on a line of its own."""
    notes = cells[at].strip()
    cells[at] = f"{notes}\n{line}" if notes else line


def _same_phone(own: str, theirs: str) -> bool:
    try:
        return normalise_phone(own) == normalise_phone(theirs)
    except ValueError:
        return False  # her own cell is refused as it is, or read as a list: both kept


def recipients_note(columns: ColumnMap, rows: Sequence[Row]) -> str | None:
    """The import's note on a 收货信息 column: how many rows' cells are read into a name, a
    phone and an address ("收货信息 N 行已拆为姓名、电话、地址")."""
    recipients = Recipients.of(columns)
    if recipients is None:
        return None
    recipients.rows(rows, [])
    return t("import.recipient_split", column=columns.column(RECIPIENT), count=recipients.split)
