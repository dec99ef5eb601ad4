"""One officer's evaluation: scores, levels, votes, remarks — saved as the user goes.

Every valid entry is saved at once through the evaluation service (no "forgot to save"); remarks are saved
when the field is left or after a short pause in typing. A closed year or a finalised evaluation shows the
same form read-only, with a line that says why and what to do.
"""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from desktop.domain.errors import BookError, ValidationError
from desktop.domain.evaluation import STATUS_LABELS, Evaluation, Level, classify
from desktop.domain.officers import POST_TITLES_BY_KEY
from desktop.i18n import _
from desktop.ui.errors import show_error
from desktop.ui.widgets.score_grid import ScoreGrid, points_text

def level_text(level: Level | None) -> str:
    return _(level.label) if level else "—"


class _FocusOut(QObject):
    def __init__(self, callback, parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False


class EvaluationForm(QWidget):
    saved = Signal()
    navigate = Signal(int)  # -1 previous person, +1 next

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluationForm")
        self.services = None
        self.row = None  # the EvaluationRow shown
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        self.previous_button = QPushButton(_("◀ Previous"))
        self.previous_button.setToolTip(_("The previous person in the list (Alt+Left)"))
        self.previous_button.setShortcut("Alt+Left")
        self.previous_button.clicked.connect(lambda: self._navigate(-1))
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.setToolTip(_("The next person in the list (Alt+Right)"))
        self.next_button.setShortcut("Alt+Right")
        self.next_button.clicked.connect(lambda: self._navigate(1))
        self.heading = QLabel()
        self.heading.setObjectName("formHeading")
        self.heading.setWordWrap(True)
        top.addWidget(self.previous_button)
        top.addWidget(self.heading, 1)
        top.addWidget(self.next_button)
        outer.addLayout(top)
        self.banner = QLabel()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        outer.addWidget(self.banner)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        column = QVBoxLayout(body)
        self.grid = ScoreGrid()
        self.grid.changed.connect(self.save)
        self.grid.totals_changed.connect(self._update_levels)
        column.addWidget(self.grid)
        copy_row = QHBoxLayout()
        self.copy_button = QPushButton(_("Use the committee's points as the conclusion"))
        self.copy_button.setToolTip(_("Copies the committee column into the conclusion column"))
        self.copy_button.clicked.connect(lambda: self.grid.copy_column("committee_points", "final_points"))
        copy_row.addWidget(self.copy_button)
        copy_row.addStretch(1)
        column.addLayout(copy_row)
        column.addWidget(self._levels_box())
        column.addWidget(self._remarks_box())
        column.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        actions = QHBoxLayout()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.finalise_button = QPushButton(_("Finalise this evaluation"))
        self.finalise_button.setObjectName("primaryButton")
        self.finalise_button.setToolTip(_("Records the committee's conclusion; the evaluation becomes read-only"))
        self.finalise_button.clicked.connect(self.finalise)
        self.draft_button = QPushButton(_("Return to draft…"))
        self.draft_button.setToolTip(_("Makes a finalised evaluation editable again (asks for a reason)"))
        self.draft_button.clicked.connect(self.return_to_draft)
        actions.addWidget(self.saved_label, 1)
        actions.addWidget(self.draft_button)
        actions.addWidget(self.finalise_button)
        outer.addLayout(actions)
        self._remark_timer = QTimer(self)
        self._remark_timer.setSingleShot(True)
        self._remark_timer.setInterval(1500)
        self._remark_timer.timeout.connect(self.save)
        self.setEnabled(False)

    # --- building
    def _levels_box(self) -> QGroupBox:
        box = QGroupBox(_("Classification"))
        form = QFormLayout(box)
        self.suggested_label = QLabel("—")
        self.suggested_label.setObjectName("suggestedLevel")
        form.addRow(_("Suggested by the thresholds:"), self.suggested_label)
        self.self_level = QComboBox()
        self.self_level.setObjectName("selfLevel")
        self.final_level = QComboBox()
        self.final_level.setObjectName("finalLevel")
        self.self_level.addItem("—", None)
        self.final_level.addItem(_("As suggested"), None)
        for level in Level:
            self.self_level.addItem(_(level.label), int(level))
            self.final_level.addItem(_(level.label), int(level))
        self.self_level.activated.connect(lambda _index: self.save())
        self.final_level.activated.connect(lambda _index: self._final_level_chosen())
        form.addRow(_("Level the officer proposed:"), self.self_level)
        form.addRow(_("Final level (conclusion):"), self.final_level)
        self.override_reason = QLineEdit()
        self.override_reason.setObjectName("overrideReason")
        self.override_reason.setPlaceholderText(_("Required when the final level differs from the suggestion"))
        self.override_reason.editingFinished.connect(self.save)
        form.addRow(_("Reason for a different level:"), self.override_reason)
        votes_row = QGridLayout()
        self.votes: dict[int, QSpinBox] = {}
        for index, level in enumerate(Level):
            spin = QSpinBox()
            spin.setObjectName(f"votes{int(level)}")
            spin.setRange(-1, 200)
            spin.setSpecialValueText("—")
            spin.setValue(-1)
            spin.setToolTip(_("Committee members who voted for: {level}").format(level=_(level.label)))
            spin.editingFinished.connect(self.save)
            self.votes[int(level)] = spin
            votes_row.addWidget(QLabel(_(level.short_label) + ":"), index // 2, (index % 2) * 2)
            votes_row.addWidget(spin, index // 2, (index % 2) * 2 + 1)
        votes_row.setColumnStretch(4, 1)
        form.addRow(_("Votes (optional):"), votes_row)
        return box

    def _remarks_box(self) -> QGroupBox:
        box = QGroupBox(_("Remarks"))
        form = QFormLayout(box)
        self.remarks: dict[str, QPlainTextEdit] = {}
        labels = {"strengths": _("Strengths (ưu điểm):"), "weaknesses": _("Weaknesses (hạn chế):"),
                  "remedies": _("How to improve (hướng khắc phục):"),
                  "next_year_duties": _("Duties proposed for next year:")}
        for name, label in labels.items():
            edit = QPlainTextEdit()
            edit.setObjectName(name)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(64)
            edit.textChanged.connect(self._remark_typed)
            edit.installEventFilter(_FocusOut(self.save, edit))
            self.remarks[name] = edit
            form.addRow(label, edit)
        return box

    # --- showing
    def load(self, services, person_id: int, year: int) -> None:
        self.flush()
        self.services = services
        self.row = services.evaluations.get(person_id, year)
        self._show()

    def _show(self) -> None:
        row = self.row
        self._loading = True
        try:
            self.setEnabled(True)
            evaluation = row.evaluation
            self.grid.build(row.criteria_set)
            self.grid.show_scores(evaluation.scores)
            self.self_level.setCurrentIndex(self.self_level.findData(int(evaluation.self_level) if
                                                                     evaluation.self_level else None))
            self.final_level.setCurrentIndex(self.final_level.findData(int(evaluation.final_level) if
                                                                       evaluation.final_level else None))
            self.override_reason.setText(evaluation.override_reason)
            for level, spin in self.votes.items():
                spin.setValue(evaluation.votes.get(level, -1) if evaluation.votes.get(level) is not None else -1)
            for name, edit in self.remarks.items():
                edit.setPlainText(getattr(evaluation, name))
            posts = ", ".join(_(POST_TITLES_BY_KEY[h.title_key].label) for h in
                              self.services.officers.person(row.person.id).holdings if h.active_in_year(evaluation.year))
            self.heading.setText(f"<b>{row.person.full_name}</b> — {posts} — "
                                 + _("year {year}").format(year=evaluation.year) + " — "
                                 + _(STATUS_LABELS[evaluation.status()]))
            self._apply_editability()
            self._update_levels()
            self.saved_label.setText("")
        finally:
            self._loading = False

    def _apply_editability(self) -> None:
        closed = self.services.evaluations.year_closed(self.row.evaluation.year)
        finalised = self.row.evaluation.finalised
        read_only_book = self.services.book.read_only
        editable = not (closed or finalised or read_only_book)
        self.grid.set_editable(editable)
        for widget in (self.self_level, self.final_level, self.override_reason, self.copy_button,
                       *self.votes.values(), *self.remarks.values()):
            widget.setEnabled(editable)
        self.finalise_button.setEnabled(editable)
        self.draft_button.setVisible(finalised)
        self.draft_button.setEnabled(finalised and not closed and not read_only_book)
        if closed:
            self.banner.setText(_("The year {year} is closed: this evaluation can only be viewed. Reopen the year "
                                  "(with a reason) to change it.").format(year=self.row.evaluation.year))
        elif finalised:
            self.banner.setText(_("This evaluation is finalised. To change it, return it to draft."))
        elif read_only_book:
            self.banner.setText(_("The book is open read-only."))
        self.banner.setVisible(not editable)

    def _update_levels(self) -> None:
        if self.row is None:
            return
        final_column = [s.final_points for s in self.grid.scores()]
        if final_column and all(v is not None for v in final_column):
            suggested = classify(round(sum(final_column), 1), self.row.criteria_set.thresholds)
            self.suggested_label.setText(f"<b>{level_text(suggested)}</b> ({points_text(round(sum(final_column), 1))} "
                                         + _("points") + ")")
        else:
            suggested = None
            self.suggested_label.setText(_("— (enter every conclusion point)"))
        chosen = self.final_level.currentData()
        differs = chosen is not None and suggested is not None and chosen != int(suggested)
        self.override_reason.setProperty("invalid", differs and not self.override_reason.text().strip())
        self.override_reason.style().unpolish(self.override_reason)
        self.override_reason.style().polish(self.override_reason)

    # --- saving
    def _remark_typed(self) -> None:
        if not self._loading:
            self._remark_timer.start()

    def _final_level_chosen(self) -> None:
        self._update_levels()
        if self.override_reason.property("invalid"):
            self.override_reason.setFocus()
            self.saved_label.setText(_("Write the reason for the different level."))
        self.save()

    def current_evaluation(self) -> Evaluation:
        votes = {level: spin.value() for level, spin in self.votes.items() if spin.value() >= 0}
        final = self.final_level.currentData()
        own = self.self_level.currentData()
        return dataclasses.replace(
            self.row.evaluation, scores=self.grid.scores(), self_level=Level(own) if own else None,
            final_level=Level(final) if final else None, override_reason=self.override_reason.text(), votes=votes,
            **{name: edit.toPlainText() for name, edit in self.remarks.items()})

    def save(self) -> bool:
        """Save what is on screen; True when saved (or nothing to save)."""
        if self._loading or self.row is None or not self.finalise_button.isEnabled():
            return True
        self._remark_timer.stop()
        try:
            self.row = self.services.evaluations.save(self.current_evaluation())
        except ValidationError as error:
            self.saved_label.setText(error.render(_))
            return False
        except BookError as error:
            show_error(self, error)
            return False
        self.saved_label.setText(_("Saved."))
        self.saved.emit()
        return True

    def flush(self) -> None:
        """Save pending typing before the form shows someone else or closes."""
        if self._remark_timer.isActive():
            self.save()

    def finalise(self) -> None:
        if not self.save() or self.grid.has_invalid():
            return
        try:
            self.row = self.services.evaluations.finalise(self.row.person.id, self.row.evaluation.year)
        except ValidationError as error:  # what is still missing: said beside the buttons, no pop-up
            self.saved_label.setText(error.render(_))
            return
        except BookError as error:
            show_error(self, error)
            return
        self._show()
        self.saved.emit()

    def return_to_draft(self) -> None:
        reason, accepted = QInputDialog.getText(self, _("Return to draft"),
                                                _("Why is this finalised evaluation reopened?"))
        if not accepted:
            return
        try:
            self.services.evaluations.return_to_draft(self.row.person.id, self.row.evaluation.year, reason)
        except BookError as error:
            show_error(self, error)
            return
        self.load(self.services, self.row.person.id, self.row.evaluation.year)
        self.saved.emit()

    def _navigate(self, step: int) -> None:
        self.flush()
        self.navigate.emit(step)

    def focus_first_cell(self) -> None:
        cell = self.grid.first_cell()
        if cell is not None and cell.isEnabled():
            cell.setFocus(Qt.FocusReason.OtherFocusReason)
