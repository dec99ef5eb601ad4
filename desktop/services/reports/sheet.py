"""The evaluation sheet (phiếu đánh giá, xếp loại cán bộ công đoàn) of each person, for paper signing.

One or two pages per person: the criteria in full with the three score columns (self-assessment, the
committee's review, the conclusion), the remarks, the levels and the vote, and signature lines. Blank fields
get dotted lines to write on by hand. A file for the whole year holds one sheet after another; each sheet
numbers its own pages from its second page.
"""
from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from desktop.domain.evaluation import Level
from desktop.domain.officers import Group
from desktop.domain.vietnamese import format_number
from desktop.services.reports import layout
from desktop.services.reports import vocabulary as words
from desktop.services.reports.flowables import DocumentStart
from desktop.services.reports.layout import escape, grid_table

VOTE_ORDER = (Level.EXCELLENT, Level.GOOD, Level.DONE, Level.NOT_DONE)


def _points(value) -> str:
    if value is None:
        return ""
    return format_number(value, 1 if value != int(value) else 0)


def _field(label: str, value: str, styles) -> Paragraph:
    """"Label: value", or the label followed by a dotted line to the margin to write on by hand."""
    if value and value.strip():
        return Paragraph(f"<b>{escape(label)}</b> {escape(value)}", styles.sheet_line)
    fonts, size = styles.fonts, styles.sheet_line.fontSize
    room = layout.text_width() - stringWidth(label + " ", fonts.bold, size)
    dots = "." * max(3, int(room / stringWidth(".", fonts.regular, size)) - 2)
    return Paragraph(f"<b>{escape(label)}</b> {dots}", styles.sheet_line)


def _sheet(row, holdings, profile, year: int, styles, chair: str) -> list:
    fonts = styles.fonts
    person, evaluation, criteria_set = row.person, row.evaluation, row.criteria_set
    held = sorted((h for h in holdings if h.person_id == person.id and h.active_in_year(year)),
                  key=lambda h: h.title.rank)
    duties = "; ".join(h.duties for h in held if h.duties and h.group in (Group.BCH, Group.UBKT))
    flow = [DocumentStart(),
            layout.header_block(fonts, superior=profile.superior_name, issuer=profile.union_name, number_line="",
                                date_line=""),
            layout.centred("PHIẾU ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ CÔNG ĐOÀN", fonts.bold, 14, space_before=14, leading=17),
            layout.centred(f"Năm {year}", fonts.bold, 14, leading=17, space_after=8),
            _field("Họ và tên:", person.full_name, styles),
            _field("Chức danh:", ", ".join(words.post_name(h.title_key) for h in held), styles),
            _field("Bộ phận công tác:", person.department, styles),
            _field("Nhiệm vụ được phân công:", duties, styles),
            Paragraph("I. CHẤM ĐIỂM THEO TIÊU CHÍ", styles.heading)]
    rows = [["STT", "Tiêu chí", "Điểm tối đa", "Cá nhân tự chấm", "Tập thể BCH chấm", "Kết luận"]]
    for criterion in criteria_set.criteria:
        score = evaluation.score(criterion.number)
        rows.append([criterion.number, criterion.full_text, _points(criterion.max_points), _points(score.self_points),
                     _points(score.committee_points), _points(score.final_points)])
    rows.append(["", "Tổng cộng", _points(criteria_set.total_points),
                 *(_points(evaluation.column_total(column, criteria_set))
                   for column in ("self_points", "committee_points", "final_points"))])
    flow.append(grid_table(rows, [10 * mm, 86 * mm, 15 * mm, 18 * mm, 19 * mm, 17 * mm], styles, small=True,
                           align={0: "center", 2: "center", 3: "center", 4: "center", 5: "center"},
                           bold_rows=(len(rows) - 1,)))
    flow.append(Paragraph("II. NHẬN XÉT", styles.heading))
    flow += [_field("Ưu điểm:", evaluation.strengths, styles), _field("Hạn chế:", evaluation.weaknesses, styles),
             _field("Hướng khắc phục:", evaluation.remedies, styles)]
    flow.append(Paragraph("III. XẾP LOẠI", styles.heading))
    votes = evaluation.votes
    vote_text = "; ".join(f"{words.level_name(level)}: {votes.get(int(level), 0)} phiếu" for level in VOTE_ORDER
                          ) if votes else ""
    suggested = row.suggested_level
    final = evaluation.effective_level(criteria_set) if evaluation.finalised else None
    reason = (f" (lý do: {evaluation.override_reason})" if final and suggested and final != suggested
              and evaluation.override_reason else "")
    flow += [_field("Cá nhân tự xếp loại:", words.level_name(evaluation.self_level), styles),
             _field("Kết quả biểu quyết của tập thể:", vote_text, styles),
             _field("Mức xếp loại theo điểm kết luận:", words.level_name(suggested), styles),
             _field("Kết luận xếp loại:", words.level_name(final) + reason if final else "", styles),
             _field("Nhiệm vụ được phân công năm tới:", evaluation.next_year_duties, styles)]
    flow.append(_signatures(styles, person.full_name, chair, profile.place_name))
    return flow


def _signatures(styles, person_name: str, chair: str, place: str) -> Table:
    """Two signature places side by side, their titles and names on the same lines."""
    fonts = styles.fonts

    def bold(text: str):
        return layout.centred(text, fonts.bold, 13, leading=16)

    rows = [["", layout.centred(f"{place}, ngày ..... tháng ..... năm ........", fonts.italic, 13, leading=17)],
            [bold("NGƯỜI TỰ ĐÁNH GIÁ"), bold("TM. BAN CHẤP HÀNH")],
            [layout.centred("(Ký, ghi rõ họ tên)", fonts.italic, 12), bold("CHỦ TỊCH")],
            [Spacer(1, 22 * mm), Spacer(1, 22 * mm)],
            [bold(person_name), bold(chair)]]
    table = Table(rows, colWidths=[layout.text_width() * 0.42, layout.text_width() * 0.58])
    table.setStyle(TableStyle([layout.cell_font(fonts), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, 0), 10)]))
    return KeepTogether([table])


def render(rows, holdings, profile, year: int, fonts, *, chair: str) -> tuple[bytes, int]:
    """The sheets of `rows` (EvaluationRow) as one PDF; returns the bytes and the page count."""
    styles = layout.make_styles(fonts, body_size=13)
    flow: list = []
    for index, row in enumerate(rows):
        if index:
            flow.append(PageBreak())
        flow += _sheet(row, holdings, profile, year, styles, chair)
    buffer = io.BytesIO()
    title = f"Phiếu đánh giá, xếp loại cán bộ công đoàn năm {year}"
    document = layout.AdministrativeDocTemplate(buffer, fonts, title=title, author=profile.union_name)
    document.build(flow)
    return buffer.getvalue(), document.page
