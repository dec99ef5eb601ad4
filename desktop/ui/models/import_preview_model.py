"""What the import wizard shows: the preview of every row with its status and exact problem, the columns'
roles, and the history of imports.

Everything here is plain text built from the engine's `Preview` (desktop.services.importing); the engine's
messages are English ids rendered with `Problem.render(_)`, so they read "Dòng 14, cột E: …" in Vietnamese.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QColor

from desktop.domain.errors import ValidationError
from desktop.domain.officers import EDUCATION_LABELS, POLITICAL_THEORY_LABELS, SEX_LABELS, Sex, post_title
from desktop.domain.training import ATTENDANCE_LABELS, MODE_LABELS, RESULT_LABELS, TOPIC_LABELS
from desktop.domain.vietnamese import fold, format_date, format_number
from desktop.i18n import N_, _
from desktop.services.importing import (AMBIGUOUS, DUPLICATE, NEW, PROBLEM, SKIPPED, UNMATCHED, UPDATE, Candidate,
                                        Preview, PreviewRow, Resolution)
from desktop.ui.models.table_model import Column, TableModel

KIND_LABELS = {
    "courses": N_("The superior union's course plan (a list of courses)"),
    "attendance": N_("The list of attendees or results of one course"),
    "officers": N_("A roster of union officers (people and their posts)"),
}
KIND_SHORT = {"courses": N_("Course plan"), "attendance": N_("Attendees of a course"),
              "officers": N_("Roster of officers")}
STATUS_LABELS = {
    NEW: N_("New"), DUPLICATE: N_("Already in the book"), UPDATE: N_("Will update"),
    AMBIGUOUS: N_("Same name: choose"), UNMATCHED: N_("Not in the book: choose"), PROBLEM: N_("Problem"),
    SKIPPED: N_("Skipped"),
}
STATUS_COLOURS = {NEW: "#276749", DUPLICATE: "#718096", UPDATE: "#2b6cb0", AMBIGUOUS: "#c05621",
                  UNMATCHED: "#c05621", PROBLEM: "#c53030", SKIPPED: "#718096"}
NEEDS_CHOICE = (AMBIGUOUS, UNMATCHED)

# The role of a column (a field of the engine), as the column step and the list of changes show it.
FIELD_LABELS = {
    "number": N_("Row number (STT)"), "full_name": N_("Full name"), "family_name": N_("Family and middle name"),
    "given_name": N_("Given name"), "birth": N_("Date or year of birth"), "male": N_("Year of birth (men)"),
    "female": N_("Year of birth (women)"), "sex": N_("Sex"), "department": N_("Department"),
    "phone": N_("Phone"), "email": N_("E-mail"), "member_code": N_("Member code"), "notes": N_("Notes"),
    "title": N_("Course title"), "topic": N_("Topic"), "organiser": N_("Organiser"),
    "period": N_("Dates (from – to)"), "start_date": N_("From"), "end_date": N_("Until"), "days": N_("Days"),
    "hours": N_("Hours"), "place": N_("Place"), "mode": N_("Mode"), "audience": N_("Audience"),
    "count": N_("Number of attendees"), "position": N_("Post"), "result": N_("Result"),
    "certificate_no": N_("Certificate number"), "status": N_("Attended or absent"),
    "result_is_excellent": N_("Result: Distinction (tick)"), "result_is_good": N_("Result: Merit (tick)"),
    "result_is_pass": N_("Result: Pass (tick)"), "result_is_fail": N_("Result: Fail (tick)"),
    "post": N_("Union post"), "job_title": N_("Job title"), "ethnicity": N_("Ethnicity"),
    "religion": N_("Religion"), "party": N_("Party member"), "party_member": N_("Party member"),
    "party_join_date": N_("Date of joining the Party"), "education": N_("Professional qualification"),
    "political_theory": N_("Political theory"), "it_level": N_("IT skills"),
    "foreign_language": N_("Foreign language"), "duties": N_("Duties"), "full_time": N_("Full-time"),
    "part_time": N_("Part-time"), "post_start": N_("Post held since"), "birth_year": N_("Year of birth"),
    "birth_date": N_("Date of birth"),
}
_VALUE_LABELS = {"topic": TOPIC_LABELS, "mode": MODE_LABELS, "result": RESULT_LABELS, "status": ATTENDANCE_LABELS,
                 "education": EDUCATION_LABELS, "political_theory": POLITICAL_THEORY_LABELS}


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def value_text(name: str, value) -> str:
    """A value of the book or of the file as the user reads it (dates dd/mm/yyyy, codes as words)."""
    if value is None or value == "":
        return _("(empty)")
    if name in _VALUE_LABELS and value in _VALUE_LABELS[name]:
        return _(_VALUE_LABELS[name][value])
    if isinstance(value, Enum) and value in SEX_LABELS:
        return _(SEX_LABELS[value])
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (date, datetime)):
        return format_date(value)
    if isinstance(value, float):
        return format_number(value, 0 if value == int(value) else 1)
    return str(value)


def candidate_text(candidate: Candidate) -> str:
    """"Nguyễn Văn An, born 1985, Male, Phòng Kế toán" — enough to tell two people of the same name apart."""
    parts = [candidate.full_name]
    if candidate.birth_year:
        parts.append(_("born {year}").format(year=candidate.birth_year))
    if candidate.sex in (Sex.MALE.value, Sex.FEMALE.value):
        parts.append(_(SEX_LABELS[Sex(candidate.sex)]))
    if candidate.department:
        parts.append(candidate.department)
    return ", ".join(parts)


@dataclass(frozen=True)
class PreviewLine:
    row: int | None  # the sheet row (1-based)
    status: str
    subject: str  # the course title or the person's name
    details: str
    message: str  # the problem, the changes, who the row was matched to or the user's decision
    source: PreviewRow | None = None
    decision: Resolution | None = None

    @property
    def needs_choice(self) -> bool:
        return self.status in NEEDS_CHOICE and self.decision is None


def _details(kind: str, values: dict) -> str:
    parts: list[str] = []
    if kind == "courses":
        start, end = values.get("start_date"), values.get("end_date")
        dates = format_date(start) + (f" – {format_date(end)}" if end and end != start else "") if start else (
            format_date(end))
        parts = [dates, values.get("organiser") or "", values.get("place") or ""]
    else:
        year = values.get("birth_year")
        parts.append(_("born {year}").format(year=year) if year else "")
        parts.append(value_text("sex", values["sex"]) if values.get("sex") else "")
        if kind == "officers":
            posts = []
            for key in values.get("posts") or []:
                try:
                    posts.append(_(post_title(key).label))
                except ValidationError:  # an unknown key is shown as it is
                    posts.append(str(key))
            parts.append(", ".join(posts))
        parts.append(values.get("department") or "")
        if kind == "attendance":
            parts.append(value_text("result", values["result"]) if values.get("result") else "")
            parts.append(values.get("certificate_no") or "")
    return " · ".join(p for p in parts if p)


def _changes(changes: dict | None) -> str:
    return "; ".join(_("{field}: {old} → {new}").format(field=field_label(name), old=value_text(name, old),
                                                       new=value_text(name, new))
                     for name, (old, new) in (changes or {}).items())


def decision_text(resolution: Resolution, candidates) -> str:
    if resolution.skip:
        return _("Skipped as you chose.")
    if resolution.create:
        return _("A new person will be added to the book.")
    chosen = next((c for c in candidates if c.person_id == resolution.person_id), None)
    who = candidate_text(chosen) if chosen else str(resolution.person_id)
    return _("Will be recorded for: {person}").format(person=who)


class People:
    """The people of the book the preview matched rows to, by id (read from the preview's own index)."""

    def __init__(self, plan: Preview) -> None:
        context = plan.context
        self.index = getattr(context, "people", None) if context is not None else None

    def get(self, person_id: int | None) -> Candidate | None:
        if self.index is None or person_id is None:
            return None
        known = self.index.known(person_id)
        return known.candidate() if known is not None else None


def preview_line(kind: str, row: PreviewRow, people: People, decision: Resolution | None = None) -> PreviewLine:
    values = row.parsed.values
    subject = values.get("title") or values.get("full_name") or ""
    if decision is not None and row.status in NEEDS_CHOICE:
        message = decision_text(decision, row.candidates)
    elif row.problems:
        message = "\n".join(problem.render(_) for problem in row.problems)
    elif row.status == UPDATE and row.changes:
        message = _changes(row.changes)
    elif row.status == UPDATE and row.posts:
        message = _("New post: {posts}").format(posts=", ".join(_(h.title.label) for h in row.posts))
    elif row.new_person is not None and row.status in (NEW, UPDATE):
        message = _("A new person will be added to the book.")
    elif kind != "officers" and people.get(row.person_id) is not None:
        message = _("Matched to: {person}").format(person=candidate_text(people.get(row.person_id)))
    elif row.status == DUPLICATE:
        message = _("Already in the book; nothing to change.")
    else:
        message = ""
    return PreviewLine(row.row, row.status, subject, _details(kind, values), message, row, decision)


def preview_lines(plan: Preview, decisions: dict[int, Resolution] | None = None) -> list[PreviewLine]:
    """One line per data row, then the rows that could not be read as data (an empty name, …)."""
    decisions = decisions or {}
    people = People(plan)
    lines = [preview_line(plan.kind, row, people, decisions.get(row.row)) for row in plan.rows]
    for problem in plan.table.problems:
        lines.append(PreviewLine(problem.row, PROBLEM, "", "", problem.render(_)))
    return sorted(lines, key=lambda line: line.row or 0)


def _status_text(line: PreviewLine) -> str:
    if line.decision is not None and line.status in NEEDS_CHOICE:
        return _("Skipped") if line.decision.skip else _("Chosen")
    return _(STATUS_LABELS.get(line.status, line.status))


class PreviewModel(TableModel):
    ROW, STATUS, SUBJECT, DETAILS, MESSAGE = range(5)
    columns = (
        Column(N_("Row"), lambda r: str(r.row or ""), sort_key=lambda r: r.row, centered=True,
               header_tooltip=N_("The row number in the sheet, as Excel shows it")),
        Column(N_("Status"), _status_text, sort_key=lambda r: list(STATUS_LABELS).index(r.status)),
        # Plain string keys: a 10,000-row list is ranked in a blink (the Vietnamese dictionary key of every long
        # message would take seconds, for an order nobody needs here).
        Column(N_("Course or person"), lambda r: r.subject, sort_key=lambda r: fold(r.subject),
               tooltip=lambda r: r.subject),
        Column(N_("Details"), lambda r: r.details, sort_key=lambda r: r.details, tooltip=lambda r: r.details),
        Column(N_("What will happen / problem"), lambda r: r.message.replace("\n", " "),
               sort_key=lambda r: r.message, tooltip=lambda r: r.message),
    )

    def foreground(self, row: PreviewLine):
        colour = STATUS_COLOURS.get(SKIPPED if row.decision is not None and row.decision.skip else row.status)
        if row.decision is not None and not row.decision.skip and row.status in NEEDS_CHOICE:
            colour = STATUS_COLOURS[NEW]
        return QColor(colour) if colour else None

    def replace_line(self, number: int, line: PreviewLine) -> None:
        self._rows[number] = line
        self._ranks = [self._rank(column) for column in self.columns]
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.columns) - 1))

    def number_of(self, sheet_row: int) -> int | None:
        for number, line in enumerate(self._rows):
            if line.row == sheet_row and line.source is not None:
                return number
        return None


