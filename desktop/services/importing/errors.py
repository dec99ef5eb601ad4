"""Why a whole file is refused, and the user's cancel. Nothing is written in either case."""
from __future__ import annotations

from desktop.domain.errors import N_, BookError, BookFileError


class ImportFileError(BookFileError):
    """The file cannot be imported at all (not a spreadsheet, locked, empty, no header...)."""


class Translated(str):
    """A message id passed as a parameter of another message, translated with it."""

    def render(self, translate) -> str:
        return translate(str(self))


class ImportCancelled(BookError):
    def __init__(self) -> None:
        super().__init__(N_("The import was cancelled; nothing was changed in the book."))


MISSING = N_("The file {file} does not exist or cannot be opened. Check the path.")
TOO_BIG = N_("The file {file} is {size} MB; files over {limit} MB are not imported. Check that it is the "
             "right file, or split the list.")
EMPTY_FILE = N_("The file {file} is empty (0 bytes).")
NOT_SPREADSHEET = N_("The file {file} is not a spreadsheet. Import an Excel (.xlsx, .xls), "
                     "OpenDocument (.ods) or CSV file.")
HTML_AS_XLS = N_("The file {file} is a web page (HTML) saved under a spreadsheet name, not a real Excel file. "
                 "Open it in Excel and save it as an Excel workbook (.xlsx), then import that copy.")
XML_2003 = N_("The file {file} is an old \"XML Spreadsheet 2003\" file. Open it in Excel and save it as an "
              "Excel workbook (.xlsx), then import that copy.")
PASSWORD = N_("The file {file} is protected by a password. Open it in Excel, remove the password "
              "(File > Info > Protect Workbook), save, then import it again.")
ZIP_BOMB = N_("The file {file} unpacks to {size} MB, far more than a list can hold; it is refused as unsafe.")
DAMAGED = N_("The file {file} is damaged and cannot be read as a spreadsheet ({reason}). Open it in Excel and "
             "save a new copy.")
NO_SHEET = N_("The file {file} has no sheet named {sheet}. Its sheets are: {sheets}.")
ALL_EMPTY = N_("The file {file} contains no data: every sheet is empty.")
SHEET_EMPTY = N_("The sheet {sheet} of {file} is empty.")
NO_HEADER = N_("No table header was recognised in {file} (sheet {sheet}): a column \"{column}\" is needed. "
               "Check that the file is the right list, or choose the columns yourself.")
NO_DATA = N_("The table in {file} (sheet {sheet}) has a header but no rows of data.")
CSV_UNREADABLE = N_("The text file {file} is not in a known character set (UTF-8 or Windows-1258). Save it "
                    "again from Excel as \"CSV UTF-8\".")
BAD_MAPPING = N_("Column {column} chosen for \"{field}\" does not exist in the sheet (it has {count} columns).")
UNKNOWN_FIELD = N_("Unknown column role {field}.")
TOO_LARGE = N_("The sheet {sheet} of {file} reaches row {rows} and column {columns}, far more than a list holds "
               "(a stray cell far below or to the right of the table?). Delete the rows and columns after the "
               "table in Excel, save, then import it again.")
