"""Vietnamese text rules: normalisation, search folding, collation, dates and numbers.

Standard library only: ICU has no Windows wheel and Babel has no collation, so the
Vietnamese collator is reproduced here and checked against ICU's answers in
``shared/testdata/vi-collation`` (see DOMAIN.md, "Vietnamese text rules").
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

__all__ = [
    "nfc",
    "clean_text",
    "fold",
    "matches",
    "word_key",
    "name_sort_key",
    "date_line",
    "format_date",
    "parse_date",
    "format_number",
]

# --------------------------------------------------------------------------- normalisation

# Zero-width characters arrive with pasted text (Word, web pages, BOM-prefixed CSV cells);
# they are invisible but make two equal-looking names different.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def nfc(text: str | None) -> str | None:
    """Unicode NFC only; Windows' Vietnamese keyboard and cp1258 files give decomposed text."""
    if text is None:
        return None
    # is_normalized is a fast check, so already-NFC text (the common case) is not copied.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_text(text: str | None) -> str | None:
    """NFC, zero-width characters removed, whitespace runs collapsed to one space, ends stripped."""
    if text is None:
        return None
    # Zero-width characters go first: one sitting between a letter and its tone mark
    # would otherwise block NFC composition.
    return " ".join(nfc(text.translate(_ZERO_WIDTH)).split())


# --------------------------------------------------------------------------- search folding


def _combining_ranges() -> dict[int, None]:
    # Every combining mark is a diacritic to drop; the blocks are listed instead of testing
    # unicodedata.combining() per character at run time, so fold() is one translate() call.
    table: dict[int, None] = {}
    for start, end in ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF),
                       (0x20D0, 0x20FF), (0xFE20, 0xFE2F)):
        table.update(dict.fromkeys(range(start, end + 1)))
    return table


# đ/Đ have no decomposition (they are separate letters), so NFD alone would keep them.
_FOLD_TABLE: dict[int, str | None] = {**_combining_ranges(), **_ZERO_WIDTH,
                                      ord("đ"): "d", ord("Đ"): "d"}


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Search/comparison key: no case, no diacritics, đ → d, single spaces.

    Cached because the people list re-folds the same ~2,000 names on every keystroke.
    """
    if not text:
        return ""
    # NFD splits tone and vowel marks off their letters whatever the input form (NFC, NFD,
    # old or new tone placement), so Hoà/Hòa and Thuỷ/Thủy fold to the same string.
    # casefold runs before the translate because it can itself emit combining marks (İ).
    return " ".join(unicodedata.normalize("NFD", text).casefold().translate(_FOLD_TABLE).split())


def matches(query: str, text: str) -> bool:
    """True when every word of the query occurs in the text, ignoring case and diacritics."""
    haystack = fold(text or "")
    return all(token in haystack for token in fold(query or "").split())


# --------------------------------------------------------------------------- collation
#
# A key mirrors an ICU sort key for locale "vi", tertiary strength: one sequence per
# level, compared level by level.  Each collation element (CE) is a letter (or other
# non-ignorable character) or a combining mark:
#   primary   - letters in Vietnamese dictionary order; marks contribute nothing;
#   secondary - every CE contributes: letters the "common" weight 0, marks their weight,
#               so tones compare left to right by position (Hoà < Hòa, Thuỳ < Thùy);
#   tertiary  - every CE contributes: 0 for lower case and marks, 1 for upper case.
# ă â ê ô ơ ư đ are letters of their own (primary), as in the CLDR "vi" tailoring.

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f j w z: not Vietnamese, Latin places
_LETTER_INDEX = {ch: i for i, ch in enumerate(_ALPHABET)}

# base letter + modifying mark → Vietnamese letter (matches ICU's contractions; the mark
# may be separated from its letter by a dot below in NFD, e.g. ộ = o U+0323 U+0302).
_MODIFIED = {("a", 0x0306): "ă", ("a", 0x0302): "â", ("e", 0x0302): "ê",
             ("o", 0x0302): "ô", ("o", 0x031B): "ơ", ("u", 0x031B): "ư"}

# CLDR vi: &̀<<̉<<̃<<́<<̣ - huyền < hỏi < ngã < sắc < nặng, all above "no tone" (0).
_TONE_WEIGHT = {0x0300: 1, 0x0309: 2, 0x0303: 3, 0x0301: 4, 0x0323: 5}

# Primary tiers, as in the CLDR root order: spaces < punctuation < symbols < digits <
# Latin letters < other scripts.  Tier in the high bits, rank within tier in the low bits.
_SPACE, _PUNCT, _SYMBOL, _DIGIT, _LATIN, _OTHER = range(6)
_PUNCT_ORDER = {ch: i for i, ch in enumerate(
    "_-\u2010\u2011\u2012\u2013\u2014,;:!¡?¿.…·'‘’\"“”«»()[]{}§¶@*/\\&#%‰†‡•"
    "`´^¨°©®+±÷×<=>¬|¦~¤¢$£¥€")}


def _primary(ch: str) -> int:
    """Primary weight of one non-mark character, or -1 when ICU ignores it completely."""
    low = ch.lower()
    if low in _LETTER_INDEX:
        return _LATIN << 21 | _LETTER_INDEX[low]
    if ch.isspace():
        return _SPACE << 21
    if ch in _PUNCT_ORDER:
        return _PUNCT << 21 | _PUNCT_ORDER[ch]
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf"):  # controls, zero-width and format characters
        return -1
    if category == "Nd":
        return _DIGIT << 21 | unicodedata.digit(ch)
    if category[0] in "PS":
        return _SYMBOL << 21 | ord(ch)
    return _OTHER << 21 | ord(ch)


@lru_cache(maxsize=16384)
def word_key(word: str) -> tuple:
    """Sort key reproducing ICU's Vietnamese collator (locale vi, tertiary strength)."""
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    chars = unicodedata.normalize("NFD", word or "")
    i, n = 0, len(chars)
    while i < n:
        base = chars[i]
        i += 1
        marks = []
        while i < n and unicodedata.combining(chars[i]):
            marks.append(ord(chars[i]))
            i += 1
        if unicodedata.combining(base):  # stray mark with no letter before it
            marks.insert(0, ord(base))
        else:
            letter = base.lower()
            for mark in marks:  # fold a breve/circumflex/horn into ă â ê ô ơ ư
                if (letter, mark) in _MODIFIED:
                    letter = _MODIFIED[letter, mark]
                    marks.remove(mark)
                    break
            weight = _primary(letter)
            if weight >= 0:
                primary.append(weight)
                secondary.append(0)
                tertiary.append(1 if base.isupper() else 0)
        for mark in marks:
            # Non-Vietnamese marks (diaeresis, caron...) sort after the five tones.
            secondary.append(_TONE_WEIGHT.get(mark, 16 + mark))
            tertiary.append(0)
    # Last level: code points, like ICU's identical level, so unequal strings never tie
    # and a sort does not depend on the input order.
    return tuple(primary), tuple(secondary), tuple(tertiary), chars


