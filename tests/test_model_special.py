"""The purchase model's special functions (tiering/special.py): scipy.special's own ufuncs,
loaded without scipy.special's package (~27 MB of RSS less in the app at a saved
purchase's first prediction), or from scipy.special where that cannot be done."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from tests.book_helpers import run_python
from xiaoben.tiering import special

NAMES = ("hyp2f1", "betaln", "gammaln", "digamma", "expit")

LOAD_ALONE = """
import sys
from xiaoben.tiering import bgnbd, special
print(special.SOURCE, "scipy.special" in sys.modules, "scipy.optimize" in sys.modules)
loaded = {name: getattr(special, name) for name in %r}
import scipy.special
print(all(loaded[name] is getattr(scipy.special, name) for name in loaded))
"""


def _child(code: str) -> list[str]:
    return run_python(code, timeout=120).splitlines()


def _has_special_ufuncs() -> bool:
    import importlib.util

    return importlib.util.find_spec("scipy.special._special_ufuncs") is not None


def test_the_model_loads_its_functions_without_scipy_special() -> None:
    """In a fresh process the model's import leaves scipy.special's package unloaded, and
    the functions it took are the very objects scipy.special exports once it is imported
    (the same ufuncs, so the same figures to the bit)."""
    if not _has_special_ufuncs():
        pytest.skip("this scipy has no scipy.special._special_ufuncs: scipy.special is used")
    alone, same = _child(LOAD_ALONE % (NAMES,))
    assert alone == "light False False"
    assert same == "True"


def test_after_scipy_special_the_functions_are_its_own() -> None:
    """A process that has scipy.special already (a fit's optimiser imports it) takes the
    functions from it, and the light module stays the one scipy.special uses."""
    first = "import scipy.special\n" + LOAD_ALONE % (NAMES,)
    alone, same = _child(first)
    assert alone == "scipy.special True False"
    assert same == "True"


@pytest.mark.parametrize(
    "light",
    [
        None,  # no _special_ufuncs file in this scipy
        ImportError("the extension cannot be loaded"),
        OSError("a shared library is missing"),
        ModuleType("scipy.special._special_ufuncs"),  # a module without the functions
    ],
    ids=["missing", "import-error", "os-error", "lacking-functions"],
)
def test_another_scipy_falls_back_to_scipy_special(light: ModuleType | Exception | None) -> None:
    import scipy.special

    def load() -> ModuleType | None:
        if isinstance(light, Exception):
            raise light
        return light

    functions, source = special._light_or_scipy_special(load)
    assert source == "scipy.special"
    assert all(functions[name] is getattr(scipy.special, name) for name in NAMES)


def test_a_module_with_the_five_ufuncs_is_taken() -> None:
    import scipy.special

    light = ModuleType("scipy.special._special_ufuncs")
    for ours, theirs in special._NAMES.items():
        setattr(light, theirs, getattr(scipy.special, ours))
    functions, source = special._light_or_scipy_special(lambda: light)
    assert source == "light"
    assert functions["digamma"] is scipy.special.psi


def test_the_functions_give_scipy_specials_figures() -> None:
    """The figures the model reads, at points like a book's, equal scipy.special's."""
    import scipy.special

    rng = np.random.default_rng(17)
    a, b, c = rng.uniform(0.1, 40, (3, 500))
    z = rng.uniform(-0.99, 0.99, 500)
    cases = {
        "hyp2f1": (a, b, c + 1, z),
        "betaln": (a, b),
        "gammaln": (a,),
        "digamma": (a,),
        "expit": (rng.uniform(-40, 40, 500),),
    }
    for name, args in cases.items():
        ours = getattr(special, name)(*args)
        theirs = getattr(scipy.special, name)(*args)
        assert np.array_equal(ours, theirs, equal_nan=True), name
