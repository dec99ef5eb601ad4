"""One error dialog, and the hook that turns an unexpected exception into a short message plus a log entry."""
from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import __version__
from desktop.domain.errors import BookError
from desktop.i18n import _


def message_for(error: BaseException) -> str:
    if isinstance(error, BookError):
        return error.render(_)
    return _("Something unexpected went wrong.")


def show_error(parent: QWidget | None, error: BaseException | str, title: str | None = None) -> None:
    """The one way screens report a problem to the user."""
    text = error if isinstance(error, str) else message_for(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("Cannot do that"), text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setObjectName("errorDialog")
    box.exec()


def write_log(log_file: Path, exc_type, exc_value, exc_traceback) -> None:
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')} socanbo {__version__}\n")
            log.write("".join(traceback.format_exception(exc_type, exc_value, exc_traceback)))
    except OSError:
        pass


def install_exception_hook(log_file: Path, parent_getter) -> None:
    """Unexpected exceptions: the traceback goes to the log file, the user sees a short Vietnamese message."""

    def hook(exc_type, exc_value, exc_traceback):
        if isinstance(exc_value, BookError):
            show_error(parent_getter(), exc_value)
            return
        write_log(log_file, exc_type, exc_value, exc_traceback)
        show_error(parent_getter(), _("Something unexpected went wrong. Your data is safe: the last change was "
                                      "not saved. The details were written to {log}.").format(log=log_file))

    sys.excepthook = hook
