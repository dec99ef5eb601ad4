"""The report's tables and the year's evaluation table as an Excel workbook (openpyxl).

Cells are typed: numbers are numbers, dates are dates shown dd/mm/yyyy, everything else is text, written
through desktop.services.safe_export so that a text starting with = + - @ is never run as a formula (the
superior union opens these files); phone numbers stay text, so "0903 456 712" keeps its leading zero.
"""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from desktop.domain.evaluation import Level
from desktop.domain.vietnamese import nfc
from desktop.services.reports import vocabulary as words
from desktop.services.safe_export import set_cell

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
STATUS = {True: "Đã kết luận", False: "Chưa kết luận"}
MET = {True: "Đạt", False: "Chưa đạt", None: "Chưa có số liệu"}


def _put(sheet, row: int, column: int, value, *, bold: bool = False):
    cell = sheet.cell(row=row, column=column)
    set_cell(cell, nfc(value) if isinstance(value, str) else value)  # text is never a formula
    if isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, float):
        cell.number_format = "0.0" if value != int(value) else "0"
    cell.border = BORDER
    cell.alignment = Alignment(vertical="top", wrap_text=True)
    if bold:
        cell.font = Font(bold=True)
    return cell


def _table(workbook: Workbook, title: str, headers: list[str], rows: list[list], widths: list[int]) -> None:
    sheet = workbook.create_sheet(title)
    for column, header in enumerate(headers, start=1):
        _put(sheet, 1, column, header, bold=True).alignment = Alignment(horizontal="center", vertical="center",
                                                                         wrap_text=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            _put(sheet, r, c, value)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def workbook_bytes(data: dict, evaluation_rows) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    year = data["year"]
    officers = data["officers"]
    _table(workbook, "Đội ngũ", ["Nhóm", "Số người", "Nữ", f"Trẻ (dưới {officers['young_age']})", "Đảng viên",
                                 "Chuyên trách"],
           [[g["name"], g["count"], g["women"], g["young"], g["party_members"], g["full_time"]]
            for g in officers["groups"]] + [["Tổng số", *(officers["total"][k] for k in
                                                           ("count", "women", "young", "party_members", "full_time"))]],
           [34, 10, 8, 14, 11, 12])
    _table(workbook, "Danh sách cán bộ", ["STT", "Họ và tên", "Chức danh", "Giới tính", "Năm sinh", "Đảng viên",
                                          "Chuyên môn", "Lý luận chính trị", "Điện thoại", "Email"],
           [[i, p["full_name"], "; ".join(p["posts"]), {"male": "Nam", "female": "Nữ"}.get(p["sex"] or "", ""),
             p["birth_year"], "x" if p["party_member"] else "", words.education_name(p["education"]),
             words.theory_name(p["political_theory"]), p.get("phone", ""), p.get("email", "")]
            for i, p in enumerate(officers["people"], start=1)],
           [6, 26, 34, 9, 9, 9, 14, 14, 15, 28])
    evaluation = data["evaluation"]
    criteria = evaluation["criteria"]
    _table(workbook, "Đánh giá",
           ["STT", "Họ và tên", "Chức danh", *(f"TC{c['number']}" for c in criteria), "Tổng điểm",
            f"Xếp loại năm {year}", f"Xếp loại năm {year - 1}", "Trạng thái"],
           [[i, r["full_name"], r["post"], *r["points"], r["total"], r["level_name"],
             words.level_name(r["previous_level"]), STATUS[r["finalised"]]]
            for i, r in enumerate(evaluation["rows"], start=1)],
           [6, 26, 26] + [7] * len(criteria) + [10, 28, 28, 14])
    _table(workbook, "Xếp loại", ["Mức xếp loại", f"Năm {year}", "Tỷ lệ (%)", f"Năm {year - 1}", "Tỷ lệ (%)"],
           [[entry["name"], entry["count"], entry["percent"],
             evaluation["previous_year"]["distribution"][key]["count"],
             evaluation["previous_year"]["distribution"][key]["percent"]]
            for key, entry in evaluation["distribution"].items()],
           [32, 10, 10, 10, 10])
    _detail(workbook, year, evaluation_rows)
    training = data["training"]
    _table(workbook, "Lớp học", ["STT", "Tên lớp", "Nội dung", "Đơn vị tổ chức", "Ngày bắt đầu", "Ngày kết thúc",
                                 "Số ngày", "Số giờ", "Hình thức", "Số người cử", "Có mặt", "Đạt"],
           [[i, c["title"], c["topic_name"], c["organiser"], _day(c["start_date"]), _day(c["end_date"]), c["days"],
             c["hours"], c["mode_name"], c["sent"], c["present"], c["trained"]]
            for i, c in enumerate(training["courses"], start=1)],
           [6, 40, 24, 24, 12, 12, 8, 8, 11, 10, 8, 8])
    titles = {c["id"]: c["title"] for c in training["courses"]}
    _table(workbook, "Tham gia", ["Lớp", "Họ và tên", "Trạng thái", "Kết quả", "Số chứng nhận"],
           [[titles.get(a["course_id"], ""), a["full_name"], words.attendance_name(a["status"]), a["result_name"],
             a["certificate_no"]] for a in training["attendance"]],
           [40, 26, 12, 12, 22])
    _table(workbook, "Tỷ lệ bồi dưỡng", ["Nhóm", "Số cán bộ", "Được bồi dưỡng trong năm", "Tỷ lệ (%)",
                                         "Lũy kế nhiệm kỳ", "Tỷ lệ (%)"],
           [[c["name"], c["officers"], c["trained_year"], c["percent_year"], c["trained_term"], c["percent_term"]]
            for c in training["coverage"]], [30, 10, 14, 10, 14, 10])
    _table(workbook, "Chưa bồi dưỡng", ["STT", "Họ và tên", "Chức danh", "Lần bồi dưỡng gần nhất trong nhiệm kỳ"],
           [[i, u["full_name"], u["post"], _day(u["last_course_date"])]
            for i, u in enumerate(training["untrained"], start=1)], [6, 26, 30, 20])
    _table(workbook, "Chỉ tiêu", ["STT", "Chỉ tiêu", "Mục tiêu (%)", "Thực hiện (%)", "Đạt / tổng", "Đánh giá",
                                  "Phạm vi", "Căn cứ"],
           [[i, t["name"], t["target"], t["actual"], f"{t['numerator']}/{t['denominator']}", MET[t["met"]],
             t["period"], t["source"]] for i, t in enumerate(data["targets"], start=1)],
           [6, 48, 11, 12, 10, 14, 11, 40])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def evaluation_workbook_bytes(year: int, evaluation_rows) -> bytes:
    """Only the year's evaluation table in full (the evaluation page's export)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _detail(workbook, year, evaluation_rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _detail(workbook: Workbook, year: int, rows) -> None:
    """The year's evaluation table in full: every criterion's three columns, levels, votes, remarks."""
    criteria = rows[0].criteria_set.criteria if rows else ()
    headers = ["Họ và tên"]
    for criterion in criteria:
        headers += [f"TC{criterion.number} tự chấm", f"TC{criterion.number} tập thể", f"TC{criterion.number} kết luận"]
    headers += ["Tổng tự chấm", "Tổng tập thể", "Tổng kết luận", "Tự xếp loại", "Xếp loại theo điểm",
                "Xếp loại kết luận", "Lý do khác đề xuất", *(f"Phiếu: {words.level_name(level)}" for level in Level),
                "Ưu điểm", "Hạn chế", "Hướng khắc phục", "Nhiệm vụ năm tới", "Trạng thái"]
    table = []
    for row in rows:
        e, cs = row.evaluation, row.criteria_set
        values = [row.person.full_name]
        for criterion in criteria:
            score = e.score(criterion.number)
            values += [score.self_points, score.committee_points, score.final_points]
        values += [e.column_total(column, cs) for column in ("self_points", "committee_points", "final_points")]
        values += [words.level_name(e.self_level), words.level_name(row.suggested_level),
                   words.level_name(e.final_level), e.override_reason,
                   *(e.votes.get(int(level)) for level in Level),
                   e.strengths, e.weaknesses, e.remedies, e.next_year_duties, STATUS[e.finalised]]
        table.append(values)
    _table(workbook, f"Bảng điểm {year}", headers, table, [26] + [9] * (3 * len(criteria)) + [10] * 3 + [24] * 4
           + [10] * 4 + [30] * 4 + [14])
