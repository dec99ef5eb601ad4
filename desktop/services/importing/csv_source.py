"""CSV files as Excel on a Vietnamese Windows saves them: UTF-8 with a BOM, or Windows-1258 (cp1258), with
',' ';' or a tab between fields. The text comes out NFC (cp1258 writes tone marks as separate characters)."""
from __future__ import annotations

import csv
import io
import unicodedata

from desktop.services.importing import errors
from desktop.services.importing.errors import ImportFileError

DELIMITERS = ",;\t"
# cp1258 writes the five tones as combining marks, and these letters as single bytes.
_CP1258_SIGNS = set("\u0300\u0301\u0303\u0309\u0323ăâđêôơưĂÂĐÊÔƠƯ")
_LATIN_FAMILY = ("cp125", "latin", "iso8859", "mac_", "cp850", "cp437", "ascii")


def decode(data: bytes, file_name: str) -> tuple[str, str]:
    """The text of the file (NFC) and the character set it was written in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _nfc(data[3:].decode("utf-8", errors="replace")), "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = _try(data, "utf-16")
        if text is None:  # odd length or an unpaired surrogate
            raise ImportFileError(errors.CSV_UNREADABLE, file=file_name)
        return _nfc(text), "utf-16"
    try:
        return _nfc(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    cp1258 = _try(data, "cp1258")
    if cp1258 is not None and sum(1 for ch in cp1258 if ch in _CP1258_SIGNS) >= 1:
        return _nfc(cp1258), "cp1258"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:500_000]).best()
    if best is None:
        raise ImportFileError(errors.CSV_UNREADABLE, file=file_name)
    encoding = best.encoding
    if cp1258 is not None and encoding.startswith(_LATIN_FAMILY):
        # A Latin guess for bytes that also read as cp1258: on a Vietnamese PC that is what Excel wrote.
        return _nfc(cp1258), "cp1258"
    text = _try(data, encoding)
    if text is None:
        raise ImportFileError(errors.CSV_UNREADABLE, file=file_name)
    return _nfc(text), encoding


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


SNIFF_LINE_CHARACTERS = 2_000  # csv.Sniffer's expressions take quadratic time on very long lines


def sniff_delimiter(text: str) -> str:
    lines = [line[:SNIFF_LINE_CHARACTERS] for line in text.splitlines()[:50] if line.strip()]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    # Title rows above the table have no delimiter at all: count only the lines that have one, and
    # prefer the delimiter that splits the most lines the same way.
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [line.count(delimiter) for line in lines if delimiter in line]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, file_name: str) -> tuple[list[list[str]], str]:
    text, encoding = decode(data, file_name)
    delimiter = sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:  # a field longer than the csv module allows, a NUL byte...: not a table we can read
        raise ImportFileError(errors.CSV_UNREADABLE, file=file_name) from None
    return rows, encoding
