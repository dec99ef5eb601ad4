"""Cài đặt: the union's profile (everything the report header needs), the language, where backups go.

The profile belongs to the open book and is saved through the union service (validated, audited). The
language and the backup folder belong to the program (AppSettings): they are stored at once; a new language
is used from the next start, because every text of the window is translated when it is built.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from desktop.domain.errors import BookError, NotFoundError, ValidationError, ValidationErrors
from desktop.domain.officers import Term
from desktop.domain.union import UnionProfile, validate_profile
from desktop.domain.vietnamese import date_line
from desktop.i18n import _, current_language
from desktop.paths import AppPaths
from desktop.ui.dialogs.new_book_wizard import DEFAULT_TERM, SPIN_STYLE, add_hint, hint_label, year_spin
from desktop.ui.errors import show_error
from desktop.ui.pages.base import Page, page_heading
from desktop.ui.widgets.form import ValidatedForm

# Each language is named in its own language, so that someone who cannot read the current one finds theirs.
LANGUAGE_CHOICES = (("vi", "Tiếng Việt"), ("en", "English"))


def _row(*widgets, stretch: bool = True) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        if isinstance(widget, QWidget):
            row.addWidget(widget)
        else:
            row.addSpacing(widget)
    if stretch:
        row.addStretch(1)
    return box


class SettingsPage(Page):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("settingsPage")
        self._loaded_for = None  # the Services whose profile the form shows
        self._loading = False
        self.dirty = False

        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(self._build_profile_box())
        left.addStretch(1)
        columns.addLayout(left, 3)
        side = QVBoxLayout()
        side.setSpacing(16)
        side.addWidget(self._build_language_box())
        side.addWidget(self._build_backups_box())
        side.addStretch(1)
        columns.addLayout(side, 2)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addWidget(page_heading(_("Settings")))
        outer.addWidget(scroll, 1)
        self.refresh()

    # --- the union profile
    def _build_profile_box(self) -> QGroupBox:
        box = QGroupBox(_("Union profile (printed in the header of reports)"))
        column = QVBoxLayout(box)
        self.profile_note = QLabel()
        self.profile_note.setObjectName("emptyState")
        self.profile_note.setWordWrap(True)
        self.profile_note.hide()
        column.addWidget(self.profile_note)
        self.form = form = ValidatedForm()
        column.addLayout(form)
        column.addWidget(form.general_error)

        self.union_name = self._line(form, "union_name", _("Name of the grassroots union:"))
        self.superior_name = self._line(form, "superior_name", _("Directly superior union:"))
        add_hint(form, "superior_name", hint_label(_("Since 1 July 2025: a commune or ward union, an industrial-zone union, an "
                                     "industry union or the provincial federation.")))
        self.place_name = self._line(form, "place_name", _("Place name:"))
        self.date_preview = hint_label("")
        add_hint(form, "place_name", self.date_preview)
        self.doc_suffix = self._line(form, "doc_suffix", _("Document number suffix:"))
        self.doc_suffix.setMaxLength(30)
        self.doc_suffix.setMaximumWidth(160)
        self.number_preview = hint_label("")
        add_hint(form, "doc_suffix", self.number_preview)
        self.term_start = year_spin(DEFAULT_TERM.start_year)
        self.term_end = year_spin(DEFAULT_TERM.end_year)
        self.term_start.setAccessibleName(_("First year of the term"))
        self.term_end.setAccessibleName(_("Last year of the term"))
        form.add_row("term", _("Current term:"), _row(self.term_start, QLabel("–"), self.term_end))
        form.fields["term"] = self.term_start
        self.chair_name = self._line(form, "chair_name", _("Chair's full name:"))
        self.address = self._line(form, "address", _("Address:"))
        self.non_state = QCheckBox(_("The union is in an enterprise outside the state sector"))
        self.non_state.setToolTip(_("Then the chair's training in collective bargaining, labour safety and "
                                    "workplace democracy is a target."))
        form.add_row("non_state", "", self.non_state)
        self.young_age = QSpinBox()
        self.young_age.setRange(18, 60)
        self.young_age.setMinimumWidth(80)
        self.young_age.setStyleSheet(SPIN_STYLE)
        young_text = QLabel(_("years old in the year measured"))
        form.add_row("young_age", _("Young officers are under:"), _row(self.young_age, young_text))
        form.fields["young_age"] = self.young_age
        for spin in (self.term_start, self.term_end, self.young_age):
            spin.valueChanged.connect(self._edited)
        self.non_state.toggled.connect(self._edited)

        self.save_button = QPushButton(_("Save the union profile"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save_profile)
        self.revert_button = QPushButton(_("Undo changes"))
        self.revert_button.setToolTip(_("Show the profile as it is saved in the book"))
        self.revert_button.clicked.connect(self.revert)
        self.profile_status = QLabel()
        self.profile_status.setObjectName("profileStatus")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.profile_status, 1)
        column.addSpacing(6)
        column.addLayout(buttons)
        self.profile_widgets = [self.union_name, self.superior_name, self.place_name, self.doc_suffix,
                                self.term_start, self.term_end, self.chair_name, self.address, self.non_state,
                                self.young_age, self.save_button, self.revert_button]
        return box

    def _line(self, form: ValidatedForm, name: str, label: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(300)
        edit.textChanged.connect(self._edited)
        form.add_row(name, label, edit)
        return edit

    def refresh(self) -> None:
        services = self.services
        if services is not self._loaded_for or not self.dirty:
            self.load_profile()

    def load_profile(self) -> None:
        services = self.services
        self._loaded_for = services
        profile = None
        if services is not None:
            try:
                profile = services.union.profile()
            except NotFoundError:
                profile = None
        self._loading = True
        try:
            self.union_name.setText(profile.union_name if profile else "")
            self.superior_name.setText(profile.superior_name if profile else "")
            self.place_name.setText(profile.place_name if profile else "")
            self.doc_suffix.setText(profile.doc_suffix if profile else "CĐCS")
            term = profile.term if profile else DEFAULT_TERM
            self.term_start.setValue(term.start_year)
            self.term_end.setValue(term.end_year)
            self.chair_name.setText(profile.chair_name if profile else "")
            self.address.setText(profile.address if profile else "")
            self.non_state.setChecked(profile.non_state if profile else True)
            self.young_age.setValue(profile.young_age if profile else 35)
            for edit in (self.union_name, self.superior_name, self.place_name, self.chair_name, self.address):
                edit.setCursorPosition(0)  # long names show their beginning, not their end
        finally:
            self._loading = False
        self.dirty = False
        self.form.clear_errors()
        self.profile_status.clear()
        self._update_previews()
        editable = services is not None and not services.book.read_only
        for widget in self.profile_widgets:
            widget.setEnabled(editable)
        if services is None:
            self.profile_note.setText(_("Open or create a book to fill in the union's profile."))
        elif services.book.read_only:
            self.profile_note.setText(_("The book is open read-only: the profile cannot be changed now."))
        self.profile_note.setVisible(not editable)

    def _edited(self, *_args) -> None:
        self._update_previews()
        if self._loading:
            return
        self.dirty = True
        self.profile_status.setText(_("Changes not saved yet."))

    def _update_previews(self) -> None:
        line = date_line(self.place_name.text(), date.today())
        self.date_preview.setText(_("Date line: {line}").format(line=line))
        suffix = self.doc_suffix.text().strip() or "…"
        self.number_preview.setText(_("Document numbers look like: Số: 05/BC-{suffix}").format(suffix=suffix))

    def edited_profile(self) -> UnionProfile:
        return UnionProfile(
            union_name=self.union_name.text(), superior_name=self.superior_name.text(),
            place_name=self.place_name.text(), term=Term(self.term_start.value(), self.term_end.value()),
            doc_suffix=self.doc_suffix.text(), chair_name=self.chair_name.text(),
            non_state=self.non_state.isChecked(), young_age=self.young_age.value(), address=self.address.text())

    def save_profile(self) -> bool:
        services = self.services
        if services is None:
            return False
        profile = self.edited_profile()
        problems: list[ValidationError] = []
        try:
            Term.parse(profile.term.label)
        except ValidationError as error:
            problems.append(error)
        try:
            validate_profile(profile)
        except ValidationErrors as error:
            problems.extend(error.errors)
        try:
            if problems:
                raise ValidationErrors(problems)
            services.union.save_profile(profile)
        except ValidationError as error:
            self.form.show_errors(error)
            self.profile_status.setText(_("Not saved: please correct the fields marked in red."))
            return False
        except BookError as error:
            show_error(self, error)
            return False
        self.dirty = False
        self.session.notify_changed()  # the overview and the reports show the new names; reloads this form
        self.profile_status.setText(_("Saved."))
        return True

    def revert(self) -> None:
        self.load_profile()

    # --- the language
    def _build_language_box(self) -> QGroupBox:
        box = QGroupBox(_("Language"))
        column = QVBoxLayout(box)
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_CHOICES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(self._language_index(self.session.settings.language))
        self.language_combo.setMinimumWidth(160)
        self.language_combo.setAccessibleName(_("Language of the program"))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        column.addWidget(_row(QLabel(_("Language of the program:")), 8, self.language_combo))
        self.language_note = hint_label("")
        column.addWidget(self.language_note)
        self._show_language_note()
        return box

    @staticmethod
    def _language_index(code: str) -> int:
        codes = [c for c, _name in LANGUAGE_CHOICES]
        return codes.index(code) if code in codes else 0

    def set_language_choice(self, code: str) -> None:
        self.language_combo.setCurrentIndex(self._language_index(code))

    def _language_chosen(self, index: int) -> None:
        self.session.settings.language = self.language_combo.itemData(index)
        self.session.save_settings()
        self._show_language_note()

    def _show_language_note(self) -> None:
        if self.session.settings.language != current_language():
            self.language_note.setText(_("Saved. The new language is used the next time you start the program: "
                                         "close it and open it again."))
        else:
            self.language_note.setText(_("A new language is used the next time you start the program."))

    # --- backups
    def _build_backups_box(self) -> QGroupBox:
        box = QGroupBox(_("Where backups go"))
        column = QVBoxLayout(box)
        self.backups_edit = QLineEdit()
        self.backups_edit.setReadOnly(True)
        self.backups_edit.setAccessibleName(_("Backup folder"))
        column.addWidget(self.backups_edit)
        self.backups_kind = hint_label("")
        column.addWidget(self.backups_kind)
        self.choose_backups_button = QPushButton(_("Choose a folder…"))
        self.choose_backups_button.setToolTip(_("Choose the folder where backups of the book are written"))
        self.choose_backups_button.clicked.connect(self.choose_backups_dir)
        self.default_backups_button = QPushButton(_("Use the default folder"))
        self.default_backups_button.clicked.connect(lambda: self.set_backups_dir(""))
        column.addWidget(_row(self.choose_backups_button, self.default_backups_button))
        column.addWidget(hint_label(_("A folder on another drive (for example D:) keeps the backups safe when "
                                      "drive C: fails.")))
        self._show_backups_dir()
        return box

    def default_backups_dir(self) -> Path:
        return getattr(self.session, "default_backups_dir", None) or AppPaths.default().backups_dir

    def choose_backups_dir(self) -> None:
        start = self.session.settings.backups_dir or str(self.default_backups_dir())
        chosen = QFileDialog.getExistingDirectory(self, _("Backup folder"), start)
        if chosen:
            self.set_backups_dir(chosen)

    def set_backups_dir(self, folder: str) -> None:
        """`folder` empty means the default folder. Backups made from now on go there."""
        value = str(Path(folder)) if folder else ""
        switch = getattr(self.session, "set_backups_dir", None)  # lets the session move its backup service too
        if switch is not None:
            switch(value)
        else:
            self.session.settings.backups_dir = value
            self.session.save_settings()
        self._show_backups_dir()
        self.session.notify_changed()  # the backups page shows the folder

    def _show_backups_dir(self) -> None:
        chosen = self.session.settings.backups_dir
        self.backups_edit.setText(chosen or str(self.default_backups_dir()))
        self.backups_edit.setCursorPosition(0)
        self.backups_kind.setText(_("A folder you chose. Backups made before stay in the previous folder.") if chosen else
                                  _("The default folder, in the program's data folder."))
        self.default_backups_button.setEnabled(bool(chosen))
