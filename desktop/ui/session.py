"""The open book of the window: which Services are current, and a signal when that changes."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.domain.union import UnionProfile
from desktop.services.app_settings import AppSettings
from desktop.services.book import Services, create_book, local_now, open_book


class BookSession(QObject):
    """Pages listen to `changed` (new services or None) and `data_changed` (something was written)."""

    changed = Signal(object)
    data_changed = Signal()

    def __init__(self, settings: AppSettings, settings_path: Path, parent: QObject | None = None,
                 clock=local_now) -> None:
        super().__init__(parent)
        self.clock = clock  # tests pass a fixed clock so "this year" does not move
        self.settings = settings
        self.settings_path = settings_path
        self.services: Services | None = None

    @property
    def read_only(self) -> bool:
        return bool(self.services and self.services.book.read_only)

    def open(self, path: Path, read_only: bool = False) -> Services:
        services = open_book(path, read_only=read_only, clock=self.clock)  # raises BookError with a clear message
        self._switch(services)
        return services

    def create(self, path: Path, profile: UnionProfile) -> Services:
        services = create_book(path, profile, clock=self.clock)
        self._switch(services)
        return services

    def close(self) -> None:
        if self.services is not None:
            self.services.close()
            self.services = None
            self.changed.emit(None)

    def notify_changed(self) -> None:
        self.data_changed.emit()

    def _switch(self, services: Services) -> None:
        if self.services is not None:
            self.services.close()
        self.services = services
        self.settings.remember_book(services.path)
        self.save_settings()
        self.changed.emit(services)

    def save_settings(self) -> None:
        try:
            self.settings.save(self.settings_path)
        except OSError:
            pass  # settings are a convenience; never stop the user's work for them
