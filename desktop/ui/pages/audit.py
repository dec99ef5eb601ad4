"""Lịch sử thay đổi: the book's audit log, newest first — when, what, whose record, which field, old → new,
and why — filterable by year and by person. Read-only by construction: the table cannot be edited here and
the database refuses to change or delete audit rows.

Large books: the newest rows are loaded in batches ("Xem thêm" loads the next batch).
"""
from __future__ import annotations


from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QCompleter, QHBoxLayout, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from desktop.domain.audit import AuditEntry
from desktop.domain.vietnamese import fold, format_number
from desktop.i18n import N_, _
from desktop.services.officers import RosterFilter
from desktop.ui.dialogs.damaged_book_dialog import moment_text
from desktop.ui.pages.audit_labels import (action_label, field_label, reason_text, shortened,  # noqa: F401
                                           value_text)
from desktop.ui.pages.base import Page, page_heading

BATCH = 2000  # rows loaded at a time
FOLD_ROLE = Qt.ItemDataRole.UserRole + 1

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
