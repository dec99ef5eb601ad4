"""One writer per book: a lock file beside the book, in the spirit of QLockFile.

The lock holds the computer name, process id and start time, so a second window, process or PC is told
who has the book. A lock is stale when its process is gone (same computer) or when its holder stopped
refreshing it (another computer: the holder touches the file every minute while it runs). Stale locks are
taken over; a live lock is never broken.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.domain.errors import N_, BookFileError, BookLockedError, os_reason

HEARTBEAT_SECONDS = 60
OTHER_HOST_STALE_SECONDS = 5 * 60
UNREADABLE_STALE_SECONDS = 10


def lock_path_for(book: Path) -> Path:
    return book.with_name(book.name + "-lock")


@dataclass(frozen=True)
class LockHolder:
    host: str
    pid: int
    since: str
    token: str

    @classmethod
    def read(cls, path: Path) -> "LockHolder | None":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(str(data["host"]), int(data["pid"]), str(data["since"]), str(data["token"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        synchronize, still_active = 0x00100000 | 0x1000, 259
        handle = ctypes.windll.kernel32.OpenProcess(synchronize, False, pid)
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == still_active
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class BookLock:
    def __init__(self, book: Path, host: str | None = None) -> None:
        self.path = lock_path_for(book)
        self.host = host or socket.gethostname()
        self.token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.held = False

    def acquire(self) -> None:
        for _attempt in range(2):
            try:
                self._create()
            except FileExistsError:
                if self._stale():
                    self._remove_stale()
                    continue
                holder = LockHolder.read(self.path)
                raise BookLockedError(
                    N_("The book is open on {host} since {since}. Close it there first, or open it "
                       "read-only."), holder_host=holder.host if holder else "?",
                    holder_since=holder.since if holder else "?") from None
            except OSError as error:
                raise BookFileError(N_("Cannot create the lock file {path}: {reason}. Is the folder read-only?"),
                                    path=str(self.path), reason=os_reason(error)) from None
            self.held = True
            self._start_heartbeat()
            return
        raise BookLockedError(N_("The book is being opened by another program. Try again."))

    def _content(self) -> str:
        return json.dumps({"host": self.host, "pid": os.getpid(), "token": self.token,
                           "since": datetime.now().astimezone().isoformat(timespec="seconds")})

    def _create(self) -> None:
        """Create the lock with its content in one step, so a kill never leaves an empty lock file.

        The content goes to a private file first, which is then hard-linked to the lock's name (failing when
        the lock exists). Where hard links are not supported (FAT sticks, some shares), O_EXCL creation is
        the fallback.
        """
        private = self.path.with_name(f"{self.path.name}.{self.token}")
        try:
            with private.open("w", encoding="utf-8") as handle:
                handle.write(self._content())
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(private, self.path)
                return
            except FileExistsError:
                raise
            except OSError:
                pass  # no hard links here: fall back below
        finally:
            private.unlink(missing_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(self._content())
            handle.flush()
            os.fsync(handle.fileno())

    def holder_if_alive(self) -> LockHolder | None:
        """Who holds the book now, or None when nobody does (no lock, or a stale one)."""
        if not self.path.exists() or self._stale():
            return None
        return LockHolder.read(self.path)

    def _stale(self) -> bool:
        holder = LockHolder.read(self.path)
        try:
            age = time.time() - self.path.stat().st_mtime
        except OSError:
            return True  # vanished meanwhile: try again
        if holder is None:
            return age > UNREADABLE_STALE_SECONDS  # a holder killed while writing it
        if holder.host == self.host:
            return not _process_alive(holder.pid)
        return age > OTHER_HOST_STALE_SECONDS

    def _remove_stale(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise BookFileError(N_("Cannot remove the old lock file {path}: {reason}. Is the folder "
                                   "read-only?"), path=str(self.path), reason=os_reason(error)) from None

    def _start_heartbeat(self) -> None:
        def beat() -> None:
            while not self._stop.wait(HEARTBEAT_SECONDS):
                try:
                    os.utime(self.path)
                except OSError:
                    return
        self._thread = threading.Thread(target=beat, name="book-lock-heartbeat", daemon=True)
        self._thread.start()

    def release(self) -> None:
        if not self.held:
            return
        self._stop.set()
        holder = LockHolder.read(self.path)
        if holder is not None and holder.token == self.token:
            try:
                self.path.unlink()
            except OSError:
                pass
        self.held = False
