"""The yearly report's pages, drawn from the report data (see data.py): header, sections I–V, closing.

The text is Vietnamese document content, not interface text: the report goes to a Vietnamese body whatever
language the window speaks.
"""
from __future__ import annotations

import io
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, NextPageTemplate, PageBreak, Paragraph, Spacer

from desktop.domain.vietnamese import date_line, format_date
from desktop.services.reports import layout
from desktop.services.reports.charts import coverage_chart, levels_chart
from desktop.services.reports.flowables import ElseThere, HereIfItFits
from desktop.services.reports.layout import (Styles, escape, fitted_widths, grid_table, number, percent,
                                             text_width)

CHANGE_TEXT = {"up": "Tăng", "down": "Giảm", "same": "Giữ nguyên", "new": "Mới", None: ""}
EDUCATION_HEAD = {"none": "Chưa qua đào tạo", "elementary": "Sơ cấp", "intermediate": "Trung cấp",
                  "college": "Cao đẳng", "university": "Đại học", "master": "Thạc sĩ", "doctor": "Tiến sĩ",
                  "unknown": "Chưa ghi"}
THEORY_HEAD = {"elementary": "Sơ cấp", "intermediate": "Trung cấp", "advanced": "Cao cấp", "bachelor": "Cử nhân",
               "none": "Chưa có / chưa ghi"}
TARGET_LABELS = {"women_share": "nữ trong Ban Chấp hành", "young_share": "cán bộ trẻ trong Ban Chấp hành",
                 "key_qualification": "cán bộ chủ chốt có trình độ chuyên môn từ trung cấp trở lên"}


def share(part: int, whole: int) -> str:
    return f"{part} ({percent(round(100 * part / whole, 1))})" if whole else str(part)


def met_text(met) -> str:
    return {True: "Đạt", False: "Chưa đạt", None: "Chưa có số liệu"}[met]


def story(data: dict, styles: Styles, slot_record: dict) -> list:
    document, union = data["document"], data["union"]
    fonts = styles.fonts
    issued = date.fromisoformat(document["date"])
    flow = [layout.header_block(fonts, superior=union["superior"], issuer=union["name"],
                                number_line=f"Số: {document['number']}",
                                date_line=date_line(document["place"], issued))]
    flow += layout.title_block(fonts, document["title"], document["summary"], to=union["superior"])
    flow.append(Paragraph(escape(
        f"Căn cứ kết quả đánh giá, xếp loại cán bộ công đoàn và công tác đào tạo, bồi dưỡng năm {data['year']}, "
        f"Ban Chấp hành {union['name']} báo cáo như sau:"), styles.body))
    flow += _officers(data, styles)
    flow += _evaluation(data, styles)
    flow += _training(data, styles)
    flow += _targets(data, styles)
    flow += _proposals(data, styles)
    last_words = Paragraph(escape(
        f"Trên đây là báo cáo kết quả đánh giá, xếp loại cán bộ công đoàn và công tác đào tạo, bồi dưỡng năm "
        f"{data['year']} của Ban Chấp hành {union['name']}./."), styles.body)
    flow.append(layout.closing_block(fonts, recipients=document["recipients"],
                                     deputy=document["signer"]["role"] == "deputy",
                                     signer_name=document["signer"]["name"], slot_record=slot_record,
                                     lead=[last_words]))
    return flow


def _para(text: str, styles: Styles) -> Paragraph:
    return Paragraph(escape(text), styles.body)


