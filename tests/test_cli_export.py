"""`xiaoben export`: a consistent private copy of the book, for backups and other tools."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from xiaoben.store.driver import sqlite3


def test_export_writes_a_private_copy_that_sqlite_opens(
    run: Callable[..., Result], shop_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "backup" / "copy.db"

    result = run("export", str(target))

    assert result.exit_code == 0, result.output
    assert str(target) in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM customers").fetchone() == (3,)
    finally:
        conn.close()
