"""The nine default indicators (chỉ tiêu), measured over hand-built snapshots for a year and for a term."""
from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.indicators import (
    DEFAULT_INDICATORS,
    BookSnapshot,
    IndicatorValue,
    Period,
    compute,
    compute_all,
)
from desktop.domain.officers import Person, PostHolding, Sex, Term
from desktop.domain.training import Attendance, Course
from desktop.domain.vietnamese import fold

TERM = Term(2023, 2028)
PREVIOUS = Term(2018, 2023)
YEAR = Period.for_year(2025)
TERM_PERIOD = Period.for_term(TERM)
AS_OF = date(2025, 6, 15)  # "today" for the term period: the term is running
DEFINITIONS = {d.key: d for d in DEFAULT_INDICATORS}


def snapshot(people, holdings, courses=(), attendance=(), finalised=(), non_state=True, young_age=35,
             **kwargs) -> BookSnapshot:
    if isinstance(people, int):
        people = {pid: Person(f"Người {pid}", id=pid) for pid in range(1, people + 1)}
    return BookSnapshot(people=people, holdings=list(holdings), courses={c.id: c for c in courses},
                        attendance=list(attendance), finalised_evaluations=set(finalised), non_state=non_state,
                        young_age=young_age, **{"fold": fold, **kwargs})


def member(pid, title="committee_member", term=TERM, **fields) -> PostHolding:
    return PostHolding(pid, title, term, **fields)


def course(cid, topic, day) -> Course:
    return Course(f"Lớp {cid}", topic=topic, start_date=day, end_date=day, id=cid)


def present(cid, pid, result="pass") -> Attendance:
    return Attendance(cid, pid, status="present", result=result)


def measure(key, snap, period, as_of=None) -> IndicatorValue:
    if as_of is None:
        as_of = AS_OF if period == TERM_PERIOD else date(period.end.year + 1, 1, 10)
    return compute(DEFINITIONS[key], snap, period, as_of)


def check(value: IndicatorValue, numerator, denominator, actual, met, missing=None) -> None:
    assert (value.numerator, value.denominator, value.actual, value.met) == (numerator, denominator, actual, met)
    if missing is not None:
        assert value.missing == tuple(missing)


def test_default_indicators_keys_and_targets():
    assert [(d.key, d.target) for d in DEFAULT_INDICATORS] == [
        ("officers_trained", 100), ("key_trained_for_post", 100), ("key_qualification", 100),
        ("members_trained_area", 100), ("annual_evaluation", 100), ("chair_bargaining", 100),
        ("women_share", 30), ("young_share", 10), ("renewal", 30)]
    assert all(d.source for d in DEFAULT_INDICATORS)


@pytest.mark.parametrize("period, start, end, label", [
    (Period.for_year(2025), date(2025, 1, 1), date(2025, 12, 31), "2025"),
    (Period.for_term(TERM), date(2023, 1, 1), date(2028, 12, 31), "2023–2028"),
])
def test_periods(period, start, end, label):
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.contains(start) and period.contains(end)
    assert not period.contains(None)
    assert not period.contains(date(start.year - 1, 12, 31))


# --------------------------------------------------------------------------- women_share

def women_book(women: int, total: int = 10) -> BookSnapshot:
    people = {pid: Person(f"Người {pid}", id=pid, sex=Sex.FEMALE if pid <= women else Sex.MALE)
              for pid in range(1, total + 1)}
    return snapshot(people, [member(pid) for pid in people])


@pytest.mark.parametrize("period", [YEAR, TERM_PERIOD], ids=["year", "term"])
@pytest.mark.parametrize("women, actual, met, missing", [
    (3, 30.0, True, (4, 5, 6, 7, 8, 9, 10)),
    (2, 20.0, False, (3, 4, 5, 6, 7, 8, 9, 10)),
    (10, 100.0, True, ()),
    (0, 0.0, False, tuple(range(1, 11))),
])
def test_women_share(period, women, actual, met, missing):
    check(measure("women_share", women_book(women), period), women, 10, actual, met, missing)


@pytest.mark.parametrize("period", [YEAR, TERM_PERIOD], ids=["year", "term"])
def test_women_share_counts_only_the_current_bch(period):
    people = {1: Person("A", id=1, sex=Sex.FEMALE), 2: Person("B", id=2, sex=Sex.MALE),
              3: Person("C", id=3, sex=Sex.FEMALE), 4: Person("D", id=4, sex=Sex.FEMALE),
              5: Person("E", id=5, sex=Sex.MALE)}
    holdings = [member(1, "chair"), member(2), member(5),
                member(3, "inspection_member"),  # UBKT: not the executive committee
                member(4, end_date=date(2024, 3, 1))]  # left before the day measured
    check(measure("women_share", snapshot(people, holdings), period), 1, 3, 33.3, True, (2, 5))


