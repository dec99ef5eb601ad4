"""Opening a book and building the services the screens and the CLI share.

`Services` is what the composition roots (`app.py`, `cli.py`) hold: one open book and one instance of
each use-case service over it. Nothing else creates services.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from desktop.domain.errors import N_, BookFileError, os_reason
from desktop.domain.union import UnionProfile, validate_profile
from desktop.services.audit_log import AuditService
from desktop.services.evaluations import EvaluationService
from desktop.services.indicators import IndicatorService
from desktop.services.officers import OfficerService
from desktop.services.text_input import cleaned
from desktop.services.training import TrainingService
from desktop.services.union import UnionService
from desktop.storage.database import BookDatabase, copy_database, open_database
from desktop.storage.indicator_repo import IndicatorRepository
from desktop.storage.union_repo import UnionRepository

Clock = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class Services:
    book: BookDatabase
    union: UnionService
    officers: OfficerService
    evaluations: EvaluationService
    training: TrainingService
    indicators: IndicatorService
    audit: AuditService

    @property
    def path(self) -> Path:
        return self.book.path

    def close(self) -> None:
        self.book.close()

    def save_copy(self, target: Path) -> None:
        """A consistent copy of the open book elsewhere (USB stick, another folder); the book stays open here."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise BookFileError(N_("Choose another file: a copy cannot replace the open book itself."))
        try:
            copy_database(self.book.db.conn, target)
        except OSError as error:
            raise BookFileError(N_("Cannot write the copy {path}: {reason}."), path=str(target),
                                reason=os_reason(error)) from None

    def __enter__(self) -> "Services":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def build_services(book: BookDatabase, clock: Clock = local_now) -> Services:
    officers = OfficerService(book, clock)
    evaluations = EvaluationService(book, clock)
    training = TrainingService(book, clock)
    return Services(book=book, union=UnionService(book, clock), officers=officers, evaluations=evaluations,
                    training=training, indicators=IndicatorService(book, clock), audit=AuditService(book))


def open_book(path: Path | str, *, read_only: bool = False, copies_dir: Path | None = None,
              clock: Clock = local_now) -> Services:
    return build_services(open_database(path, read_only=read_only, copies_dir=copies_dir), clock)


def create_book(path: Path | str, profile: UnionProfile, *, clock: Clock = local_now) -> Services:
    """A new book with the union's profile, its term, the default targets. Refuses an existing file."""
    path = Path(path)
    if path.exists():
        raise BookFileError(N_("The file {path} already exists; choose another name."), path=str(path))
    profile = cleaned(profile)
    validate_profile(profile)
    book = open_database(path, create=True)
    try:
        with book.transaction():
            UnionRepository(book.db).save(profile)
            IndicatorRepository(book.db).seed_defaults()
    except BaseException:
        book.close()
        path.unlink(missing_ok=True)
        raise
    return build_services(book, clock)
