"""The seller's app settings (language, theme), remembered between runs.

Kept in the platform's config folder (XIAOBEN_CONFIG overrides, for tests); the
folder is created only when a setting is first saved.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from platformdirs import user_config_path
from pydantic import BaseModel, ValidationError

from xiaoben.models.i18n import Lang, language_from_environment


class Settings(BaseModel):
    language: Lang | None = None  # None: follow the locale
    theme: Literal["dark", "light"] = "dark"

    def effective_language(self) -> Lang:
        return self.language or language_from_environment()


def settings_path() -> Path:
    override = os.environ.get("XIAOBEN_CONFIG")
    if override:
        return Path(override).expanduser()
    return user_config_path("xiaoben", appauthor=False) / "settings.json"


def load_settings() -> Settings:
    path = settings_path()
    try:
        return Settings.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return Settings()


def save_settings(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(settings.model_dump_json(indent=1), encoding="utf-8")
    temp.replace(path)
