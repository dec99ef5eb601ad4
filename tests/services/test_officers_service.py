"""OfficerService: people and posts in a real (temporary) book, every change audited."""
from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pytest

from desktop.domain.errors import (
    ConflictError,
    NotFoundError,
    ValidationError,
    ValidationErrors,
)
from desktop.domain.officers import Group, Person, PostHolding, Sex, Term
from desktop.domain.training import Attendance, Course
from desktop.domain.vietnamese import name_sort_key
from desktop.services.officers import RosterFilter

TERM = Term(2023, 2028)


# --------------------------------------------------------------------------- adding people

def test_add_person_stores_nfc_and_writes_person_create(services, audit_rows):
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    assert typed != "Nguyễn Thị Hồng Nhung"
    person_id = services.officers.add_person(Person(typed, department=unicodedata.normalize("NFD", "Phòng Kế toán")))
    stored = services.book.db.execute("SELECT full_name, department, name_folded FROM people WHERE id = ?",
                                      [person_id]).fetchone()
    assert stored == ("Nguyễn Thị Hồng Nhung", "Phòng Kế toán", "nguyen thi hong nhung")
    assert unicodedata.is_normalized("NFC", stored[0])
    assert services.officers.person(person_id).person.full_name == "Nguyễn Thị Hồng Nhung"
    rows = audit_rows()
    assert [(r["action"], r["entity"], r["row_id"], r["person_id"], r["new_value"]) for r in rows] == [
        ("person.create", "people", person_id, person_id, "Nguyễn Thị Hồng Nhung")]
    assert rows[0]["at"] == "2025-06-15T09:30:00+07:00"


@pytest.mark.parametrize("typed, stored", [
    ("  Trần   Văn  Bình ", "Trần Văn Bình"),
    ("Lê\u200b Thị Cúc", "Lê Thị Cúc"),
    ("Hoa\u0300ng Văn Đức", "Hoàng Văn Đức"),
])
def test_add_person_cleans_the_name(services, typed, stored):
    person_id = services.officers.add_person(Person(typed))
    assert services.officers.person(person_id).person.full_name == stored


@pytest.mark.parametrize("person, field", [
    (Person("  "), "full_name"),
    (Person("An", email="an@"), "email"),
    (Person("An", phone="12345"), "phone"),
    (Person("An", birth_year=1900), "birth_year"),
    (Person("An", party_join_date=date(2010, 1, 1)), "party_join_date"),
])
def test_add_person_refuses_invalid_and_writes_nothing(services, table_count, person, field):
    with pytest.raises(ValidationErrors) as caught:
        services.officers.add_person(person)
    assert caught.value.field == field
    assert (table_count("people"), table_count("audit")) == (0, 0)


def test_add_person_round_trips_every_field(services):
    person = Person("Phạm Thị Dung", birth_date=date(1985, 4, 30), birth_year=1985,
                    ethnicity="Kinh", religion="Không", party_member=True, party_join_date=date(2010, 5, 19),
                    education="university", political_theory="intermediate", it_level="Cơ bản",
                    foreign_language="Tiếng Anh B1", job_title="Kế toán trưởng", department="Phòng Tài chính",
                    phone="0912345678", email="dung@congty.vn", member_code="CD0001", notes="Dòng 1\nDòng 2")
    person_id = services.officers.add_person(person)
    assert services.officers.person(person_id).person == replace(person, id=person_id)


# --------------------------------------------------------------------------- updating people

@pytest.mark.parametrize("changes, fields", [
    ({"phone": "0987654321"}, ["phone"]),
    ({"phone": "0987654321", "email": "moi@congty.vn"}, ["email", "phone"]),
    ({"birth_year": 1990, "department": "Phòng Nhân sự"}, ["birth_year", "department"]),
    ({"party_member": True, "party_join_date": date(2015, 2, 3)}, ["party_join_date", "party_member"]),
    ({}, []),
])
def test_update_person_writes_one_audit_row_per_changed_field(services, audit_rows, changes, fields):
    person_id = services.officers.add_person(Person("Nguyễn Văn An", phone="0912345678", email="an@congty.vn"))
    old = services.officers.person(person_id).person
    services.officers.update_person(replace(old, **changes))
    rows = audit_rows("person.update")
    assert [r["field"] for r in rows] == fields
    assert all(r["row_id"] == person_id and r["person_id"] == person_id for r in rows)
    assert services.officers.person(person_id).person == replace(old, **changes)


