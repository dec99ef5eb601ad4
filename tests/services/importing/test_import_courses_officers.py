"""Course plans and officer rosters through preview and apply."""
from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.officers import Sex, Term
from desktop.services.importing import DUPLICATE, NEW, PROBLEM, UPDATE, apply, preview, read_table
from desktop.services.officers import RosterFilter
from desktop.storage.import_repo import ImportRepository


def run(services, path, kind, **kwargs):
    planned = preview(services, read_table(path, kind), kind, **kwargs)
    return planned, apply(services, planned)


def test_course_plan_imported_then_recognised(services, fixtures_dir, audit_rows, messages):
    path = fixtures_dir / "ke-hoach-dao-tao-2025.xls"
    planned, result = run(services, path, "courses")
    assert [r.status for r in planned.rows] == [NEW, NEW, NEW, PROBLEM]
    assert (result.added, result.skipped) == (3, 1)
    courses = [row.course for row in services.training.courses()]
    assert [(c.title, c.start_date, c.topic, c.mode, c.source) for c in courses] == [
        ("Tập huấn nghiệp vụ công tác công đoàn", date(2025, 3, 12), "union_work", "in_person",
         "ke-hoach-dao-tao-2025.xls"),
        ("Kỹ năng thương lượng, ký kết thỏa ước lao động tập thể", date(2025, 4, 9), "bargaining", "in_person",
         "ke-hoach-dao-tao-2025.xls"),
        ("Bồi dưỡng công tác an toàn, vệ sinh lao động", date(2025, 5, 23), "safety", "online",
         "ke-hoach-dao-tao-2025.xls")]
    assert len(audit_rows("course.create")) == 3
    planned, result = run(services, path, "courses")
    assert [r.status for r in planned.rows] == [DUPLICATE, DUPLICATE, DUPLICATE, PROBLEM]
    assert (result.added, result.duplicates) == (0, 3)
    assert len(services.training.courses()) == 3


def test_a_changed_place_updates_the_course(services, write_xlsx, audit_rows):
    header = ["TT", "Tên lớp", "Từ ngày", "Đến ngày", "Địa điểm"]
    run(services, write_xlsx([header, [1, "Lớp kỹ năng", "12/03/2025", "14/03/2025", "Hội trường A"]]), "courses")
    planned, result = run(services, write_xlsx([header, [1, "LỚP KỸ NĂNG", "12/03/2025", "14/03/2025",
                                                         "Hội trường B"]], name="ke-hoach-2.xlsx"), "courses")
    assert planned.rows[0].status == UPDATE and planned.rows[0].changes == {"place": ("Hội trường A", "Hội trường B")}
    assert result.updated == 1
    assert services.training.courses()[0].course.place == "Hội trường B"
    (change,) = audit_rows("course.update")
    assert (change["field"], change["old_value"], change["new_value"]) == ("place", "Hội trường A", "Hội trường B")


def test_course_rules_are_checked_per_row(services, write_xlsx, messages):
    path = write_xlsx([["Tên lớp", "Từ ngày", "Đến ngày"], ["Lớp A", "14/03/2025", "12/03/2025"],
                       ["Lớp B", "12/03/2025", "14/03/2025"], ["Lớp B", "12/03/2025", "14/03/2025"]])
    planned, result = run(services, path, "courses")
    assert [r.status for r in planned.rows] == [PROBLEM, NEW, PROBLEM]
    assert messages(result.problems) == [
        "Dòng 2, cột C: Ngày kết thúc lớp không thể trước ngày bắt đầu.",
        "Dòng 4: lớp Lớp B đã có ở dòng 3 của tệp này; bỏ qua dòng này."]


def test_all_or_nothing_for_a_course_plan(services, fixtures_dir, counts, monkeypatch):
    before = counts()
    real = ImportRepository.insert_course
    written = []

    def fail_at_the_last(self, course, import_id):
        written.append(course.title)
        if len(written) == 3:
            raise RuntimeError("the last course cannot be written")
        return real(self, course, import_id)

    monkeypatch.setattr(ImportRepository, "insert_course", fail_at_the_last)
    planned = preview(services, read_table(fixtures_dir / "ke-hoach-dao-tao-2025.xls", "courses"), "courses")
    with pytest.raises(RuntimeError):
        apply(services, planned)
    assert len(written) == 3
    assert counts() == before and services.training.repo.imports() == []


ROSTER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Chức vụ chuyên môn", "Đơn vị", "Trình độ chuyên môn",
          "Đảng viên", "Chuyên trách", "Nhiệm vụ được phân công", "Điện thoại"]


