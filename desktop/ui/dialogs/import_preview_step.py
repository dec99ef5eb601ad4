"""The preview step of the import wizard: every row with its status and exact problem, and the choice for
rows whose person is ambiguous or not in the book (pick the person, create a new one, or skip the row).

Nothing is written here. The decisions are kept as the engine's `Resolution`s by sheet row; the wizard hands
them to `apply()`.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.importing import (
    AMBIGUOUS,
    DUPLICATE,
    NEW,
    PROBLEM,
    UNMATCHED,
    UPDATE,
    ImportResult,
    Preview,
    Resolution,
)
from desktop.ui.models.import_preview_model import (
    NEEDS_CHOICE,
    People,
    PreviewFilter,
    PreviewLine,
    PreviewModel,
    candidate_text,
    preview_line,
    preview_lines,
)
from desktop.ui.widgets.list_table import list_table

FILTERS = (
    ("all", None),
    ("attention", (PROBLEM, AMBIGUOUS, UNMATCHED)),
    ("new", (NEW,)),
    ("update", (UPDATE,)),
    ("duplicate", (DUPLICATE,)),
)


class ResolvePanel(QGroupBox):
    """The choice for one ambiguous or unmatched row: one radio button per candidate, new person, skip."""

    decided = Signal(int, object)  # sheet row, Resolution or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("The selected row"), parent)
        self.setObjectName("resolvePanel")
        self.question = QLabel()
        self.question.setObjectName("resolveQuestion")
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.choices = QVBoxLayout()
        self.choices.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(self.choices)
        layout.addStretch(1)
        self.line: PreviewLine | None = None
        self.buttons: list[tuple[QRadioButton, Resolution]] = []
        self.group.buttonToggled.connect(self._toggled)

    def show_line(self, line: PreviewLine | None, allow_create: bool) -> None:
        self.line = None  # no signals while the buttons are rebuilt
        for button, _resolution in self.buttons:
            self.group.removeButton(button)
            self.choices.removeWidget(button)
            button.hide()  # at once: deleteLater waits for the event loop
            button.deleteLater()
        self.buttons = []
        if line is None:
            self.setTitle(_("The selected row"))
            self.question.setText(_("Select a row to see all that is known about it. Rows marked “Same name: "
                                    "choose” or “Not in the book: choose” are resolved here."))
            return
        if line.source is None or line.status not in NEEDS_CHOICE:
            self.setTitle(_("Row {row}").format(row=line.row) if line.row else _("The selected row"))
            self.question.setText("\n".join(part for part in (line.subject, line.details, line.message) if part))
            return
        source = line.source
        self.setTitle(_("Who is this?"))
        self.question.setText("\n".join(problem.render(_) for problem in source.problems))
        options = [(_("It is {person}").format(person=candidate_text(c)), Resolution.pick(c.person_id))
                   for c in source.candidates]
        if allow_create:
            options.append((_("Add {name} to the book as a new person").format(name=line.subject),
                            Resolution.create_new()))
        options.append((_("Skip this row"), Resolution.skip_row()))
        for text, resolution in options:
            button = QRadioButton(text)
            button.setObjectName("resolveChoice")
            self.group.addButton(button)
            self.choices.addWidget(button)
            self.buttons.append((button, resolution))
            if line.decision == resolution:
                button.setChecked(True)
        self.line = line

    def choose(self, resolution: Resolution) -> None:
        for button, option in self.buttons:
            if option == resolution:
                button.setChecked(True)
                return
        raise LookupError(resolution)

    def _toggled(self, button, checked: bool) -> None:
        if not checked or self.line is None:
            return
        for candidate, resolution in self.buttons:
            if candidate is button:
                self.decided.emit(self.line.row, resolution)


class PreviewStep(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: Preview | None = None
        self.people: People | None = None
        self.decisions: dict[int, Resolution] = {}
        self.summary = QLabel()
        self.summary.setObjectName("previewSummary")
        self.summary.setWordWrap(True)
        self.counts = QLabel()
        self.counts.setObjectName("previewCounts")
        self.counts.setWordWrap(True)
        self.show_box = QComboBox()
        self.show_box.setObjectName("previewFilter")
        self.show_box.setToolTip(_("Show only some of the rows"))
        self.columns_button = QPushButton(_("Columns…"))
        self.columns_button.setToolTip(_("See which column was read as what, and correct it"))
        self.create_all_button = QPushButton(_("Add everyone not in the book"))
        self.create_all_button.setToolTip(_("Every row whose person is not in the book yet adds a new person "
                                            "(rows with several people of the same name still need a choice)"))
        bar = QHBoxLayout()
        show_label = QLabel(_("Show:"))
        show_label.setBuddy(self.show_box)
        bar.addWidget(show_label)
        bar.addWidget(self.show_box)
        bar.addStretch(1)
        bar.addWidget(self.create_all_button)
        bar.addWidget(self.columns_button)

        self.model = PreviewModel(self)
        self.proxy = PreviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_table(self.proxy, "previewTable", PreviewModel.MESSAGE, {
            PreviewModel.ROW: 55, PreviewModel.STATUS: 205, PreviewModel.SUBJECT: 215, PreviewModel.DETAILS: 215})
        self.resolve = ResolvePanel()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.resolve)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.counts)
        layout.addWidget(self.error)

        self.show_box.currentIndexChanged.connect(self._filter_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._show_choice())
        self.resolve.decided.connect(self.decide)
        self.create_all_button.clicked.connect(self.create_all_missing)

    # ------------------------------------------------------------------ content
    def show_plan(self, plan: Preview, heading: str, decisions: dict[int, Resolution] | None = None) -> None:
        self.plan = plan
        self.people = People(plan)
        self.decisions = {row: d for row, d in (decisions or {}).items()}
        self.summary.setText(heading)
        self.model.set_rows(preview_lines(plan, self.decisions))
        self.error.hide()
        self._fill_filter()
        self.create_all_button.setVisible(plan.kind == "attendance" and plan.count(UNMATCHED) > 0)
        first = next((n for n, line in enumerate(self.model.rows()) if line.status in NEEDS_CHOICE), None)
        if first is not None:
            self.select_sheet_row(self.model.row(first).row)
        self._show_choice()

    def _fill_filter(self) -> None:
        plan = self.plan
        names = {"all": _("All rows ({count})").format(count=self.model.rowCount()),
                 "attention": _("To check: problems and people to choose ({count})").format(
                     count=sum(1 for line in self.model.rows() if line.status in (PROBLEM, AMBIGUOUS, UNMATCHED))),
                 "new": _("New ({count})").format(count=plan.count(NEW)),
                 "update": _("Will update ({count})").format(count=plan.count(UPDATE)),
                 "duplicate": _("Already in the book ({count})").format(count=plan.count(DUPLICATE))}
        current = self.show_box.currentData()
        self.show_box.blockSignals(True)
        self.show_box.clear()
        for key, _statuses in FILTERS:
            self.show_box.addItem(names[key], key)
        self.show_box.setCurrentIndex(max(self.show_box.findData(current), 0))
        self.show_box.blockSignals(False)
        self._filter_changed()

    def _filter_changed(self, _index: int = 0) -> None:
        statuses = dict(FILTERS).get(self.show_box.currentData())
        self.proxy.set_statuses(statuses)

    def selected_line(self) -> PreviewLine | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row(self.proxy.mapToSource(rows[0]).row())

    def select_sheet_row(self, sheet_row: int) -> bool:
        number = self.model.number_of(sheet_row)
        if number is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(number, 0))
        if not index.isValid():
            self.show_box.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(number, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def _show_choice(self) -> None:
        plan = self.plan
        self.resolve.show_line(self.selected_line(), allow_create=plan is not None and plan.kind != "courses")

    # ------------------------------------------------------------------ decisions
    def decide(self, sheet_row: int, resolution: Resolution | None) -> None:
        if resolution is None:
            self.decisions.pop(sheet_row, None)
        else:
            self.decisions[sheet_row] = resolution
        number = self.model.number_of(sheet_row)
        if number is not None:
            line = self.model.row(number)
            self.model.replace_line(number, preview_line(self.plan.kind, line.source, self.people, resolution))
        self.changed_decisions()

    def create_all_missing(self) -> None:
        for line in self.model.rows():
            if line.status == UNMATCHED and line.source is not None and line.row not in self.decisions:
                self.decisions[line.row] = Resolution.create_new()
        self.model.set_rows(preview_lines(self.plan, self.decisions))
        self._show_choice()
        self.changed_decisions()

    def changed_decisions(self) -> None:
        """Hook: the wizard recounts what the import would do."""

    def unresolved(self) -> int:
        return sum(1 for line in self.model.rows() if line.needs_choice)

    def show_counts(self, result: ImportResult) -> None:
        text = _("Will be written: {added} new, {updated} updated; {duplicates} already in the book; {skipped} "
                 "row(s) skipped.").format(added=result.added, updated=result.updated,
                                           duplicates=result.duplicates, skipped=result.skipped)
        if result.people_created:
            text += " " + _("{count} new person(s) will be added.").format(count=result.people_created)
        waiting = self.unresolved()
        if waiting:
            text += " " + _("{count} row(s) still wait for a choice and will be skipped if you import now.").format(
                count=waiting)
        self.counts.setText(text)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