def test_women_share_empty_committee_has_no_value():
    check(measure("women_share", snapshot(2, [member(1, "group_leader")]), YEAR), 0, 0, None, None, ())


# --------------------------------------------------------------------------- young_share

def young_book() -> BookSnapshot:
    people = {1: Person("A", id=1, birth_year=1991), 2: Person("B", id=2, birth_year=1990),
              3: Person("C", id=3, birth_date=date(1991, 12, 31)), 4: Person("D", id=4),
              5: Person("E", id=5, birth_year=1970), 6: Person("F", id=6, birth_year=2000),
              7: Person("G", id=7, birth_year=1995), 8: Person("H", id=8, birth_year=1980),
              9: Person("I", id=9, birth_year=1985), 10: Person("J", id=10, birth_year=1975)}
    return snapshot(people, [member(pid) for pid in people])


@pytest.mark.parametrize("period, as_of, numerator, actual, missing", [
    # 2025: under 35 means born 1991 or later (A 34, C 34, F 25, G 30); B turns 35
    (YEAR, date(2026, 1, 10), 4, 40.0, (2, 4, 5, 8, 9, 10)),
    (TERM_PERIOD, AS_OF, 4, 40.0, (2, 4, 5, 8, 9, 10)),
    # measured in 2024, B (born 1990) is 34, so young
    (Period.for_year(2024), date(2026, 1, 10), 5, 50.0, (4, 5, 8, 9, 10)),
    # the term measured in 2028 (today past its end): A, B, C are 37-38
    (TERM_PERIOD, date(2029, 2, 1), 2, 20.0, (1, 2, 3, 4, 5, 8, 9, 10)),
])
def test_young_share_under_35_in_the_year_measured(period, as_of, numerator, actual, missing):
    check(measure("young_share", young_book(), period, as_of), numerator, 10, actual, True, missing)


@pytest.mark.parametrize("young_age, numerator, met", [(35, 0, False), (40, 1, True)])
def test_young_share_age_limit_is_configurable(young_age, numerator, met):
    people = {pid: Person(f"N{pid}", id=pid, birth_year=1988 if pid == 1 else 1970) for pid in range(1, 11)}
    snap = snapshot(people, [member(pid) for pid in people], young_age=young_age)
    check(measure("young_share", snap, YEAR), numerator, 10, 10.0 * numerator, met)


# --------------------------------------------------------------------------- renewal

def renewal_book(previous=(1, 2, 3), current=(1, 4, 5, 6)) -> BookSnapshot:
    holdings = ([member(pid, term=PREVIOUS) for pid in previous]
                + [member(pid, term=TERM) for pid in current]
                + [member(9, "inspection_member", term=TERM)])  # UBKT: not part of the renewal
    return snapshot(9, holdings)


@pytest.mark.parametrize("snap, numerator, denominator, actual, met", [
    (renewal_book(), 3, 4, 75.0, True),
    (renewal_book(previous=(1, 2, 3, 4, 5), current=(1, 2, 3, 4, 6)), 1, 5, 20.0, False),
    (renewal_book(previous=(1, 2, 3), current=(4, 5, 6)), 3, 3, 100.0, True),
    (renewal_book(previous=(), current=(1, 4, 5, 6)), 0, 0, None, None),  # no previous term
    (renewal_book(previous=(1, 2), current=()), 0, 0, None, None),  # nobody in the current term
], ids=["75%", "20%", "all-new", "no-previous", "no-current"])
def test_renewal_for_a_year_inside_the_term(snap, numerator, denominator, actual, met):
    check(measure("renewal", snap, Period.for_year(2024)), numerator, denominator, actual, met, ())


def test_renewal_without_previous_term_for_the_term():
    check(measure("renewal", renewal_book(previous=()), TERM_PERIOD), 0, 0, None, None, ())


# Regression: terms share their boundary year (2018–2023, 2023–2028); the term period and the congress year
# must still find the previous term.
@pytest.mark.parametrize("period", [TERM_PERIOD, Period.for_year(2023)], ids=["term", "congress-year"])
def test_renewal_for_the_term_against_the_previous_term(period):
    check(measure("renewal", renewal_book(), period), 3, 4, 75.0, True, ())


# --------------------------------------------------------------------------- officers_trained

