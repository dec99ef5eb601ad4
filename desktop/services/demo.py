"""A demo book: the union of a garment company with two terms of committee history and three years of work.

It gives every screen something to show: a renewed committee with ended posts, two closed evaluation years
(2024 over the 'xuất sắc' cap, 2023 within it), an open year half done, and courses that leave gaps in the
training targets. Everything goes through the services, so the demo also exercises validation and the audit
log. It is deterministic: one seeded generator and a clock that the script moves to fixed dates, so two runs
write the same content, audit times included.
"""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop.domain.evaluation import Level, Score, classify
from desktop.domain.officers import Group, Person, PostHolding, Sex
from desktop.domain.training import Attendance, Course
from desktop.services.book import Services, create_book
from desktop.services.demo_data import (
    BANDS,
    CONGRESS,
    COURSES,
    CURRENT,
    CURRENT_POSTS,
    DEMO_TODAY,
    DRAFTS_2025,
    DUTY_STRENGTHS,
    FULL_TIME,
    LATE_JOINERS,
    LEAVERS,
    ONLINE,
    OVERRIDES,
    PEOPLE,
    PLAN,
    PREVIOUS,
    PREVIOUS_CONGRESS,
    PREVIOUS_END,
    PREVIOUS_POSTS,
    PROFILE,
    REMEDIES,
    STRENGTHS,
    VN,
    WEAKNESSES,
)


