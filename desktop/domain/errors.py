"""Errors that carry a user-facing message id and its parameters.

The domain and storage layers cannot translate (they do not import i18n); they raise these with an
English message id marked for extraction, and the layer that shows the message (services' callers:
the CLI and the window) translates it with `message_for(error)`. Every message says what is wrong,
where, and what to do.
"""
from __future__ import annotations

import errno as errno_names


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


class Reason:
    """A translatable part of a message, e.g. the {reason} in "The file {path} cannot be read: {reason}.".

    BookError.render translates it with the message (a parameter that has `render`), so no library's or
    operating system's English reaches a Vietnamese message. `str()` gives the English, for logs.
    """

    def __init__(self, message_id: str, **params: object) -> None:
        self.message_id = message_id
        self.params = params

    def render(self, translate) -> str:
        return translate(self.message_id).format(**self.params)

    def __str__(self) -> str:
        return self.message_id.format(**self.params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and (self.message_id, self.params) == (other.message_id, other.params)

    def __hash__(self) -> int:
        return hash(self.message_id)


def technical(detail: object) -> Reason:
    """A library's own words, kept (they help a technician) but marked as technical detail."""
    return Reason(N_("technical detail: {detail}"), detail=str(detail).strip() or type(detail).__name__)


# errno values (the same names on Windows, where Python maps the Windows error codes to them)
_ERRNO_REASONS = {
    "ENOENT": N_("the file or folder does not exist"),
    "ENOTDIR": N_("a part of the path is not a folder"),
    "EISDIR": N_("it is a folder, not a file"),
    "EACCES": N_("access is denied"),
    "EPERM": N_("access is denied"),
    "EROFS": N_("the drive is read-only"),
    "ENOSPC": N_("the drive is full"),
    "EDQUOT": N_("the drive is full"),
    "EEXIST": N_("a file of that name already exists"),
    "ENAMETOOLONG": N_("the file name or path is too long"),
    "EBUSY": N_("the file is in use by another program"),
    "ETXTBSY": N_("the file is in use by another program"),
    "EIO": N_("the drive could not be read or written (a disk or USB stick problem)"),
    "ENXIO": N_("the drive is not available (was a USB stick pulled out?)"),
    "ENODEV": N_("the drive is not available (was a USB stick pulled out?)"),
    "EINVAL": N_("the file name is not valid"),
    "EMFILE": N_("too many files are open; close some programs and try again"),
}
_WINERROR_REASONS = {
    32: N_("the file is in use by another program"),  # ERROR_SHARING_VIOLATION
    33: N_("the file is in use by another program"),  # ERROR_LOCK_VIOLATION
    21: N_("the drive is not ready"),  # ERROR_NOT_READY
    53: N_("the network path was not found"),  # ERROR_BAD_NETPATH
    67: N_("the network path was not found"),  # ERROR_BAD_NET_NAME
    112: N_("the drive is full"),  # ERROR_DISK_FULL
    123: N_("the file name is not valid"),  # ERROR_INVALID_NAME
    193: N_("it is not a 64-bit program file for this computer"),  # ERROR_BAD_EXE_FORMAT
    206: N_("the file name or path is too long"),  # ERROR_FILENAME_EXCED_RANGE
}


def os_reason(error: OSError) -> Reason:
    """An operating-system error in words of the active language: the known causes by their code (errno,
    Windows' own code), else the system's text marked as technical detail."""
    winerror = getattr(error, "winerror", None)
    if winerror in _WINERROR_REASONS:
        return Reason(_WINERROR_REASONS[winerror])
    name = errno_names.errorcode.get(error.errno or -1)
    if name in _ERRNO_REASONS:
        return Reason(_ERRNO_REASONS[name])
    return technical(error.strerror or error)
