"""EvaluationService: opening a year, scoring, finalising, closing and reopening, criteria sets."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from desktop.domain.errors import (
    ClosedYearError,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from desktop.domain.evaluation import (
    CriteriaSet,
    Criterion,
    Evaluation,
    Level,
    Score,
    Thresholds,
    default_criteria_set,
)
from desktop.domain.officers import Term

PREVIOUS = Term(2018, 2023)
FULL = (15, 15, 15, 15, 10, 15, 15)  # 100 points: the default maxima


def final_scores(points) -> tuple[Score, ...]:
    return tuple(Score(n, final_points=p) for n, p in enumerate(points, start=1))


@pytest.fixture
def committee(add_officer):
    """Who holds what, seen from 2024 and 2025."""
    return {
        "chair": add_officer("Nguyễn Văn Chủ", "chair"),
        "member": add_officer("Trần Thị Ủy", "committee_member"),
        "inspector": add_officer("Lê Văn Kiểm", "inspection_member"),
        "leader": add_officer("Phạm Thị Tổ", "group_leader"),  # below the committee
        "left": add_officer("Hoàng Văn Nghỉ", "committee_member", end_date=date(2024, 6, 30)),  # left in 2024
        "joined": add_officer("Vũ Thị Mới", "standing_member", start_date=date(2025, 9, 1)),  # joined in 2025
        "old_term": add_officer("Đỗ Văn Cũ", "vice_chair", term=PREVIOUS),  # previous term only
    }


def ids(committee, *keys) -> set[int]:
    return {committee[key] for key in keys}


# --------------------------------------------------------------------------- open_year

@pytest.mark.parametrize("year, include_group_leaders, expected", [
    (2025, False, ("chair", "member", "inspector", "joined")),
    (2024, False, ("chair", "member", "inspector", "left")),
    (2023, False, ("chair", "member", "inspector", "left", "old_term")),
    (2022, False, ("old_term",)),
    (2025, True, ("chair", "member", "inspector", "joined", "leader")),
    (2030, False, ()),
])
def test_open_year_creates_evaluations_for_committee_members(services, committee, audit_rows, year,
                                                             include_group_leaders, expected):
    created = services.evaluations.open_year(year, include_group_leaders=include_group_leaders)
    assert created == len(expected)
    rows = services.evaluations.rows(year)
    assert {row.person.id for row in rows} == ids(committee, *expected)
    assert all(row.evaluation.status() == "not_started" for row in rows)
    assert {r["person_id"] for r in audit_rows("evaluation.create")} == ids(committee, *expected)
    assert services.evaluations.open_year(year, include_group_leaders=include_group_leaders) == 0  # idempotent


def test_open_year_uses_the_years_criteria_set(services, committee):
    services.evaluations.open_year(2025)
    row = services.evaluations.get(committee["chair"], 2025)
    assert row.criteria_set == services.evaluations.criteria_set(2025)
    assert row.criteria_set.year == 2025 and len(row.criteria_set.criteria) == 7


def test_rows_are_in_list_order(services, committee):
    services.evaluations.open_year(2025)
    assert [row.person.full_name for row in services.evaluations.rows(2025)] == [
        "Nguyễn Văn Chủ", "Lê Văn Kiểm", "Vũ Thị Mới", "Trần Thị Ủy"]


# --------------------------------------------------------------------------- save

@pytest.fixture
def opened(services, committee):
    services.evaluations.open_year(2025)
    return committee


def test_save_records_points_remarks_and_votes(services, opened, audit_rows):
    pid = opened["chair"]
    evaluation = Evaluation(pid, 2025, scores=(Score(1, 14, 13.5, 14), Score(2, self_points=15)),
                            self_level=Level.EXCELLENT, votes={1: 3, 2: 4}, strengths=" Nhiệt tình ",
                            weaknesses="Chưa sâu sát", remedies="Tăng cường\nđi cơ sở")
    row = services.evaluations.save(evaluation)
    stored = row.evaluation
    assert stored.scores == (Score(1, 14.0, 13.5, 14.0), Score(2, 15.0, None, None))
    assert (stored.self_level, stored.votes, stored.strengths, stored.remedies) == (
        Level.EXCELLENT, {1: 3, 2: 4}, "Nhiệt tình", "Tăng cường\nđi cơ sở")
    assert stored.status() == "draft" and row.total is None
    fields = {r["field"] for r in audit_rows("evaluation.update")}
    assert fields == {"criterion_1.self_points", "criterion_1.committee_points", "criterion_1.final_points",
                      "criterion_2.self_points", "self_level", "votes", "strengths", "weaknesses", "remedies"}


def test_save_computes_total_and_suggestion(services, opened):
    row = services.evaluations.save(Evaluation(opened["member"], 2025, scores=final_scores(
        (15, 15, 15, 15, 10, 15, 4.9))))
    assert (row.total, row.suggested_level) == (89.9, Level.GOOD)
    stored = services.book.db.execute("SELECT total, suggested_level FROM evaluations WHERE person_id = ?",
                                      [opened["member"]]).fetchone()
    assert stored == (89.9, 2)


@pytest.mark.parametrize("scores, votes", [
    ((Score(1, final_points=16),), {}),  # above the maximum of 15
    ((Score(5, final_points=10.5),), {}),  # criterion 5 is worth 10
    ((Score(1, self_points=-1),), {}),
    ((Score(1, committee_points=7.25),), {}),  # two decimals
    ((Score(8, final_points=1),), {}),  # no criterion 8
    ((Score(1, final_points=15), Score(2, final_points=99)), {}),  # one good, one bad: nothing saved
    ((Score(1, final_points=15),), {1: -1}),
    ((Score(1, final_points=15),), {5: 1}),
])
def test_save_refuses_bad_input_and_writes_nothing(services, opened, counts, scores, votes):
    pid = opened["chair"]
    services.evaluations.save(Evaluation(pid, 2025, scores=(Score(1, 10, 10, 10),), strengths="Cũ"))
    before_counts, before = counts(), services.evaluations.get(pid, 2025).evaluation
    with pytest.raises(ValidationError):
        services.evaluations.save(Evaluation(pid, 2025, scores=scores, votes=votes, strengths="Mới"))
    assert counts() == before_counts
    assert services.evaluations.get(pid, 2025).evaluation == before


def test_save_unknown_evaluation(services, opened, counts):
    before = counts()
    with pytest.raises(NotFoundError):
        services.evaluations.save(Evaluation(opened["leader"], 2025))
    assert counts() == before


# --------------------------------------------------------------------------- finalise

@pytest.mark.parametrize("points", [
    (15, 15, 15, 15, 10, 15, None),
    (None,) * 7,
    (15, 15, 15),
])
def test_finalise_requires_every_final_point(services, opened, counts, points):
    pid = opened["chair"]
    scores = tuple(Score(n, self_points=10, committee_points=10, final_points=p)
                   for n, p in enumerate(points, start=1))
    services.evaluations.save(Evaluation(pid, 2025, scores=scores))
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.evaluations.finalise(pid, 2025)
    assert caught.value.params["name"] == "Nguyễn Văn Chủ"
    assert str(caught.value.params["missing"]) == "the conclusion points of every criterion"
    assert counts() == before
    assert not services.evaluations.get(pid, 2025).evaluation.finalised


@pytest.mark.parametrize("points, level", [
    ((15, 15, 15, 15, 10, 15, 15), Level.EXCELLENT),
    ((15, 15, 15, 15, 10, 15, 5), Level.EXCELLENT),
    ((15, 15, 15, 15, 10, 15, 4.9), Level.GOOD),
    ((10, 10, 10, 10, 10, 10, 10), Level.GOOD),
    ((10, 10, 10, 10, 5, 5, 0), Level.DONE),
    ((7, 7, 7, 7, 7, 7, 7.9), Level.NOT_DONE),
])
def test_finalise_defaults_to_the_suggestion(services, opened, audit_rows, points, level):
    pid = opened["member"]
    services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(points)))
    row = services.evaluations.finalise(pid, 2025)
    assert row.evaluation.finalised and row.evaluation.status() == "final"
    assert row.evaluation.final_level == level == row.suggested_level
    changes = {r["field"]: (r["old_value"], r["new_value"]) for r in audit_rows("evaluation.finalise")}
    assert changes == {"final_level": (None, str(int(level))), "status": ("draft", "final")}
    with pytest.raises(ConflictError):  # finalised: read-only until returned to draft
        services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(FULL)))


def test_override_without_reason_is_refused(services, opened):
    pid = opened["member"]
    services.evaluations.save(Evaluation(pid, 2025, scores=final_scores((10,) * 7), final_level=Level.EXCELLENT))
    with pytest.raises(ValidationError) as caught:
        services.evaluations.finalise(pid, 2025)
    assert "a reason for a final level that differs from the suggested one" in str(caught.value.params["missing"])
    assert not services.evaluations.get(pid, 2025).evaluation.finalised


def test_override_with_reason_is_kept(services, opened):
    pid = opened["member"]
    services.evaluations.save(Evaluation(pid, 2025, scores=final_scores((10,) * 7), final_level=Level.EXCELLENT,
                                         override_reason="Sáng kiến được LĐLĐ tỉnh khen thưởng"))
    row = services.evaluations.finalise(pid, 2025)
    assert (row.suggested_level, row.evaluation.final_level) == (Level.GOOD, Level.EXCELLENT)
    assert row.evaluation.override_reason == "Sáng kiến được LĐLĐ tỉnh khen thưởng"


def test_return_to_draft_needs_a_reason(services, opened, audit_rows):
    pid = opened["member"]
    services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(FULL)))
    services.evaluations.finalise(pid, 2025)
    with pytest.raises(ValidationError):
        services.evaluations.return_to_draft(pid, 2025, "  ")
    services.evaluations.return_to_draft(pid, 2025, "Chấm lại tiêu chí 3")
    assert not services.evaluations.get(pid, 2025).evaluation.finalised
    assert [r["reason"] for r in audit_rows("evaluation.draft")] == ["Chấm lại tiêu chí 3"]


# --------------------------------------------------------------------------- closing and reopening

def finalise_all(services, year, points=FULL):
    for row in services.evaluations.rows(year):
        services.evaluations.save(replace(row.evaluation, scores=final_scores(points)))
        services.evaluations.finalise(row.person.id, year)


def test_close_year_refused_while_incomplete(services, opened, counts):
    first = services.evaluations.rows(2025)[0]
    services.evaluations.save(replace(first.evaluation, scores=final_scores(FULL)))
    services.evaluations.finalise(first.person.id, 2025)
    before = counts()
    with pytest.raises(ConflictError) as caught:
        services.evaluations.close_year(2025)
    assert not isinstance(caught.value, ClosedYearError)
    assert caught.value.params == {"year": 2025, "count": 3, "names": "Lê Văn Kiểm, Vũ Thị Mới, Trần Thị Ủy"}
    assert [p.full_name for p in services.evaluations.incomplete(2025)] == ["Lê Văn Kiểm", "Vũ Thị Mới",
                                                                           "Trần Thị Ủy"]
    assert counts() == before
    assert not services.evaluations.year_closed(2025)


def test_close_year_refused_when_someone_was_never_opened(services, committee):
    with pytest.raises(ConflictError) as caught:
        services.evaluations.close_year(2025)
    assert caught.value.params["count"] == 4


@pytest.fixture
def closed(services, opened, audit_rows):
    finalise_all(services, 2025)
    services.evaluations.close_year(2025)
    assert services.evaluations.year_closed(2025)
    assert [(r["action"], r["year"], r["new_value"]) for r in audit_rows("year.close")] == [("year.close", 2025,
                                                                                            "true")]
    return opened


@pytest.mark.parametrize("action", ["save", "finalise", "open_year", "save_criteria_set", "return_to_draft"])
def test_closed_year_is_read_only(services, closed, counts, action):
    pid = closed["chair"]
    calls = {
        "save": lambda: services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(FULL))),
        "finalise": lambda: services.evaluations.finalise(pid, 2025),
        "open_year": lambda: services.evaluations.open_year(2025, include_group_leaders=True),
        "save_criteria_set": lambda: services.evaluations.save_criteria_set(
            replace(services.evaluations.criteria_set(2025), thresholds=Thresholds(85, 65, 45))),
        "return_to_draft": lambda: services.evaluations.return_to_draft(pid, 2025, "Sai sót"),
    }
    before = counts()
    with pytest.raises(ClosedYearError) as caught:
        calls[action]()
    assert caught.value.params == {"year": 2025}
    assert counts() == before


def test_closing_a_closed_year_again(services, closed):
    with pytest.raises(ClosedYearError):
        services.evaluations.close_year(2025)


def test_other_years_stay_open(services, closed):
    assert services.evaluations.open_year(2026) == 4  # chair, member, inspector, joined
    assert not services.evaluations.year_closed(2026)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_reopen_year_requires_a_reason(services, closed, counts, reason):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.evaluations.reopen_year(2025, reason)
    assert caught.value.field == "reason"
    assert services.evaluations.year_closed(2025)
    assert counts() == before


def test_reopen_year_records_the_reason(services, closed, audit_rows):
    services.evaluations.reopen_year(2025, "  Cấp trên yêu cầu chấm lại  ")
    assert not services.evaluations.year_closed(2025)
    rows = audit_rows("year.reopen")
    assert [(r["entity"], r["row_id"], r["year"], r["field"], r["old_value"], r["new_value"], r["reason"])
            for r in rows] == [("years", 2025, 2025, "closed", "true", "false", "Cấp trên yêu cầu chấm lại")]
    assert [e.action for e in services.audit.entries(year=2025)][:2] == ["year.reopen", "year.close"]
    services.evaluations.return_to_draft(closed["chair"], 2025, "Chấm lại")  # writable again


def test_reopen_an_open_year_is_a_conflict(services, opened, audit_rows):
    with pytest.raises(ConflictError):
        services.evaluations.reopen_year(2025, "Không cần")
    assert audit_rows("year.reopen") == []


# --------------------------------------------------------------------------- the audit log

@pytest.mark.parametrize("sql", [
    "UPDATE audit SET reason = 'sửa'",
    "UPDATE audit SET action = 'x' WHERE id = 1",
    "DELETE FROM audit",
    "DELETE FROM audit WHERE action = 'year.reopen'",
])
def test_audit_rows_cannot_be_changed(services, closed, sql):
    services.evaluations.reopen_year(2025, "Lý do")
    before = list(services.book.db.query("SELECT * FROM audit ORDER BY id"))
    with pytest.raises(sqlite3.IntegrityError):
        services.book.db.execute(sql)
    assert list(services.book.db.query("SELECT * FROM audit ORDER BY id")) == before


# --------------------------------------------------------------------------- criteria sets

def test_first_criteria_set_is_the_default(services, audit_rows):
    criteria_set = services.evaluations.criteria_set(2024)
    default = default_criteria_set(2024)
    assert criteria_set.id is not None
    assert (criteria_set.criteria, criteria_set.thresholds, criteria_set.cap_ratio) == (
        default.criteria, default.thresholds, default.cap_ratio)
    assert [(r["year"], r["new_value"]) for r in audit_rows("criteria.create")] == [(2024, "default")]
    assert services.evaluations.criteria_set(2024).id == criteria_set.id  # asked again: the same set


CHANGED = (Criterion(1, "Bản lĩnh", "Bản lĩnh, dám nghĩ, dám làm", 30), Criterion(2, "Sáng tạo", "Khả năng sáng tạo", 30),
           Criterion(3, "Kết quả", "Kết quả thực hiện nhiệm vụ được giao", 40))


def test_new_year_copies_the_previous_years_set(services, audit_rows):
    first = services.evaluations.criteria_set(2024)
    saved = services.evaluations.save_criteria_set(CriteriaSet(2024, CHANGED, Thresholds(85, 65, 45), 0.25,
                                                               id=first.id))
    assert (saved.criteria, saved.thresholds, saved.cap_ratio) == (CHANGED, Thresholds(85, 65, 45), 0.25)
    copy = services.evaluations.criteria_set(2025)
    assert copy.year == 2025
    assert copy.criteria == CHANGED
    assert copy.thresholds == Thresholds(85, 65, 45)
    assert copy.cap_ratio == 0.25
    assert copy.id not in (None, first.id)
    assert services.evaluations.criteria_set(2024) == saved  # the old year keeps its own set
    assert [(r["year"], r["new_value"]) for r in audit_rows("criteria.create")] == [(2024, "default"),
                                                                                    (2025, "copy of 2024")]
    # skipping a year copies the latest earlier set
    assert services.evaluations.criteria_set(2027).criteria == CHANGED


def test_editing_a_new_years_set_leaves_the_old_one(services):
    services.evaluations.criteria_set(2024)
    copy = services.evaluations.criteria_set(2025)
    services.evaluations.save_criteria_set(replace(copy, thresholds=Thresholds(80, 60, 40)))
    assert services.evaluations.criteria_set(2024).thresholds == Thresholds(90, 70, 50)
    assert services.evaluations.criteria_set(2025).thresholds == Thresholds(80, 60, 40)


@pytest.mark.parametrize("criteria, thresholds", [
    (CHANGED[:2], Thresholds(90, 70, 50)),  # 60 points: thresholds above the total
    ((CHANGED[0], CHANGED[2]), Thresholds(60, 50, 40)),  # numbered 1, 3
    (CHANGED, Thresholds(70, 70, 50)),
])
def test_save_criteria_set_refuses_invalid(services, counts, criteria, thresholds):
    services.evaluations.criteria_set(2025)
    before = counts()
    with pytest.raises(ValidationError):
        services.evaluations.save_criteria_set(CriteriaSet(2025, criteria, thresholds))
    assert counts() == before


def test_save_criteria_set_refused_when_a_finalised_evaluation_uses_it(services, opened, counts):
    pid = opened["chair"]
    services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(FULL)))
    services.evaluations.save_criteria_set(replace(services.evaluations.criteria_set(2025),
                                                   thresholds=Thresholds(95, 75, 55)))  # drafts only: allowed
    services.evaluations.finalise(pid, 2025)
    before = counts()
    with pytest.raises(ConflictError) as caught:
        services.evaluations.save_criteria_set(replace(services.evaluations.criteria_set(2025),
                                                       thresholds=Thresholds(85, 65, 45)))
    assert not isinstance(caught.value, ClosedYearError)
    assert counts() == before
    assert services.evaluations.criteria_set(2025).thresholds == Thresholds(95, 75, 55)
    assert services.evaluations.get(pid, 2025).evaluation.final_level == Level.EXCELLENT


# --------------------------------------------------------------------------- known bugs

def test_open_year_on_a_closed_year_without_a_set_writes_nothing(services, committee, counts):
    services.evaluations.close_year(2031)  # nobody to evaluate in 2031: closes at once
    before = counts()
    with pytest.raises(ClosedYearError):
        services.evaluations.open_year(2031)
    assert counts() == before


def test_return_to_draft_of_a_draft_leaves_no_false_history(services, opened, audit_rows):
    with pytest.raises(ConflictError):
        services.evaluations.return_to_draft(opened["chair"], 2025, "Nhầm")
    assert audit_rows("evaluation.draft") == []


def test_save_refuses_the_same_criterion_twice(services, opened, counts):
    before = counts()
    with pytest.raises(ValidationError):
        services.evaluations.save(Evaluation(opened["chair"], 2025, scores=(Score(1, final_points=10),
                                                                             Score(1, final_points=12))))
    assert counts() == before
