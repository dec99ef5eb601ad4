"""The reports page's document box: the year, the document number, its date, who signs, the recipients
("Nơi nhận") and the proposals (section V). `options()` turns it into the service's ReportOptions."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QSizePolicy, QSpinBox, QWidget)

from desktop.i18n import _
from desktop.services.reports import DEFAULT_RECIPIENTS, ReportOptions, ReportService
from desktop.ui.dialogs.new_book_wizard import SPIN_STYLE


def set_state(label: QLabel, state: str) -> None:
    """The style colours a #capWarning label by its state ("met" green, "unmet" orange, "" plain)."""
    label.setProperty("state", state)
    label.style().unpolish(label)
    label.style().polish(label)


def _note() -> QLabel:
    """A wrapped line that takes the whole width of the form's field column."""
    label = QLabel()
    label.setObjectName("capWarning")
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setStyleSheet("font-weight: normal;")  # a sentence or three: the colour is enough
    return label


def _multiline(name: str, lines: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 18)
    return edit


def _line(*widgets, stretch: int = 0, top: bool = False) -> QWidget:
    """Widgets side by side; the last one takes `stretch` (0: they keep their size). `top`: for a text that
    wraps on several lines beside a field, both start at the top."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    align = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
    for index, widget in enumerate(widgets):
        row.addWidget(widget, stretch if index == len(widgets) - 1 else 0, align)
    if not stretch:
        row.addStretch(1)
    return box


class ReportForm(QGroupBox):
    year_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("The yearly report"), parent)
        self.setObjectName("reportForm")
        self.services = None
        self.number_edited = False  # typed by the user: no longer follows the next free number
        self.year_rows = 0  # evaluations of the chosen year

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        self.year_box = QComboBox()
        self.year_box.setObjectName("reportYear")
        self.year_box.setMinimumWidth(90)
        self.year_box.currentIndexChanged.connect(lambda _index: self._year_changed())
        self.year_note = _note()
        form.addRow(_("Year:"), _line(self.year_box, self.year_note, stretch=1, top=True))
        self.number_spin = QSpinBox()
        self.number_spin.setObjectName("reportNumber")
        self.number_spin.setRange(1, 9999)
        self.number_spin.setMinimumWidth(90)
        self.number_spin.setStyleSheet(SPIN_STYLE)
        self.number_spin.setToolTip(_("The running number of the document in the year it is issued; the next "
                                      "free number is proposed"))
        self.number_spin.valueChanged.connect(self._number_typed)
        self.number_label = QLabel()
        self.number_label.setObjectName("documentNumber")
        form.addRow(_("Document number:"), _line(self.number_spin, self.number_label))
        self.date_field = QDateEdit()  # a document always has a date: no empty value to allow
        self.date_field.setObjectName("issuedOn")
        self.date_field.setDisplayFormat("dd/MM/yyyy")
        self.date_field.setCalendarPopup(True)
        self.date_field.calendarWidget().setLocale(QLocale(QLocale.Language.Vietnamese))
        self.date_field.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.date_field.setMinimumWidth(140)
        self.date_field.dateChanged.connect(lambda _day: self._date_changed())
        form.addRow(_("Date of the document:"), _line(self.date_field))
        self.signer_box = QComboBox()
        self.signer_box.setObjectName("signerRole")
        self.signer_box.addItem(_("Chair"), "chair")
        self.signer_box.addItem(_("Vice chair, for the chair (KT.)"), "deputy")
        self.signer_box.currentIndexChanged.connect(lambda _index: self._update_signer())
        self.signer_name = _note()
        form.addRow(_("Signed by:"), _line(self.signer_box, self.signer_name, stretch=1))
        self.recipients = _multiline("recipients", 3)
        self.recipients.setToolTip(_("One recipient per line; printed under “Nơi nhận” at the bottom left"))
        form.addRow(_("Recipients:"), self.recipients)
        self.proposals = _multiline("proposals", 4)
        self.proposals.setPlaceholderText(_("Proposals to the superior union (section V of the report)"))
        form.addRow(_("Proposals:"), self.proposals)

    @property
    def year(self) -> int | None:
        return self.year_box.currentData()

    def show_book(self, services, new_book: bool) -> None:
        """Fill in from the book: every default when it is a new book, else keep what the user typed."""
        self.services = services
        service = ReportService(services)
        this_year = services.officers.today().year
        years = sorted(set(services.evaluations.years()) | {this_year, this_year - 1}, reverse=True)
        current = service.report_year() if new_book or self.year is None else self.year
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(str(year), year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(current)))
        self.year_box.blockSignals(False)
        if new_book:
            self.set_issued_on(services.officers.today())
            self.recipients.setPlainText("\n".join(DEFAULT_RECIPIENTS))
            self.proposals.clear()
            self.number_edited = False
        if not self.number_edited:
            self._propose_number(service)
        self._update_number_text()
        self._update_signer()
        self._year_changed()

    def options(self) -> ReportOptions:
        recipients = tuple(line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip())
        return ReportOptions(self.year, number=self.number_spin.value(), issued_on=self.issued_on(),
                             signer=self.signer_box.currentData(), recipients=recipients or DEFAULT_RECIPIENTS,
                             proposals=self.proposals.toPlainText())

    def issued_on(self) -> date:
        day = self.date_field.date()
        return date(day.year(), day.month(), day.day())

    def set_issued_on(self, day: date) -> None:
        self.date_field.blockSignals(True)
        self.date_field.setDate(QDate(day.year, day.month, day.day))
        self.date_field.blockSignals(False)

    # --- keeping the parts in step
    def _propose_number(self, service: ReportService) -> None:
        self.number_spin.blockSignals(True)
        self.number_spin.setValue(service.next_number(self.issued_on()))
        self.number_spin.blockSignals(False)

    def _number_typed(self) -> None:
        self.number_edited = True
        self._update_number_text()

    def _update_number_text(self) -> None:
        if self.services is not None:
            number = ReportService(self.services).number_text(self.number_spin.value())
            self.number_label.setText(_("printed as “Số: {number}”").format(number=number))

    def _date_changed(self) -> None:
        if self.services is None:
            return
        if not self.number_edited:  # numbers restart each calendar year
            self._propose_number(ReportService(self.services))
            self._update_number_text()
        self._update_signer()

    def _update_signer(self) -> None:
        if self.services is None:
            return
        name = ReportService(self.services).signer_name(self.signer_box.currentData(), self.issued_on())
        if name:
            self.signer_name.setText(_("the report will print: {name}").format(name=name))
        else:
            self.signer_name.setText(_("nobody holds this post on the date of the document; add the post on "
                                       "the Officers page"))
        set_state(self.signer_name, "" if name else "unmet")

    def _year_changed(self) -> None:
        if self.services is None or self.year is None:
            return
        year = self.year
        evaluations = self.services.evaluations
        rows = evaluations.rows(year)
        done = sum(1 for row in rows if row.evaluation.finalised)
        if evaluations.year_closed(year):
            text, state = _("The evaluation of {year} is closed: the report shows its final results.").format(
                year=year), "met"
        elif rows:
            text, state = _("{year} has not been closed yet ({done} of {total} evaluations finalised). The report "
                            "can still be exported; it says that the results are not final and leaves the level "
                            "empty for the evaluations not finalised.").format(year=year, done=done,
                                                                               total=len(rows)), "unmet"
        else:
            text, state = _("{year} has no evaluations yet: section II of the report will be empty and there are "
                            "no evaluation sheets. Start the year's evaluation on the Evaluation page.").format(
                year=year), "unmet"
        self.year_note.setText(text)
        set_state(self.year_note, state)
        self.year_rows = len(rows)
        self.year_changed.emit()
