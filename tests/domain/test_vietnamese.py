"""Tests for desktop.domain.vietnamese: normalisation, folding, ICU-compatible collation,
dates and numbers.  Collation is checked against ICU 72.1's answers in shared/testdata."""

from __future__ import annotations

import random
import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.vietnamese import (
    clean_text,
    date_line,
    fold,
    format_date,
    format_number,
    matches,
    name_sort_key,
    nfc,
    parse_date,
    word_key,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "vi-collation"
SEEDS = [0, 1, 7, 42, 2026]


def _load(name: str) -> list[str]:
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]
    assert lines, f"no test data in {DATA / name}"
    return lines


def _assert_same_order(actual: list[str], expected: list[str]) -> None:
    if actual == expected:
        return
    i = next((i for i, (a, e) in enumerate(zip(actual, expected)) if a != e),
             min(len(actual), len(expected)))
    pytest.fail(
        f"order differs first at position {i}: got {actual[max(i - 1, 0):i + 2]!r}, "
        f"ICU has {expected[max(i - 1, 0):i + 2]!r}"
    )


# --------------------------------------------------------------------------- collation


@pytest.mark.parametrize("filename,key", [("words.txt", word_key), ("names.txt", name_sort_key)])
@pytest.mark.parametrize("seed", SEEDS)
def test_shuffled_data_sorts_to_icu_order(filename, key, seed):
    expected = _load(filename)
    shuffled = expected[:]
    random.Random(seed).shuffle(shuffled)
    assert shuffled != expected  # the shuffle must give the sort something to do
    _assert_same_order(sorted(shuffled, key=key), expected)


@pytest.mark.parametrize("filename,key", [("words.txt", word_key), ("names.txt", name_sort_key)])
def test_reversed_data_sorts_to_icu_order(filename, key):
    expected = _load(filename)
    _assert_same_order(sorted(reversed(expected), key=key), expected)


@pytest.mark.parametrize("filename,key", [("words.txt", word_key), ("names.txt", name_sort_key)])
def test_nfd_input_sorts_like_nfc(filename, key):
    # Decomposed text (Windows keyboard, cp1258 files) must collate exactly like NFC.
    expected = _load(filename)
    decomposed = [unicodedata.normalize("NFD", s) for s in reversed(expected)]
    result = [unicodedata.normalize("NFC", s) for s in sorted(decomposed, key=key)]
    _assert_same_order(result, expected)


@pytest.mark.parametrize("smaller,larger", [
    # letters in dictionary order: ă â after a, đ after d, ê after e, ô ơ after o, ư after u
    ("az", "ăa"), ("ăz", "âa"), ("dz", "đa"), ("ez", "êa"), ("oz", "ôa"), ("ôz", "ơa"),
    ("uz", "ưa"), ("ưz", "va"),
    # tones after letters: ngang < huyền < hỏi < ngã < sắc < nặng
    ("a", "à"), ("à", "ả"), ("ả", "ã"), ("ã", "á"), ("á", "ạ"),
    ("ạ", "ab"),  # a tone is weaker than any following letter
    ("ặ", "ăa"),  # ...and weaker than a letter difference
    ("Ấn", "Âu"),
    # old tone placement sorts before new (tone on a later letter)
    ("Hoà", "Hòa"), ("Thuỳ", "Thùy"), ("Thuỷ", "Thủy"), ("Thuý", "Thúy"), ("Thuỷ", "Thùy"),
    # case is tertiary: lower before upper, but only after letters and tones tie
    ("an", "An"), ("An", "àn"), ("đa", "Đa"), ("Đa", "đà"),
    # no digraph letters in ICU vi: Châu before Công
    ("Châu", "Công"), ("Nghĩa", "Nghiêm"), ("Ngọc", "Ngô"),
    # spaces and punctuation before digits before letters, as ICU (non-ignorable)
    ("An Bình", "Anh"), (" ", "-"), ("An-Bình", "Anh"), ("9", "a"), ("An 2", "An a"),
    ("10", "9"),  # no numeric collation in ICU's default
    ("", "a"), ("a", "aa"),
])
def test_word_key_pairs(smaller, larger):
    assert word_key(smaller) < word_key(larger)
    assert word_key(larger) > word_key(smaller)


