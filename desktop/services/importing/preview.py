"""`preview`: what an import would do to the book, row by row, before anything is written.

Each row is new, already in the book (a re-import adds no duplicates), an update, ambiguous or unmatched
(the caller resolves it: pick a person, create one, skip), or a problem with the exact cell. `apply`
plans again with the caller's resolutions through the same functions, so preview and result agree.

What planning needs from the book (the roster, the course's attendance…) does not depend on the file, so a
caller may load it while the file is being read (`load_context`, or `read_and_preview`, which does both at
once: reading a sheet leaves the interpreter free for most of its time).
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from desktop.domain.errors import N_, ValidationError
from desktop.domain.officers import PostHolding, Term, validate_holding, validate_person
from desktop.domain.training import Course, validate_course
from desktop.domain.vietnamese import fold
from desktop.services.importing.attendance_plan import plan_list, plan_row
from desktop.services.importing.matching import PeopleIndex
from desktop.services.importing.model import (DUPLICATE, NEW, PROBLEM, SKIPPED, UPDATE, Cancelled, ParsedRow,
                                              ParsedTable, Preview, PreviewRow, Problem, Progress, Resolution)
from desktop.services.importing.people_plan import PERSON_FIELD_COLUMNS, invalid_problems, resolve_person
from desktop.services.importing.progress import PROGRESS_EVERY, bulk_loop, check_cancelled
from desktop.services.importing.row_sets import ColumnRows, PlannedRows
from desktop.services.importing.table import read_table
from desktop.storage.import_repo import ImportRepository
from desktop.storage.people_repo import person_from_row
from desktop.storage.training_repo import TrainingRepository
from desktop.storage.union_repo import UnionRepository

SAME_COURSE_TWICE = N_("Row {row}: the course {title} is already listed in row {first} of this file; this row "
                       "is skipped.")
SKIPPED_BY_USER = N_("Row {row}: skipped as you chose.")

_PERSON_FIELDS = ("department", "job_title", "phone", "email", "ethnicity", "religion", "education",
                  "political_theory", "it_level", "foreign_language", "member_code", "party_join_date")
_COURSE_FIELDS = ("organiser", "start_date", "end_date", "days", "hours", "place", "audience")
_SENT_WORDS = ("duoc cu", "cu di", "cu tham du", "danh sach cu", "cu can bo")
_COURSE_FIELD_COLUMNS = {"start_date": ("start_date", "period"), "end_date": ("end_date", "period"),
                         "days": ("days",), "hours": ("hours",)}


@dataclass
class Context:
    """What planning reads from the book, once per preview, and the file's name and default status."""
    kind: str
    today: object
    fingerprint: tuple  # the book's state when read (ImportRepository.fingerprint)
    course_id: int | None = None
    people: PeopleIndex | None = None
    courses: dict = field(default_factory=dict)  # (folded title, start date) -> Course
    course: Course | None = None
    attendance: dict = field(default_factory=dict)  # person_id -> (id, status, result, certificate_no)
    titles: set = field(default_factory=set)  # (person_id, title_key) held in the term
    term: Term | None = None
    stored_people: dict = field(default_factory=dict)  # officers: person_id -> every stored column
    file_name: str = ""  # set by plan()
    default_status: str = "present"  # set by plan(): "sent" for a list of the people sent


def load_context(services, kind: str, course_id: int | None = None, term: Term | None = None, *,
                 queried: Callable[[], None] | None = None) -> Context:
    """What planning `kind` needs from the book (nothing of the file). `queried()` is called between the
    attendee list's queries (SQLite's work, without the interpreter) and the Python work on their results:
    read_and_preview runs the queries at once, beside the first steps of reading the file, and the rest
    while python-calamine reads the cells."""
    db = services.book.db
    repo = ImportRepository(db)
    with bulk_loop():  # the roster: tens of thousands of objects that live on
        context = Context(kind, services.training.clock().date(), repo.fingerprint(), course_id)
        if kind == "courses":
            context.courses = {(fold(c.title), c.start_date): c for c in repo.courses()}
            return context
        if kind == "attendance":
            if course_id is None:
                raise ValueError("An attendance import needs the course")
            context.course = TrainingRepository(db).course(course_id)
            context.attendance = repo.attendance_of_course(course_id)
        roster = repo.people_for_matching_json()
        if queried is not None:
            queried()
        context.people = PeopleIndex(tuple(map(json.loads, roster)))
        if kind == "officers":
            context.term = term or UnionRepository(db).get().term
            context.titles = repo.titles_held(context.term)
            context.stored_people = repo.people_fields(context.people.ids)
    return context


