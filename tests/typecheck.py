"""Type-check the installed namespace: `python -m tests.typecheck [mypy options]`.

The folders install as `xiaoben.models`, `xiaoben.store` … through setuptools'
package-dir mapping, which an editable install serves with an import hook that mypy
cannot see. So mypy reads a link tree (`xiaoben/<folder>` -> the repository's folder)
kept in .mypy_cache/tree (one place, so mypy's cache names the same paths every run),
and its paths are written back as the repository's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "tiering", "store", "tui", "cli")


def typecheck(*options: str) -> subprocess.CompletedProcess[str]:
    root = REPO / ".mypy_cache" / "tree"
    tree = root / "xiaoben"
    tree.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        link = tree / package
        if not link.is_symlink():
            link.symlink_to(REPO / package, target_is_directory=True)
    env = dict(os.environ, MYPYPATH=str(root))
    modules = [arg for package in PACKAGES for arg in ("-p", f"xiaoben.{package}")]
    done = subprocess.run(
        [sys.executable, "-m", "mypy", *options, *modules],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    done.stdout = done.stdout.replace(f"{tree}/", "").replace(".mypy_cache/tree/xiaoben/", "")
    return done


if __name__ == "__main__":
    result = typecheck(*sys.argv[1:])
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    sys.exit(result.returncode)