def test_word_key_ignores_normalisation_but_distinguishes_strings():
    assert word_key("Nguyễn") == word_key(unicodedata.normalize("NFD", "Nguyễn"))
    assert word_key("Hoà") != word_key("Hòa")


@pytest.mark.parametrize("names", [
    # given name first, then middle names, then family name
    ["Trần Văn An", "Nguyễn Thị Bình"],
    ["Lê Thị An", "Nguyễn Văn An"],
    ["Nguyễn Văn An", "Trần Văn An"],
    ["Ứng Anh", "Trần Ánh Anh"],  # no middle name before any middle name
    ["Bảo", "Phạm Bảo"],  # one word: given name only
    ["Lâm Anh Anh Ân", "Đặng Ân Ân"],  # middle names compared as one string
    ["Nguyễn Văn Hoà", "Nguyễn Văn Hòa"],
])
def test_name_sort_key_pairs(names):
    assert sorted(reversed(names), key=name_sort_key) == names


def test_name_sort_key_ignores_spacing_and_form():
    assert name_sort_key("  Nguyễn   Văn\u200b An ") == name_sort_key("Nguyễn Văn An")
    assert name_sort_key(unicodedata.normalize("NFD", "Nguyễn Văn An")) == name_sort_key("Nguyễn Văn An")


# --------------------------------------------------------------------------- NFC and folding


def test_nfc_composes_and_keeps_none():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
    assert decomposed != "Nguyễn Thị Hoà"
    assert nfc(decomposed) == "Nguyễn Thị Hoà"
    assert nfc("  a  b ") == "  a  b "  # nfc is NFC only
    assert nfc(None) is None


