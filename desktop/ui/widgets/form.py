"""Forms with the message next to the field: a QFormLayout whose rows carry an error label.

Dialogs and wizard pages build their fields with `ValidatedForm.add_row(name, label, widget)` and show the
service's ValidationError(s) with `show_errors(error)`: each message goes under the field it names.
"""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.i18n import _


class ValidatedForm(QFormLayout):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.setHorizontalSpacing(12)
        self.setVerticalSpacing(8)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()

    def add_row(self, name: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        row_label = QLabel(label)
        row_label.setBuddy(widget)
        self.addRow(row_label, box)
        self.fields[name] = widget
        self.errors[name] = error
        return widget

    def clear_errors(self) -> None:
        for name, label in self.errors.items():
            label.hide()
            label.clear()
            self._mark(self.fields[name], False)
        self.general_error.hide()

    def show_errors(self, error: ValidationError) -> None:
        """Put each message under its field (or in the general line); focus the first field in error."""
        self.clear_errors()
        problems = error.errors if isinstance(error, ValidationErrors) else [error]
        first = None
        general = []
        for problem in problems:
            text = problem.render(_)
            if problem.field in self.errors:
                label = self.errors[problem.field]
                label.setText((label.text() + "\n" if label.text() else "") + text)
                label.show()
                self._mark(self.fields[problem.field], True)
                first = first or self.fields[problem.field]
            else:
                general.append(text)
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first is not None:
            first.setFocus()

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
