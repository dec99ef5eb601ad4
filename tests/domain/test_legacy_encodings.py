"""TCVN3 (ABC) and VNI Windows text back to Unicode: full tables, detection, tone placement kept as typed.

The expected tables are written here independently of the module: TCVN3 as the byte values of
TCVN 5712:1993 (VN3), VNI as the key sequences of the VNI-Windows fonts, row by row (base letter, then
sắc, huyền, hỏi, ngã, nặng).
"""
from __future__ import annotations

import unicodedata

import pytest

from desktop.domain.legacy_encodings import (TCVN3, VNI, LegacyDecoder, detect_legacy, encoding_of_font,
                                             plausible_word, tcvn3_to_unicode, to_unicode, vni_to_unicode)

# TCVN3 byte -> Unicode letter (the ABC fonts' lowercase and toneless capitals).
TCVN3_BYTES = {
    0xB5: "à", 0xB8: "á", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
    0xA8: "ă", 0xBB: "ằ", 0xBE: "ắ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
    0xA9: "â", 0xC7: "ầ", 0xCA: "ấ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
    0xAE: "đ",
    0xCC: "è", 0xD0: "é", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
    0xAA: "ê", 0xD2: "ề", 0xD5: "ế", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
    0xD7: "ì", 0xDD: "í", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
    0xDF: "ò", 0xE3: "ó", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
    0xAB: "ô", 0xE5: "ồ", 0xE8: "ố", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
    0xAC: "ơ", 0xEA: "ờ", 0xED: "ớ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
    0xEF: "ù", 0xF3: "ú", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
    0xAD: "ư", 0xF5: "ừ", 0xF8: "ứ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
    0xFA: "ỳ", 0xFD: "ý", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
}

# VNI: one row per vowel, in the order base, sắc, huyền, hỏi, ngã, nặng.
VNI_ROWS = [
    ("a aù aø aû aõ aï", "a á à ả ã ạ"),
    ("aâ aá aà aå aã aä", "â ấ ầ ẩ ẫ ậ"),
    ("aê aé aè aú aü aë", "ă ắ ằ ẳ ẵ ặ"),
    ("e eù eø eû eõ eï", "e é è ẻ ẽ ẹ"),
    ("eâ eá eà eå eã eä", "ê ế ề ể ễ ệ"),
    ("o où oø oû oõ oï", "o ó ò ỏ õ ọ"),
    ("oâ oá oà oå oã oä", "ô ố ồ ổ ỗ ộ"),
    ("ô ôù ôø ôû ôõ ôï", "ơ ớ ờ ở ỡ ợ"),
    ("u uù uø uû uõ uï", "u ú ù ủ ũ ụ"),
    ("ö öù öø öû öõ öï", "ư ứ ừ ử ữ ự"),
    ("i í ì æ ó ò", "i í ì ỉ ĩ ị"),
    ("y yù yø yû yõ î", "y ý ỳ ỷ ỹ ỵ"),
    ("ñ", "đ"),
]


@pytest.mark.parametrize("code, letter", sorted(TCVN3_BYTES.items()))
def test_every_tcvn3_letter(code, letter):
    assert tcvn3_to_unicode(chr(code)) == letter


def test_tcvn3_capitals_from_the_h_fonts():
    # ".VnTimeH" draws the lowercase codes as capitals: the upper flag gives the capital letters.
    for code, letter in TCVN3_BYTES.items():
        assert tcvn3_to_unicode(chr(code), upper=True) == letter.upper()


@pytest.mark.parametrize("legacy, unicode_row", VNI_ROWS)
def test_every_vni_letter_lower_and_upper_case(legacy, unicode_row):
    for sequence, letter in zip(legacy.split(), unicode_row.split()):
        assert vni_to_unicode(sequence) == letter
        assert vni_to_unicode(sequence.upper()) == letter.upper()


@pytest.mark.parametrize("legacy, expected", [
    ("NguyÔn V¨n An", "Nguyễn Văn An"),
    ("TrÇn ThÞ Thu H»ng", "Trần Thị Thu Hằng"),
    ("Lª V¨n C­êng", "Lê Văn Cường"),
    ("Hä vµ tªn", "Họ và tên"),
    ("§oµn Thanh Niªn", "Đoàn Thanh Niên"),
    ("C«ng ®oµn c¬ së", "Công đoàn cơ sở"),
    ("Tr­êng §¹i häc", "Trường Đại học"),
    ("Ph¹m ThÞ Thuý Nga", "Phạm Thị Thuý Nga"),
    ("§Æng Quèc H­ng", "Đặng Quốc Hưng"),
    ("NGUYÔN V¡N AN", "NGUYỄN VĂN AN"),  # typed in capitals with a normal font
    ("DANH S¸CH HäC VI£N", "DANH SÁCH HỌC VIÊN"),
])
def test_tcvn3_words(legacy, expected):
    assert tcvn3_to_unicode(legacy) == expected
    assert detect_legacy(legacy) == TCVN3


