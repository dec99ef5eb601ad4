"""`socanbo import-courses | import-attendance | import-officers`, run as a user would (subprocess)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
PLAN = FIXTURES / "ke-hoach-dao-tao-2025.xls"
RESULTS = FIXTURES / "ket-qua-lop-nghiep-vu.ods"
ROSTER = FIXTURES / "danh-sach-bch-tcvn3.xls"


@pytest.fixture
def book(empty_book, tmp_path) -> Path:
    target = tmp_path / "so.socanbo"
    shutil.copyfile(empty_book, target)
    return target


def as_json(result) -> dict:
    assert result.returncode == 0, str(result)
    return json.loads(result.stdout)


def xlsx(path: Path, rows) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


@pytest.mark.slow
def test_course_plan_json_then_reimport_adds_nothing(socanbo, book):
    first = as_json(socanbo("--data", book, "import-courses", PLAN, "--json"))
    assert (first["added"], first["updated"], first["duplicates"], first["skipped"]) == (3, 0, 0, 1)
    assert first["problems"] == [{"sheet": "Kế hoạch 2025", "row": 14, "column": "C",
                                  "message": "Dòng 14, cột C: ngày Tháng 9/2025 chưa đầy đủ; hãy ghi đủ ngày theo "
                                             "dạng ngày/tháng/năm (dd/mm/yyyy)."}]
    again = as_json(socanbo("--data", book, "import-courses", PLAN, "--sheet", "Kế hoạch 2025", "--json"))
    assert (again["added"], again["duplicates"], again["skipped"]) == (0, 3, 1)
    listed = as_json(socanbo("--data", book, "list", "courses", "--json"))
    assert len(listed) == 3


@pytest.mark.slow
def test_dry_run_changes_nothing(socanbo, book, sha256):
    before = sha256(book)
    summary = as_json(socanbo("--data", book, "import-courses", PLAN, "--dry-run", "--json"))
    assert (summary["dry_run"], summary["added"]) == (True, 3)
    assert sha256(book) == before


@pytest.mark.slow
def test_attendance_with_new_people_then_a_roster_naming_one_person_twice(socanbo, book, tmp_path):
    as_json(socanbo("--data", book, "import-courses", PLAN, "--json"))
    course = as_json(socanbo("--data", book, "list", "courses", "--json"))[0]["id"]
    without = as_json(socanbo("--data", book, "import-attendance", RESULTS, "--course", course, "--json"))
    assert (without["added"], without["skipped"]) == (0, 4)
    assert "chưa có trong sổ" in without["problems"][0]["message"]
    created = as_json(socanbo("--data", book, "import-attendance", RESULTS, "--course", course, "--create-missing",
                              "--json"))
    assert (created["added"], created["people_created"]) == (4, 4)
    # Two people of the same name and year: reported and skipped, never guessed.
    roster = xlsx(tmp_path / "bch.xlsx", [["Họ và tên", "Năm sinh", "Đơn vị", "Chức vụ"],
                                         ["Nguyễn Văn Bình", 1979, "May 1", "UV BCH"],
                                         ["Nguyễn Văn Bình", 1979, "May 2", "Tổ trưởng"]])
    officers = as_json(socanbo("--data", book, "import-officers", roster, "--json"))
    assert officers["added"] == 1 and officers["problems"] == []
    people = as_json(socanbo("--data", book, "list", "officers", "--json"))
    assert [p["full_name"] for p in people].count("Nguyễn Văn Bình") == 1  # the second row is the same person


@pytest.mark.slow
def test_ambiguous_people_are_reported_and_skipped(socanbo, book, tmp_path):
    as_json(socanbo("--data", book, "import-courses", PLAN, "--json"))
    course = as_json(socanbo("--data", book, "list", "courses", "--json"))[0]["id"]
    twins = xlsx(tmp_path / "ds.xlsx", [["Họ và tên", "Năm sinh", "Kết quả"], ["Nguyễn Văn Bình", 1979, "Khá"],
                                        ["Nguyễn Văn Bình", 1979, "Giỏi"]])
    as_json(socanbo("--data", book, "import-attendance", twins, "--course", course, "--create-missing", "--json"))
    # The first list created one person, the second row was the same person twice; add a namesake by hand:
    roster = xlsx(tmp_path / "bch.xlsx", [["Họ và tên", "Năm sinh", "Chức vụ"], ["Nguyễn Văn Bình", 1990, "UV BCH"]])
    as_json(socanbo("--data", book, "import-officers", roster, "--json"))
    undated = xlsx(tmp_path / "ds2.xlsx", [["Họ và tên", "Kết quả"], ["Nguyễn Văn Bình", "Đạt"]])
    summary = as_json(socanbo("--data", book, "import-attendance", undated, "--course", course, "--json"))
    assert (summary["added"], summary["updated"], summary["skipped"]) == (0, 0, 1)
    assert summary["problems"][0]["message"] == ("Dòng 2: trong sổ có 2 người trùng với Nguyễn Văn Bình; hãy chọn "
                                                 "đúng người hoặc bỏ qua dòng này.")


@pytest.mark.slow
def test_officers_roster_typed_in_tcvn3(socanbo, book):
    summary = as_json(socanbo("--data", book, "import-officers", ROSTER, "--term", "2023-2028", "--json"))
    assert (summary["added"], summary["legacy_encoding"]) == (3, "tcvn3")
    people = as_json(socanbo("--data", book, "list", "officers", "--json"))
    assert sorted(p["full_name"] for p in people) == ["Lê Văn Cường", "Nguyễn Văn An", "Trần Thị Hoà"]
    again = as_json(socanbo("--data", book, "import-officers", ROSTER, "--json"))
    assert (again["added"], again["duplicates"]) == (0, 3)


@pytest.mark.slow
def test_text_output_in_vietnamese(socanbo, book):
    result = socanbo("--data", book, "import-courses", PLAN)
    assert result.returncode == 0, str(result)
    assert "Đã nhập ke-hoach-dao-tao-2025.xls: 3 mới, 0 cập nhật, 0 đã có trong sổ, 1 bỏ qua." in result.stdout
    assert "Dòng 14, cột C: ngày Tháng 9/2025 chưa đầy đủ" in result.stderr


@pytest.mark.slow
def test_a_rejected_file_exits_1_and_changes_nothing(socanbo, book, tmp_path, sha256):
    page = tmp_path / "ket-qua.xls"
    page.write_bytes(b"<html><body><table><tr><td>Nguyen Van An</td></tr></table></body></html>")
    before = sha256(book)
    result = socanbo("--data", book, "import-attendance", page, "--course", "1", "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"].startswith("Tệp ket-qua.xls là một trang web (HTML)")
    assert "Lỗi: Tệp ket-qua.xls là một trang web (HTML)" in result.stderr
    assert "Traceback" not in result.stderr
    assert sha256(book) == before


@pytest.mark.slow
def test_usage_and_unknown_course(socanbo, book):
    assert socanbo("--data", book, "import-attendance", RESULTS).returncode == 2
    result = socanbo("--data", book, "import-attendance", RESULTS, "--course", "99")
    assert result.returncode == 1
    assert "99" in result.stderr and "Traceback" not in result.stderr
