"""`socanbo report | sheet | verify | export`: the yearly report, evaluation sheets, checking a report, Excel.

Passwords and PINs never come on the command line (other users can read it): they come from an environment
variable named with --password-env / --pin-env, or are asked for at the terminal.
"""
from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from desktop.cli_output import print_json
from desktop.domain.errors import N_, Reason, os_reason
from desktop.domain.vietnamese import parse_date
from desktop.i18n import _
from desktop.services.book import open_book

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def register(commands) -> dict:
    report = commands.add_parser("report", help=_("write the yearly report for the superior union (PDF)"))
    report.add_argument("--year", type=int, required=True, help=_("the year the report is about, e.g. 2025"))
    report.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    report.add_argument("--number", type=int, help=_("the document number (default: the next one this year)"))
    report.add_argument("--date", metavar="DD/MM/YYYY", help=_("the date on the document (default: today)"))
    report.add_argument("--signer", choices=("chair", "deputy"), default="chair",
                        help=_("who signs: the chair, or a vice chair on the chair's behalf"))
    report.add_argument("--signer-name", help=_("the signer's full name (default: from the book)"))
    report.add_argument("--recipient", action="append", default=None, metavar="TEXT",
                        help=_("a line of the recipients list (repeat; default: as above, and the archive)"))
    report.add_argument("--proposals", default="", help=_("the proposals section's text"))
    report.add_argument("--proposals-file", metavar="FILE", help=_("read the proposals from a UTF-8 text file"))
    report.add_argument("--p12", metavar="FILE", help=_("sign with this .p12/.pfx certificate file"))
    report.add_argument("--password-env", metavar="VAR", help=_("environment variable holding its password"))
    report.add_argument("--pkcs11", metavar="DRIVER", help=_("sign with a USB token through this PKCS#11 driver"))
    report.add_argument("--pin-env", metavar="VAR", help=_("environment variable holding the token's PIN"))
    report.add_argument("--key-label", help=_("the label of the signing key on the token"))
    report.add_argument("--signature-image", metavar="PNG", help=_("image of the handwritten signature (blue)"))
    report.add_argument("--seal-image", metavar="PNG", help=_("image of the union's seal (red)"))

    sheet = commands.add_parser("sheet", help=_("write the evaluation sheets of a year (PDF)"))
    sheet.add_argument("--year", type=int, required=True, help=_("the year of the evaluation"))
    sheet.add_argument("--person", type=int, metavar="ID", help=_("only this person's sheet"))
    sheet.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))

    verify = commands.add_parser("verify", help=_("check a report's digital signature and read its data"))
    verify.add_argument("file", metavar="FILE.pdf", help=_("the report to check"))
    verify.add_argument("--json", action="store_true", help=_("print JSON for programs"))
    verify.add_argument("--trust", action="append", default=[], metavar="CERT",
                        help=_("also trust this CA certificate (PEM or DER; repeat for several)"))

    export = commands.add_parser("export", help=_("write the report's tables to an Excel file"))
    export.add_argument("--year", type=int, required=True, help=_("the year the report is about, e.g. 2025"))
    export.add_argument("--out", required=True, metavar="FILE.xlsx", help=_("the Excel file to write"))
    return {"report": cmd_report, "sheet": cmd_sheet, "verify": cmd_verify, "export": cmd_export}


def _book(args, paths) -> Path:
    from desktop.cli import book_path

    return book_path(args, paths)


def _usage(message: str) -> int:
    print(_("Wrong usage: {detail}").format(detail=message), file=sys.stderr)
    return EXIT_USAGE


def _secret(variable: str | None, prompt: str) -> str | None:
    """From the named environment variable, else asked at the terminal; None when neither is possible."""
    if variable:
        return os.environ.get(variable)
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    return None


def _credentials(args):
    """(credentials or None, exit code or None)."""
    from desktop.services.reports import P12Credentials, TokenCredentials

    if args.p12 and args.pkcs11:
        return None, _usage(_("choose either --p12 or --pkcs11, not both."))
    if args.p12:
        password = _secret(args.password_env, _("Password of the certificate file: "))
        if password is None:
            if args.password_env:
                print(_("Error: {message}").format(message=_("the environment variable {name} is not set.").format(
                    name=args.password_env)), file=sys.stderr)
                return None, EXIT_ERROR
            return None, _usage(_("give the password through --password-env VAR."))
        return P12Credentials(Path(args.p12), password), None
    if args.pkcs11:
        pin = os.environ.get(args.pin_env) if args.pin_env else None
        if args.pin_env and pin is None:
            print(_("Error: {message}").format(message=_("the environment variable {name} is not set.").format(
                name=args.pin_env)), file=sys.stderr)
            return None, EXIT_ERROR
        return TokenCredentials(Path(args.pkcs11), pin=pin, key_label=args.key_label), None
    return None, None


