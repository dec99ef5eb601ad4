"""Settings of the program (not of a book): language, recent books, backup folder, window geometry.

Kept as a small JSON file in the user's data folder, so that the CLI and the window agree and nothing goes
to the Windows registry. A damaged settings file is ignored rather than stopping the program.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

MAX_RECENT = 8


@dataclass
class AppSettings:
    language: str = "vi"
    recent_books: list[str] = field(default_factory=list)
    backups_dir: str = ""
    window_geometry: str = ""  # base64 of QWidget.saveGeometry(), opaque here

    @classmethod
    def load(cls, path: Path) -> "AppSettings":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in data.items() if k in known})
        if settings.language not in ("vi", "en"):
            settings.language = "vi"
        if not isinstance(settings.recent_books, list):
            settings.recent_books = []
        return settings

    def save(self, path: Path) -> None:
        """Write through a temporary file, so a power cut never leaves half a settings file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temporary, path)

    def remember_book(self, book: Path) -> None:
        text = str(book)
        self.recent_books = [text] + [b for b in self.recent_books if b != text][: MAX_RECENT - 1]

    @property
    def last_book(self) -> Path | None:
        return Path(self.recent_books[0]) if self.recent_books else None
