"""A course's attendance (who was sent, who came, the result and the certificate) and one person's training
history, as table models.

The attendance model is edited in place: the three status columns show a tick each and behave like radio
buttons (the page sets the status when a cell is clicked), the result is chosen in a combo box (only for
people who came) and the certificate number is typed. Every change goes through `save(record) -> bool`, a
callable of the page that writes through `TrainingService.set_attendance`; the row changes only when it
returns True, so the table never shows what the book does not hold.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QApplication, QComboBox, QStyle, QStyledItemDelegate, QStyleOptionButton,
                               QStyleOptionViewItem)

from desktop.domain.training import ATTENDANCE_LABELS, RESULT_LABELS, RESULTS, TOPIC_LABELS, Attendance
from desktop.domain.vietnamese import name_sort_key
from desktop.i18n import N_, _
from desktop.ui.models.course_model import course_dates
from desktop.ui.models.table_model import Column, TableModel

MUTED = QColor("#718096")
ABSENT = QColor("#9c4221")
STATUS_COLUMNS = {1: "sent", 2: "present", 3: "absent"}


def result_text(result: str | None) -> str:
    return _(RESULT_LABELS[result]) if result in RESULT_LABELS else ""


def _no_text(_row) -> str:
    return ""  # the status columns show a tick (the check state), no text beside it


class AttendanceModel(TableModel):
    """Rows are TrainingService.AttendanceRow (attendance, course, full_name)."""

    NAME, SENT, PRESENT, ABSENT, RESULT, CERTIFICATE = range(6)
    columns = (
        Column(N_("Full name"), lambda r: r.full_name, sort_key=lambda r: name_sort_key(r.full_name)),
        Column(N_("Sent"), _no_text, sort_key=lambda r: r.attendance.status != "sent", centered=True,
               header_tooltip=N_("On the list of people sent to the course, not yet known whether they came")),
        Column(N_("Attended"), _no_text, sort_key=lambda r: r.attendance.status != "present",
               centered=True, header_tooltip=N_("Came to the course: counts towards the training targets "
                                                "unless the result is Fail")),
        Column(N_("Absent"), _no_text, sort_key=lambda r: r.attendance.status != "absent", centered=True,
               header_tooltip=N_("Was sent but did not come")),
        Column(N_("Result"), lambda r: result_text(r.attendance.result),
               sort_key=lambda r: RESULTS.index(r.attendance.result) if r.attendance.result in RESULTS else None,
               header_tooltip=N_("Only for people who attended; double-click to choose")),
        Column(N_("Certificate number"), lambda r: r.attendance.certificate_no,
               header_tooltip=N_("Double-click to type the number of the certificate (giấy chứng nhận)")),
    )

    def __init__(self, parent=None, save: Callable[[Attendance], bool] | None = None) -> None:
        super().__init__(parent)
        self.save = save

    # --- reading
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column in STATUS_COLUMNS:
            checked = row.attendance.status == STATUS_COLUMNS[column]
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.EditRole:
            if column == self.RESULT:
                return row.attendance.result or ""
            if column == self.CERTIFICATE:
                return row.attendance.certificate_no
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column in STATUS_COLUMNS:
            return _("Click to mark as: {status}").format(status=_(ATTENDANCE_LABELS[STATUS_COLUMNS[column]]))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.RESULT and row.attendance.status != "present":
            return _("Tick “Attended” first: only a person who came can have a result.")
        return super().data(index, role)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid() or index.row() >= len(self._rows):
            return flags
        row = self._rows[index.row()]
        if index.column() == self.CERTIFICATE or (index.column() == self.RESULT
                                                  and row.attendance.status == "present"):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def foreground(self, row):
        if row.attendance.status == "absent":
            return ABSENT
        return MUTED if row.attendance.status == "sent" else None

    def person_ids(self) -> list[int]:
        return [row.attendance.person_id for row in self._rows]

    def index_of(self, person_id: int) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if row.attendance.person_id == person_id:
                return self.index(number, 0)
        return QModelIndex()

    # --- changing
    def set_status(self, number: int, status: str) -> bool:
        """Mark row `number` as sent / present / absent; a result is dropped when the person did not come."""
        record = self._rows[number].attendance
        if record.status == status:
            return False
        result = record.result if status == "present" else None
        return self._write(number, dataclasses.replace(record, status=status, result=result))

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802 - Qt's name
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.row() >= len(self._rows):
            return False
        number, column = index.row(), index.column()
        record = self._rows[number].attendance
        if role == Qt.ItemDataRole.CheckStateRole and column in STATUS_COLUMNS:
            if Qt.CheckState(value) != Qt.CheckState.Checked:
                return False  # one status is always ticked: untick by ticking another
            return self.set_status(number, STATUS_COLUMNS[column])
        if role != Qt.ItemDataRole.EditRole:
            return False
        if column == self.RESULT and record.status == "present":
            result = value or None
            if result == record.result or (result is not None and result not in RESULTS):
                return False
            return self._write(number, dataclasses.replace(record, result=result))
        if column == self.CERTIFICATE:
            text = str(value or "").strip()
            if text == record.certificate_no:
                return False
            return self._write(number, dataclasses.replace(record, certificate_no=text))
        return False

    def _write(self, number: int, record: Attendance) -> bool:
        if self.save is not None and not self.save(record):
            return False
        old = self._rows[number]
        self._rows[number] = dataclasses.replace(old, attendance=record)
        self._ranks = [self._rank(column) for column in self.columns]
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.columns) - 1))
        return True


class StatusDelegate(QStyledItemDelegate):
    """The status columns drawn as one radio button in the middle of the cell: exactly one of "sent",
    "attended" and "absent" is on for each person. A click anywhere in the cell chooses it (the page
    handles the view's `clicked`), a bigger target than the button itself."""

    def paint(self, painter, option, index) -> None:
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        checked = cell.checkState == Qt.CheckState.Checked
        cell.features &= ~QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        cell.text = ""
        widget = cell.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, widget)
        radio = QStyleOptionButton()
        size = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, None, widget)
        radio.rect = QRect(cell.rect.center().x() - size // 2, cell.rect.center().y() - size // 2, size, size)
        radio.state = QStyle.StateFlag.State_Enabled | (QStyle.StateFlag.State_On if checked
                                                         else QStyle.StateFlag.State_Off)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorRadioButton, radio, painter, widget)


