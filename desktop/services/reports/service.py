"""The reports page's use cases: the yearly report (PDF, signed or not), the evaluation sheets, the Excel
tables, the document numbers and the history of exports."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from desktop import __version__
from desktop.domain.errors import N_, BookFileError, NotFoundError, ValidationError
from desktop.domain.evaluation import Status
from desktop.domain.vietnamese import clean_text, fold, format_date
from desktop.services.reports import excel, sheet, yearly
from desktop.services.reports.appearance import SignatureLook, vietnam_time
from desktop.services.reports.data import (
    SIGNER_ROLES,
    ReportOptions,
    collect,
    document_number,
)
from desktop.services.reports.fonts import document_fonts
from desktop.services.reports.signing import Attachment, finish_pdf, sha256_hex
from desktop.services.safe_export import write_atomically
from desktop.storage.audit import AuditRepository
from desktop.storage.report_repo import ReportExport, ReportRepository

TOKEN_DRIVER_SETTING = "reports.pkcs11_module"  # the token driver the user picked once (a path, no secret)


@dataclass(frozen=True)
class Notice:
    """Something the user should check about an export that was still written (a warning, not a block)."""
    message_id: str
    params: dict = field(default_factory=dict)

    def render(self, translate) -> str:
        return translate(self.message_id).format(**self.params)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    number: str
    sha256: str
    signed_by: str
    pages: int
    record: ReportExport
    warnings: tuple[Notice, ...] = ()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text or ""))


def same_person(printed: str, holder: str) -> bool:
    """Whether the certificate's holder is the printed signer: the same name, ignoring case, diacritics and
    old/new tone placement, alone or as one part of what the CA wrote ("NGUYỄN MINH TUẤN - CHỦ TỊCH")."""
    want = _words(printed)
    return not want or any(_words(part) == want for part in re.split(r"[-–,;:/|()\[\]]", holder or ""))


def report_warnings(data: dict, signed_by: str) -> tuple[Notice, ...]:
    """What to point out about a written report: a year without evaluations, a document dated before the year it
    reports on has begun, a certificate that is not the printed signer's (a deputy chosen, the chair's .p12)."""
    year = data["year"]
    issued_on = date.fromisoformat(data["document"]["date"])
    found = []
    if not data["evaluation"]["rows"]:
        found.append(Notice(N_("{year} has no evaluations: section II of the report is empty. Check the year, "
                               "or enter the year's evaluation first."), {"year": year}))
    if issued_on.year < year:
        found.append(Notice(N_("The report is about {year}, but it is dated {date}, before that year starts."),
                            {"year": year, "date": format_date(issued_on)}))
    printed = data["document"]["signer"]["name"]
    if signed_by and not same_person(printed, signed_by):
        found.append(Notice(N_("The report prints {printed} as the signer, but the certificate belongs to {holder}. "
                               "Check who signs, or sign with the certificate of the person printed."),
                            {"printed": printed, "holder": signed_by}))
    return tuple(found)


def attachment_name(year: int) -> str:
    return f"bao-cao-{year}.json"


def write_file(path: Path, content: bytes) -> None:
    """Through a temporary file beside the target, so a failed write never leaves half a PDF."""
    write_atomically(Path(path), lambda partial: partial.write_bytes(content), make_folder=True)


class ReportService:
    """Built over the open book's services (`ReportService(services)`); the GUI's reports page holds one."""

    def __init__(self, services, clock=None) -> None:
        self.services = services
        self.book = services.book
        self.clock = clock or services.union.clock
        self.repo = ReportRepository(services.book.db)

    # --- numbers, signer, history
    def next_number(self, issued_on: date | None = None) -> int:
        """The next running number in the calendar year of the document's date (numbers restart every 1 January;
        a report dated in January is numbered in the new year even when it was exported in December)."""
        day = issued_on or self.clock().date()
        used = [export.sequence for export in self.repo.issued_in(day.year) if export.sequence]
        return max(used, default=0) + 1

    def report_year(self) -> int:
        """The year a report is most likely about: the latest year (not a future one) with evaluations under way
        or done (a score or a conclusion entered: a year only opened does not count yet), which in January and
        spring is last year even before it is closed; in a book without any, last year until the end of June,
        then this year."""
        today = self.clock().date()
        evaluations = self.services.evaluations
        years = [year for year in evaluations.years() if year <= today.year
                 and any(e.status() != Status.NOT_STARTED for e in evaluations.repo.for_year(year))]
        if years:
            return max(years)
        return today.year - 1 if today.month <= 6 else today.year

    def number_text(self, sequence: int) -> str:
        return document_number(sequence, self.services.union.profile().doc_suffix)

    def signer_name(self, role: str = "chair", on: date | None = None) -> str:
        """Who signs: the holder of the chair's (or the first vice chair's) post on the day."""
        day = on or self.clock().date()
        title = "chair" if role == "chair" else "vice_chair"
        holders = [h for h in self.services.officers.people.holdings() if h.title_key == title and h.active_on(day)]
        if holders:
            return self.services.officers.people.get(min(holders, key=lambda h: h.start_date or day).person_id).full_name
        return self.services.union.profile().chair_name if role == "chair" else ""

    def exports(self, year: int | None = None) -> list[ReportExport]:
        """The history for the reports page, newest first."""
        return self.repo.all(year)

    def token_driver(self) -> str | None:
        return self.services.union.setting(TOKEN_DRIVER_SETTING)

    def remember_token_driver(self, path: Path | str) -> None:
        self.services.union.set_setting(TOKEN_DRIVER_SETTING, str(path))

    # --- the yearly report
    def resolved(self, options: ReportOptions) -> ReportOptions:
        """The options with every default filled in (number, date, signer), checked."""
        if not (1950 <= options.year <= 2200):
            raise ValidationError(N_("The year {year} is not plausible."), field="year", year=options.year)
        if options.signer not in SIGNER_ROLES:
            raise ValidationError(N_("Who signs must be the chair or a vice chair."), field="signer")
        issued_on = options.issued_on or self.clock().date()
        number = options.number if options.number is not None else self.next_number(issued_on)
        if not (1 <= number <= 9999):
            raise ValidationError(N_("The document number must be between 1 and 9999."), field="number")
        name = clean_text(options.signer_name or "") or self.signer_name(options.signer, issued_on)
        if not name:
            raise ValidationError(N_("Enter the name of the person who signs the report."), field="signer_name")
        recipients = tuple(clean_text(r) for r in options.recipients if clean_text(r)) or ReportOptions.recipients
        return replace(options, number=number, issued_on=issued_on, signer_name=name, recipients=recipients,
                       proposals=(options.proposals or "").replace("\r\n", "\n"))

    def data(self, options: ReportOptions) -> dict:
        """The report's data (what the PDF shows and carries as its JSON attachment)."""
        options = self.resolved(options)
        return collect(self.services, options, sequence=options.number, issued_on=options.issued_on,
                       signer_name=options.signer_name, generator=f"socanbo {__version__}",
                       generated_at=vietnam_time(self.clock()).isoformat())

    def export_report(self, options: ReportOptions, out_path: Path | str, *, credentials=None,
                      look: SignatureLook | None = None) -> ExportResult:
        """Write the PDF (signed when credentials are given) and record the export in the book."""
        if self.book.read_only:  # the export must be recorded: refuse before anything is written
            raise BookFileError(N_("The book is open read-only; changes are not possible."))
        return self.record_export(self.write_report(options, out_path, credentials=credentials, look=look))

    def write_report(self, options: ReportOptions, out_path: Path | str, *, credentials=None,
                     look: SignatureLook | None = None) -> ExportResult:
        """Render, sign and write the PDF without recording it: works on a read-only book, so a worker thread
        can do it on its own connection while the window keeps using its own; `record_export` follows."""
        out_path = Path(out_path)
        data = self.data(options)
        fonts = document_fonts()
        pdf, slot, pages = yearly.render(data, fonts)
        when = self.clock()
        payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        final, signed_by = finish_pdf(
            pdf, Attachment(attachment_name(data["year"]), payload, f"Dữ liệu báo cáo năm {data['year']} (JSON)"),
            when=when, credentials=credentials, look=look, slot_page=slot.get("page"), slot_box=slot.get("box"),
            fonts=fonts, place=data["document"]["place"])
        write_file(out_path, final)
        digest = sha256_hex(final)
        record = ReportExport(year=data["year"], number=data["document"]["number"], file_name=str(out_path.resolve()),
                              sha256=digest, signed_by=signed_by, exported_at=when.isoformat(timespec="seconds"),
                              issued_on=data["document"]["date"])
        return ExportResult(out_path, record.number, digest, signed_by, pages, record,
                            report_warnings(data, signed_by))

    def record_export(self, written: ExportResult) -> ExportResult:
        """Add a written report to the book's export history (one transaction, audited)."""
        record = written.record
        with self.book.transaction():
            record_id = self.repo.add(record)
            AuditRepository(self.book.db, self.clock).record(
                "report.export", "report_exports", record_id, year=record.year,
                new={"number": record.number, "date": record.issued_on, "file": record.file_name,
                     "sha256": record.sha256, "signed_by": record.signed_by})
        return replace(written, record=replace(record, id=record_id))

    # --- evaluation sheets and Excel
    def export_sheets(self, year: int, out_path: Path | str, person_id: int | None = None) -> int:
        """One PDF with the evaluation sheet of every person evaluated in `year` (or of one person); pages."""
        evaluations = self.services.evaluations
        rows = [evaluations.get(person_id, year)] if person_id is not None else evaluations.rows(year)
        if not rows:
            raise NotFoundError(N_("There are no evaluations for {year}. Open the year's evaluation first."),
                                year=year)
        profile = self.services.union.profile()
        holdings = self.services.officers.people.holdings()
        content, pages = sheet.render(rows, holdings, profile, year, document_fonts(),
                                      chair=self.signer_name("chair", date(year, 12, 31)))
        write_file(Path(out_path), content)
        return pages

    def export_excel(self, year: int, out_path: Path | str, options: ReportOptions | None = None) -> Path:
        """The report's tables and the year's full evaluation table as an Excel workbook."""
        data = self.data(options or ReportOptions(year, signer_name=self.signer_name() or "—"))
        rows = self.services.evaluations.rows(year)
        write_file(Path(out_path), excel.workbook_bytes(data, rows))
        return Path(out_path)

    def export_evaluation_table(self, year: int, out_path: Path | str) -> Path:
        """The year's evaluation table alone (every criterion's three columns, levels, votes, remarks)."""
        write_file(Path(out_path), excel.evaluation_workbook_bytes(year, self.services.evaluations.rows(year)))
        return Path(out_path)
