"""Criteria sets, evaluations with their scores, and the closed state of each year."""
from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from desktop.domain.evaluation import CriteriaSet, Criterion, Evaluation, Level, Score, Thresholds
from desktop.storage.convert import optional_float


def _level(value) -> Level | None:
    return Level(value) if value else None


class EvaluationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- criteria sets
    def criteria_set(self, year: int) -> CriteriaSet | None:
        rows = list(self.db.query("SELECT * FROM criteria_sets WHERE year = ?", [year]))
        return self._set_from_row(rows[0]) if rows else None

    def criteria_set_by_id(self, set_id: int) -> CriteriaSet:
        return self._set_from_row(next(self.db.query("SELECT * FROM criteria_sets WHERE id = ?", [set_id])))

    def latest_set_before(self, year: int) -> CriteriaSet | None:
        rows = list(self.db.query("SELECT * FROM criteria_sets WHERE year < ? ORDER BY year DESC LIMIT 1", [year]))
        return self._set_from_row(rows[0]) if rows else None

    def set_years(self) -> list[int]:
        return [r["year"] for r in self.db.query("SELECT year FROM criteria_sets ORDER BY year")]

    def _set_from_row(self, r: dict) -> CriteriaSet:
        criteria = tuple(Criterion(c["number"], c["short_name"], c["full_text"], c["max_points"])
                         for c in self.db.query("SELECT * FROM criteria WHERE set_id = ? ORDER BY number", [r["id"]]))
        return CriteriaSet(r["year"], criteria, Thresholds(r["threshold_excellent"], r["threshold_good"],
                                                           r["threshold_done"]), r["cap_ratio"], id=r["id"])

    def save_criteria_set(self, criteria_set: CriteriaSet) -> int:
        t = criteria_set.thresholds
        row = {"year": criteria_set.year, "threshold_excellent": t.excellent, "threshold_good": t.good,
               "threshold_done": t.done, "cap_ratio": criteria_set.cap_ratio}
        existing = self.criteria_set(criteria_set.year)
        if existing:
            set_id = existing.id
            self.db["criteria_sets"].update(set_id, row)
            self.db.execute("DELETE FROM criteria WHERE set_id = ?", [set_id])
        else:
            set_id = self.db["criteria_sets"].insert(row).last_pk
        self.db["criteria"].insert_all({"set_id": set_id, "number": c.number, "short_name": c.short_name,
                                        "full_text": c.full_text, "max_points": c.max_points}
                                       for c in criteria_set.criteria)
        return set_id

    # --- evaluations
    def get(self, person_id: int, year: int) -> Evaluation | None:
        rows = list(self.db.query("SELECT * FROM evaluations WHERE person_id = ? AND year = ?", [person_id, year]))
        return self._from_row(rows[0], self._scores([rows[0]["id"]])) if rows else None

    def for_year(self, year: int) -> list[Evaluation]:
        rows = list(self.db.query("SELECT * FROM evaluations WHERE year = ? ORDER BY id", [year]))
        scores = self._scores([r["id"] for r in rows])
        return [self._from_row(r, scores) for r in rows]

    def for_person(self, person_id: int) -> list[Evaluation]:
        rows = list(self.db.query("SELECT * FROM evaluations WHERE person_id = ? ORDER BY year", [person_id]))
        scores = self._scores([r["id"] for r in rows])
        return [self._from_row(r, scores) for r in rows]

    def finalised_pairs(self) -> set[tuple[int, int]]:
        return {(r["person_id"], r["year"])
                for r in self.db.query("SELECT person_id, year FROM evaluations WHERE status = 'final'")}

    def years(self) -> list[int]:
        return [r["year"] for r in self.db.query(
            "SELECT year FROM evaluations UNION SELECT year FROM criteria_sets UNION SELECT year FROM years "
            "ORDER BY year")]

    def _scores(self, evaluation_ids: list[int]) -> dict[int, list[Score]]:
        found: dict[int, list[Score]] = {}
        if not evaluation_ids:
            return found
        # One query for all evaluations of a year instead of one per person.
        marks = ",".join("?" * len(evaluation_ids))
        for r in self.db.query(f"SELECT * FROM evaluation_scores WHERE evaluation_id IN ({marks}) ORDER BY number",
                               evaluation_ids):
            found.setdefault(r["evaluation_id"], []).append(
                Score(r["number"], optional_float(r["self_points"]), optional_float(r["committee_points"]),
                      optional_float(r["final_points"])))
        return found

    def _from_row(self, r: dict, scores: dict[int, list[Score]]) -> Evaluation:
        votes = {level: r[f"votes_{level}"] for level in range(1, 5) if r[f"votes_{level}"] is not None}
        return Evaluation(person_id=r["person_id"], year=r["year"], scores=tuple(scores.get(r["id"], [])),
                          self_level=_level(r["self_level"]), votes=votes, strengths=r["strengths"],
                          weaknesses=r["weaknesses"], remedies=r["remedies"],
                          next_year_duties=r["next_year_duties"], final_level=_level(r["final_level"]),
                          override_reason=r["override_reason"], finalised=r["status"] == "final", id=r["id"])

    def set_ids_for_year(self, year: int) -> dict[int, int]:
        """evaluation id -> criteria set id for a whole year, in one query."""
        return {r["id"]: r["set_id"] for r in self.db.query("SELECT id, set_id FROM evaluations WHERE year = ?",
                                                              [year])}

    def set_id_of(self, evaluation_id: int) -> int:
        return self.db.execute("SELECT set_id FROM evaluations WHERE id = ?", [evaluation_id]).fetchone()[0]

    def save(self, evaluation: Evaluation, criteria_set: CriteriaSet, now: datetime) -> int:
        """Insert or replace an evaluation and its scores; stores the computed total and suggestion."""
        row = {
            "person_id": evaluation.person_id, "year": evaluation.year, "set_id": criteria_set.id,
            "self_level": int(evaluation.self_level) if evaluation.self_level else None,
            "strengths": evaluation.strengths, "weaknesses": evaluation.weaknesses, "remedies": evaluation.remedies,
            "next_year_duties": evaluation.next_year_duties, "total": evaluation.total(criteria_set),
            "suggested_level": _int(evaluation.suggested_level(criteria_set)),
            "final_level": _int(evaluation.final_level), "override_reason": evaluation.override_reason,
            "status": "final" if evaluation.finalised else "draft", "updated_at": now.isoformat(timespec="seconds"),
        }
        for level in range(1, 5):
            row[f"votes_{level}"] = evaluation.votes.get(level)
        if evaluation.id is None:
            evaluation_id = self.db["evaluations"].insert(row).last_pk
        else:
            evaluation_id = evaluation.id
            self.db["evaluations"].update(evaluation_id, row)
            self.db.execute("DELETE FROM evaluation_scores WHERE evaluation_id = ?", [evaluation_id])
        self.db["evaluation_scores"].insert_all(
            {"evaluation_id": evaluation_id, "number": s.number, "self_points": s.self_points,
             "committee_points": s.committee_points, "final_points": s.final_points}
            for s in evaluation.scores)
        return evaluation_id

    def set_in_use_by_final(self, set_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM evaluations WHERE set_id = ? AND status = 'final' LIMIT 1",
                               [set_id]).fetchone() is not None

    # --- years
    def year_closed(self, year: int) -> bool:
        row = self.db.execute("SELECT closed FROM years WHERE year = ?", [year]).fetchone()
        return bool(row and row[0])

    def set_year_closed(self, year: int, closed: bool, now: datetime) -> None:
        self.db["years"].upsert({"year": year, "closed": 1 if closed else 0,
                                 "closed_at": now.isoformat(timespec="seconds") if closed else None}, pk="year")

    def closed_years(self) -> list[int]:
        return [r["year"] for r in self.db.query("SELECT year FROM years WHERE closed = 1 ORDER BY year")]


def _int(level: Level | None) -> int | None:
    return int(level) if level else None