class PreviewFilter(QSortFilterProxyModel):
    """Show all rows, or only those of some statuses (the problems, the rows waiting for a choice)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.statuses: tuple[str, ...] | None = None
        self.setSortRole(TableModel.SortRole)

    def set_statuses(self, statuses: tuple[str, ...] | None) -> None:
        self.beginFilterChange()
        self.statuses = statuses
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,  # noqa: N802 - Qt's name
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self.statuses is None:
            return True
        line = self.sourceModel().row(source_row)
        return line.status in self.statuses


# --------------------------------------------------------------------------- history


@dataclass(frozen=True)
class ImportRecord:
    when: datetime | None
    kind: str
    file_name: str
    sha256: str
    added: int
    updated: int
    duplicates: int
    skipped: int


def import_records(rows: list[dict]) -> list[ImportRecord]:
    """The book's `imports` rows (newest first) as records."""
    records = []
    for row in rows:
        try:
            when = datetime.fromisoformat(row["imported_at"])
        except (TypeError, ValueError):
            when = None
        records.append(ImportRecord(when, row["kind"], row["file_name"], row.get("sha256", ""),
                                    row.get("added", 0), row.get("updated", 0), row.get("duplicates", 0),
                                    row.get("skipped", 0)))
    return records


def _when_text(record: ImportRecord) -> str:
    return f"{format_date(record.when.date())} {record.when:%H:%M}" if record.when else ""


class ImportHistoryModel(TableModel):
    WHEN, KIND, FILE, ADDED, UPDATED, DUPLICATES, SKIPPED = range(7)
    columns = (
        Column(N_("Imported on"), _when_text, sort_key=lambda r: r.when, centered=True),
        Column(N_("List"), lambda r: _(KIND_SHORT.get(r.kind, r.kind))),
        Column(N_("File"), lambda r: r.file_name,
               tooltip=lambda r: _("{file}\nSHA-256: {sha}").format(file=r.file_name, sha=r.sha256)),
        Column(N_("New"), lambda r: str(r.added), sort_key=lambda r: r.added, centered=True),
        Column(N_("Updated"), lambda r: str(r.updated), sort_key=lambda r: r.updated, centered=True),
        Column(N_("Already in the book"), lambda r: str(r.duplicates), sort_key=lambda r: r.duplicates,
               centered=True),
        Column(N_("Skipped"), lambda r: str(r.skipped), sort_key=lambda r: r.skipped, centered=True),
    )
