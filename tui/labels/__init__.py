"""Screen labels, one module an area; `register_labels` adds them to the catalogue
(models.i18n) when the app starts.

Each module holds `LABELS: dict[str, tuple[str, str]]` (key -> (zh, en)). A key may be
defined once only across the catalogue.
"""

from __future__ import annotations

import importlib
import pkgutil

from xiaoben.models.i18n import register


def labels() -> dict[str, tuple[str, str]]:
    """Every area's labels in one dict (a key defined in two areas is refused)."""
    merged: dict[str, tuple[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        area: dict[str, tuple[str, str]] = module.LABELS
        clashes = sorted(set(area) & set(merged))
        if clashes:
            raise RuntimeError(f"{module_info.name}: labels defined twice: {clashes[:5]}")
        merged.update(area)
    return merged


def register_labels() -> None:
    """Add the app's labels to the catalogue `t` reads (again: no change)."""
    register("tui", labels())
