"""`socanbo`: the headless front end on the same services as the window. Never imports Qt.

Exit codes: 0 done; 1 a clear error (what, where, what to do) on stderr, never a traceback; 2 wrong usage.
With no command it opens the window.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop import __version__
from desktop.cli_output import (course_json, evaluation_json, indicator_json, officer_json, officer_row, points,
                                print_json, print_table, short_date)
from desktop.domain.errors import BookError, os_reason
from desktop.domain.evaluation import STATUS_LABELS
from desktop.domain.officers import Term
from desktop.domain.training import ATTENDANCE_LABELS, RESULT_LABELS, TOPIC_LABELS
from desktop.domain.union import UnionProfile
from desktop.i18n import _, ngettext, set_language
from desktop.paths import AppPaths
from desktop.services.book import create_book, open_book
from desktop.services.officers import RosterFilter

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
LIST_KINDS = ("officers", "courses", "attendance", "evaluations", "indicators")


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    """argparse with our exit code and a translated lead-in instead of its English-only error text."""

    def error(self, message: str) -> None:
        raise UsageError(message)


def build_parser() -> Parser:
    parser = Parser(prog="socanbo", description=_("The officer book of a grassroots trade union."))
    parser.add_argument("--data", metavar="FILE", help=_("the book file (default: the book in your data folder)"))
    parser.add_argument("--lang", choices=("vi", "en"), help=_("language of messages (default: Vietnamese)"))
    # argparse's own default help text is fixed when argparse is imported, before our catalog is installed
    parser.add_argument("--version", action="version", version=f"socanbo {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--demo", action="store_true", help=_("open the window on the demo book"))
    parser.add_argument("--self-test", action="store_true", help=_("check the installation and exit"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=Parser)

    init = commands.add_parser("init", help=_("create a new, empty book"))
    init.add_argument("--union-name", required=True, help=_("the union's name"))
    init.add_argument("--superior", required=True, help=_("the superior union's name"))
    init.add_argument("--place", required=True, help=_("place name for the date line"))
    init.add_argument("--term", default="2023-2028", help=_("the current term, e.g. 2023-2028"))
    init.add_argument("--chair", default="", help=_("the chair's full name"))
    init.add_argument("--suffix", default="CĐCS", help=_("document number suffix, e.g. CĐCS"))

    demo = commands.add_parser("demo", help=_("write the demo book"))
    demo.add_argument("--force", action="store_true", help=_("replace an existing file"))

    listing = commands.add_parser("list", help=_("list officers, courses, attendance, evaluations or targets"))
    listing.add_argument("kind", choices=LIST_KINDS, metavar=_("KIND"),
                         help=_("one of: {kinds}").format(kinds=", ".join(LIST_KINDS)))
    listing.add_argument("--year", type=int, help=_("the year (default: this year)"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for programs"))

    commands.add_parser("check", help=_("check the book's integrity and consistency"))
    for module in _command_modules():
        COMMANDS.update(module.register(commands))
    return parser


def _command_modules():
    """Verb groups that live in their own modules (each has `register(commands) -> {verb: handler}`).

    A handler is `handler(args, paths) -> exit code`, like the verbs above.
    """
    import importlib

    found = []
    for name in EXTRA_COMMAND_MODULES:
        found.append(importlib.import_module(name))
    return found


def book_path(args, paths: AppPaths) -> Path:
    return Path(args.data).expanduser() if args.data else paths.default_book


def cmd_init(args, paths: AppPaths) -> int:
    profile = UnionProfile(union_name=args.union_name, superior_name=args.superior, place_name=args.place,
                           term=Term.parse(args.term), doc_suffix=args.suffix, chair_name=args.chair)
    path = book_path(args, paths)
    with create_book(path, profile):
        pass
    print(_("Created the book {path}.").format(path=path))
    return EXIT_OK


def cmd_demo(args, paths: AppPaths) -> int:
    from desktop.services.demo import write_demo_book
    from desktop.storage.lock import BookLock

    path = book_path(args, paths)
    if path.exists() and not args.force:
        print(_("The file {path} already exists. Add --force to replace it with the demo book.").format(path=path),
              file=sys.stderr)
        return EXIT_ERROR
    if not path.exists():
        write_demo_book(path)
    else:
        # Replace only a book nobody holds, and only once the new demo is complete beside it.
        lock = BookLock(path)
        lock.acquire()
        try:
            fresh = path.with_name(path.name + ".demo-new")
            fresh.unlink(missing_ok=True)
            write_demo_book(fresh)
            os.replace(fresh, path)
        finally:
            lock.release()
    print(_("Wrote the demo book to {path}.").format(path=path))
    return EXIT_OK


def cmd_list(args, paths: AppPaths) -> int:
    with open_book(book_path(args, paths), read_only=True) as services:
        year = args.year or services.officers.today().year
        if args.kind == "officers":
            # Everyone, also people whose posts ended: each post carries its end date.
            roster = services.officers.roster(RosterFilter(include_ended=True))
            if args.json:
                print_json([officer_json(e) for e in roster])
            else:
                today = services.officers.today()
                print_table(["ID", _("Full name"), _("Born"), _("Sex"), _("Current posts"), _("Department")],
                            [officer_row(e, today) for e in roster])
        elif args.kind == "courses":
            rows = services.training.courses(args.year)
            if args.json:
                print_json([course_json(r) for r in rows])
            else:
                print_table(["ID", _("Course"), _("Topic"), _("Start"), _("Days"), _("Attendees")],
                            [[r.course.id, r.course.title, _(TOPIC_LABELS[r.course.topic]),
                              short_date(r.course.start_date), points(r.course.days), r.attendees] for r in rows])
        elif args.kind == "attendance":
            rows = [r for r in services.training.attendance()
                    if args.year is None or r.course.year == args.year]
            if args.json:
                print_json([{"course_id": r.attendance.course_id, "person_id": r.attendance.person_id,
                             "full_name": r.full_name, "status": r.attendance.status,
                             "result": r.attendance.result} for r in rows])
            else:
                print_table([_("Course"), _("Full name"), _("Status"), _("Result")],
                            [[r.course.title, r.full_name, _(ATTENDANCE_LABELS[r.attendance.status]),
                              _(RESULT_LABELS[r.attendance.result]) if r.attendance.result else ""] for r in rows])
        elif args.kind == "evaluations":
            rows = services.evaluations.rows(year)
            if args.json:
                print_json([evaluation_json(r) for r in rows])
            else:
                print_table([_("Full name"), _("Total"), _("Suggested"), _("Final level"), _("Status")],
                            [[r.person.full_name, points(r.total),
                              _(r.suggested_level.short_label) if r.suggested_level else "",
                              _(r.evaluation.final_level.short_label) if r.evaluation.final_level else "",
                              _(STATUS_LABELS[r.evaluation.status()])] for r in rows])
        else:
            values = services.indicators.for_year(year) if args.year else services.indicators.for_term(
                services.union.profile().term)
            if args.json:
                print_json([indicator_json(v) for v in values])
            else:
                print_table([_("Target"), _("Goal"), _("Actual"), _("Met")],
                            [[_(v.name), f"{points(v.target)}%", "" if v.actual is None else f"{points(v.actual)}%",
                              {True: _("yes"), False: _("no"), None: "—"}[v.met]] for v in values])
    return EXIT_OK


def cmd_check(args, paths: AppPaths) -> int:
    from desktop.services.checks import check_book

    with open_book(book_path(args, paths), read_only=True) as services:
        findings = check_book(services)
    for finding in findings:
        print(finding.render(_), file=sys.stderr)
    if findings:
        print(_("{count} problem(s) found.").format(count=len(findings)), file=sys.stderr)
        return EXIT_ERROR
    print(_("The book is sound: no problems found."))
    return EXIT_OK


COMMANDS = {"init": cmd_init, "demo": cmd_demo, "list": cmd_list, "check": cmd_check}
# Modules adding verbs (imports, reports, backups); listed here so `--help` shows every verb.
EXTRA_COMMAND_MODULES: list[str] = ["desktop.cli_backup", "desktop.cli_report", "desktop.cli_import"]


def _open_window(argv: list[str]) -> int:
    from desktop.app import main as gui_main

    return gui_main(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Vietnamese must survive a pipe or a file on a Windows code page (cp1252/cp1258).
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    set_language(_language_from(argv))
    # argparse's own texts ("usage:", "options", its error details) come from our catalog too
    # (i18n/vi/argparse.po); it looks `_` and `ngettext` up in its module at call time.
    argparse._ = _
    argparse.ngettext = ngettext
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        print(_("Wrong usage: {detail}").format(detail=error), file=sys.stderr)
        print(_("See: socanbo --help"), file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as done:  # --help and --version
        return int(done.code or 0)
    if args.self_test:
        from desktop.self_test import run_self_test
        return run_self_test()
    if args.command is None:
        return _open_window(argv)
    paths = AppPaths.default()
    try:
        return COMMANDS[args.command](args, paths)
    except BookError as error:
        print(_("Error: {message}").format(message=error.render(_)), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into `head` and cut short: not an error of the book
        sys.stderr.close()
        return EXIT_OK
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        print(_("Error: {message}").format(message=f"{os_reason(error).render(_)}{where}"), file=sys.stderr)
        return EXIT_ERROR
    except Exception:  # noqa: BLE001 - the user gets a short message, the log gets the traceback
        log = _log_traceback(paths)
        print(_("Error: something unexpected went wrong. The details are in {log}.").format(log=log),
              file=sys.stderr)
        return EXIT_ERROR


def _log_traceback(paths: AppPaths) -> Path:
    import traceback
    from datetime import datetime

    try:
        paths.ensure()
        with paths.log_file.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')} socanbo {__version__}\n")
            log.write(traceback.format_exc())
    except OSError:
        pass
    return paths.log_file


def _language_from(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "vi"


if __name__ == "__main__":
    sys.exit(main())
