"""The import engine: the superior union's lists (course plans, attendee and result lists, officer rosters)
from .xlsx / .xls / .ods / .csv files into the book.

Three steps, each usable from a worker thread (progress callback, cancel check) and from the CLI:

    table = read_table(path, "attendance")            # parse; nothing touches the book
    plan = preview(services, table, "attendance", course_id=7)   # every row's status; nothing written
    result = apply(services, plan, {14: Resolution.pick(3)}, create_missing=True)   # one transaction
"""
from desktop.services.importing.apply import apply
from desktop.services.importing.errors import ImportCancelled, ImportFileError
from desktop.services.importing.model import (AMBIGUOUS, DUPLICATE, KINDS, NEW, PROBLEM, SKIPPED, UNMATCHED,
                                              UPDATE, Candidate, Column, ImportResult, ParsedRow, ParsedTable,
                                              Preview, PreviewRow, Problem, Resolution)
from desktop.services.importing.preview import preview
from desktop.services.importing.table import read_table

__all__ = ["read_table", "preview", "apply", "ImportFileError", "ImportCancelled", "KINDS", "NEW", "DUPLICATE",
           "UPDATE", "AMBIGUOUS", "UNMATCHED", "PROBLEM", "SKIPPED", "Candidate", "Column", "ImportResult",
           "ParsedRow", "ParsedTable", "Preview", "PreviewRow", "Problem", "Resolution"]
