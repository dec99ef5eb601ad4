"""`apply`: write a previewed import in one transaction, all or nothing, with its audit rows and its record.

The rows are planned again with the caller's resolutions (pick a person, create one, skip); when the
book changed since the preview, the plan starts from a fresh read of the book.
"""
from __future__ import annotations

import dataclasses
import json
from enum import Enum

from desktop.domain.training import Attendance
from desktop.services.importing.progress import bulk_loop, check_cancelled
from desktop.services.importing.model import (DUPLICATE, NEW, UPDATE, Cancelled, ImportResult, Preview, PreviewRow,
                                              Progress, Resolution)
from desktop.services.importing.preview import load_context, plan
from desktop.services.importing.row_sets import PlannedRows
from desktop.storage.import_repo import ImportRepository
from desktop.storage.training_repo import TrainingRepository
from desktop.storage.union_repo import UnionRepository


def apply(services, preview: Preview, resolutions: dict[int, Resolution] | None = None,
          create_missing: bool = False, *, dry_run: bool = False, progress: Progress | None = None,
          cancelled: Cancelled | None = None) -> ImportResult:
    """Write the import; `resolutions`: sheet row number -> Resolution. With `dry_run`, only count."""
    resolutions = resolutions or {}
    if dry_run:
        rows = _final_rows(services, preview, resolutions, create_missing, progress, cancelled)
        result = summarise(preview, rows)
        result.dry_run = True
        return result
    with services.book.transaction(), bulk_loop():
        rows = _final_rows(services, preview, resolutions, create_missing, progress, cancelled)
        result = summarise(preview, rows)
        check_cancelled(cancelled)
        if progress is not None:
            progress(0, len(rows))
        _Writer(services, preview, rows, result).write()
        check_cancelled(cancelled)  # the last moment to undo everything
    if progress is not None:
        progress(len(rows), len(rows))
    return result


def _final_rows(services, preview: Preview, resolutions, create_missing, progress, cancelled) -> PlannedRows:
    table = preview.table
    if ImportRepository(services.book.db).fingerprint() != preview.fingerprint:
        context = load_context(services, preview.kind, preview.course_id, preview.term)
        return plan(context, table, resolutions, create_missing, progress, cancelled)
    if resolutions or create_missing:
        return plan(preview.context, table, resolutions, create_missing, progress, cancelled)
    return preview.rows


def summarise(preview: Preview, rows: PlannedRows) -> ImportResult:
    result = ImportResult(preview.kind, preview.table.file_name)
    result.problems = list(preview.table.problems) + rows.problems()
    result.added, result.updated, result.duplicates = rows.count(NEW), rows.count(UPDATE), rows.count(DUPLICATE)
    result.skipped = len(rows) - result.added - result.updated - result.duplicates + len(preview.table.problems)
    result.people_created = len({id(row.new_person) for row in rows.others.values()
                                 if row.new_person is not None and row.status in (NEW, UPDATE)})
    return result


