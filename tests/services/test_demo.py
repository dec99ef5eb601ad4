"""The demo book: written through the services, deterministic, and showing what each screen is meant to show."""
from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone

import pytest

import desktop.services.training as training_module
from desktop.domain.errors import BookFileError
from desktop.domain.evaluation import Level, Status, cap_check, classify
from desktop.domain.officers import Group, Sex, Term
from desktop.services.book import open_book
from desktop.services.demo import write_demo_book
from desktop.services.officers import RosterFilter

DEMO_NOW = datetime(2025, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=7)))
DAY = date(2025, 1, 1)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.socanbo"
    write_demo_book(path)
    return path


@pytest.fixture
def demo(demo_path):
    services = open_book(demo_path, read_only=True, clock=lambda: DEMO_NOW)
    yield services
    services.close()


def everyone(services):
    return services.officers.roster(RosterFilter(include_ended=True))


def holders_on(services, day: date, group: Group):
    """(person, post) pairs of `group` held on `day`."""
    return [(entry.person, h) for entry in everyone(services) for h in entry.holdings
            if h.group == group and h.active_on(day)]


def test_the_book_is_created_with_the_union_profile(demo_path, demo):
    assert demo_path.is_file() and demo_path.stat().st_size > 0
    profile = demo.union.profile()
    assert profile.union_name == "Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng"
    assert profile.superior_name == "Công đoàn Khu công nghiệp Tân Bình"
    assert profile.term == Term(2023, 2028) and profile.non_state
    assert profile.chair_name == "Nguyễn Minh Tuấn"
    assert not demo_path.with_name(demo_path.name + "-lock").exists()


def test_people_have_varied_vietnamese_names_in_nfc(demo):
    people = [entry.person for entry in everyone(demo)]
    names = [p.full_name for p in people]
    assert len(people) >= 24
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert len({n.split()[0] for n in names}) >= 14  # family names
    assert any(n.endswith("Hoà") for n in names) and any(n.endswith("Hòa") for n in names)
    assert any(n.endswith("Thuỷ") for n in names)
    women = sum(p.sex == Sex.FEMALE for p in people)
    assert all(p.sex in (Sex.MALE, Sex.FEMALE) for p in people)
    assert 0.3 <= women / len(people) <= 0.5
    assert any(p.party_member and p.party_join_date for p in people)
    assert any(p.birth_date is None and p.birth_year for p in people)
    assert all(p.phone.replace(" ", "").startswith("0") and len(p.phone.replace(" ", "")) == 10
               for p in people if p.phone)


def test_the_committee_on_new_year_2025(demo):
    bch = holders_on(demo, DAY, Group.BCH)
    titles = [h.title_key for _, h in bch]
    assert 9 <= len({p.id for p, _ in bch}) <= 15
    assert titles.count("chair") == 1
    assert titles.count("vice_chair") >= 1
    assert any(h.full_time for _, h in bch if h.title_key == "vice_chair")
    chair = next(p for p, h in bch if h.title_key == "chair")
    assert chair.full_name == demo.union.profile().chair_name
    ubkt = holders_on(demo, DAY, Group.UBKT)
    assert sorted(h.title_key for _, h in ubkt) == ["inspection_chair", "inspection_member",
                                                   "inspection_vice_chair"]
    inspection_chair = next(p for p, h in ubkt if h.title_key == "inspection_chair")
    assert inspection_chair.id in {p.id for p, _ in bch}
    below = holders_on(demo, DAY, Group.BELOW)
    assert sum(h.title_key == "group_leader" for _, h in below) >= 6
    assert any(h.title_key == "women_head" for _, h in below)


def test_post_history_keeps_ended_posts_and_the_previous_term(demo):
    holdings = [h for entry in everyone(demo) for h in entry.holdings]
    ended_2024 = {h.title_key for h in holdings if h.end_date and h.end_date.year == 2024}
    assert {"committee_member", "group_leader"} <= ended_2024
    assert any(h.title_key == "committee_member" and h.start_date == date(2024, 7, 1) for h in holdings)
    previous = {h.person_id for h in holdings if h.group == Group.BCH and h.term == Term(2018, 2023)}
    current = {h.person_id for h in holdings if h.group == Group.BCH and h.term == Term(2023, 2028)}
    assert all(h.end_date == date(2023, 5, 14) for h in holdings if h.term == Term(2018, 2023))
    # Renewal is measurable: some of the old committee continue, some left, and new people came in.
    assert len(previous) >= 6 and 0 < len(previous & current) < len(previous)
    assert len(current - previous) / len(current) >= 0.3


def test_closed_years_are_finalised_and_follow_the_thresholds(demo):
    for year in (2023, 2024):
        assert demo.evaluations.year_closed(year)
        rows = demo.evaluations.rows(year)
        assert len(rows) >= 11
        totals = []
        for row in rows:
            evaluation = row.evaluation
            assert evaluation.status() == Status.FINAL
            finals = [evaluation.score(c.number).final_points for c in row.criteria_set.criteria]
            assert None not in finals
            assert row.total == round(sum(finals), 1)
            assert row.suggested_level == classify(sum(finals), row.criteria_set.thresholds)
            if evaluation.final_level != row.suggested_level:
                assert evaluation.override_reason.strip()
            assert evaluation.self_level is not None
            assert evaluation.strengths and evaluation.weaknesses and evaluation.remedies
            assert evaluation.next_year_duties
            totals.append(row.total)
        assert len(set(totals)) == len(totals)  # distinct per person within the year
        assert sum(50 <= t < 70 for t in totals) >= 1
        assert sum(70 <= t <= 96 for t in totals) >= len(totals) - 4
        assert any(row.evaluation.votes for row in rows)
    overridden = [row for year in (2023, 2024) for row in demo.evaluations.rows(year)
                  if row.evaluation.final_level != row.suggested_level]
    assert len(overridden) >= 1


