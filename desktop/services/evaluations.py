"""The yearly evaluation: criteria sets, scoring, finalising, closing and reopening a year."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from desktop.domain.errors import N_, ClosedYearError, ConflictError, NotFoundError, ValidationError
from desktop.domain.evaluation import (CriteriaSet, Evaluation, Level, Score, check_override, check_points,
                                       default_criteria_set, validate_criteria_set)
from desktop.domain.officers import Group, Person
from desktop.domain.vietnamese import name_sort_key
from desktop.services.evaluation_summary import YearSummary, year_summary
from desktop.services.text_input import cleaned
from desktop.storage.audit import AuditRepository
from desktop.storage.evaluation_repo import EvaluationRepository
from desktop.storage.people_repo import PeopleRepository

EVALUATED_GROUPS = {Group.BCH, Group.UBKT}


@dataclass(frozen=True)
class EvaluationRow:
    person: Person
    evaluation: Evaluation
    criteria_set: CriteriaSet

    @property
    def total(self) -> float | None:
        return self.evaluation.total(self.criteria_set)

    @property
    def suggested_level(self) -> Level | None:
        return self.evaluation.suggested_level(self.criteria_set)


def _values(evaluation: Evaluation) -> dict:
    """Flat field -> value map, so the audit log gets one row per changed field."""
    values = {f"criterion_{s.number}.{column}": getattr(s, column)
              for s in evaluation.scores for column in ("self_points", "committee_points", "final_points")}
    values.update(self_level=evaluation.self_level and int(evaluation.self_level),
                  final_level=evaluation.final_level and int(evaluation.final_level),
                  strengths=evaluation.strengths, weaknesses=evaluation.weaknesses, remedies=evaluation.remedies,
                  next_year_duties=evaluation.next_year_duties, override_reason=evaluation.override_reason,
                  votes={str(k): v for k, v in sorted(evaluation.votes.items())} or None,
                  status="final" if evaluation.finalised else "draft")
    return values


class EvaluationService:
    def __init__(self, book, clock) -> None:
        self.book = book
        self.clock = clock
        self.repo = EvaluationRepository(book.db)
        self.people = PeopleRepository(book.db)

    def _audit(self) -> AuditRepository:
        return AuditRepository(self.book.db, self.clock)

    def _refuse_if_closed(self, year: int) -> None:
        if self.repo.year_closed(year):
            raise ClosedYearError(N_("The year {year} is closed: its evaluations are read-only. Reopen the "
                                     "year (with a reason) to change them."), year=year)

    # --- criteria sets
    def criteria_set(self, year: int) -> CriteriaSet:
        """The set of `year`; a year without one starts as a copy of the latest earlier set (or the default)."""
        existing = self.repo.criteria_set(year)
        if existing:
            return existing
        with self.book.transaction():
            previous = self.repo.latest_set_before(year)
            new_set = previous.copy_for(year) if previous else default_criteria_set(year)
            set_id = self.repo.save_criteria_set(new_set)
            self._audit().record("criteria.create", "criteria_sets", set_id, year=year,
                                 new=f"copy of {previous.year}" if previous else "default")
        return self.repo.criteria_set(year)

    def criteria_set_if_any(self, year: int) -> CriteriaSet | None:
        """The set of `year` without creating one (for read-only views)."""
        return self.repo.criteria_set(year)

    def criteria_set_editable(self, year: int) -> bool:
        existing = self.repo.criteria_set(year)
        return not self.repo.year_closed(year) and not (existing and self.repo.set_in_use_by_final(existing.id))

    def save_criteria_set(self, criteria_set: CriteriaSet) -> CriteriaSet:
        criteria_set = dataclasses.replace(criteria_set, criteria=tuple(cleaned(c) for c in criteria_set.criteria))
        validate_criteria_set(criteria_set)
        with self.book.transaction():
            self._refuse_if_closed(criteria_set.year)
            existing = self.repo.criteria_set(criteria_set.year)
            if existing and self.repo.set_in_use_by_final(existing.id):
                raise ConflictError(N_("The criteria of {year} are used by finalised evaluations and cannot "
                                       "change. Return those evaluations to draft first."), year=criteria_set.year)
            set_id = self.repo.save_criteria_set(criteria_set)
            self._audit().record("criteria.update", "criteria_sets", set_id, year=criteria_set.year,
                                 old=_set_values(existing) if existing else None, new=_set_values(criteria_set))
        return self.repo.criteria_set(criteria_set.year)

    # --- evaluations
    def open_year(self, year: int, include_group_leaders: bool = False) -> int:
        """Create a draft evaluation for everyone who held a BCH or UBKT post in `year`; returns how many."""
        groups = EVALUATED_GROUPS | ({Group.BELOW} if include_group_leaders else set())
        with self.book.transaction():
            self._refuse_if_closed(year)
            criteria_set = self.criteria_set(year)  # inside: a failure later leaves no new set behind
            held = {h.person_id for h in self.people.holdings() if h.group in groups and h.active_in_year(year)}
            existing = {e.person_id for e in self.repo.for_year(year)}
            created = 0
            for person_id in sorted(held - existing):
                evaluation = Evaluation(person_id, year)
                evaluation_id = self.repo.save(evaluation, criteria_set, self.clock())
                self._audit().record("evaluation.create", "evaluations", evaluation_id, year=year,
                                     person_id=person_id)
                created += 1
        return created

    def rows(self, year: int) -> list[EvaluationRow]:
        """The year's evaluations with their people, in Vietnamese list order."""
        people = {p.id: p for p in self.people.all()}
        sets: dict[int, CriteriaSet] = {}
        found = []
        set_ids = self.repo.set_ids_for_year(year)
        for evaluation in self.repo.for_year(year):
            set_id = set_ids[evaluation.id]
            if set_id not in sets:
                sets[set_id] = self.repo.criteria_set_by_id(set_id)
            found.append(EvaluationRow(people[evaluation.person_id], evaluation, sets[set_id]))
        return sorted(found, key=lambda row: name_sort_key(row.person.full_name))

    def get(self, person_id: int, year: int) -> EvaluationRow:
        evaluation = self.repo.get(person_id, year)
        if evaluation is None:
            raise NotFoundError(N_("There is no evaluation of person {id} for {year}."), id=person_id, year=year)
        return EvaluationRow(self.people.get(person_id), evaluation,
                             self.repo.criteria_set_by_id(self.repo.set_id_of(evaluation.id)))

    def save(self, evaluation: Evaluation) -> EvaluationRow:
        """Record points, levels and remarks of a draft evaluation (the form saves as the user types)."""
        evaluation = cleaned(evaluation)
        with self.book.transaction():
            self._refuse_if_closed(evaluation.year)
            current = self.repo.get(evaluation.person_id, evaluation.year)
            if current is None:
                raise NotFoundError(N_("There is no evaluation of person {id} for {year}."),
                                    id=evaluation.person_id, year=evaluation.year)
            if current.finalised:
                raise ConflictError(N_("This evaluation is finalised. Return it to draft to change it."))
            criteria_set = self.repo.criteria_set_by_id(self.repo.set_id_of(current.id))
            evaluation = dataclasses.replace(evaluation, id=current.id, finalised=False,
                                             scores=_checked_scores(evaluation.scores, criteria_set))
            _check_votes(evaluation.votes)
            self.repo.save(evaluation, criteria_set, self.clock())
            self._audit().record_changes("evaluation.update", "evaluations", current.id, _values(current),
                                         _values(evaluation), year=evaluation.year, person_id=evaluation.person_id)
        return self.get(evaluation.person_id, evaluation.year)

    def finalise(self, person_id: int, year: int) -> EvaluationRow:
        """The committee's conclusion: requires every final point; the final level defaults to the suggestion."""
        with self.book.transaction():
            self._refuse_if_closed(year)
            row = self.get(person_id, year)
            evaluation = row.evaluation
            missing = evaluation.missing_for_final(row.criteria_set)
            if missing:
                raise ValidationError(N_("{name}'s evaluation cannot be finalised yet: it still needs {missing}."),
                                      name=row.person.full_name, missing=_MissingList(missing))
            final_level = evaluation.final_level or row.suggested_level
            check_override(final_level, row.suggested_level, evaluation.override_reason)
            done = dataclasses.replace(evaluation, final_level=final_level, finalised=True)
            self.repo.save(done, row.criteria_set, self.clock())
            self._audit().record_changes("evaluation.finalise", "evaluations", evaluation.id, _values(evaluation),
                                         _values(done), year=year, person_id=person_id)
        return self.get(person_id, year)

    def return_to_draft(self, person_id: int, year: int, reason: str) -> None:
        if not reason.strip():
            raise ValidationError(N_("Write why the finalised evaluation is reopened."), field="reason")
        with self.book.transaction():
            self._refuse_if_closed(year)
            row = self.get(person_id, year)
            if not row.evaluation.finalised:
                raise ConflictError(N_("This evaluation is not finalised; it is already a draft."))
            self.repo.save(dataclasses.replace(row.evaluation, finalised=False), row.criteria_set, self.clock())
            self._audit().record("evaluation.draft", "evaluations", row.evaluation.id, field="status", old="final",
                                 new="draft", reason=reason.strip(), year=year, person_id=person_id)

    # --- years
    def incomplete(self, year: int) -> list[Person]:
        """People who must be evaluated in `year` and whose evaluation is missing or not finalised."""
        final = {e.person_id for e in self.repo.for_year(year) if e.finalised}
        evaluated = {e.person_id for e in self.repo.for_year(year)}
        must = {h.person_id for h in self.people.holdings()
                if h.group in EVALUATED_GROUPS and h.active_in_year(year)} | evaluated
        people = [self.people.get(pid) for pid in must - final]
        return sorted(people, key=lambda p: name_sort_key(p.full_name))

    def close_year(self, year: int) -> None:
        with self.book.transaction():
            self._refuse_if_closed(year)
            missing = self.incomplete(year)
            if missing:
                raise ConflictError(N_("The year {year} cannot be closed: {count} evaluation(s) are not finalised "
                                       "({names})."), year=year, count=len(missing),
                                    names=", ".join(p.full_name for p in missing[:10]) + (
                                        "…" if len(missing) > 10 else ""))
            self.repo.set_year_closed(year, True, self.clock())
            self._audit().record("year.close", "years", year, field="closed", old=False, new=True, year=year)

    def reopen_year(self, year: int, reason: str) -> None:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(N_("Write the reason for reopening the year; it is kept in the history."),
                                  field="reason")
        with self.book.transaction():
            if not self.repo.year_closed(year):
                raise ConflictError(N_("The year {year} is not closed."), year=year)
            self.repo.set_year_closed(year, False, self.clock())
            self._audit().record("year.reopen", "years", year, field="closed", old=True, new=False, reason=reason,
                                 year=year)

    def year_closed(self, year: int) -> bool:
        return self.repo.year_closed(year)

    def summary(self, year: int) -> YearSummary:
        return year_summary(self, year)

    def year_history(self, year: int):
        """Closing and reopening of `year`, newest first (from the audit log, with the reasons)."""
        return [entry for entry in self._audit().entries(year=year) if entry.action in ("year.close", "year.reopen")]

    def years(self) -> list[int]:
        return self.repo.years()

    def working_year(self) -> int:
        """The year the chair is most likely working on: the latest year whose evaluation is under way (has
        evaluations, not closed) — in January that is still last year — or else this year."""
        today_year = self.clock().year
        open_years = [year for year in self.repo.years()
                      if year <= today_year and not self.repo.year_closed(year) and self.repo.for_year(year)]
        return max(open_years) if open_years else today_year

    def history(self, person_id: int) -> list[EvaluationRow]:
        person = self.people.get(person_id)
        return [EvaluationRow(person, e, self.repo.criteria_set_by_id(self.repo.set_id_of(e.id)))
                for e in self.repo.for_person(person_id)]


