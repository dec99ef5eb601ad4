"""The yearly report follows the administrative layout of Nghị định 30/2020 — read back from the PDF itself."""
from __future__ import annotations

import pytest

from pdf_facts import MM, find, pages

A4 = (595.28, 841.89)
TOP, BOTTOM, LEFT, RIGHT = 20 * MM, 20 * MM, 30 * MM, 15 * MM
SLACK = 0.6  # points: rounding in the PDF's numbers


@pytest.fixture(scope="module")
def report_pages(signed_report):
    return pages(signed_report["path"])


def _is_page_number(line, page) -> bool:
    return line.y0 > page.height - TOP and line.text.isdigit()


def test_pages_are_a4_portrait_with_a_landscape_page_for_the_wide_table(report_pages):
    sizes = [(round(p.width, 1), round(p.height, 1)) for p in report_pages]
    assert sizes[0] == (round(A4[0], 1), round(A4[1], 1))
    assert all(size in {(595.3, 841.9), (841.9, 595.3)} for size in sizes)
    assert (841.9, 595.3) in sizes, "the evaluation table should stand on a landscape page"
    assert sizes[-1] == (595.3, 841.9)


def _used(page) -> float:
    """The share of the page's frame height that its text reaches down to (the page number aside)."""
    body = [line for line in page.lines if line.y1 <= page.height - TOP + SLACK]
    frame = page.height - TOP - BOTTOM
    return (page.height - TOP - min(line.y0 for line in body)) / frame


def test_only_the_wide_table_goes_landscape_and_no_page_is_left_half_empty(report_pages):
    landscape = [page for page in report_pages if page.width > page.height]
    assert [page.number for page in landscape] == [3]  # the demo's 13 officers: one landscape page
    texts = [line.text for line in landscape[0].lines]
    assert texts[1] == "2. Kết quả đánh giá, xếp loại của từng cán bộ"  # under the page number
    assert not [t for t in texts if t.startswith(("I.", "II.", "III.", "IV.", "V.", "1.", "3.", "Biểu đồ"))], texts
    # before the fix page 2 was 60% blank (the table sent to a page of its own) and page 4 half blank (the
    # courses table moved whole to the next page)
    for page in report_pages[:-1]:
        if page.width < page.height:
            assert _used(page) > 0.65, f"page {page.number} is only {_used(page):.0%} used"
    criteria = next(page for page in report_pages if any(line.text.startswith("Các tiêu chí đánh giá")
                                                          for line in page.lines))
    assert criteria.number == 2, "the criteria fill the foot of the portrait page before the landscape one"


def test_a_table_starts_under_its_heading_and_goes_on_over_the_page(report_pages):
    for heading, header_cell in (("1. Các lớp đã tham gia", "Tên lớp"), ("2. Cán bộ tham gia", "Họ và tên")):
        page = next(p for p in report_pages if any(line.text == heading for line in p.lines))
        title = find(page, heading)
        head = [line for line in page.lines if line.text == header_cell and line.bold and line.y0 < title.y0]
        assert head, f"the table under {heading!r} does not start on page {page.number}"
    courses_page = next(p for p in report_pages if any(line.text == "III. CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG"
                                                       for line in p.lines))
    assert any(line.text == "1. Các lớp đã tham gia" for line in courses_page.lines)


