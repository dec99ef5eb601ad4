"""End a post: the date it ended and, optionally, why. The post and its history stay in the book."""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.errors import ValidationError
from desktop.i18n import N_, _
from desktop.ui.dialogs.person_dialog import AcceptingDialog
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.form import ValidatedForm

ENTER_END_DATE = N_("Enter the date the post ended.")


@dataclass(frozen=True)
class PostEnding:
    end_date: datetime.date
    reason: str = ""


class EndPostDialog(AcceptingDialog):
    def __init__(self, description: str, default_date: datetime.date,
                 on_accept: Callable[[PostEnding], object] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(on_accept, parent)
        self.setObjectName("endPostDialog")
        self.setWindowTitle(_("End a post"))
        self.setMinimumWidth(620)
        self.end_date = DateField("end_date")
        self.end_date.set_value(default_date)
        self.reason = QLineEdit()
        self.reason.setMaxLength(300)
        self.reason.setPlaceholderText(_("For example: moved to another job, retired, elected to another post"))

        form = ValidatedForm()
        form.add_row("end_date", _("Ended on:"), self.end_date)
        form.add_row("reason", _("Reason (optional):"), self.reason)
        self.forms = [form]
        layout = QVBoxLayout(self)
        what = QLabel(description)
        what.setObjectName("dialogSubject")
        bold = what.font()
        bold.setBold(True)
        what.setFont(bold)
        what.setWordWrap(True)
        layout.addWidget(what)
        hint = QLabel(_("The post stays in the person's history, shown as ended."))
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons(_("End the post")))
        QWidget.setTabOrder(self.end_date, self.reason)
        self.end_date.setFocus()
        self.end_date.selectAll()

    def ending(self) -> PostEnding:
        day = self.end_date.value()
        if day is None:
            raise ValidationError(ENTER_END_DATE, field="end_date")
        return PostEnding(day, self.reason.text())

    collect = ending
