"""The simple steps of the import wizard: what the file is, reading it, its columns, and what was imported.

Each step is a widget that shows and collects; the wizard (import_wizard.py) moves between them and talks to
the import engine.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QComboBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QRadioButton, QSizePolicy, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.domain.vietnamese import fold
from desktop.i18n import N_, _
from desktop.services.importing import KINDS, ImportResult, ParsedTable
from desktop.services.importing.columns import FIELDS, KEY_FIELD, KEY_LABEL, known_fields
from desktop.ui.models.course_model import course_dates
from desktop.ui.models.import_preview_model import KIND_LABELS, field_label

IMPORT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")
KIND_HINTS = {
    "courses": N_("Each row is a course: its title, dates, organiser, place… Courses already in the book are "
                  "recognised and not added twice."),
    "attendance": N_("Each row is a person who was sent to or attended the course below, with the result and "
                     "the certificate number if the list has them. People are matched to the book by name and "
                     "year of birth."),
    "officers": N_("Each row is an officer with their post: for setting up a new book from an existing list. "
                   "People already in the book are recognised."),
}
NO_KEY_COLUMN = N_("Choose the column that holds “{column}”: without it no row can be read.")


def file_filter() -> str:
    return _("Spreadsheets (*.xlsx *.xls *.ods *.csv)") + ";;" + _("All files (*)")


def guess_kind(path: Path | str | None, has_courses: bool = True) -> str:
    """What a dropped file probably is, from its name ("ke-hoach…" a plan, "ket-qua…" a result list…).

    Only a first guess: the user confirms it before anything is read."""
    name = fold(Path(path).stem if path else "").replace("-", " ").replace("_", " ")
    if any(word in name for word in ("ket qua", "hoc vien", "diem danh", "danh sach cu", "cu di hoc", "tham du")):
        return "attendance" if has_courses else "courses"
    if any(word in name for word in ("bch", "ban chap hanh", "can bo", "nhan su", "ubkt", "to truong")):
        return "officers"
    return "courses"


class ChooseStep(QWidget):
    """What the file is (three kinds), the course or term it belongs to, and the file itself."""

    def __init__(self, courses, terms, current_term, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(_("Choose the file the superior union sent and say what it lists. Nothing is written to "
                         "the book before you have seen the preview and pressed “Import into the book”."))
        intro.setWordWrap(True)
        self.kind_group = QButtonGroup(self)
        kinds_box = QGroupBox(_("What does the file list?"))
        kinds = QVBoxLayout(kinds_box)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for number, kind in enumerate(KINDS):
            button = QRadioButton(_(KIND_LABELS[kind]))
            button.setToolTip(_(KIND_HINTS[kind]))
            self.kind_group.addButton(button, number)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        self.kind_hint = QLabel()
        self.kind_hint.setObjectName("dialogHint")
        self.kind_hint.setWordWrap(True)
        kinds.addWidget(self.kind_hint)

        self.course_box = QComboBox()
        self.course_box.setObjectName("importCourse")
        self.course_box.setToolTip(_("The course whose attendee or result list this is"))
        for course in reversed(list(courses)):  # the newest course first: results come after the course
            dates = course_dates(course)
            self.course_box.addItem(course.title + (f" ({dates})" if dates else ""), course.id)
        self.term_box = QComboBox()
        self.term_box.setObjectName("importTerm")
        self.term_box.setToolTip(_("The term of the posts the roster lists"))
        for term in terms:
            self.term_box.addItem(term.label, term)
        if current_term is not None:
            self.term_box.setCurrentIndex(max(self.term_box.findData(current_term), 0))
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(_("The file to import (.xlsx, .xls, .ods or .csv)"))
        self.browse = QPushButton(_("Choose a file…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        self.course_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.addRow(_("File:"), file_row)
        self.course_label = QLabel(_("Course:"))
        self.form.addRow(self.course_label, self.course_box)
        self.term_label = QLabel(_("Term:"))
        self.form.addRow(self.term_label, self.term_box)
        self.no_course = QLabel(_("There are no courses in the book yet: add the course (or import the course "
                                  "plan) first, then import its attendee list."))
        self.no_course.setObjectName("fieldError")
        self.no_course.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.notice = QLabel()
        self.notice.setObjectName("dialogHint")
        self.notice.setWordWrap(True)
        self.notice.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(kinds_box)
        layout.addLayout(self.form)
        layout.addWidget(self.no_course)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.kind_group.idToggled.connect(lambda _id, checked: checked and self._kind_changed())
        self.browse.clicked.connect(self.choose_file)

    def kind(self) -> str:
        return KINDS[max(self.kind_group.checkedId(), 0)]

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)
        self._kind_changed()

    def course_id(self) -> int | None:
        return self.course_box.currentData()

    def set_course(self, course_id: int | None) -> None:
        index = self.course_box.findData(course_id)
        if index >= 0:
            self.course_box.setCurrentIndex(index)

    def term(self):
        return self.term_box.currentData()

    def file_path(self) -> Path | None:
        text = self.path.text().strip().strip('"')
        return Path(text) if text else None

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.kind_hint.setText(_(KIND_HINTS[kind]))
        attendance, officers = kind == "attendance", kind == "officers"
        for widget in (self.course_label, self.course_box):
            widget.setVisible(attendance)
        for widget in (self.term_label, self.term_box):
            widget.setVisible(officers)
        self.no_course.setVisible(attendance and self.course_box.count() == 0)

    def choose_file(self) -> None:
        start = str(self.file_path().parent) if self.file_path() else ""
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose the file to import"), start, file_filter())
        if path:
            self.path.setText(path)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))


class ReadingStep(QWidget):
    """A progress bar while the file is read (the wizard's Stop button cancels), or why it cannot be read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.after_error = QLabel(_("Nothing was written to the book. Fix the file (or choose another one) and "
                                    "try again."))
        self.after_error.setWordWrap(True)
        self.after_error.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.after_error)
        layout.addStretch(2)

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.error.hide()
        self.after_error.hide()

    def show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def fail(self, text: str) -> None:
        self.progress.hide()
        self.label.setText(_("The file cannot be imported."))
        self.error.setText(text)
        self.error.show()
        self.after_error.show()


