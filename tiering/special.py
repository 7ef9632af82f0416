"""The five special functions of the purchase model (hyp2f1, betaln, gammaln, digamma,
expit), the very ufuncs `scipy.special` exports, loaded without scipy.special's package.

`import scipy.special` runs its package's __init__, which loads every special-function
module, the Fortran and OpenBLAS libraries _ufuncs links and the array-API layer: ~27 MB of
RSS at a saved purchase's first prediction, for five functions. scipy.special's own
functions live in its extension module `_special_ufuncs` (in scipy 1.17, `scipy.special.hyp2f1
is scipy.special._special_ufuncs.hyp2f1`), which needs numpy alone: loaded by itself from
its file, under its own name, it costs ~1.4 MB and is the module a later `import
scipy.special` (a fit's optimiser) finds and shares. Where the module is missing or lacks a
function (another scipy), the functions come from scipy.special as before: the same
numbers either way, a test compares them. No I/O beyond loading the module.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

_MODULE = "scipy.special._special_ufuncs"
# Our name for each function -> its name in _special_ufuncs (digamma is psi there).
_NAMES = {
    "hyp2f1": "hyp2f1",
    "betaln": "betaln",
    "gammaln": "gammaln",
    "digamma": "psi",
    "expit": "expit",
}


def _light_module() -> ModuleType | None:
    """scipy.special._special_ufuncs loaded from its file without its package, or None."""
    if _MODULE in sys.modules:
        return sys.modules[_MODULE]
    scipy = importlib.util.find_spec("scipy")  # finds, does not import
    if scipy is None or not scipy.submodule_search_locations:
        return None
    folder = Path(next(iter(scipy.submodule_search_locations))) / "special"
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        location = folder / f"_special_ufuncs{suffix}"
        if location.is_file():
            break
    else:
        return None
    spec = importlib.util.spec_from_file_location(_MODULE, location)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Registered under its own name, so scipy.special's _ufuncs, if imported later, takes
    # this module instead of initialising the extension a second time.
    sys.modules[_MODULE] = module
    return module


def _functions() -> tuple[dict[str, Any], str]:
    """The five ufuncs and where they came from ("light" or "scipy.special")."""
    if "scipy.special" in sys.modules:  # loaded already (a fit's optimiser): nothing to save
        return _from_scipy_special()
    return _light_or_scipy_special(_light_module)


def _light_or_scipy_special(
    load: Callable[[], ModuleType | None],
) -> tuple[dict[str, Any], str]:
    """The functions from the module `load` gives, or from scipy.special where it gives none,
    fails, or gives one without all five ufuncs."""
    import numpy as np

    try:
        light = load()
    except (ImportError, OSError):  # another scipy's layout: the package's own path
        light = None
    if light is not None:
        found = {ours: getattr(light, theirs, None) for ours, theirs in _NAMES.items()}
        if all(isinstance(function, np.ufunc) for function in found.values()):
            return found, "light"
    return _from_scipy_special()


def _from_scipy_special() -> tuple[dict[str, Any], str]:
    import scipy.special

    return {ours: getattr(scipy.special, ours) for ours in _NAMES}, "scipy.special"


# Loaded once, when this module is imported (Python's import lock keeps two threads from
# loading the extension together).
_LOADED, SOURCE = _functions()
hyp2f1: Any = _LOADED["hyp2f1"]
betaln: Any = _LOADED["betaln"]
gammaln: Any = _LOADED["gammaln"]
digamma: Any = _LOADED["digamma"]
expit: Any = _LOADED["expit"]
