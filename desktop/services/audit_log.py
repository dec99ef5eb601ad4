"""Reading the audit log (writing happens inside each service's transaction)."""
from __future__ import annotations

from desktop.storage.audit import AuditRepository


class AuditService:
    def __init__(self, book) -> None:
        self.repo = AuditRepository(book.db)

    def entries(self, *, year: int | None = None, person_id: int | None = None, limit: int | None = None):
        return self.repo.entries(year=year, person_id=person_id, limit=limit)