def training_book() -> BookSnapshot:
    holdings = [member(1, "chair"), member(2), member(3), member(4), member(5, "inspection_member"),
                member(6, "group_leader"), member(7), member(8, term=PREVIOUS, end_date=date(2023, 5, 1))]
    courses = [course(10, "union_work", date(2025, 4, 2)), course(11, "finance", date(2024, 11, 5)),
               Course("Giáp Tết", topic="law", start_date=date(2024, 12, 30), end_date=date(2025, 1, 2), id=12)]
    attendance = [present(10, 1),  # passed
                  present(10, 2, result=None),  # attended, no result yet: trained
                  present(10, 3, result="fail"),  # failed: not trained
                  Attendance(10, 4, status="absent"),  # absent
                  Attendance(10, 5, status="sent"),  # sent, never confirmed
                  present(11, 6, result="excellent"),  # 2024 course: outside the year 2025
                  present(12, 7),  # starts 30/12/2024: counts for 2024, not 2025
                  present(10, 8)]  # 8 left in May 2023: an officer of the term, not of 2024 or 2025
    return snapshot(8, holdings, courses, attendance)


@pytest.mark.parametrize("period, numerator, denominator, actual, missing", [
    (YEAR, 2, 7, 28.6, (3, 4, 5, 6, 7)),
    (TERM_PERIOD, 5, 8, 62.5, (3, 4, 5)),
    (Period.for_year(2024), 2, 7, 28.6, (1, 2, 3, 4, 5)),
], ids=["year", "term", "year-2024"])
def test_officers_trained(period, numerator, denominator, actual, missing):
    check(measure("officers_trained", training_book(), period), numerator, denominator, actual, False, missing)


@pytest.mark.parametrize("period", [YEAR, TERM_PERIOD], ids=["year", "term"])
def test_officers_trained_all(period):
    snap = snapshot(2, [member(1), member(2, "group_leader")], [course(1, "other", date(2025, 3, 1))],
                    [present(1, 1), present(1, 2, result="good")])
    check(measure("officers_trained", snap, period), 2, 2, 100.0, True, ())


def test_officers_trained_with_nobody_has_no_value():
    check(measure("officers_trained", snapshot(0, []), YEAR), 0, 0, None, None, ())


# --------------------------------------------------------------------------- key officers

def key_book() -> BookSnapshot:
    people = {1: Person("Chủ tịch", id=1, education="university"),
              2: Person("Phó Chủ tịch", id=2, education="elementary"),
              3: Person("Chủ nhiệm UBKT", id=3, education="intermediate"),
              4: Person("Ủy viên", id=4, education="none"),
              5: Person("Phó Chủ tịch mới", id=5)}
    holdings = [member(1, "chair"), member(2, "vice_chair"), member(3, "inspection_chair"), member(4),
                member(5, "vice_chair", start_date=date(2025, 9, 1))]
    courses = [course(1, "union_work", date(2025, 3, 1)), course(2, "finance", date(2025, 4, 1)),
               course(3, "inspection", date(2024, 5, 1)), course(4, "union_work", date(2026, 2, 1))]
    attendance = [present(1, 1), present(2, 2), present(3, 3), present(1, 4), present(4, 5)]
    return snapshot(people, holdings, courses, attendance)


@pytest.mark.parametrize("period, as_of, numerator, actual, missing", [
    (YEAR, date(2026, 1, 10), 1, 25.0, (2, 3, 5)),  # 3's inspection course was in 2024; 5's course in 2026
    (TERM_PERIOD, AS_OF, 3, 75.0, (2,)),  # 2 was trained on finance only: not for the post
], ids=["year", "term"])
def test_key_trained_for_post(period, as_of, numerator, actual, missing):
    check(measure("key_trained_for_post", key_book(), period, as_of), numerator, 4, actual, False, missing)


@pytest.mark.parametrize("period", [YEAR, TERM_PERIOD], ids=["year", "term"])
def test_key_qualification(period):
    # 1 university, 3 intermediate: qualified; 2 elementary, 5 unknown: not; 4 is no key officer
    check(measure("key_qualification", key_book(), period), 2, 4, 50.0, False, (2, 5))


def test_key_officers_absent_means_no_value():
    snap = snapshot(1, [member(1)])
    check(measure("key_qualification", snap, YEAR), 0, 0, None, None, ())
    check(measure("key_trained_for_post", snap, YEAR), 0, 0, None, None, ())


# --------------------------------------------------------------------------- members_trained_area

