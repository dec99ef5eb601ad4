"""`read_table`: a spreadsheet or CSV file -> the rows of one list, typed and cleaned, with their problems.

Below the header it skips the numbering row ("(1) (2) (3)"), blank rows, group headings ("I. LỚP DO …
TỔ CHỨC"), totals ("Tổng cộng") and stops at the signature block. Text typed in TCVN3 or VNI is decoded
(from the text, or the cell's font in .xlsx). Nothing here touches the book.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

from desktop.domain.legacy_encodings import LegacyDecoder
from desktop.services.importing import errors
from desktop.services.importing.columns import KEY_FIELD, KEY_LABEL, known_fields
from desktop.services.importing.conversion import blank_positions, lines_matching
from desktop.services.importing.errors import ImportFileError
from desktop.services.importing.progress import PROGRESS_EVERY, bulk_loop, check_cancelled
from desktop.services.importing.files import SheetGrid, Workbook, inspect_file
from desktop.services.importing.header import SCAN_COLUMNS, Header, apply_mapping, find_header
from desktop.services.importing.model import KINDS, Cancelled, Column, ParsedTable, Progress
from desktop.services.importing.rows import RowBlock, RowReader
from desktop.services.importing.sheet_parts import PartsDisagree

SURVEY_ROWS = 300  # rows that tell a legacy encoding
HEADER_TEXT_ROWS = 62  # rows whose texts are kept: the header (SCAN_ROWS) and the row under it, and the title

_TOTAL_TEXT = r"(tổng\s*cộng|tổng\s*số|tổng|cộng|tong\s*cong|tong\s*so|tong|cong)(\s|:|$)"
_SIGNATURE_TEXT = (r"(tm\s*\.|t/m\b|kt\s*\.|k/t\b|thay mặt|người lập|nguoi lap|người ký|xác nhận|"
                   r"xac nhan|nơi nhận|noi nhan|\(\s*ký|\(\s*ky\b|ký tên|ky ten|thủ trưởng|thu truong|"
                   r"lập biểu|lap bieu)")
_DATE_LINE_TEXT = r".*,\s*(ngày|ngay)\s*[\d.…]*\s*(tháng|thang)\b"  # "Nam Định, ngày 20 tháng 5..."
_TOTAL = re.compile("(?i)^" + _TOTAL_TEXT)
_SIGNATURE_WORDS = re.compile("(?i)" + _SIGNATURE_TEXT)
_DATE_LINE = re.compile("(?i)" + _DATE_LINE_TEXT)
# A total or signature line among the key texts, each after a "\n": the literal "\n" first lets the regex
# engine skip to line starts, and spaces do not cross a line, so one line's match never hides the next one's.
# The date line ("..., ngày ... tháng") is looked for only when some text holds a comma.
_TOTAL_OR_SIGNATURE_LINE, _TOTAL_OR_SIGNATURE_OR_DATE_LINE = (re.compile("(?im)\n(?:" + "|".join(
    text.replace(r"\s", r"[^\S\n]") for text in texts) + ")") for texts in (
    (_TOTAL_TEXT, _SIGNATURE_TEXT), (_TOTAL_TEXT, _SIGNATURE_TEXT, _DATE_LINE_TEXT)))


def _signature(text: str) -> bool:
    return bool(_SIGNATURE_WORDS.match(text) or ("," in text and _DATE_LINE.match(text)))
_SIGNATURE_TITLES = {"chu tich", "pho chu tich", "truong ban", "giam doc", "thu truong don vi", "nguoi lap bieu",
                     "nguoi lap", "ke toan", "truong phong"}
_NUMBERING = re.compile(r"\(?\s*([0-9]{1,2}|[a-zA-Z])\s*\)?")
_GROUP = re.compile(r"^([IVXLC]+|[A-Z]|[0-9]{1,2})\s*[.):/-]\s*\S")
_ROMAN = re.compile(r"^([IVXLC]+|[A-Z])\.?$")


def read_table(path, kind: str, sheet: str | None = None, mapping: dict[str, int | None] | None = None, *,
               progress: Progress | None = None, cancelled: Cancelled | None = None,
               reading_cells: Callable[[], None] | None = None) -> ParsedTable:
    """Read one list from `path` for `kind` ("courses", "attendance", "officers").

    `sheet`: a sheet name (default: the first sheet with a recognisable header). `mapping`: field ->
    0-based column index, overriding what the headers say (None drops a field). Raises ImportFileError
    when the file as a whole cannot be used; problems with single rows are in the result.
    `reading_cells()` is called when python-calamine starts building a sheet's cells, which leaves the
    interpreter to other threads for most of the read (read_and_preview loads the book meanwhile).
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind {kind!r}")
    mapping = dict(mapping or {})
    unknown = [name for name in mapping if name not in known_fields(kind)]
    if unknown:
        raise ImportFileError(errors.UNKNOWN_FIELD, field=unknown[0])
    with bulk_loop():  # tens of thousands of cells and rows that all live on: no collector passes over them
        return _read(Path(path), kind, sheet, mapping, progress, cancelled, reading_cells)


