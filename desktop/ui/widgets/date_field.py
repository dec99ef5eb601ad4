"""A date typed as dd/mm/yyyy, which may stay empty, with a calendar for those who prefer the mouse.

QDateEdit cannot be empty, and most dates in the book are optional (a date of birth is often unknown, a post
has no end date while it lasts), so this is a QLineEdit that parses with `desktop.domain.vietnamese.parse_date`
(day first, never guessed from the locale).
"""
from __future__ import annotations

import datetime
import re

from PySide6.QtCore import QDate, QLocale, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from desktop.domain.errors import ValidationError
from desktop.domain.vietnamese import format_date, parse_date
from desktop.i18n import N_, _

BAD_DATE = N_("Write the date as dd/mm/yyyy, for example 05/01/1980.")
_DIGITS_ONLY = re.compile(r"[0-9]{8}")


def _calendar_icon() -> QIcon:
    """A small calendar drawn in code: no image files to ship or to miss."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(QColor("#4a5568"), 1))
    painter.drawRect(QRect(1, 2, 13, 12))
    painter.fillRect(QRect(2, 3, 12, 3), QColor("#2b6cb0"))
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(QRect(x, y, 2, 2), QColor("#4a5568"))
    painter.end()
    return QIcon(pixmap)


class DateField(QLineEdit):
    """`value()` is a date, None when empty; it raises ValidationError(field=name) for text that is no date."""

    date_changed = Signal(object)  # the new date, or None (emitted when the text becomes a date or empty)

    def __init__(self, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setToolTip(_("Type the date as dd/mm/yyyy (for example 05/01/1980), or pick it on the calendar. "
                          "Leave it empty if it is not known."))
        self.setMaxLength(10)
        self.setClearButtonEnabled(False)
        self.calendar_action = QAction(_calendar_icon(), _("Pick on the calendar"), self)
        self.calendar_action.setToolTip(_("Pick on the calendar"))
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self._calendar: QCalendarWidget | None = None
        self.editingFinished.connect(self._tidy)
        self.textChanged.connect(self._text_changed)

    # --- value
    def value(self) -> datetime.date | None:
        text = self.text().strip()
        if not text:
            return None
        if _DIGITS_ONLY.fullmatch(text):  # 05011980, typed without separators
            text = f"{text[:2]}/{text[2:4]}/{text[4:]}"
        try:
            return parse_date(text)
        except ValueError:
            raise ValidationError(BAD_DATE, field=self.name) from None

    def set_value(self, day: datetime.date | None) -> None:
        self.setText(format_date(day))

    def _parsed_or_none(self) -> tuple[bool, datetime.date | None]:
        try:
            return True, self.value()
        except ValidationError:
            return False, None

    def _text_changed(self, _text: str) -> None:
        ok, day = self._parsed_or_none()
        if ok:
            self.date_changed.emit(day)

    def _tidy(self) -> None:
        """Show a typed 5/1/1980 or 05011980 as 05/01/1980 once the user leaves the field."""
        ok, day = self._parsed_or_none()
        if ok and day is not None and self.text() != format_date(day):
            self.set_value(day)

    # --- calendar
    def show_calendar(self) -> None:
        if self._calendar is None:
            self._calendar = QCalendarWidget(self)
            self._calendar.setWindowFlags(Qt.WindowType.Popup)
            self._calendar.setLocale(QLocale(QLocale.Language.Vietnamese))
            self._calendar.setGridVisible(True)
            self._calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            self._calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self._calendar.clicked.connect(self._picked)
            self._calendar.activated.connect(self._picked)
        ok, day = self._parsed_or_none()
        shown = day or datetime.date.today()
        self._calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self._calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self._calendar.show()
        self._calendar.setFocus()

    def _picked(self, picked: QDate) -> None:
        self.set_value(datetime.date(picked.year(), picked.month(), picked.day()))
        if self._calendar is not None:
            self._calendar.hide()
        self.setFocus()
