"""Errors that carry a user-facing message id and its parameters.

The domain and storage layers cannot translate (they do not import i18n); they raise these with an
English message id marked for extraction, and the layer that shows the message (services' callers:
the CLI and the window) translates it with `message_for(error)`. Every message says what is wrong,
where, and what to do.
"""
from __future__ import annotations


def N_(message: str) -> str:
    """Extraction marker (the domain may not import desktop.i18n)."""
    return message


class BookError(Exception):
    """Base of every expected, explainable failure. Never shown as a traceback."""

    def __init__(self, message_id: str, **params: object) -> None:
        super().__init__(message_id.format(**params) if params else message_id)
        self.message_id = message_id
        self.params = params

    def render(self, translate) -> str:
        """The message in the active language; `translate` is gettext's `_`."""
        # A parameter that renders itself (a nested error, a list of message ids) is translated too.
        params = {key: (value.render(translate) if hasattr(value, "render") else value)
                  for key, value in self.params.items()}
        return translate(self.message_id).format(**params)


class ValidationError(BookError):
    """Input that breaks a rule. `field` names the form field, so a form can put the message beside it."""

    def __init__(self, message_id: str, field: str | None = None, **params: object) -> None:
        super().__init__(message_id, **params)
        self.field = field


class NotFoundError(BookError):
    pass


class ConflictError(BookError):
    """The action is refused because of the book's state (closed year, person still referenced...)."""


class ClosedYearError(ConflictError):
    pass


class BookFileError(BookError):
    """The book file itself cannot be used: missing, foreign, damaged, too new, locked."""


class BookLockedError(BookFileError):
    def __init__(self, message_id: str, holder_host: str = "", holder_since: str = "", **params: object):
        super().__init__(message_id, host=holder_host, since=holder_since, **params)
        self.holder_host = holder_host
        self.holder_since = holder_since


class ValidationErrors(ValidationError):
    """Several field problems at once (a form reports them all, not just the first)."""

    def __init__(self, errors: list[ValidationError]) -> None:
        first = errors[0]
        super().__init__(first.message_id, field=first.field, **first.params)
        self.errors = errors
