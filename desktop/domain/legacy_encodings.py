"""Vietnamese text typed in the legacy 8-bit encodings TCVN3 (ABC) and VNI Windows, back to Unicode NFC.

Old offices typed with the ".VnTime" (TCVN3) or "VNI-Times" (VNI) fonts: the file stores Latin-1 code
points that only those fonts draw as Vietnamese ("NguyÔn V¨n An", "Nguyeãn Vaên An"). The encoding is
recognised from the text itself (characters no Vietnamese word contains, and which decoding yields real
Vietnamese syllables) or, where the file keeps it, from the cell's font. Conversion is letter by letter,
so the tone placement the typist chose (hoà or hòa) is kept. Standard library only.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)

# --------------------------------------------------------------------------- TCVN3 (TCVN 5712:1993, VN3)
# Unicode letter, then the character the ABC fonts draw it with. Capitals with a tone mark have no code of
# their own: the "...H" fonts (".VnTimeH") draw every lowercase code as its capital.
_TCVN3_PAIRS = (
    "àµ á¸ ả¶ ã· ạ¹ ă¨ ằ» ắ¾ ẳ¼ ẵ½ ặÆ â© ầÇ ấÊ ẩÈ ẫÉ ậË đ® èÌ éÐ ẻÎ ẽÏ ẹÑ êª ềÒ ếÕ ểÓ ễÔ ệÖ "
    "ì× íÝ ỉØ ĩÜ ịÞ òß óã ỏá õâ ọä ô« ồå ốè ổæ ỗç ộé ơ¬ ờê ớí ởë ỡì ợî ùï úó ủñ ũò ụô ư\xad ừõ ứø "
    "ửö ữ÷ ựù ỳú ýý ỷû ỹü ỵþ Ă¡ Â¢ Ê£ Ô¤ Ơ¥ Ư¦ Đ§"
).split()
TCVN3_TO_UNICODE: dict[str, str] = {legacy: letter for letter, legacy in _TCVN3_PAIRS}
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)

# --------------------------------------------------------------------------- VNI Windows
# A base letter followed by a mark character; i and y with a tone, ơ, ư and đ are single characters.
# Mark order below: sắc, huyền, hỏi, ngã, nặng.
_VNI_TONES = "ùøûõï"
_VNI_CIRCUMFLEX = "âáàåãä"  # no tone, then the five tones
_VNI_BREVE = "êéèúüë"
_TONES_NFD = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for upper in (False, True):
        case = str.upper if upper else (lambda s: s)
        for base in "aeouy":
            for mark, tone in zip(_VNI_TONES, _TONES_NFD):
                if base == "y" and tone == "\u0323":
                    continue  # ỵ is the single character "î"
                table[case(base + mark)] = case(unicodedata.normalize("NFC", base + tone))
        for base, modifier, marks in (("a", "\u0302", _VNI_CIRCUMFLEX), ("e", "\u0302", _VNI_CIRCUMFLEX),
                                      ("o", "\u0302", _VNI_CIRCUMFLEX), ("a", "\u0306", _VNI_BREVE)):
            for mark, tone in zip(marks, ("",) + _TONES_NFD):
                table[case(base + mark)] = case(unicodedata.normalize("NFC", base + modifier + tone))
        for single, horned in (("ô", "ơ"), ("ö", "ư")):
            table[case(single)] = case(horned)
            for mark, tone in zip(_VNI_TONES, _TONES_NFD):
                table[case(single + mark)] = case(unicodedata.normalize("NFC", horned + tone))
        for single, letter in zip("íìæóò", "íìỉĩị"):
            table[case(single)] = case(letter)
        table[case("î")] = case("ỵ")
        table[case("ñ")] = case("đ")
    # A capital letter typed with a lowercase mark ("Aù") is still the capital.
    for key, value in list(table.items()):
        if len(key) == 2 and key[0].isupper():
            table.setdefault(key[0] + key[1].lower(), value)
    return table


VNI_TO_UNICODE: dict[str, str] = _build_vni()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# --------------------------------------------------------------------------- plausible Vietnamese
# Latin-1 letters that Vietnamese Unicode text also uses: a text made only of these may be either.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
WIDE = re.compile("[^\x00-\xff]")  # a character above Latin-1: the text is Unicode already
_WORD = re.compile(r"[^\W\d_]+")
_TONE_MARKS = set(_TONES_NFD)
_INITIALS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
             "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_NUCLEI = set(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy "
    "ưa ưi ươ ưu yê iêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu yêu".split())
_LETTERS = set("abcdđeghiklmnopqrstuvxyăâêôơư")


@lru_cache(maxsize=65536)
def plausible_word(word: str) -> bool:
    """True when `word` can be one Vietnamese syllable: initial, vowel nucleus, final, one tone at most."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False  # "NguyÔn" read as Unicode: a capital inside a word
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    if not set(bare) <= _LETTERS:
        return False
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rest = bare[len(initial):]
        for final in _FINALS:
            if rest.endswith(final) and rest[:len(rest) - len(final)] in _NUCLEI:
                return True
    return False


