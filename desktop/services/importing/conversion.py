"""A column of cells converted at once: each distinct value once, and text that is already clean recognised in
bulk (a few passes of C code over the whole column joined into one string) instead of cell by cell.

A 10,000-row list holds 10,000 distinct names and certificate numbers but a few dozen units, results and
years; either way the per-cell work left is a dict lookup done by `map` in C.
"""
from __future__ import annotations

import re
import unicodedata
from itertools import repeat
from operator import is_

from desktop.domain.legacy_encodings import WIDE, LegacyDecoder
from desktop.services.importing.cells import ZERO_WIDTH, CellProblem, as_text, clean

# What clean() removes or changes besides runs of spaces: whitespace other than a space and "\n" (which
# separates the cells here) and the zero-width characters. WHITESPACE is what str.split() splits on.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
              "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_ODD_CHARACTERS = re.compile("[" + re.escape(WHITESPACE.replace(" ", "").replace("\n", "")) + ZERO_WIDTH + "]")


def column_values(convert, cells: list | tuple, decoder: LegacyDecoder | None) -> tuple[list, bool]:
    """Every cell of a column through `convert` (None for an empty cell, a CellProblem for one that cannot
    be converted), and whether any is a CellProblem. `decoder`: the sheet's, for text that may be in a
    legacy encoding (None when the cells are decoded already)."""
    if convert is as_text:
        texts = _text_column(cells, decoder)
        if texts is not None:
            return texts, False
    conversions, has_problems = converted_table(convert, cells, decoder)
    if conversions is None:  # True and 1.0 are one dict key: such a column is converted cell by cell
        return [None if value == "" or value is None else converted(convert, value, decoder) for value in cells], True
    return list(map(conversions.__getitem__, cells)), has_problems


def _text_column(cells: list | tuple, decoder: LegacyDecoder | None) -> list | None:
    """as_text for a column of texts that are clean already (the usual column), without a dict of them: each
    cell is itself, or None when empty. None when some cell is not a text or not clean."""
    values = set(cells)
    values.discard("")
    values.discard(None)
    try:
        fixes = _fixes_of_clean(values, decoder)
    except TypeError:  # numbers or dates among the texts
        return None
    if fixes is None:
        return None
    if fixes:
        return [fixes.get(cell, cell) or None for cell in cells]
    return [cell or None for cell in cells]


def converted_table(convert, cells: list, decoder: LegacyDecoder | None) -> tuple[dict | None, bool]:
    """{cell value: converted value or CellProblem} for the distinct values of a column ("" and None map to
    None), and whether any of them is a CellProblem; (None, True) when the cells cannot share one table.
    `decoder` turns legacy-encoded text into Unicode (None when the cells are decoded already)."""
    values = set(cells)
    values.discard("")
    values.discard(None)
    for flag in (True, False):
        # TRUE and 1.0 are one key, but "x" and "1" as text: a column holding both is converted cell by cell.
        if flag in values and 0 < sum(map(is_, cells, repeat(flag))) < cells.count(flag):
            return None, True
    conversions: dict = {"": None, None: None}
    if convert is as_found:
        conversions.update(zip(values, values))
        for text in [value for value in values if type(value) is str] if decoder is not None else ():
            conversions[text] = converted(as_found, text, decoder)
        return conversions, False
    if convert is as_text:
        _texts(list(values), decoder, conversions)
        return conversions, False
    problems = False
    for value in values:
        result = conversions[value] = converted(convert, value, decoder)
        problems = problems or type(result) is CellProblem
    return conversions, problems


def as_found(value):
    """A cell kept as it is (the row number column: only a group heading's "I", "II" is read from it)."""
    return value


def converted(convert, value, decoder: LegacyDecoder | None):
    """One cell through its column's conversion; a CellProblem is returned, not raised."""
    if decoder is not None and type(value) is str and not (value.isascii() or WIDE.search(value)):
        value = decoder.decode(value)
    try:
        return convert(value)
    except CellProblem as problem:
        return problem


def _texts(values: list, decoder: LegacyDecoder | None, table: dict) -> None:
    """as_text for many cells: the common column (every text NFC, no zero-width character, single spaces,
    nothing that may be TCVN3 or VNI) maps each text to itself after one look at all of them."""
    texts = [value for value in values if type(value) is str]
    if len(texts) < len(values):
        for value in values:
            if type(value) is not str:
                table[value] = as_text(value)
    fixes = _fixes_of_clean(texts, decoder)
    if fixes is None:
        _one_by_one(texts, decoder, table)
        return
    table.update(zip(texts, texts))
    table.update(fixes)


def _fixes_of_clean(texts, decoder: LegacyDecoder | None) -> dict | None:
    """For distinct texts that clean() leaves as they are, after one look at all of them: {text: as_text of
    it} for the few that may be TCVN3 or VNI (the others are themselves); None when some text is not clean
    already, or holds a line break (the lines of the join are then not the texts)."""
    joined = "\n".join(texts)
    if texts and (joined.count("\n") != len(texts) - 1 or not _clean_already(joined)):
        return None
    fixes: dict = {}
    if decoder is not None and not joined.isascii():
        _one_by_one(decoder.suspects(joined), decoder, fixes)
    return fixes


def _clean_already(joined: str) -> bool:
    """Texts joined by "\n" that clean() leaves as they are: NFC, single spaces, nothing odd."""
    return not ("  " in joined or "\n " in joined or " \n" in joined or joined[:1] == " " or joined[-1:] == " "
                or _ODD_CHARACTERS.search(joined)) and (joined.isascii() or unicodedata.is_normalized("NFC", joined))


def lines_matching(pattern: re.Pattern, joined: str) -> list[int]:
    """The line numbers (0-based) of the matches of `pattern` in `joined`, each line once."""
    found, line, scanned = [], 0, 0
    for match in pattern.finditer(joined):
        line += joined.count("\n", scanned, match.start())
        scanned = match.start()
        if not found or found[-1] != line:
            found.append(line)
    return found


def _one_by_one(texts, decoder: LegacyDecoder | None, table: dict) -> None:
    for text in texts:
        if decoder is not None and not (text.isascii() or WIDE.search(text)):
            text_in_unicode = decoder.decode(text)
        else:
            text_in_unicode = text
        table[text] = clean(text_in_unicode) or None


def blank_positions(values: list) -> list[int]:
    """Positions of the "" and None in a column, in order: a few searches in C for the few blanks of a list
    of people, instead of a test of every cell in Python."""
    found = []
    for blank in ("", None):
        i = -1
        try:
            while True:
                i = values.index(blank, i + 1)
                found.append(i)
        except ValueError:
            pass
    found.sort()
    return found