def _read(path: Path, kind: str, sheet: str | None, mapping: dict[str, int | None], progress: Progress | None,
          cancelled: Cancelled | None, reading_cells: Callable[[], None] | None) -> ParsedTable:
    source = inspect_file(path)
    check_cancelled(cancelled)
    try:
        # The caller's mapping is checked against the whole grid's width: such a read is not done in parts.
        return _read_source(source, kind, sheet, mapping, progress, cancelled, reading_cells, in_parts=not mapping)
    except PartsDisagree:  # a big sheet's parts do not make up its grid after all: read it whole
        return _read_source(source, kind, sheet, mapping, progress, cancelled, reading_cells, in_parts=False)


def _read_source(source, kind: str, sheet: str | None, mapping: dict[str, int | None], progress: Progress | None,
                 cancelled: Cancelled | None, reading_cells: Callable[[], None] | None, in_parts: bool) -> ParsedTable:
    path = source.path
    workbook = Workbook(source, in_parts)
    try:
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise ImportFileError(errors.NO_SHEET, file=path.name, sheet=sheet, sheets=", ".join(names))
        chosen = None
        first_nonempty = None
        for name in ([sheet] if sheet is not None else workbook.search_order):
            check_cancelled(cancelled)
            grid = workbook.sheet(name, reading_cells)
            if grid.empty:
                continue
            grid.ensure(max(SURVEY_ROWS, HEADER_TEXT_ROWS))  # a sheet read in parts: its first rows
            decoder = _decoder_for(grid)
            texts = _header_texts(grid, decoder)
            header = find_header(texts, grid.merged, kind)
            if header is None and KEY_FIELD[kind] in mapping and mapping[KEY_FIELD[kind]] is not None:
                header = _no_header(grid, mapping)
            first_nonempty = first_nonempty or name
            if header is not None:
                chosen = (grid, decoder, texts, header)
                break
        if chosen is None:
            if first_nonempty is None:
                if sheet is not None or len(names) == 1:
                    raise ImportFileError(errors.SHEET_EMPTY, file=path.name, sheet=sheet or (names or [""])[0])
                raise ImportFileError(errors.ALL_EMPTY, file=path.name)
            raise ImportFileError(errors.NO_HEADER, file=path.name, sheet=first_nonempty,
                                  column=errors.Translated(KEY_LABEL[kind]))
        grid, decoder, texts, header = chosen
        if mapping:
            header = apply_mapping(header, mapping)
            width = max(len(r) for r in grid.rows) if grid.rows else 0
            for name, column in mapping.items():
                if column is not None and not 0 <= column < max(width, 1):
                    raise ImportFileError(errors.BAD_MAPPING, column=column + 1, field=name, count=width)
        table = ParsedTable(path=path, kind=kind, sha256=source.sha256, sheets=names, sheet=grid.name,
                            header_row=None if header.row < 0 else header.row + 1, header_rows=header.rows,
                            columns=header.columns, mapping=header.mapping, rows=[],
                            title=" ".join(" ".join(t for t in row if t) for row in texts[:max(header.row, 0)]),
                            legacy_encoding=decoder.dominant, text_encoding=workbook.text_encoding)
        _read_rows(table, grid, decoder, header, progress, cancelled)
        grid.read_all()  # when the list ends before the sheet does, its width still counts
        if grid.widened:
            _widen_header(table, grid, texts, header)
    finally:
        workbook.close()
    if not table.rows and not table.problems:
        raise ImportFileError(errors.NO_DATA, file=path.name, sheet=table.sheet)
    return table


