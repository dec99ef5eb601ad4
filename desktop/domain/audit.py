"""One line of the append-only audit log: what changed, old and new values, and why."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuditEntry:
    at: str  # ISO 8601 with the local offset
    action: str  # e.g. "person.update", "evaluation.finalise", "year.reopen"
    entity: str  # table or aggregate name
    row_id: int | None
    field: str = ""
    old_value: str | None = None
    new_value: str | None = None
    reason: str = ""
    year: int | None = None
    person_id: int | None = None
    id: int | None = None
