"""A vCard line's name and parameters as the card writes them, and the seller's own label of a
number among them (TEL;X-老公, TEL;TYPE=X-Husband, Samsung's X-CUSTOM(…)).

Text only: vobject reads the cards (vcards.py); here is what it cuts (a label at its comma)
or cannot read (a label of other letters than ASCII's, Samsung's brackets).
"""

from __future__ import annotations

import quopri
import re

# The types of a number (vCard 2.1, 3.0 and 4.0's, Apple's, and those Android reads as its own
# after an X-, as in X-ASSISTANT), casefolded: no label of the seller's. X-CUSTOM is Samsung's
# word for a label of the seller's, with the label in brackets after it: alone, no label.
PHONE_TYPES = frozenset(
    {
        "pref", "work", "home", "voice", "fax", "msg", "cell", "pager", "bbs", "modem", "car",
        "isdn", "video", "pcs", "text", "textphone", "main", "iphone", "other", "callback",
        "company-main", "radio", "tty-tdd", "assistant", "mobile", "tlx", "telex", "custom",
    }
)  # fmt: skip
_EVOLUTION = "evolution-"  # GNOME Evolution's own types: X-EVOLUTION-CALLBACK …
_X_CUSTOM = re.compile(r"X-CUSTOM\((.*)\)", re.IGNORECASE | re.DOTALL)
_SETTING = re.compile(r"\s*(CHARSET|ENCODING)\s*=(.*)", re.IGNORECASE | re.DOTALL)
_QUOTED_PRINTABLE = "QUOTED-PRINTABLE"


def split_head(line: str) -> tuple[str, str, str]:
    """(name and parameters, ":", value) of a card's line, split at its first colon outside
    a quoted parameter value (TYPE="X-a:b"); (line, "", "") if it has none."""
    quoted = False
    for at, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:at], ":", line[at + 1 :]
    return line, "", ""


def split_outside(text: str, separator: str) -> list[str]:
    """The text's pieces between each `separator` outside quotes and brackets, as written:
    a line's name and parameters (";"), a TYPE's values (",")."""
    pieces, current, quoted, depth = [], "", False, 0
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "()":
            depth = max(0, depth + (1 if char == "(" else -1))
        elif char == separator and not quoted and not depth:
            pieces.append(current)
            current = ""
            continue
        current += char
    return [*pieces, current]


def own_label(line: str) -> str:
    """The seller's own label of a number on its line as written, "" if it has none: the
    word after the X- of a bare 2.1 parameter (X-Husband) or of a TYPE's value, or the label
    in Samsung's X-CUSTOM(…); quoted-printable decoded where the line or X-CUSTOM says so;
    none that is a type of a number (PHONE_TYPES, Evolution's)."""
    head = split_head(line)[0]
    params = split_outside(head, ";")[1:]
    settings = line_settings(head)
    for param in params:
        for label in _labels(param, settings):
            label = label.strip()
            known = label.casefold() in PHONE_TYPES or label.casefold().startswith(_EVOLUTION)
            if label and not known:
                return label
    return ""


def line_settings(head: str) -> dict[str, str]:
    """CHARSET and ENCODING of a line's name and parameters (split_head's first part), upper-
    cased names; a bare 2.1 QUOTED-PRINTABLE is its ENCODING."""
    params = split_outside(head, ";")[1:]
    settings = _settings(params)
    if any(param.strip().upper() == _QUOTED_PRINTABLE for param in params):
        settings["ENCODING"] = _QUOTED_PRINTABLE
    return settings


def quoted_printable(settings: dict[str, str]) -> bool:
    return settings.get("ENCODING", "").upper() == _QUOTED_PRINTABLE


def unquoted(text: str, settings: dict[str, str]) -> str:
    """Quoted-printable `text` decoded in the CHARSET of `settings` (else UTF-8); raises
    UnicodeError, LookupError or ValueError where it is not that."""
    return quopri.decodestring(text.encode("ascii")).decode(settings.get("CHARSET") or "utf-8")


def _settings(params: list[str]) -> dict[str, str]:
    """CHARSET and ENCODING of a line's parameters (or of X-CUSTOM's), upper-cased names."""
    found: dict[str, str] = {}
    for param in params:
        match = _SETTING.fullmatch(param)
        if match:
            found[match[1].upper()] = match[2].strip().strip('"')
    return found


def _labels(param: str, settings: dict[str, str]) -> list[str]:
    """The labels a parameter may give: Samsung's, or each of its types after an X-."""
    custom = _X_CUSTOM.fullmatch(param.strip())
    if custom:
        items = custom[1].split(",")
        label = ",".join(item for item in items if not _SETTING.fullmatch(item))
        return [_decoded(label, {**settings, **_settings(items)})]
    return [_decoded(word[2:], settings) for word in _types(param) if word[:2].upper() == "X-"]


def _types(param: str) -> list[str]:
    """The types a parameter gives: a bare 2.1 word, or each of a TYPE's values (quoted or not)."""
    name, equals, value = param.partition("=")
    if not equals or name.endswith("-"):  # X-=E8=80=81: a 2.1 word in quoted-printable
        return [param.strip()]
    if name.strip().upper() != "TYPE":
        return []
    return [word.strip().replace('"', "") for word in split_outside(value, ",")]


def _decoded(text: str, settings: dict[str, str]) -> str:
    """A label in its quoted-printable decoded (in its CHARSET, else UTF-8) where its settings
    say it is; as written if it is not, or not in that charset."""
    if not quoted_printable(settings) or "=" not in text:
        return text
    try:
        return unquoted(text, settings)
    except (UnicodeError, LookupError, ValueError):
        return text


CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # hanzi (CJK ideographs and compatibility ones)


def name_from_n(family: list[str], given: list[str], middle: list[str]) -> str:
    """The name an N line's parts make (each stripped): a Chinese name run together, family
    first (欧阳娜娜), another given name first (John Smith)."""
    if CJK.search("".join(family + given)):
        return "".join(family + given + middle)
    return " ".join(given + middle + family)