class ResultDelegate(QStyledItemDelegate):
    """The result column edited with a combo box: (none), Distinction, Merit, Pass, Fail."""

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt's name
        box = QComboBox(parent)
        box.addItem(_("(no result)"), "")
        for key in RESULTS:
            box.addItem(_(RESULT_LABELS[key]), key)
        # A choice is saved at once and the cell closes: no need to leave it first.
        box.activated.connect(lambda _index: self._chosen(box))
        return box

    def _chosen(self, box: QComboBox) -> None:
        self.commitData.emit(box)
        self.closeEditor.emit(box, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt's name
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 - Qt's name
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)


# --------------------------------------------------------------------------- one person's history


class PersonTrainingModel(TableModel):
    """Rows are TrainingService.AttendanceRow of one person, in course date order."""

    COURSE, TOPIC, DATES, STATUS, RESULT, CERTIFICATE = range(6)
    columns = (
        Column(N_("Course"), lambda r: r.course.title, tooltip=lambda r: r.course.title),
        Column(N_("Topic"), lambda r: _(TOPIC_LABELS.get(r.course.topic, r.course.topic))),
        Column(N_("Dates"), lambda r: course_dates(r.course),
               sort_key=lambda r: r.course.start_date or r.course.end_date, centered=True),
        Column(N_("Attendance"), lambda r: _(ATTENDANCE_LABELS.get(r.attendance.status, r.attendance.status))),
        Column(N_("Result"), lambda r: result_text(r.attendance.result),
               sort_key=lambda r: RESULTS.index(r.attendance.result) if r.attendance.result in RESULTS else None),
        Column(N_("Certificate number"), lambda r: r.attendance.certificate_no),
    )

    def foreground(self, row):
        return None if row.attendance.trained else MUTED
