"""The data rows of a sheet -> ParsedRows: each recognised cell decoded, cleaned and typed, with the
problems of the cells that cannot be.

This is the hot loop of an import (10,000 rows must cost little more than reading the file), so the work
goes column by column: each column's conversion is chosen once, and low-variety columns (unit, result,
post, year) decode and convert each distinct value once.
"""
from __future__ import annotations

import re
from operator import itemgetter

from desktop.domain.errors import N_
from desktop.domain.legacy_encodings import WIDE
from desktop.domain.vietnamese import fold
from desktop.services.importing import vocabulary
from desktop.services.importing.cells import CellProblem, as_birth, as_date, as_mark, as_number, as_period, as_text
from desktop.services.importing.model import ParsedRow, Problem, column_letter
from desktop.services.importing.progress import check_cancelled

EMPTY_KEY = N_("Row {row}, column {column}: this row has data but no name; fill in the name or delete the row.")
EMPTY_TITLE = N_("Row {row}, column {column}: this row has data but no course title; fill it in or delete the "
                 "row.")
NOT_A_NAME = N_("Row {row}, column {column}: {value} is not a person's name.")
BOTH_SEXES = N_("Row {row}: the year of birth is filled in both the Nam and the Nữ column; keep only one.")

_GROUP_TEXT = re.compile(r"^([IVXLC]+|[A-Z])\s*[.):/-]\s*\S")
_GROUP_WORDS = ("lop ", "phan xuong", "phong ", "bo phan", "don vi", "khoi ", "cong doan", "nhom ")
_NO_CACHE = {"full_name", "family_name", "given_name", "birth", "notes", "certificate_no", "phone", "email",
             "member_code", "title", "number", "duties"}
_IGNORED_FOR_DATA = {"number", "notes", "count"}
_MISSING = object()  # not yet in a column's cache (None is a valid converted value)
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
    "number": lambda v: v,  # kept as found; only a group heading ("I", "II") needs it as text
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


def _converted(convert, value, decode):
    """One cell through its column's conversion; a CellProblem is returned, not raised."""
    if decode is not None and type(value) is str and not (value.isascii() or WIDE.search(value)):
        value = decode(value)
    try:
        return convert(value)
    except CellProblem as problem:
        return problem


class RowReader:
    def __init__(self, table, grid, decoder) -> None:
        self.table = table
        self.rows = grid.rows
        self.fonts = grid.fonts
        self.decoder = decoder
        self.sheet = table.sheet
        used = USED.get(table.kind)
        self.plan = [(name, column, CONVERTERS.get(name, as_text), {} if name not in _NO_CACHE and not grid.fonts
                      else None) for name, column in table.mapping.items() if used is None or name in used]
        self.fill = self._vertical_fill(grid.merged, set(table.mapping.values()))
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
                value = self.rows[origin[0]][origin[1]]
        if type(value) is str and (self.fonts or not (value.isascii() or WIDE.search(value))):
            value = self.decoder.decode(value, self.fonts.get((r, c)) if self.fonts else None)
        return value

    def text(self, r: int, c: int) -> str:
        return as_text(self.raw(r, c)) or ""

    def texts(self, r: int) -> list[str]:
        return [self.text(r, c) for c in range(len(self.rows[r]))]

    def has_data(self, r: int) -> bool:
        return any(self.raw(r, c) not in ("", None) for name, c in self.table.mapping.items()
                   if name not in _IGNORED_FOR_DATA)

    def problem(self, message_id: str, r: int, c: int | None, **params) -> Problem:
        return Problem(message_id, self.sheet, r + 1, None if c is None else column_letter(c), params)

    def report_empty_key(self, r: int, c: int | None) -> None:
        message = EMPTY_TITLE if self.table.kind == "courses" else EMPTY_KEY
        self.table.problems.append(self.problem(message, r, c))

    def parse_rows(self, indices: list[int], cancelled=None) -> list[ParsedRow | None]:
        """The rows' values (None for a group heading inside the table).

        Column by column: each column's conversion is chosen once, and a low-variety column (unit, result,
        year) decodes and converts each distinct value once; this is the hot loop of a 10,000-row list.
        """
        slow = bool(self.fill or self.fonts)  # per-cell fonts or merged cells: each cell looked up alone
        block = list(map(self.rows.__getitem__, indices))
        narrowest = min(map(len, block), default=0)
        decode = self.decoder.decode
        names, columns = [], []
        problems_at: dict[int, list[Problem]] = {}
        for name, c, convert, cache in self.plan:
            check_cancelled(cancelled)
            if slow:
                cells = [self.raw(r, c) for r in indices]  # decoded already
            elif c < narrowest:
                cells = list(map(itemgetter(c), block))
            else:
                cells = [row[c] if c < len(row) else "" for row in block]
            converted: list = [None] * len(indices)
            for i, value in enumerate(cells):
                if value == "" or value is None:
                    continue
                if cache is not None:
                    result = cache.get(value, _MISSING)
                    if result is _MISSING:
                        result = cache[value] = _converted(convert, value, None if slow else decode)
                else:
                    result = _converted(convert, value, None if slow else decode)
                if type(result) is CellProblem:
                    problems_at.setdefault(i, []).append(
                        self.problem(result.message_id, indices[i], c, **result.params))
                else:
                    converted[i] = result
            names.append(name)
            columns.append(converted)
        finish = _FINISH[self.table.kind]
        parsed: list[ParsedRow | None] = []
        for i, cells in enumerate(zip(*columns)):
            values = {name: value for name, value in zip(names, cells) if value is not None}
            if len(values) <= 3 and self._group_heading(values):
                parsed.append(None)
                continue
            problems = problems_at.get(i, [])
            finish(self, indices[i], values, problems)
            key = "title" if self.table.kind == "courses" else "full_name"
            if not (values.get(key) or "").strip() and not problems:
                # A key cell holding only spaces, a zero-width space or FALSE is not empty in the sheet but
                # converts to nothing: the row cannot be used, and says so.
                mapping = self.table.mapping
                column = mapping.get(key, mapping.get("given_name"))
                problems.append(self.problem(EMPTY_TITLE if self.table.kind == "courses" else EMPTY_KEY,
                                             indices[i], column))
            parsed.append(ParsedRow(indices[i] + 1, values, problems))
        return parsed

    def _group_heading(self, values: dict) -> bool:
        key = values.get("title") or values.get("full_name") or values.get("given_name") or ""
        others = [n for n in values if n not in ("title", "full_name", "given_name", "family_name", "number")]
        if others:
            return False
        number = as_text(values.get("number"))
        if number and re.fullmatch(r"[IVXLC]+\.?|[A-Z]\.?", number):
            return True
        if _GROUP_TEXT.match(key):
            return True
        return bool(key.isupper() and not number and any(word in fold(key) + " " for word in _GROUP_WORDS))


