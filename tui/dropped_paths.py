"""A path as the seller gives it to the Import screen: typed, or dragged into the terminal
or pasted from a file manager, which write it their own way: quoted ('/a/my files/客户.csv'),
escaped for a shell (/a/my\\ files/客户\\ 表.csv), as a URL (file:///a/my%20files/…), with a
space or a line break after it."""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import unquote, urlsplit


def dropped_path(text: str) -> Path:
    """The file `text` names: the path as typed when a file is there (a name may hold quotes,
    a backslash or a trailing space), else as a terminal or file manager meant it (quotes
    taken off, escapes undone, a file:// URL decoded, ~ expanded, surrounding whitespace
    dropped); the first of these that names a file, else the last."""
    tried = _readings(text)
    for path in tried:
        if _there(path):
            return path
    return tried[-1]


def several_dropped(text: str) -> list[Path]:
    """The files `text` names when it names more than one (two dragged in or pasted at
    once: quoted, escaped, as URLs, or a line each), each there; [] when it does not (one
    path, or words that are not all files)."""
    if any(_there(path) for path in _readings(text)):
        return []  # (one file, its name with a space in it)
    try:
        words = shlex.split(text.strip())
    except ValueError:  # a quote left open: no shell wrote it
        return []
    paths = [Path(_from_url(each) if _is_file_url(each) else each).expanduser() for each in words]
    return paths if len(paths) > 1 and all(_there(path) for path in paths) else []


def _readings(text: str) -> list[Path]:
    """The ways to read `text` as a path, as typed first, each ~ expanded."""
    readings = [text, text.strip()]
    stripped = text.strip()
    try:
        words = shlex.split(stripped)
    except ValueError:  # a quote left open: no shell wrote it
        words = []
    if len(words) == 1:
        readings.append(words[0])
    readings.extend([_from_url(each) for each in readings if _is_file_url(each)])
    paths: list[Path] = []
    for each in readings:
        if not each:
            continue
        path = Path(each).expanduser()
        if path not in paths:
            paths.append(path)
    return paths or [Path(stripped)]


def _is_file_url(text: str) -> bool:
    return text.lower().startswith("file://")


def _from_url(text: str) -> str:
    """file:///a/my%20files/x.csv (or file://localhost/…) as /a/my files/x.csv."""
    parts = urlsplit(text)
    host = parts.netloc
    path = unquote(parts.path)
    if host and host.lower() != "localhost":
        return f"//{host}{path}"  # a share's: left as it reads
    return path


def _there(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long, a part of it a file: said when it is read
        return False
