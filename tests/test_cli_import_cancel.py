"""Ctrl+C during a long import in the CLI: the import stops at the next batch, rolled back
whole, and says so in the seller's language (not click's English "Aborted!")."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.book_helpers import REPO, count, python_env
from xiaoben.store.book import Book

pytestmark = pytest.mark.slow

ROWS = 200_000


@pytest.fixture
def big_csv(tmp_path: Path) -> Path:
    path = tmp_path / "big.csv"
    rng = random.Random(7)
    lines = ["code,date,amount"]
    lines += [
        f"K{rng.randrange(20_000):05d},2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d},"
        f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}"
        for _ in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ctrl_c_of_an_import_says_it_was_cancelled_and_writes_nothing(
    big_csv: Path, tmp_path: Path
) -> None:
    book = tmp_path / "book.db"
    Book.open(book).close()
    wal = book.with_name(book.name + "-wal")
    command = [sys.executable, "-m", "xiaoben.cli", "--lang", "zh", "--db", str(book)]
    importer = subprocess.Popen(
        [*command, "import", "purchases", str(big_csv), "--create-missing"],
        cwd=REPO,
        env=python_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.monotonic()
    while importer.poll() is None and time.monotonic() - started < 60:
        if wal.exists() and wal.stat().st_size > 1_000_000:  # writing its batches
            break
        time.sleep(0.01)
    assert importer.poll() is None, "the import ended before it could be stopped"
    importer.send_signal(signal.SIGINT)
    sent = time.monotonic()
    out, err = importer.communicate(timeout=60)
    assert time.monotonic() - sent < 10
    assert importer.returncode == 1
    assert "导入已取消，账本没有改动" in err
    assert "Aborted" not in err + out
    with Book.open(book) as reopened:
        assert count(reopened.conn, "purchases") == 0
        assert count(reopened.conn, "customers") == 0
        assert reopened.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
