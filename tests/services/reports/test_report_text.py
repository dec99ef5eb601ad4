"""Fonts are embedded and the text extracts back as the same NFC Vietnamese (what a reader copies, searches and
what a superior union's tools read)."""
from __future__ import annotations

import unicodedata

from pdf_facts import BASE14, fonts, pdftotext, run_poppler, squeeze


def test_every_font_is_embedded_and_none_is_base14(signed_report, unsigned_report):
    for report in (signed_report, unsigned_report):
        found = fonts(report["path"])
        assert found, "the report has fonts"
        assert all(font["embedded"] for font in found), found
        names = {font["name"].lstrip("/").split("+")[-1] for font in found}
        assert not names & BASE14, names
        assert names <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                         "LiberationSerif-BoldItalic", "TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT",
                         "TimesNewRomanPS-ItalicMT", "TimesNewRomanPS-BoldItalicMT"}, names


def test_the_signature_appearance_uses_the_embedded_document_font(signed_report):
    # the appearance stream of the visible signature is a form XObject with its own font resources
    found = fonts(signed_report["path"])
    assert any("Italic" in font["name"] for font in found)
    assert all(font["embedded"] for font in found)


def test_poppler_sees_only_embedded_fonts(poppler, signed_report):
    table = run_poppler("pdffonts", signed_report["path"]).splitlines()[2:]
    assert table
    for row in table:
        assert row.split()[-5] == "yes", row  # the "emb" column


EXPECTED = [
    "CÔNG ĐOÀN KHU CÔNG NGHIỆP TÂN BÌNH",
    "CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH MAY MẶC SÔNG HỒNG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 05/BC-CĐCS",
    "Phường Tây Thạnh, ngày 05 tháng 01 năm 2026",
    "BÁO CÁO",
    "Kết quả đánh giá, xếp loại cán bộ công đoàn và công tác đào tạo, bồi dưỡng năm 2025",
    "Kính gửi: Công đoàn Khu công nghiệp Tân Bình.",
    "I. ĐỘI NGŨ CÁN BỘ CÔNG ĐOÀN",
    "II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÁN BỘ CÔNG ĐOÀN",
    "III. CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG",
    "IV. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
    "V. KIẾN NGHỊ, ĐỀ XUẤT",
    "Đề nghị hỗ trợ tài liệu.",
    "Hoàn thành tốt nhiệm vụ",
    "Trần Thị Thanh Thuỷ",
    "Đặng Quốc Bảo",
    "Huấn luyện an toàn, vệ sinh lao động định kỳ năm 2025",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT, BCH.",
    "TM. BAN CHẤP HÀNH",
    "CHỦ TỊCH",
    "Nguyễn Minh Tuấn",
]


def test_pdftotext_returns_the_same_nfc_vietnamese(poppler, signed_report):
    text = pdftotext(signed_report["path"])
    assert unicodedata.is_normalized("NFC", text)
    assert "\ufffd" not in text and not any(0xE000 <= ord(ch) <= 0xF8FF for ch in text)
    flat = squeeze(text)
    for expected in EXPECTED:
        assert unicodedata.is_normalized("NFC", expected)
        assert expected in flat, expected


def test_page_one_reads_in_the_administrative_order(poppler, signed_report):
    first = squeeze(pdftotext(signed_report["path"], 1, 1))
    order = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 05/BC-CĐCS", "BÁO CÁO", "Kính gửi:",
             "I. ĐỘI NGŨ CÁN BỘ CÔNG ĐOÀN"]
    positions = [first.find(part) for part in order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions


def test_the_page_number_is_not_on_page_one_but_on_page_two(poppler, signed_report):
    first = pdftotext(signed_report["path"], 1, 1).strip().splitlines()
    second = pdftotext(signed_report["path"], 2, 2).strip().splitlines()
    assert first[0].strip() != "1"
    assert second[0].strip() == "2"