def preview(services, parsed: ParsedTable, kind: str | None = None, course_id: int | None = None,
            term: Term | None = None, *, context: Context | None = None, progress: Progress | None = None,
            cancelled: Cancelled | None = None) -> Preview:
    """Every row of `parsed` with its status; nothing is written. `context`: what load_context read for the
    same kind, course and term (read again when the book changed since)."""
    kind = kind or parsed.kind
    if kind != parsed.kind:
        raise ValueError(f"The table was read as {parsed.kind!r}, not {kind!r}")
    if (context is None or (context.kind, context.course_id) != (kind, course_id) or (term and context.term != term)
            or context.fingerprint != ImportRepository(services.book.db).fingerprint()):
        context = load_context(services, kind, course_id, term)
    rows = plan(context, parsed, {}, False, progress, cancelled)
    return Preview(kind, parsed, rows, course_id, context.term, context.fingerprint, context)


def read_and_preview(services, path, kind: str, sheet: str | None = None, mapping=None, *,
                     course_id: int | None = None, term: Term | None = None, progress: Progress | None = None,
                     cancelled: Cancelled | None = None) -> Preview:
    """read_table and preview in one: the file is read on a worker thread while this thread (the one the
    book's connection belongs to) loads what planning needs from the book. Its queries run at once (SQLite
    works without the interpreter); the Python work on their results waits until python-calamine is
    building the sheet's cells, so that it does not hold up the checks before that."""
    cells_or_end = threading.Event()
    with ThreadPoolExecutor(1, thread_name_prefix="import-read") as pool:
        reading = pool.submit(read_table, path, kind, sheet, mapping, progress=progress, cancelled=cancelled,
                              reading_cells=cells_or_end.set)
        reading.add_done_callback(lambda _: cells_or_end.set())
        try:
            context = load_context(services, kind, course_id, term, queried=cells_or_end.wait)
        finally:
            table = reading.result()  # the file's error first: it is the one the user can act on
    return preview(services, table, kind, course_id, term, context=context, cancelled=cancelled)


def plan(context: Context, table: ParsedTable, resolutions: dict[int, Resolution], create_missing: bool,
         progress: Progress | None = None, cancelled: Cancelled | None = None) -> PlannedRows:
    if context.people is not None:
        context.people.pending.clear()
    context.file_name = table.file_name
    # A list titled "danh sách cán bộ được cử đi học" names people sent, not people who came.
    title = fold(table.title)
    context.default_status = "sent" if any(word in title for word in _SENT_WORDS) else "present"
    planner = {"courses": _plan_course, "attendance": plan_row, "officers": _plan_officer}[context.kind]
    state: dict = {}

    def plan_one(parsed: ParsedRow, state: dict) -> PreviewRow:
        if parsed.problems:
            return PreviewRow(parsed, PROBLEM, list(parsed.problems))
        resolution = resolutions.get(parsed.row) if resolutions else None
        if resolution is not None and resolution.skip:
            return PreviewRow(parsed, SKIPPED, [Problem(SKIPPED_BY_USER, table.sheet, parsed.row)])
        return planner(context, table, parsed, resolution, create_missing, state)

    with bulk_loop():
        if context.kind == "attendance" and isinstance(table.rows, ColumnRows):
            return plan_list(context, table, resolutions, create_missing, plan_one, progress, cancelled)
        planned = []
        total = len(table.rows)
        for index, parsed in enumerate(table.rows):
            if index % PROGRESS_EVERY == 0:
                check_cancelled(cancelled)
                if progress is not None:
                    progress(index, total)
            planned.append(plan_one(parsed, state))
    if progress is not None:
        progress(total, total)
    return PlannedRows.of(planned)


def _plan_course(context: Context, table, parsed: ParsedRow, resolution, create_missing, state) -> PreviewRow:
    v = parsed.values
    course = Course(title=v["title"], topic=v["topic"], organiser=v.get("organiser") or "",
                    start_date=v.get("start_date"), end_date=v.get("end_date"), days=v.get("days"),
                    hours=v.get("hours"), place=v.get("place") or "", mode=v["mode"],
                    audience=v.get("audience") or "", source=context.file_name)
    try:
        validate_course(course)
    except ValidationError as error:
        return PreviewRow(parsed, PROBLEM, invalid_problems(table, parsed, error, _COURSE_FIELD_COLUMNS))
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


def _plan_officer(context: Context, table, parsed: ParsedRow, resolution, create_missing, state) -> PreviewRow:
    row = resolve_person(context, table, parsed, resolution, True)
    if row.status != NEW:
        return row
    v = parsed.values
    holdings = [PostHolding(0, key, context.term, start_date=v.get("post_start"), duties=v.get("duties") or "",
                            full_time=bool(v.get("full_time"))) for key in v.get("posts", [])]
    for holding in holdings:
        try:
            validate_holding(holding)
        except ValidationError as error:
            return PreviewRow(parsed, PROBLEM, invalid_problems(table, parsed, error, {"start_date": ("post_start",),
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
            return PreviewRow(parsed, PROBLEM, invalid_problems(table, parsed, error, PERSON_FIELD_COLUMNS))
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
