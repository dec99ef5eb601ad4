"""The append-only audit table: written inside the same transaction as the change it describes."""
from __future__ import annotations

import json
from datetime import datetime

from sqlite_utils import Database

from desktop.domain.audit import AuditEntry


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


class AuditRepository:
    def __init__(self, db: Database, clock=lambda: datetime.now().astimezone()) -> None:
        self.db = db
        self.clock = clock

    def record(self, action: str, entity: str, row_id: int | None, *, field: str = "", old=None, new=None,
               reason: str = "", year: int | None = None, person_id: int | None = None) -> None:
        self.db["audit"].insert({
            "at": self.clock().isoformat(timespec="seconds"), "action": action, "entity": entity,
            "row_id": row_id, "field": field, "old_value": _text(old), "new_value": _text(new),
            "reason": reason, "year": year, "person_id": person_id,
        })

    def record_changes(self, action: str, entity: str, row_id: int, old: dict, new: dict, *,
                       reason: str = "", year: int | None = None, person_id: int | None = None) -> int:
        """One audit row per field that changed; returns how many fields changed."""
        changed = 0
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                self.record(action, entity, row_id, field=key, old=old.get(key), new=new.get(key),
                            reason=reason, year=year, person_id=person_id)
                changed += 1
        return changed

    def entries(self, *, year: int | None = None, person_id: int | None = None,
                limit: int | None = None) -> list[AuditEntry]:
        where, args = [], []
        if year is not None:
            where.append("year = ?")
            args.append(year)
        if person_id is not None:
            # An attendance import writes one audit row for all its rows (not one per person): a person's
            # history shows it through the import_id their attendance rows carry.
            where.append("(person_id = ? OR (action = 'import.apply' AND entity = 'imports' AND row_id IN "
                         "(SELECT import_id FROM attendance WHERE person_id = ? AND import_id IS NOT NULL)))")
            args.extend((person_id, person_id))
        sql = "SELECT * FROM audit" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [AuditEntry(at=r["at"], action=r["action"], entity=r["entity"], row_id=r["row_id"],
                           field=r["field"], old_value=r["old_value"], new_value=r["new_value"],
                           reason=r["reason"], year=r["year"], person_id=r["person_id"], id=r["id"])
                for r in self.db.query(sql, args)]
