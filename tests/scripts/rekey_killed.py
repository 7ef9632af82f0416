"""Re-key a book and die by SIGKILL at one point of it: `python rekey_killed.py BOOK OLD
NEW POINT` (OLD or NEW "-" for none). POINT is where the process kills itself:

  start    - the temporary file made, nothing copied into it yet
  copied   - the copy written, not yet in WAL mode nor fsynced
  synced   - the copy fsynced, not yet renamed over the book
  renamed  - renamed over the book, the folder not yet fsynced, the old book still held
  never    - no kill: the re-key completes
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xiaoben.store import cipher


def die() -> None:
    print("dying", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def before(name: str) -> None:
    original: Callable[..., Any] = getattr(cipher, name)

    def killed(*args: Any, **kwargs: Any) -> Any:
        die()
        return original(*args, **kwargs)

    setattr(cipher, name, killed)


def after(name: str) -> None:
    original: Callable[..., Any] = getattr(cipher, name)

    def killed(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        die()
        return result

    setattr(cipher, name, killed)


def main() -> None:
    path, old, new, point = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    {
        "start": lambda: before("write_copy"),
        "copied": lambda: before("_make_wal"),
        "synced": lambda: after("_fsync"),
        "renamed": lambda: before("_fsync_folder"),
        "never": lambda: None,
    }[point]()
    key = None if old == "-" else cipher.key_for(path, old)
    cipher.rekey(path, key, None if new == "-" else cipher.new_key(new))
    print("rekeyed", flush=True)


if __name__ == "__main__":
    main()
