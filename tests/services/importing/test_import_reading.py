"""read_table: the layouts the superior union's files really have (DOMAIN.md), built here with openpyxl,
plus the committed .xls / .ods files saved by LibreOffice."""
from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from desktop.domain.officers import Sex
from desktop.services.importing import ImportCancelled, read_table

ATTENDEE_HEADER = ["STT", "Họ và tên", "Năm sinh", None, "Chức vụ", "Đơn vị", "Kết quả", "Số GCN"]


def attendee_list(header_block, rows, *, numbering=True):
    """Header block, a title, a two-level header (Năm sinh over Nam | Nữ), the numbering row, then `rows`."""
    top = header_block + [["DANH SÁCH HỌC VIÊN LỚP TẬP HUẤN NGHIỆP VỤ CÔNG ĐOÀN NĂM 2025"],
                          ATTENDEE_HEADER, [None, None, "Nam", "Nữ"]]
    if numbering:
        top.append([f"({i})" for i in range(1, 9)])
    return top + rows


MERGES = ["C5:D5", "A5:A6", "B5:B6", "E5:E6", "F5:F6", "G5:G6", "H5:H6", "A4:H4"]


def test_header_found_below_the_document_header_block_and_title(write_xlsx, header_block):
    path = write_xlsx(attendee_list(header_block, [[1, "Nguyễn Văn An", 1985, None, "Chủ tịch", "May 1", "Khá",
                                                    "GCN-01"]]), merges=MERGES)
    table = read_table(path, "attendance")
    assert (table.header_row, table.header_rows) == (5, 2)
    assert table.mapping == {"number": 0, "full_name": 1, "male": 2, "female": 3, "position": 4,
                             "department": 5, "result": 6, "certificate_no": 7}
    assert [c.label for c in table.columns[2:4]] == ["Năm sinh / Nam", "Năm sinh / Nữ"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in table.title
    assert [r.row for r in table.rows] == [8]
    assert table.ignored == {7: "numbering"}


def test_two_level_header_the_year_sits_in_the_column_of_the_sex(write_xlsx, header_block):
    path = write_xlsx(attendee_list(header_block, [
        [1, "Nguyễn Văn An", 1985.0, None, "", "May 1", "Khá", ""],
        [2, "Trần Thị Hòa", None, 1990.0, "", "May 1", "Giỏi", ""],
        [3, "Lê Văn Tư", "x", None, "", "May 2", "Đạt", ""],
        [4, "Phạm Thị Mai", None, "12/05/1992", "", "May 2", "Đạt", ""],
    ]), merges=MERGES)
    values = [r.values for r in read_table(path, "attendance").rows]
    assert [(v["sex"], v["birth_year"]) for v in values] == [(Sex.MALE, 1985), (Sex.FEMALE, 1990), (Sex.MALE, None),
                                                              (Sex.FEMALE, 1992)]
    assert values[3]["birth_date"] == date(1992, 5, 12)


def test_both_sex_columns_filled_is_a_problem(write_xlsx, header_block, messages):
    path = write_xlsx(attendee_list(header_block, [[1, "Nguyễn Văn An", 1985, 1985, "", "", "", ""]]), merges=MERGES)
    row = read_table(path, "attendance").rows[0]
    assert messages(row.problems) == ["Dòng 8: năm sinh được ghi ở cả cột Nam và cột Nữ; chỉ giữ lại một cột."]


def test_group_headings_totals_signature_and_blank_rows_are_not_data(write_xlsx, header_block):
    rows = [["I", "CÔNG ĐOÀN CÔNG TY MAY SÔNG HỒNG"],
            [1, "Nguyễn Văn An", 1985, None, "", "May 1", "Khá", ""],
            [],
            ["II", "CÔNG ĐOÀN CÔNG TY DỆT"],
            [2, "Trần Thị Hòa", None, 1990, "", "Dệt", "Giỏi", ""],
            [None, "Cộng: 2 người"],
            [None, "Tổng cộng", None, None, None, None, None, None],
            [],
            [None, None, None, None, None, "Nam Định, ngày 20 tháng 5 năm 2025"],
            [None, "NGƯỜI LẬP BIỂU", None, None, None, "TM. BAN THƯỜNG VỤ"],
            [None, "Phạm Văn Lập", None, None, None, "Nguyễn Văn Chủ"]]
    table = read_table(write_xlsx(attendee_list(header_block, rows), merges=MERGES), "attendance")
    assert [r.values["full_name"] for r in table.rows] == ["Nguyễn Văn An", "Trần Thị Hòa"]
    assert table.ignored == {7: "numbering", 8: "group", 10: "blank", 11: "group", 13: "total", 14: "total",
                             15: "blank", 16: "signature"}
    assert not table.problems


def test_the_numbering_row_is_optional(write_xlsx, header_block):
    path = write_xlsx(attendee_list(header_block, [[1, "Nguyễn Văn An", 1985, None, "", "", "", ""]],
                                    numbering=False), merges=MERGES)
    assert [r.row for r in read_table(path, "attendance").rows] == [7]


COURSE_HEADER = ["TT", "Tên lớp", "Từ ngày", "Đến ngày", "Số ngày", "Địa điểm", "Hình thức", "Đối tượng"]


def test_dates_as_date_cells_serial_numbers_and_day_first_text(write_xlsx):
    path = write_xlsx([COURSE_HEADER,
                       [1, "Lớp A", datetime(2025, 3, 12), date(2025, 3, 14)],
                       [2, "Lớp B", 45800.0, 45801],
                       [3, "Lớp C", "04/03/2025", "5/3/2025"],
                       [4, "Lớp D", "2025-03-04", "12.3.2025"]],
                      formats={"C2": "dd/mm/yyyy", "D2": "dd/mm/yyyy"})
    rows = read_table(path, "courses").rows
    assert [(r.values["start_date"], r.values["end_date"]) for r in rows] == [
        (date(2025, 3, 12), date(2025, 3, 14)), (date(2025, 5, 23), date(2025, 5, 24)),
        (date(2025, 3, 4), date(2025, 3, 5)), (date(2025, 3, 4), date(2025, 3, 12))]


def test_an_impossible_date_names_its_row_and_column(write_xlsx, messages):
    # The course plan's "Đến ngày" in column E; the thirteenth course, on row 14, ends on 31/02/2025.
    path = write_xlsx([["TT", "Tên lớp", "Từ ngày", "Số ngày", "Đến ngày"]]
                      + [[i, f"Lớp {i}", "01/03/2025", 1, "02/03/2025"] for i in range(1, 13)]
                      + [[13, "Lớp 13", "01/03/2025", 1, "31/02/2025"]])
    table = read_table(path, "courses")
    bad = [r for r in table.rows if r.problems]
    assert [r.row for r in bad] == [14]
    assert messages(bad[0].problems) == ["Dòng 14, cột E: ngày 31/02/2025 không hợp lệ."]


@pytest.mark.parametrize("text, message", [
    ("Tháng 4/2025", "ngày Tháng 4/2025 chưa đầy đủ"),
    ("4/2025", "ngày 4/2025 chưa đầy đủ"),
    ("Quý II/2025", "ngày Quý II/2025 chưa đầy đủ"),
    ("2025", "ngày 2025 chưa đầy đủ"),
    ("4/3/25", "ngày 4/3/25 không rõ ràng"),
    ("13/13/2025", "ngày 13/13/2025 không hợp lệ"),
    ("sáng thứ hai", "ngày sáng thứ hai không hợp lệ"),
])
def test_partial_and_ambiguous_dates_are_problems_to_fix(write_xlsx, messages, text, message):
    table = read_table(write_xlsx([COURSE_HEADER, [1, "Lớp A", text]]), "courses")
    assert message in messages(table.rows[0].problems)[0]
    assert messages(table.rows[0].problems)[0].startswith("Dòng 2, cột C: ")


@pytest.mark.parametrize("text, start, end", [
    ("12-14/3/2025", date(2025, 3, 12), date(2025, 3, 14)),
    ("28/2 - 2/3/2025", date(2025, 2, 28), date(2025, 3, 2)),
    ("Từ 12/3/2025 đến 14/3/2025", date(2025, 3, 12), date(2025, 3, 14)),
    ("09/04/2025", date(2025, 4, 9), None),
])
def test_a_period_written_in_one_cell(write_xlsx, text, start, end):
    table = read_table(write_xlsx([["TT", "Nội dung lớp", "Thời gian", "Địa điểm"], [1, "Lớp A", text, "Hội trường"]]),
                       "courses")
    assert (table.rows[0].values["start_date"], table.rows[0].values["end_date"]) == (start, end)


def test_numbers_stored_as_floats_become_whole_numbers_and_text(write_xlsx):
    path = write_xlsx([["Họ tên", "Năm sinh", "Số chứng chỉ", "Điện thoại"],
                       ["Nguyễn Văn An", 1985.0, 102.0, 912345678.0]])
    values = read_table(path, "attendance").rows[0].values
    # A mobile number stored as a number lost its leading zero; it is put back.
    assert (values["birth_year"], values["certificate_no"], values["phone"]) == (1985, "102", "0912345678")
    course = read_table(write_xlsx([["Tên lớp", "Số ngày"], ["Lớp A", "2,5"]], name="c.xlsx"), "courses").rows[0]
    assert course.values["days"] == 2.5


@pytest.mark.parametrize("labels, kind, expected", [
    (["Ho va ten", "Nam sinh", "Don vi", "Xep loai", "So GCN"], "attendance",
     ["full_name", "birth", "department", "result", "certificate_no"]),
    (["HỌ TÊN", "NGÀY SINH", "BỘ PHẬN", "KẾT QUẢ", "SỐ CHỨNG CHỈ"], "attendance",
     ["full_name", "birth", "department", "result", "certificate_no"]),
    (["Họ và tên (1)", "Ngày, tháng, năm sinh", "Giới tính", "Chức danh", "Đơn vị công tác"], "officers",
     ["full_name", "birth", "sex", "post", "department"]),
    (["Tên lớp học", "Thời gian", "Địa điểm", "Hình thức", "Đơn vị tổ chức"], "courses",
     ["title", "period", "place", "mode", "organiser"]),
    (["Nội dung lớp", "Từ ngày", "Đến ngày", "Số ngày", "Đối tượng"], "courses",
     ["title", "start_date", "end_date", "days", "audience"]),
    (["Ten lop", "Ngay bat dau", "Ngay ket thuc", "So gio", "Thanh phan"], "courses",
     ["title", "start_date", "end_date", "hours", "audience"]),
    (["Họ tên", "Chức vụ", "Chức vụ chuyên môn", "Trình độ chuyên môn", "Lý luận chính trị"], "officers",
     ["full_name", "post", "job_title", "education", "political_theory"]),
])
def test_columns_recognised_with_or_without_diacritics_and_synonyms(write_xlsx, labels, kind, expected):
    table = read_table(write_xlsx([labels, ["Nguyễn Văn An"] + [None] * (len(labels) - 1)]), kind)
    assert [c.field for c in table.columns] == expected


def test_the_caller_remaps_columns(write_xlsx):
    path = write_xlsx([["Họ và tên", "Năm sinh", "Ghi chú", "Kết quả"], ["Nguyễn Văn An", 1985, "Tổ May 1", "Khá"]])
    table = read_table(path, "attendance", mapping={"department": 2, "result": None})
    assert table.mapping == {"full_name": 0, "birth": 1, "department": 2}
    assert table.rows[0].values["department"] == "Tổ May 1"
    assert table.rows[0].values["result"] is None


def test_a_list_without_header_is_read_with_the_callers_mapping(write_xlsx):
    path = write_xlsx([["Nguyễn Văn An", 1985], ["Trần Thị Hòa", 1990]])
    table = read_table(path, "attendance", mapping={"full_name": 0, "birth": 1})
    assert table.header_row is None
    assert [(r.row, r.values["full_name"], r.values["birth_year"]) for r in table.rows] == [
        (1, "Nguyễn Văn An", 1985), (2, "Trần Thị Hòa", 1990)]


def test_utf8_csv_with_bom_and_semicolons(write_bytes):
    text = "DANH SÁCH HỌC VIÊN\nSTT;Họ và tên;Năm sinh;Đơn vị;Kết quả\n1;Nguyễn Văn An;1985;May 1;Khá\n"
    table = read_table(write_bytes("ds.csv", b"\xef\xbb\xbf" + text.encode("utf-8")), "attendance")
    assert table.text_encoding == "utf-8-sig"
    assert table.rows[0].values["full_name"] == "Nguyễn Văn An"
    assert table.rows[0].values["result"] == "good"


def cp1258_bytes(text: str) -> bytes:
    """What Windows writes in cp1258: letters it has whole, the others as a letter plus a tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_cp1258_csv_becomes_nfc(write_bytes):
    text = "Họ và tên;Năm sinh;Đơn vị\r\nNguyễn Văn An;1985;Phòng Kỹ thuật\r\nTrần Thị Hòa;1990;Phân xưởng\r\n"
    data = cp1258_bytes(text)
    assert "\u0303".encode("cp1258") in data  # the tone of "ễ" is a separate byte
    table = read_table(write_bytes("ds.csv", data), "attendance")
    assert table.text_encoding == "cp1258"
    names = [r.values["full_name"] for r in table.rows]
    assert names == ["Nguyễn Văn An", "Trần Thị Hòa"]
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert table.rows[0].values["department"] == "Phòng Kỹ thuật"


def test_tab_separated_text_saved_as_xls(write_bytes):
    text = "Họ và tên\tNăm sinh\tKết quả\nNguyễn Văn An\t1985\tGiỏi\n"
    table = read_table(write_bytes("xuat-tu-web.xls", text.encode("utf-8")), "attendance")
    assert table.rows[0].values["result"] == "excellent"


def test_nfd_text_in_a_workbook_becomes_nfc(write_xlsx):
    name = unicodedata.normalize("NFD", "Nguyễn Văn Hoà")
    table = read_table(write_xlsx([["Họ và tên"], [name]]), "attendance")
    assert table.rows[0].values["full_name"] == "Nguyễn Văn Hoà"
    assert unicodedata.is_normalized("NFC", table.rows[0].values["full_name"])


def test_tcvn3_text_detected_from_the_text_itself(write_xlsx):
    path = write_xlsx([["Hä vµ tªn", "N¨m sinh", "§¬n vÞ"], ["NguyÔn V¨n An", 1985, "Ph©n x­ëng May"],
                       ["TrÇn ThÞ Hoµ", 1990, "Phßng Kü thuËt"]])
    table = read_table(path, "attendance")
    assert table.legacy_encoding == "tcvn3"
    assert [(r.values["full_name"], r.values["department"]) for r in table.rows] == [
        ("Nguyễn Văn An", "Phân xưởng May"), ("Trần Thị Hoà", "Phòng Kỹ thuật")]


def test_tcvn3_capital_font_read_from_the_cell_font(write_xlsx):
    path = write_xlsx([["Họ và tên", "Đơn vị"], ["nguyÔn v¨n an", "Bé"]], fonts={"A2": ".VnTimeH", "B2": ".VnTime"})
    values = read_table(path, "attendance").rows[0].values
    # "Bé" alone is good Unicode; the .VnTime font says it is TCVN3 for "Bộ".
    assert (values["full_name"], values["department"]) == ("NGUYỄN VĂN AN", "Bộ")


def test_vni_text_detected_from_the_text_itself(write_xlsx):
    path = write_xlsx([["Hoï vaø teân", "Naêm sinh", "Ñôn vò"], ["Nguyeãn Vaên An", 1985, "Phaân xöôûng May"]])
    table = read_table(path, "attendance")
    assert table.legacy_encoding == "vni"
    assert (table.rows[0].values["full_name"], table.rows[0].values["department"]) == ("Nguyễn Văn An",
                                                                                       "Phân xưởng May")


def test_a_unit_merged_down_over_its_people_counts_for_each(write_xlsx):
    path = write_xlsx([["Họ và tên", "Năm sinh", "Đơn vị"], ["Nguyễn Văn An", 1985, "Phân xưởng May"],
                       ["Trần Thị Hòa", 1990, None], ["Lê Văn Tư", 1979, None]], merges=["C2:C4"])
    assert [r.values["department"] for r in read_table(path, "attendance").rows] == ["Phân xưởng May"] * 3


def test_name_in_two_columns_under_one_merged_header(write_xlsx):
    path = write_xlsx([["STT", "Họ và tên", None, "Năm sinh"], [1, "Nguyễn Văn", "An", 1985]], merges=["B1:C1"])
    assert read_table(path, "attendance").rows[0].values["full_name"] == "Nguyễn Văn An"


def test_a_row_with_data_but_no_name_is_a_problem(write_xlsx, messages):
    path = write_xlsx([["STT", "Họ và tên", "Năm sinh", "Kết quả"], [1, "Nguyễn Văn An", 1985, "Khá"],
                       [2, None, 1990, "Giỏi"], [3, None, None, None]])
    table = read_table(path, "attendance")
    assert len(table.rows) == 1
    assert messages(table.problems) == ["Dòng 3, cột B: dòng này có dữ liệu nhưng không có họ tên; hãy điền họ tên "
                                        "hoặc xóa dòng."]
    assert table.ignored == {4: "blank"}


def test_the_first_sheet_with_a_table_is_chosen_unless_named(write_xlsx):
    path = write_xlsx([["Ghi chú: danh sách ở trang sau"]], sheet="Hướng dẫn",
                      sheets={"DS lớp 1": [["Họ và tên"], ["Nguyễn Văn An"]], "DS lớp 2": [["Họ và tên"], ["Lê Tư"]]})
    table = read_table(path, "attendance")
    assert (table.sheets, table.sheet) == (["Hướng dẫn", "DS lớp 1", "DS lớp 2"], "DS lớp 1")
    assert read_table(path, "attendance", sheet="DS lớp 2").rows[0].values["full_name"] == "Lê Tư"


def test_progress_is_reported_and_cancel_stops(write_xlsx):
    path = write_xlsx([["Họ và tên", "Năm sinh"]] + [[f"Người số {i}", 1980] for i in range(1200)])
    seen = []
    read_table(path, "attendance", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1201, 1201) and len(seen) >= 3
    with pytest.raises(ImportCancelled):
        read_table(path, "attendance", cancelled=lambda: len(seen) > 3, progress=lambda d, t: seen.append(d))


def test_committed_xls_course_plan(fixtures_dir, messages):
    table = read_table(fixtures_dir / "ke-hoach-dao-tao-2025.xls", "courses")
    assert (table.sheet, table.header_row, table.header_rows) == ("Kế hoạch 2025", 6, 2)
    values = [r.values for r in table.rows]
    assert [v["title"] for v in values] == ["Tập huấn nghiệp vụ công tác công đoàn",
                                            "Kỹ năng thương lượng, ký kết thỏa ước lao động tập thể",
                                            "Bồi dưỡng công tác an toàn, vệ sinh lao động",
                                            "Thực hiện quy chế dân chủ ở cơ sở tại nơi làm việc"]
    assert [v["topic"] for v in values] == ["union_work", "bargaining", "safety", "democracy"]
    assert [v["mode"] for v in values] == ["in_person", "in_person", "online", "in_person"]
    assert (values[1]["start_date"], values[1]["end_date"], values[1]["days"]) == (date(2025, 4, 9),
                                                                                  date(2025, 4, 10), 2.0)
    assert messages(table.rows[3].problems) == [
        "Dòng 14, cột C: ngày Tháng 9/2025 chưa đầy đủ; hãy ghi đủ ngày theo dạng ngày/tháng/năm (dd/mm/yyyy)."]
    assert table.ignored[9] == "group" and table.ignored[15] == "total"


def test_committed_ods_result_list_without_merge_information(fixtures_dir):
    table = read_table(fixtures_dir / "ket-qua-lop-nghiep-vu.ods", "attendance")
    assert table.header_rows == 2
    assert [(r.values["full_name"], r.values["birth_year"], r.values["sex"], r.values["result"])
            for r in table.rows] == [("Nguyễn Văn An", 1980, Sex.MALE, "excellent"),
                                     ("Trần Thị Hòa", 1988, Sex.FEMALE, "good"),
                                     ("Lê Văn Cường", 1975, Sex.MALE, "pass"),
                                     ("Phạm Thị Thu Thủy", 1992, Sex.FEMALE, "fail")]


@pytest.mark.parametrize("name", ["danh-sach-bch-tcvn3.xls", "danh-sach-bch-tcvn3.ods"])
def test_committed_tcvn3_rosters(fixtures_dir, name):
    table = read_table(fixtures_dir / name, "officers")
    assert table.legacy_encoding == "tcvn3"
    assert [(r.values["full_name"], r.values["posts"], r.values["department"]) for r in table.rows] == [
        ("Nguyễn Văn An", ["chair"], "Phân xưởng May"), ("Trần Thị Hoà", ["vice_chair"], "Phòng Kỹ thuật"),
        ("Lê Văn Cường", ["committee_member"], "Phân xưởng May")]
    assert "DANH SÁCH BAN CHẤP HÀNH" in table.title


def test_hidden_sheets_are_searched_last(write_xlsx):
    from openpyxl import load_workbook

    path = write_xlsx([["Họ và tên"], ["Bản cũ"]], sheet="Cũ", sheets={"Mới": [["Họ và tên"], ["Bản mới"]]})
    workbook = load_workbook(path)
    workbook["Cũ"].sheet_state = "hidden"
    workbook.active = 1
    workbook.save(path)
    table = read_table(path, "attendance")
    assert (table.sheets, table.sheet, table.rows[0].values["full_name"]) == (["Cũ", "Mới"], "Mới", "Bản mới")


def test_group_headings_in_the_title_column_of_a_course_plan(write_xlsx):
    path = write_xlsx([["TT", "Tên lớp", "Thời gian", "Địa điểm"],
                       [None, "I. LỚP DO LIÊN ĐOÀN LAO ĐỘNG TỈNH TỔ CHỨC"],
                       [1, "Tập huấn nghiệp vụ", "12-14/3/2025", "Hội trường"],
                       ["B", "LỚP DO CÔNG ĐOÀN KHU CÔNG NGHIỆP TỔ CHỨC"],
                       [2, "An toàn lao động", "09/04/2025", "Hội trường"]], merges=["B2:D2"])
    table = read_table(path, "courses")
    assert [r.values["title"] for r in table.rows] == ["Tập huấn nghiệp vụ", "An toàn lao động"]
    assert table.ignored == {2: "group", 4: "group"}


def test_absent_in_the_notes_column(write_xlsx):
    path = write_xlsx([["Họ và tên", "Kết quả", "Ghi chú"], ["Nguyễn Văn An", None, "Vắng mặt"],
                       ["Lê Văn Tư", "Khá", None]])
    assert [r.values["status"] for r in read_table(path, "attendance").rows] == ["absent", None]


def test_vni_font_decides_a_text_that_reads_as_unicode_too(write_xlsx):
    path = write_xlsx([["Họ và tên", "Đơn vị"], ["Hoà Thò Bình", "Hoà"]], fonts={"A2": "VNI-Times"})
    values = read_table(path, "attendance").rows[0].values
    assert (values["full_name"], values["department"]) == ("Hồ Thị Bình", "Hoà")  # B2 has no legacy font
