"""The officers' roster and one person's posts as plain rows, their table models, and the search filter.

Rows are built once per reload from the service's `PersonWithPosts`; the search text of each row is folded
then (case, diacritics, đ → d, old and new tone placement), so a keystroke only compares strings in memory.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.officers import SEX_LABELS, PersonWithPosts, PostHolding, current_titles
from desktop.domain.vietnamese import fold, format_date, name_sort_key
from desktop.i18n import N_, _
from desktop.ui.models.table_model import Column, TableModel

MUTED = QColor("#718096")
_NOT_WORD = re.compile(r"[^\w]+")


def search_words(*texts: str) -> str:
    """The folded words of `texts`, each preceded by a space, so that " " + query word finds word starts."""
    return " " + " ".join(_NOT_WORD.sub(" ", fold(text)) for text in texts if text).strip()


def query_words(query: str) -> tuple[str, ...]:
    return tuple(" " + word for word in _NOT_WORD.sub(" ", fold(query or "")).split())


def row_matches(words: tuple[str, ...], haystack: str) -> bool:
    """Every word of the query begins a word of the row (ignoring case and diacritics).

    This is `desktop.domain.vietnamese.matches` restricted to word starts: "nguyen van an" finds
    "Nguyễn Văn An" but not every "Nguyễn Văn …" (whose "Văn" contains "an").
    """
    return all(word in haystack for word in words)


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonRow:
    person_id: int
    full_name: str
    birth_year: int | None
    sex: str
    posts: str
    posts_detail: str
    department: str
    full_time: bool
    current: bool  # holds a post today
    search_text: str
    entry: PersonWithPosts


def person_rows(roster: list[PersonWithPosts], today: date) -> list[PersonRow]:
    """Rows in the roster's order (the service sorts the Vietnamese way)."""
    rows = []
    for entry in roster:
        person = entry.person
        held = current_titles(entry.holdings, today)
        if held:
            posts = ", ".join(_(h.title.label) for h in held)
            detail = "\n".join(_("{title} (term {term})").format(title=_(h.title.label), term=h.term.label)
                               + (f" — {h.duties}" if h.duties else "") for h in held)
        else:
            posts = _("(no current post)") if entry.holdings else _("(no post yet)")
            detail = posts
        rows.append(PersonRow(
            person_id=person.id, full_name=person.full_name, birth_year=person.effective_birth_year,
            sex=_(SEX_LABELS[person.sex]) if person.sex else "", posts=posts, posts_detail=detail,
            department=person.department, full_time=any(h.full_time for h in held), current=bool(held),
            search_text=search_words(person.full_name, person.department, person.job_title, person.phone,
                                     person.email, person.member_code),
            entry=entry))
    return rows


def _full_time_tip(row: PersonRow) -> str:
    return _("Full-time union officer") if row.full_time else _("Part-time (alongside their job)")


class PeopleModel(TableModel):
    NAME, BORN, SEX, POSTS, DEPARTMENT, FULL_TIME = range(6)
    columns = (
        Column(N_("Full name"), lambda r: r.full_name, sort_key=lambda r: name_sort_key(r.full_name)),
        Column(N_("Born"), lambda r: str(r.birth_year) if r.birth_year else "", sort_key=lambda r: r.birth_year,
               centered=True),
        Column(N_("Sex"), lambda r: r.sex, centered=True),
        Column(N_("Current posts"), lambda r: r.posts, tooltip=lambda r: r.posts_detail),
        Column(N_("Department"), lambda r: r.department),
        Column(N_("Full-time"), lambda r: "✓" if r.full_time else "", sort_key=lambda r: not r.full_time,
               tooltip=_full_time_tip, centered=True, header_tooltip=N_("Full-time union officer")),
    )

    def foreground(self, row: PersonRow):
        return None if row.current else MUTED

    def index_of(self, person_id: int) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if row.person_id == person_id:
                return self.index(number, 0)
        return QModelIndex()


