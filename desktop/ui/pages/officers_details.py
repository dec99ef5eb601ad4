"""The right-hand side of the officers page: the selected person's data and the history of their posts."""
from __future__ import annotations

from html import escape
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QScrollArea, QStackedWidget, QTableView, QTabWidget, QVBoxLayout, QWidget)

from desktop.domain.officers import EDUCATION_LABELS, POLITICAL_THEORY_LABELS, SEX_LABELS, Person
from desktop.domain.vietnamese import format_date
from desktop.i18n import _
from desktop.ui.models.people_model import PersonRow, PostRow, PostsModel, post_rows
from desktop.ui.widgets.person_evaluations import PersonEvaluations
from desktop.ui.widgets.person_training import PersonTraining

EMPTY = "—"


def _text(value) -> str:
    return value if value else EMPTY


def person_facts(person: Person) -> list[tuple[str, str]]:
    """(label, value) pairs of everything the book knows about a person, in the dialog's order."""
    if person.birth_date:
        born = (_("Date of birth:"), format_date(person.birth_date))
    else:
        born = (_("Year of birth:"), _text(str(person.birth_year) if person.birth_year else ""))
    if person.party_member:
        party = (_("Yes, admitted on {date}").format(date=format_date(person.party_join_date))
                 if person.party_join_date else _("Yes (admission date not recorded)"))
    else:
        party = _("Not a Party member")
    return [
        born,
        (_("Sex:"), _text(_(SEX_LABELS[person.sex]) if person.sex else "")),
        (_("Ethnicity:"), _text(person.ethnicity)),
        (_("Religion:"), _text(person.religion)),
        (_("Party membership:"), party),
        (_("Member code:"), _text(person.member_code)),
        (_("Professional qualification:"), _text(_(EDUCATION_LABELS[person.education]) if person.education
                                                 else "")),
        (_("Political theory:"), _text(_(POLITICAL_THEORY_LABELS[person.political_theory])
                                       if person.political_theory else "")),
        (_("IT skills:"), _text(person.it_level)),
        (_("Foreign language:"), _text(person.foreign_language)),
        (_("Job title:"), _text(person.job_title)),
        (_("Department:"), _text(person.department)),
        (_("Phone:"), _text(person.phone)),
        (_("E-mail:"), _text(person.email)),
    ]


