"""The union profile (one row), book settings, and terms."""
from __future__ import annotations

from dataclasses import asdict

from sqlite_utils import Database

from desktop.domain.officers import Term
from desktop.domain.union import UnionProfile


class UnionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self) -> UnionProfile | None:
        rows = list(self.db.query("SELECT * FROM union_profile WHERE id = 1"))
        if not rows:
            return None
        r = rows[0]
        return UnionProfile(union_name=r["union_name"], superior_name=r["superior_name"],
                            place_name=r["place_name"], term=Term(r["term_start"], r["term_end"]),
                            doc_suffix=r["doc_suffix"], chair_name=r["chair_name"], non_state=bool(r["non_state"]),
                            young_age=r["young_age"], address=r["address"])

    def save(self, profile: UnionProfile) -> None:
        row = asdict(profile)
        term = row.pop("term")
        row.update(id=1, term_start=term["start_year"], term_end=term["end_year"],
                   non_state=1 if profile.non_state else 0)
        self.db["union_profile"].upsert(row, pk="id")
        self.term_id(profile.term)

    def term_id(self, term: Term) -> int:
        rows = list(self.db.query("SELECT id FROM terms WHERE start_year = ? AND end_year = ?",
                                  [term.start_year, term.end_year]))
        if rows:
            return rows[0]["id"]
        return self.db["terms"].insert({"start_year": term.start_year, "end_year": term.end_year}).last_pk

    def terms(self) -> list[Term]:
        return [Term(r["start_year"], r["end_year"])
                for r in self.db.query("SELECT * FROM terms ORDER BY start_year")]

    def setting(self, key: str, default: str | None = None) -> str | None:
        rows = list(self.db.query("SELECT value FROM settings WHERE key = ?", [key]))
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        self.db["settings"].upsert({"key": key, "value": value}, pk="key")
