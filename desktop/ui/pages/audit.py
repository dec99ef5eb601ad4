"""Lịch sử thay đổi: the book's audit log, newest first — when, what, whose record, which field, old → new,
and why — filterable by year and by person. Read-only by construction: the table cannot be edited here and
the database refuses to change or delete audit rows.

Large books: the newest rows are loaded in batches ("Xem thêm" loads the next batch).
"""
from __future__ import annotations

import json
import re
from datetime import date

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QCompleter, QHBoxLayout, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from desktop.domain.audit import AuditEntry
from desktop.domain.evaluation import LEVEL_SHORT_LABELS, STATUS_LABELS
from desktop.domain.officers import EDUCATION_LABELS, POLITICAL_THEORY_LABELS, POST_TITLES_BY_KEY, SEX_LABELS
from desktop.domain.training import ATTENDANCE_LABELS, MODE_LABELS, RESULT_LABELS, TOPIC_LABELS
from desktop.domain.vietnamese import fold, format_date, format_number
from desktop.i18n import N_, _
from desktop.services.officers import RosterFilter
from desktop.ui.dialogs.damaged_book_dialog import moment_text
from desktop.ui.pages.base import Page, page_heading

BATCH = 2000  # rows loaded at a time
SHORT = 60  # characters shown of an old or new value (the tooltip has all of it)
FOLD_ROLE = Qt.ItemDataRole.UserRole + 1

ACTIONS = {
    "person.create": N_("Added a person"), "person.update": N_("Changed a person's details"),
    "person.delete": N_("Removed a person"), "post.create": N_("Gave a post"), "post.update": N_("Changed a post"),
    "post.end": N_("Ended a post"), "post.delete": N_("Deleted a post"),
    "evaluation.create": N_("Created an evaluation sheet"), "evaluation.update": N_("Changed an evaluation"),
    "evaluation.finalise": N_("Finalised an evaluation"), "evaluation.draft": N_("Returned an evaluation to draft"),
    "year.close": N_("Closed the year"), "year.reopen": N_("Reopened the year"),
    "criteria.create": N_("Set up the criteria"), "criteria.update": N_("Changed the criteria"),
    "course.create": N_("Added a course"), "course.update": N_("Changed a course"),
    "course.delete": N_("Removed a course"), "attendance.set": N_("Recorded course attendance"),
    "attendance.delete": N_("Removed from a course"), "import.apply": N_("Imported a file"),
    "report.export": N_("Exported the yearly report"), "union.update": N_("Changed the union's details"),
}
ACTIONS_OF_A_YEAR = {  # when the entry knows its year, the label says it
    "year.close": N_("Closed the year {year}"), "year.reopen": N_("Reopened the year {year}"),
    "criteria.create": N_("Set up the criteria of {year}"), "criteria.update": N_("Changed the criteria of {year}"),
}
ACTION_FAMILIES = {"import": N_("Import"), "report": N_("Report")}
FIELDS = {
    "full_name": N_("full name"), "birth_date": N_("date of birth"), "birth_year": N_("year of birth"),
    "sex": N_("sex"), "ethnicity": N_("ethnicity"), "religion": N_("religion"), "party_member": N_("Party member"),
    "party_join_date": N_("Party admission date"), "education": N_("professional qualification"),
    "political_theory": N_("political theory"), "it_level": N_("IT skills"),
    "foreign_language": N_("foreign language"), "job_title": N_("job title"), "department": N_("department"),
    "phone": N_("phone"), "email": N_("e-mail"), "member_code": N_("member code"), "notes": N_("notes"),
    "title_key": N_("post"), "term": N_("term"), "start_date": N_("from"), "end_date": N_("until"),
    "duties": N_("duties"), "full_time": N_("full-time"), "self_level": N_("level the officer proposed"),
    "final_level": N_("final level"), "strengths": N_("strengths"), "weaknesses": N_("weaknesses"),
    "remedies": N_("how to improve"), "next_year_duties": N_("duties for next year"),
    "override_reason": N_("reason for a different level"), "votes": N_("votes"), "status": N_("status"),
    "closed": N_("closed"), "title": N_("title"), "topic": N_("topic"), "organiser": N_("organiser"),
    "days": N_("days"), "hours": N_("hours"), "place": N_("place"), "mode": N_("form"), "audience": N_("audience"),
    "source": N_("source"), "result": N_("result"), "certificate_no": N_("certificate number"),
    "union_name": N_("union name"), "superior_name": N_("superior union"), "place_name": N_("place name"),
    "doc_suffix": N_("document suffix"), "chair_name": N_("chair"), "address": N_("address"),
    "kind": N_("kind"), "file": N_("file"), "added": N_("added"), "updated": N_("updated"),
    "number": N_("number"), "signed_by": N_("signed by"), "course_id": N_("course"),
}
CRITERION_FIELDS = {"self_points": N_("criterion {number}, self-assessed points"),
                    "committee_points": N_("criterion {number}, committee points"),
                    "final_points": N_("criterion {number}, final points")}