def area_book() -> BookSnapshot:
    holdings = [member(1, duties="Phụ trách tài chính"),  # finance, trained on finance
                member(2, duties="Phụ trách tài chính"),  # finance, trained on women only
                member(3, "standing_member", duties="Phụ trách nữ công"),  # women, trained on women
                member(4),  # no assigned area: any training counts
                member(5),  # no area, no training
                member(6, "inspection_member", duties="Công tác kiểm tra, giám sát"),  # inspection, trained
                member(7, duties="PHỤ TRÁCH AN TOÀN VỆ SINH LAO ĐỘNG"),  # safety, failed the course
                member(8, "chair", duties="Phụ trách tài chính"),  # key officer: not counted here
                member(9, "group_leader", duties="Phụ trách nữ công")]  # below the committee
    courses = [course(1, "finance", date(2025, 3, 1)), course(2, "women", date(2025, 4, 1)),
               course(3, "inspection", date(2023, 10, 1)), course(4, "safety", date(2025, 5, 1)),
               course(5, "union_work", date(2025, 6, 1))]
    attendance = [present(1, 1), present(2, 2), present(2, 3), present(5, 4), present(3, 6),
                  present(4, 7, result="fail"), present(2, 8)]
    return snapshot(9, holdings, courses, attendance)


@pytest.mark.parametrize("period, numerator, missing", [
    (YEAR, 3, (2, 5, 6, 7)),  # 6's inspection course was in 2023
    (TERM_PERIOD, 4, (2, 5, 7)),
], ids=["year", "term"])
def test_members_trained_area(period, numerator, missing):
    check(measure("members_trained_area", area_book(), period), numerator, 7, round(100 * numerator / 7, 1), False,
          missing)


@pytest.mark.parametrize("duties, topic, trained", [
    ("Phụ trách tài chính", "finance", True),
    ("Phụ trách tài chính", "women", False),
    ("phu trach tai chinh", "finance", True),
    ("Phụ trách nữ công", "women", True),
    ("Phụ trách tuyên giáo", "propaganda", True),
    ("Thương lượng tập thể", "bargaining", True),
    ("Thỏa ước lao động tập thể", "bargaining", True),
    ("Tuyên truyền pháp luật", "law", True),
    ("Quy chế dân chủ cơ sở", "democracy", True),
    ("Kiểm tra", "union_work", False),
    ("Phụ trách tài chính, nữ công", "women", True),  # two areas: one of them is enough
    ("Văn thể mỹ", "other", True),  # no known area: any training
])
def test_members_trained_area_keywords(duties, topic, trained):
    snap = snapshot(1, [member(1, duties=duties)], [course(1, topic, date(2025, 3, 1))], [present(1, 1)])
    value = measure("members_trained_area", snap, YEAR)
    check(value, int(trained), 1, 100.0 if trained else 0.0, trained, () if trained else (1,))


def test_members_trained_area_default_fold_finds_the_area():
    snap = BookSnapshot(people={1: Person("A", id=1)}, holdings=[member(1, duties="Phụ trách tài chính")],
                        courses={1: course(1, "women", date(2025, 3, 1))}, attendance=[present(1, 1)],
                        finalised_evaluations=set())
    check(measure("members_trained_area", snap, YEAR), 0, 1, 0.0, False, (1,))


# --------------------------------------------------------------------------- annual_evaluation

def evaluation_book(finalised) -> BookSnapshot:
    holdings = [member(1, "chair"), member(2), member(3, "inspection_member"),
                member(4, "group_leader"),  # below the committee: not evaluated
                member(5, start_date=date(2025, 7, 1)),  # joined in 2025
                member(6, term=PREVIOUS, end_date=date(2023, 6, 30))]  # left in 2023
    return snapshot(6, holdings, finalised=finalised)


@pytest.mark.parametrize("period, as_of, finalised, numerator, denominator, missing", [
    (YEAR, date(2026, 1, 10), {(1, 2025), (2, 2025), (3, 2025), (5, 2025)}, 4, 4, ()),
    (YEAR, date(2026, 1, 10), {(1, 2025), (2, 2025), (6, 2023), (1, 2024)}, 2, 4, (3, 5)),
    # the term up to 2025: 2023 (1, 2, 3, 6), 2024 (1, 2, 3), 2025 (1, 2, 3, 5)
    (TERM_PERIOD, AS_OF, {(1, 2023), (2, 2023), (3, 2023), (6, 2023), (1, 2024), (2, 2024), (3, 2024),
                          (1, 2025), (2, 2025), (3, 2025), (5, 2025)}, 11, 11, ()),
    (TERM_PERIOD, AS_OF, {(1, 2023), (2, 2023), (1, 2024), (2, 2024), (3, 2024), (1, 2025)}, 6, 11, (2, 3, 5, 6)),
    (TERM_PERIOD, AS_OF, set(), 0, 11, (1, 2, 3, 5, 6)),
], ids=["year-all", "year-half", "term-all", "term-part", "term-none"])
def test_annual_evaluation(period, as_of, finalised, numerator, denominator, missing):
    value = measure("annual_evaluation", evaluation_book(finalised), period, as_of)
    actual = round(100 * numerator / denominator, 1)
    check(value, numerator, denominator, actual, numerator == denominator, missing)