def _officers(data: dict, styles: Styles) -> list:
    officers = data["officers"]
    total = officers["total"]
    n = total["count"]
    flow = [Paragraph("I. ĐỘI NGŨ CÁN BỘ CÔNG ĐOÀN", styles.heading),
            _para(f"Tại thời điểm {format_date(date.fromisoformat(officers['as_of']))}, {data['union']['name']} có "
                  f"{n} cán bộ công đoàn, trong đó: nữ {share(total['women'], n)}; cán bộ trẻ (dưới "
                  f"{officers['young_age']} tuổi) {share(total['young'], n)}; đảng viên "
                  f"{share(total['party_members'], n)}; cán bộ chuyên trách {total['full_time']}.", styles),
            Paragraph("1. Cơ cấu theo nhóm chức danh", styles.subheading)]
    rows = [["Nhóm", "Số người", "Nữ", f"Trẻ (dưới {officers['young_age']})", "Đảng viên", "Chuyên trách"]]
    for group in officers["groups"]:
        rows.append([group["name"], group["count"], group["women"], group["young"], group["party_members"],
                     group["full_time"]])
    rows.append(["Tổng số (một người có thể giữ nhiều chức danh)", n, total["women"], total["young"],
                 total["party_members"], total["full_time"]])
    center = {c: "center" for c in range(1, 6)}
    flow.append(grid_table(rows, [60 * mm, 21 * mm, 18 * mm, 24 * mm, 22 * mm, 20 * mm], styles, align=center,
                           bold_rows=(len(rows) - 1,)))
    flow.append(Paragraph("2. Trình độ chuyên môn và lý luận chính trị", styles.subheading))
    for heads, counts, first in ((EDUCATION_HEAD, officers["education"], "Chuyên môn"),
                                 (THEORY_HEAD, officers["political_theory"], "Lý luận chính trị")):
        rows = [[first, *heads.values()], ["Số người", *(counts.get(k, 0) for k in heads)],
                ["Tỷ lệ", *(percent(round(100 * counts.get(k, 0) / n, 1)) if n else "—" for k in heads)]]
        first_width = 27 * mm
        rest = (text_width() - first_width) / len(heads)
        flow += [grid_table(rows, [first_width] + [rest] * len(heads), styles, small=True,
                            align={c: "center" for c in range(1, len(heads) + 1)}), Spacer(1, 6)]
    notes = []
    for target in officers["targets"]:
        notes.append(f"tỷ lệ {TARGET_LABELS[target['key']]} {percent(target['actual'])} (chỉ tiêu "
                     f"{percent(target['target'])}): {met_text(target['met']).lower()}")
    if notes:
        flow.append(_para("So với chỉ tiêu: " + "; ".join(notes) + ".", styles))
    return flow


def _evaluation(data: dict, styles: Styles) -> list:
    evaluation = data["evaluation"]
    year = data["year"]
    criteria = evaluation["criteria"]
    rows = evaluation["rows"]
    finalised = [r for r in rows if r["finalised"]]
    flow = [Paragraph("II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ CÔNG ĐOÀN", styles.heading)]
    status = ("Kết quả đã được Ban Chấp hành chốt." if evaluation["closed"] else
              f"Kết quả chưa chốt: {len(finalised)}/{len(rows)} cán bộ đã có kết luận.")
    thresholds = evaluation["thresholds"]
    scale = ""
    if thresholds:
        total_points = sum(c["max_points"] for c in criteria)
        scale = (f" gồm {len(criteria)} tiêu chí, thang điểm {number(total_points)} (hoàn thành xuất sắc nhiệm vụ "
                 f"từ {number(thresholds['excellent'])} điểm, hoàn thành tốt từ {number(thresholds['good'])} điểm, "
                 f"hoàn thành từ {number(thresholds['done'])} điểm)")
    flow.append(_para(f"Ban Chấp hành đã đánh giá, xếp loại {len(rows)} cán bộ công đoàn năm {year} theo bộ tiêu "
                      f"chí{scale}. {status}", styles))
    if evaluation["not_started"]:
        flow.append(_para("Chưa đánh giá: " + ", ".join(evaluation["not_started"]) + ".", styles))
    # The summary first, on the portrait page that section I leaves; the table of every officer (too wide for
    # portrait) then on a landscape page of its own, with the criteria its TC columns stand for.
    flow.append(Paragraph("1. Tổng hợp kết quả xếp loại", styles.subheading))
    previous = evaluation["previous_year"]
    dist_rows = [["Mức xếp loại", f"Năm {year}", "Tỷ lệ", f"Năm {previous['year']}", "Tỷ lệ"]]
    for key, entry in evaluation["distribution"].items():
        before = previous["distribution"][key]
        dist_rows.append([entry["name"], entry["count"], percent(entry["percent"]), before["count"],
                          percent(before["percent"])])
    flow.append(grid_table(dist_rows, [65 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm], styles,
                           align={c: "center" for c in range(1, 5)}))
    flow.append(KeepTogether([
        levels_chart(styles.fonts, {**evaluation, "year_label": year}, text_width()),
        Paragraph(escape(f"Biểu đồ 1. Số cán bộ theo mức xếp loại, năm {year} và năm {previous['year']}"),
                  styles.caption)]))
    cap = evaluation["cap"]
    verdict = ("vượt tỷ lệ khuyến nghị" if cap["exceeded"] else "trong tỷ lệ khuyến nghị")
    flow.append(_para(f"Tỷ lệ hoàn thành xuất sắc nhiệm vụ: {cap['excellent']} cán bộ, so với {cap['good']} cán bộ "
                      f"hoàn thành tốt nhiệm vụ; số tối đa theo tỷ lệ {number(cap['ratio'] * 100)}% là {cap['allowed']}: "
                      f"{verdict}.", styles))
    changes = {key: sum(1 for r in rows if r["change"] == key) for key in ("up", "same", "down", "new")}
    flow.append(_para(f"So với năm {previous['year']}: {changes['up']} cán bộ tăng mức xếp loại, {changes['same']} "
                      f"giữ nguyên, {changes['down']} giảm; {changes['new']} cán bộ lần đầu được đánh giá.", styles))
    # The criteria the TC columns stand for: at the foot of this page if they fit there whole, else after the
    # table on its landscape page.
    choice: dict = {}
    flow.append(HereIfItFits(_criteria_table(criteria, text_width(), styles), choice))
    flow += [NextPageTemplate("landscape"), PageBreak(),
             Paragraph("2. Kết quả đánh giá, xếp loại của từng cán bộ", styles.subheading),
             _evaluation_table(evaluation, year, styles),
             Paragraph(escape("TC: điểm kết luận theo từng tiêu chí; các dòng chưa có xếp loại là đánh giá chưa được "
                              "kết luận."), styles.caption),
             ElseThere(_criteria_table(criteria, text_width(layout.LANDSCAPE), styles), choice),
             NextPageTemplate("portrait"), PageBreak()]
    return flow


