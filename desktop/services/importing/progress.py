"""Long loops of an import: progress reports, the user's cancel, and no garbage-collector pauses.

A 10,000-row list allocates tens of thousands of small objects that all live until the import ends;
Python's cyclic collector would walk them again and again for nothing (they hold no cycles). It is
paused for the loop and restored after, whatever happens. What the loop made is then moved to the oldest
generation (gc.freeze() and gc.unfreeze(), documented to do just that) instead of being walked at once by
the next young collection: 2 ms for the columns of a 10,000-row list, every element of every list visited.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

from desktop.services.importing.errors import ImportCancelled

PROGRESS_EVERY = 500


def check_cancelled(cancelled) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled()


@contextmanager
def bulk_loop():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