def name_sort_key(full_name: str) -> tuple:
    """Vietnamese list order: given name (last word), middle names, family name (first word)."""
    whole = clean_text(full_name or "")
    words = whole.split(" ") if whole else [""]
    given = words[-1]
    middle = " ".join(words[1:-1])
    family = words[0] if len(words) > 1 else ""
    return word_key(given), word_key(middle), word_key(family), word_key(whole)


# --------------------------------------------------------------------------- dates


def date_line(place: str, day: datetime.date) -> str:
    """Place-and-date line of an administrative document (Nghị định 30/2020/NĐ-CP).

    Days below 10 and the months 1 and 2 take a leading zero; months 3..12 do not.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    place = clean_text(place or "")
    return f"{place}, {text}" if place else text


def format_date(d: datetime.date | None) -> str:
    """dd/mm/yyyy, the table format; "" for a missing date."""
    if d is None:
        return ""
    # Not strftime: its %Y does not zero-pad years below 1000 on every platform.
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# ASCII digits only ([0-9], not \d): other scripts' digits are not dates here.
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def parse_date(text: str) -> datetime.date:
    """Parse dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO yyyy-mm-dd.

    Day first always (never guessed from the locale); only the ISO form is year first.
    Two-digit years are refused rather than guessed.
    """
    cleaned = clean_text(text) if isinstance(text, str) else None
    if not cleaned:
        raise ValueError(f"Empty or missing date: {text!r}")
    if m := _ISO.fullmatch(cleaned):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DAY_FIRST.fullmatch(cleaned):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
    else:
        raise ValueError(f"Unrecognised date {text!r}: expected dd/mm/yyyy or yyyy-mm-dd")
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"Impossible date {text!r}: {exc}") from None


# --------------------------------------------------------------------------- numbers

_SWAP_SEPARATORS = str.maketrans({",": ".", ".": ","})


def format_number(value, decimals: int = 0) -> str:
    """Vietnamese number format: "." between thousands, "," before decimals (1.234,5)."""
    if value is None:
        return ""
    try:
        # Decimal via str() keeps the number as written (2.675 stays 2.675, not 2.67499...)
        # and rounds half up, the way people and the paper records round.
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():  # NaN would pass quantize() silently
            raise InvalidOperation
        quantum = Decimal(1).scaleb(-decimals)
        number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"Not a finite number: {value!r}") from None
    if number == 0:
        number = abs(number)  # no "-0" after rounding a small negative value
    return f"{number:,.{decimals}f}".translate(_SWAP_SEPARATORS)
