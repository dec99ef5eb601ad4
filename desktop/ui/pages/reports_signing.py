"""The reports page's "digital signature" box: no certificate (print and sign by hand), a .p12/.pfx file, or a
USB token through its PKCS#11 driver; and the optional signature and seal images of the visible signature.

The box only holds paths. The password or PIN is asked by the page at each export and never kept; the token
driver is remembered in the book by the page (the `driver_chosen` signal), as it is the same every year.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (QButtonGroup, QFileDialog, QGridLayout, QGroupBox, QLabel, QLineEdit, QPushButton,
                               QRadioButton, QWidget)

from desktop.i18n import _
from desktop.services.reports import SignatureLook

UNSIGNED, P12, TOKEN = "none", "p12", "token"


def _path_field(name: str, placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setPlaceholderText(placeholder)
    field.setClearButtonEnabled(True)
    return field


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("statDetail")
    label.setWordWrap(True)
    return label


class SigningBox(QGroupBox):
    driver_chosen = Signal(str)  # the token driver the user picked with the file dialog

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Digital signature"), parent)
        self.setObjectName("signingBox")
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.choice = QButtonGroup(self)
        self.unsigned_radio = QRadioButton(_("No digital signature (print, sign by hand and stamp)"))
        self.p12_radio = QRadioButton(_("Certificate file (.p12 or .pfx)"))
        self.token_radio = QRadioButton(_("USB token"))
        for radio, key in ((self.unsigned_radio, UNSIGNED), (self.p12_radio, P12), (self.token_radio, TOKEN)):
            radio.setProperty("mode", key)
            self.choice.addButton(radio)
        self.unsigned_radio.setChecked(True)

        self.p12_path = _path_field("p12Path", _("the signer's .p12 or .pfx file"))
        self.p12_button = QPushButton(_("Choose a file…"))
        self.p12_button.clicked.connect(self.choose_p12)
        self.driver_path = _path_field("driverPath", _("the token's PKCS#11 driver file (.dll)"))
        self.driver_path.setToolTip(_("The driver comes with the token (for example in C:\\Windows\\System32). "
                                      "It is chosen once and remembered in the book."))
        self.driver_button = QPushButton(_("Choose a file…"))
        self.driver_button.clicked.connect(self.choose_driver)
        self.signature_image = _path_field("signatureImage", _("optional: the signature as a PNG image"))
        self.signature_button = QPushButton(_("Choose an image…"))
        self.signature_button.clicked.connect(lambda: self._choose_image(self.signature_image))
        self.seal_image = _path_field("sealImage", _("optional: the seal as a PNG image"))
        self.seal_button = QPushButton(_("Choose an image…"))
        self.seal_button.clicked.connect(lambda: self._choose_image(self.seal_image))

        grid.addWidget(self.unsigned_radio, 0, 0, 1, 3)
        grid.addWidget(self.p12_radio, 1, 0, 1, 3)
        grid.addWidget(self.p12_path, 2, 1)
        grid.addWidget(self.p12_button, 2, 2)
        grid.addWidget(_hint(_("The password is asked at each export and never saved.")), 3, 1, 1, 2)
        grid.addWidget(self.token_radio, 4, 0, 1, 3)
        grid.addWidget(self.driver_path, 5, 1)
        grid.addWidget(self.driver_button, 5, 2)
        grid.addWidget(_hint(_("The PIN is asked at each export; leave it empty if the token asks for it in its "
                               "own window.")), 6, 1, 1, 2)
        grid.addWidget(QLabel(_("Signature image:")), 7, 0)
        grid.addWidget(self.signature_image, 7, 1)
        grid.addWidget(self.signature_button, 7, 2)
        grid.addWidget(QLabel(_("Seal image:")), 8, 0)
        grid.addWidget(self.seal_image, 8, 1)
        grid.addWidget(self.seal_button, 8, 2)
        self.images_hint = _hint(_("The images are placed in the visible digital signature; a report without a "
                                   "digital signature is signed and stamped on paper."))
        grid.addWidget(self.images_hint, 9, 0, 1, 3)
        grid.setColumnMinimumWidth(0, 20)
        self.choice.buttonToggled.connect(lambda _button, _checked: self._update())
        self._update()

    # --- what the page reads
    def mode(self) -> str:
        checked = self.choice.checkedButton()
        return checked.property("mode") if checked is not None else UNSIGNED

    def set_mode(self, mode: str) -> None:
        {UNSIGNED: self.unsigned_radio, P12: self.p12_radio, TOKEN: self.token_radio}[mode].setChecked(True)

    def certificate_path(self) -> Path | None:
        text = self.p12_path.text().strip()
        return Path(text) if text else None

    def driver(self) -> Path | None:
        text = self.driver_path.text().strip()
        return Path(text) if text else None

    def set_driver(self, path: str | None) -> None:
        self.driver_path.setText(path or "")

    def look(self) -> SignatureLook | None:
        signature, seal = self.signature_image.text().strip(), self.seal_image.text().strip()
        if not (signature or seal):
            return None
        return SignatureLook(Path(signature) if signature else None, Path(seal) if seal else None)

    # --- choosing files
    def choose_p12(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the certificate file"), self._start_folder(self.p12_path),
            _("Certificate files (*.p12 *.pfx)") + ";;" + _("All files (*)"))
        if path:
            self.p12_path.setText(str(Path(path)))
            self.p12_radio.setChecked(True)

    def choose_driver(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the token's PKCS#11 driver"), self._start_folder(self.driver_path),
            _("Driver files (*.dll *.so *.dylib)") + ";;" + _("All files (*)"))
        if path:
            self.driver_path.setText(str(Path(path)))
            self.token_radio.setChecked(True)
            self.driver_chosen.emit(str(Path(path)))

    def _choose_image(self, field: QLineEdit) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose an image"), self._start_folder(field),
                                                    _("PNG images (*.png)"))
        if path:
            field.setText(str(Path(path)))

    @staticmethod
    def _start_folder(field: QLineEdit) -> str:
        text = field.text().strip()
        if text and Path(text).parent.is_dir():
            return str(Path(text).parent)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def _update(self) -> None:
        mode = self.mode()
        for widget in (self.p12_path, self.p12_button):
            widget.setEnabled(mode == P12)
        for widget in (self.driver_path, self.driver_button):
            widget.setEnabled(mode == TOKEN)
        for widget in (self.signature_image, self.signature_button, self.seal_image, self.seal_button):
            widget.setEnabled(mode != UNSIGNED)

