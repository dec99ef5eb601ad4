"""The import engine: the superior union's lists (course plans, attendee and result lists, officer rosters)
from .xlsx / .xls / .ods / .csv files into the book.

Three steps, each usable from a worker thread (progress callback, cancel check) and from the CLI:

    table = read_table(path, "attendance")            # parse; nothing touches the book
    plan = preview(services, table, "attendance", course_id=7)   # every row's status; nothing written
    result = apply(services, plan, {14: Resolution.pick(3)}, create_missing=True)   # one transaction

`read_and_preview(services, path, "attendance", course_id=7)` does the first two at once: the file is read on
a worker thread while the calling thread loads what the preview needs from the book.
"""
from desktop.services.importing.apply import apply
from desktop.services.importing.errors import ImportCancelled, ImportFileError
from desktop.services.importing.model import (AMBIGUOUS, DUPLICATE, KINDS, NEW, PROBLEM, SKIPPED, UNMATCHED,
                                              UPDATE, Candidate, Column, ImportResult, ParsedRow, ParsedTable,
                                              Preview, PreviewRow, Problem, Resolution)
from desktop.services.importing.preview import load_context, preview, read_and_preview
from desktop.services.importing.table import read_table

__all__ = ["read_table", "preview", "read_and_preview", "load_context", "apply", "ImportFileError", "ImportCancelled", "KINDS", "NEW", "DUPLICATE",
           "UPDATE", "AMBIGUOUS", "UNMATCHED", "PROBLEM", "SKIPPED", "Candidate", "Column", "ImportResult",
           "ParsedRow", "ParsedTable", "Preview", "PreviewRow", "Problem", "Resolution"]
