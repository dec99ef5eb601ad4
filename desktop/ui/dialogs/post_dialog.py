"""Add or edit one post a person holds: title (grouped BCH / UBKT / below), term, dates, duties, full-time.

Like the person dialog it calls no service: `holding()` builds a `PostHolding` and `on_accept` (the page's)
saves it or raises ValidationError(s), shown next to the fields while the dialog stays open.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.officers import POST_TITLES, Group, PostHolding, Term
from desktop.i18n import N_, _
from desktop.ui.dialogs.person_dialog import AcceptingDialog, full_width
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.form import ValidatedForm

CHOOSE_TITLE = N_("Choose the post.")


def title_box() -> QComboBox:
    """Post titles under their group's heading (headings cannot be chosen); nothing chosen at first."""
    box = full_width(QComboBox())
    model: QStandardItemModel = box.model()
    bold = QFont()
    bold.setBold(True)
    for group in Group:
        box.addItem(_(group.label), None)
        heading = model.item(box.count() - 1)
        heading.setEnabled(False)
        heading.setFont(bold)
        for title in POST_TITLES:
            if title.group == group:
                box.addItem("    " + _(title.label), title.key)
    box.setPlaceholderText(_("Choose a post…"))
    box.setCurrentIndex(-1)
    box.setMaxVisibleItems(len(POST_TITLES) + len(Group))
    return box


class PostDialog(AcceptingDialog):
    def __init__(self, person_id: int, person_name: str, terms: list[Term], default_term: Term | None,
                 holding: PostHolding | None = None, on_accept: Callable[[PostHolding], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(on_accept, parent)
        self.setObjectName("postDialog")
        self.person_id = person_id
        self.original = holding
        self.setWindowTitle(_("Edit a post of {name}").format(name=person_name) if holding
                            else _("Add a post for {name}").format(name=person_name))
        self.setMinimumWidth(600)

        self.title = title_box()
        self.term = full_width(QComboBox())
        self.term.setEditable(True)
        known = sorted({*terms, *([default_term] if default_term else [])}, key=lambda t: -t.start_year)
        for term in known:
            self.term.addItem(term.label)
        self.term.setToolTip(_("The term the post belongs to; type another one as two years, e.g. 2018-2023."))
        self.start_date = DateField("start_date")
        self.end_date = DateField("end_date")
        self.end_date.setPlaceholderText(_("Empty while the post is held"))
        self.duties = QPlainTextEdit()
        self.duties.setTabChangesFocus(True)
        self.duties.setPlaceholderText(_("For example: in charge of finance; in charge of women's affairs"))
        # Four lines (a style sheet, like the application's, so that polishing does not undo it).
        self.duties.setStyleSheet("QPlainTextEdit {{ min-height: {h}px; max-height: {h}px; }}".format(
            h=self.fontMetrics().lineSpacing() * 4 + 10))
        self.full_time = QCheckBox(_("Full-time union officer"))

        form = ValidatedForm()
        form.add_row("title_key", _("Post:"), self.title)
        form.add_row("term", _("Term:"), self.term)
        form.add_row("start_date", _("From:"), self.start_date)
        form.add_row("end_date", _("Until:"), self.end_date)
        form.add_row("duties", _("Assigned duties:"), self.duties)
        form.add_row("full_time", _("Full-time:"), self.full_time)
        self.forms = [form]

        layout = QVBoxLayout(self)
        hint = QLabel(_("Each post belongs to a term. When a post ends, end it instead of deleting it: the "
                        "history is kept."))
        hint.setObjectName("dialogHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons())

        self._fill(holding, default_term)
        order = [self.title, self.term, self.start_date, self.end_date, self.duties, self.full_time]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)
        self.title.setFocus()

    def _fill(self, holding: PostHolding | None, default_term: Term | None) -> None:
        term = holding.term if holding else default_term
        if term is not None:
            self.term.setCurrentText(term.label)
        if holding is None:
            return
        self.title.setCurrentIndex(self.title.findData(holding.title_key))
        self.start_date.set_value(holding.start_date)
        self.end_date.set_value(holding.end_date)
        self.duties.setPlainText(holding.duties)
        self.full_time.setChecked(holding.full_time)

    def select_title(self, key: str) -> None:
        self.title.setCurrentIndex(self.title.findData(key))

    def holding(self) -> PostHolding:
        """The post as entered; ValidationErrors for a missing title, a malformed term or date."""
        problems: list[ValidationError] = []
        key = self.title.currentData()
        if not key:
            problems.append(ValidationError(CHOOSE_TITLE, field="title_key"))
        term = None
        try:
            term = Term.parse(self.term.currentText())
        except ValidationError as error:
            problems.append(error)
        dates = {}
        for field in (self.start_date, self.end_date):
            try:
                dates[field.name] = field.value()
            except ValidationError as error:
                problems.append(error)
        if problems:
            raise ValidationErrors(problems)
        return PostHolding(person_id=self.person_id, title_key=key, term=term, start_date=dates["start_date"],
                           end_date=dates["end_date"], duties=self.duties.toPlainText(),
                           full_time=self.full_time.isChecked(), id=self.original.id if self.original else None)

    collect = holding
