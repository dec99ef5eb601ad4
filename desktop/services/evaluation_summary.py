"""The year at a glance: levels counted, the cap warning, who is still missing, and last year's totals."""
from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.evaluation import CapCheck, Level, Status, cap_check, distribution
from desktop.domain.officers import Person


@dataclass(frozen=True)
class PersonTotals:
    person: Person
    total: float | None
    level: Level | None
    last_year_total: float | None
    last_year_level: Level | None

    @property
    def change(self) -> float | None:
        if self.total is None or self.last_year_total is None:
            return None
        return round(self.total - self.last_year_total, 1)


@dataclass(frozen=True)
class YearSummary:
    year: int
    closed: bool
    evaluated: int  # evaluations of the year
    finalised: int
    counts: dict[Level, int]
    cap: CapCheck
    cap_ratio: float
    missing: list[Person] = field(default_factory=list)
    people: list[PersonTotals] = field(default_factory=list)

    def share(self, level: Level) -> float | None:
        """Percentage of the finalised evaluations at `level`."""
        counted = sum(self.counts.values())
        return None if counted == 0 else round(100 * self.counts[level] / counted, 1)

    @property
    def progress_text_values(self) -> tuple[int, int]:
        return self.finalised, self.evaluated


def year_summary(evaluations, year: int) -> YearSummary:
    """Built from the evaluation service's rows; levels count finalised evaluations only."""
    rows = evaluations.rows(year)
    previous = {row.person.id: row for row in evaluations.rows(year - 1)}
    final_levels = [row.evaluation.effective_level(row.criteria_set) for row in rows
                    if row.evaluation.status() == Status.FINAL]
    final_levels = [level for level in final_levels if level is not None]
    criteria_set = rows[0].criteria_set if rows else evaluations.criteria_set_if_any(year)
    cap_ratio = criteria_set.cap_ratio if criteria_set else 0.2
    people = []
    for row in rows:
        before = previous.get(row.person.id)
        people.append(PersonTotals(
            row.person, row.total, row.evaluation.effective_level(row.criteria_set),
            before.total if before else None,
            before.evaluation.effective_level(before.criteria_set) if before else None))
    return YearSummary(year=year, closed=evaluations.year_closed(year), evaluated=len(rows),
                       finalised=len(final_levels), counts=distribution(final_levels),
                       cap=cap_check(final_levels, cap_ratio), cap_ratio=cap_ratio,
                       missing=evaluations.incomplete(year), people=people)
