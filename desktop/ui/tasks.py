"""Long work leaves the GUI thread through this one helper: a function, a success and a failure callback.

The callbacks run on the GUI thread. A worker that writes to the book must open its own connection (SQLite
connections are not shared across threads here).
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, work: Callable[..., Any], signals: _Signals, wants_progress: bool) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.wants_progress = wants_progress

    def run(self) -> None:
        try:
            if self.wants_progress:
                result = self.work(lambda done, total: self.signals.progressed.emit(done, total))
            else:
                result = self.work()
        except BaseException as error:  # noqa: BLE001 - handed to the failure callback on the GUI thread
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)


_running: set[_Signals] = set()  # keeps the signal objects alive until their job reports


def run_in_background(work: Callable[..., Any], on_success: Callable[[Any], None],
                      on_failure: Callable[[BaseException], None],
                      on_progress: Callable[[int, int], None] | None = None) -> None:
    """Run `work()` (or `work(progress)` when `on_progress` is given) on the thread pool."""
    signals = _Signals()
    _running.add(signals)

    def finish(callback, value):
        _running.discard(signals)
        callback(value)

    signals.succeeded.connect(lambda result: finish(on_success, result))
    signals.failed.connect(lambda error: finish(on_failure, error))
    if on_progress is not None:
        signals.progressed.connect(on_progress)
    QThreadPool.globalInstance().start(_Job(work, signals, on_progress is not None))