# --------------------------------------------------------------------------- chair_bargaining

def chair_book(topics_attended, non_state=True, course_year=2025) -> BookSnapshot:
    topics = ("bargaining", "safety", "democracy", "union_work")
    courses = [course(n, topic, date(course_year, n, 10)) for n, topic in enumerate(topics, start=1)]
    attendance = [present(n, 1) for n, topic in enumerate(topics, start=1) if topic in topics_attended]
    attendance += [present(n, 2) for n in (1, 2, 3)]  # the vice chair is not measured here
    return snapshot(2, [member(1, "chair"), member(2, "vice_chair")], courses, attendance, non_state=non_state)


@pytest.mark.parametrize("period", [YEAR, TERM_PERIOD], ids=["year", "term"])
@pytest.mark.parametrize("topics, numerator, met", [
    (("bargaining", "safety", "democracy"), 1, True),
    (("bargaining", "safety"), 0, False),
    (("safety", "democracy", "union_work"), 0, False),
    ((), 0, False),
])
def test_chair_bargaining_needs_all_three_topics(period, topics, numerator, met):
    value = measure("chair_bargaining", chair_book(topics), period)
    check(value, numerator, 1, 100.0 * numerator, met, () if met else (1,))


@pytest.mark.parametrize("period", [YEAR, TERM_PERIOD], ids=["year", "term"])
def test_chair_bargaining_empty_in_the_state_sector(period):
    value = measure("chair_bargaining", chair_book(("bargaining", "safety", "democracy"), non_state=False), period)
    check(value, 0, 0, None, None, ())


@pytest.mark.parametrize("period, numerator", [(YEAR, 0), (TERM_PERIOD, 1)], ids=["year", "term"])
def test_chair_bargaining_courses_outside_the_period(period, numerator):
    value = measure("chair_bargaining", chair_book(("bargaining", "safety", "democracy"), course_year=2024), period)
    check(value, numerator, 1, 100.0 * numerator, bool(numerator))


# --------------------------------------------------------------------------- all at once

def test_compute_all_keeps_the_order_and_unknown_key_fails():
    values = compute_all(DEFAULT_INDICATORS, women_book(3), YEAR, date(2026, 1, 1))
    assert [v.key for v in values] == [d.key for d in DEFAULT_INDICATORS]
    assert {v.key: v.actual for v in values}["women_share"] == 30.0
    with pytest.raises(KeyError):
        compute(DEFAULT_INDICATORS[0].__class__("nonsense", "x", 1, ""), women_book(3), YEAR, date(2026, 1, 1))


@pytest.mark.parametrize("numerator, denominator, target, actual, met", [
    (1, 3, 33.3, 33.3, True),
    (1, 3, 33.4, 33.3, False),
    (2, 3, 66.7, 66.7, True),
    (0, 0, 30, None, None),
])
def test_indicator_value_rounding_and_met(numerator, denominator, target, actual, met):
    value = IndicatorValue("k", "n", target, "s", numerator, denominator)
    assert (value.actual, value.met) == (actual, met)


# Regression: a post without an end date ends with its term, so the previous committee is not counted.
@pytest.mark.parametrize("period", [YEAR, TERM_PERIOD], ids=["year", "term"])
def test_women_share_leaves_out_the_previous_terms_committee(period):
    people = {1: Person("A", id=1, sex=Sex.FEMALE), 2: Person("B", id=2, sex=Sex.FEMALE),
              3: Person("C", id=3, sex=Sex.FEMALE), 4: Person("D", id=4, sex=Sex.MALE),
              5: Person("E", id=5, sex=Sex.MALE)}
    holdings = [member(1, term=PREVIOUS), member(2, term=PREVIOUS), member(3), member(4), member(5)]
    check(measure("women_share", snapshot(people, holdings), period), 1, 3, 33.3, True, (4, 5))