def _criteria_table(criteria: list[dict], width: float, styles: Styles) -> list:
    if not criteria:
        return []
    rows = [["TC", "Nội dung tiêu chí", "Điểm tối đa"]]
    rows += [[c["number"], c["full_text"], number(c["max_points"])] for c in criteria]
    return [Paragraph(f"Các tiêu chí đánh giá (TC1–TC{len(criteria)}):", styles.subheading),
            grid_table(rows, [12 * mm, width - 37 * mm, 25 * mm], styles, small=True, align={0: "center", 2: "center"})]


def _evaluation_table(evaluation: dict, year: int, styles: Styles):
    criteria = evaluation["criteria"]
    head = ["STT", "Họ và tên", "Chức danh", *(f"TC{c['number']}" for c in criteria), "Tổng điểm",
            f"Xếp loại năm {year}", f"Năm {year - 1}", "So sánh"]
    rows = [head]
    for index, row in enumerate(evaluation["rows"], start=1):
        previous = row["previous_level"]
        rows.append([index, row["full_name"], row["post"], *(number(p) for p in row["points"]), number(row["total"]),
                     row["level_name"] or "(chưa kết luận)", _short_level(previous), CHANGE_TEXT[row["change"]]])
    # numbers in narrow fixed columns; the names, posts and levels on one line each where the page allows
    fixed = {0: 10 * mm, **{3 + i: 9.5 * mm for i in range(len(criteria))}, 3 + len(criteria): 11 * mm}
    widths = fitted_widths(rows, fixed, text_width(layout.LANDSCAPE), styles, small=True)
    align = {0: "center", **{c: "center" for c in range(3, len(head))}}
    return grid_table(rows, widths, styles, small=True, align=align)


def _short_level(level) -> str:
    return {1: "Xuất sắc", 2: "Tốt", 3: "Hoàn thành", 4: "Không hoàn thành", None: "—"}[level]