YES_NO_FIELDS = {"party_member", "full_time", "closed", "non_state"}
_LEVELS = {str(int(level)): label for level, label in LEVEL_SHORT_LABELS.items()}
KEYED_LABELS = {  # fields whose stored values are keys: shown by their label
    "title_key": {key: title.label for key, title in POST_TITLES_BY_KEY.items()},
    "sex": {sex.value: label for sex, label in SEX_LABELS.items()},
    "education": EDUCATION_LABELS, "political_theory": POLITICAL_THEORY_LABELS, "topic": TOPIC_LABELS,
    "mode": MODE_LABELS, "result": RESULT_LABELS, "self_level": _LEVELS, "final_level": _LEVELS,
    "status": {**STATUS_LABELS, **ATTENDANCE_LABELS},
}
HIDDEN_KEYS = {"id", "person_id", "course_id", "sha256", "name_folded"}  # course_id is shown as the title when known
_CRITERION = re.compile(r"^criterion_(\d+)\.(\w+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def action_label(action: str, year: int | None = None) -> str:
    if year is not None and action in ACTIONS_OF_A_YEAR:
        return _(ACTIONS_OF_A_YEAR[action]).format(year=year)
    if action in ACTIONS:
        return _(ACTIONS[action])
    family = action.split(".", 1)[0]
    return _(ACTION_FAMILIES[family]) if family in ACTION_FAMILIES else action


def field_label(field: str) -> str:
    if match := _CRITERION.match(field or ""):
        template = CRITERION_FIELDS.get(match[2])
        return _(template).format(number=match[1]) if template else field
    return _(FIELDS[field]) if field in FIELDS else field


def value_text(field: str, raw, courses: dict[int, str] | None = None) -> str:
    """A stored value as a person reads it: dates dd/mm/yyyy, yes/no, labels instead of keys, numbers 12,5,
    course titles instead of course numbers."""
    if raw is None or raw == "":
        return ""
    text = raw if isinstance(raw, str) else _json(raw)
    if text.startswith(("{", "[")):
        try:
            structure = json.loads(text)
        except ValueError:
            return text
        if field == "votes" and isinstance(structure, dict):
            return "; ".join(f"{value_text('final_level', key)}: {count}" for key, count in structure.items())
        return _structure_text(structure, courses or {})
    if field in YES_NO_FIELDS or text in ("true", "false"):
        return _("yes") if text in ("1", "true", "True") else _("no")
    if text in KEYED_LABELS.get(field, {}):
        return _(KEYED_LABELS[field][text])
    if field == "course_id" and text.isdigit() and courses and int(text) in courses:
        return courses[int(text)]
    if _ISO_DATE.match(text):
        try:
            return format_date(date.fromisoformat(text))
        except ValueError:
            return text
    if _CRITERION.match(field or "") or field in ("days", "hours"):
        try:
            number = float(text)
            return format_number(number, 0 if number == int(number) else 1)
        except ValueError:
            return text
    return text


def _structure_text(value, courses: dict[int, str]) -> str:
    if isinstance(value, dict):
        parts = [f"{field_label(key)}: {value_text(key, item if isinstance(item, str) else _json(item), courses)}"
                 for key, item in value.items()
                 if item not in (None, "") and (key not in HIDDEN_KEYS or (key == "course_id" and item in courses))]
        return "; ".join(parts)
    if isinstance(value, list):
        return ", ".join(value_text("", item if isinstance(item, str) else _json(item), courses) for item in value)
    return str(value)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def shortened(text: str, limit: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reason_text(reason: str) -> str:
    """Imports record "import:<id> <file>" as their reason: shown as the file the rows came from."""
    if reason.startswith("import:"):
        file_name = reason.split(" ", 1)[1] if " " in reason else reason
        return _("Imported from {file}").format(file=file_name)
    return reason


class AuditModel(QAbstractTableModel):
    HEADERS = (N_("When"), N_("What"), N_("Person"), N_("Field"), N_("Old → new"), N_("Reason"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entries: list[AuditEntry] = []
        self.names: dict[int, str] = {}
        self.courses: dict[int, str] = {}
        self._cells: dict[int, tuple[list[str], list[str]]] = {}

    def set_entries(self, entries: list[AuditEntry], names: dict[int, str],
                    courses: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self.entries, self.names, self.courses, self._cells = entries, names, courses or {}, {}
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.entries)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt's name
        return 0 if parent is not None and parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never editable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        shown, full = self.cells(index.row())
        return shown[index.column()] if role == Qt.ItemDataRole.DisplayRole else full[index.column()] or None

    def cells(self, row: int) -> tuple[list[str], list[str]]:
        """(shown texts, full texts for the tooltips) of a row, worked out once."""
        if row not in self._cells:
            entry = self.entries[row]
            old = value_text(entry.field, entry.old_value, self.courses)
            new = value_text(entry.field, entry.new_value, self.courses)
            if old and new:
                change, full_change = f"{shortened(old)} → {shortened(new)}", f"{old}\n→\n{new}"
            elif old:
                change, full_change = f"{shortened(old)} → —", f"{old}\n→\n—"
            else:
                change, full_change = shortened(new), new
            person = ""
            if entry.person_id is not None:
                person = self.names.get(entry.person_id) or _("(removed person no. {id})").format(id=entry.person_id)
            reason = reason_text(entry.reason or "")
            shown = [moment_text(entry.at), action_label(entry.action, entry.year), person,
                     field_label(entry.field), change, shortened(reason)]
            # Tooltips carry whole texts: a column may be too narrow even for a shortened one.
            self._cells[row] = (shown, ["", "", "", shown[3], full_change, reason])
        return self._cells[row]


class FoldingCompleter(QCompleter):
    """Finds people by any part of the name, with or without accents ("nguyen van" finds "Nguyễn Văn An")."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        return [fold(path)]

    def pathFromIndex(self, index) -> str:  # noqa: N802 - Qt's name
        return index.data(Qt.ItemDataRole.DisplayRole) or ""


class AuditPage(Page):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("auditPage")
        self.limit = BATCH
        self.has_more = False
        self.people: dict[int, str] = {}
        self.courses: dict[int, str] = {}
        self._stale = True
        layout = QVBoxLayout(self)
        layout.addWidget(page_heading(_("History of changes")))
        note = QLabel(_("Every change to the book is recorded here with its time and, when one was given, its "
                        "reason. This history cannot be changed or deleted."))
        note.setObjectName("unionLine")
        note.setWordWrap(True)
        layout.addWidget(note)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Year:")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("auditYear")
        self.year_box.setMinimumWidth(130)
        self.year_box.currentIndexChanged.connect(lambda _index: self.reload())
        bar.addWidget(self.year_box)
        bar.addSpacing(12)
        bar.addWidget(QLabel(_("Person:")))
        self.person_box = QComboBox()
        self.person_box.setObjectName("auditPerson")
        self.person_box.setEditable(True)
        self.person_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person_box.setMinimumWidth(280)
        self.person_box.lineEdit().setPlaceholderText(_("Type a name to search"))
        self.person_box.setToolTip(_("Type part of a name, with or without accents, and pick the person"))
        completer = FoldingCompleter(self.person_box.model(), self.person_box)
        completer.setCompletionRole(FOLD_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person_box.setCompleter(completer)
        self.person_box.currentIndexChanged.connect(lambda _index: self.reload())
        self.person_box.lineEdit().editingFinished.connect(self._settle_person_text)
        bar.addWidget(self.person_box)
        self.count_label = QLabel()
        self.count_label.setObjectName("savedLabel")
        bar.addWidget(self.count_label, 1)
        layout.addLayout(bar)

        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate((125, 175, 160, 215, 265, 180)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        bottom = QHBoxLayout()
        self.more_button = QPushButton(_("Show more"))
        self.more_button.setToolTip(_("Loads the next {count} older changes").format(count=format_number(BATCH)))
        self.more_button.clicked.connect(self.show_more)
        bottom.addWidget(self.more_button)
        bottom.addStretch(1)
        layout.addLayout(bottom)
        self.refresh()

    # --- filters
    def refresh(self) -> None:
        """Re-read the log; while the page is hidden, only remember to (every saved change asks for it)."""
        services = self.services
        if services is None:
            self.model.set_entries([], {})
            return
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.people = {entry.person.id: entry.person.full_name
                       for entry in services.officers.roster(RosterFilter(include_ended=True))}
        self.courses = {row.course.id: row.course.title for row in services.training.courses()}
        self._fill_years()
        self._fill_people()
        self.reload()

    def _fill_years(self) -> None:
        services = self.services
        this_year = services.officers.today().year
        known = set(services.evaluations.years()) | {term.start_year for term in services.union.terms()}
        first = min(known | {this_year}) - 5
        # The log has no list of its years; asking per year is cheap (the year column is indexed).
        years = [year for year in range(this_year + 1, first - 1, -1)
                 if services.audit.entries(year=year, limit=1)]
        current = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItem(_("All years"), None)
        for year in years:
            self.year_box.addItem(str(year), year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(current)) if current is not None else 0)
        self.year_box.blockSignals(False)

    def _fill_people(self) -> None:
        current = self.person_box.currentData()
        names = list(self.people.values())
        self.person_box.blockSignals(True)
        self.person_box.clear()
        self.person_box.addItem(_("Everyone"), None)
        self.person_box.setItemData(0, fold(_("Everyone")), FOLD_ROLE)
        for person_id, name in self.people.items():
            shown = name if names.count(name) == 1 else f"{name} ({person_id})"
            self.person_box.addItem(shown, person_id)
            self.person_box.setItemData(self.person_box.count() - 1, fold(shown), FOLD_ROLE)
        index = self.person_box.findData(current) if current is not None else 0
        self.person_box.setCurrentIndex(max(0, index))
        self.person_box.blockSignals(False)

    def _settle_person_text(self) -> None:
        """Typed text that was not picked from the list: the one person it names, everyone when empty, or
        back to the person shown (the text never says one thing while the table shows another)."""
        box = self.person_box
        typed = fold(box.currentText())
        if typed == fold(box.itemText(box.currentIndex())):
            return
        matches = [index for index in range(1, box.count()) if typed and typed in fold(box.itemText(index))]
        if not typed or len(matches) == 1:
            box.setCurrentIndex(matches[0] if typed else 0)
        box.setEditText(box.itemText(box.currentIndex()))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @property
    def year(self) -> int | None:
        return self.year_box.currentData()

    @property
    def person_id(self) -> int | None:
        return self.person_box.currentData()

    # --- rows
    def reload(self) -> None:
        self.limit = BATCH
        self.load()

    def show_more(self) -> None:
        self.limit += BATCH
        self.load()

    def load(self) -> None:
        services = self.services
        if services is None:
            return
        entries = services.audit.entries(year=self.year, person_id=self.person_id, limit=self.limit + 1)
        self.has_more = len(entries) > self.limit
        entries = entries[: self.limit]
        self.model.set_entries(entries, self.people, self.courses)
        self.more_button.setVisible(self.has_more)
        if self.has_more:
            self.count_label.setText(_("Showing the newest {count} changes").format(count=format_number(len(entries))))
        else:
            self.count_label.setText(_("{count} changes").format(count=format_number(len(entries))))
        filtered = self.year is not None or self.person_id is not None
        self.empty.setText(_("No change matches these filters.") if filtered else
                           _("No change has been recorded yet."))
        self.empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
