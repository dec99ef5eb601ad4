"""`socanbo import-courses | import-attendance | import-officers`: the import engine without a window.

Non-interactive: ambiguous people are reported and skipped (the window lets the user pick); `--dry-run`
shows what would happen and writes nothing. Exit 1 when the file is rejected as a whole.
"""
from __future__ import annotations

import sys

from desktop.cli_output import print_json
from desktop.domain.officers import Term
from desktop.i18n import _
from desktop.services.book import open_book
from desktop.services.importing import ImportFileError, apply, read_and_preview

EXIT_OK, EXIT_ERROR = 0, 1
VERBS = {"import-courses": "courses", "import-attendance": "attendance", "import-officers": "officers"}


def register(commands) -> dict:
    helps = {"courses": _("import the superior union's course plan"),
             "attendance": _("import the attendee or result list of one course"),
             "officers": _("import a roster of officers (people and posts)")}
    for verb, kind in VERBS.items():
        parser = commands.add_parser(verb, help=helps[kind])
        parser.add_argument("path", metavar="PATH", help=_("the file to import (.xlsx, .xls, .ods or .csv)"))
        parser.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (default: the first with a table)"))
        if kind == "attendance":
            parser.add_argument("--course", metavar="ID", type=int, required=True,
                                help=_("the number of the course in the book (see: socanbo list courses)"))
            parser.add_argument("--create-missing", action="store_true",
                                help=_("add the people who are not in the book yet"))
        if kind == "officers":
            parser.add_argument("--term", metavar="T", help=_("the term of the posts, e.g. 2023-2028 (default: "
                                                              "the current term)"))
        parser.add_argument("--dry-run", action="store_true", help=_("show what would be imported; change nothing"))
        parser.add_argument("--json", action="store_true", help=_("print JSON for programs"))
    return {verb: cmd_import for verb in VERBS}


def cmd_import(args, paths) -> int:
    from desktop.cli import book_path

    kind = VERBS[args.command]
    term = Term.parse(args.term) if getattr(args, "term", None) else None
    with open_book(book_path(args, paths), read_only=args.dry_run) as services:
        try:
            planned = read_and_preview(services, args.path, kind, args.sheet, course_id=getattr(args, "course", None),
                                       term=term)
        except ImportFileError as error:
            return _rejected(args, error)
        result = apply(services, planned, {}, create_missing=getattr(args, "create_missing", False),
                       dry_run=args.dry_run)
    table = planned.table
    if args.json:
        data = result.as_json(_)
        data.update(sheet=table.sheet, header_row=table.header_row,
                    legacy_encoding=table.legacy_encoding, text_encoding=table.text_encoding)
        print_json(data)
        return EXIT_OK
    lead = _("Dry run, nothing written:") if args.dry_run else _("Imported {file}:").format(file=table.file_name)
    print(lead, _("{added} new, {updated} updated, {duplicates} already in the book, {skipped} skipped.").format(
        added=result.added, updated=result.updated, duplicates=result.duplicates, skipped=result.skipped))
    if result.people_created:
        print(_("{count} new person(s) added to the book.").format(count=result.people_created))
    if table.legacy_encoding:
        print(_("The text was typed in {encoding} and has been converted to Unicode.").format(
            encoding=table.legacy_encoding.upper()))
    for problem in result.problems:
        print(problem.render(_), file=sys.stderr)
    return EXIT_OK


def _rejected(args, error: ImportFileError) -> int:
    message = error.render(_)
    if args.json:
        print_json({"error": message, "added": 0, "updated": 0, "duplicates": 0, "skipped": 0, "problems": []})
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    return EXIT_ERROR