class PersonDetails(QWidget):
    """Shows one PersonRow (or a hint when nobody is selected); the page wires the post buttons.

    Laid out for the lower part of the page: the name, the facts as one wrapped paragraph, then three tabs
    across the whole width — the history of posts, the evaluations over the years, the training history — so
    that every column shows at 1366×768. The evaluations and the training are read from the book only when
    their tab is shown (`services_source` gives the open book's services; by default, the page's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personDetails")
        self.stack = QStackedWidget()
        self.nobody = QLabel(_("Choose a person in the list to see their details and posts."))
        self.nobody.setObjectName("emptyState")
        self.nobody.setWordWrap(True)
        self.nobody.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack.addWidget(self.nobody)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 6, 0, 0)
        column.setSpacing(4)
        self.name = QLabel()
        self.name.setObjectName("detailsName")
        # The application's style sheet fixes every widget's font size, so the size is set the same way.
        self.name.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1f3a5f;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.name)
        self.facts = QLabel()
        self.facts.setObjectName("detailsFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.facts)

        posts_bar = QHBoxLayout()
        posts_bar.setContentsMargins(0, 0, 0, 0)
        posts_bar.addStretch(1)
        self.add_post_button = QPushButton(_("Add a post…"))
        self.add_post_button.setToolTip(_("Give this person a post in a term (for example Executive committee "
                                          "member, 2023–2028)"))
        self.end_post_button = QPushButton(_("End the post…"))
        self.end_post_button.setToolTip(_("The selected post ended (moved, retired, replaced): it stays in the "
                                          "history, shown as ended"))
        self.remove_post_button = QPushButton(_("Delete the post…"))
        self.remove_post_button.setToolTip(_("Only for a post entered by mistake (Delete); a post that really "
                                             "ended should be ended instead"))
        for button in (self.add_post_button, self.end_post_button, self.remove_post_button):
            posts_bar.addWidget(button)
        posts_tab = QWidget()
        posts_layout = QVBoxLayout(posts_tab)
        posts_layout.setContentsMargins(4, 4, 4, 4)
        posts_layout.addLayout(posts_bar)

        self.posts_model = PostsModel(self)
        self.posts_view = QTableView()
        self.posts_view.setObjectName("postsTable")
        self.posts_view.setModel(self.posts_model)
        self.posts_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.posts_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.posts_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.posts_view.setAlternatingRowColors(True)
        self.posts_view.setWordWrap(False)
        self.posts_view.setMinimumHeight(80)
        self.posts_view.verticalHeader().hide()
        self.posts_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.posts_view.setToolTip(_("Double-click a post to correct it."))
        header = self.posts_view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        posts_layout.addWidget(self.posts_view, 1)

        self.evaluations = PersonEvaluations()
        self.training = PersonTraining()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("personTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(posts_tab, _("Posts held (history)"))
        evaluations_tab = self._padded(self.evaluations)
        # Side by side (the table, its chart): the lower part of the page is short at 1366×768.
        evaluations_tab.layout().addWidget(self.evaluations.chart, 1, Qt.AlignmentFlag.AlignTop)
        self.tabs.addTab(evaluations_tab, _("Evaluations over the years"))
        self.tabs.addTab(self._padded(self.training), _("Training"))
        self.tabs.setTabToolTip(2, _("The courses the person was sent to or attended, with results and "
                                     "certificates"))
        self.tabs.setMinimumHeight(170)
        self.tabs.currentChanged.connect(lambda _index: self._load_tab())
        column.addWidget(self.tabs, 1)
        # When the divider leaves little room (a small screen, 125% scaling), scroll rather than cut text.
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(body)
        self.stack.addWidget(scroller)
        self.body = scroller

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.row: PersonRow | None = None
        self.services_source: Callable | None = None
        self._loaded: set[int] = set()  # tabs already read for the person shown

    @staticmethod
    def _padded(widget: QWidget) -> QWidget:
        holder = QWidget()
        layout = QHBoxLayout(holder)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.addWidget(widget, 1)
        return holder

    def _services(self):
        if self.services_source is not None:
            return self.services_source()
        widget = self.parentWidget()
        while widget is not None:  # the page holding these details knows the open book
            services = getattr(widget, "services", None)
            if services is not None:
                return services
            widget = widget.parentWidget()
        return None

    def _load_tab(self) -> None:
        """Read the evaluations or the training of the person shown, once, when their tab is shown."""
        index = self.tabs.currentIndex()
        if self.row is None or index == 0 or index in self._loaded:
            return
        services = self._services()
        if services is None:
            return
        self._loaded.add(index)
        if self.tabs.widget(index).isAncestorOf(self.evaluations):
            self.evaluations.show_history(services.evaluations.history(self.row.person_id))
        else:
            self.training.show_history(services.training.attendance(person_id=self.row.person_id))

    def show_row(self, row: PersonRow | None, today) -> None:
        self.row = row
        if row is None:
            self.stack.setCurrentWidget(self.nobody)
            self.posts_model.set_rows([])
            self._loaded = set()
            return
        person = row.entry.person
        self.name.setText(person.full_name)
        self.facts.setText(facts_html(person_facts(person), person.notes))
        self.posts_model.set_rows(post_rows(row.entry.holdings, today))
        self.stack.setCurrentWidget(self.body)
        self._loaded = set()
        self._load_tab()

    def selected_post(self) -> PostRow | None:
        rows = self.posts_view.selectionModel().selectedRows()
        return self.posts_model.row(rows[0].row()) if rows else None

    def select_post(self, holding_id: int) -> None:
        for number, row in enumerate(self.posts_model.rows()):
            if row.holding_id == holding_id:
                self.posts_view.selectRow(number)
                return


def facts_html(facts: list[tuple[str, str]], notes: str) -> str:
    """One wrapped paragraph: muted labels, plain values, a middle dot between the pairs."""
    def label(text: str) -> str:  # a label never breaks across lines; values may
        return '<span style="color:#718096">' + escape(text).replace(" ", "&nbsp;") + "</span>"

    pairs = [f"{label(name)}&nbsp;{escape(value)}" for name, value in facts]
    if notes:
        pairs.append(label(_("Notes:")) + "&nbsp;" + escape(notes).replace("\n", "<br>"))
    return " &nbsp;·&nbsp; ".join(pairs)
