"""Cán bộ: the officers' roster, search as you type, filters, and each person's posts.

Every change goes through `services.officers` (which validates and audits) and is followed by
`session.notify_changed()`, which makes every page, this one included, read the book again. Dialogs open
window-modal with `open()` (not `exec()`), so the page stays responsive and tests can drive them; the
dialog calls the page's `on_accept` and stays open until the service accepts.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BookError
from desktop.domain.officers import Group
from desktop.i18n import _
from desktop.services.officers import RosterFilter
from desktop.ui.dialogs.person_dialog import PersonDialog
from desktop.ui.errors import show_error
from desktop.ui.models.people_model import (
    PeopleFilterProxy,
    PeopleModel,
    PersonRow,
    person_rows,
)
from desktop.ui.pages.base import Page, page_heading
from desktop.ui.pages.officers_details import PersonDetails
from desktop.ui.pages.officers_posts import PostActions
from desktop.ui.widgets.list_table import list_table

ADD_PERSON_KEYS = ("Ctrl+Shift+N", "Insert")


class OfficersPage(PostActions, Page):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("officersPage")
        self.active_dialog: QDialog | None = None
        self._shown_services = None  # the book the filters belong to
        self._pending_select: int | None = None
        self._reveal_pending = False
        self.current_term = None
        self._build()
        self._wire()
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.add_button = QPushButton(_("Add a person"))
        self.add_button.setObjectName("primaryButton")
        self.add_button.setToolTip(_("Add a person to the list of officers (Ctrl+Shift+N or Insert)"))
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setToolTip(_("Edit the selected person's details (Enter or double-click)"))
        self.remove_button = QPushButton(_("Remove the person…"))
        self.remove_button.setToolTip(_("Remove the selected person from the book (Delete). People with "
                                        "evaluations or training records cannot be removed: end their posts."))
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(_("Search by name, department… (Ctrl+F)"))
        self.search.setToolTip(_("Type without accents if you like: “nguyen van an” finds “Nguyễn Văn An”."))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(340)
        tools = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.search)

        self.group_box = QComboBox()
        self.group_box.addItem(_("All groups"), None)
        for group in Group:
            self.group_box.addItem(_(group.label), group)
        self.group_box.setToolTip(_("Show only the people holding a post of this group"))
        self.term_box = QComboBox()
        self.term_box.addItem(_("All terms"), None)
        self.term_box.setToolTip(_("Show only the people holding a post in the union's current term"))
        self.include_ended = QCheckBox(_("Also people whose posts have ended"))
        self.include_ended.setToolTip(_("Former officers stay in the book with their history; tick to list them"))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.filter_bar = QWidget()
        filters = QHBoxLayout(self.filter_bar)
        filters.setContentsMargins(0, 0, 0, 0)
        group_label = QLabel(_("Group:"))
        group_label.setBuddy(self.group_box)
        term_label = QLabel(_("Term:"))
        term_label.setBuddy(self.term_box)
        for widget in (group_label, self.group_box, term_label, self.term_box, self.include_ended):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.model = PeopleModel(self)
        self.proxy = PeopleFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        # Fixed widths that fit 1366×768 at 125% too; the current posts take what is left.
        self.table = list_table(self.proxy, "peopleTable", PeopleModel.POSTS, {
            PeopleModel.NAME: 200, PeopleModel.BORN: 85, PeopleModel.SEX: 85, PeopleModel.DEPARTMENT: 180,
            PeopleModel.FULL_TIME: 110})
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)

        # The list above, the selected person below: both keep the page's full width, so every column of
        # the list and of the posts' history shows at 1366×768; the user may move the divider.
        self.details = PersonDetails()
        self.details.services_source = lambda: self.services
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([330, 250])

        self.empty_label = QLabel(_("There are no officers yet. Click “Add a person” to start."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.splitter)

        layout = QVBoxLayout(self)
        layout.addWidget(page_heading(_("Union officers")))
        layout.addLayout(tools)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.stack, 1)
        order = [self.add_button, self.edit_button, self.remove_button, self.search, self.group_box,
                 self.term_box, self.include_ended, self.table, self.details.add_post_button,
                 self.details.end_post_button, self.details.remove_post_button, self.details.posts_view]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def _wire(self) -> None:
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_person)
        self.remove_button.clicked.connect(self.remove_person)
        self.search.textChanged.connect(self._search_changed)
        self.group_box.currentIndexChanged.connect(self.reload)
        self.term_box.currentIndexChanged.connect(self.reload)
        self.include_ended.toggled.connect(self.reload)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._show_selected())
        self.details.add_post_button.clicked.connect(lambda: self.add_post())
        self.details.end_post_button.clicked.connect(self.end_post)
        self.details.remove_post_button.clicked.connect(self.remove_post)
        self.details.posts_view.doubleClicked.connect(lambda _index: self.edit_post())
        self.details.posts_view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.details.posts_model.modelReset.connect(self._update_buttons)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)
        for keys in ADD_PERSON_KEYS:
            QShortcut(QKeySequence(keys), self).activated.connect(self.add_person)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut,
                      activated=self.edit_person)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table,
                  context=Qt.ShortcutContext.WidgetShortcut, activated=self.remove_person)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.details.posts_view,
                  context=Qt.ShortcutContext.WidgetShortcut, activated=self.remove_post)
        self.search.returnPressed.connect(self._search_to_table)

    # ------------------------------------------------------------------ reading
    def roster_filter(self) -> RosterFilter:
        term = self.term_box.currentData()
        return RosterFilter(group=self.group_box.currentData(), term_start=term.start_year if term else None,
                            include_ended=self.include_ended.isChecked())

    def refresh(self) -> None:
        """Re-read the roster (the book changed, or another book was opened)."""
        services = self.services
        if services is None:
            self.model.set_rows([])
            self._show_selected()
            return
        if services is not self._shown_services:  # another book: start from the plain list
            self._shown_services = services
            self._reset_filters(include_ended=False)
            self.search.clear()
        self._update_term_choice(services)
        self.reload()

    def _update_term_choice(self, services) -> None:
        try:
            term = services.union.profile().term
        except BookError:
            term = None
        if term == self.current_term:
            return
        self.current_term = term
        self.term_box.blockSignals(True)
        while self.term_box.count() > 1:
            self.term_box.removeItem(1)
        if term is not None:
            self.term_box.addItem(_("Current term ({term})").format(term=term.label), term)
        self.term_box.blockSignals(False)

    def reload(self) -> None:
        services = self.services
        if services is None:
            return
        keep = self._pending_select or self.selected_person_id()
        self._pending_select = None
        rows = person_rows(services.officers.roster(self.roster_filter()), services.officers.today())
        self.model.set_rows(rows)
        if keep is not None and self._reveal_pending and not self.model.index_of(keep).isValid():
            self._reset_filters(include_ended=True)  # a new person must not vanish behind a filter
            rows = person_rows(services.officers.roster(self.roster_filter()), services.officers.today())
            self.model.set_rows(rows)
        if keep is not None and self._reveal_pending and not self._visible(keep):
            self.search.clear()
        self._reveal_pending = False
        has_people = services.officers.count() > 0
        self.stack.setCurrentWidget(self.splitter if has_people else self.empty_label)
        self.filter_bar.setVisible(has_people)  # nothing to filter or search in an empty book
        self.search.setVisible(has_people)
        if keep is not None:
            self.select_person(keep)
        self._show_selected()
        self._update_count()

    def _reset_filters(self, include_ended: bool) -> None:
        """All groups, all terms; without reloading (the caller does)."""
        for box in (self.group_box, self.term_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.include_ended.blockSignals(True)
        self.include_ended.setChecked(include_ended)
        self.include_ended.blockSignals(False)

    def _visible(self, person_id: int) -> bool:
        return self.proxy.mapFromSource(self.model.index_of(person_id)).isValid()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()
        if self.selected_row() is None:
            self._show_selected()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total and not shown:
            self.count_label.setText(_("Nobody matches: clear the search box or change the filters."))
        elif shown < total:
            self.count_label.setText(_("Showing {shown} of {total} people").format(shown=shown, total=total))
        else:
            self.count_label.setText(_("People listed: {count}").format(count=total))

    # ------------------------------------------------------------------ selection
    def selected_row(self) -> PersonRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def selected_person_id(self) -> int | None:
        row = self.selected_row()
        return row.person_id if row else None

    def select_person(self, person_id: int) -> bool:
        index = self.proxy.mapFromSource(self.model.index_of(person_id))
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def visible_names(self) -> list[str]:
        """The names in the order the table shows them."""
        return [self.proxy.index(r, PeopleModel.NAME).data() for r in range(self.proxy.rowCount())]

    def _show_selected(self) -> None:
        services = self.services
        self.details.show_row(self.selected_row(), services.officers.today() if services else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self.services is not None and not self.session.read_only
        person = self.selected_row() is not None
        post = self.details.selected_post()
        self.add_button.setEnabled(writable)
        self.edit_button.setEnabled(writable and person)
        self.remove_button.setEnabled(writable and person)
        self.details.add_post_button.setEnabled(writable and person)
        self.details.end_post_button.setEnabled(writable and post is not None and post.holding.end_date is None)
        self.details.remove_post_button.setEnabled(writable and post is not None)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_to_table(self) -> None:
        """Enter in the search box goes to the first person found."""
        if self.proxy.rowCount():
            if self.selected_row() is None:
                self.table.selectRow(0)
            self.table.setFocus()

    # ------------------------------------------------------------------ changes
    def _changed(self, select: int | None = None, reveal: bool = False) -> None:
        self._pending_select = select
        self._reveal_pending = reveal
        self.session.notify_changed()  # every page re-reads the book; this one through refresh()

    def _writable(self) -> bool:
        return self.services is not None and not self.session.read_only

    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmDialog")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _departments(self) -> list[str]:
        return [row.department for row in self.model.rows() if row.department]

    # --- people
    def add_person(self) -> PersonDialog | None:
        if not self._writable() or self.active_dialog is not None:
            return None
        dialog = PersonDialog(None, on_accept=self._save_new_person, departments=self._departments(), parent=self)
        # A new officer usually holds a post: the post dialog follows (Cancel leaves the person without one).
        return self._open(dialog, after_accept=lambda: self.add_post(dialog.outcome))

    def _save_new_person(self, person) -> int:
        person_id = self.services.officers.add_person(person)
        self._changed(select=person_id, reveal=True)
        return person_id

    def edit_person(self) -> PersonDialog | None:
        row = self.selected_row()
        if row is None or not self._writable() or self.active_dialog is not None:
            return None
        dialog = PersonDialog(row.entry.person, on_accept=self._save_person, departments=self._departments(),
                              parent=self)
        return self._open(dialog)

    def _save_person(self, person) -> int:
        self.services.officers.update_person(person)
        self._changed(select=person.id)
        return person.id

    def remove_person(self) -> None:
        row = self.selected_row()
        if row is None or not self._writable():
            return
        officers = self.services.officers
        try:
            if officers.removal_blockers(row.person_id):
                officers.remove_person(row.person_id)  # refused: the service's ConflictError says why
            elif self.confirm(_("Remove a person"), _(
                    "Remove {name} from the book, with all their posts? This cannot be undone.\n\n"
                    "If they only stopped being an officer, end their posts instead.").format(name=row.full_name)):
                officers.remove_person(row.person_id)
            else:
                return
        except BookError as error:
            show_error(self, error)
            return
        self._changed()
