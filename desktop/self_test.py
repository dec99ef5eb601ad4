"""`socanbo --self-test`: is this installation whole? The smoke test of every build, and the IT helper's check.

It prints the versions of what the program is made of, then checks, one line each: the program's own files
(style, icon, fonts, message catalogs), Qt's libraries and platform plugin (started as an application object
where Windows, a display or QT_QPA_PLATFORM=offscreen allows; no window is ever opened), the window's modules,
and a real round trip through the services: a demo book in a temporary folder, the yearly report rendered to a
temporary PDF, signed with a throwaway certificate and verified, its tables written to Excel and read back.
Nothing is written to the user's data folder except, on a failure, the details in the log file the message
names.

Exit code 0 when every check passed, 1 otherwise. A frozen bundle that lacks a module or a data file fails
here, with the name of what is missing, before it reaches a user.
"""
from __future__ import annotations

import gettext
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from desktop import __version__
from desktop.i18n import DOMAIN, N_, _
from desktop.paths import AppPaths, compiled_locale_dir, install_root, resources_dir

EXIT_OK, EXIT_ERROR = 0, 1
PROGRAM_NAME = "Sổ cán bộ công đoàn"  # the product's name, the same in both languages
NATIVE_PLATFORM_PLUGIN = {"win32": "qwindows", "darwin": "qcocoa"}  # anything else: xcb (X11)
REPORT_YEAR_BACK = 1  # the demo's last closed year: the year before the demo's "today"


class Skipped(Exception):
    """A check that needs an earlier one which failed."""


def versions() -> list[tuple[str, str]]:
    """(name, version) of the program and the libraries that matter when a report looks wrong."""
    import sqlite3  # only for the library's version string; the book is opened through storage

    import pyhanko.version
    import reportlab
    from PySide6 import QtCore
    from PySide6 import __version__ as pyside_version

    qt = QtCore.qVersion()
    return [
        (_("Program"), __version__),
        ("Python", f"{platform.python_version()} ({platform.architecture()[0]}, {sys.platform})"),
        ("Qt", qt if qt == pyside_version else f"{qt} (PySide6 {pyside_version})"),
        ("SQLite", sqlite3.sqlite_version),
        ("reportlab", reportlab.Version),
        ("pyHanko", pyhanko.version.__version__),
    ]


def where_installed() -> str:
    if getattr(sys, "frozen", False):
        return _("installed program in {path}").format(path=Path(sys.executable).parent)
    return _("source checkout in {path}").format(path=install_root())


# --- the checks: each returns a short detail for the "ok" line, or raises


def check_program_files(context: dict) -> str:
    resources = resources_dir()
    wanted = [resources / "style.qss", resources / "icons" / "socanbo.png", resources / "icons" / "socanbo.ico"]
    missing = [str(path) for path in wanted if not path.is_file()]
    if missing:
        raise FileNotFoundError(_("missing: {files}").format(files=", ".join(missing)))
    resources.joinpath("style.qss").read_text(encoding="utf-8")
    from desktop.services.reports.fonts import font_files

    font_files(prefer_system=False)  # the bundled fonts, used where Windows has no Times New Roman
    return str(resources)


def check_catalogs(context: dict) -> str:
    """Both catalogs load, and the Vietnamese one really translates (an empty .mo would not)."""
    probe = "check the installation and exit"
    for language in ("vi", "en"):
        catalog = gettext.translation(DOMAIN, localedir=str(compiled_locale_dir()), languages=[language])
        if language == "vi" and catalog.gettext(probe) == probe:
            raise LookupError(_("the Vietnamese catalog in {path} does not translate").format(
                path=compiled_locale_dir()))
    return str(compiled_locale_dir())


def check_qt(context: dict) -> str:
    """Qt's libraries load, the platform plugin is where Qt looks, and (where a display or QT_QPA_PLATFORM is
    there) an application object starts on it, which loads the plugin and the style for real. No window."""
    from PySide6 import QtCore, QtGui, QtWidgets  # noqa: F401 - loading them is the check

    plugin = NATIVE_PLATFORM_PLUGIN.get(sys.platform, "qxcb")
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        plugin = "qoffscreen"
    folders = [Path(p) / "platforms" for p in QtCore.QCoreApplication.libraryPaths()]
    found = [f for folder in folders if folder.is_dir() for f in folder.iterdir() if plugin in f.name]
    if not found:
        raise FileNotFoundError(_("Qt's platform plugin {plugin} is not in {folders}").format(
            plugin=plugin, folders=", ".join(str(f) for f in folders) or "—"))
    if not _display_available():
        return _("{plugin} (not started: no display)").format(plugin=found[0].name)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["socanbo"])
    context["qt_application"] = app  # kept alive until the checks end
    return _("{plugin}, started on {platform}").format(plugin=found[0].name, platform=app.platformName())


