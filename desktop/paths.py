"""Where things are: the program's own resources (from source or frozen) and the user's data.

Books and backups live in the user's local data folder (%LOCALAPPDATA%\\SoCanBo on Windows, ~/.local/share/SoCanBo
on Linux, ~/Library/Application Support/SoCanBo on macOS), not in Documents, because OneDrive redirection and
Controlled Folder Access break SQLite files there.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "SoCanBo"
BOOK_SUFFIX = ".socanbo"


def install_root() -> Path:
    """The folder holding resources/ and i18n/: the bundle when frozen, the checkout otherwise."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def compiled_locale_dir() -> Path:
    """Compiled .mo catalogs (written by `python -m desktop.i18n_catalogs compile`)."""
    return install_root() / "i18n" / "compiled"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @classmethod
    def default(cls) -> "AppPaths":
        override = os.environ.get("SOCANBO_DATA_DIR")
        if override:
            return cls(Path(override))
        # appauthor=False: no publisher folder on Windows (platformdirs would make it %LOCALAPPDATA%\SoCanBo\SoCanBo);
        # the installer's uninstall message and the READMEs name %LOCALAPPDATA%\SoCanBo.
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False)))

    @property
    def default_book(self) -> Path:
        return self.data_dir / f"so-can-bo{BOOK_SUFFIX}"

    @property
    def demo_book(self) -> Path:
        return self.data_dir / f"so-mau{BOOK_SUFFIX}"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "socanbo.log"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.json"

    def ensure(self) -> "AppPaths":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self