@pytest.mark.parametrize("raw,cleaned", [
    ("  Nguyễn   Văn\tAn\n", "Nguyễn Văn An"),
    ("\ufeffTrần\u200b Thị", "Trần Thị"),
    ("Ho\u200ba\u0300", "Hoà"),  # zero-width between letter and tone must not block NFC
    ("An\u00a0Bình", "An Bình"),
    (unicodedata.normalize("NFD", "Đặng Thuỷ"), "Đặng Thuỷ"),
    ("", ""),
    (" \u200b ", ""),
])
def test_clean_text(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_clean_text_none():
    assert clean_text(None) is None


@pytest.mark.parametrize("text,folded", [
    ("Nguyễn Văn An", "nguyen van an"),
    ("Hoà", "hoa"), ("Hòa", "hoa"), ("HOÀ", "hoa"), ("hoa", "hoa"),
    (unicodedata.normalize("NFD", "Hoà"), "hoa"), (unicodedata.normalize("NFD", "HÒA"), "hoa"),
    ("Thuỷ", "thuy"), ("Thủy", "thuy"), ("THỦY", "thuy"),
    ("Đặng", "dang"), ("đĐ", "dd"), ("Dương", "duong"),
    (unicodedata.normalize("NFD", "Đỗ Thị Ngọc Ánh"), "do thi ngoc anh"),
    ("  Trần \t Thị\u200b  Ưng ", "tran thi ung"),
    ("", ""),
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("a,b", [("Hoà", "Hòa"), ("Thuỷ", "Thủy"), ("Thuý", "Thúy"),
                                 ("Đào", "dao"), ("NGUYỄN", "nguyễn")])
def test_fold_equal(a, b):
    assert a != b and fold(a) == fold(b)


@pytest.mark.parametrize("query,text,expected", [
    ("nguyen van an", "Nguyễn Văn An", True),
    ("nguyen an", "Nguyễn Văn An", True),
    ("an nguyen", "Nguyễn Văn An", True),  # token order does not matter
    ("NGUYỄN", "Nguyễn Văn An", True),
    ("hoa", "Hòa", True), ("hoa", "Hoà", True), ("Hòa", "Hoà", True),
    ("thuy", "Lê Thị Thủy", True),
    ("dang", "Đặng Văn Bình", True),
    (unicodedata.normalize("NFD", "Đặng"), "Đặng Văn Bình", True),
    ("ngu", "Nguyễn Văn An", True),  # prefix typed so far
    ("", "Nguyễn Văn An", True), ("   ", "Nguyễn Văn An", True),
    ("nguyen binh", "Nguyễn Văn An", False),
    ("tran", "Nguyễn Văn An", False),
    ("nguyenvan", "Nguyễn Văn An", False),
    ("an", "", False),
])
def test_matches(query, text, expected):
    assert matches(query, text) is expected


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("day,line", [
    (date(2026, 1, 5), "Phường Tân Định, ngày 05 tháng 01 năm 2026"),
    (date(2026, 2, 9), "Phường Tân Định, ngày 09 tháng 02 năm 2026"),
    (date(2026, 3, 15), "Phường Tân Định, ngày 15 tháng 3 năm 2026"),
    (date(2026, 10, 1), "Phường Tân Định, ngày 01 tháng 10 năm 2026"),
    (date(2026, 12, 20), "Phường Tân Định, ngày 20 tháng 12 năm 2026"),
    (date(2026, 12, 31), "Phường Tân Định, ngày 31 tháng 12 năm 2026"),
    (date(2026, 9, 10), "Phường Tân Định, ngày 10 tháng 9 năm 2026"),
    (date(2028, 2, 29), "Phường Tân Định, ngày 29 tháng 02 năm 2028"),
])
def test_date_line(day, line):
    assert date_line("Phường Tân Định", day) == line


def test_date_line_normalises_place():
    place = unicodedata.normalize("NFD", " Hà  Nội ")
    assert date_line(place, date(2026, 1, 1)) == "Hà Nội, ngày 01 tháng 01 năm 2026"
    assert date_line("", date(2026, 4, 30)) == "ngày 30 tháng 4 năm 2026"


@pytest.mark.parametrize("d,text", [
    (date(2026, 1, 5), "05/01/2026"), (date(2025, 12, 31), "31/12/2025"),
    (date(999, 3, 4), "04/03/0999"), (None, ""),
])
def test_format_date(d, text):
    assert format_date(d) == text


@pytest.mark.parametrize("text,expected", [
    ("05/01/2026", date(2026, 1, 5)),
    ("5/1/2026", date(2026, 1, 5)),
    ("05/1/2026", date(2026, 1, 5)),
    ("12/03/2026", date(2026, 3, 12)),  # day first, never US month first
    ("13/12/2026", date(2026, 12, 13)),
    ("05-01-2026", date(2026, 1, 5)),
    ("05.01.2026", date(2026, 1, 5)),
    ("2026-01-05", date(2026, 1, 5)),
    ("2026-1-5", date(2026, 1, 5)),
    (" 29/02/2028 ", date(2028, 2, 29)),
    ("31/12/1999", date(1999, 12, 31)),
])
def test_parse_date_good(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "31/02/2025", "29/02/2025", "00/01/2026", "01/13/2026", "32/01/2026", "2026-02-30",
    "05/01/26", "05/01-2026", "2026/01/05", "05 01 2026", "5 tháng 1 2026", "hôm nay",
    "", "   ", "05/01/2026x", "١٢/٠٣/٢٠٢٦", "2026-13-01", "123/01/2026",
])
def test_parse_date_bad(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_parse_date_message_is_english():
    with pytest.raises(ValueError, match="Impossible date '31/02/2025'"):
        parse_date("31/02/2025")
    with pytest.raises(ValueError, match="expected dd/mm/yyyy"):
        parse_date("2026/01/05")


def test_format_date_round_trips():
    d = date(2026, 2, 9)
    assert parse_date(format_date(d)) == d


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("value,decimals,text", [
    (1234.5, 1, "1.234,5"),
    (1234, 0, "1.234"),
    (0, 0, "0"),
    (999, 0, "999"),
    (1000, 0, "1.000"),
    (1234567, 0, "1.234.567"),
    (1234567.891, 2, "1.234.567,89"),
    (-1234.5, 1, "-1.234,5"),
    (0.5, 0, "1"),  # half up, not banker's rounding
    (2.675, 2, "2,68"),  # as written, not the binary value 2.67499...
    (-0.4, 0, "0"),  # no "-0"
    (Decimal("1500000"), 0, "1.500.000"),
    (12.3, 2, "12,30"),
    (None, 0, ""),
])
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "abc"])
def test_format_number_rejects_non_numbers(value):
    with pytest.raises(ValueError):
        format_number(value)
