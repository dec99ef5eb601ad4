"""What a row's converted cells mean together: the full name from its parts, the year of birth and sex from
"Nam" | "Nữ" columns, a result or a certificate number, present or absent.

The person and attendance parts work column by column (a list per field, loops in comprehensions) because
an attendee list has 10,000 rows; the course and officer specifics, on lists of tens or hundreds of rows,
work on each row's dict.
"""
from __future__ import annotations

import re

from desktop.domain.errors import N_
from desktop.services.importing import vocabulary
from desktop.services.importing.conversion import lines_matching

NOT_A_NAME = N_("Row {row}, column {column}: {value} is not a person's name.")
BOTH_SEXES = N_("Row {row}: the year of birth is filled in both the Nam and the Nữ column; keep only one.")


def person_columns(reader, columns: dict[str, list], indices: list[int], add) -> None:
    """full_name, birth_date, birth_year and sex from the name, birth and sex columns (in place).
    `add(i, problem)` files a problem under the i-th row."""
    n = len(indices)
    mapping = reader.table.mapping
    if "family_name" in columns or "given_name" in columns:
        family = columns.pop("family_name", None) or [None] * n
        given = columns.pop("given_name", None) or [None] * n
        full = columns.get("full_name") or [None] * n
        columns["full_name"] = [(name or " ".join(part for part in (a, b) if part))
                                if a is not None or b is not None else name
                                for name, a, b in zip(full, family, given)]
    names = columns.get("full_name")
    if names is not None:
        column = mapping.get("full_name", mapping.get("given_name"))
        for i in _without_a_latin_letter(names):
            if not any(ch.isalpha() for ch in names[i]):
                add(i, reader.problem(NOT_A_NAME, indices[i], column, value=names[i]))
    birth = columns.pop("birth", None)
    if birth is None:
        birth_date, birth_year = [None] * n, [None] * n
    else:
        birth_date = [cell[0] if cell is not None else None for cell in birth]
        birth_year = [cell[1] if cell is not None else None for cell in birth]
    sex = list(columns["sex"]) if "sex" in columns else [None] * n
    male, female = columns.pop("male", None), columns.pop("female", None)
    if male is not None or female is not None:
        # "Năm sinh" over "Nam" | "Nữ": the year (or date) of birth in the column of the person's sex, or a tick.
        # A cell is None or (date, year, sex); the "Nữ" cell wins over the "Nam" cell, as read left to right.
        male, female = male or [None] * n, female or [None] * n
        birth_date = [f[0] if f and f[1] is not None else m[0] if m and m[1] is not None else d
                      for m, f, d in zip(male, female, birth_date)]
        birth_year = [f[1] if f and f[1] is not None else m[1] if m and m[1] is not None else y
                      for m, f, y in zip(male, female, birth_year)]
        sex = [f[2] if f else m[2] if m else x for m, f, x in zip(male, female, sex)]
        for i in [i for i, (m, f) in enumerate(zip(male, female)) if m and f and m[1] is not None
                  and f[1] is not None]:
            add(i, reader.problem(BOTH_SEXES, indices[i], None))
    columns["birth_date"], columns["birth_year"], columns["sex"] = birth_date, birth_year, sex


def _without_a_latin_letter(names: list) -> list[int]:
    """Positions of the names holding no letter A-Z (one search over all of them): the few that may not be
    a name at all are among them."""
    joined = "\n".join([name or "A" for name in names])
    if joined.count("\n") != len(names) - 1:  # a name holding a line break: every name is looked at
        return [i for i, name in enumerate(names) if name]
    return lines_matching(_NO_LATIN_LETTER, joined)


_NO_LATIN_LETTER = re.compile(r"^[^A-Za-z\n]*$", re.MULTILINE)


def attendance_columns(reader, columns: dict[str, list], indices: list[int], add) -> None:
    """result (a code or None) and status ("present", "absent" or None) of every row (in place)."""
    n = len(indices)
    mapping = reader.table.mapping
    cells = columns.pop("result", None)
    result = [None] * n
    if cells is not None:
        result = [cell[1] if cell is not None and cell[0] == "result" else None for cell in cells]
        for i in [i for i, cell in enumerate(cells) if cell is not None and cell[0] == "text"]:
            text = cells[i][1]
            if "certificate_no" not in mapping and any(ch.isdigit() for ch in text):
                columns.setdefault("certificate_no", [None] * n)[i] = text  # a certificate number, not a result
            else:
                add(i, reader.problem(vocabulary.BAD_RESULT, indices[i], mapping["result"], value=text))
    if reader.result_marks:  # ticks under "Kết quả" over "Giỏi | Khá | Đạt | Không đạt"
        for key in ("excellent", "good", "pass", "fail"):
            marks = columns.pop("result_is_" + key, None) or ()
            for i in [i for i, mark in enumerate(marks) if mark]:
                result[i] = key
    columns["result"] = result
    status = columns.pop("status", None)
    notes = columns.get("notes")
    decided = [None] * n  # None: decided by the preview (results list or list of people sent)
    if status is not None or (notes is not None and any(notes)):
        for i, (mark, note) in enumerate(zip(status or [None] * n, notes or [None] * n)):
            if mark is True or (type(mark) is str and not vocabulary.is_absent(mark)):
                decided[i] = "present"
            elif mark is False or type(mark) is str or (note and vocabulary.is_absent(note)):
                decided[i] = "absent"
    columns["status"] = decided


def finish_course(reader, r: int, values: dict, problems: list) -> None:
    start, end = values.pop("period", (None, None))
    values.setdefault("start_date", start)
    values.setdefault("end_date", end)
    values["topic"] = vocabulary.topic_of(values.get("topic"), values.get("title"))
    values["mode"] = vocabulary.mode_of(values.get("mode")) or "in_person"


def finish_officer(reader, r: int, values: dict, problems: list) -> None:
    """The officer specifics, after person_columns."""
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
