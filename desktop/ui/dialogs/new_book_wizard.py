"""Tạo sổ mới: a short wizard asking what the report header needs, then where to keep the book.

The wizard only collects and checks; it calls no service. The welcome page takes `new_book()` (the path and
the UnionProfile) and creates the book through the session. Each page checks its own fields with the
domain's rules (`validate_profile`, `Term.parse`) when the user presses Tiếp, and puts the messages under the
fields; the page does not move on until they are fixed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpinBox,
                               QVBoxLayout, QWidget, QWizard, QWizardPage)

from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.officers import Term
from desktop.domain.union import UnionProfile, validate_profile
from desktop.domain.vietnamese import clean_text, date_line
from desktop.i18n import N_, _
from desktop.paths import BOOK_SUFFIX
from desktop.ui.widgets.form import ValidatedForm

DEFAULT_TERM = Term(2023, 2028)
PAGE_UNION, PAGE_PLACE, PAGE_TERM, PAGE_FILE = range(4)
STEPS = 4


@dataclass(frozen=True)
class NewBook:
    """What the wizard hands back: where to create the book, and the union's profile."""

    path: Path
    profile: UnionProfile


def book_path_from(text: str, default_folder: Path) -> Path | None:
    """The book file the user means: the suffix added, a bare name placed in the default folder."""
    text = (clean_text(text) or "").strip().strip('"')
    if not text:
        return None
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = default_folder / path
    if path.suffix.lower() != BOOK_SUFFIX:
        path = path.with_name(path.name + BOOK_SUFFIX)
    return path


def free_book_path(wanted: Path) -> Path:
    """`wanted`, or `name-2.socanbo`, `name-3.socanbo`… when a book of that name already exists."""
    candidate, number = wanted, 2
    while candidate.exists():
        candidate = wanted.with_name(f"{wanted.stem}-{number}{wanted.suffix}")
        number += 1
    return candidate


# The application style sheet gives spin boxes a border, which leaves Qt drawing no arrows at the default button
# width; wider buttons bring the arrows back (the mouse users need them).
SPIN_STYLE = ("QSpinBox { padding-right: 24px; } QSpinBox::up-button, QSpinBox::down-button { width: 22px; } "
              "QSpinBox::up-arrow, QSpinBox::down-arrow { width: 10px; height: 10px; }")


def hint_label(text: str) -> QLabel:
    """A grey explanation under a field; it takes the field's whole width (a form keeps labels narrow)."""
    label = QLabel(text)
    label.setObjectName("fieldHint")
    label.setWordWrap(True)
    label.setStyleSheet("color: #4a5568;")
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def add_hint(form: ValidatedForm, name: str, hint: QLabel) -> QLabel:
    """Put `hint` under the field `name` (and its message), in the field's own column: a wrapped label in a
    form row of its own would get the height of a much narrower label and leave a gap."""
    form.errors[name].parentWidget().layout().addWidget(hint)
    return hint