def test_a_heading_keeps_the_start_of_its_table_but_not_the_whole_table(tmp_path):
    from reportlab.platypus import Paragraph, Spacer

    from desktop.services.reports.fonts import document_fonts
    from desktop.services.reports.layout import AdministrativeDocTemplate, grid_table, make_styles

    fonts = document_fonts()
    styles = make_styles(fonts)
    rows = [["STT", "Họ và tên", "Ghi chú"]] + [[i, f"Người thứ {i}", f"Ghi chú {i}"] for i in range(1, 31)]
    frame = 841.89 - TOP - BOTTOM
    path = tmp_path / "bang.pdf"
    # room left for the heading and a few rows (not the 30): the table starts here and goes on
    AdministrativeDocTemplate(str(path), fonts, title="t", author="a").build(
        [Spacer(1, frame * 0.7), Paragraph("1. Bảng dài", styles.subheading),
         grid_table(rows, [15 * MM, 60 * MM, 90 * MM], styles)])
    first, second = pages(path)[:2]
    assert find(first, "1. Bảng dài") and find(first, "Người thứ 1")
    assert find(second, "Họ và tên").bold, "the header row repeats"
    # room for the heading alone: it goes with its table to the next page
    path = tmp_path / "bang-2.pdf"
    AdministrativeDocTemplate(str(path), fonts, title="t", author="a").build(
        [Spacer(1, frame - 30), Paragraph("1. Bảng dài", styles.subheading),
         grid_table(rows, [15 * MM, 60 * MM, 90 * MM], styles)])
    first, second = pages(path)[:2]
    assert not [line for line in first.lines if line.text == "1. Bảng dài"]
    assert find(second, "1. Bảng dài") and find(second, "Người thứ 1")


def test_the_union_names_break_into_balanced_lines(report_pages):
    page = report_pages[0]
    national = find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    number = find(page, "Số: 05/BC-CĐCS")
    left = [line.text for line in page.lines if line.x1 < national.x0 and line.y0 > number.y1]
    assert left == ["CÔNG ĐOÀN", "KHU CÔNG NGHIỆP TÂN BÌNH",  # not "CÔNG ĐOÀN KHU CÔNG / NGHIỆP TÂN BÌNH"
                    "CÔNG ĐOÀN CƠ SỞ", "CÔNG TY TNHH", "MAY MẶC SÔNG HỒNG"]  # not "... SÔNG / HỒNG"


def test_all_text_stays_inside_the_margins(report_pages):
    for page in report_pages:
        for char in page.chars:
            if char.y0 > page.height - TOP and char.get_text().isdigit():
                continue  # the page number stands in the top margin
            where = f"page {page.number}: {char.get_text()!r} at {char.bbox}"
            assert char.x0 >= LEFT - SLACK, where
            assert char.x1 <= page.width - RIGHT + SLACK, where
            assert char.y0 >= BOTTOM - SLACK, where
            assert char.y1 <= page.height - TOP + SLACK, where


def test_header_block_left_and_right_halves(report_pages, signed_report):
    page = report_pages[0]
    superior = find(page, "KHU CÔNG NGHIỆP TÂN BÌNH")
    number = find(page, "Số: 05/BC-CĐCS")
    national = find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find(page, "Độc lập - Tự do - Hạnh phúc")
    date_line = find(page, "Phường Tây Thạnh, ngày 05 tháng 01 năm 2026")
    middle = min(national.x0, date_line.x0)  # where the right column's text begins
    for left in (superior, number):
        assert left.x0 >= LEFT - SLACK and left.x1 <= middle - 1.5 * MM, left  # a clear gap between the halves
    for right in (national, motto, date_line):
        assert right.x0 >= middle - SLACK and right.x1 <= page.width - RIGHT + SLACK, right
    # top to bottom: national title above the motto; the number and the date on the same line, below
    assert national.y0 > motto.y0 > date_line.y0
    assert abs(number.y0 - date_line.y0) < 3
    assert superior.y0 > number.y0
    assert national.y1 > page.height - TOP - 20 and superior.y1 > page.height - TOP - 20  # both start at the top
    # the motto, the national title and the date line are centred on one axis in the right column
    assert abs(motto.centre - national.centre) < 1.5 and abs(date_line.centre - national.centre) < 1.5
    assert abs(number.centre - superior.centre) < 1.5  # and the left column's lines on theirs


