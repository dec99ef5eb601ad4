"""The history of exported reports: numbered by the year of the document's own date, and the update that
added that date to books written before it (filled from the day each report was exported)."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from desktop.storage.database import open_database
from desktop.storage.migrations import MIGRATION_NAMES, SCHEMA_VERSION
from desktop.storage.report_repo import ReportExport, ReportRepository

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "books" / "v1-demo.socanbo"


def _export(number: str, exported_at: str, issued_on: str = "", year: int = 2025) -> ReportExport:
    return ReportExport(year=year, number=number, file_name=f"/tmp/{number[:2]}.pdf", sha256="0" * 64, signed_by="",
                        exported_at=exported_at, issued_on=issued_on)


def test_reports_count_in_the_year_of_their_date_not_of_their_export(book_path):
    with open_database(book_path, create=True) as book:
        repo = ReportRepository(book.db)
        with book.transaction():
            # exported in December 2026, dated in January 2027: numbered in 2027
            repo.add(_export("01/BC-CĐCS", "2026-12-30T10:00:00+07:00", "2027-01-05", year=2026))
            repo.add(_export("02/BC-CĐCS", "2026-12-30T10:05:00+07:00", "2027-01-06", year=2026))
            # a 2025 report dated in 2026 counts in 2026
            repo.add(_export("07/BC-CĐCS", "2025-12-29T08:00:00+07:00", "2026-01-02"))
        assert [e.number for e in repo.issued_in(2027)] == ["01/BC-CĐCS", "02/BC-CĐCS"]
        assert [e.number for e in repo.issued_in(2026)] == ["07/BC-CĐCS"]
        assert repo.issued_in(2025) == []
        assert [e.issued_on for e in repo.all()] == ["2027-01-06", "2027-01-05", "2026-01-02"]


def test_the_update_dates_the_reports_a_book_already_holds_by_their_export_day(tmp_path):
    book_path = tmp_path / "v1.socanbo"
    shutil.copyfile(FIXTURE, book_path)
    conn = sqlite3.connect(book_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "issued_on" not in {row[1] for row in conn.execute("PRAGMA table_info(report_exports)")}
    with conn:
        conn.executemany("INSERT INTO report_exports (year, number, file_name, sha256, signed_by, exported_at) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         [(2024, "03/BC-CĐCS", "a.pdf", "a" * 64, "", "2025-01-06T09:00:00+07:00"),
                          (2025, "01/BC-CĐCS", "b.pdf", "b" * 64, "Nguyễn Minh Tuấn", "2026-01-05T08:30:00+07:00")])
    conn.close()

    with open_database(book_path) as book:
        assert book.pre_migration_copy is not None  # the book as it was is kept beside it
        assert book.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "m002_report_issued_on" in MIGRATION_NAMES
        repo = ReportRepository(book.db)
        assert [(e.number, e.issued_on) for e in repo.all()] == [("01/BC-CĐCS", "2026-01-05"),
                                                                 ("03/BC-CĐCS", "2025-01-06")]
        assert [e.number for e in repo.issued_in(2025)] == ["03/BC-CĐCS"]
        assert [e.number for e in repo.issued_in(2026)] == ["01/BC-CĐCS"]
