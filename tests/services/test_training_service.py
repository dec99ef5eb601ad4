"""TrainingService: courses and attendance entered by hand."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from desktop.domain.training import Attendance, Course

COURSE = Course("Tập huấn nghiệp vụ công tác công đoàn năm 2025", topic="union_work",
                organiser="Công đoàn phường Tân Định", start_date=date(2025, 4, 2), end_date=date(2025, 4, 3),
                days=2, place="Hội trường UBND phường", mode="in_person", audience="Cán bộ CĐCS",
                source="Nhập tay")


@pytest.fixture
def course_id(services):
    return services.training.add_course(COURSE)


@pytest.fixture
def person_id(add_person):
    return add_person("Nguyễn Văn An")


# --------------------------------------------------------------------------- courses

def test_add_course_round_trips_and_is_audited(services, course_id, audit_rows):
    assert services.training.course(course_id) == replace(COURSE, id=course_id)
    assert [(r["entity"], r["row_id"], r["new_value"], r["year"]) for r in audit_rows("course.create")] == [
        ("courses", course_id, COURSE.title, 2025)]
    assert services.training.count_courses() == 1


def test_add_course_cleans_text(services):
    course_id = services.training.add_course(Course("  Lớp   an toàn\u200b vệ sinh lao động ", topic="safety"))
    assert services.training.course(course_id).title == "Lớp an toàn vệ sinh lao động"


@pytest.mark.parametrize("course, field", [
    (Course("  "), "title"),
    (Course("Lớp", topic="cooking"), "topic"),
    (Course("Lớp", mode="hybrid"), "mode"),
    (Course("Lớp", start_date=date(2025, 4, 3), end_date=date(2025, 4, 2)), "end_date"),
    (Course("Lớp", days=0), "days"),
    (Course("Lớp", hours=401), "hours"),
])
def test_add_course_refuses_invalid(services, table_count, course, field):
    with pytest.raises(ValidationError) as caught:
        services.training.add_course(course)
    assert caught.value.field == field
    assert (table_count("courses"), table_count("audit")) == (0, 0)


@pytest.mark.parametrize("year, titles", [
    (2025, ["B 2025-03", "A 2025-04"]),
    (2024, ["C 2024-12"]),
    (None, ["C 2024-12", "B 2025-03", "A 2025-04"]),
    (2023, []),
])
def test_courses_by_year(services, year, titles):
    services.training.add_course(Course("A 2025-04", start_date=date(2025, 4, 1)))
    services.training.add_course(Course("B 2025-03", start_date=date(2025, 3, 1)))
    services.training.add_course(Course("C 2024-12", start_date=date(2024, 12, 30), end_date=date(2025, 1, 2)))
    assert [row.course.title for row in services.training.courses(year)] == titles


def test_update_course_audits_each_changed_field(services, course_id, audit_rows):
    changed = replace(COURSE, id=course_id, place="Trực tuyến", mode="online", hours=8.0)
    services.training.update_course(changed)
    assert services.training.course(course_id) == changed
    assert [(r["field"], r["old_value"], r["new_value"]) for r in audit_rows("course.update")] == [
        ("hours", None, "8.0"), ("mode", "in_person", "online"), ("place", "Hội trường UBND phường", "Trực tuyến")]


def test_update_course_refuses_invalid(services, course_id, audit_rows):
    with pytest.raises(ValidationError):
        services.training.update_course(replace(COURSE, id=course_id, title=""))
    assert services.training.course(course_id) == replace(COURSE, id=course_id)
    assert audit_rows("course.update") == []


def test_update_unknown_course(services):
    with pytest.raises(NotFoundError):
        services.training.update_course(replace(COURSE, id=99))


def test_remove_course_without_attendance(services, course_id, audit_rows, table_count):
    services.training.remove_course(course_id)
    assert table_count("courses") == 0
    with pytest.raises(NotFoundError):
        services.training.course(course_id)
    row = audit_rows("course.delete")[0]
    assert (row["row_id"], json.loads(row["new_value"])) == (course_id, {"attendance_removed": 0})
    assert json.loads(row["old_value"])["title"] == COURSE.title


def test_remove_course_with_attendance_needs_confirmation(services, course_id, person_id, add_person, counts,
                                                          audit_rows, table_count):
    other = add_person("Trần Thị Bình")
    services.training.set_attendance(Attendance(course_id, person_id, status="present", result="pass"))
    services.training.set_attendance(Attendance(course_id, other, status="absent"))
    before = counts()
    with pytest.raises(ConflictError) as caught:
        services.training.remove_course(course_id)
    assert caught.value.params == {"title": COURSE.title, "count": 2}
    assert counts() == before
    services.training.remove_course(course_id, confirmed_with_attendance=True)
    assert (table_count("courses"), table_count("attendance")) == (0, 0)
    assert json.loads(audit_rows("course.delete")[0]["new_value"]) == {"attendance_removed": 2}
    assert services.officers.count() == 2  # people stay


def test_remove_unknown_course(services):
    with pytest.raises(NotFoundError):
        services.training.remove_course(5)


# --------------------------------------------------------------------------- attendance

def test_set_attendance_is_an_upsert(services, course_id, person_id, table_count, audit_rows):
    first = services.training.set_attendance(Attendance(course_id, person_id, status="sent"))
    second = services.training.set_attendance(Attendance(course_id, person_id, status="present", result="good",
                                                         certificate_no=" GCN-2025/017 "))
    assert first == second
    assert table_count("attendance") == 1
    rows = services.training.attendance(course_id=course_id)
    assert len(rows) == 1
    assert rows[0].attendance == Attendance(course_id, person_id, "present", "good", "GCN-2025/017", id=first)
    assert (rows[0].full_name, rows[0].course.title) == ("Nguyễn Văn An", COURSE.title)
    audits = audit_rows("attendance.set")
    assert len(audits) == 2
    assert audits[0]["old_value"] is None
    assert json.loads(audits[1]["old_value"])["status"] == "sent"
    assert json.loads(audits[1]["new_value"])["result"] == "good"
    assert all((r["year"], r["person_id"]) == (2025, person_id) for r in audits)
    assert [row.attendees for row in services.training.courses()] == [1]


@pytest.mark.parametrize("status, result", [
    ("sent", "pass"),
    ("absent", "excellent"),
    ("sent", "fail"),
])
def test_result_without_attendance_is_refused(services, course_id, person_id, counts, status, result):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.training.set_attendance(Attendance(course_id, person_id, status=status, result=result))
    assert caught.value.field == "result"
    assert counts() == before


def test_result_refused_on_update_keeps_the_old_row(services, course_id, person_id):
    services.training.set_attendance(Attendance(course_id, person_id, status="present", result="pass"))
    with pytest.raises(ValidationError):
        services.training.set_attendance(Attendance(course_id, person_id, status="absent", result="pass"))
    assert services.training.attendance(person_id=person_id)[0].attendance.status == "present"


@pytest.mark.parametrize("status, result, field", [
    ("came", None, "status"),
    ("present", "average", "result"),
])
def test_unknown_status_or_result(services, course_id, person_id, table_count, status, result, field):
    with pytest.raises(ValidationError) as caught:
        services.training.set_attendance(Attendance(course_id, person_id, status=status, result=result))
    assert caught.value.field == field
    assert table_count("attendance") == 0


@pytest.mark.parametrize("which", ["course", "person"])
def test_set_attendance_unknown_course_or_person(services, course_id, person_id, table_count, which):
    record = Attendance(99 if which == "course" else course_id, 99 if which == "person" else person_id)
    with pytest.raises(NotFoundError):
        services.training.set_attendance(record)
    assert table_count("attendance") == 0


def test_remove_attendance(services, course_id, person_id, table_count, audit_rows):
    services.training.set_attendance(Attendance(course_id, person_id, status="present"))
    services.training.remove_attendance(course_id, person_id)
    assert table_count("attendance") == 0
    assert [(r["person_id"], r["year"]) for r in audit_rows("attendance.delete")] == [(person_id, 2025)]


def test_remove_missing_attendance_writes_no_audit_row(services, course_id, person_id, audit_rows):
    try:
        services.training.remove_attendance(course_id, person_id)
    except NotFoundError:
        pass
    assert audit_rows("attendance.delete") == []
