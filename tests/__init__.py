"""xiaoben's tests.

Compiled modules are kept (__pycache__, ignored by git) even where the environment says
not to write them (PYTHONDONTWRITEBYTECODE, set on the CI machines): otherwise each of the
suite's workers rewrote every test module's asserts again at each run, and each of its real
processes (the CLI, the app in tmux, an import's reading child) compiled xiaoben's modules
from source again (~1 s of a core for all of them). Set here, in the package pytest imports
before its conftest, so that the conftest's own imports are kept too.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
