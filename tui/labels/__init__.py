"""Screen labels, one module an area, merged into the one catalogue (models.i18n.MESSAGES).

Each module holds `LABELS: dict[str, tuple[str, str]]` (key -> (zh, en)). A key may be
defined once only across the catalogue.
"""

from __future__ import annotations

import importlib
import pkgutil

from xiaoben.models.i18n import MESSAGES


def _merge() -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        labels: dict[str, tuple[str, str]] = module.LABELS
        clashes = sorted(set(labels) & set(MESSAGES))
        if clashes:
            raise RuntimeError(f"{module_info.name}: labels defined twice: {clashes[:5]}")
        MESSAGES.update(labels)


_merge()