def _training(data: dict, styles: Styles) -> list:
    training = data["training"]
    courses = training["courses"]
    year = data["year"]
    flow = [Paragraph("III. CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG", styles.heading),
            _para(f"Trong năm {year}, cán bộ công đoàn được cử tham gia {len(courses)} lớp đào tạo, bồi dưỡng, tập "
                  f"huấn với {sum(c['sent'] for c in courses)} lượt người được cử, "
                  f"{sum(c['present'] for c in courses)} lượt có mặt và {sum(c['trained'] for c in courses)} lượt "
                  f"hoàn thành khóa học.", styles),
            Paragraph("1. Các lớp đã tham gia", styles.subheading)]
    rows = [["STT", "Tên lớp", "Nội dung", "Đơn vị tổ chức", "Thời gian", "Cử", "Đạt"]]
    for index, course in enumerate(courses, start=1):
        start = course["start_date"] and format_date(date.fromisoformat(course["start_date"]))
        length = (f"{number(course['days'])} ngày" if course["days"] else
                  f"{number(course['hours'])} giờ" if course["hours"] else "")
        rows.append([index, course["title"], course["topic_name"], course["organiser"],
                     ", ".join(part for part in (start, length, course["mode_name"]) if part), course["sent"],
                     course["trained"]])
    flow.append(grid_table(rows, [10 * mm, 51 * mm, 27 * mm, 27 * mm, 28 * mm, 11 * mm, 11 * mm], styles, small=True,
                           align={0: "center", 5: "center", 6: "center"}))
    flow.append(Paragraph("2. Cán bộ tham gia", styles.subheading))
    titles = {c["id"]: c["title"] for c in courses}
    by_person: dict[str, list[str]] = {}
    for record in training["attendance"]:
        if record["status"] == "present":
            result = f" ({record['result_name']})" if record["result_name"] else ""
            by_person.setdefault(record["full_name"], []).append(f"{titles[record['course_id']]}{result}")
    rows = [["STT", "Họ và tên", "Các lớp đã học trong năm (kết quả)"]]
    rows += [[i, name, "; ".join(items)] for i, (name, items) in enumerate(by_person.items(), start=1)]
    flow.append(grid_table(rows, [10 * mm, 45 * mm, 110 * mm], styles, small=True, align={0: "center"}))
    flow.append(Paragraph("3. Tỷ lệ cán bộ được đào tạo, bồi dưỡng so với chỉ tiêu", styles.subheading))
    rows = [["Nhóm", "Số cán bộ", "Được bồi dưỡng trong năm", "Tỷ lệ", "Lũy kế nhiệm kỳ", "Tỷ lệ"]]
    for row in training["coverage"]:
        rows.append([row["name"], row["officers"], row["trained_year"], percent(row["percent_year"]),
                     row["trained_term"], percent(row["percent_term"])])
    flow.append(grid_table(rows, [55 * mm, 20 * mm, 30 * mm, 20 * mm, 22 * mm, 18 * mm], styles,
                           align={c: "center" for c in range(1, 6)}, bold_rows=(len(rows) - 1,)))
    flow.append(Paragraph(escape(f"Tính trên số cán bộ giữ chức danh trong năm {year}."), styles.caption))
    flow.append(KeepTogether([
        coverage_chart(styles.fonts, training, text_width()),
        Paragraph(escape(f"Biểu đồ 2. Tỷ lệ cán bộ được đào tạo, bồi dưỡng (chỉ tiêu {percent(training['target'])})"),
                  styles.caption)]))
    untrained = training["untrained"]
    flow.append(Paragraph("4. Cán bộ chưa được đào tạo, bồi dưỡng trong năm", styles.subheading))
    if not untrained:
        flow.append(_para("Tất cả cán bộ công đoàn đã được đào tạo, bồi dưỡng trong năm.", styles))
        return flow
    rows = [["STT", "Họ và tên", "Chức danh", "Lần bồi dưỡng gần nhất trong nhiệm kỳ"]]
    for index, person in enumerate(untrained, start=1):
        last = person["last_course_date"]
        rows.append([index, person["full_name"], person["post"],
                     format_date(date.fromisoformat(last)) if last else "Chưa có"])
    flow.append(grid_table(rows, [10 * mm, 50 * mm, 55 * mm, 50 * mm], styles, small=True,
                           align={0: "center", 3: "center"}))
    return flow


def _targets(data: dict, styles: Styles) -> list:
    term = data["union"]["term"]
    lead = _para(f"Chỉ tiêu đánh giá hằng năm tính cho năm {data['year']}; các chỉ tiêu khác tính lũy kế từ đầu "
                 f"nhiệm kỳ {term} đến hết năm {data['year']}.", styles)
    lead.keepWithNext = 1  # with the heading and the table's first rows
    flow = [Paragraph("IV. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", styles.heading), lead]
    rows = [["STT", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đánh giá", "Căn cứ"]]
    for index, target in enumerate(data["targets"], start=1):
        done = (f"{percent(target['actual'])} ({target['numerator']}/{target['denominator']})"
                if target["actual"] is not None else "—")
        rows.append([index, target["name"], percent(target["target"]), done, met_text(target["met"]),
                     target["source"]])
    flow.append(grid_table(rows, [10 * mm, 53 * mm, 17 * mm, 26 * mm, 20 * mm, 39 * mm], styles, small=True,
                           align={0: "center", 2: "center", 3: "center", 4: "center"}))
    flow.append(Spacer(1, 6))
    return flow


def _proposals(data: dict, styles: Styles) -> list:
    flow = [Paragraph("V. KIẾN NGHỊ, ĐỀ XUẤT", styles.heading)]
    text = data["proposals"]
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()] or ["Không có."]
    flow += [_para(line, styles) for line in paragraphs]
    return flow


def render(data: dict, fonts) -> tuple[bytes, dict, int]:
    """The report as PDF bytes, where the signature space landed ({"page", "box"}), and the page count."""
    buffer = io.BytesIO()
    slot: dict = {}
    document = layout.AdministrativeDocTemplate(buffer, fonts, title=f"{data['document']['title']} "
                                                f"{data['document']['number']}", author=data["union"]["name"],
                                                subject=data["document"]["summary"])
    document.build(story(data, layout.make_styles(fonts), slot))
    return buffer.getvalue(), slot, document.page
