"""The union's profile and the book's settings."""
from __future__ import annotations

from dataclasses import asdict

from desktop.domain.errors import N_, NotFoundError
from desktop.domain.union import UnionProfile, validate_profile
from desktop.services.text_input import cleaned
from desktop.storage.audit import AuditRepository
from desktop.storage.union_repo import UnionRepository


class UnionService:
    def __init__(self, book, clock) -> None:
        self.book = book
        self.clock = clock
        self.repo = UnionRepository(book.db)

    def profile(self) -> UnionProfile:
        profile = self.repo.get()
        if profile is None:
            raise NotFoundError(N_("The book has no union profile yet. Fill it in under Settings."))
        return profile

    def save_profile(self, profile: UnionProfile) -> UnionProfile:
        profile = cleaned(profile)
        validate_profile(profile)
        with self.book.transaction():
            old = self.repo.get()
            self.repo.save(profile)
            AuditRepository(self.book.db, self.clock).record_changes(
                "union.update", "union_profile", 1, _flat(old) if old else {}, _flat(profile))
        return profile

    def terms(self):
        return self.repo.terms()

    def setting(self, key: str, default: str | None = None) -> str | None:
        return self.repo.setting(key, default)

    def set_setting(self, key: str, value: str) -> None:
        with self.book.transaction():
            self.repo.set_setting(key, value)


def _flat(profile: UnionProfile) -> dict:
    row = asdict(profile)
    row["term"] = profile.term.label
    return row