@pytest.mark.parametrize("legacy, expected", [
    ("Nguyeãn Vaên An", "Nguyễn Văn An"),
    ("Traàn Thò Thu Haèng", "Trần Thị Thu Hằng"),
    ("Leâ Vaên Cöôøng", "Lê Văn Cường"),
    ("Hoï vaø teân", "Họ và tên"),
    ("Ñoaøn Thanh Nieân", "Đoàn Thanh Niên"),
    ("Coâng ñoaøn cô sôû", "Công đoàn cơ sở"),
    ("Tröôøng Ñaïi hoïc", "Trường Đại học"),
    ("NGUYEÃN VAÊN AN", "NGUYỄN VĂN AN"),
    ("Kyõ thuaät", "Kỹ thuật"),
    ("Lyù Thò Mî", "Lý Thị Mỵ"),
])
def test_vni_words(legacy, expected):
    assert vni_to_unicode(legacy) == expected
    assert detect_legacy(legacy) == VNI


@pytest.mark.parametrize("legacy, encoding, expected", [
    ("Hoµ", TCVN3, "Hoà"), ("Hßa", TCVN3, "Hòa"), ("Thuû", TCVN3, "Thuỷ"), ("Thñy", TCVN3, "Thủy"),
    ("Hoaø", VNI, "Hoà"), ("Hoøa", VNI, "Hòa"), ("Thuyû", VNI, "Thuỷ"), ("Thuûy", VNI, "Thủy"),
])
def test_old_and_new_tone_placement_kept_as_typed(legacy, encoding, expected):
    assert to_unicode(legacy, encoding) == expected


def test_output_is_nfc():
    for text in ("NguyÔn V¨n An", "Tr­êng"):
        assert unicodedata.is_normalized("NFC", tcvn3_to_unicode(text))
    assert unicodedata.is_normalized("NFC", vni_to_unicode("Nguyeãn Vaên An"))


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "Hoà", "Lê Thị Hà", "Nguyen Van An", "", "Café 123",
                                  "Nguye\u0302\u0303n"])
def test_unicode_and_ascii_text_is_not_taken_for_legacy(text):
    assert detect_legacy(text) is None


def test_fonts_name_the_encoding():
    assert encoding_of_font(".VnTime") == (TCVN3, False)
    assert encoding_of_font(".VnTimeH") == (TCVN3, True)
    assert encoding_of_font(".VnArial NarrowH") == (TCVN3, True)
    assert encoding_of_font("VNI-Times") == (VNI, False)
    assert encoding_of_font("Times New Roman") is None
    assert encoding_of_font(None) is None


def test_decoder_uses_the_cell_font():
    decoder = LegacyDecoder()
    assert decoder.decode("Hoµ", (TCVN3, False)) == "Hoà"
    assert decoder.decode("nguyÔn v¨n an", (TCVN3, True)) == "NGUYỄN VĂN AN"
    assert decoder.decode("Hoaø", (VNI, False)) == "Hoà"


def test_a_cell_that_may_be_either_follows_a_legacy_sheet():
    decoder = LegacyDecoder()
    decoder.survey(["Nguyeãn Vaên An", "Traàn Thò Hoa", "Ñoaøn Vaên Bình", "Leâ Quang", "Coâng ñoaøn"])
    assert decoder.dominant == VNI
    assert decoder.decode("Hoà") == "Hồ"  # "Hoà" in a VNI sheet is VNI for Hồ
    assert decoder.decode("Nguyễn Văn An") == "Nguyễn Văn An"  # real Unicode is never touched


def test_one_legacy_cell_does_not_rule_a_unicode_sheet():
    decoder = LegacyDecoder()
    decoder.survey(["NguyÔn V¨n An", "Trần Văn Bình", "Công ty May", "Lê Thị Hồng", "Phòng Kỹ thuật"])
    assert decoder.dominant is None
    assert decoder.decode("Công ty May") == "Công ty May"
    assert decoder.decode("Khá") == "Khá"
    assert decoder.decode("NguyÔn V¨n An") == "Nguyễn Văn An"


@pytest.mark.parametrize("word, expected", [("nguyễn", True), ("Hoà", True), ("hòa", True), ("thuỷ", True),
                                            ("NGƯỜI", True), ("khuya", True), ("NguyÔn", False),
                                            ("nguyeãn", False), ("baa", False), ("hoàá", False)])
def test_syllable_check(word, expected):
    assert plausible_word(word) is expected