def _display_available() -> bool:
    """Starting Qt without a display aborts the process (it cannot be caught), so only where one is sure."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def check_window_modules(context: dict) -> str:
    """Every module the window needs can be imported (a frozen bundle that missed one fails here)."""
    import desktop.app
    import desktop.ui.main_window  # noqa: F401

    return "desktop.ui"


def check_demo_book(context: dict) -> str:
    from desktop.services.book import open_book
    from desktop.services.checks import check_book
    from desktop.services.demo import DEMO_TODAY, write_demo_book

    path = context["folder"] / "so-mau.socanbo"
    write_demo_book(path)
    with open_book(path, read_only=True) as services:
        findings = check_book(services)
        people = services.officers.people.count()
    if findings:
        raise ValueError("; ".join(finding.render(_) for finding in findings))
    context["book"] = path
    context["year"] = DEMO_TODAY.year - REPORT_YEAR_BACK
    return _("{people} people, {size} kB").format(people=people, size=path.stat().st_size // 1024)


def check_report(context: dict) -> str:
    if "book" not in context:
        raise Skipped
    from desktop.services.book import open_book
    from desktop.services.reports import ReportOptions, ReportService

    pdf = context["folder"] / f"bao-cao-{context['year']}.pdf"
    with open_book(context["book"]) as services:
        result = ReportService(services).export_report(ReportOptions(year=context["year"]), pdf)
    if not pdf.read_bytes().startswith(b"%PDF-") or result.pages < 1:
        raise ValueError(_("{path} is not a PDF").format(path=pdf))
    return _("year {year}, {pages} pages, {size} kB").format(year=context["year"], pages=result.pages,
                                                              size=pdf.stat().st_size // 1024)


def check_spreadsheets(context: dict) -> str:
    """The report's tables written to Excel (openpyxl) and read back the way imports read files (calamine)."""
    if "book" not in context:
        raise Skipped
    import python_calamine

    import desktop.services.importing  # noqa: F401 - the import engine and its file readers are bundled
    from desktop.services.book import open_book
    from desktop.services.reports import ReportService

    workbook = context["folder"] / f"bang-{context['year']}.xlsx"
    with open_book(context["book"], read_only=True) as services:
        ReportService(services).export_excel(context["year"], workbook)
    sheets = python_calamine.CalamineWorkbook.from_path(str(workbook)).sheet_names
    if not sheets:
        raise ValueError(_("{path} has no sheets").format(path=workbook))
    return _("{sheets} sheets, {size} kB").format(sheets=len(sheets), size=workbook.stat().st_size // 1024)


def check_signature(context: dict) -> str:
    """Sign the report with a throwaway self-signed certificate and verify it: pyHanko, cryptography, fonts."""
    if "book" not in context:
        raise Skipped
    from desktop.services.book import open_book
    from desktop.services.reports import P12Credentials, ReportOptions, ReportService, verify_pdf

    certificate = context["folder"] / "tu-thu.p12"
    password = "self-test"
    certificate.write_bytes(_throwaway_p12("Kiểm tra cài đặt", password))
    pdf = context["folder"] / f"bao-cao-{context['year']}-ky-so.pdf"
    with open_book(context["book"]) as services:
        ReportService(services).export_report(ReportOptions(year=context["year"]), pdf,
                                              credentials=P12Credentials(certificate, password))
    found = verify_pdf(pdf)
    if not (found.signed and found.valid and found.intact and found.data is not None):
        raise ValueError("; ".join(_(problem) for problem in found.problems) or _("the signature does not verify"))
    return _("signed by {name}").format(name=found.signer)


def _throwaway_p12(common_name: str, password: str) -> bytes:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
                   .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"self-test", key, certificate, None,
                                                 serialization.BestAvailableEncryption(password.encode()))


# Each check with its label (translated when shown).
CHECKS = (
    (check_program_files, N_("program files")),
    (check_catalogs, N_("message catalogs")),
    (check_qt, N_("Qt libraries")),
    (check_window_modules, N_("window modules")),
    (check_demo_book, N_("demo book")),
    (check_report, N_("yearly report (PDF)")),
    (check_signature, N_("digital signature")),
    (check_spreadsheets, N_("Excel tables")),
)


def run_self_test(out=None) -> int:
    out = out or sys.stdout
    print(_("{program} {version}: self-test of the {where}").format(
        program=PROGRAM_NAME, version=__version__, where=where_installed()), file=out)
    failed = []
    try:
        for name, value in versions():
            print(f"  {name:<12} {value}", file=out)
    except Exception as error:  # noqa: BLE001 - a missing library is exactly what this command reports
        failed.append(_("versions"))
        print(_line(_("FAILED"), _("versions"), _describe(error)), file=out)
        _log_details()
    with tempfile.TemporaryDirectory(prefix="socanbo-self-test-", ignore_cleanup_errors=True) as folder:
        context = {"folder": Path(folder)}
        for check, label_id in CHECKS:
            label = _(label_id)
            started = time.perf_counter()
            try:
                detail = check(context)
            except Skipped:
                print(_line(_("skipped"), label, _("an earlier check failed")), file=out)
                failed.append(label)
                continue
            except Exception as error:  # noqa: BLE001 - see above
                print(_line(_("FAILED"), label, _describe(error)), file=out)
                failed.append(label)
                _log_details()
                continue
            seconds = time.perf_counter() - started
            print(_line(_("ok"), label, f"{detail} ({seconds:.1f} s)"), file=out)
    if failed:
        print(_("Self-test FAILED: {checks}. The details are in {log}.").format(
            checks=", ".join(failed), log=AppPaths.default().log_file), file=out)
        out.flush()
        return EXIT_ERROR
    print(_("Self-test passed."), file=out)
    out.flush()
    return EXIT_OK


def _line(verdict: str, label: str, detail: str) -> str:
    return f"  {verdict:<7} {label}: {detail}"


def _describe(error: BaseException) -> str:
    render = getattr(error, "render", None)
    if callable(render):
        return render(_)
    return f"{type(error).__name__}: {error}"


def _log_details() -> None:
    """The traceback goes to the log file (as for any unexpected CLI error), not to the screen."""
    import traceback
    from datetime import datetime

    try:
        paths = AppPaths.default().ensure()
        with paths.log_file.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')} socanbo {__version__} --self-test\n")
            log.write(traceback.format_exc())
    except OSError:
        pass
