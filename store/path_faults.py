"""Why a path the seller named can hold no file on this disk: a name longer than the file
system takes, a part of it that is a file, a folder on it that cannot be entered.

Asked before a book is opened or made, an export written or a file read, so such a path is
a message naming it, never a traceback. os and errno alone: the command line asks it
before any module of the book loads.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from xiaoben.models.errors import BookError

NAME_MAX = 255  # bytes a name, where the disk does not say (ext4, APFS, NTFS's 255 characters)


def path_fault(path: Path) -> BookError | None:
    """What makes `path` unusable as a file's path, or None when a file can be there
    (whether or not one is)."""
    try:
        os.stat(path)
    except OSError as exc:
        # (Below a folder that does not exist yet the system says ENOENT before it reads
        # a name: each is measured then, as the folders to make would meet it.)
        too_long = exc.errno == errno.ENOENT and _longest(path)[1] > _name_max(path)
        if exc.errno == errno.ENAMETOOLONG or too_long:
            return _too_long(path)
        if exc.errno == errno.ENOTDIR:
            return BookError("store.path_through_file", path=str(path), file=str(_file_on(path)))
        if exc.errno in (errno.EACCES, errno.EPERM):
            return BookError("store.path_no_access", path=str(path))
    return None


def refuse_unusable(path: Path) -> None:
    """Raise path_fault's BookError, if `path` has one."""
    fault = path_fault(path)
    if fault is not None:
        raise fault


def _too_long(path: Path) -> BookError:
    """The name that is too long and the most bytes one may have, or the whole path's when
    every name fits (a path longer than the system takes: 4,096 bytes on Linux)."""
    limit = _name_max(path)
    _, length = _longest(path)
    if length <= limit:
        return BookError("store.path_too_long", path=str(path), length=len(os.fsencode(path)))
    return BookError("store.name_too_long", path=str(path), limit=limit, length=length)


def _longest(path: Path) -> tuple[str, int]:
    """The longest name on `path`, and its length in bytes."""
    name = max(path.parts, key=lambda part: len(os.fsencode(part)))
    return name, len(os.fsencode(name))


def _name_max(path: Path) -> int:
    """The most bytes a name may have on the disk of `path`'s nearest folder."""
    for folder in path.parents:
        try:
            return os.pathconf(folder, "PC_NAME_MAX")
        except (OSError, ValueError, AttributeError):  # no such folder; no pathconf (Windows)
            continue
    return NAME_MAX


def _file_on(path: Path) -> Path:
    """The first part of `path` that is a file where a folder should be."""
    for part in reversed(path.parents):
        try:
            if part.exists() and not part.is_dir():
                return part
        except OSError:
            break
    return path.parent