# Regression: cleaned() must leave Sex (a str Enum) alone; it once turned Sex.FEMALE into the plain str
# 'female' and people_repo.person_to_row failed on person.sex.value.
@pytest.mark.parametrize("sex", [Sex.FEMALE, Sex.MALE])
def test_add_person_with_sex(services, sex):
    person_id = services.officers.add_person(Person("Phạm Thị Dung", sex=sex))
    assert services.officers.person(person_id).person.sex is sex
    assert services.book.db.execute("SELECT sex FROM people").fetchone()[0] == sex.value


def test_update_person_sex(services, audit_rows):
    person_id = services.officers.add_person(Person("Nguyễn Văn An"))
    services.officers.update_person(Person("Nguyễn Văn An", id=person_id, sex=Sex.MALE))
    assert services.officers.person(person_id).person.sex is Sex.MALE
    assert [(r["field"], r["old_value"], r["new_value"]) for r in audit_rows("person.update")] == [
        ("sex", None, "male")]


def test_update_person_records_old_and_new_values(services, audit_rows):
    person_id = services.officers.add_person(Person("Nguyễn Văn An", phone="0912345678"))
    old = services.officers.person(person_id).person
    services.officers.update_person(replace(old, full_name="Nguyễn Văn Ân", phone=""))
    assert [(r["field"], r["old_value"], r["new_value"]) for r in audit_rows("person.update")] == [
        ("full_name", "Nguyễn Văn An", "Nguyễn Văn Ân"), ("phone", "0912345678", "")]


def test_update_person_refuses_invalid(services, audit_rows):
    person_id = services.officers.add_person(Person("Nguyễn Văn An"))
    with pytest.raises(ValidationError):
        services.officers.update_person(Person("Nguyễn Văn An", id=person_id, email="sai"))
    assert services.officers.person(person_id).person.email == ""
    assert audit_rows("person.update") == []


def test_update_unknown_person(services):
    with pytest.raises(NotFoundError):
        services.officers.update_person(Person("Không có", id=99))


# --------------------------------------------------------------------------- roster

NAMES = ["Vũ Văn Đạt", "Trần Văn An", "Bùi Thị Dung", "Đỗ Thị Ân", "Lê Thị An", "Phạm Đức Anh", "Nguyễn Văn An",
         "Lê Văn Bình", "Hoàng Thị Ánh", "Ngô Văn Ơn", "Đặng Thị Oanh", "Nguyễn Đình Ba"]


def test_roster_is_in_vietnamese_list_order(services, add_officer):
    for name in NAMES:
        add_officer(name)
    listed = [entry.person.full_name for entry in services.officers.roster()]
    assert listed == sorted(NAMES, key=name_sort_key)
    assert listed == ["Lê Thị An", "Nguyễn Văn An", "Trần Văn An", "Phạm Đức Anh", "Hoàng Thị Ánh", "Đỗ Thị Ân",
                      "Nguyễn Đình Ba", "Lê Văn Bình", "Bùi Thị Dung", "Vũ Văn Đạt", "Đặng Thị Oanh", "Ngô Văn Ơn"]


@pytest.fixture
def roster_book(services, add_person, add_post):
    """Names by situation on 15/06/2025."""
    ids = {}
    ids["chair"] = add_person("Nguyễn Văn Chủ")
    add_post(ids["chair"], "chair")
    ids["member"] = add_person("Trần Thị Ủy")
    add_post(ids["member"], "committee_member")
    ids["inspector"] = add_person("Lê Văn Kiểm")
    add_post(ids["inspector"], "inspection_member")
    ids["leader"] = add_person("Phạm Thị Tổ")
    add_post(ids["leader"], "group_leader")
    ids["left"] = add_person("Hoàng Văn Nghỉ")  # BCH post ended in 2024
    add_post(ids["left"], "committee_member", end_date=date(2024, 12, 31))
    ids["moved"] = add_person("Vũ Thị Chuyển")  # BCH ended, now a group leader
    add_post(ids["moved"], "committee_member", end_date=date(2025, 1, 31))
    add_post(ids["moved"], "group_leader", start_date=date(2025, 2, 1))
    ids["none"] = add_person("Đỗ Văn Chưa")  # no post yet
    return ids


