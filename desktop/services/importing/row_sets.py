"""Long lists kept as columns: the data rows of an attendee list, and the preview of them, with the per-row
objects (ParsedRow, PreviewRow) built only for the rows somebody looks at.

A 10,000-row attendee list is read, matched and written column by column. The window shows a screenful of
rows at a time and the command line only counts them, so building 20,000 small objects up front would be
most of what an import costs. Both classes are read-only sequences: `rows[i]` is built on first use and
the same object is returned after that.
"""
from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.training import Attendance
from desktop.services.importing.model import NEW, ParsedRow, PreviewRow, Problem


class _Lazy(Sequence):
    """A sequence whose items are made by `_make(i)` once each."""

    def __len__(self) -> int:
        raise NotImplementedError

    def _make(self, i: int):
        raise NotImplementedError

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        made = self._made.get(i)
        if made is None:
            made = self._made[i] = self._make(i)
        return made

    def __iter__(self):
        return map(self.__getitem__, range(len(self)))


class ColumnRows(_Lazy):
    """Data rows as columns: `numbers` (1-based sheet rows), `columns` (field -> one value per row, None when
    empty) and `problems` (position -> the problems of that row; most rows have none)."""

    def __init__(self, numbers: list[int], columns: dict[str, list], problems: dict[int, list[Problem]]) -> None:
        self.numbers = numbers
        self.columns = columns
        self.problems = problems
        self._made: dict[int, ParsedRow] = {}

    def __len__(self) -> int:
        return len(self.numbers)

    def column(self, name: str) -> list:
        found = self.columns.get(name)
        return found if found is not None else [None] * len(self.numbers)

    def _make(self, i: int) -> ParsedRow:
        return ParsedRow(self.numbers[i], {name: values[i] for name, values in self.columns.items()},
                         self.problems.get(i, ()))


class MatchedAttendance:
    """The usual rows of an attendee list: each names one person of the book, is new for the course and has
    nothing to report. Position-aligned columns (None at the other rows' positions) and their positions."""

    def __init__(self, rows: ColumnRows, course_id: int, positions: list[int], person_ids: list,
                 statuses: list, results: list, certificates: list) -> None:
        self.rows = rows
        self.course_id = course_id
        self.positions = positions
        self.person_ids = person_ids
        self.statuses = statuses
        self.results = results
        self.certificates = certificates

    def records(self) -> list[tuple]:
        """(person_id, status, result, certificate_no or None) of every usual row, in sheet order."""
        columns = (self.person_ids, self.statuses, self.results, self.certificates)
        if len(self.positions) == len(self.person_ids):  # every row of the list
            return list(zip(*columns))
        return list(zip(*(map(column.__getitem__, self.positions) for column in columns)))

    def row(self, i: int) -> PreviewRow:
        person_id = self.person_ids[i]
        return PreviewRow(self.rows[i], NEW, (), (), person_id, record=Attendance(
            self.course_id, person_id, self.statuses[i], self.results[i], self.certificates[i] or ""))


class PlannedRows(_Lazy):
    """The rows of a preview: one status per data row; `others` holds every row planned one by one (position
    -> PreviewRow, in the order of the sheet) and `matched` describes the rest (attendee lists only)."""

    def __init__(self, statuses: list[str], others: dict[int, PreviewRow],
                 matched: MatchedAttendance | None = None) -> None:
        self.statuses = statuses
        self.others = others
        self.matched = matched
        self._made: dict[int, PreviewRow] = {}

    @classmethod
    def of(cls, rows: list[PreviewRow]) -> "PlannedRows":
        return cls([row.status for row in rows], dict(enumerate(rows)))

    def __len__(self) -> int:
        return len(self.statuses)

    def _make(self, i: int) -> PreviewRow:
        row = self.others.get(i)
        return row if row is not None else self.matched.row(i)

    def count(self, status: str) -> int:
        return self.statuses.count(status)

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        for row in self.others.values():
            found.extend(row.problems)
        return found