def _widen_header(table: ParsedTable, grid: SheetGrid, texts: list[list[str]], header: Header) -> None:
    """A sheet read in parts whose later rows are wider than the header rows: the columns as the whole grid
    would have them (calamine makes every row as wide as the widest). The header must be found the same."""
    width = min(max(map(len, grid.rows)), SCAN_COLUMNS)
    wide = find_header([row + [""] * (width - len(row)) for row in texts], grid.merged, table.kind)
    if wide is None or (wide.row, wide.rows, wide.mapping) != (header.row, header.rows, header.mapping):
        raise PartsDisagree()
    table.columns = wide.columns


def _decoder_for(grid: SheetGrid) -> LegacyDecoder:
    decoder = LegacyDecoder()
    decoder.survey(v for row in grid.rows[:SURVEY_ROWS] for v in row if isinstance(v, str) and not v.isascii())
    return decoder


def _header_texts(grid: SheetGrid, decoder: LegacyDecoder) -> list[list[str]]:
    from desktop.services.importing.cells import as_text

    texts = []
    for r, row in enumerate(grid.rows[:HEADER_TEXT_ROWS]):
        # Only the first SCAN_COLUMNS cells can hold the header: a damaged or odd file may have a row of
        # 150,000 cells, and recognising each would take seconds.
        texts.append([as_text(decoder.decode(v, grid.fonts.get((r, c))) if isinstance(v, str) else v) or ""
                      for c, v in enumerate(row[:SCAN_COLUMNS])])
    return texts


def _no_header(grid: SheetGrid, mapping) -> Header:
    """The caller named the columns of a list without a header: the data starts at the first row."""
    width = max(len(r) for r in grid.rows)
    by_column = {c: f for f, c in mapping.items() if c is not None}
    columns = [Column(c, "", by_column.get(c)) for c in range(width)]
    return Header(row=-1, rows=1, columns=columns, mapping={f: c for f, c in mapping.items() if c is not None})


def _numbering(texts: list[str]) -> bool:
    filled = [t for t in texts if t]
    return len(filled) >= 2 and all(_NUMBERING.fullmatch(t) for t in filled)