class _FormPage(QWizardPage):
    """A wizard page holding a ValidatedForm; `problems()` lists what is wrong with this page's fields."""

    def __init__(self, step: int, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(_("Step {number} of {count}: {title}").format(number=step, count=STEPS, title=title))
        self.setSubTitle(subtitle)
        self.form = ValidatedForm()
        self.showing_errors = False
        outer = QVBoxLayout(self)
        outer.addLayout(self.form)
        outer.addWidget(self.form.general_error)
        self.bottom = QVBoxLayout()
        outer.addLayout(self.bottom)
        outer.addStretch(1)

    def problems(self) -> list[ValidationError]:
        raise NotImplementedError

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        problems = self.problems()
        if problems:
            self.form.show_errors(ValidationErrors(problems))
            self.showing_errors = True
            return False
        self.form.clear_errors()
        self.showing_errors = False
        return True

    def recheck(self) -> None:
        """Once messages are shown, they follow the user's typing (and go away when fixed)."""
        if not self.showing_errors:
            return
        problems = self.problems()
        if problems:
            focused = self.focusWidget()
            self.form.show_errors(ValidationErrors(problems))
            if focused is not None:
                focused.setFocus()  # keep typing where the user is, not at the first message
        else:
            self.form.clear_errors()
            self.showing_errors = False

    def profile_problems(self, fields: tuple[str, ...]) -> list[ValidationError]:
        try:
            validate_profile(self.wizard().draft_profile())
        except ValidationErrors as error:
            return [problem for problem in error.errors if problem.field in fields]
        return []

    def line_edit(self, name: str, label: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(200)
        edit.textChanged.connect(self.recheck)
        self.form.add_row(name, label, edit)
        return edit


class UnionPage(_FormPage):
    def __init__(self) -> None:
        super().__init__(1, _("Your union"), _("The names as they stand in the header of your reports."))
        self.union_name = self.line_edit(
            "union_name", _("Name of the grassroots union:"),
            _("For example: Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng"))
        self.superior_name = self.line_edit(
            "superior_name", _("Directly superior union:"), _("For example: Công đoàn phường Tân Định"))
        add_hint(self.form, "superior_name", hint_label(_(
            "Since 1 July 2025 there are no district federations any more: a grassroots union reports to a "
            "commune or ward union, an industrial-zone union, an industry union or the provincial federation. "
            "Write the name as it stands on the superior union's documents.")))

    def problems(self) -> list[ValidationError]:
        return self.profile_problems(("union_name", "superior_name"))


class PlacePage(_FormPage):
    def __init__(self, today: date) -> None:
        super().__init__(2, _("Place name"), _("The commune or ward written before the date on every document."))
        self.today = today
        self.place_name = self.line_edit("place_name", _("Place name:"), _("For example: Phường Tân Định"))
        add_hint(self.form, "place_name", hint_label(_("Write the commune or ward where the union has its seat, as on "
                                          "administrative documents.")))
        caption = QLabel(_("The date line of your reports will read:"))
        self.preview = QLabel()
        self.preview.setObjectName("dateLinePreview")
        self.preview.setStyleSheet("font-style: italic; font-size: 12pt; color: #1a202c; background: #ffffff; "
                                   "border: 1px solid #d9dee5; border-radius: 4px; padding: 10px 14px;")
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bottom.addSpacing(12)
        self.bottom.addWidget(caption)
        self.bottom.addWidget(self.preview)
        self.place_name.textChanged.connect(self.update_preview)
        self.update_preview()

    def update_preview(self) -> None:
        self.preview.setText(date_line(self.place_name.text(), self.today))

    def problems(self) -> list[ValidationError]:
        return self.profile_problems(("place_name",))


def year_spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1950, 2100)
    spin.setValue(value)
    spin.setMinimumWidth(100)
    spin.setStyleSheet(SPIN_STYLE)
    return spin


class TermPage(_FormPage):
    def __init__(self) -> None:
        super().__init__(3, _("Term and chair"), _("The current term of the union's executive committee, and who "
                                                "chairs it."))
        term_box = QWidget()
        row = QHBoxLayout(term_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.term_start = year_spin(DEFAULT_TERM.start_year)
        self.term_end = year_spin(DEFAULT_TERM.end_year)
        self.term_start.setAccessibleName(_("First year of the term"))
        self.term_end.setAccessibleName(_("Last year of the term"))
        row.addWidget(self.term_start)
        row.addWidget(QLabel("–"))
        row.addWidget(self.term_end)
        row.addStretch(1)
        self.term_start.valueChanged.connect(self.recheck)
        self.term_end.valueChanged.connect(self.recheck)
        self.form.add_row("term", _("Term:"), term_box)
        self.form.fields["term"] = self.term_start  # a message about the term focuses its first year
        add_hint(self.form, "term", hint_label(_("Most unions are in the 2023–2028 term; unions formed from July 2025 "
                                          "run 2025–2028.")))
        self.chair_name = self.line_edit("chair_name", _("Chair's full name:"), _("For example: Nguyễn Văn An"))
        add_hint(self.form, "chair_name", hint_label(_("It is printed under the signature of your reports. You may leave it "
                                          "empty and fill it in later under Settings.")))

    def term(self) -> Term:
        return Term(self.term_start.value(), self.term_end.value())

    def problems(self) -> list[ValidationError]:
        try:
            Term.parse(self.term().label)
        except ValidationError as error:
            return [error]
        return []


class FilePage(_FormPage):
    def __init__(self, default_path: Path) -> None:
        super().__init__(4, _("Where to keep the book"), _("The whole book is one file. The suggested place is "
                                                        "fine for most users."))
        self.default_path = default_path
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.path_edit = QLineEdit(str(default_path))
        self.path_edit.textChanged.connect(self.recheck)
        self.browse_button = QPushButton(_("Choose…"))
        self.browse_button.setToolTip(_("Choose the folder and the file name of the new book"))
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.form.add_row("path", _("Book file:"), box)
        self.form.fields["path"] = self.path_edit
        add_hint(self.form, "path", hint_label(_("The file name ends in {suffix}. Copy it to a USB stick now and then, "
                                          "or use Save a copy in the File menu.").format(suffix=BOOK_SUFFIX)))
        self.summary = QLabel()
        self.summary.setObjectName("wizardSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setStyleSheet("background: #ffffff; border: 1px solid #d9dee5; border-radius: 4px; "
                                   "padding: 8px;")
        self.bottom.addSpacing(8)
        self.bottom.addWidget(QLabel(_("The new book will hold:")))
        self.bottom.addWidget(self.summary)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        profile = self.wizard().draft_profile()
        lines = [_("Union: {name}").format(name=profile.union_name),
                 _("Superior union: {name}").format(name=profile.superior_name),
                 _("Date line: {line}").format(line=date_line(profile.place_name, self.wizard().today)),
                 _("Term: {term}").format(term=profile.term.label)]
        if profile.chair_name:
            lines.append(_("Chair: {name}").format(name=profile.chair_name))
        self.summary.setText("\n".join(lines))

    def path(self) -> Path | None:
        return book_path_from(self.path_edit.text(), self.default_path.parent)

    def browse(self) -> None:
        start = self.path() or self.default_path
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Where to save the new book"), str(start),
            _("Officer books (*{suffix})").format(suffix=BOOK_SUFFIX),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            self.path_edit.setText(str(book_path_from(chosen, self.default_path.parent)))

    def problems(self) -> list[ValidationError]:
        path = self.path()
        if path is None:
            return [ValidationError(N_("Choose where to save the book."), field="path")]
        if path.exists():
            return [ValidationError(N_("The file {path} already exists; choose another name."), field="path",
                                    path=str(path))]
        for parent in path.parents:
            if parent.exists():
                if not parent.is_dir():
                    return [ValidationError(N_("{path} is a file, not a folder."), field="path",
                                            path=str(parent))]
                break
        return []


class NewBookWizard(QWizard):
    """Four short pages; `new_book()` after the user pressed Hoàn tất."""

    def __init__(self, default_path: Path, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.today = today or date.today()
        self.setObjectName("newBookWizard")
        self.setWindowTitle(_("New book"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(720, 520)
        self.union_page = UnionPage()
        self.place_page = PlacePage(self.today)
        self.term_page = TermPage()
        self.file_page = FilePage(free_book_path(default_path))
        for page_id, page in ((PAGE_UNION, self.union_page), (PAGE_PLACE, self.place_page),
                              (PAGE_TERM, self.term_page), (PAGE_FILE, self.file_page)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_UNION)

    def draft_profile(self) -> UnionProfile:
        """The profile as typed so far (cleaned the way the services clean it)."""
        return UnionProfile(
            union_name=clean_text(self.union_page.union_name.text()),
            superior_name=clean_text(self.union_page.superior_name.text()),
            place_name=clean_text(self.place_page.place_name.text()),
            term=self.term_page.term(),
            chair_name=clean_text(self.term_page.chair_name.text()))

    def new_book(self) -> NewBook:
        return NewBook(path=self.file_page.path(), profile=self.draft_profile())
