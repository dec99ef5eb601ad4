"""A failure in the middle of a service call leaves the book exactly as it was.

The audit row is written inside the same transaction as the change; making
`desktop.storage.audit.AuditRepository.record` fail on its n-th call interrupts a service call after
some of its rows are already written.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.domain.evaluation import Evaluation, Level, Score, Thresholds
from desktop.domain.officers import Person
from desktop.domain.training import Attendance, Course
from desktop.storage.audit import AuditRepository


class Unplugged(RuntimeError):
    pass


@pytest.fixture
def fail_audit(monkeypatch):
    """fail_audit(n): from now on the n-th call of AuditRepository.record raises; returns the call counter."""

    def arm(on_call: int) -> dict:
        original = AuditRepository.record
        calls = {"n": 0}

        def record(self, *args, **kwargs):
            calls["n"] += 1
            if calls["n"] == on_call:
                raise Unplugged(f"audit call {on_call}")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(AuditRepository, "record", record)
        return calls

    return arm


@pytest.fixture
def dump(services):
    """Every row of every table a service writes: a failed call must leave all of them unchanged."""
    tables = ("people", "post_holdings", "terms", "criteria_sets", "criteria", "evaluations", "evaluation_scores",
              "years", "courses", "attendance", "audit")

    def rows() -> dict:
        return {table: list(services.book.db.query(f"SELECT * FROM {table} ORDER BY rowid")) for table in tables}

    return rows


@pytest.fixture
def committee(add_officer):
    return [add_officer("Nguyễn Văn Chủ", "chair"), add_officer("Trần Thị Ủy", "committee_member"),
            add_officer("Lê Văn Kiểm", "inspection_member")]


FULL = (15, 15, 15, 15, 10, 15, 15)


def final_scores(points):
    return tuple(Score(n, final_points=p) for n, p in enumerate(points, start=1))


def test_the_patch_reaches_the_services(services, fail_audit):
    fail_audit(1)
    with pytest.raises(Unplugged):
        services.officers.add_person(Person("Nguyễn Văn An"))
    assert services.officers.count() == 0


# --------------------------------------------------------------------------- open_year

@pytest.mark.parametrize("fail_on", [1, 2, 3])
def test_open_year_failure_writes_no_evaluation(services, committee, fail_audit, dump, counts, fail_on):
    services.evaluations.criteria_set(2025)  # the year's set exists already
    before, before_counts = dump(), counts()
    calls = fail_audit(fail_on)
    with pytest.raises(Unplugged):
        services.evaluations.open_year(2025)
    assert calls["n"] == fail_on
    assert dump() == before
    assert counts() == before_counts
    assert services.evaluations.rows(2025) == []


def test_open_year_failure_also_leaves_no_criteria_set(services, committee, fail_audit, dump):
    before = dump()
    fail_audit(2)  # call 1: criteria.create, call 2: the first evaluation.create
    with pytest.raises(Unplugged):
        services.evaluations.open_year(2025)
    assert dump() == before


# --------------------------------------------------------------------------- remove_person

@pytest.mark.parametrize("fail_on", [1, 2, 3])  # post.delete, post.delete, person.delete
def test_remove_person_failure_keeps_the_person(services, add_person, add_post, fail_audit, dump, counts, fail_on):
    person_id = add_person("Nguyễn Văn An")
    add_post(person_id, "committee_member")
    add_post(person_id, "group_leader", start_date=date(2025, 1, 1))
    before, before_counts = dump(), counts()
    fail_audit(fail_on)
    with pytest.raises(Unplugged):
        services.officers.remove_person(person_id)
    assert dump() == before
    assert counts() == before_counts
    assert len(services.officers.person(person_id).holdings) == 2


# --------------------------------------------------------------------------- close_year

def test_close_year_failure_leaves_the_year_open(services, committee, fail_audit, dump, counts):
    services.evaluations.open_year(2025)
    for pid in committee:
        services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(FULL)))
        services.evaluations.finalise(pid, 2025)
    before, before_counts = dump(), counts()
    calls = fail_audit(1)  # close_year writes one audit row, after marking the year closed
    with pytest.raises(Unplugged):
        services.evaluations.close_year(2025)
    assert calls["n"] == 1
    assert not services.evaluations.year_closed(2025)
    assert before_counts["closed_years"] == counts()["closed_years"] == ()
    assert dump() == before
    services.evaluations.return_to_draft(committee[0], 2025, "Còn sửa được")  # still writable


def test_reopen_year_failure_keeps_the_year_closed(services, committee, fail_audit, dump):
    services.evaluations.open_year(2025)
    for pid in committee:
        services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(FULL)))
        services.evaluations.finalise(pid, 2025)
    services.evaluations.close_year(2025)
    before = dump()
    fail_audit(1)
    with pytest.raises(Unplugged):
        services.evaluations.reopen_year(2025, "Chấm lại")
    assert services.evaluations.year_closed(2025)
    assert dump() == before


# --------------------------------------------------------------------------- evaluations

@pytest.mark.parametrize("fail_on", [1, 3, 7])  # record_changes writes one row per changed field
def test_save_failure_after_the_scores_were_written_keeps_the_old_scores(services, committee, fail_audit, dump,
                                                                        fail_on):
    pid = committee[0]
    services.evaluations.open_year(2025)
    old_scores = final_scores((10, 10, 10, 10, 5, 10, 10))
    services.evaluations.save(Evaluation(pid, 2025, scores=old_scores, strengths="Cũ"))
    before = dump()
    fail_audit(fail_on)
    with pytest.raises(Unplugged):
        services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(FULL), strengths="Mới",
                                             final_level=Level.GOOD, override_reason="Thử"))
    assert dump() == before
    evaluation = services.evaluations.get(pid, 2025).evaluation
    assert evaluation.scores == old_scores
    assert evaluation.strengths == "Cũ"
    assert services.evaluations.get(pid, 2025).total == 65.0


def test_finalise_failure_leaves_the_draft(services, committee, fail_audit, dump):
    pid = committee[0]
    services.evaluations.open_year(2025)
    services.evaluations.save(Evaluation(pid, 2025, scores=final_scores(FULL)))
    before = dump()
    fail_audit(2)  # final_level, then status
    with pytest.raises(Unplugged):
        services.evaluations.finalise(pid, 2025)
    assert dump() == before
    assert not services.evaluations.get(pid, 2025).evaluation.finalised


def test_save_criteria_set_failure_keeps_the_old_set(services, fail_audit, dump):
    criteria_set = services.evaluations.criteria_set(2025)
    before = dump()
    fail_audit(1)
    with pytest.raises(Unplugged):
        services.evaluations.save_criteria_set(replace(criteria_set, criteria=criteria_set.criteria[:6],
                                                       thresholds=Thresholds(80, 60, 40)))
    assert dump() == before
    assert services.evaluations.criteria_set(2025) == criteria_set


# --------------------------------------------------------------------------- people, posts, training

@pytest.mark.parametrize("fail_on", [1, 2])
def test_update_person_failure_keeps_every_field(services, add_person, fail_audit, dump, fail_on):
    person_id = add_person("Nguyễn Văn An", phone="0912345678", email="an@congty.vn")
    before = dump()
    fail_audit(fail_on)
    with pytest.raises(Unplugged):
        services.officers.update_person(Person("Nguyễn Văn Ân", id=person_id, phone="0987654321",
                                               email="an@congty.vn"))
    assert dump() == before
    assert services.officers.person(person_id).person.full_name == "Nguyễn Văn An"


@pytest.mark.parametrize("call", ["add_post", "end_post", "remove_post"])
def test_post_changes_fail_whole(services, add_person, add_post, fail_audit, dump, call):
    person_id = add_person("Nguyễn Văn An")
    holding_id = add_post(person_id, "chair")
    before = dump()
    fail_audit(1)
    with pytest.raises(Unplugged):
        if call == "add_post":
            add_post(person_id, "group_leader")
        elif call == "end_post":
            services.officers.end_post(holding_id, date(2025, 5, 31))
        else:
            services.officers.remove_post(holding_id)
    assert dump() == before


@pytest.mark.parametrize("call", ["set_attendance", "remove_course", "update_course"])
def test_training_changes_fail_whole(services, add_person, fail_audit, dump, call):
    person_id = add_person("Nguyễn Văn An")
    course_id = services.training.add_course(Course("Tập huấn", start_date=date(2025, 4, 1)))
    services.training.set_attendance(Attendance(course_id, person_id, status="sent"))
    before = dump()
    fail_audit(1)
    with pytest.raises(Unplugged):
        if call == "set_attendance":
            services.training.set_attendance(Attendance(course_id, person_id, status="present", result="pass"))
        elif call == "remove_course":
            services.training.remove_course(course_id, confirmed_with_attendance=True)
        else:
            services.training.update_course(Course("Tập huấn mới", start_date=date(2025, 4, 2), id=course_id))
    assert dump() == before


def test_the_book_works_after_a_failure(services, committee, fail_audit, monkeypatch, counts):
    calls = fail_audit(1)
    with pytest.raises(Unplugged):
        services.officers.add_person(Person("Nguyễn Văn An"))
    monkeypatch.undo()
    assert calls["n"] == 1
    services.officers.add_person(Person("Nguyễn Văn An"))
    assert counts()["people"] == 4
