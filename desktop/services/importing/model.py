"""What the import engine hands to its callers: the parsed table, the preview and the result.

Plain data, so the GUI wizard (in a worker thread) and the CLI show the same thing. Every message is an
English id with `{row}` / `{column}` placeholders, rendered in the caller's language with `render(_)`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

KINDS = ("courses", "attendance", "officers")

# Row statuses of a preview.
NEW, DUPLICATE, UPDATE, AMBIGUOUS, UNMATCHED, PROBLEM, SKIPPED = (
    "new", "duplicate", "update", "ambiguous", "unmatched", "problem", "skipped")
STATUSES = (NEW, DUPLICATE, UPDATE, AMBIGUOUS, UNMATCHED, PROBLEM, SKIPPED)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file or a row, with where it is (row 1-based, column as a letter)."""
    message_id: str
    sheet: str = ""
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)

    def render(self, translate) -> str:
        params = {key: (value.render(translate) if hasattr(value, "render") else value)
                  for key, value in self.params.items()}
        return translate(self.message_id).format(row=self.row, column=self.column, sheet=self.sheet, **params)

    def as_json(self, translate) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.render(translate)}


@dataclass(frozen=True)
class Column:
    index: int
    label: str  # the header text as shown (both levels of a two-level header joined by " / ")
    field: str | None  # the field it was recognised as (or re-mapped to), None when ignored

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(slots=True)
class ParsedRow:
    row: int  # 1-based row number in the sheet
    values: dict[str, Any]  # field -> value, already cleaned (NFC, legacy text decoded, numbers typed)
    problems: list[Problem] | tuple  # () when there are none (one shared empty tuple, not 10,000 lists)


@dataclass
class ParsedTable:
    path: Path
    kind: str
    sha256: str
    sheets: list[str]
    sheet: str
    header_row: int | None  # 1-based; None when the caller's mapping stood in for a header
    header_rows: int  # 1, or 2 for a two-level header
    columns: list[Column]
    mapping: dict[str, int]  # field -> 0-based column index
    rows: Sequence[ParsedRow]  # a list, or an attendee list's row_sets.ColumnRows
    problems: list[Problem] = field(default_factory=list)  # about rows that are not data (e.g. an empty name)
    ignored: dict[int, str] = field(default_factory=dict)  # row -> "blank", "group", "total", "numbering"...
    title: str = ""  # the title rows above the header, joined
    legacy_encoding: str | None = None  # "tcvn3" / "vni" when the sheet was typed in one
    text_encoding: str | None = None  # the character set of a CSV file

    @property
    def file_name(self) -> str:
        return self.path.name

    def column_of(self, field_name: str) -> str | None:
        index = self.mapping.get(field_name)
        return None if index is None else column_letter(index)


@dataclass(frozen=True)
class Candidate:
    """A person of the book who may be the one a row names."""
    person_id: int
    full_name: str
    birth_year: int | None
    sex: str | None
    department: str


@dataclass(slots=True)
class PreviewRow:
    parsed: ParsedRow
    status: str
    problems: list | tuple = ()
    candidates: list | tuple = ()  # people of the book this row may mean (ambiguous or unmatched rows)
    person_id: int | None = None  # the matched person (attendance, officers)
    existing_id: int | None = None  # the course, attendance record or person already in the book
    changes: dict | None = None  # field -> (old, new) for "update"
    record: Any = None  # the course or attendance that would be written
    new_person: Any = None  # a PendingPerson to create first (shared by the rows naming the same new person)
    posts: list | tuple = ()  # officers: the post holdings to add (person_id filled on write)

    @property
    def row(self) -> int:
        return self.parsed.row


@dataclass
class Preview:
    kind: str
    table: ParsedTable
    rows: Any  # row_sets.PlannedRows: a sequence of PreviewRow, one per data row
    course_id: int | None = None
    term: Any = None  # domain.officers.Term for the officers roster
    fingerprint: Any = None  # the book's state when planned: apply() plans again when it changed
    context: Any = None  # what planning loaded from the book (reused by apply() on an unchanged book)

    def count(self, status: str) -> int:
        return self.rows.count(status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUSES}

    @property
    def problems(self) -> list[Problem]:
        return list(self.table.problems) + self.rows.problems()


@dataclass(frozen=True)
class Resolution:
    """The caller's decision for an ambiguous or unmatched row."""
    person_id: int | None = None
    create: bool = False
    skip: bool = False

    @classmethod
    def pick(cls, person_id: int) -> "Resolution":
        return cls(person_id=person_id)

    @classmethod
    def create_new(cls) -> "Resolution":
        return cls(create=True)

    @classmethod
    def skip_row(cls) -> "Resolution":
        return cls(skip=True)


@dataclass
class ImportResult:
    kind: str
    file_name: str
    added: int = 0
    updated: int = 0
    duplicates: int = 0
    skipped: int = 0
    people_created: int = 0
    problems: list[Problem] = field(default_factory=list)
    import_id: int | None = None
    dry_run: bool = False

    def as_json(self, translate) -> dict:
        return {"kind": self.kind, "file": self.file_name, "dry_run": self.dry_run, "added": self.added,
                "updated": self.updated, "duplicates": self.duplicates, "skipped": self.skipped,
                "people_created": self.people_created, "import_id": self.import_id,
                "problems": [problem.as_json(translate) for problem in self.problems]}