def _read_rows(table: ParsedTable, grid: SheetGrid, decoder: LegacyDecoder, header: Header,
               progress: Progress | None, cancelled: Cancelled | None) -> None:
    """The data rows below the header, block by block as the grid's parts come in (one block for a sheet
    read whole): each block's rows are worked on while calamine still reads the next part."""
    reader = RowReader(table, grid, decoder)
    rows = grid.rows
    start = header.row + header.rows
    grid.ensure(start + 2)
    # The numbering row may sit right under the header (a blank row between is allowed).
    for r in range(start, min(start + 2, len(rows))):
        texts = reader.texts(r)
        if _numbering(texts):
            table.ignored[r + 1] = "numbering"
            start = r + 1
            break
        if any(texts):
            break
    key_column = header.mapping.get(KEY_FIELD[table.kind])
    if key_column is None:
        key_column = header.mapping.get("given_name")
    number_column = header.mapping.get("number")
    reported = 0

    def report(done: int) -> None:
        """Progress that never goes back, as parts add rows to the total."""
        nonlocal reported
        if progress is not None and done >= reported:
            reported = done
            progress(done, max(grid.expected_rows, done))

    blocks, flagged = [], []
    first, keyed, end = start, 0, None
    with bulk_loop():
        while end is None:
            check_cancelled(cancelled)
            total = len(rows)
            # 1. Rows with a key cell are candidates; the others are blank, headings, totals or the end.
            keyless = _keyless_rows(rows, first, total, key_column)
            stop = total
            for position, r in enumerate(keyless):
                if position % PROGRESS_EVERY == 0:
                    check_cancelled(cancelled)
                    report(r // 2)
                # Rows with a key above this one: those of earlier blocks, and this block's but the keyless.
                kind_of_row = _classify_keyless(reader, r, number_column, seen_data=keyed + r - first > position)
                if kind_of_row == "signature":
                    table.ignored[r + 1] = "signature"
                    end = stop = r
                    break
                if kind_of_row == "data":
                    reader.report_empty_key(r, key_column)
                else:
                    table.ignored[r + 1] = kind_of_row
            candidates = []  # the rows from first to stop but the keyless ones
            after = first
            for r in [r for r in keyless if r < stop] + [stop]:
                candidates.extend(range(after, r))
                after = r + 1
            # 2. Their cells, converted column by column.
            report(stop // 2)
            if candidates:
                blocks.append(reader.parse_rows(candidates, cancelled))
                # Which key texts may be a total or a signature, looked for now while calamine reads on
                flagged.extend(keyed + i for i in _flagged(blocks[-1].keys))
            keyed += len(candidates)
            report(stop * 3 // 4)
            first = total
            if end is None and not grid.read_more():
                end = total
        # 3. What the key cells say: a group heading, a total, or a signature block typed in the key column.
        # One search over all the key texts finds the few rows that may say either; the others are data.
        block = RowBlock.joined(blocks) if blocks else reader.parse_rows([], cancelled)
        table.rows = block.data_rows(_data_positions(table, block, flagged))
    if progress is not None:
        progress(len(rows), len(rows))


def _keyless_rows(rows: list[list], first: int, total: int, key_column: int | None) -> list[int]:
    """The rows among rows[first:total] whose key cell is empty."""
    if key_column is None:
        return list(range(first, total))
    if min(map(len, rows[first:total]), default=0) > key_column:
        return [first + i for i in blank_positions(list(map(itemgetter(key_column), rows[first:total])))]
    return [r for r in range(first, total)
            if key_column >= len(rows[r]) or rows[r][key_column] == "" or rows[r][key_column] is None]


def _data_positions(table: ParsedTable, block, flagged: list[int]) -> list[int]:
    """The positions in `block` of the data rows; the others are recorded in `table.ignored`. `flagged`: the
    positions whose key text may be a total or a signature (_flagged)."""
    groups, keys, numbers = block.groups, block.keys, block.numbers
    kept: list[int] = []
    done = 0
    for i in flagged + [len(keys)]:
        kept.extend([p for p in range(done, i) if p not in groups] if groups else range(done, i))
        if i == len(keys):
            break
        done, key_text = i + 1, keys[i] or ""
        if i in groups:
            continue
        if _TOTAL.match(key_text):
            table.ignored[numbers[i]] = "total"
        elif kept and _signature(key_text):
            table.ignored[numbers[i]] = "signature"
            _forget_after(table, numbers[i])
            groups = {p for p in groups if p < i}
            break
        else:
            kept.append(i)
    for p in groups:
        table.ignored[numbers[p]] = "group"
    return kept


def _flagged(keys: list) -> list[int]:
    """Positions of the key texts that may be a total or a signature line (a superset: each is checked)."""
    joined = "\n" + "\n".join([key or "" for key in keys])
    pattern = _TOTAL_OR_SIGNATURE_OR_DATE_LINE if "," in joined else _TOTAL_OR_SIGNATURE_LINE
    # A match starts at the "\n" before its key: the n-th key's match has n line breaks before it.
    return lines_matching(pattern, joined)


def _forget_after(table: ParsedTable, row: int) -> None:
    """Below the signature block nothing is part of the table."""
    table.ignored = {r: kind for r, kind in table.ignored.items() if r <= row}
    table.problems = [p for p in table.problems if p.row is None or p.row < row]


def _classify_keyless(reader: RowReader, r: int, number_column: int | None, seen_data: bool) -> str:
    """A row with an empty key cell: blank, a total, a group heading, the signature block, or data."""
    texts = reader.texts(r)
    filled = [(c, t) for c, t in enumerate(texts) if t]
    if not filled:
        return "blank"
    if number_column is not None and [c for c, _ in filled] == [number_column]:
        return "blank" if not _ROMAN.match(filled[0][1]) else "group"  # a numbered but empty row
    first = filled[0][1]
    if any(_TOTAL.match(t) for _, t in filled[:2]):
        return "total"
    if any(_signature(t) for _, t in filled):
        return "signature" if seen_data else "blank"
    from desktop.domain.vietnamese import fold

    if seen_data and len(filled) <= 2 and all(fold(t) in _SIGNATURE_TITLES for _, t in filled):
        return "signature"
    if len({t for _, t in filled}) == 1 or (len(filled) <= 2 and _GROUP.match(first)):
        return "group"
    if not reader.has_data(r):
        return "blank"
    return "data"
