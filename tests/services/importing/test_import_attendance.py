"""Attendee and result lists: matching people of the book, the preview, resolutions, one transaction."""
from __future__ import annotations

import json
import unicodedata

import pytest

from desktop.domain.officers import Sex
from desktop.services.importing import (AMBIGUOUS, DUPLICATE, NEW, PROBLEM, SKIPPED, UNMATCHED, UPDATE,
                                        ImportCancelled, ImportFileError, Resolution, apply, load_context,
                                        preview, read_and_preview, read_table)
from desktop.storage.import_repo import ImportRepository

HEADER = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Đơn vị", "Kết quả", "Số GCN"]


@pytest.fixture
def roster(add_person):
    """Four people of the book, by name."""
    return {"an": add_person("Nguyễn Văn An", birth_year=1985, sex=Sex.MALE),
            "hoa": add_person("Trần Thị Hoà", birth_year=1990, sex=Sex.FEMALE),
            "tu": add_person("Lê Văn Tư", birth_year=1979, department="Phân xưởng May"),
            "mai": add_person("Phạm Thị Mai")}


@pytest.fixture
def result_list(write_xlsx):
    def write(rows, name="ket-qua.xlsx", title="DANH SÁCH HỌC VIÊN VÀ KẾT QUẢ"):
        return write_xlsx([[title], HEADER] + [list(r) for r in rows], name=name)

    return write


def run(services, path, course_id, resolutions=None, create_missing=False):
    planned = preview(services, read_table(path, "attendance"), "attendance", course_id=course_id)
    return planned, apply(services, planned, resolutions or {}, create_missing=create_missing)


def test_people_matched_and_attendance_written_with_audit_and_record(services, roster, course_id, result_list,
                                                                     audit_rows):
    path = result_list([[1, "Nguyễn Văn An", 1985, "Nam", "", "Giỏi", "GCN-01"],
                        [2, "Trần Thị Hoà", 1990, "Nữ", "", "Khá", ""],
                        [3, "Lê Văn Tư", None, None, "", "Không đạt", ""]])
    planned, result = run(services, path, course_id)
    assert [(r.status, r.person_id) for r in planned.rows] == [(NEW, roster["an"]), (NEW, roster["hoa"]),
                                                               (NEW, roster["tu"])]
    assert (result.added, result.updated, result.duplicates, result.skipped) == (3, 0, 0, 0)
    records = {a.attendance.person_id: a.attendance for a in services.training.attendance(course_id=course_id)}
    assert (records[roster["an"]].status, records[roster["an"]].result, records[roster["an"]].certificate_no) == (
        "present", "excellent", "GCN-01")
    assert records[roster["tu"]].result == "fail"
    # One audit row for the import (not one per attendance row), naming the course and the counts.
    assert audit_rows("attendance.set") == []
    (logged,) = audit_rows("import.apply")
    assert (logged["entity"], logged["row_id"], logged["reason"], logged["year"]) == (
        "imports", result.import_id, f"import:{result.import_id} ket-qua.xlsx", 2025)
    assert json.loads(logged["new_value"]) == {"kind": "attendance", "file": "ket-qua.xlsx",
                                               "sha256": json.loads(logged["new_value"])["sha256"], "added": 3,
                                               "updated": 0, "duplicates": 0, "skipped": 0, "course_id": course_id}
    # A person's audit history still tells which import added their attendance, and no other person's.
    (entry,) = [e for e in services.audit.entries(person_id=roster["an"]) if e.action == "import.apply"]
    assert (entry.row_id, entry.reason) == (result.import_id, f"import:{result.import_id} ket-qua.xlsx")
    assert [e for e in services.audit.entries(person_id=roster["mai"]) if e.action == "import.apply"] == []
    assert [e.action for e in services.audit.entries(year=2025, person_id=roster["hoa"])] == ["import.apply"]
    (record,) = services.training.repo.imports()
    assert (record["kind"], record["file_name"], record["added"]) == ("attendance", "ket-qua.xlsx", 3)
    assert len(record["sha256"]) == 64 and record["imported_at"].startswith("2025-06-15T09:30")