def _finish_person(reader: RowReader, r: int, values: dict, problems: list[Problem]) -> None:
    if "family_name" in values or "given_name" in values:
        family, given = values.pop("family_name", None), values.pop("given_name", None)
        values["full_name"] = values.get("full_name") or " ".join(part for part in (family, given) if part)
    name = values.get("full_name")
    if name and not name[0].isalpha() and not any(ch.isalpha() for ch in name):
        mapping = reader.table.mapping
        problems.append(reader.problem(NOT_A_NAME, r, mapping.get("full_name", mapping.get("given_name")),
                                       value=name))
    birth_date, birth_year = values.pop("birth") if "birth" in values else (None, None)
    sex = values.get("sex")
    if "male" in values or "female" in values:
        birth_date, birth_year, sex = _sex_columns(reader, r, values, problems, birth_date, birth_year, sex)
    values["birth_date"] = birth_date
    values["birth_year"] = birth_year
    values["sex"] = sex


def _sex_columns(reader: RowReader, r: int, values: dict, problems: list[Problem], birth_date, birth_year, sex):
    """"Nam" | "Nữ" columns: the year (or date) of birth in the column of the person's sex, or a tick."""
    filled = 0
    for column_name in ("male", "female"):
        cell = values.pop(column_name, None)
        if not cell:
            continue
        if cell[1] is not None:
            birth_date, birth_year = cell[0], cell[1]
            filled += 1
        sex = cell[2]
    if filled > 1:
        problems.append(reader.problem(BOTH_SEXES, r, None))
    return birth_date, birth_year, sex


def _finish_courses(reader: RowReader, r: int, values: dict, problems: list[Problem]) -> None:
    start, end = values.pop("period", (None, None))
    values.setdefault("start_date", start)
    values.setdefault("end_date", end)
    values["topic"] = vocabulary.topic_of(values.get("topic"), values.get("title"))
    values["mode"] = vocabulary.mode_of(values.get("mode")) or "in_person"


def _finish_attendance(reader: RowReader, r: int, values: dict, problems: list[Problem]) -> None:
    _finish_person(reader, r, values, problems)
    result = None
    if "result" in values:
        tag, result = values.pop("result")
        if tag == "text":
            mapping = reader.table.mapping
            if "certificate_no" not in mapping and any(ch.isdigit() for ch in result):
                values["certificate_no"] = result  # a certificate number in the result column
            else:
                problems.append(reader.problem(vocabulary.BAD_RESULT, r, mapping["result"], value=result))
            result = None
    if reader.result_marks:  # ticks under "Kết quả" over "Giỏi | Khá | Đạt | Không đạt"
        for key in ("excellent", "good", "pass", "fail"):
            if values.pop("result_is_" + key, False):
                result = key
    values["result"] = result
    status = values.pop("status", None)
    notes = values.get("notes")
    if status is True or (type(status) is str and not vocabulary.is_absent(status)):
        values["status"] = "present"
    elif status is False or (type(status) is str) or (notes and vocabulary.is_absent(notes)):
        values["status"] = "absent"
    else:
        values["status"] = None  # decided by the preview (results list or list of people sent)


def _finish_officers(reader: RowReader, r: int, values: dict, problems: list[Problem]) -> None:
    _finish_person(reader, r, values, problems)
    party = values.pop("party", None)
    if party is not None:
        values["party_member"], joined = party
        values.setdefault("party_join_date", joined)
    elif values.get("party_join_date"):
        values["party_member"] = True
    full_time = values.pop("full_time", None)
    if isinstance(full_time, str):
        full_time = vocabulary.full_time_of(full_time)
    if values.pop("part_time", False):
        full_time = False
    values["full_time"] = bool(full_time)
    values["posts"] = values.pop("post", None) or []


_FINISH = {"courses": _finish_courses, "attendance": _finish_attendance, "officers": _finish_officers}
