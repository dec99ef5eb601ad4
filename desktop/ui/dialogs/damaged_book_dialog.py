"""What the window says about a book it cannot open as it is.

`DamagedBookDialog` is shown for a damaged book: what is wrong, in plain words, and the newest backup that
passes its own check, with what it holds (union, years, people, evaluations, courses) and one button to
restore it. The dialog only asks: `exec()` is true when the user chose to restore, and the window does the
restore (the damaged file is set aside in the backups folder, never deleted). Nothing is repaired silently.

`explain_verdict` is the text for every other verdict (missing, unreadable, not a book, another program's
database, too new, in use on another computer), with what to do and the gentle warning for network and
removable drives. The helpers that describe a backup (its time, size, contents) are shared with the
backups page.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QStyle, QVBoxLayout, QWidget)

from desktop.domain.errors import BookError
from desktop.domain.vietnamese import format_number
from desktop.i18n import N_, _
from desktop.services.backups import (DAMAGED_BOOK, FOREIGN, LOCKED, MISSING, NOT_A_BOOK, OK, TOO_NEW, UNREADABLE,
                                      BackupInfo, BackupService, BackupSummary, Verdict, drive_notice, reason_label)

TITLES = {
    OK: N_("Opening the book"),
    MISSING: N_("The book was not found"),
    UNREADABLE: N_("The book cannot be read"),
    NOT_A_BOOK: N_("This is not an officer book"),
    FOREIGN: N_("This is not an officer book"),
    TOO_NEW: N_("The book needs a newer version"),
    DAMAGED_BOOK: N_("The book is damaged"),
    LOCKED: N_("The book is in use elsewhere"),
}
ADVICE = {
    MISSING: N_("If the book was moved or renamed, open it from its new place with File → Open. If it is on a "
                "USB stick, plug the stick in and try again."),
    UNREADABLE: N_("Close any other program that may be using the file, check that you may read the folder, "
                   "then try again."),
    NOT_A_BOOK: N_("Choose the officer book file: its name ends in .socanbo."),
    FOREIGN: N_("Choose the officer book file: its name ends in .socanbo."),
    TOO_NEW: N_("Nothing in the book was changed."),
    DAMAGED_BOOK: N_("Nothing is repaired silently: when you restore a backup, the damaged file is kept in the "
                     "backups folder."),
    LOCKED: N_("If that computer was switched off without closing the program, the book is freed by itself "
               "within a few minutes."),
}


# --- describing a backup (shared with the backups page) -------------------------------------------------------

def moment_text(moment: datetime | str) -> str:
    """dd/mm/yyyy HH:MM, in the offset the moment was recorded with; text that is no date is shown as is."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    return f"{moment:%d/%m/%Y %H:%M}"


def size_text(size: int) -> str:
    """Kilobytes below one megabyte, else megabytes with one decimal, in the Vietnamese number format."""
    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_number(max(1, round(size / 1024))))
    return _("{size} MB").format(size=format_number(size / (1024 * 1024), 1))


def years_text(years: tuple[int, ...]) -> str:
    return ", ".join(str(year) for year in years) if years else _("(none yet)")


def counts_text(summary: BackupSummary) -> str:
    return _("{people} people, {evaluations} evaluations, {courses} courses").format(
        people=format_number(summary.people), evaluations=format_number(summary.evaluations),
        courses=format_number(summary.courses))


def summary_text(summary: BackupSummary) -> str:
    """One paragraph: the union, the years, the counts (for confirmations and messages)."""
    return _("{union}; years {years}; {counts}.").format(union=summary.union_name or _("(no union name)"),
                                                         years=years_text(summary.years),
                                                         counts=counts_text(summary))