def test_a_second_import_of_the_same_list_adds_nothing(services, roster, course_id, result_list, counts):
    path = result_list([[1, "Nguyễn Văn An", 1985, "Nam", "", "Giỏi", "GCN-01"],
                        [2, "Trần Thị Hoà", 1990, "Nữ", "", "Khá", ""]])
    run(services, path, course_id)
    before = counts()
    planned, result = run(services, path, course_id)
    assert [r.status for r in planned.rows] == [DUPLICATE, DUPLICATE]
    assert (result.added, result.updated, result.duplicates) == (0, 0, 2)
    after = counts()
    assert after["attendance"] == before["attendance"] and after["people"] == before["people"]


def test_a_changed_result_is_an_update(services, roster, course_id, result_list):
    run(services, result_list([[1, "Nguyễn Văn An", 1985, "Nam", "", "Khá", ""]]), course_id)
    planned, result = run(services, result_list([[1, "Nguyễn Văn An", 1985, "Nam", "", "Giỏi", "GCN-9"]],
                                                name="ket-qua-sua.xlsx"), course_id)
    assert planned.rows[0].status == UPDATE
    assert planned.rows[0].changes == {"result": ("good", "excellent"), "certificate_no": ("", "GCN-9")}
    assert result.updated == 1
    (record,) = services.training.attendance(course_id=course_id)
    assert (record.attendance.result, record.attendance.certificate_no) == ("excellent", "GCN-9")


@pytest.mark.parametrize("written", ["Trần Thị Hòa", "Trần Thị Hoà", "TRẦN THỊ HOÀ", "Tran Thi Hoa",
                                     unicodedata.normalize("NFD", "Trần Thị Hòa")])
def test_matching_ignores_nfd_case_diacritics_and_tone_placement(services, roster, course_id, result_list, written):
    planned, _ = run(services, result_list([[1, written, 1990, "Nữ", "", "Đạt", ""]]), course_id)
    assert (planned.rows[0].status, planned.rows[0].person_id) == (NEW, roster["hoa"])


def test_year_of_birth_and_sex_tell_namesakes_apart(services, add_person, course_id, result_list):
    older = add_person("Nguyễn Văn Bình", birth_year=1970, sex=Sex.MALE)
    younger = add_person("Nguyễn Văn Bình", birth_year=1992, sex=Sex.MALE)
    hoa_f = add_person("Lê Hoa", birth_year=1980, sex=Sex.FEMALE)
    add_person("Lê Hoa", birth_year=1980, sex=Sex.MALE)
    planned, _ = run(services, result_list([[1, "Nguyễn Văn Bình", 1992, "", "", "Đạt", ""],
                                            [2, "Nguyễn Văn Bình", 1970, "", "", "Đạt", ""],
                                            [3, "Lê Hoa", 1980, "Nữ", "", "Đạt", ""]]), course_id)
    assert [r.person_id for r in planned.rows] == [younger, older, hoa_f]


def test_ambiguous_rows_carry_candidates_and_the_caller_resolves_them(services, add_person, course_id,
                                                                       result_list, messages, counts):
    first = add_person("Nguyễn Văn Bình", birth_year=1979, department="May 1")
    second = add_person("Nguyễn Văn Bình", birth_year=1979, department="May 2")
    path = result_list([[1, "Nguyễn Văn Bình", 1979, "", "", "Đạt", ""],
                        [2, "Nguyễn Văn Bình", None, "", "", "Khá", ""],
                        [3, "Nguyễn Văn Bình", 1979, "", "", "Giỏi", ""]])
    planned = preview(services, read_table(path, "attendance"), "attendance", course_id=course_id)
    assert [r.status for r in planned.rows] == [AMBIGUOUS] * 3
    assert {c.person_id for c in planned.rows[0].candidates} == {first, second}
    assert {c.department for c in planned.rows[0].candidates} == {"May 1", "May 2"}
    assert messages(planned.rows[0].problems) == [
        "Dòng 3: trong sổ có 2 người trùng với Nguyễn Văn Bình; hãy chọn đúng người hoặc bỏ qua dòng này."]
    people_before = counts()["people"]
    result = apply(services, planned, {3: Resolution.pick(second), 4: Resolution.skip_row(),
                                       5: Resolution.create_new()})
    assert (result.added, result.skipped, result.people_created) == (2, 1, 1)
    assert counts()["people"] == people_before + 1
    attended = {r.attendance.person_id: r.attendance.result for r in services.training.attendance(course_id=course_id)}
    assert attended[second] == "pass" and first not in attended


