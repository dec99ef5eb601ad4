"""The union names of the header block break into balanced lines, never leaving one word alone and not
cutting a word of several syllables when another break fits (measured in the report's own font)."""
from __future__ import annotations

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.services.reports.fonts import document_fonts
from desktop.services.reports.line_breaks import balanced_lines, break_costs


@pytest.fixture(scope="module")
def measure():
    fonts = document_fonts()

    def lines(text: str, width_mm: float, bold: bool = False) -> list[str]:
        font = fonts.bold if bold else fonts.regular
        return balanced_lines(text, lambda line: stringWidth(line, font, 13), width_mm * mm)

    return lines


@pytest.mark.parametrize("text, bold, width, expected", [
    ("CÔNG ĐOÀN KHU CÔNG NGHIỆP TÂN BÌNH", False, 66, ["CÔNG ĐOÀN", "KHU CÔNG NGHIỆP TÂN BÌNH"]),
    ("CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH MAY MẶC SÔNG HỒNG", True, 66,
     ["CÔNG ĐOÀN CƠ SỞ", "CÔNG TY TNHH", "MAY MẶC SÔNG HỒNG"]),
    ("CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH MAY SÔNG HỒNG", True, 66, ["CÔNG ĐOÀN CƠ SỞ", "CÔNG TY TNHH MAY", "SÔNG HỒNG"]),
    ("CÔNG ĐOÀN CÁC KHU CÔNG NGHIỆP TỈNH NAM ĐỊNH", False, 66, ["CÔNG ĐOÀN CÁC", "KHU CÔNG NGHIỆP", "TỈNH NAM ĐỊNH"]),
    ("LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HỒ CHÍ MINH", False, 66, ["LIÊN ĐOÀN LAO ĐỘNG", "THÀNH PHỐ HỒ CHÍ MINH"]),
    ("CÔNG ĐOÀN CƠ SỞ TRƯỜNG TIỂU HỌC NGUYỄN VĂN TRỖI", True, 66,
     ["CÔNG ĐOÀN CƠ SỞ", "TRƯỜNG TIỂU HỌC", "NGUYỄN VĂN TRỖI"]),
    ("CÔNG ĐOÀN PHƯỜNG TÂN ĐỊNH", False, 66, ["CÔNG ĐOÀN", "PHƯỜNG TÂN ĐỊNH"]),
    ("CÔNG ĐOÀN XÃ AN PHÚ", False, 66, ["CÔNG ĐOÀN XÃ AN PHÚ"]),  # fits: one line
])
def test_names_break_between_words_into_even_lines(measure, text, bold, width, expected):
    assert measure(text, width, bold) == expected


def test_no_line_is_a_single_word_and_every_line_fits(measure):
    text = "CÔNG ĐOÀN CƠ SỞ CÔNG TY CỔ PHẦN ĐẦU TƯ XÂY DỰNG VÀ PHÁT TRIỂN ĐÔ THỊ SÔNG ĐÀ"
    for width in (50, 60, 66, 75):
        lines = measure(text, width, bold=True)
        assert " ".join(lines) == text
        assert all(len(line.split()) > 1 for line in lines), lines
        fonts = document_fonts()
        assert all(stringWidth(line, fonts.bold, 13) <= width * mm for line in lines), lines


def test_a_narrow_column_cuts_the_longer_phrase_before_a_two_syllable_word(measure):
    # 60 mm cannot hold "KHU CÔNG NGHIỆP TÂN BÌNH": "KHU / CÔNG NGHIỆP" rather than "CÔNG / NGHIỆP"
    assert measure("CÔNG ĐOÀN KHU CÔNG NGHIỆP TÂN BÌNH", 60) == ["CÔNG ĐOÀN KHU", "CÔNG NGHIỆP TÂN BÌNH"]


def test_break_costs_know_the_compounds_and_pair_the_rest_from_the_end():
    words = "CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH MAY MẶC SÔNG HỒNG".split()
    costs = dict(zip(words[1:], break_costs(words)[1:]))  # the cost of breaking before each word
    assert costs["ĐOÀN"] > 0 and costs["TY"] > 0 and costs["MẶC"] > 0  # công đoàn, công ty, may mặc
    assert costs["HỒNG"] > 0  # the name's two syllables, paired from the end
    assert costs["CƠ"] == costs["CÔNG"] == costs["TNHH"] == costs["MAY"] == costs["SÔNG"] == 0