def test_fonts_and_sizes_of_the_header_and_title(report_pages):
    page = report_pages[0]
    national = find(page, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert national.bold and national.sizes <= {12.0, 13.0} and len(national.sizes) == 1
    motto = find(page, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.sizes <= {13.0, 14.0}
    date_line = find(page, "Phường Tây Thạnh, ngày 05 tháng 01 năm 2026")
    assert date_line.italic and date_line.sizes <= {13.0, 14.0}
    issuer = find(page, "CÔNG ĐOÀN CƠ SỞ")
    assert issuer.bold and issuer.sizes <= {12.0, 13.0}
    superior = find(page, "KHU CÔNG NGHIỆP TÂN BÌNH")
    assert not superior.bold and superior.sizes <= {12.0, 13.0}
    number = find(page, "Số: 05/BC-CĐCS")
    assert not number.bold and not number.italic and number.sizes <= {13.0, 14.0}
    title = find(page, "BÁO CÁO")
    assert title.bold and title.sizes <= {13.0, 14.0}
    assert abs(title.centre - (LEFT + (page.width - LEFT - RIGHT) / 2)) < 2, "the title is centred"
    summary = next(line for line in page.lines if line.text.startswith("Kết quả đánh giá, xếp loại cán bộ công đoàn"))
    assert summary.bold and summary.y0 < title.y0
    to = find(page, "Kính gửi: Công đoàn Khu công nghiệp Tân Bình.")
    assert to.y0 < summary.y0 and not to.bold
    assert all("LiberationSerif" in f or "TimesNewRoman" in f for line in page.lines for f in line.fonts)


def test_body_text_is_13_to_14_points(report_pages):
    body = [line for page in report_pages for line in page.lines
            if line.text.startswith(("Căn cứ kết quả đánh giá", "Trên đây là báo cáo"))]
    assert len(body) >= 2
    assert all(line.sizes <= {13.0, 14.0} and not line.bold for line in body)


def test_page_numbers_from_page_two_centred_in_the_top_margin(report_pages):
    first = report_pages[0]
    assert not [line for line in first.lines if line.y0 > first.height - TOP], "no page number on page 1"
    for page in report_pages[1:]:
        in_margin = [line for line in page.lines if line.y0 > page.height - TOP]
        assert [line.text for line in in_margin] == [str(page.number)]
        number = in_margin[0]
        assert abs(number.centre - (LEFT + (page.width - LEFT - RIGHT) / 2)) < 2
        assert number.sizes <= {13.0, 14.0}


def test_closing_block_recipients_left_signature_right(report_pages, signed_report):
    last = report_pages[-1]
    recipients = find(last, "Nơi nhận:")
    assert recipients.bold and recipients.italic and recipients.sizes == {12.0}
    assert recipients.x0 < LEFT + 5
    first_item, last_item = find(last, "- Như trên;"), find(last, "- Lưu: VT, BCH.")
    assert first_item.sizes == {11.0} and last_item.sizes == {11.0} and last_item.y0 < first_item.y0
    on_behalf, post = find(last, "TM. BAN CHẤP HÀNH"), find(last, "CHỦ TỊCH")
    name = find(last, signed_report["data"]["document"]["signer"]["name"])
    middle = LEFT + (last.width - LEFT - RIGHT) * 0.45
    for line in (on_behalf, post, name):
        assert line.x0 > middle and line.bold, line
    assert on_behalf.y0 > post.y0 > name.y0
    assert post.y0 - name.y0 > 25 * MM, "room for the signature and the seal"
    assert abs(on_behalf.y0 - recipients.y0) < 6, "Nơi nhận and the signature block start on the same line"


def test_the_targets_table_has_its_header_on_every_page_it_spans(report_pages, signed_report):
    names = [target["name"] for target in signed_report["data"]["targets"]]
    spanned = []
    for page in report_pages:
        rows = [line for line in page.lines if any(name.startswith(line.text) and len(line.text) > 12
                                                   for name in names)]
        if not rows:
            continue
        spanned.append(page.number)
        header = [line for line in page.lines if line.text == "Mục tiêu" and line.bold]
        assert header and header[0].y0 > max(row.y0 for row in rows), f"no header row above the targets on page {page.number}"
    assert spanned  # (today the demo's table runs over two pages; the long synthetic table below always does)


def test_long_tables_repeat_the_header_and_never_split_a_row(tmp_path):
    from desktop.services.reports.fonts import document_fonts
    from desktop.services.reports.layout import AdministrativeDocTemplate, grid_table, make_styles

    fonts = document_fonts()
    styles = make_styles(fonts)
    rows = [["STT", "Họ và tên", "Ghi chú"]]
    rows += [[i, f"Người thứ {i}", f"Dòng một của hàng {i}\nDòng hai của hàng {i}\nDòng ba của hàng {i}"]
             for i in range(1, 61)]
    path = tmp_path / "bang.pdf"
    AdministrativeDocTemplate(str(path), fonts, title="t", author="a").build(
        [grid_table(rows, [15 * MM, 60 * MM, 90 * MM], styles)])
    found = pages(path)
    assert len(found) >= 3
    seen = {}
    for page in found:
        assert any(line.text == "Họ và tên" and line.bold for line in page.lines), f"no header on page {page.number}"
        for line in page.lines:
            if line.text.startswith("Dòng "):
                seen.setdefault(line.text.rsplit(" ", 1)[1], set()).add(page.number)
    assert len(seen) == 60
    assert all(len(on) == 1 for on in seen.values()), "a row was split across pages"


def test_a_deputy_signs_on_the_chairs_behalf(reports, tmp_path):
    from desktop.services.reports import ReportOptions

    result = reports.export_report(ReportOptions(2025, signer="deputy"), tmp_path / "kt.pdf")
    last = pages(result.path)[-1]
    assert find(last, "KT. CHỦ TỊCH").bold
    assert find(last, "PHÓ CHỦ TỊCH").bold
    assert find(last, "Trần Thị Thanh Thuỷ").bold  # the demo's vice chair
    assert not [line for line in last.lines if line.text == "TM. BAN CHẤP HÀNH"]


def _red_lines(path, page_number: int) -> list:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTCurve

    def walk(item):
        if isinstance(item, LTCurve) and item.stroking_color == (1.0, 0.0, 0.0):
            yield item
        try:
            for child in item:
                yield from walk(child)
        except TypeError:
            return

    for number, layout in enumerate(extract_pages(str(path)), start=1):
        if number == page_number:
            return list(walk(layout))
    return []


def test_chart_two_prints_the_tables_percentages_clear_of_the_target_line(report_pages, signed_report):
    import re

    from pdf_facts import overlaps

    page = next(p for p in report_pages if any(line.text.startswith("Biểu đồ 2.") for line in p.lines))
    target = max(_red_lines(signed_report["path"], page.number), key=lambda line: line.width)  # the legend's is short
    assert target.width > 100 * MM
    near = [c for c in page.chars if target.x0 <= c.x0 <= target.x1 and abs(c.y0 - target.y0) < 25]
    labels = re.findall(r"\d+(?:,\d)?%", "".join(c.get_text() for c in sorted(near, key=lambda c: (-c.y0, c.x0))))
    rows = [row for row in signed_report["data"]["training"]["coverage"] if row["officers"]]
    expected = [f"{row[key]:.1f}".replace(".", ",").replace(",0", "") + "%" for row in rows
                for key in ("percent_year", "percent_term")]
    assert sorted(labels) == sorted(expected), (labels, expected)  # the table's texts: "86,4%", not "86%"
    assert "86,4%" in labels and "95,5%" in labels
    band = (target.x0, target.y0 - 0.4, target.x1, target.y1 + 0.4)
    for char in near:
        assert not overlaps(char.bbox, band), f"{char.get_text()!r} at {char.bbox} touches the target line"