def test_unmatched_people_are_skipped_unless_created(services, roster, course_id, result_list, messages, counts,
                                                     audit_rows):
    path = result_list([[1, "Đỗ Thị Lan", 1995, "Nữ", "Phòng Kế toán", "Giỏi", ""],
                        [2, "Nguyễn Văn An", 1960, "Nam", "", "Khá", ""],
                        [3, "Đỗ Thị Lan", 1995, "Nữ", "Phòng Kế toán", "Giỏi", ""]])
    planned = preview(services, read_table(path, "attendance"), "attendance", course_id=course_id)
    assert [r.status for r in planned.rows] == [UNMATCHED] * 3
    # Same name, another year of birth: shown as a hint, never matched silently.
    assert [c.person_id for c in planned.rows[1].candidates] == [roster["an"]]
    assert messages(planned.rows[0].problems) == [
        "Dòng 3: Đỗ Thị Lan chưa có trong sổ; hãy chọn một người, thêm người mới, hoặc bỏ qua dòng này."]
    dry = apply(services, planned, create_missing=True, dry_run=True)
    assert (dry.added, dry.people_created, dry.skipped) == (2, 2, 1)
    before = counts()
    result = apply(services, planned, create_missing=True)
    assert (result.added, result.people_created, result.skipped) == (2, 2, 1)
    assert messages(result.problems) == ["Dòng 5: Đỗ Thị Lan đã có ở dòng 3 của tệp này; bỏ qua dòng này."]
    assert counts()["people"] == before["people"] + 2
    assert len(audit_rows("person.create")) == 4 + 2  # the roster's four, then the two created here
    lan = [p for p in services.officers.people.all() if p.full_name == "Đỗ Thị Lan"]
    assert [(p.birth_year, p.sex, p.department) for p in lan] == [(1995, Sex.FEMALE, "Phòng Kế toán")]


def test_a_new_person_must_still_be_plausible(services, course_id, result_list, messages):
    planned = preview(services, read_table(result_list([[1, "Bé Na", 2021, "Nữ", "", "", ""]]), "attendance"),
                      "attendance", course_id=course_id)
    result = apply(services, planned, create_missing=True)
    assert result.added == 0
    assert messages(result.problems) == ["Dòng 3, cột C: Năm sinh phải trong khoảng 1925 đến 2010."]


def test_a_list_of_people_sent_records_them_as_sent(services, roster, course_id, result_list):
    path = result_list([[1, "Nguyễn Văn An", 1985, "Nam", "", "", ""]],
                       title="DANH SÁCH CÁN BỘ ĐƯỢC CỬ ĐI HỌC LỚP NGHIỆP VỤ")
    run(services, path, course_id)
    (record,) = services.training.attendance(course_id=course_id)
    assert (record.attendance.status, record.attendance.result) == ("sent", None)
    # The results list that comes later moves them to "present".
    _, result = run(services, result_list([[1, "Nguyễn Văn An", 1985, "Nam", "", "Khá", ""]]), course_id)
    assert result.updated == 1
    (record,) = services.training.attendance(course_id=course_id)
    assert (record.attendance.status, record.attendance.result) == ("present", "good")


def test_rows_with_problems_are_skipped_and_reported(services, roster, course_id, result_list, messages):
    planned, result = run(services, result_list([[1, "Nguyễn Văn An", 1985, "Nam", "", "Tốt", ""],
                                                 [2, "Trần Thị Hoà", 1990, "Nữ", "", "Khá", ""]]), course_id)
    assert [r.status for r in planned.rows] == [PROBLEM, NEW]
    assert (result.added, result.skipped) == (1, 1)
    assert messages(result.problems) == ["Dòng 3, cột F: kết quả Tốt không thuộc các mức Giỏi, Khá, Đạt, Không đạt."]
    assert result.as_json(lambda s: s)["problems"][0] == {
        "sheet": "Danh sách", "row": 3, "column": "F",
        "message": "Row 3, column F: the result Tốt is not one of Giỏi, Khá, Đạt, Không đạt."}


def test_the_same_person_twice_in_one_list(services, roster, course_id, result_list):
    planned, result = run(services, result_list([[1, "Nguyễn Văn An", 1985, "", "", "Khá", ""],
                                                 [2, "Nguyen Van An", 1985, "", "", "Giỏi", ""]]), course_id)
    assert [r.status for r in planned.rows] == [NEW, PROBLEM]
    assert result.added == 1


