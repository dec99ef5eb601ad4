"""`preview`: what an import would do to the book, row by row, before anything is written.

Each row is new, already in the book (a re-import adds no duplicates), an update, ambiguous or unmatched
(the caller resolves it: pick a person, create one, skip), or a problem with the exact cell. `apply`
plans again with the caller's resolutions through the same functions, so preview and result agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from desktop.domain.errors import N_, ValidationError
from desktop.domain.officers import Person, PostHolding, Term, validate_holding, validate_person
from desktop.domain.training import Attendance, Course, validate_attendance, validate_course
from desktop.domain.vietnamese import fold
from desktop.services.importing.progress import PROGRESS_EVERY, bulk_loop, check_cancelled
from desktop.services.importing.matching import AMBIGUOUS as M_AMBIGUOUS
from desktop.services.importing.matching import MATCHED, PeopleIndex
from desktop.services.importing.model import (AMBIGUOUS, DUPLICATE, NEW, PROBLEM, SKIPPED, UNMATCHED, UPDATE,
                                              Cancelled, ParsedRow, ParsedTable, Preview, PreviewRow, Problem,
                                              Progress, Resolution, column_letter)
from desktop.storage.import_repo import ImportRepository
from desktop.storage.people_repo import person_from_row
from desktop.storage.training_repo import TrainingRepository
from desktop.storage.union_repo import UnionRepository

ROW_INVALID = N_("Row {row}: {detail}")
CELL_INVALID = N_("Row {row}, column {column}: {detail}")
AMBIGUOUS_PERSON = N_("Row {row}: {count} people in the book match {name}; choose the right one or skip the row.")
UNMATCHED_PERSON = N_("Row {row}: {name} is not in the book; choose a person, create a new one, or skip the row.")
SAME_PERSON_TWICE = N_("Row {row}: {name} is already listed in row {first} of this file; this row is skipped.")
SAME_COURSE_TWICE = N_("Row {row}: the course {title} is already listed in row {first} of this file; this row "
                       "is skipped.")
PICKED_UNKNOWN = N_("Row {row}: the chosen person (number {id}) is not in the book.")
SKIPPED_BY_USER = N_("Row {row}: skipped as you chose.")

_PERSON_FIELDS = ("department", "job_title", "phone", "email", "ethnicity", "religion", "education",
                  "political_theory", "it_level", "foreign_language", "member_code", "party_join_date")
_COURSE_FIELDS = ("organiser", "start_date", "end_date", "days", "hours", "place", "audience")
_SENT_WORDS = ("duoc cu", "cu di", "cu tham du", "danh sach cu", "cu can bo")
_UNJUDGED = object()
_COURSE_FIELD_COLUMNS = {"start_date": ("start_date", "period"), "end_date": ("end_date", "period"),
                         "days": ("days",), "hours": ("hours",)}


@dataclass
class Context:
    """What planning reads from the book, once per preview."""
    kind: str
    today: object
    file_name: str
    people: PeopleIndex | None = None
    courses: dict = field(default_factory=dict)  # (folded title, start date) -> Course
    course: Course | None = None
    attendance: dict = field(default_factory=dict)  # person_id -> (id, status, result, certificate_no)
    titles: set = field(default_factory=set)  # (person_id, title_key) held in the term
    term: Term | None = None
    stored_people: dict = field(default_factory=dict)  # officers: person_id -> every stored column
    default_status: str = "present"


def load_context(services, table: ParsedTable, kind: str, course_id: int | None, term: Term | None) -> Context:
    db = services.book.db
    repo = ImportRepository(db)
    context = Context(kind, services.training.clock().date(), table.file_name)
    if kind == "courses":
        context.courses = {(fold(c.title), c.start_date): c for c in repo.courses()}
        return context
    context.people = PeopleIndex(repo.people_for_matching())
    if kind == "attendance":
        if course_id is None:
            raise ValueError("An attendance import needs the course")
        context.course = TrainingRepository(db).course(course_id)
        context.attendance = repo.attendance_of_course(course_id)
        # A list titled "danh sách cán bộ được cử đi học" names people sent, not people who came.
        title = fold(table.title)
        context.default_status = "sent" if any(word in title for word in _SENT_WORDS) else "present"
    else:
        context.term = term or UnionRepository(db).get().term
        context.titles = repo.titles_held(context.term)
        context.stored_people = repo.people_fields(context.people.by_id)
    return context


def preview(services, parsed: ParsedTable, kind: str | None = None, course_id: int | None = None,
            term: Term | None = None, *, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> Preview:
    """Every row of `parsed` with its status; nothing is written."""
    kind = kind or parsed.kind
    if kind != parsed.kind:
        raise ValueError(f"The table was read as {parsed.kind!r}, not {kind!r}")
    fingerprint = ImportRepository(services.book.db).fingerprint()
    with bulk_loop():  # the roster and the rows: tens of thousands of objects that live on
        context = load_context(services, parsed, kind, course_id, term)
        rows = plan(context, parsed, {}, False, progress, cancelled)
    return Preview(kind, parsed, rows, course_id, context.term, fingerprint, context)


def plan(context: Context, table: ParsedTable, resolutions: dict[int, Resolution], create_missing: bool,
         progress: Progress | None = None, cancelled: Cancelled | None = None) -> list[PreviewRow]:
    if context.people is not None:
        context.people.pending.clear()
    planner = {"courses": _plan_course, "attendance": _plan_attendance, "officers": _plan_officer}[context.kind]
    state: dict = {}
    planned = []
    total = len(table.rows)
    with bulk_loop():
        for index, parsed in enumerate(table.rows):
            if index % PROGRESS_EVERY == 0:
                check_cancelled(cancelled)
                if progress is not None:
                    progress(index, total)
            if parsed.problems:
                planned.append(PreviewRow(parsed, PROBLEM, list(parsed.problems)))
                continue
            resolution = resolutions.get(parsed.row) if resolutions else None
            if resolution is not None and resolution.skip:
                planned.append(PreviewRow(parsed, SKIPPED, [Problem(SKIPPED_BY_USER, table.sheet, parsed.row)]))
                continue
            planned.append(planner(context, table, parsed, resolution, create_missing, state))
    if progress is not None:
        progress(total, total)
    return planned


def _invalid(table: ParsedTable, parsed: ParsedRow, error: ValidationError, fields: dict) -> list[Problem]:
    """A domain validation error as problems placed on the column its field came from (`fields`: the
    domain field -> the import fields it may come from)."""
    problems = []
    for item in getattr(error, "errors", None) or [error]:
        sources = fields.get(item.field or "", (item.field or "",))
        column_index = next((table.mapping[name] for name in sources if name in table.mapping), None)
        if column_index is None:
            problems.append(Problem(ROW_INVALID, table.sheet, parsed.row, None, {"detail": item}))
        else:
            problems.append(Problem(CELL_INVALID, table.sheet, parsed.row, column_letter(column_index),
                                    {"detail": item}))
    return problems


def _plan_course(context: Context, table, parsed: ParsedRow, resolution, create_missing, state) -> PreviewRow:
    v = parsed.values
    course = Course(title=v["title"], topic=v["topic"], organiser=v.get("organiser") or "",
                    start_date=v.get("start_date"), end_date=v.get("end_date"), days=v.get("days"),
                    hours=v.get("hours"), place=v.get("place") or "", mode=v["mode"],
                    audience=v.get("audience") or "", source=context.file_name)
    try:
        validate_course(course)
    except ValidationError as error:
        return PreviewRow(parsed, PROBLEM, _invalid(table, parsed, error, _COURSE_FIELD_COLUMNS))
    key = (fold(course.title), course.start_date)
    first = state.setdefault(key, parsed.row)
    if first != parsed.row:
        return PreviewRow(parsed, PROBLEM, [Problem(SAME_COURSE_TWICE, table.sheet, parsed.row, None,
                                                    {"title": course.title, "first": first})])
    existing = context.courses.get(key)
    if existing is None:
        return PreviewRow(parsed, NEW, record=course)
    compared = list(_COURSE_FIELDS) + [name for name in ("topic", "mode") if name in table.mapping]
    changes = {name: (getattr(existing, name), getattr(course, name)) for name in compared
               if getattr(course, name) not in (None, "") and getattr(course, name) != getattr(existing, name)}
    if not changes:
        return PreviewRow(parsed, DUPLICATE, existing_id=existing.id, record=existing)
    updated = replace(existing, **{name: new for name, (_, new) in changes.items()})
    return PreviewRow(parsed, UPDATE, existing_id=existing.id, changes=changes, record=updated)


def _person_of(values: dict) -> Person:
    return Person(full_name=values["full_name"], birth_date=values.get("birth_date"),
                  birth_year=None if values.get("birth_date") else values.get("birth_year"), sex=values.get("sex"),
                  department=values.get("department") or "", job_title=values.get("job_title") or "",
                  phone=values.get("phone") or "", email=values.get("email") or "",
                  ethnicity=values.get("ethnicity") or "", religion=values.get("religion") or "",
                  party_member=bool(values.get("party_member")), party_join_date=values.get("party_join_date"),
                  education=values.get("education"), political_theory=values.get("political_theory"),
                  it_level=values.get("it_level") or "", foreign_language=values.get("foreign_language") or "",
                  member_code=values.get("member_code") or "")


_PERSON_FIELD_COLUMNS = {"birth_date": ("birth", "male", "female"), "birth_year": ("birth", "male", "female"),
                         "party_join_date": ("party_join_date", "party")}


def _resolve_person(context: Context, table, parsed: ParsedRow, resolution: Resolution | None,
                    create: bool) -> PreviewRow:
    """A PreviewRow with person_id (matched or picked), new_person (to create), or an unresolved status."""
    v = parsed.values
    people = context.people
    if resolution is not None and resolution.person_id is not None:
        if resolution.person_id not in people.by_id:
            return PreviewRow(parsed, PROBLEM, [Problem(PICKED_UNKNOWN, table.sheet, parsed.row, None,
                                                        {"id": resolution.person_id})])
        return PreviewRow(parsed, NEW, person_id=resolution.person_id)
    match = people.match(v["full_name"], v.get("birth_year"), v.get("sex"))
    if match.status == MATCHED:
        return PreviewRow(parsed, NEW, person_id=match.person_id)
    candidates = [known.candidate() for known in match.candidates]
    create = create or (resolution is not None and resolution.create)
    if match.status == M_AMBIGUOUS and not (resolution is not None and resolution.create):
        return PreviewRow(parsed, AMBIGUOUS, [Problem(AMBIGUOUS_PERSON, table.sheet, parsed.row, None,
                                                      {"count": len(candidates), "name": v["full_name"]})],
                          candidates)
    if not create:
        return PreviewRow(parsed, UNMATCHED, [Problem(UNMATCHED_PERSON, table.sheet, parsed.row, None,
                                                      {"name": v["full_name"]})], candidates)
    person = _person_of(v)
    try:
        validate_person(person, context.today)
    except ValidationError as error:
        return PreviewRow(parsed, PROBLEM, _invalid(table, parsed, error, _PERSON_FIELD_COLUMNS), candidates)
    pending = people.pending_for(person)
    pending.rows.append(parsed.row)
    return PreviewRow(parsed, NEW, candidates=candidates, new_person=pending)


def _plan_attendance(context: Context, table, parsed: ParsedRow, resolution, create_missing, state) -> PreviewRow:
    v = parsed.values
    person_id = None
    if resolution is None:
        person_id = context.people.sole_match(v["full_name"], v.get("birth_year"), v.get("sex"))
    if person_id is not None:  # the usual row, without the detour through a Match and candidates
        row = PreviewRow(parsed, NEW, (), (), person_id)
    else:
        row = _resolve_person(context, table, parsed, resolution, create_missing)
        if row.status != NEW:
            return row
    who = row.person_id if row.person_id is not None else id(row.new_person)
    first = state.setdefault(who, parsed.row)
    if first != parsed.row:
        return PreviewRow(parsed, PROBLEM, [Problem(SAME_PERSON_TWICE, table.sheet, parsed.row, None,
                                                    {"name": v["full_name"], "first": first})], row.candidates)
    result = v.get("result")
    status = v.get("status") or ("present" if result else context.default_status)
    record = Attendance(context.course.id, row.person_id or 0, status, result, v.get("certificate_no") or "")
    # The rules look at the status and the result only: each pair is judged once.
    error = state.get((status, result), _UNJUDGED)
    if error is _UNJUDGED:
        try:
            validate_attendance(record)
            error = None
        except ValidationError as raised:
            error = raised
        state[(status, result)] = error
    if error is not None:
        return PreviewRow(parsed, PROBLEM, _invalid(table, parsed, error, {}), row.candidates)
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


def _plan_officer(context: Context, table, parsed: ParsedRow, resolution, create_missing, state) -> PreviewRow:
    row = _resolve_person(context, table, parsed, resolution, True)
    if row.status != NEW:
        return row
    v = parsed.values
    holdings = [PostHolding(0, key, context.term, start_date=v.get("post_start"), duties=v.get("duties") or "",
                            full_time=bool(v.get("full_time"))) for key in v.get("posts", [])]
    for holding in holdings:
        try:
            validate_holding(holding)
        except ValidationError as error:
            return PreviewRow(parsed, PROBLEM, _invalid(table, parsed, error, {"start_date": ("post_start",),
                                                                              "title_key": ("post",)}))
    held = state.setdefault("held", set(context.titles))
    who = row.person_id if row.person_id is not None else id(row.new_person)
    row.posts = [h for h in holdings if (who, h.title_key) not in held]
    held.update((who, h.title_key) for h in row.posts)
    first = state.setdefault("people", {}).setdefault(who, parsed.row)
    if row.person_id is None:
        if first != parsed.row:  # the same new person again: only the posts it adds count
            row.new_person = row.new_person if row.posts else None
            row.status = UPDATE if row.posts else DUPLICATE
        return row
    stored = context.stored_people.get(row.person_id, {})
    row.changes = _blank_fills(stored, v) if first == parsed.row else {}
    if row.changes:
        filled = replace(person_from_row(stored), **{name: new for name, (_, new) in row.changes.items()})
        try:
            validate_person(filled, context.today)
        except ValidationError as error:
            return PreviewRow(parsed, PROBLEM, _invalid(table, parsed, error, _PERSON_FIELD_COLUMNS))
    row.status = UPDATE if (row.posts or row.changes) else DUPLICATE
    row.existing_id = row.person_id
    return row


def _blank_fills(stored: dict, values: dict) -> dict:
    """Fields the book leaves empty and the roster fills in (never overwrites what the book has):
    field -> (stored value, new value as the domain types it)."""
    fills = {}
    for name in _PERSON_FIELDS + ("sex",):
        new = values.get(name)
        if new in (None, "") or stored.get(name) not in (None, ""):
            continue
        fills[name] = (stored.get(name), new)
    if values.get("party_member") and not stored.get("party_member"):
        fills["party_member"] = (stored.get("party_member"), True)
    if values.get("birth_year") and not stored.get("birth_year") and not stored.get("birth_date"):
        fills["birth_year"] = (None, values["birth_year"])
    return fills