class PeopleFilterProxy(QSortFilterProxyModel):
    """Search as you type over the rows' folded text.

    Sorting is delegated to the source model (which reorders its rows by precomputed integer ranks), so the
    proxy itself stays unsorted: clearing a search then re-inserts 2,000 rows without a Python comparison
    per row, and a keystroke stays well under a frame (16 ms).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._source: TableModel | None = None
        self._checked_rows: list | None = None  # the source's row list the flags below belong to
        self._accepted: list[bool] = []
        self.setSortRole(TableModel.SortRole)

    def setSourceModel(self, model) -> None:  # noqa: N802 - Qt's name
        self._source = model
        self._checked_rows = None
        super().setSourceModel(model)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if self._source is not None:
            self._source.sort(column, order)

    def set_query(self, text: str) -> None:
        words = query_words(text)
        if words == self._words:
            return  # a space, or a tone mark changed on a word that folds the same: nothing to redo
        self.beginFilterChange()
        self._words = words
        self._checked_rows = None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def query_words(self) -> tuple[str, ...]:
        return self._words

    def filterAcceptsRow(self, source_row: int,  # noqa: N802 - Qt's name
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._words:
            return True
        rows = self._source._rows
        if rows is not self._checked_rows:  # new query, new rows or a new order: decide all rows at once
            words = self._words
            self._accepted = [row_matches(words, row.search_text) for row in rows]
            self._checked_rows = rows
        return self._accepted[source_row]


# --------------------------------------------------------------------------- posts


@dataclass(frozen=True)
class PostRow:
    holding_id: int
    title: str
    term: str
    start: str
    end: str
    full_time: bool
    duties: str
    status: str
    active: bool
    holding: PostHolding


def post_rows(holdings: list[PostHolding], today: date) -> list[PostRow]:
    """A person's posts: those held today first (the most senior first), then the others, latest first."""
    def order(h: PostHolding):
        start = h.start_date or date(h.term.start_year, 1, 1)
        return (not h.active_on(today), -start.toordinal(), h.title.rank)

    rows = []
    for h in sorted(holdings, key=order):
        active = h.active_on(today)
        if active and h.end_date is not None:  # ends today or later: held until then
            status = _("Until {date}").format(date=format_date(h.end_date))
        elif active:
            status = _("Holding")
        elif h.end_date is not None and h.end_date < today:
            status = _("Ended")
        else:
            status = _("Not started yet")
        rows.append(PostRow(holding_id=h.id, title=_(h.title.label), term=h.term.label,
                            start=format_date(h.start_date), end=format_date(h.end_date), full_time=h.full_time,
                            duties=h.duties, status=status, active=active, holding=h))
    return rows


def _date_order(text: str):
    return tuple(reversed(text.split("/"))) if text else None


class PostsModel(TableModel):
    TITLE, TERM, START, END, STATUS, FULL_TIME, DUTIES = range(7)
    columns = (
        Column(N_("Post"), lambda r: r.title, sort_key=lambda r: r.holding.title.rank),
        Column(N_("Term"), lambda r: r.term, centered=True),
        Column(N_("From"), lambda r: r.start, sort_key=lambda r: _date_order(r.start), centered=True),
        Column(N_("Until"), lambda r: r.end, sort_key=lambda r: _date_order(r.end), centered=True),
        Column(N_("Status"), lambda r: r.status),
        Column(N_("Full-time"), lambda r: "✓" if r.full_time else "", sort_key=lambda r: not r.full_time,
               centered=True, header_tooltip=N_("Full-time union officer")),
        Column(N_("Duties"), lambda r: r.duties.replace("\n", " "), tooltip=lambda r: r.duties),
    )

    def foreground(self, row: PostRow):
        return None if row.active else MUTED

    def font(self, row: PostRow):
        if row.active:
            return None
        font = QFont()
        font.setItalic(True)
        return font