def test_all_or_nothing_when_the_last_write_fails(services, roster, course_id, result_list, counts, monkeypatch):
    path = result_list([[i, name, year, "", "", "Đạt", ""] for i, (name, year) in
                        enumerate([("Nguyễn Văn An", 1985), ("Trần Thị Hoà", 1990), ("Đỗ Văn Mới", 1991)], 1)])
    before = counts()
    imports_before = services.training.repo.imports()

    def fail(self, entries):
        raise RuntimeError("disk full at the last write")

    monkeypatch.setattr(ImportRepository, "insert_audit", fail)
    planned = preview(services, read_table(path, "attendance"), "attendance", course_id=course_id)
    with pytest.raises(RuntimeError):
        apply(services, planned, create_missing=True)
    assert counts() == before
    assert services.training.repo.imports() == imports_before


def test_cancel_during_the_write_changes_nothing(services, roster, course_id, result_list, counts):
    path = result_list([[1, "Nguyễn Văn An", 1985, "", "", "Đạt", ""]])
    planned = preview(services, read_table(path, "attendance"), "attendance", course_id=course_id)
    before = counts()
    calls = []

    def cancelled():  # the user presses Cancel while the rows are being written
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ImportCancelled):
        apply(services, planned, cancelled=cancelled)
    assert counts() == before and services.training.repo.imports() == []


def test_the_book_changed_after_the_preview(services, roster, course_id, result_list, add_person):
    path = result_list([[1, "Đỗ Thị Lan", 1995, "Nữ", "", "Giỏi", ""]])
    planned = preview(services, read_table(path, "attendance"), "attendance", course_id=course_id)
    assert planned.rows[0].status == UNMATCHED
    lan = add_person("Đỗ Thị Lan", birth_year=1995)  # typed in by hand meanwhile
    result = apply(services, planned, create_missing=True)
    assert (result.added, result.people_created) == (1, 0)
    assert [r.attendance.person_id for r in services.training.attendance(course_id=course_id)] == [lan]


def test_what_was_read_from_the_book_before_the_file_is_read_again_when_the_book_changed(
        services, roster, course_id, result_list, add_person):
    path = result_list([[1, "Đỗ Thị Lan", 1995, "Nữ", "", "Giỏi", ""]])
    context = load_context(services, "attendance", course_id)  # as the window does while the file is read
    lan = add_person("Đỗ Thị Lan", birth_year=1995)  # the book changes before the preview
    planned = preview(services, read_table(path, "attendance"), "attendance", course_id=course_id, context=context)
    assert (planned.rows[0].status, planned.rows[0].person_id) == (NEW, lan)
    unchanged = load_context(services, "attendance", course_id)
    assert preview(services, read_table(path, "attendance"), "attendance", course_id=course_id,
                   context=unchanged).context is unchanged


def test_reading_the_file_and_the_book_at_once(services, roster, course_id, result_list):
    path = result_list([[1, "Nguyễn Văn An", 1985, "Nam", "", "Giỏi", "GCN-01"], [2, "Ai Đó", 1990, "", "", "", ""]])
    planned = read_and_preview(services, path, "attendance", course_id=course_id)
    assert [(r.status, r.person_id) for r in planned.rows] == [(NEW, roster["an"]), (UNMATCHED, None)]
    assert planned.table.file_name == "ket-qua.xlsx"
    with pytest.raises(ImportFileError):
        read_and_preview(services, path.with_name("khong-co.xlsx"), "attendance", course_id=course_id)


def test_skip_resolution_for_a_matched_row(services, roster, course_id, result_list):
    path = result_list([[1, "Nguyễn Văn An", 1985, "", "", "Đạt", ""]])
    planned = preview(services, read_table(path, "attendance"), "attendance", course_id=course_id)
    result = apply(services, planned, {3: Resolution.skip_row()})
    assert (result.added, result.skipped) == (0, 1)
    assert services.training.attendance(course_id=course_id) == []


def test_committed_ods_result_list_end_to_end(services, add_person, course_id, fixtures_dir):
    an = add_person("Nguyễn Văn An", birth_year=1980)
    hoa = add_person("Trần Thị Hoà", birth_year=1988)  # the list writes "Hòa"
    planned, result = run(services, fixtures_dir / "ket-qua-lop-nghiep-vu.ods", course_id, create_missing=True)
    assert [r.status for r in planned.rows] == [NEW, NEW, UNMATCHED, UNMATCHED]
    assert (planned.rows[0].person_id, planned.rows[1].person_id) == (an, hoa)
    assert (result.added, result.people_created) == (4, 2)
    assert SKIPPED not in [r.status for r in planned.rows]