class _Clock:
    """The services' clock, moved by the script to the day each step 'happened'; never backwards, so the
    audit log reads in order."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def move(self, day: date, hour: int = 9) -> None:
        moment = datetime.combine(day, time(hour), VN)
        if moment < self.now:
            raise ValueError(f"the demo clock cannot go back from {self.now} to {moment}")
        self.now = moment


def write_demo_book(path: Path, *, today: date = DEMO_TODAY) -> None:
    """Create the demo book at `path` (refused if the file exists); nothing is left behind on failure."""
    if today < DEMO_TODAY:
        raise ValueError(f"the demo book describes the union as of {DEMO_TODAY:%d/%m/%Y}; today cannot be earlier")
    path = Path(path)
    clock = _Clock(datetime.combine(date(2023, 5, 20), time(8, 30), VN))
    services = create_book(path, PROFILE, clock=clock)  # raises BookFileError before we own any file
    done = False
    try:
        _Demo(services, clock, random.Random(2025)).write(today)
        done = True
    finally:
        services.close()  # also releases the lock file beside the book
        if not done:
            path.unlink(missing_ok=True)


class _Demo:
    def __init__(self, services: Services, clock: _Clock, rng: random.Random) -> None:
        self.s, self.clock, self.rng = services, clock, rng
        self.ids: dict[str, int] = {}
        self.posts: dict[tuple[str, str], int] = {}

    def write(self, today: date) -> None:
        # The chair starts the book right after the 2023 congress, entering both committees.
        for row in PEOPLE:
            if row[0] not in LATE_JOINERS:
                self._person(*row)
        for key, title, duties in PREVIOUS_POSTS:
            self._post(key, title, PREVIOUS, PREVIOUS_CONGRESS, duties, end=PREVIOUS_END)
        for key, title, duties in CURRENT_POSTS:
            self._post(key, title, CURRENT, CONGRESS, duties)
        # Courses go in at the end of each year, from the superior union's lists.
        self.clock.move(date(2023, 12, 5), 14)
        self._courses(2023)
        self._evaluate_year(2023, date(2023, 12, 20), close_on=date(2024, 1, 8))
        # 2024: a committee member moves to another company and the committee elects a replacement;
        # a group leader leaves and her group chooses a new one.
        self.clock.move(LATE_JOINERS["ngoc"], 10)
        self.s.officers.end_post(self.posts["toan", "committee_member"], date(2024, 6, 30),
                                 "Chuyển công tác sang công ty khác")
        self._person(*next(r for r in PEOPLE if r[0] == "ngoc"))
        self._post("ngoc", "committee_member", CURRENT, date(2024, 7, 1), "Phụ trách văn hóa, thể thao")
        self.clock.move(LATE_JOINERS["diem"], 10)
        self.s.officers.end_post(self.posts["hong", "group_leader"], date(2024, 9, 30), "Nghỉ việc")
        self._person(*next(r for r in PEOPLE if r[0] == "diem"))
        self._post("diem", "group_leader", CURRENT, date(2024, 10, 1), "Tổ công đoàn Xưởng May 1")
        self.clock.move(date(2024, 12, 3), 14)
        self._courses(2024)
        self._evaluate_year(2024, date(2024, 12, 18), close_on=date(2025, 1, 7))
        # 2025 is still open: courses so far, a planned one, and the evaluation under way.
        self.clock.move(date(2025, 10, 20), 14)
        self._courses(2025)
        self._evaluate_year(2025, today, close_on=None)

    # --- people and posts
    def _person(self, key, name, sex, born, party, education, theory, job, department, phone, email, notes):
        person = Person(name, birth_date=born if isinstance(born, date) else None,
                        birth_year=born if isinstance(born, int) else None,
                        sex=Sex.FEMALE if sex == "F" else Sex.MALE, ethnicity="Kinh",
                        party_member=party is not None, party_join_date=party, education=education,
                        political_theory=theory, it_level="Cơ bản" if education in ("college", "university") else "",
                        job_title=job, department=department, phone=phone, email=email, notes=notes)
        self.ids[key] = self.s.officers.add_person(person)

    def _post(self, key, title, term, start, duties, end=None) -> None:
        self.posts[key, title] = self.s.officers.add_post(PostHolding(
            self.ids[key], title, term, start_date=start, end_date=end, duties=duties,
            full_time=(key, title) in FULL_TIME and term == CURRENT))

    def _duty(self, person_id: int, year: int) -> str:
        """The committee duty the person held in `year` (the newest post; the senior one on a tie)."""
        held = [h for h in self.s.officers.person(person_id).holdings
                if h.group in (Group.BCH, Group.UBKT) and h.active_in_year(year)]
        return min(held, key=lambda h: (-h.start_date.toordinal(), h.title.rank)).duties if held else ""

    # --- training
    def _courses(self, year: int) -> None:
        for title, topic, organiser, start, days, hours, place, audience, certificate, attendees in COURSES:
            if start.year != year:
                continue
            end = start + timedelta(days=days - 1) if days else start
            mode = "online" if place == ONLINE else "in_person"
            course_id = self.s.training.add_course(Course(
                title, topic, organiser, start, end, days, hours, place, mode, audience))
            for number, entry in enumerate(attendees.split(), start=1):
                key, mark = entry.rstrip("-?!"), entry[-1]
                status = {"-": "absent", "?": "sent"}.get(mark, "present")
                # Online lectures have no test; a failed test still counts as attendance.
                result = ("fail" if mark == "!" else None if status != "present" or mode == "online"
                          else self.rng.choices(("excellent", "good", "pass"), (2, 5, 3))[0])
                number_text = f"{start.month:02d}{number:02d}/{year}/{certificate}"
                self.s.training.set_attendance(Attendance(
                    course_id, self.ids[key], status, result,
                    number_text if certificate and result and result != "fail" else ""))

    # --- evaluations
    def _evaluate_year(self, year: int, day: date, close_on: date | None) -> None:
        self.clock.move(day, 8)
        self.s.evaluations.open_year(year)
        keys = {pid: key for key, pid in self.ids.items()}
        used: set[float] = set()  # totals are distinct within a year, so no two rows look copied
        for row in self.s.evaluations.rows(year):
            key = keys[row.person.id]
            if key not in PLAN[year]:
                continue  # not started yet (only in the open year)
            draft = DRAFTS_2025.get(key) if close_on is None else None
            self.s.evaluations.save(self._scored(row, key, PLAN[year][key], used, draft))
            if draft is None:
                self.s.evaluations.finalise(row.person.id, year)
        if close_on is not None:
            self.clock.move(close_on, 10)
            self.s.evaluations.close_year(year)

    def _scored(self, row, key: str, level: Level, used: set[float], draft: str | None):
        rng, year, criteria = self.rng, row.evaluation.year, row.criteria_set
        maxima = [c.max_points for c in criteria.criteria]
        final_level, reason = OVERRIDES.get((year, key), (None, ""))
        # An overridden conclusion sits on a boundary; otherwise the points fit the planned level well.
        final = spread_points(rng, _total(rng, (70, 72.5) if final_level else BANDS[level], used), maxima)
        # The committee reviews the officer's own points and the conclusion stays close to the committee's.
        committee = [_nudge(rng, p, m, (-0.5, 0, 0, 0.5)) for p, m in zip(final, maxima)]
        own = [_nudge(rng, p, m, (0, 0.5, 0.5, 1)) for p, m in zip(committee, maxima)]
        shown = final_level or level
        duty = self._duty(row.person.id, year)
        strength = next((text for word, text in DUTY_STRENGTHS if word in duty.lower()), "")
        if key in LEAVERS.get(year, ()):
            next_duties = "Không còn tham gia Ban Chấp hành, Ủy ban Kiểm tra từ năm sau."
        else:
            next_duties = f"Tiếp tục {duty[0].lower()}{duty[1:]}." if duty else ""
        evaluation = replace(
            row.evaluation, self_level=classify(sum(own), criteria.thresholds),
            votes=_votes(rng, shown) if rng.random() < 0.6 else {},
            strengths=f"{strength} {rng.choice(STRENGTHS[shown])}".strip(),
            weaknesses=rng.choice(WEAKNESSES[shown]), remedies=rng.choice(REMEDIES[shown]),
            next_year_duties=next_duties, final_level=final_level, override_reason=reason,
            scores=tuple(Score(n, s, c, f) for n, s, c, f in zip(range(1, len(maxima) + 1), own, committee, final)))
        if draft:
            evaluation = _draft(evaluation, draft)
        return evaluation


def _total(rng: random.Random, band: tuple[float, float], used: set[float]) -> float:
    low, high = band
    while True:
        total = rng.randint(int(low * 2), int(high * 2)) / 2
        if total not in used:
            used.add(total)
            return total


def spread_points(rng: random.Random, total: float, maxima: list[float]) -> list[float]:
    """Points per criterion in half-point steps (as on the paper forms) that add up to `total` exactly."""
    share = total / sum(maxima)
    points = [min(m, max(0.0, round((m * share + rng.uniform(-1, 1)) * 2) / 2)) for m in maxima]
    step = 0.5 if sum(points) < total else -0.5
    while abs(sum(points) - total) > 1e-9:
        i = rng.randrange(len(points))
        if 0 <= points[i] + step <= maxima[i]:
            points[i] += step
    return points


def _nudge(rng: random.Random, points: float, maximum: float, steps: tuple) -> float:
    return min(maximum, max(0.0, points + rng.choice(steps)))


def _votes(rng: random.Random, level: Level) -> dict[int, int]:
    """A show of hands of the 11-member committee: most for the conclusion, a few for a neighbouring level."""
    present = rng.choice((9, 10, 11))
    majority = rng.randint(present - 3, present)
    votes = {int(level): majority}
    if majority < present:
        other = int(level) + 1 if level == Level.EXCELLENT or rng.random() < 0.5 else int(level) - 1
        votes[other] = present - majority
    return votes


def _draft(evaluation, stage: str):
    """Cut a complete evaluation back to what is filled in while scoring is under way: the committee's column
    ("committee"), the officer's own points ("self"), or only the first criteria of those ("partial")."""
    scores = tuple(Score(s.number, s.self_points, s.committee_points if stage == "committee" else None)
                   for s in evaluation.scores if stage != "partial" or s.number <= 4)
    return replace(evaluation, scores=scores, votes={}, remedies="", next_year_duties="",
                   self_level=evaluation.self_level if stage != "partial" else None)
