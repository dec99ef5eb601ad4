"""The data rows of a sheet -> ParsedRows: each recognised cell decoded, cleaned and typed, with the
problems of the cells that cannot be.

This is the hot loop of an import (10,000 rows must cost little more than reading the file), so the work
goes column by column: each column's conversion is chosen once and applied to each distinct value once
(conversion.py), and the fields are combined on whole columns (finish.py).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, chain
from dataclasses import dataclass
from operator import itemgetter

from desktop.domain.errors import N_
from desktop.domain.legacy_encodings import WIDE
from desktop.domain.vietnamese import fold
from desktop.services.importing import vocabulary
from desktop.services.importing.cells import CellProblem, as_birth, as_date, as_mark, as_number, as_period, as_text
from desktop.services.importing.conversion import as_found, blank_positions, column_values
from desktop.services.importing.finish import attendance_columns, finish_course, finish_officer, person_columns
from desktop.services.importing.model import ParsedRow, Problem, column_letter
from desktop.services.importing.progress import check_cancelled
from desktop.services.importing.row_sets import ColumnRows

EMPTY_KEY = N_("Row {row}, column {column}: this row has data but no name; fill in the name or delete the row.")
EMPTY_TITLE = N_("Row {row}, column {column}: this row has data but no course title; fill it in or delete the "
                 "row.")

_GROUP_TEXT = re.compile(r"^([IVXLC]+|[A-Z])\s*[.):/-]\s*\S")
_GROUP_WORDS = ("lop ", "phan xuong", "phong ", "bo phan", "don vi", "khoi ", "cong doan", "nhom ")
_IGNORED_FOR_DATA = {"number", "notes", "count"}
_HEADING_FIELDS = {"title", "full_name", "given_name", "family_name", "number"}  # all a group heading fills
_MALE_FEMALE = {"male": vocabulary.SEXES["nam"], "female": vocabulary.SEXES["nu"]}


def _mark_or_text(value):
    mark = as_mark(value)
    return mark if mark is not None else as_text(value)


def _posts(value):
    text = as_text(value)
    return vocabulary.posts_of(text) if text else None


def _education(value):
    text = as_text(value)
    return vocabulary.education_of(text) if text else None


def _theory(value):
    text = as_text(value)
    return vocabulary.theory_of(text) if text else None


def _sex(value):
    text = as_text(value)
    return vocabulary.sex_of(text) if text else None


def _phone(value):
    """A mobile number typed as a number lost its leading zero (912345678.0): put it back."""
    text = as_text(value)
    if text and text.isdigit() and len(text) == 9 and not isinstance(value, str):
        return "0" + text
    return text


def _party(value):
    """"x" for a Party member, or the date of admission."""
    mark = as_mark(value)
    if mark is not None:
        return mark, None
    day = as_date(value)
    return True, day


def _sex_cell(value, column_name: str):
    """A cell under "Nam" or "Nữ": (date of birth, year of birth, sex) for a year or date, (None, None, sex)
    for a tick, None for an empty mark."""
    sex = _MALE_FEMALE[column_name]
    if type(value) is float and 1900 <= value <= 2100 and value.is_integer():  # the usual year of birth
        return None, int(value), sex
    mark = as_mark(value)
    if mark is None or (type(value) in (int, float) and value > 1):
        return (*as_birth(value), sex)
    return (None, None, sex) if mark else None


def _result_cell(value):
    """A "Kết quả" cell: ("result", code), or ("text", text) for what is no result (maybe a certificate)."""
    text = as_text(value)
    if not text:
        return None
    try:
        return "result", vocabulary.result_of(text)
    except CellProblem:
        return "text", text


CONVERTERS = {
    "number": as_found,
    "birth": as_birth, "male": lambda v: _sex_cell(v, "male"), "female": lambda v: _sex_cell(v, "female"),
    "sex": _sex, "result": _result_cell,
    "start_date": as_date, "end_date": as_date, "party_join_date": as_date, "post_start": as_date,
    "period": as_period, "days": as_number, "hours": as_number, "count": as_number,
    "post": _posts, "education": _education, "political_theory": _theory, "party": _party,
    "phone": _phone, "full_time": _mark_or_text, "part_time": as_mark, "status": _mark_or_text,
    "result_is_excellent": as_mark, "result_is_good": as_mark, "result_is_pass": as_mark,
    "result_is_fail": as_mark,
}


# Fields a kind reads from the row (others, such as "Chức vụ" on an attendee list, are only shown).
USED = {
    "courses": {"number", "title", "topic", "organiser", "period", "start_date", "end_date", "days", "hours",
                "place", "mode", "audience"},
    "attendance": {"number", "full_name", "family_name", "given_name", "birth", "male", "female", "sex",
                   "department", "phone", "email", "member_code", "notes", "result", "certificate_no", "status",
                   "result_is_excellent", "result_is_good", "result_is_pass", "result_is_fail"},
}


@dataclass
class RowBlock:
    """The candidate rows of a sheet, parsed: `numbers` (1-based sheet rows), `columns` (field -> a value per
    row), `problems` (position -> problems), the group headings among them, each row's key text, and for
    the short lists each row's ParsedRow."""
    numbers: list[int]
    columns: dict[str, list]
    problems: dict[int, list[Problem]]
    groups: set[int]
    keys: list
    parsed: list[ParsedRow] | None

    @classmethod
    def joined(cls, blocks: list[RowBlock]) -> RowBlock:
        """Blocks of consecutive rows as one (a sheet read in parts gives a block a part)."""
        if len(blocks) == 1:
            return blocks[0]
        offsets = list(accumulate([len(block.numbers) for block in blocks[:-1]], initial=0))
        names = dict.fromkeys(name for block in blocks for name in block.columns)
        return cls(
            list(chain.from_iterable(block.numbers for block in blocks)),
            {name: list(chain.from_iterable(block.columns.get(name) or [None] * len(block.numbers)
                                            for block in blocks)) for name in names},
            {offset + p: found for offset, block in zip(offsets, blocks) for p, found in block.problems.items()},
            {offset + p for offset, block in zip(offsets, blocks) for p in block.groups},
            list(chain.from_iterable(block.keys for block in blocks)),
            None if blocks[0].parsed is None else list(chain.from_iterable(block.parsed for block in blocks)))

    def data_rows(self, kept: list[int]) -> list[ParsedRow] | ColumnRows:
        """The rows at the `kept` positions (in order): ParsedRows, or an attendee list's columns."""
        if self.parsed is not None:
            return [self.parsed[p] for p in kept]
        if len(kept) == len(self.numbers):  # every candidate is data: the columns as they are
            return ColumnRows(self.numbers, self.columns, self.problems)
        if kept and kept[-1] - kept[0] == len(kept) - 1:  # one run of rows (a total or signature below)
            first, end = kept[0], kept[-1] + 1
            return ColumnRows(self.numbers[first:end],
                              {name: values[first:end] for name, values in self.columns.items()},
                              {p - first: problems for p, problems in self.problems.items() if first <= p < end})
        at = {p: bisect_left(kept, p) for p in self.problems}
        return ColumnRows(list(map(self.numbers.__getitem__, kept)),
                          {name: list(map(values.__getitem__, kept)) for name, values in self.columns.items()},
                          {at[p]: problems for p, problems in self.problems.items()
                           if at[p] < len(kept) and kept[at[p]] == p})