def plausibility(text: str) -> float:
    """Share of the words with a non-ASCII letter that are Vietnamese syllables (1.0 when there are none)."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 1.0
    return sum(1 for w in words if plausible_word(w)) / len(words)


_NOT_VIETNAMESE_LATIN1 = re.compile("[^\x00-\x7f" + "".join(sorted(_VIETNAMESE_LATIN1)) + "]")
# A VNI letter with a mark is a vowel followed by a mark character; without such a pair, a text made of
# Vietnamese Latin-1 letters reads the same in VNI as in Unicode.
# A line of Latin-1 letters with at least one beyond ASCII (and none above U+00FF): maybe TCVN3 or VNI text.
# The first run is ASCII only, so the match is linear in the length of a line.
_MAYBE_LEGACY = re.compile(r"^[\x00-\x09\x0b-\x7f]*[\x80-\xff][\x00-\x09\x0b-\xff]*$", re.MULTILINE)
_VNI_PAIR = re.compile("[aeiouyAEIOUY][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]")


def _clean_latin1_only(text: str) -> bool:
    return not _NOT_VIETNAMESE_LATIN1.search(text)


# --------------------------------------------------------------------------- conversion


def _upper_words_like_typed(converted: str, original: str) -> str:
    """TCVN3 has no capitals with tone marks: in "NGUYÔN" the typist meant every letter upper case.

    A word counts as typed in capitals when at least two of its ASCII letters are and none is lower case
    (one capital alone is only the initial of "Hå", Hồ).
    """
    out = []
    for conv, orig in zip(converted.split(" "), original.split(" ")):
        letters = [ch for ch in orig if ch.isascii() and ch.isalpha()]
        out.append(conv.upper() if len(letters) >= 2 and all(ch.isupper() for ch in letters) else conv)
    return " ".join(out)


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """TCVN3 (ABC) text to Unicode NFC; `upper` for the capital-only "...H" fonts."""
    converted = text.translate(_TCVN3_TABLE)
    converted = converted.upper() if upper else _upper_words_like_typed(converted, text)
    return unicodedata.normalize("NFC", converted)


def vni_to_unicode(text: str, upper: bool = False) -> str:
    """VNI Windows text to Unicode NFC."""
    converted = _VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)
    return unicodedata.normalize("NFC", converted.upper() if upper else converted)


def to_unicode(text: str, encoding: str, upper: bool = False) -> str:
    if encoding == TCVN3:
        return tcvn3_to_unicode(text, upper)
    if encoding == VNI:
        return vni_to_unicode(text, upper)
    raise ValueError(f"Unknown legacy encoding {encoding!r}")


def encoding_of_font(font_name: str | None) -> tuple[str, bool] | None:
    """(encoding, capitals only) for a legacy font name such as ".VnTimeH" or "VNI-Times"; None otherwise."""
    name = (font_name or "").strip()
    if name.lower().startswith(".vn"):
        return TCVN3, name.endswith("H")
    if re.match(r"(?i)vni[- ]", name):
        return VNI, False
    return None


def detect_legacy(text: str) -> str | None:
    """TCVN3 or VNI when the text itself shows it; None for ASCII, Unicode, or text that may be either."""
    if not text or text.isascii() or WIDE.search(text):
        return None
    clean = _clean_latin1_only(text)
    if clean and not _VNI_PAIR.search(text):
        return None
    as_is = plausibility(text)
    if clean and as_is == 1.0:
        return None  # "Hoà" is good Unicode, and also VNI for "Hồ": only the font or the sheet can tell
    decoded = {encoding: to_unicode(text, encoding) for encoding in ENCODINGS}
    scores = {encoding: plausibility(decoded[encoding]) for encoding in ENCODINGS}
    best = max(ENCODINGS, key=lambda encoding: scores[encoding])
    if scores[best] == 0 or scores[best] < as_is or (clean and scores[best] == as_is):
        return None
    if decoded[best] == unicodedata.normalize("NFC", text):
        return None  # "1° Ngày": Latin-1 signs the legacy tables do not touch
    return best


class LegacyDecoder:
    """Decodes the text cells of one sheet.

    A cell that may be either Unicode or legacy ("Hoà") follows the sheet: when its other cells are
    clearly in one legacy encoding, so is this one.
    """

    def __init__(self) -> None:
        self.dominant: str | None = None
        self.found: dict[str, int] = {TCVN3: 0, VNI: 0}

    def survey(self, texts) -> None:
        """Count the cells that are clearly TCVN3, VNI or Unicode Vietnamese; a legacy encoding rules the
        sheet only when it clearly outnumbers both the other one and Unicode."""
        unicode_cells = 0
        for text in texts:
            if WIDE.search(text):
                unicode_cells += 1
                continue
            encoding = detect_legacy(text)
            if encoding:
                self.found[encoding] += 1
        top = max(ENCODINGS, key=lambda e: self.found[e])
        other = VNI if top == TCVN3 else TCVN3
        clear = self.found[other] * 4 <= self.found[top] and unicode_cells * 2 < self.found[top]
        self.dominant = top if self.found[top] and clear else None

    def suspects(self, lines: str) -> set[str]:
        """Of texts joined by "\n", the ones decode() (without a font) may change: the texts in Latin-1 with
        a letter beyond ASCII, and of those, when no legacy encoding rules the sheet, only the ones that show
        it themselves (a letter Unicode Vietnamese does not use, or a VNI pair). A column of 10,000 names is
        looked at in one pass instead of a call per name."""
        found = set(_MAYBE_LEGACY.findall(lines))
        if self.dominant:
            return found
        return {text for text in found if not _clean_latin1_only(text) or _VNI_PAIR.search(text)}

    def decode(self, text: str, font: tuple[str, bool] | None = None) -> str:
        """The text in Unicode NFC (unchanged when it is not legacy); `font` from encoding_of_font()."""
        if text.isascii():
            return text.upper() if font and font[1] else text
        if WIDE.search(text):
            return text
        if font:
            return to_unicode(text, font[0], font[1])
        encoding = detect_legacy(text)
        if encoding:
            return to_unicode(text, encoding)
        if self.dominant:
            converted = to_unicode(text, self.dominant)
            if converted != text and plausibility(converted) == 1.0:
                return converted
        return text
