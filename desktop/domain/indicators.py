"""The targets the seeds set (chỉ tiêu), measured over the book for a year or for a term.

Each indicator is data (name, formula key, target, source) kept in the book so the union can change the
target; the formula itself is code here, over a plain snapshot of the book, so it is pure and testable.
Shares are percentages; an indicator with nobody to measure (no key officers, no previous term) has no
value rather than a made-up 0% or 100%.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from desktop.domain.errors import N_
from desktop.domain.evaluation import Status
from desktop.domain.officers import EDUCATION_LEVELS, Group, Person, PostHolding, Sex, Term
from desktop.domain.training import Attendance, Course
from desktop.domain.vietnamese import fold as vietnamese_fold


@dataclass(frozen=True)
class IndicatorDefinition:
    key: str
    name: str  # message id
    target: float  # percent
    source: str


DEFAULT_INDICATORS: tuple[IndicatorDefinition, ...] = (
    IndicatorDefinition("officers_trained", N_("Officers trained in the period"), 100,
                        "Chương trình 04/CTr-CĐVC (Bình Định), II"),
    IndicatorDefinition("key_trained_for_post", N_("Key officers trained for their post"), 100,
                        "LĐLĐ Bến Tre 2023–2028, 2.3.a"),
    IndicatorDefinition("key_qualification", N_("Key officers with intermediate qualification or higher"), 100,
                        "LĐLĐ Bến Tre 2023–2028, 2.3.a"),
    IndicatorDefinition("members_trained_area", N_("Committee members trained on their assigned area"), 100,
                        "LĐLĐ Bến Tre 2023–2028, 2.3.b"),
    IndicatorDefinition("annual_evaluation", N_("Committee members evaluated every year"), 100,
                        "Chương trình 04/CTr-CĐVC (Bình Định), II và III.3"),
    IndicatorDefinition("chair_bargaining", N_("Chair trained in bargaining, safety and workplace democracy"), 100,
                        "Nghị quyết LĐLĐ Ninh Thuận (2021), II.2"),
    IndicatorDefinition("women_share", N_("Women on the executive committee"), 30,
                        "Chương trình hành động về công tác cán bộ công đoàn giai đoạn 2018–2023"),
    IndicatorDefinition("young_share", N_("Young officers on the executive committee"), 10,
                        "Chương trình hành động về công tác cán bộ công đoàn giai đoạn 2018–2023"),
    IndicatorDefinition("renewal", N_("Renewal of the executive committee against the previous term"), 30,
                        "Chương trình hành động về công tác cán bộ công đoàn giai đoạn 2018–2023"),
)

KEY_POSTS = {"chair", "vice_chair", "inspection_chair"}
# Words in a post's assigned duties that name a training area (matched on folded text).
DUTY_AREAS = {
    "tai chinh": "finance", "nu cong": "women", "kiem tra": "inspection", "tuyen giao": "propaganda",
    "an toan": "safety", "thuong luong": "bargaining", "thoa uoc": "bargaining", "phap luat": "law",
    "dan chu": "democracy",
}
CHAIR_TOPICS = ("bargaining", "safety", "democracy")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    @classmethod
    def for_year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def for_term(cls, term: Term) -> "Period":
        return cls(date(term.start_year, 1, 1), date(term.end_year, 12, 31), term.label)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class BookSnapshot:
    people: dict[int, Person]
    holdings: list[PostHolding]
    courses: dict[int, Course]
    attendance: list[Attendance]
    finalised_evaluations: set[tuple[int, int]]  # (person_id, year)
    non_state: bool = True
    young_age: int = 35
    fold: Callable[[str], str] = vietnamese_fold


@dataclass(frozen=True)
class IndicatorValue:
    key: str
    name: str
    target: float
    source: str
    numerator: int
    denominator: int
    missing: tuple[int, ...] = field(default=())  # people who keep the target from being met

    @property
    def actual(self) -> float | None:
        return None if self.denominator == 0 else round(100 * self.numerator / self.denominator, 1)

    @property
    def met(self) -> bool | None:
        return None if self.actual is None else self.actual >= self.target - 1e-9


def _held_in(snapshot: BookSnapshot, period: Period, predicate) -> dict[int, list[PostHolding]]:
    found: dict[int, list[PostHolding]] = {}
    for holding in snapshot.holdings:
        if predicate(holding) and _overlaps(holding, period):
            found.setdefault(holding.person_id, []).append(holding)
    return found


def _overlaps(holding: PostHolding, period: Period) -> bool:
    starts = holding.start_date or date(holding.term.start_year, 1, 1)
    ends = holding.end_date or date(holding.term.end_year, 12, 31)
    return starts <= period.end and ends >= period.start


def _trained_topics(snapshot: BookSnapshot, period: Period) -> dict[int, set[str]]:
    topics: dict[int, set[str]] = {}
    for record in snapshot.attendance:
        course = snapshot.courses.get(record.course_id)
        if course and record.trained and period.contains(course.start_date or course.end_date):
            topics.setdefault(record.person_id, set()).add(course.topic)
    return topics


def _share(definition: IndicatorDefinition, population: list[int], passed) -> IndicatorValue:
    missing = tuple(pid for pid in population if not passed(pid))
    return IndicatorValue(definition.key, definition.name, definition.target, definition.source,
                          len(population) - len(missing), len(population), missing)


def _committee_on(snapshot: BookSnapshot, day: date, groups: set[Group]) -> list[int]:
    return sorted({h.person_id for h in snapshot.holdings if h.group in groups and h.active_on(day)})


def compute(definition: IndicatorDefinition, snapshot: BookSnapshot, period: Period, as_of: date,
            trained: dict[int, set[str]] | None = None) -> IndicatorValue:
    """The value of one indicator. `as_of` is the day the committee's make-up is read (period end or today).

    `trained` (who was trained in which topics during the period) may be passed in when several indicators
    are computed together, so the attendance is walked once, not once per indicator.
    """
    day = min(as_of, period.end)
    if trained is None:
        trained = _trained_topics(snapshot, period)
    key = definition.key
    if key == "officers_trained":
        officers = sorted(_held_in(snapshot, period, lambda h: True))
        return _share(definition, officers, lambda pid: bool(trained.get(pid)))
    if key in ("key_trained_for_post", "key_qualification"):
        key_people = _held_in(snapshot, period, lambda h: h.title_key in KEY_POSTS)
        if key == "key_qualification":
            minimum = EDUCATION_LEVELS.index("intermediate")

            def qualified(pid: int) -> bool:
                level = snapshot.people[pid].education
                return level is not None and EDUCATION_LEVELS.index(level) >= minimum
            return _share(definition, sorted(key_people), qualified)

        def trained_for_post(pid: int) -> bool:
            wanted = {"union_work"}
            if any(h.title_key == "inspection_chair" for h in key_people[pid]):
                wanted.add("inspection")
            return bool(trained.get(pid, set()) & wanted)
        return _share(definition, sorted(key_people), trained_for_post)
    if key == "members_trained_area":
        members = _held_in(snapshot, period, lambda h: h.group in (Group.BCH, Group.UBKT)
                           and h.title_key not in KEY_POSTS)

        def trained_on_area(pid: int) -> bool:
            areas = {topic for h in members[pid] for word, topic in DUTY_AREAS.items()
                     if word in snapshot.fold(h.duties)}
            got = trained.get(pid, set())
            return bool(got & areas) if areas else bool(got)
        return _share(definition, sorted(members), trained_on_area)
    if key == "annual_evaluation":
        pairs = []
        for year in range(period.start.year, min(period.end.year, as_of.year) + 1):
            year_period = Period.for_year(year)
            for pid in _held_in(snapshot, year_period, lambda h: h.group in (Group.BCH, Group.UBKT)):
                pairs.append((pid, year))
        missing = [pid for pid, year in pairs if (pid, year) not in snapshot.finalised_evaluations]
        return IndicatorValue(key, definition.name, definition.target, definition.source,
                              len(pairs) - len(missing), len(pairs), tuple(sorted(set(missing))))
    if key == "chair_bargaining":
        chairs = sorted(_held_in(snapshot, period, lambda h: h.title_key == "chair")) if snapshot.non_state else []
        return _share(definition, chairs, lambda pid: set(CHAIR_TOPICS) <= trained.get(pid, set()))
    if key == "women_share":
        committee = _committee_on(snapshot, day, {Group.BCH})
        return _share(definition, committee, lambda pid: snapshot.people[pid].sex == Sex.FEMALE)
    if key == "young_share":
        committee = _committee_on(snapshot, day, {Group.BCH})

        def young(pid: int) -> bool:
            age = snapshot.people[pid].age_in(day.year)
            return age is not None and age < snapshot.young_age
        return _share(definition, committee, young)
    if key == "renewal":
        return _renewal(definition, snapshot, period)
    raise KeyError(key)


def _renewal(definition: IndicatorDefinition, snapshot: BookSnapshot, period: Period) -> IndicatorValue:
    """Share of this term's BCH who were not on the previous term's BCH (measured against the term).

    Consecutive terms share their boundary year (2018–2023, 2023–2028): the current term is the latest one
    that covers the end of the period, the previous one the latest that ended by the time it started.
    """
    terms = {h.term for h in snapshot.holdings if h.group == Group.BCH}
    covering = [t for t in terms if t.covers(period.end.year)] or [t for t in terms if t.covers(period.start.year)]
    if not covering:
        return IndicatorValue(definition.key, definition.name, definition.target, definition.source, 0, 0)
    current = max(covering, key=lambda t: t.start_year)
    previous = [t for t in terms if t.start_year < current.start_year and t.end_year <= current.start_year]
    if not previous:
        return IndicatorValue(definition.key, definition.name, definition.target, definition.source, 0, 0)
    latest_previous = max(previous, key=lambda t: t.end_year)
    before = {h.person_id for h in snapshot.holdings if h.group == Group.BCH and h.term == latest_previous}
    now = sorted({h.person_id for h in snapshot.holdings if h.group == Group.BCH and h.term == current})
    new_people = [pid for pid in now if pid not in before]
    return IndicatorValue(definition.key, definition.name, definition.target, definition.source,
                          len(new_people), len(now))


def compute_all(definitions, snapshot: BookSnapshot, period: Period, as_of: date) -> list[IndicatorValue]:
    trained = _trained_topics(snapshot, period)
    return [compute(d, snapshot, period, as_of, trained) for d in definitions]


def evaluation_done(status: str) -> bool:
    return status == Status.FINAL
