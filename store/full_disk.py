"""A full disk told apart from a read-only one: how much room the disk holding a book has,
and where that disk is, in the words the seller is told. Reads the filesystem, writes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

# Less room than this left when a write is refused (SQLite's -shm alone takes 32 KB, a
# session's first commit a few pages more) is a full disk, whatever SQLite called it.
NO_ROOM_BELOW = 1 << 20


def free_bytes(path: Path) -> int | None:
    """The bytes the seller may still write on the disk holding `path` (not the blocks kept
    for root); None when it cannot be told or the disk is read-only (never "full" then)."""
    try:
        disk = os.statvfs(_existing(path))
    except OSError:
        return None
    if disk.f_flag & os.ST_RDONLY:
        return None
    if disk.f_files and not disk.f_favail:  # no file can be made: as full as no space
        return 0
    return disk.f_bavail * disk.f_frsize


def has_no_room(path: Path) -> bool:
    """Whether the disk holding `path` is (all but) full: where a refused write came from."""
    free = free_bytes(path)
    return free is not None and free < NO_ROOM_BELOW


def room(path: Path) -> dict[str, str]:
    """The values a disk-full message names: `where` (the disk's mount point, the folder the
    seller frees space on) and `free` (its free space, "40 KB")."""
    return {"where": str(mount_point(path)), "free": size_text(free_bytes(path) or 0)}


def mount_point(path: Path) -> Path:
    """The folder the disk holding `path` is mounted on (/, /media/usb …)."""
    folder = _existing(path).absolute()
    while not os.path.ismount(folder) and folder.parent != folder:
        folder = folder.parent
    return folder


def size_text(size: int) -> str:
    """A size in bytes as a seller reads it: 0 KB, 40 KB, 1.5 MB, 12 GB (the same in zh
    and en)."""
    amount, unit = size / 1024, "KB"
    for larger in ("MB", "GB"):
        if amount < 1024:
            break
        amount, unit = amount / 1024, larger
    shown = f"{amount:.1f}".removesuffix(".0") if amount < 10 else f"{amount:.0f}"
    return f"{shown} {unit}"


def _existing(path: Path) -> Path:
    """`path`, or its nearest folder that exists (a book not made yet)."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return path