@pytest.mark.parametrize("roster_filter, expected", [
    (RosterFilter(), ["chair", "inspector", "leader", "moved", "member", "none"]),
    (RosterFilter(include_ended=True), ["chair", "inspector", "leader", "left", "moved", "member", "none"]),
    (RosterFilter(with_posts_only=True), ["chair", "inspector", "leader", "moved", "member"]),
    (RosterFilter(group=Group.BCH), ["chair", "member"]),
    (RosterFilter(group=Group.BCH, include_ended=True), ["chair", "left", "moved", "member"]),
    (RosterFilter(group=Group.UBKT), ["inspector"]),
    (RosterFilter(group=Group.BELOW), ["leader", "moved"]),
    (RosterFilter(term_start=2018), []),
    (RosterFilter(term_start=2023, include_ended=True), ["chair", "inspector", "leader", "left", "moved", "member"]),
])
def test_roster_filters(services, roster_book, roster_filter, expected):
    names = {pid: key for key, pid in roster_book.items()}
    listed = services.officers.roster(roster_filter)
    assert sorted(names[entry.person.id] for entry in listed) == sorted(expected)
    assert [e.person.full_name for e in listed] == sorted((e.person.full_name for e in listed), key=name_sort_key)


def test_roster_lists_every_post_of_a_person(services, roster_book):
    moved = next(e for e in services.officers.roster(RosterFilter(group=Group.BELOW))
                 if e.person.id == roster_book["moved"])
    assert sorted(h.title_key for h in moved.holdings) == ["committee_member", "group_leader"]


def test_held_in_year(services, roster_book):
    held = services.officers.held_in_year(2025, {Group.BCH, Group.UBKT})
    assert {p.id for p in held} == {roster_book[k] for k in ("chair", "member", "inspector", "moved")}
    held_2024 = services.officers.held_in_year(2024, {Group.BCH})
    assert {p.id for p in held_2024} == {roster_book[k] for k in ("chair", "member", "left", "moved")}


# --------------------------------------------------------------------------- posts

def test_add_post_and_audit(services, add_person, audit_rows):
    person_id = add_person("Nguyễn Văn An")
    holding_id = services.officers.add_post(PostHolding(person_id, "vice_chair", Term(2025, 2028),
                                                        start_date=date(2025, 7, 10),
                                                        duties=" Phụ trách nữ công \n Phụ trách tài chính ",
                                                        full_time=True))
    holding = services.officers.person(person_id).holdings[0]
    assert holding == PostHolding(person_id, "vice_chair", Term(2025, 2028), start_date=date(2025, 7, 10),
                                  duties="Phụ trách nữ công\nPhụ trách tài chính", full_time=True, id=holding_id)
    assert Term(2025, 2028) in services.union.terms()
    row = audit_rows("post.create")[0]
    assert (row["row_id"], row["person_id"]) == (holding_id, person_id)
    assert '"vice_chair"' in row["new_value"] and "2025–2028" in row["new_value"]


@pytest.mark.parametrize("holding, error", [
    (PostHolding(1, "secretary", TERM), ValidationError),
    (PostHolding(1, "chair", TERM, start_date=date(2020, 1, 1)), ValidationError),
    (PostHolding(1, "chair", TERM, start_date=date(2025, 5, 1), end_date=date(2025, 4, 1)), ValidationError),
    (PostHolding(99, "chair", TERM), NotFoundError),
])
def test_add_post_refused(services, add_person, table_count, holding, error):
    add_person("Nguyễn Văn An")
    with pytest.raises(error):
        services.officers.add_post(holding)
    assert table_count("post_holdings") == 0
    assert table_count("audit", "action = 'post.create'") == 0


def test_end_post_keeps_history(services, add_person, add_post, audit_rows):
    person_id = add_person("Nguyễn Văn An")
    first = add_post(person_id, "committee_member", start_date=date(2023, 5, 20))
    services.officers.end_post(first, date(2025, 3, 31), reason="Được bầu Phó Chủ tịch")
    second = add_post(person_id, "vice_chair", start_date=date(2025, 4, 1))
    holdings = {h.id: h for h in services.officers.person(person_id).holdings}
    assert set(holdings) == {first, second}
    assert (holdings[first].start_date, holdings[first].end_date) == (date(2023, 5, 20), date(2025, 3, 31))
    assert holdings[second].end_date is None
    rows = audit_rows("post.end")
    assert [(r["row_id"], r["field"], r["new_value"], r["reason"], r["person_id"]) for r in rows] == [
        (first, "end_date", "2025-03-31", "Được bầu Phó Chủ tịch", person_id)]
    listed = services.officers.roster(RosterFilter(group=Group.BCH))
    assert [h.title_key for h in listed[0].holdings] == ["committee_member", "vice_chair"]


