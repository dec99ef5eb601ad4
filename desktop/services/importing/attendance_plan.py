"""Planning an attendee or result list: who each row names, and whether the attendance is new, already in
the book, an update, or a problem.

`plan_row` plans one row by the rules. `plan_list` plans a whole list read into columns (row_sets.ColumnRows)
at once: the usual row (it names exactly one person of the book, who is not yet recorded for the course,
with a valid status and result, and nothing else to say) is decided for all rows together by a few passes
over the columns, and every other row goes through `plan_row` in sheet order, sharing its state, so both
ways give the same answer (tests/services/importing/test_import_bulk.py compares them).
"""
from __future__ import annotations

from dataclasses import replace

from desktop.domain.errors import N_, ValidationError
from desktop.domain.training import Attendance, validate_attendance
from desktop.services.importing.model import DUPLICATE, NEW, PROBLEM, UPDATE, ParsedRow, PreviewRow, Problem
from desktop.services.importing.people_plan import invalid_problems, resolve_person
from desktop.services.importing.progress import PROGRESS_EVERY, check_cancelled
from desktop.services.importing.row_sets import ColumnRows, MatchedAttendance, PlannedRows

SAME_PERSON_TWICE = N_("Row {row}: {name} is already listed in row {first} of this file; this row is skipped.")

_UNJUDGED = object()


def plan_row(context, table, parsed: ParsedRow, resolution, create_missing: bool, state: dict) -> PreviewRow:
    """One row of the list. `state` is shared by the rows of one plan: the first row of each person, and the
    verdict on each (status, result) pair."""
    v = parsed.values
    person_id = None
    if resolution is None:
        person_id = context.people.sole_match(v["full_name"], v.get("birth_year"), v.get("sex"))
    if person_id is not None:  # the usual row, without the detour through a Match and candidates
        row = PreviewRow(parsed, NEW, (), (), person_id)
    else:
        row = resolve_person(context, table, parsed, resolution, create_missing)
        if row.status != NEW:
            return row
    who = row.person_id if row.person_id is not None else id(row.new_person)
    first = state.setdefault(who, parsed.row)
    if first != parsed.row:
        return _twice(table, parsed, first, row.candidates)
    result = v.get("result")
    status = v.get("status") or ("present" if result else context.default_status)
    record = Attendance(context.course.id, row.person_id or 0, status, result, v.get("certificate_no") or "")
    error = _verdict(state, record)
    if error is not None:
        return PreviewRow(parsed, PROBLEM, invalid_problems(table, parsed, error, {}), row.candidates)
    row.record = record
    existing = context.attendance.get(row.person_id) if row.person_id is not None else None
    if existing is None:
        return row
    attendance_id, old_status, old_result, old_certificate = existing
    changes = {}
    if v.get("status") or result or old_status == "sent" and status == "present":
        if status != old_status:
            changes["status"] = (old_status, status)
    if result and result != old_result:
        changes["result"] = (old_result, result)
    if record.certificate_no and record.certificate_no != old_certificate:
        changes["certificate_no"] = (old_certificate, record.certificate_no)
    row.existing_id = attendance_id
    row.status = UPDATE if changes else DUPLICATE
    row.changes = changes
    row.record = replace(record, id=attendance_id, status=changes.get("status", (None, old_status))[1],
                         result=changes.get("result", (None, old_result))[1],
                         certificate_no=changes.get("certificate_no", (None, old_certificate))[1])
    return row


def _twice(table, parsed: ParsedRow, first: int, candidates=()) -> PreviewRow:
    return PreviewRow(parsed, PROBLEM, [Problem(SAME_PERSON_TWICE, table.sheet, parsed.row, None,
                                                {"name": parsed.values["full_name"], "first": first})], candidates)


def _verdict(state: dict, record: Attendance) -> ValidationError | None:
    """The rules look at the status and the result only: each pair is judged once."""
    pair = (record.status, record.result)
    error = state.get(pair, _UNJUDGED)
    if error is _UNJUDGED:
        try:
            validate_attendance(record)
            error = None
        except ValidationError as raised:
            error = raised
        state[pair] = error
    return error


def plan_list(context, table, resolutions: dict, create_missing: bool, plan_one, progress=None,
              cancelled=None) -> PlannedRows:
    """Every row of an attendee list kept in columns. `plan_one(parsed, state)` plans a row one by one (the
    caller's loop body: problems, the user's skip, then plan_row)."""
    rows: ColumnRows = table.rows
    n = len(rows)
    results, certificates = rows.column("result"), rows.column("certificate_no")
    person_ids = context.people.sole_matches(rows.column("full_name"), rows.column("birth_year"),
                                             rows.column("sex"))
    default = context.default_status
    statuses = [status or ("present" if result else default) for status, result in zip(rows.column("status"),
                                                                                         results)]
    check_cancelled(cancelled)
    # The rows that are planned one by one: a problem, a decision of the user, no single person, a person
    # already recorded for the course, a status and result the rules refuse.
    one_by_one = set(rows.problems)
    if resolutions:
        one_by_one.update(i for i, number in enumerate(rows.numbers) if number in resolutions)
    if None in person_ids:
        one_by_one.update(i for i, person_id in enumerate(person_ids) if person_id is None)
    if context.attendance:
        recorded = context.attendance
        one_by_one.update(i for i, person_id in enumerate(person_ids) if person_id in recorded)
    state: dict = {}
    refused = set()
    for status, result in set(zip(statuses, results)):
        if _verdict(state, Attendance(context.course.id, 0, status, result)) is not None:
            refused.add((status, result))
    if refused:
        one_by_one.update(i for i, pair in enumerate(zip(statuses, results)) if pair in refused)
    planned = [NEW] * n
    others: dict[int, PreviewRow] = {}
    if not one_by_one and len(set(person_ids)) == n:  # the usual list: each row a different person
        positions = list(range(n))
    else:
        positions = []
        numbers = rows.numbers
        for i in range(n):
            if i % PROGRESS_EVERY == 0:
                check_cancelled(cancelled)
                if progress is not None:
                    progress(i, n)
            if i in one_by_one:
                row = others[i] = plan_one(rows[i], state)
                planned[i] = row.status
                continue
            first = state.setdefault(person_ids[i], numbers[i])
            if first == numbers[i]:
                positions.append(i)
            else:
                row = others[i] = _twice(table, rows[i], first)
                planned[i] = row.status
    if progress is not None:
        progress(n, n)
    matched = MatchedAttendance(rows, context.course.id, positions, person_ids, statuses, results, certificates)
    return PlannedRows(planned, others, matched)