class _Writer:
    def __init__(self, services, preview: Preview, rows: PlannedRows, result: ImportResult) -> None:
        self.db = services.book.db
        self.repo = ImportRepository(self.db)
        self.preview = preview
        self.matched = rows.matched  # an attendee list's usual rows, in columns
        self.rows = [row for row in rows.others.values() if row.status in (NEW, UPDATE)]
        self.result = result
        self.now = services.training.clock()
        self.stamp = self.now.isoformat(timespec="seconds")
        self.audit: list[tuple] = []
        self.reason = ""

    def log(self, action, entity, row_id, *, field="", old=None, new=None, year=None, person_id=None) -> None:
        self.audit.append((self.stamp, action, entity, row_id, field, _json(old), _json(new), self.reason, year,
                           person_id))

    def write(self) -> None:
        table = self.preview.table
        counts = {"added": self.result.added, "updated": self.result.updated,
                  "duplicates": self.result.duplicates, "skipped": self.result.skipped}
        import_id = TrainingRepository(self.db).record_import(self.preview.kind, table.file_name, table.sha256,
                                                              self.now, counts)
        self.result.import_id = import_id
        self.import_id = import_id
        self.reason = f"import:{import_id} {table.file_name}"
        record = {"kind": self.preview.kind, "file": table.file_name, "sha256": table.sha256, **counts}
        year = None
        if self.preview.kind == "attendance":
            course = self.preview.context.course
            record["course_id"], year = course.id, course.year
        self.log("import.apply", "imports", import_id, new=record, year=year)
        self._create_people()
        {"courses": self._courses, "attendance": self._attendance, "officers": self._officers}[self.preview.kind]()
        # Last: one statement for every audit row (a failure here still undoes everything above).
        self.repo.insert_audit(self.audit)

    def _create_people(self) -> None:
        # Rows naming the same new person share one PendingPerson: one person is created for them.
        pending = list({id(row.new_person): row.new_person for row in self.rows
                        if row.new_person is not None}.values())
        ids = self.repo.insert_people([p.person for p in pending], self.now)
        for person, person_id in zip(pending, ids):
            person.id = person_id
            self.log("person.create", "people", person_id, new=person.person.full_name, person_id=person_id)

    def _person_id(self, row: PreviewRow) -> int:
        return row.person_id if row.person_id is not None else row.new_person.id

    def _courses(self) -> None:
        for row in self.rows:
            course = row.record
            if row.status == NEW:
                course_id = self.repo.insert_course(course, self.import_id)
                self.log("course.create", "courses", course_id, new=course.title, year=course.year)
                continue
            self.repo.update_course_fields(row.existing_id, {name: new for name, (_, new) in row.changes.items()})
            for name, (old, new) in row.changes.items():
                self.log("course.update", "courses", row.existing_id, field=name, old=_plain(old), new=_plain(new),
                         year=course.year)

    def _attendance(self) -> None:
        # New attendance rows get no audit row each: attendance is not among what the audit must cover
        # (people, posts, evaluations, closures), the import is recorded in `imports` (file, SHA-256, counts)
        # with one "import.apply" audit row naming the course, and every row written carries its import_id,
        # through which a person's audit history finds that import (AuditRepository.entries). One audit row
        # per attendance row cost as much as writing the rows themselves. People created by the import are
        # audited one by one (_create_people), and so is every changed attendance row below, with its old
        # values, as an edit by hand is.
        course = self.preview.context.course
        year = course.year
        matched = self.matched
        self.repo.insert_attendance(course.id, (matched.records() if matched else []) + [
            (row.person_id if row.person_id is not None else row.new_person.id, row.record.status, row.record.result,
             row.record.certificate_no) for row in self.rows if row.status == NEW], self.import_id)
        updated = [row for row in self.rows if row.status == UPDATE]
        self.repo.update_attendance([row.record for row in updated])
        for row in updated:
            old = {name: old for name, (old, _) in row.changes.items()}
            self.log("attendance.set", "attendance", row.existing_id, old=old,
                     new=_attendance_values(row.record), year=year, person_id=row.person_id)

    def _officers(self) -> None:
        term_id = UnionRepository(self.db).term_id(self.preview.context.term)
        holdings = []
        for row in self.rows:
            person_id = self._person_id(row)
            if row.changes:
                self.repo.update_person_fields(person_id, {name: _plain(new)
                                                           for name, (_, new) in row.changes.items()})
                for name, (old, new) in row.changes.items():
                    self.log("person.update", "people", person_id, field=name, old=_plain(old), new=_plain(new),
                             person_id=person_id)
            holdings.extend(dataclasses.replace(h, person_id=person_id) for h in row.posts)
        for holding, holding_id in zip(holdings, self.repo.insert_holdings(holdings, term_id)):
            self.log("post.create", "post_holdings", holding_id, person_id=holding.person_id,
                     new={"title_key": holding.title_key, "term": holding.term.label,
                          "start_date": _plain(holding.start_date), "duties": holding.duties,
                          "full_time": holding.full_time})


def _json(value) -> str | None:
    """Audit values are text: strings as they are, anything else as JSON."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _plain(value):
    """A value as the book stores it: dates in ISO form, codes for enums, 0/1 for flags."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


def _attendance_values(record: Attendance) -> dict:
    return {"course_id": record.course_id, "status": record.status, "result": record.result,
            "certificate_no": record.certificate_no}
