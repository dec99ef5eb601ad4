"""`socanbo check`: is the file sound, and does the book agree with its own rules?"""
from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.errors import N_
from desktop.domain.evaluation import classify
from desktop.storage.integrity import integrity_problems


@dataclass(frozen=True)
class Finding:
    severity: str  # "damage" (the file) or "inconsistency" (the data)
    message_id: str
    params: dict

    def render(self, translate) -> str:
        return translate(self.message_id).format(**self.params)


def check_book(services) -> list[Finding]:
    findings = [Finding("damage", N_("Database check: {detail}"), {"detail": line})
                for line in integrity_problems(services.book.db)]
    if findings:
        return findings  # the data cannot be trusted enough to check its rules
    if services.union.repo.get() is None:
        findings.append(Finding("inconsistency", N_("The union profile is missing."), {}))
    people = {p.id: p for p in services.officers.people.all()}
    for holding in services.officers.people.holdings():
        if holding.start_date and holding.end_date and holding.end_date < holding.start_date:
            findings.append(Finding("inconsistency", N_("{name}: a post ends before it starts."),
                                    {"name": people[holding.person_id].full_name}))
    evaluations = services.evaluations
    for year in evaluations.years():
        closed = evaluations.year_closed(year)
        for row in evaluations.rows(year):
            evaluation = row.evaluation
            if closed and not evaluation.finalised:
                findings.append(Finding("inconsistency", N_("{year}: the year is closed but {name}'s evaluation is "
                                                            "not finalised."), {"year": year,
                                                                                "name": row.person.full_name}))
            total = row.total
            if evaluation.finalised and total is None:
                findings.append(Finding("inconsistency", N_("{year}: {name}'s finalised evaluation lacks points."),
                                        {"year": year, "name": row.person.full_name}))
            if total is not None and row.suggested_level != classify(total, row.criteria_set.thresholds):
                findings.append(Finding("inconsistency", N_("{year}: {name}'s suggested level does not follow "
                                                            "the thresholds."),
                                        {"year": year, "name": row.person.full_name}))
            if (evaluation.final_level and row.suggested_level and evaluation.final_level != row.suggested_level
                    and not evaluation.override_reason.strip()):
                findings.append(Finding("inconsistency", N_("{year}: {name}'s final level differs from the "
                                                            "suggestion without a reason."),
                                        {"year": year, "name": row.person.full_name}))
    for row in services.training.attendance():
        if row.attendance.result and row.attendance.status != "present":
            findings.append(Finding("inconsistency", N_("{name} has a result for {course} without attending."),
                                    {"name": row.full_name, "course": row.course.title}))
    return findings
