"""Qt's own standard texts (dialog buttons, text field context menus, message boxes) in Vietnamese.

PySide6 ships no Vietnamese Qt translation, so Qt's strings are kept in our catalog with the Qt context as
msgctxt (`i18n/vi/qt.po`) and served by this translator. In English mode nothing is installed and Qt shows
its own English texts.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.i18n import current_language, pgettext


class CatalogTranslator(QTranslator):
    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: N802 - Qt's name
        # None (a null QString) means "not translated here"; an empty string would replace the text.
        if not context or not source_text:
            return None
        translated = pgettext(context, source_text)
        return translated if translated != source_text else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_qt_translation(app: QCoreApplication) -> QTranslator | None:
    if current_language() != "vi":
        return None
    translator = CatalogTranslator(app)
    app.installTranslator(translator)
    return translator