def cmd_report(args, paths) -> int:
    from desktop.services.reports import DEFAULT_RECIPIENTS, ReportOptions, ReportService, SignatureLook

    try:
        issued_on = parse_date(args.date) if args.date else None
    except ValueError:
        return _usage(_("the date {value} is not a date like 05/01/2026.").format(value=args.date))
    proposals = args.proposals
    if args.proposals_file:
        try:
            proposals = Path(args.proposals_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            reason = (os_reason(error) if isinstance(error, OSError)
                      else Reason(N_("it is not a UTF-8 text file; save it as UTF-8 and try again")))
            print(_("Error: {message}").format(message=_("cannot read {path}: {reason}").format(
                path=args.proposals_file, reason=reason.render(_))), file=sys.stderr)
            return EXIT_ERROR
    credentials, failed = _credentials(args)
    if failed is not None:
        return failed
    look = SignatureLook(Path(args.signature_image) if args.signature_image else None,
                         Path(args.seal_image) if args.seal_image else None)
    options = ReportOptions(year=args.year, number=args.number, issued_on=issued_on, signer=args.signer,
                            signer_name=args.signer_name, recipients=tuple(args.recipient or DEFAULT_RECIPIENTS),
                            proposals=proposals)
    with open_book(_book(args, paths)) as services:
        result = ReportService(services).export_report(options, Path(args.out), credentials=credentials, look=look)
    print(_("Wrote report No. {number} ({pages} pages) to {path}.").format(number=result.number, pages=result.pages,
                                                                          path=result.path))
    if result.signed_by:
        print(_("Digitally signed by {name}.").format(name=result.signed_by))
    else:
        print(_("Not digitally signed: print it for a handwritten signature and the seal."))
    print(f"SHA-256: {result.sha256}")
    for warning in result.warnings:  # the report is written; these are for the user to check
        print(_("Warning: {message}").format(message=warning.render(_)), file=sys.stderr)
    return EXIT_OK


def cmd_sheet(args, paths) -> int:
    from desktop.services.reports import ReportService

    with open_book(_book(args, paths), read_only=True) as services:
        pages = ReportService(services).export_sheets(args.year, Path(args.out), args.person)
    print(_("Wrote the evaluation sheets ({pages} pages) to {path}.").format(pages=pages, path=args.out))
    return EXIT_OK


def cmd_export(args, paths) -> int:
    from desktop.services.reports import ReportService

    with open_book(_book(args, paths), read_only=True) as services:
        ReportService(services).export_excel(args.year, Path(args.out))
    print(_("Wrote the report's tables to {path}.").format(path=args.out))
    return EXIT_OK


def cmd_verify(args, paths) -> int:
    from desktop.services.reports import verify_pdf

    result = verify_pdf(Path(args.file), tuple(Path(c) for c in args.trust))
    if args.json:
        found = result.as_json()
        found["problems"] = [_(problem) for problem in result.problems]
        print_json(found)
        return EXIT_OK if result.ok else EXIT_ERROR
    yes_no = {True: _("yes"), False: _("no")}
    if result.signed:
        print(_("Signature: {verdict}").format(verdict=_("valid") if result.valid else _("NOT valid")))
        print(_("Signer: {name}").format(name=result.signer))
        print(_("Signing time: {time}").format(time=result.signing_time or "—"))
        print(_("Changed after signing: {answer}").format(answer=yes_no[result.modified_after_signing]))
        print(_("Certificate from a trusted authority: {answer}").format(answer=yes_no[result.trusted]))
    for problem in result.problems:
        print(f"- {_(problem)}")
    if result.data is not None:
        document = result.data.get("document", {})
        print(_("Data inside: {file} (report No. {number}, year {year}, {union}); signed with the document: "
                "{answer}").format(file=result.data_file, number=document.get("number", "?"),
                                   year=result.data.get("year", "?"), union=result.data.get("union", {}).get("name", "?"),
                                   answer=yes_no[result.data_signed]))
    else:
        print(_("The document carries no report data."))
    return EXIT_OK if result.ok else EXIT_ERROR
