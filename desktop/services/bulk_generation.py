"""Writing a generated book in bulk: for benchmark inputs (`benchmarks/large_book.py`), not for users.

The same rules as the ordinary services apply (text cleaned, every record validated by the domain, totals and
suggested levels computed by the domain, one audit row per created record), but each batch is written with
one statement per table instead of one transaction per record: a 2,000-person book is generated in seconds,
where the per-record services (each commit synced to disk) would take many minutes. Callers wrap a whole
generation in one `with services.book.transaction():`.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Callable

from desktop.domain.evaluation import CriteriaSet, Evaluation, check_override, check_points
from desktop.domain.officers import Person, PostHolding, Term, validate_holding, validate_person
from desktop.domain.training import Attendance, Course, validate_attendance, validate_course
from desktop.services.text_input import cleaned
from desktop.storage.bulk_repo import BulkRepository
from desktop.storage.union_repo import UnionRepository


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class BulkWriter:
    """Adds validated records in batches to an open book; every method returns the new ids in order."""

    def __init__(self, services, clock: Callable) -> None:
        self.book = services.book
        self.clock = clock
        self.repo = BulkRepository(services.book.db)
        self.union = UnionRepository(services.book.db)
        self._term_ids: dict[Term, int] = {}

    def _at(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _audit(self, rows: list[tuple]) -> None:
        """(action, entity, row id, new value, year, person id) -> full audit rows at the clock's time."""
        at = self._at()
        self.repo.insert_audit([(at, action, entity, row_id, "", None, new, "", year, person_id)
                                for action, entity, row_id, new, year, person_id in rows])

    def _term_id(self, term: Term) -> int:
        if term not in self._term_ids:
            self._term_ids[term] = self.union.term_id(term)
        return self._term_ids[term]

    def add_people(self, people: list[Person]) -> list[int]:
        today = self.clock().date()
        people = [cleaned(p) for p in people]
        for person in people:
            validate_person(person, today)
        with self.book.transaction():
            ids = self.repo.insert_people(people, self._at())
            self._audit([("person.create", "people", pid, p.full_name, None, pid) for pid, p in zip(ids, people)])
        return ids

    def add_posts(self, holdings: list[PostHolding]) -> list[int]:
        holdings = [cleaned(h) for h in holdings]
        for holding in holdings:
            validate_holding(holding)
        with self.book.transaction():
            ids = self.repo.insert_holdings([(h, self._term_id(h.term)) for h in holdings])
            self._audit([("post.create", "post_holdings", hid, _json(_holding_values(h)), None, h.person_id)
                         for hid, h in zip(ids, holdings)])
        return ids

    def add_courses(self, courses: list[Course]) -> list[int]:
        courses = [cleaned(c) for c in courses]
        for course in courses:
            validate_course(course)
        with self.book.transaction():
            ids = self.repo.insert_courses(courses)
            self._audit([("course.create", "courses", cid, c.title, c.year, None) for cid, c in zip(ids, courses)])
        return ids

    def add_attendance(self, records: list[Attendance], years: dict[int, int | None]) -> list[int]:
        """`years` maps course id to the course's year (kept in the audit rows, as the service does)."""
        records = [cleaned(r) for r in records]
        for record in records:
            validate_attendance(record)
        with self.book.transaction():
            ids = self.repo.insert_attendance(records)
            self._audit([("attendance.set", "attendance", aid, _json(dataclasses.asdict(r)), years[r.course_id],
                          r.person_id) for aid, r in zip(ids, records)])
        return ids

    def add_evaluations(self, evaluations: list[Evaluation], criteria_set: CriteriaSet) -> list[int]:
        """Evaluations of one year (drafts or finalised), scored against that year's criteria set."""
        rows, scores = [], []
        now = self._at()
        for evaluation in evaluations:
            evaluation = cleaned(evaluation)
            checked = [(s.number, *(check_points(v, criteria_set.criterion(s.number))
                                    for v in (s.self_points, s.committee_points, s.final_points)))
                       for s in sorted(evaluation.scores, key=lambda s: s.number)]
            suggested = evaluation.suggested_level(criteria_set)
            if evaluation.finalised:
                if evaluation.missing_for_final(criteria_set):
                    raise ValueError(f"evaluation of person {evaluation.person_id} cannot be final")
                evaluation = dataclasses.replace(evaluation, final_level=evaluation.final_level or suggested)
                check_override(evaluation.final_level, suggested, evaluation.override_reason)
            row = {"person_id": evaluation.person_id, "year": evaluation.year, "set_id": criteria_set.id,
                   "self_level": _int(evaluation.self_level), "strengths": evaluation.strengths,
                   "weaknesses": evaluation.weaknesses, "remedies": evaluation.remedies,
                   "next_year_duties": evaluation.next_year_duties, "total": evaluation.total(criteria_set),
                   "suggested_level": _int(suggested), "final_level": _int(evaluation.final_level),
                   "override_reason": evaluation.override_reason,
                   "status": "final" if evaluation.finalised else "draft", "updated_at": now}
            for level in range(1, 5):
                row[f"votes_{level}"] = evaluation.votes.get(level)
            rows.append(row)
            scores.append(checked)
        with self.book.transaction():
            ids = self.repo.insert_evaluations(rows, scores)
            audit = [("evaluation.create", "evaluations", eid, None, row["year"], row["person_id"])
                     for eid, row in zip(ids, rows)]
            audit += [("evaluation.finalise", "evaluations", eid, "final", row["year"], row["person_id"])
                      for eid, row in zip(ids, rows) if row["status"] == "final"]
            self._audit(audit)
        return ids

    def counts(self) -> dict[str, int]:
        return self.repo.counts()


def _holding_values(holding: PostHolding) -> dict:
    return {"title_key": holding.title_key, "term": holding.term.label,
            "start_date": holding.start_date.isoformat() if holding.start_date else None,
            "end_date": holding.end_date.isoformat() if holding.end_date else None,
            "duties": holding.duties, "full_time": holding.full_time}


def _int(level) -> int | None:
    return int(level) if level else None
