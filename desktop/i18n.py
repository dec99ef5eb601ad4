"""Translations (gettext over Babel-compiled catalogs) and Vietnamese number formatting.

Message ids are English; the Vietnamese catalog is complete and is the default language.
The active language is process-wide configuration chosen once by the composition root
(`app.py` or `cli.py`) before any text is shown, which is why it lives here and not in an object
passed down every call: gettext itself works the same way.
"""
from __future__ import annotations

import gettext as _gettext

from desktop.paths import compiled_locale_dir

DOMAIN = "socanbo"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_active: _gettext.NullTranslations = _gettext.NullTranslations()
_active_language = "en"


def set_language(language: str) -> None:
    """Load the compiled catalog of `language` ('vi' or 'en'); unknown languages fall back to Vietnamese."""
    global _active, _active_language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    _active = _gettext.translation(
        DOMAIN, localedir=str(compiled_locale_dir()), languages=[language], fallback=True
    )
    _active_language = language


def current_language() -> str:
    return _active_language


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated where it is shown)."""
    return message
