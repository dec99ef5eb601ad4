"""The secret asked for each signed export: the password of a .p12/.pfx file, or the PIN of a USB token.

Neither is kept anywhere: the dialog hands the text to the caller, which passes it to the signing service
for this one export.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _


class SecretDialog(QDialog):
    """A message, a hidden text field, OK and Cancel. `allow_empty`: OK is possible with the field empty."""

    def __init__(self, title: str, message: str, label: str, hint: str = "", allow_empty: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("secretDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.allow_empty = allow_empty
        layout = QVBoxLayout(self)
        text = QLabel(message)
        text.setWordWrap(True)
        layout.addWidget(text)
        field_label = QLabel(label)
        layout.addWidget(field_label)
        self.field = QLineEdit()
        self.field.setObjectName("secretField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        field_label.setBuddy(self.field)
        layout.addWidget(self.field)
        if hint:
            note = QLabel(hint)
            note.setObjectName("statDetail")
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.field.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.allow_empty or bool(self.field.text()))

    def secret(self) -> str:
        return self.field.text()


def ask_password(parent: QWidget | None, certificate: Path) -> str | None:
    """The password of the certificate file, or None when the user cancels."""
    dialog = SecretDialog(
        _("Certificate password"),
        _("The report is signed with the certificate file {name}.").format(name=Path(certificate).name),
        _("Password of the certificate file: "),
        _("The password is used for this export only and is never saved."), parent=parent)
    return dialog.secret() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_pin(parent: QWidget | None) -> str | None:
    """The token's PIN ("" to let the token's driver ask for it in its own window), or None to cancel."""
    dialog = SecretDialog(
        _("Token PIN"), _("Plug in the USB token, then enter its PIN."), _("PIN:"),
        _("Leave it empty if the token asks for the PIN in its own window. The PIN is never saved."),
        allow_empty=True, parent=parent)
    return dialog.secret() if dialog.exec() == QDialog.DialogCode.Accepted else None
