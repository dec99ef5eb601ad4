"""Add or edit a person: every field the superior union asks for, the message next to the field.

The dialog calls no service. It builds a `Person` (`person()`) and hands it to `on_accept`, a callable of the
page that saves it and may raise ValidationError(s); the dialog then shows each message under its field and
stays open, so nothing the user typed is lost. It closes only once `on_accept` returns.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget)

from desktop.domain.errors import BookError, ValidationError, ValidationErrors
from desktop.domain.officers import (EDUCATION_LABELS, EDUCATION_LEVELS, POLITICAL_THEORY_LABELS,
                                     POLITICAL_THEORY_LEVELS, SEX_LABELS, Person, Sex)
from desktop.i18n import N_, _
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.form import ValidatedForm

BAD_YEAR = N_("Write the year of birth as four digits, for example 1985.")


class AcceptingDialog(QDialog):
    """A dialog that stays open until its `on_accept(value)` succeeds; the value comes from `collect()`."""

    def __init__(self, on_accept: Callable | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_accept = on_accept
        self.outcome = None  # what on_accept returned (e.g. the new person's id)
        self.forms: list[ValidatedForm] = []
        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.hide()

    def collect(self):  # pragma: no cover - every dialog defines it
        raise NotImplementedError

    def buttons(self, save_text: str | None = None) -> QDialogButtonBox:
        """Save and Cancel (Qt's own texts, translated by desktop.ui.qt_translation), Save renamed if asked."""
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = box.button(QDialogButtonBox.StandardButton.Save)
        if save_text:
            save.setText(save_text)
        save.setDefault(True)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.save_button = save
        return box

    def accept(self) -> None:
        self.clear_errors()
        try:
            value = self.collect()
            if self.on_accept is not None:
                self.outcome = self.on_accept(value)
        except ValidationError as error:
            self.show_errors(error)
            return
        except BookError as error:  # refused for a reason that is not one field's (read-only book...)
            self.general_error.setText(error.render(_))
            self.general_error.show()
            self.fit_height()
            return
        super().accept()

    def clear_errors(self) -> None:
        for form in self.forms:
            form.clear_errors()
        self.general_error.hide()
        self.general_error.clear()

    def show_errors(self, error: ValidationError) -> None:
        """Each message under its field, whichever form holds it; the others in the general line."""
        problems = error.errors if isinstance(error, ValidationErrors) else [error]
        general = []
        first_form = None
        for form in self.forms:
            mine = [p for p in problems if p.field in form.fields]
            if mine:
                form.show_errors(ValidationErrors(mine))
                first_form = first_form or form
            else:
                form.clear_errors()
        for problem in problems:
            if not any(problem.field in form.fields for form in self.forms):
                general.append(problem.render(_))
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if first_form is not None:  # focus the first field in error of the first form that has one
            for name, label in first_form.errors.items():
                if label.text():
                    first_form.fields[name].setFocus()
                    break
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to show the messages: a window's minimum size ignores word-wrapped labels' height."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.heightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def error_text(self, field: str) -> str:
        """The message shown under `field` ("" when none): for tests and for screen readers."""
        for form in self.forms:
            if field in form.errors and not form.errors[field].isHidden():
                return form.errors[field].text()
        return ""


def full_width(box: QComboBox) -> QComboBox:
    """Combo boxes as wide as the text fields beside them, so the form's right edge lines up."""
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return box


def choice_box(empty_label: str, items: list[tuple[str, str]]) -> QComboBox:
    box = full_width(QComboBox())
    box.addItem(empty_label, None)
    for key, label in items:
        box.addItem(label, key)
    return box


def select_data(box: QComboBox, data) -> None:
    index = box.findData(data)
    box.setCurrentIndex(max(index, 0))


def example_line(example: str, max_length: int = 200) -> QLineEdit:
    line = QLineEdit()
    line.setPlaceholderText(example)
    line.setMaxLength(max_length)
    return line


class PersonDialog(AcceptingDialog):
    def __init__(self, person: Person | None = None, on_accept: Callable[[Person], object] | None = None,
                 departments: list[str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(on_accept, parent)
        self.setObjectName("personDialog")
        self.original = person or Person("")
        self.setWindowTitle(_("Edit person") if person and person.id else _("Add a person"))
        self.setMinimumWidth(860)

        self.full_name = example_line(_("For example: Nguyễn Văn An"), 120)
        self.birth_date = DateField("birth_date")
        self.birth_year = example_line(_("For example: 1985"), 4)
        self.birth_year.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,4}")))
        self.birth_year.setToolTip(_("Only the year, when the full date of birth is not known."))
        self.sex = choice_box(_("(not recorded)"), [(s.value, _(SEX_LABELS[s])) for s in Sex])
        self.ethnicity = example_line(_("For example: Kinh"), 60)
        self.religion = example_line(_("For example: None"), 60)
        self.party_member = QCheckBox(_("Is a Party member"))
        self.party_join_date = DateField("party_join_date")
        self.member_code = example_line(_("Code in the national union member database"), 40)
        self.education = choice_box(_("(not recorded)"),
                                    [(key, _(EDUCATION_LABELS[key])) for key in EDUCATION_LEVELS])
        self.political_theory = choice_box(_("(not recorded)"),
                                           [(key, _(POLITICAL_THEORY_LABELS[key])) for key in POLITICAL_THEORY_LEVELS])
        self.it_level = example_line(_("For example: basic IT skills certificate"))
        self.foreign_language = example_line(_("For example: English B1"))
        self.job_title = example_line(_("For example: Head of administration"))
        self.department = example_line(_("For example: Accounting office"))
        if departments:
            completer = QCompleter(sorted(set(departments)), self.department)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.department.setCompleter(completer)
        self.phone = example_line(_("For example: 0903 123 456"), 30)
        self.email = example_line(_("For example: ten@congty.vn"), 120)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        # Three lines; set through a style sheet because the application's style sheet sets a min-height that
        # would otherwise replace a fixed height when the widget is polished.
        self.notes.setStyleSheet("QPlainTextEdit {{ min-height: {h}px; max-height: {h}px; }}".format(
            h=self.fontMetrics().lineSpacing() * 3 + 10))

        personal = ValidatedForm()
        personal.add_row("full_name", _("Full name (required):"), self.full_name)
        personal.add_row("birth_date", _("Date of birth:"), self.birth_date)
        personal.add_row("birth_year", _("Year of birth:"), self.birth_year)
        personal.add_row("sex", _("Sex:"), self.sex)
        personal.add_row("ethnicity", _("Ethnicity:"), self.ethnicity)
        personal.add_row("religion", _("Religion:"), self.religion)
        personal.add_row("party_member", _("Party membership:"), self.party_member)
        personal.add_row("party_join_date", _("Party admission date:"), self.party_join_date)
        personal.add_row("member_code", _("Member code:"), self.member_code)
        work = ValidatedForm()
        work.add_row("education", _("Professional qualification:"), self.education)
        work.add_row("political_theory", _("Political theory:"), self.political_theory)
        work.add_row("it_level", _("IT skills:"), self.it_level)
        work.add_row("foreign_language", _("Foreign language:"), self.foreign_language)
        work.add_row("job_title", _("Job title:"), self.job_title)
        work.add_row("department", _("Department:"), self.department)
        work.add_row("phone", _("Phone:"), self.phone)
        work.add_row("email", _("E-mail:"), self.email)
        notes = ValidatedForm()
        notes.add_row("notes", _("Notes:"), self.notes)
        self.forms = [personal, work, notes]

        columns = QHBoxLayout()
        columns.setSpacing(16)
        for title, form in ((_("Personal details"), personal), (_("Qualifications, work and contact"), work)):
            group = QGroupBox(title)
            group.setLayout(form)
            columns.addWidget(group, 1)
        layout = QVBoxLayout(self)
        hint = QLabel(_("Only the full name is required; leave unknown details empty and add them later."))
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(columns)
        layout.addLayout(notes)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons())

        self.birth_date.date_changed.connect(self._birth_date_changed)
        self.party_member.toggled.connect(self._party_toggled)
        self._fill(self.original)
        order = [self.full_name, self.birth_date, self.birth_year, self.sex, self.ethnicity, self.religion,
                 self.party_member, self.party_join_date, self.member_code, self.education, self.political_theory,
                 self.it_level, self.foreign_language, self.job_title, self.department, self.phone, self.email,
                 self.notes]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self.full_name.setFocus()

    # --- in and out
    def _fill(self, person: Person) -> None:
        self.full_name.setText(person.full_name)
        self.birth_date.set_value(person.birth_date)
        self.birth_year.setText(str(person.birth_year) if person.birth_year else "")
        select_data(self.sex, person.sex.value if person.sex else None)
        self.ethnicity.setText(person.ethnicity)
        self.religion.setText(person.religion)
        self.party_member.setChecked(person.party_member)
        self.party_join_date.set_value(person.party_join_date)
        self._party_toggled(person.party_member)
        self.member_code.setText(person.member_code)
        select_data(self.education, person.education)
        select_data(self.political_theory, person.political_theory)
        self.it_level.setText(person.it_level)
        self.foreign_language.setText(person.foreign_language)
        self.job_title.setText(person.job_title)
        self.department.setText(person.department)
        self.phone.setText(person.phone)
        self.email.setText(person.email)
        self.notes.setPlainText(person.notes)

    def person(self) -> Person:
        """The person as typed (not yet cleaned or validated by the service); ValidationErrors for text that
        is not a date or a year, so that the service only ever receives real values."""
        problems: list[ValidationError] = []
        birth_date = self._date(self.birth_date, problems)
        party_join_date = self._date(self.party_join_date, problems) if self.party_member.isChecked() else None
        year_text = self.birth_year.text().strip()
        birth_year = None
        if year_text:
            if len(year_text) == 4 and year_text.isdigit():
                birth_year = int(year_text)
            else:
                problems.append(ValidationError(BAD_YEAR, field="birth_year"))
        if problems:
            raise ValidationErrors(problems)
        sex = self.sex.currentData()
        return Person(
            full_name=self.full_name.text(), id=self.original.id, birth_date=birth_date, birth_year=birth_year,
            sex=Sex(sex) if sex else None, ethnicity=self.ethnicity.text(), religion=self.religion.text(),
            party_member=self.party_member.isChecked(), party_join_date=party_join_date,
            education=self.education.currentData(), political_theory=self.political_theory.currentData(),
            it_level=self.it_level.text(), foreign_language=self.foreign_language.text(),
            job_title=self.job_title.text(), department=self.department.text(), phone=self.phone.text(),
            email=self.email.text(), member_code=self.member_code.text(), notes=self.notes.toPlainText())

    collect = person

    @staticmethod
    def _date(field: DateField, problems: list[ValidationError]):
        try:
            return field.value()
        except ValidationError as error:
            problems.append(error)
            return None

    # --- small conveniences
    def _birth_date_changed(self, day) -> None:
        if day is not None:
            self.birth_year.setText(str(day.year))  # the year follows the date, so the two never disagree

    def _party_toggled(self, checked: bool) -> None:
        self.party_join_date.setEnabled(checked)
