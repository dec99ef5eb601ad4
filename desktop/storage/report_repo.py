"""The history of exported reports (report_exports): what was issued, under which number, by whom."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlite_utils import Database

# "05/BC-CĐCS" -> 5: the running number is the digits before the first slash.
_SEQUENCE = re.compile(r"^\s*0*(\d+)")


@dataclass(frozen=True)
class ReportExport:
    year: int  # the year the report is about
    number: str  # the full document number, e.g. "05/BC-CĐCS"
    file_name: str
    sha256: str
    signed_by: str  # the signer's name from the certificate, "" when exported unsigned
    exported_at: str  # ISO 8601 with the local offset
    issued_on: str = ""  # the document's date (ISO yyyy-mm-dd), as in its place-and-date line
    id: int | None = None

    @property
    def sequence(self) -> int | None:
        match = _SEQUENCE.match(self.number)
        return int(match.group(1)) if match else None


class ReportRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, export: ReportExport) -> int:
        return self.db["report_exports"].insert({
            "year": export.year, "number": export.number, "file_name": export.file_name,
            "sha256": export.sha256, "signed_by": export.signed_by, "exported_at": export.exported_at,
            "issued_on": export.issued_on or export.exported_at[:10],
        }).last_pk

    def all(self, year: int | None = None) -> list[ReportExport]:
        """Newest first."""
        sql = "SELECT * FROM report_exports" + (" WHERE year = ?" if year is not None else "")
        sql += " ORDER BY exported_at DESC, id DESC"
        return [_export(r) for r in self.db.query(sql, [year] if year is not None else [])]

    def issued_in(self, calendar_year: int) -> list[ReportExport]:
        """Reports whose document date falls in `calendar_year` (document numbers restart every calendar year
        of issue, whenever the file was exported)."""
        return [_export(r) for r in self.db.query(
            "SELECT * FROM report_exports WHERE issued_on LIKE ? ORDER BY id", [f"{calendar_year:04d}-%"])]


def _export(r: dict) -> ReportExport:
    return ReportExport(year=r["year"], number=r["number"], file_name=r["file_name"], sha256=r["sha256"],
                        signed_by=r["signed_by"], exported_at=r["exported_at"], issued_on=r["issued_on"],
                        id=r["id"])