class RowReader:
    def __init__(self, table, grid, decoder) -> None:
        self.table = table
        self.rows = grid.rows
        self.fonts = grid.fonts
        self.decoder = decoder
        self.sheet = table.sheet
        used = USED.get(table.kind)
        self.plan = [(name, column, CONVERTERS.get(name, as_text)) for name, column in table.mapping.items()
                     if used is None or name in used]
        self.fill = self._vertical_fill(grid.merged, set(table.mapping.values()))
        # A row of a sheet read in parts ends at its part's last column: the cells a merge above fills may lie
        # beyond it (sheet_parts).
        self.fill_width = max((c for _, c in self.fill), default=-1) + 1
        self.result_marks = any(name.startswith("result_is_") for name in table.mapping)

    @staticmethod
    def _vertical_fill(merged, columns) -> dict[tuple[int, int], tuple[int, int]]:
        """A unit name merged down over its people's rows counts for each of them."""
        fill = {}
        for (r0, c0), (r1, c1) in merged:
            if r1 > r0 and c0 in columns:
                for r in range(r0 + 1, r1 + 1):
                    fill[(r, c0)] = (r0, c0)
        return fill

    def raw(self, r: int, c: int):
        row = self.rows[r]
        value = row[c] if c < len(row) else ""
        if value == "" and self.fill:
            origin = self.fill.get((r, c))
            if origin:
                above = self.rows[origin[0]]
                value = above[origin[1]] if origin[1] < len(above) else ""
        if type(value) is str and (self.fonts or not (value.isascii() or WIDE.search(value))):
            value = self.decoder.decode(value, self.fonts.get((r, c)) if self.fonts else None)
        return value

    def text(self, r: int, c: int) -> str:
        return as_text(self.raw(r, c)) or ""

    def texts(self, r: int) -> list[str]:
        return [self.text(r, c) for c in range(max(len(self.rows[r]), self.fill_width))]

    def has_data(self, r: int) -> bool:
        return any(self.raw(r, c) not in ("", None) for name, c in self.table.mapping.items()
                   if name not in _IGNORED_FOR_DATA)

    def problem(self, message_id: str, r: int, c: int | None, **params) -> Problem:
        return Problem(message_id, self.sheet, r + 1, None if c is None else column_letter(c), params)

    def report_empty_key(self, r: int, c: int | None) -> None:
        message = EMPTY_TITLE if self.table.kind == "courses" else EMPTY_KEY
        self.table.problems.append(self.problem(message, r, c))

    def parse_rows(self, indices: list[int], cancelled=None) -> RowBlock:
        """The rows' values, their problems, the group headings among them and each row's key text (name or
        course title, None when empty).

        Column by column (this is the hot loop of a 10,000-row list): each column's distinct values are
        decoded and converted once (conversion.column_values), then what the fields mean together is
        worked out on whole columns (finish). An attendee list stays in columns; the short lists (courses,
        officers) get each row's dict.
        """
        slow = bool(self.fill or self.fonts)  # per-cell fonts or merged cells: each cell looked up alone
        block = list(map(self.rows.__getitem__, indices))
        widths = set(map(len, block))
        # Rows of one width (calamine's grid): every column at once, in C.
        transposed = list(zip(*block)) if len(widths) == 1 and not slow else None
        narrowest = min(widths, default=0)
        decoder = None if slow else self.decoder
        columns: dict[str, list] = {}
        problems_at: dict[int, list[Problem]] = {}
        for name, c, convert in self.plan:
            check_cancelled(cancelled)
            if slow:
                cells = [self.raw(r, c) for r in indices]  # decoded already
            elif transposed is not None:
                cells = transposed[c] if c < narrowest else ("",) * len(indices)
            elif c < narrowest:
                cells = list(map(itemgetter(c), block))
            else:
                cells = [row[c] if c < len(row) else "" for row in block]
            values, has_problems = column_values(convert, cells, decoder)
            if has_problems:
                for i in [i for i, value in enumerate(values) if type(value) is CellProblem]:
                    problem = values[i]
                    problems_at.setdefault(i, []).append(self.problem(problem.message_id, indices[i], c,
                                                                      **problem.params))
                    values[i] = None
            columns[name] = values
        groups = self._group_rows(columns)
        return self._rows(columns, indices, problems_at, groups)

    def _group_rows(self, columns: dict[str, list]) -> set[int]:
        """Rows that are a group heading inside the table ("II. PHÂN XƯỞNG MAY"): nothing but a number and a
        key cell. Each other column rules out the rows it fills, so a list of people costs one pass or two."""
        candidates = range(len(next(iter(columns.values()), ())))
        for name, values in columns.items():
            if name not in _HEADING_FIELDS and candidates:
                candidates = [i for i in candidates if values[i] is None]
        found = set()
        for i in candidates:
            values = {name: column[i] for name, column in columns.items() if column[i] is not None}
            if len(values) <= 3 and self._group_heading(values):
                found.add(i)
        return found

    def _rows(self, columns: dict[str, list], indices: list[int], problems_at: dict[int, list[Problem]],
              groups: set[int]) -> RowBlock:
        kind = self.table.kind

        def add(i: int, problem: Problem) -> None:
            problems_at.setdefault(i, []).append(problem)

        if kind != "courses":
            person_columns(self, columns, indices, add)
        parsed = None
        if kind == "attendance":
            attendance_columns(self, columns, indices, add)
        else:
            finish = finish_course if kind == "courses" else finish_officer
            always = () if kind == "courses" else ("birth_date", "birth_year", "sex")
            parsed = []
            for i, cells in enumerate(zip(*columns.values())):
                values = {name: value for name, value in zip(columns, cells) if value is not None}
                values.update((name, columns[name][i]) for name in always)
                if i not in groups:
                    finish(self, indices[i], values, problems_at.setdefault(i, []))
                parsed.append(ParsedRow(indices[i] + 1, values, ()))
        key = "title" if kind == "courses" else "full_name"
        keys = columns.get(key) or [None] * len(indices)
        empty = set(blank_positions(keys))  # converted text is stripped (or None)
        for i in problems_at.keys() | empty:
            problems = problems_at.get(i) or []
            if i in empty and not problems:
                # A key cell holding only spaces, a zero-width space or FALSE is not empty in the sheet but
                # converts to nothing: the row cannot be used, and says so.
                mapping = self.table.mapping
                problems.append(self.problem(EMPTY_TITLE if kind == "courses" else EMPTY_KEY, indices[i],
                                             mapping.get(key, mapping.get("given_name"))))
            if problems:
                problems_at[i] = problems
            else:
                problems_at.pop(i, None)
            if parsed is not None:
                parsed[i].problems = problems
        return RowBlock([r + 1 for r in indices], columns, problems_at, groups, keys, parsed)

    def _group_heading(self, values: dict) -> bool:
        key = values.get("title") or values.get("full_name") or values.get("given_name") or ""
        others = [n for n in values if n not in _HEADING_FIELDS]
        if others:
            return False
        number = as_text(values.get("number"))
        if number and re.fullmatch(r"[IVXLC]+\.?|[A-Z]\.?", number):
            return True
        if _GROUP_TEXT.match(key):
            return True
        return bool(key.isupper() and not number and any(word in fold(key) + " " for word in _GROUP_WORDS))