class _MissingList:
    """Message ids joined after translation (BookError.render translates nested values via .render)."""

    def __init__(self, message_ids: list[str]) -> None:
        self.message_ids = message_ids

    def render(self, translate) -> str:
        return "; ".join(translate(m) for m in self.message_ids)

    def __str__(self) -> str:
        return "; ".join(self.message_ids)


def _checked_scores(scores, criteria_set: CriteriaSet) -> tuple[Score, ...]:
    numbers = [score.number for score in scores]
    if len(numbers) != len(set(numbers)):
        raise ValidationError(N_("Each criterion can be scored only once."), field="scores")
    checked = []
    for score in scores:
        criterion = criteria_set.criterion(score.number)
        checked.append(Score(score.number, check_points(score.self_points, criterion),
                             check_points(score.committee_points, criterion),
                             check_points(score.final_points, criterion)))
    return tuple(sorted(checked, key=lambda s: s.number))


def _check_votes(votes: dict[int, int]) -> None:
    for level, count in votes.items():
        if level not in (1, 2, 3, 4) or count is None or count < 0 or count > 200:
            raise ValidationError(N_("A vote count must be a whole number between 0 and 200."), field="votes")


def _set_values(criteria_set: CriteriaSet) -> dict:
    return {"criteria": [[c.number, c.short_name, c.max_points] for c in criteria_set.criteria],
            "thresholds": dataclasses.asdict(criteria_set.thresholds), "cap_ratio": criteria_set.cap_ratio}
