"""The yearly report's data: everything the PDF shows, as one JSON-ready dict.

The PDF is drawn from this dict and the same dict is attached to the PDF as a JSON file, so what a superior
union reads by machine is exactly what the page says. The schema is documented in docs/report-data.md;
`SCHEMA` changes whenever a field changes meaning.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.domain.evaluation import Level, cap_check, distribution
from desktop.domain.indicators import IndicatorValue, Period
from desktop.domain.officers import EDUCATION_LEVELS, POLITICAL_THEORY_LEVELS, Group, PostHolding, Sex, Term
from desktop.domain.vietnamese import name_sort_key
from desktop.services.reports import vocabulary as words

SCHEMA = "socanbo.report/1"
SIGNER_ROLES = ("chair", "deputy")
DEFAULT_RECIPIENTS = ("Như trên", "Lưu: VT, BCH")
YEARLY_INDICATORS = {"annual_evaluation"}  # the rest are measured from the start of the term
# Targets on the make-up of the committee: a share falls short because of whom the committee holds, not
# because particular people have something left to do, so no name is listed against them.
COMPOSITION_TARGETS = {"women_share", "young_share", "renewal"}


@dataclass(frozen=True)
class ReportOptions:
    """What the export dialog (or the CLI) decides; everything else comes from the book."""
    year: int
    number: int | None = None  # the running document number; None: the next free one
    issued_on: date | None = None  # the date on the document; None: today
    signer: str = "chair"  # "chair" or "deputy"
    signer_name: str | None = None  # None: the person holding the post on the date
    recipients: tuple[str, ...] = DEFAULT_RECIPIENTS
    proposals: str = ""


def document_number(sequence: int, suffix: str) -> str:
    """"05/BC-CĐCS": two digits at least (Nghị định 30/2020 writes numbers below 10 with a leading zero)."""
    return f"{sequence:02d}/BC-{suffix}"


def collect(services, options: ReportOptions, *, sequence: int, issued_on: date, signer_name: str,
            generator: str, generated_at: str) -> dict:
    profile = services.union.profile()
    year = options.year
    as_of = min(issued_on, date(year, 12, 31))
    snapshot = services.indicators.snapshot()
    term = _term_for(services.union.terms(), profile.term, year)
    term_period = Period(date(term.start_year, 1, 1), date(year, 12, 31), term.label)
    indicator_values = _indicators(services, term_period, year, as_of)
    names = {pid: person.full_name for pid, person in snapshot.people.items()}
    return {
        "schema": SCHEMA,
        "generator": generator,
        "generated_at": generated_at,
        "year": year,
        "document": {
            "number": document_number(sequence, profile.doc_suffix), "sequence": sequence,
            "suffix": profile.doc_suffix, "kind": "BC", "place": profile.place_name, "date": issued_on.isoformat(),
            "title": "BÁO CÁO",
            "summary": f"Kết quả đánh giá, xếp loại cán bộ công đoàn và công tác đào tạo, bồi dưỡng năm {year}",
            "signer": {"role": options.signer, "name": signer_name},
            "recipients": [r for r in options.recipients if r.strip()],
        },
        "union": {"name": profile.union_name, "superior": profile.superior_name, "term": term.label,
                  "address": profile.address, "non_state": profile.non_state},
        "officers": _officers(snapshot, as_of, indicator_values),
        "evaluation": _evaluation(services, year, snapshot.holdings),
        "training": _training(snapshot, year, term_period, indicator_values, names),
        "targets": [_indicator_json(value, names, term_period, year) for value in indicator_values],
        "proposals": options.proposals.strip(),
    }


def _term_for(terms: list[Term], current: Term, year: int) -> Term:
    covering = [t for t in terms if t.covers(year)]
    if current.covers(year) or not covering:
        return current
    return max(covering, key=lambda t: t.start_year)


def _indicators(services, term_period: Period, year: int, as_of: date) -> list[IndicatorValue]:
    term_values = services.indicators.for_period(term_period, as_of)
    year_values = {v.key: v for v in services.indicators.for_period(Period.for_year(year), as_of)}
    return [year_values[v.key] if v.key in YEARLY_INDICATORS else v for v in term_values]


def _indicator_json(value: IndicatorValue, names: dict[int, str], term_period: Period, year: int) -> dict:
    yearly = value.key in YEARLY_INDICATORS
    return {"key": value.key, "name": words.vi(value.name),
            "target": value.target, "actual": value.actual, "met": value.met, "numerator": value.numerator,
            "denominator": value.denominator, "source": value.source,
            "period": str(year) if yearly else f"{term_period.start.year}–{year}",
            "missing": _missing(value, names)}


def _missing(value: IndicatorValue, names: dict[int, str]) -> list[str]:
    """The people who keep the target from being met: [] once it is met (or cannot be measured) and for the
    composition targets; else those counted who have not met the condition yet (each one who does raises the
    share), in the Vietnamese name order."""
    if value.met is not False or value.key in COMPOSITION_TARGETS:
        return []
    return sorted((names.get(pid, str(pid)) for pid in set(value.missing)), key=name_sort_key)


def _most_senior(holdings: list[PostHolding]) -> PostHolding | None:
    return min(holdings, key=lambda h: h.title.rank) if holdings else None


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


# --------------------------------------------------------------------------- I. officers


def _officers(snapshot, as_of: date, indicators: list[IndicatorValue]) -> dict:
    active = [h for h in snapshot.holdings if h.active_on(as_of)]
    by_person: dict[int, list[PostHolding]] = {}
    for holding in active:
        by_person.setdefault(holding.person_id, []).append(holding)

    def young(pid: int) -> bool:
        age = snapshot.people[pid].age_in(as_of.year)
        return age is not None and age < snapshot.young_age

    def stats(ids: set[int], group: Group | None = None) -> dict:
        people = [snapshot.people[pid] for pid in ids]
        full_time = {h.person_id for h in active if h.full_time and (group is None or h.group == group)}
        return {"count": len(ids), "women": sum(1 for p in people if p.sex == Sex.FEMALE),
                "young": sum(1 for pid in ids if young(pid)), "party_members": sum(1 for p in people if p.party_member),
                "full_time": len(ids & full_time)}

    everyone = set(by_person)
    groups = []
    for group in Group:
        ids = {h.person_id for h in active if h.group == group}
        groups.append({"group": group.value, "name": words.GROUP_NAMES[group], **stats(ids, group)})
    education = {code: 0 for code in (*EDUCATION_LEVELS, "unknown")}
    theory = {code: 0 for code in (*POLITICAL_THEORY_LEVELS, "none")}
    for pid in everyone:
        person = snapshot.people[pid]
        education[person.education or "unknown"] += 1
        theory[person.political_theory or "none"] += 1
    people = []
    for pid in sorted(everyone, key=lambda p: (_most_senior(by_person[p]).title.rank,
                                               name_sort_key(snapshot.people[p].full_name))):
        person = snapshot.people[pid]
        people.append({"id": pid, "full_name": person.full_name,
                       "posts": [words.post_name(h.title_key) for h in sorted(by_person[pid], key=lambda h: h.title.rank)],
                       "sex": person.sex.value if person.sex else None, "birth_year": person.effective_birth_year,
                       "party_member": person.party_member, "education": person.education,
                       "political_theory": person.political_theory, "phone": person.phone, "email": person.email})
    targets = [v for v in indicators if v.key in ("women_share", "young_share", "key_qualification")]
    return {"as_of": as_of.isoformat(), "young_age": snapshot.young_age, "total": stats(everyone), "groups": groups,
            "education": education, "political_theory": theory, "people": people,
            "targets": [{"key": v.key, "target": v.target, "actual": v.actual, "met": v.met} for v in targets]}


# --------------------------------------------------------------------------- II. evaluation


def _evaluation(services, year: int, holdings: list[PostHolding]) -> dict:
    rows = services.evaluations.rows(year)
    previous = {r.person.id: r for r in services.evaluations.rows(year - 1)}
    criteria_set = rows[0].criteria_set if rows else services.evaluations.repo.criteria_set(year)
    held: dict[int, list[PostHolding]] = {}
    for holding in holdings:
        if holding.active_in_year(year):
            held.setdefault(holding.person_id, []).append(holding)

    def seniority(row) -> tuple:
        senior = _most_senior(held.get(row.person.id, []))
        return (senior.title.rank if senior else 99, name_sort_key(row.person.full_name))

    entries = []
    for row in sorted(rows, key=seniority):
        evaluation = row.evaluation
        level = evaluation.effective_level(row.criteria_set) if evaluation.finalised else None
        before = previous.get(row.person.id)
        before_level = before.evaluation.effective_level(before.criteria_set) if (
            before and before.evaluation.finalised) else None
        senior = _most_senior(held.get(row.person.id, []))
        entries.append({
            "person_id": row.person.id, "full_name": row.person.full_name,
            "post": words.post_name(senior.title_key) if senior else "",
            "points": [evaluation.score(c.number).final_points for c in row.criteria_set.criteria],
            "total": row.total, "suggested_level": _int(row.suggested_level),
            "final_level": _int(evaluation.final_level), "level": _int(level),
            "level_name": words.level_name(level), "finalised": evaluation.finalised,
            "override_reason": evaluation.override_reason if evaluation.finalised else "",
            "previous_level": _int(before_level), "change": _change(level, before_level),
        })
    levels = [Level(e["level"]) for e in entries if e["level"]]
    previous_levels = [r.evaluation.effective_level(r.criteria_set) for r in previous.values() if r.evaluation.finalised]
    cap_ratio = criteria_set.cap_ratio if criteria_set else 0.2
    cap = cap_check(levels, cap_ratio)
    return {
        "closed": services.evaluations.year_closed(year),
        "criteria": [{"number": c.number, "short_name": words.vi(c.short_name), "full_text": c.full_text,
                      "max_points": c.max_points} for c in (criteria_set.criteria if criteria_set else ())],
        "thresholds": ({"excellent": criteria_set.thresholds.excellent, "good": criteria_set.thresholds.good,
                        "done": criteria_set.thresholds.done} if criteria_set else None),
        "rows": entries,
        "distribution": _distribution_json(levels),
        "not_finalised": [e["full_name"] for e in entries if not e["finalised"]],
        "not_started": [p.full_name for p in services.evaluations.incomplete(year)
                        if p.id not in {e["person_id"] for e in entries}],
        "cap": {"ratio": cap_ratio, "excellent": cap.excellent, "good": cap.good, "allowed": cap.allowed,
                "exceeded": cap.exceeded},
        "previous_year": {"year": year - 1, "distribution": _distribution_json(previous_levels)},
    }


def _int(level) -> int | None:
    return int(level) if level else None


def _change(level: Level | None, before: Level | None) -> str | None:
    if level is None:
        return None
    if before is None:
        return "new"
    return "same" if level == before else ("up" if level < before else "down")


def _distribution_json(levels: list[Level]) -> dict:
    counts = distribution(levels)
    return {str(int(level)): {"name": words.level_name(level), "count": counts[level],
                              "percent": _percent(counts[level], len(levels))} for level in Level}


# --------------------------------------------------------------------------- III. training


def _training(snapshot, year: int, term_period: Period, indicators: list[IndicatorValue],
              names: dict[int, str]) -> dict:
    year_period = Period.for_year(year)
    courses = sorted((c for c in snapshot.courses.values() if year_period.contains(c.start_date or c.end_date)),
                     key=lambda c: (c.start_date or c.end_date, c.id))
    course_ids = {c.id for c in courses}
    records = [a for a in snapshot.attendance if a.course_id in course_ids]
    trained_year = _trained(snapshot, year_period)
    trained_term = _trained(snapshot, term_period)
    officers: dict[int, list[PostHolding]] = {}
    for holding in snapshot.holdings:
        if holding.active_in_year(year):
            officers.setdefault(holding.person_id, []).append(holding)
    coverage = []
    for group in Group:
        ids = {pid for pid, hs in officers.items() if any(h.group == group for h in hs)}
        coverage.append(_coverage_row(group.value, words.GROUP_NAMES[group], ids, trained_year, trained_term))
    coverage.append(_coverage_row("all", "Tổng số", set(officers), trained_year, trained_term))
    courses_json = []
    for course in courses:
        mine = [a for a in records if a.course_id == course.id]
        courses_json.append({
            "id": course.id, "title": course.title, "topic": course.topic, "topic_name": words.topic_name(course.topic),
            "organiser": course.organiser, "start_date": _iso(course.start_date), "end_date": _iso(course.end_date),
            "days": course.days, "hours": course.hours, "mode": course.mode, "mode_name": words.mode_name(course.mode),
            "sent": len(mine), "present": sum(1 for a in mine if a.status == "present"),
            "trained": sum(1 for a in mine if a.trained)})
    attendance = [{"course_id": a.course_id, "person_id": a.person_id, "full_name": names.get(a.person_id, ""),
                   "status": a.status, "result": a.result, "result_name": words.result_name(a.result),
                   "certificate_no": a.certificate_no, "officer": a.person_id in officers}
                  for a in sorted(records, key=lambda a: (a.course_id, name_sort_key(names.get(a.person_id, ""))))]
    untrained = []
    for pid in sorted((p for p in officers if not trained_year.get(p)), key=lambda p: name_sort_key(names[p])):
        senior = _most_senior(officers[pid])
        last = max(trained_term.get(pid, []), default=None)
        untrained.append({"person_id": pid, "full_name": names[pid], "post": words.post_name(senior.title_key),
                          "trained_in_term": bool(trained_term.get(pid)), "last_course_date": _iso(last)})
    target = next((v.target for v in indicators if v.key == "officers_trained"), 100)
    return {"courses": courses_json, "attendance": attendance, "coverage": coverage, "target": target,
            "untrained": untrained}


def _trained(snapshot, period: Period) -> dict[int, list[date]]:
    """Person -> the dates of the courses they completed within the period."""
    found: dict[int, list[date]] = {}
    for record in snapshot.attendance:
        course = snapshot.courses.get(record.course_id)
        day = course and (course.start_date or course.end_date)
        if course and record.trained and period.contains(day):
            found.setdefault(record.person_id, []).append(day)
    return found


def _coverage_row(key: str, name: str, ids: set[int], trained_year: dict, trained_term: dict) -> dict:
    in_year = sum(1 for pid in ids if trained_year.get(pid))
    in_term = sum(1 for pid in ids if trained_term.get(pid))
    return {"group": key, "name": name, "officers": len(ids), "trained_year": in_year,
            "percent_year": _percent(in_year, len(ids)), "trained_term": in_term,
            "percent_term": _percent(in_term, len(ids))}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