def test_one_closed_year_exceeds_the_excellent_cap_and_the_other_does_not(demo):
    checks = {}
    for year in (2023, 2024):
        rows = demo.evaluations.rows(year)
        levels = [row.evaluation.effective_level(row.criteria_set) for row in rows]
        checks[year] = cap_check(levels, rows[0].criteria_set.cap_ratio)
    assert not checks[2023].exceeded and checks[2023].excellent >= 1
    assert checks[2024].exceeded and checks[2024].excellent == 3 and checks[2024].good == 9
    assert all(c.excellent + c.good > 0 for c in checks.values())
    assert Level.EXCELLENT in {row.evaluation.final_level for row in demo.evaluations.rows(2024)}


def test_2025_is_open_and_half_done(demo):
    assert not demo.evaluations.year_closed(2025)
    rows = demo.evaluations.rows(2025)
    statuses = [row.evaluation.status() for row in rows]
    assert statuses.count(Status.FINAL) >= 2
    assert statuses.count(Status.DRAFT) >= 2
    assert statuses.count(Status.NOT_STARTED) >= 1
    assert 0.5 <= (statuses.count(Status.FINAL) + statuses.count(Status.DRAFT)) / len(rows) <= 0.8
    drafts = [row for row in rows if row.evaluation.status() == Status.DRAFT]
    assert all(row.total is None for row in drafts)  # partial points: no total yet
    assert demo.evaluations.incomplete(2025)


def test_courses_and_attendance(demo):
    courses = [row.course for row in demo.training.courses()]
    assert len(courses) >= 12
    assert {c.start_date.year for c in courses} >= {2023, 2024, 2025}
    assert {"union_work", "bargaining", "safety", "democracy", "finance", "inspection", "women",
            "law"} <= {c.topic for c in courses}
    assert {c.mode for c in courses} == {"in_person", "online"}
    assert all(c.organiser and c.place and c.audience and (c.days or c.hours) for c in courses)
    records = [row.attendance for row in demo.training.attendance()]
    assert {r.status for r in records} == {"present", "absent", "sent"}
    assert {"excellent", "good", "pass", "fail"} <= {r.result for r in records}
    assert any(r.certificate_no for r in records)


def test_indicators_show_gaps(demo):
    values = {v.key: v for v in demo.indicators.for_term(Term(2023, 2028))}
    trained = values["officers_trained"]
    assert trained.actual is not None and trained.actual < 100 and trained.missing
    assert values["women_share"].actual >= 30
    chair = next(entry.person for entry in everyone(demo)
                 if entry.person.full_name == demo.union.profile().chair_name)
    topics = {row.course.topic for row in demo.training.attendance(person_id=chair.id)
              if row.attendance.trained}
    assert {"bargaining", "safety"} <= topics and "democracy" not in topics
    assert values["chair_bargaining"].met is False


def snapshot(path):
    services = open_book(path, read_only=True, clock=lambda: DEMO_NOW)
    try:
        return {
            "roster": [entry.person.full_name for entry in everyone(services)],
            "evaluations": [(row.person.full_name, year, row.total, row.evaluation.status(),
                             row.evaluation.strengths) for year in (2023, 2024, 2025)
                            for row in services.evaluations.rows(year)],
            "courses": [row.course.title for row in services.training.courses()],
            "audit": [(e.at, e.action, e.field, e.new_value) for e in services.audit.entries()],
        }
    finally:
        services.close()


def test_two_books_are_identical(demo_path, tmp_path):
    other = tmp_path / "again.socanbo"
    write_demo_book(other)
    first, second = snapshot(demo_path), snapshot(other)
    assert first == second
    assert len(first["audit"]) > 100
    ats = [entry[0] for entry in first["audit"]]
    assert ats == sorted(ats, reverse=True)  # newest first; the clock never went back
    assert max(ats) == "2025-11-20T08:00:00+07:00" and min(ats).startswith("2023-05-20")


def test_an_existing_file_is_never_overwritten(demo_path, tmp_path):
    before = demo_path.read_bytes()
    with pytest.raises(BookFileError):
        write_demo_book(demo_path)
    assert demo_path.read_bytes() == before
    other = tmp_path / "notes.txt"
    other.write_text("không phải sổ")
    with pytest.raises(BookFileError):
        write_demo_book(other)
    assert other.read_text() == "không phải sổ"


def test_a_failure_leaves_no_partial_file(tmp_path, monkeypatch):
    def broken(self, course):
        raise RuntimeError("disk full")

    monkeypatch.setattr(training_module.TrainingService, "add_course", broken)
    path = tmp_path / "broken.socanbo"
    with pytest.raises(RuntimeError, match="disk full"):
        write_demo_book(path)
    assert list(tmp_path.iterdir()) == []


def test_today_before_the_data_is_refused(tmp_path):
    with pytest.raises(ValueError):
        write_demo_book(tmp_path / "early.socanbo", today=date(2024, 1, 1))
    assert not (tmp_path / "early.socanbo").exists()
