"""Reports for the superior union: the yearly report (PDF, digitally signed or not, carrying its data as
JSON), the evaluation sheets, the Excel tables, and checking a received report.

What the reports page and the CLI use:
    ReportService(services)          numbers, signer, report year, history, export_report / export_sheets / excel
    ExportResult, Notice             what an export wrote, and the warnings about it (written all the same)
    ReportOptions                    what the export dialog decides (year, number, date, signer, recipients…)
    P12Credentials, TokenCredentials how to sign (nothing: exported unsigned)
    SignatureLook                    the signature and seal images of the visible signature
    verify_pdf(path) -> Verification is it signed, valid, unchanged; the data it carries
"""
from desktop.services.reports.appearance import SignatureLook
from desktop.services.reports.data import DEFAULT_RECIPIENTS, SCHEMA, ReportOptions
from desktop.services.reports.service import ExportResult, Notice, ReportService
from desktop.services.reports.signing import P12Credentials, SigningError, TokenCredentials
from desktop.services.reports.verify import Verification, verify_pdf

__all__ = ["DEFAULT_RECIPIENTS", "SCHEMA", "ExportResult", "Notice", "P12Credentials", "ReportOptions",
           "ReportService", "SignatureLook", "SigningError", "TokenCredentials", "Verification", "verify_pdf"]