def test_officer_roster_creates_people_and_posts(services, write_xlsx, audit_rows):
    path = write_xlsx([["DANH SÁCH BAN CHẤP HÀNH CÔNG ĐOÀN CƠ SỞ NHIỆM KỲ 2023 - 2028"], ROSTER,
                       [1, "Nguyễn Văn An", "12/05/1980", "Nam", "Chủ tịch", "Tổ trưởng sản xuất", "May 1",
                        "Đại học", "x", "x", "Phụ trách chung", 912345678],
                       [2, "Trần Thị Hoà", 1988, "Nữ", "Phó Chủ tịch kiêm Chủ nhiệm UBKT", "Kế toán", "Phòng TC",
                        "Cao đẳng", "", "", "Phụ trách nữ công", "0987654321"],
                       [3, "Lê Văn Cường", 1975, "Nam", "UV BCH", "", "Kho", "Trung cấp", "", "", "", ""]])
    planned, result = run(services, path, "officers")
    assert [r.status for r in planned.rows] == [NEW, NEW, NEW]
    assert (result.added, result.people_created) == (3, 3)
    roster = {e.person.full_name: e for e in services.officers.roster()}
    an = roster["Nguyễn Văn An"]
    assert (an.person.birth_date, an.person.sex, an.person.job_title, an.person.education, an.person.party_member,
            an.person.phone) == (date(1980, 5, 12), Sex.MALE, "Tổ trưởng sản xuất", "university", True,
                                 "0912345678")
    assert [(h.title_key, h.term, h.full_time, h.duties) for h in an.holdings] == [
        ("chair", Term(2023, 2028), True, "Phụ trách chung")]
    assert sorted(h.title_key for h in roster["Trần Thị Hoà"].holdings) == ["inspection_chair", "vice_chair"]
    assert len(audit_rows("person.create")) == 3 and len(audit_rows("post.create")) == 4


def test_roster_reimport_and_update(services, write_xlsx, add_person, add_post):
    an = add_person("Nguyễn Văn An", birth_year=1980)
    add_post(an, "chair")
    path = write_xlsx([["Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị", "Dân tộc"],
                       ["Nguyễn Văn An", 1980, "Chủ tịch", "May 1", "Kinh"],
                       ["Nguyen Van An", 1980, "Chủ tịch, Tổ trưởng", "", ""]])
    planned, result = run(services, path, "officers")
    # The book had no unit nor ethnicity: the roster fills them; the post the book has is not added twice.
    assert [r.status for r in planned.rows] == [UPDATE, UPDATE]
    assert planned.rows[0].changes == {"department": ("", "May 1"), "ethnicity": ("", "Kinh")}
    assert [h.title_key for h in planned.rows[1].posts] == ["group_leader"]
    person = services.officers.person(an)
    assert (person.person.department, person.person.ethnicity) == ("May 1", "Kinh")
    assert sorted(h.title_key for h in person.holdings) == ["chair", "group_leader"]
    planned, result = run(services, path, "officers")
    assert [r.status for r in planned.rows] == [DUPLICATE, DUPLICATE]
    assert (result.added, result.updated, result.duplicates) == (0, 0, 2)


def test_roster_for_another_term(services, write_xlsx):
    path = write_xlsx([["Họ và tên", "Năm sinh", "Chức vụ"], ["Nguyễn Văn An", 1980, "Chủ tịch"]])
    planned = preview(services, read_table(path, "officers"), "officers", term=Term(2018, 2023))
    apply(services, planned)
    (entry,) = services.officers.roster(RosterFilter(include_ended=True))
    assert [h.term for h in entry.holdings] == [Term(2018, 2023)]


def test_unknown_post_is_a_problem(services, write_xlsx, messages):
    path = write_xlsx([["Họ và tên", "Chức vụ"], ["Nguyễn Văn An", "Giám đốc"]])
    planned, result = run(services, path, "officers")
    assert messages(result.problems) == [
        "Dòng 2, cột B: Giám đốc không phải là chức danh công đoàn mà sổ biết (Chủ tịch, Phó Chủ tịch, Ủy viên BCH, "
        "Chủ nhiệm UBKT, Tổ trưởng...)."]
    assert services.officers.count() == 0


@pytest.mark.parametrize("name", ["danh-sach-bch-tcvn3.xls", "danh-sach-bch-tcvn3.ods"])
def test_committed_tcvn3_roster_end_to_end(services, fixtures_dir, name):
    planned, result = run(services, fixtures_dir / name, "officers")
    assert result.added == 3
    names = sorted(e.person.full_name for e in services.officers.roster())
    assert names == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Hoà"]


def test_roster_fills_are_checked_like_any_change(services, write_xlsx, add_person, messages):
    an = add_person("Nguyễn Văn An", birth_year=1980)
    path = write_xlsx([["Họ và tên", "Năm sinh", "Giới tính", "Điện thoại", "Đảng viên"],
                       ["Nguyễn Văn An", 1980, "Nam", "12345", "x"]])
    planned, result = run(services, path, "officers")
    assert messages(result.problems)[0].startswith("Dòng 2, cột D: ")
    path = write_xlsx([["Họ và tên", "Năm sinh", "Giới tính", "Đảng viên"], ["Nguyễn Văn An", 1980, "Nam", "x"]],
                      name="lan-2.xlsx")
    planned, result = run(services, path, "officers")
    assert planned.rows[0].status == UPDATE and result.updated == 1
    person = services.officers.person(an).person
    assert (person.sex, person.party_member) == (Sex.MALE, True)