@pytest.mark.parametrize("end_date, error", [
    (date(2023, 5, 19), ValidationError),  # before the start
    (date(2030, 1, 1), ValidationError),  # outside the term
])
def test_end_post_refused(services, add_person, add_post, audit_rows, end_date, error):
    holding_id = add_post(add_person("Nguyễn Văn An"), "chair", start_date=date(2023, 5, 20))
    with pytest.raises(error):
        services.officers.end_post(holding_id, end_date)
    assert services.officers.people.holding(holding_id).end_date is None
    assert audit_rows("post.end") == []


def test_end_post_twice_is_a_conflict(services, add_person, add_post, audit_rows):
    holding_id = add_post(add_person("Nguyễn Văn An"), "chair")
    services.officers.end_post(holding_id, date(2025, 1, 1))
    with pytest.raises(ConflictError):
        services.officers.end_post(holding_id, date(2025, 2, 1))
    assert services.officers.people.holding(holding_id).end_date == date(2025, 1, 1)
    assert len(audit_rows("post.end")) == 1


def test_update_post_audits_changed_fields(services, add_person, add_post, audit_rows):
    person_id = add_person("Nguyễn Văn An")
    holding_id = add_post(person_id, "committee_member")
    holding = services.officers.people.holding(holding_id)
    services.officers.update_post(replace(holding, duties="Phụ trách tài chính", full_time=True))
    assert [r["field"] for r in audit_rows("post.update")] == ["duties", "full_time"]


def test_remove_post(services, add_person, add_post, audit_rows):
    person_id = add_person("Nguyễn Văn An")
    holding_id = add_post(person_id, "chair")
    services.officers.remove_post(holding_id, reason="Nhập nhầm")
    assert services.officers.person(person_id).holdings == []
    assert [(r["row_id"], r["reason"]) for r in audit_rows("post.delete")] == [(holding_id, "Nhập nhầm")]


# --------------------------------------------------------------------------- removing people

def test_remove_person_without_references(services, add_person, add_post, audit_rows, table_count):
    person_id = add_person("Nguyễn Văn An")
    add_post(person_id, "committee_member")
    add_post(person_id, "group_leader")
    services.officers.remove_person(person_id)
    assert (table_count("people"), table_count("post_holdings")) == (0, 0)
    with pytest.raises(NotFoundError):
        services.officers.person(person_id)
    assert [r["action"] for r in audit_rows()] == ["person.create", "post.create", "post.create", "post.delete",
                                                   "post.delete", "person.delete"]
    assert all(r["person_id"] == person_id for r in audit_rows())
    deleted = audit_rows("person.delete")[0]
    assert "Nguyễn Văn An" in deleted["old_value"]
    assert services.audit.entries(person_id=person_id, limit=1)[0].action == "person.delete"


@pytest.mark.parametrize("reference, evaluations, attendance", [
    ("evaluation", 1, 0),
    ("attendance", 0, 1),
    ("both", 1, 1),
])
def test_remove_person_refused_when_referenced(services, add_person, add_post, table_count, reference, evaluations,
                                               attendance):
    person_id = add_person("Nguyễn Văn An")
    add_post(person_id, "committee_member")
    if evaluations:
        assert services.evaluations.open_year(2025) == 1
    if attendance:
        course_id = services.training.add_course(Course("Tập huấn nghiệp vụ", start_date=date(2025, 4, 1)))
        services.training.set_attendance(Attendance(course_id, person_id, status="present"))
    before = (table_count("people"), table_count("post_holdings"), table_count("audit"))
    assert services.officers.removal_blockers(person_id) == {
        k: v for k, v in (("evaluations", evaluations), ("attendance", attendance)) if v}
    with pytest.raises(ConflictError) as caught:
        services.officers.remove_person(person_id)
    assert caught.value.params == {"name": "Nguyễn Văn An", "evaluations": evaluations, "attendance": attendance}
    assert (table_count("people"), table_count("post_holdings"), table_count("audit")) == before


def test_remove_unknown_person(services):
    with pytest.raises(NotFoundError):
        services.officers.remove_person(42)