class BackupPreview(QWidget):
    """When a backup was made and why, and what it holds, as a small form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupPreview")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for key, label in (("when", _("Made:")), ("why", _("Why:")), ("union", _("Union:")),
                           ("years", _("Years:")), ("people", _("People:")), ("evaluations", _("Evaluations:")),
                           ("courses", _("Courses:"))):
            value = QLabel()
            value.setObjectName(f"preview_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, value)
            self.fields[key] = value
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)

    def show_backup(self, backup: BackupInfo | None, summary: BackupSummary | None = None,
                    problem: str = "") -> None:
        values = {key: "" for key in self.fields}
        if backup is not None:
            values["when"] = moment_text(backup.created_at)
            values["why"] = _(reason_label(backup.reason))
        if summary is not None:
            values.update(union=summary.union_name or _("(no union name)"), years=years_text(summary.years),
                          people=format_number(summary.people), evaluations=format_number(summary.evaluations),
                          courses=format_number(summary.courses))
        for key, value in values.items():
            self.fields[key].setText(value or "—")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))


# --- texts for the verdicts -----------------------------------------------------------------------------------

def verdict_title(verdict: Verdict) -> str:
    return _(TITLES.get(verdict.kind, N_("The book cannot be opened")))


def explain_locked(host: str, since: str) -> str:
    """Who holds the book and since when (the lock's ISO time shown as dd/mm/yyyy HH:MM)."""
    return _("The book is open on {host} since {since}. Close it there first, or open it read-only.").format(
        host=host or "?", since=moment_text(since) if since else "?")


def explain_verdict(verdict: Verdict) -> str:
    """The whole message for a verdict: what is wrong, what to do, and where the book is when that matters."""
    if verdict.kind == LOCKED:
        parts = [explain_locked(verdict.holder_host or str(verdict.params.get("host", "")),
                                verdict.holder_since or str(verdict.params.get("since", "")))]
    elif verdict.kind == DAMAGED_BOOK and "detail" in verdict.params:
        # SQLite's own words ("database disk image is malformed") go to the technical details, not here.
        parts = [_("The book {path} is damaged and cannot be opened as it is. Restore it from a backup.").format(
            path=verdict.params.get("path", ""))]
    else:
        parts = [verdict.render(_)]
    if verdict.kind in ADVICE and not (verdict.kind == DAMAGED_BOOK and verdict.offer is None):
        parts.append(_(ADVICE[verdict.kind]))
    notice = drive_notice(verdict.drive)
    if notice:
        parts.append(_(notice))
    return "\n\n".join(parts)


# --- the dialog -----------------------------------------------------------------------------------------------

class DamagedBookDialog(QDialog):
    """`DamagedBookDialog(verdict, parent).exec()` is true when the user chose to restore `verdict.offer`."""

    def __init__(self, verdict: Verdict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = verdict
        self.setObjectName("damagedBookDialog")
        self.setWindowTitle(verdict_title(verdict))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        self.message = QLabel(explain_verdict(verdict))
        self.message.setObjectName("damagedMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumWidth(540)
        top.addWidget(self.message, 1)
        layout.addLayout(top)

        self.preview = BackupPreview()
        self.offer_box = QGroupBox(_("The newest good backup"))
        box_layout = QVBoxLayout(self.offer_box)
        box_layout.addWidget(self.preview)
        self.offer_hint = QLabel()
        self.offer_hint.setWordWrap(True)
        box_layout.addWidget(self.offer_hint)
        layout.addWidget(self.offer_box)
        self.no_offer = QLabel(_("No good backup of this book was found. If you have a copy elsewhere (a USB "
                                 "stick, another computer), open that copy with File → Open."))
        self.no_offer.setObjectName("noOffer")
        self.no_offer.setWordWrap(True)
        layout.addWidget(self.no_offer)

        self.details_button = QPushButton(_("Technical details"))
        self.details_button.setCheckable(True)
        self.details_button.setAutoDefault(False)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(90)
        lines = [str(verdict.params.get("path", "")), str(verdict.params.get("detail", ""))]
        self.details.setPlainText("\n".join(dict.fromkeys(line for line in lines + list(verdict.problems) if line)))
        self.details.hide()
        self.details_button.toggled.connect(self._toggle_details)
        details_row = QHBoxLayout()
        details_row.addWidget(self.details_button)
        details_row.addStretch(1)
        layout.addLayout(details_row)
        layout.addWidget(self.details)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(_("Restore this backup"))
        self.restore_button.setObjectName("primaryButton")
        self.restore_button.setToolTip(_("Puts this backup in place of the damaged book; the damaged file is "
                                         "kept in the backups folder"))
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_offer(verdict.offer)

    def _show_offer(self, offer: BackupInfo | None) -> None:
        summary, problem = None, ""
        if offer is not None:
            try:
                summary = BackupService(offer.path.parent).preview(offer)
            except BookError as error:
                problem = error.render(_)
        usable = offer is not None and summary is not None
        self.offer_box.setVisible(offer is not None)
        self.no_offer.setVisible(offer is None)
        self.restore_button.setVisible(usable)
        self.restore_button.setEnabled(usable)
        default = self.restore_button if usable else self.buttons.button(QDialogButtonBox.StandardButton.Close)
        default.setDefault(True)
        default.setFocus()
        self.preview.show_backup(offer, summary, problem)
        if offer is not None:
            self.offer_hint.setText(_("Changes made after {when} are not in this backup.").format(
                when=moment_text(offer.created_at)))

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.adjustSize()


def offer_restore(verdict: Verdict, parent: QWidget | None = None) -> bool:
    """Show the dialog; true when the user chose to restore `verdict.offer`."""
    return bool(DamagedBookDialog(verdict, parent).exec())
