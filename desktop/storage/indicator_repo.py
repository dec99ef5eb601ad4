"""The targets (indicators) a union measures, with their editable target values."""
from __future__ import annotations

from sqlite_utils import Database

from desktop.domain.indicators import DEFAULT_INDICATORS, IndicatorDefinition


class IndicatorRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def seed_defaults(self) -> None:
        """Add any default indicator the book does not have yet (keeps the union's own targets)."""
        for position, definition in enumerate(DEFAULT_INDICATORS, start=1):
            self.db["indicators"].insert({"key": definition.key, "name": definition.name,
                                          "target": definition.target, "source": definition.source,
                                          "position": position, "enabled": 1}, pk="key", ignore=True)

    def all(self, enabled_only: bool = True) -> list[IndicatorDefinition]:
        sql = "SELECT * FROM indicators" + (" WHERE enabled = 1" if enabled_only else "") + " ORDER BY position"
        return [IndicatorDefinition(r["key"], r["name"], r["target"], r["source"]) for r in self.db.query(sql)]

    def set_target(self, key: str, target: float) -> None:
        self.db["indicators"].update(key, {"target": target})