class ColumnsStep(QWidget):
    """The columns as the program recognised them; any of them can be given another role, or none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "courses"
        intro = QLabel(_("The program recognised the columns by their headings. If a column was read wrongly, "
                         "choose what it holds (or “Not used”), then press “Read again with these columns”."))
        intro.setWordWrap(True)
        self.sheet_box = QComboBox()
        self.sheet_box.setObjectName("importSheet")
        self.sheet_box.setToolTip(_("The sheet of the workbook that holds the list"))
        sheet_row = QHBoxLayout()
        sheet_label = QLabel(_("Sheet:"))
        sheet_label.setBuddy(self.sheet_box)
        sheet_row.addWidget(sheet_label)
        sheet_row.addWidget(self.sheet_box)
        sheet_row.addStretch(1)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("importColumns")
        self.table.setHorizontalHeaderLabels([_("Column"), _("Heading in the file"), _("Holds")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(2, 340)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(sheet_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.boxes: list[QComboBox] = []

    def show_table(self, table: ParsedTable) -> None:
        self.kind = table.kind
        self.sheet_box.clear()
        for name in table.sheets:
            self.sheet_box.addItem(name, name)
        self.sheet_box.setCurrentIndex(max(self.sheet_box.findData(table.sheet), 0))
        self.table.setRowCount(len(table.columns))
        self.boxes = []
        fields = [name for name in FIELDS[table.kind] if name in known_fields(table.kind)]
        fields += sorted(known_fields(table.kind) - set(fields))
        for row, column in enumerate(table.columns):
            letter = QTableWidgetItem(column.letter)
            letter.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 0, letter)
            self.table.setItem(row, 1, QTableWidgetItem(column.label.replace("\n", " ")))
            box = QComboBox()
            box.addItem(_("Not used"), None)
            for name in fields:
                box.addItem(field_label(name), name)
            box.setCurrentIndex(max(box.findData(column.field), 0) if column.field else 0)
            box.currentIndexChanged.connect(lambda _index, changed=box: self._one_role_per_column(changed))
            self.table.setCellWidget(row, 2, box)
            self.boxes.append(box)
        self.error.hide()

    def _one_role_per_column(self, changed: QComboBox) -> None:
        """A role belongs to one column: choosing it here frees it elsewhere."""
        role = changed.currentData()
        if role is None:
            return
        for box in self.boxes:
            if box is not changed and box.currentData() == role:
                box.blockSignals(True)
                box.setCurrentIndex(0)
                box.blockSignals(False)

    def set_role(self, column: int, role: str | None) -> None:
        box = self.boxes[column]
        box.setCurrentIndex(max(box.findData(role), 0) if role else 0)

    def sheet(self) -> str | None:
        return self.sheet_box.currentData()

    def mapping(self) -> dict[str, int | None] | None:
        """Every role -> its column (None: not used); None with a message when the key column is missing."""
        chosen = {box.currentData(): number for number, box in enumerate(self.boxes) if box.currentData()}
        key = KEY_FIELD[self.kind]
        if key not in chosen and not (self.kind != "courses" and "given_name" in chosen):
            self.error.setText(_(NO_KEY_COLUMN).format(column=_(KEY_LABEL[self.kind])))
            self.error.show()
            return None
        self.error.hide()
        return {name: chosen.get(name) for name in known_fields(self.kind)}


def result_text(result: ImportResult) -> str:
    lines = [_("{file}: {added} new, {updated} updated, {duplicates} already in the book, {skipped} skipped.")
             .format(file=result.file_name, added=result.added, updated=result.updated,
                     duplicates=result.duplicates, skipped=result.skipped)]
    if result.people_created:
        lines.append(_("{count} new person(s) were added to the book.").format(count=result.people_created))
    lines.append(_("The import is recorded in the history of imports (file name, date and counts)."))
    return "\n".join(lines)


class DoneStep(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(_("The list has been imported."))
        self.heading.setObjectName("sectionHeading")
        self.text = QLabel()
        self.text.setObjectName("importResult")
        self.text.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("dialogHint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text)
        layout.addWidget(self.problems)
        layout.addStretch(1)

    def show_result(self, result: ImportResult) -> None:
        self.text.setText(result_text(result))
        skipped = [problem.render(_) for problem in result.problems]
        shown = skipped[:8]
        more = len(skipped) - len(shown)
        text = ""
        if shown:
            text = _("Rows not imported:") + "\n" + "\n".join("• " + line for line in shown)
            if more:
                text += "\n" + _("… and {count} more.").format(count=more)
        self.problems.setText(text)
        self.problems.setVisible(bool(text))
