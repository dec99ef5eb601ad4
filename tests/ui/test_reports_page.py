"""The reports page on real widgets and a copy of the demo book: defaults, exports run in the background
(unsigned, signed with a .p12 file, a wrong password, Excel, evaluation sheets), the history, the done box."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from openpyxl import load_workbook

from desktop.domain.officers import Term
from desktop.domain.union import UnionProfile
from desktop.i18n import _
from desktop.services.app_settings import AppSettings
from desktop.services.book import create_book
from desktop.services.demo import write_demo_book
from desktop.services.reports import ReportService, verify_pdf
from desktop.ui.errors import message_for
from desktop.ui.pages import reports as reports_module
from desktop.ui.pages.reports import ReportsPage
from desktop.ui.session import BookSession

VN = timezone(timedelta(hours=7))
CLOCK = lambda: datetime(2025, 11, 20, 9, 0, tzinfo=VN)  # noqa: E731
PASSWORD = "mật-khẩu-đúng"
EXPORT_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "so-mau.socanbo"
    write_demo_book(path)
    return path


@pytest.fixture(scope="module")
def p12_file(tmp_path_factory) -> Path:
    """A self-signed certificate for the chair with its key, in a .p12 file protected by PASSWORD."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Minh Tuấn"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365)).sign(key, hashes.SHA256()))
    path = tmp_path_factory.mktemp("cert") / "chu-tich.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"chu-tich", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode("utf-8"))))
    return path


@pytest.fixture
def session(tmp_path, demo_master):
    book = tmp_path / "so.socanbo"
    shutil.copyfile(demo_master, book)
    book_session = BookSession(AppSettings(), tmp_path / "s.json", clock=CLOCK)
    book_session.open(book)
    yield book_session
    book_session.close()


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    """What show_error would have shown (its box would wait for a click)."""
    shown: list[str] = []
    monkeypatch.setattr(reports_module, "show_error",
                        lambda _parent, error, title=None: shown.append(error if isinstance(error, str)
                                                                        else message_for(error)))
    return shown


@pytest.fixture
def page(qtbot, session, errors, monkeypatch, tmp_path):
    widget = ReportsPage(session)
    qtbot.addWidget(widget)
    widget.resize(1176, 700)
    widget.show()
    opened: list[Path] = []
    monkeypatch.setattr(reports_module, "open_in_system", opened.append)
    widget.opened = opened
    widget.exports_folder = tmp_path / "xuat"
    return widget


def save_as(page, monkeypatch, name: str) -> Path:
    """Answer the save dialog with `name` in the test's export folder."""
    target = page.exports_folder / name
    monkeypatch.setattr(page, "ask_save_path", lambda _title, _name, _filter: target)
    return target


def choose_year(page, year: int) -> None:
    page.form.year_box.setCurrentIndex(page.form.year_box.findData(year))


def run_export(qtbot, page, button) -> None:
    button.click()
    assert page.busy and not button.isEnabled() and page.progress.isVisible()
    qtbot.waitUntil(lambda: not page.busy, timeout=EXPORT_TIMEOUT_MS)


def use_certificate(page, monkeypatch, p12_file: Path, password: str) -> list[Path]:
    asked: list[Path] = []

    def answer(certificate: Path) -> str:
        asked.append(certificate)
        return password

    page.signing.set_mode("p12")
    page.signing.p12_path.setText(str(p12_file))
    monkeypatch.setattr(page, "ask_password", answer)
    return asked


def test_the_page_proposes_the_year_being_reported_and_the_next_number(page, session):
    service = ReportService(session.services)
    assert session.services.evaluations.year_closed(2024) and not session.services.evaluations.year_closed(2025)
    assert page.form.year == 2025  # November 2025: the year under evaluation, not yet closed, is the one reported
    assert "Năm 2025 chưa chốt kết quả đánh giá" in page.form.year_note.text()
    assert page.form.number_spin.value() == service.next_number() == 1
    assert page.form.number_label.text() == "in là “Số: 01/BC-CĐCS”"
    assert page.form.date_field.text() == "20/11/2025" and page.form.issued_on() == date(2025, 11, 20)
    assert page.form.recipients.toPlainText() == "Như trên\nLưu: VT, BCH"
    assert "Nguyễn Minh Tuấn" in page.form.signer_name.text()
    page.form.signer_box.setCurrentIndex(1)
    assert service.signer_name("deputy") in page.form.signer_name.text()
    choose_year(page, 2024)
    assert "đã chốt" in page.form.year_note.text()
    assert page.history_empty.isVisible() and not page.history.isVisible()


def test_in_january_the_demo_opens_on_last_year_and_one_click_exports_it(qtbot, tmp_path, demo_master, errors,
                                                                          monkeypatch):
    # GIVEN the demo book in January 2026 (2025 evaluated but not closed, nothing yet for 2026)
    book = tmp_path / "so.socanbo"
    shutil.copyfile(demo_master, book)
    january = BookSession(AppSettings(), tmp_path / "s.json", clock=lambda: datetime(2026, 1, 5, 9, 0, tzinfo=VN))
    january.open(book)
    try:
        widget = ReportsPage(january)
        qtbot.addWidget(widget)
        widget.show()
        monkeypatch.setattr(reports_module, "open_in_system", lambda _path: None)
        # THEN the page is on 2025, the year being reported
        assert widget.form.year == 2025 and widget.form.number_spin.value() == 1
        # WHEN the export button is clicked once
        target = tmp_path / "xuat" / "bao-cao-2025.pdf"
        monkeypatch.setattr(widget, "ask_save_path", lambda _title, name, _filter: target)
        run_export(qtbot, widget, widget.report_button)
        # THEN it is the 2025 report, dated today, numbered 01 of 2026
        data = verify_pdf(target).data
        assert errors == [] and data["year"] == 2025
        assert (data["document"]["number"], data["document"]["date"]) == ("01/BC-CĐCS", "2026-01-05")
    finally:
        january.close()


def test_an_unsigned_export_writes_the_pdf_and_adds_a_history_row(qtbot, page, monkeypatch, errors):
    choose_year(page, 2025)
    page.form.proposals.setPlainText("Đề nghị mở lớp bồi dưỡng nghiệp vụ.")
    target = save_as(page, monkeypatch, "bao-cao-2025.pdf")
    run_export(qtbot, page, page.report_button)
    assert errors == []
    assert target.read_bytes().startswith(b"%PDF")
    check = verify_pdf(target)
    assert not check.signed
    assert check.data["document"]["number"] == "01/BC-CĐCS"
    assert check.data["proposals"] == "Đề nghị mở lớp bồi dưỡng nghiệp vụ."
    assert page.history.isVisible() and page.history.numbers() == ["01/BC-CĐCS"]
    assert page.history.item(0, 3).text() == "bao-cao-2025.pdf"
    assert page.history.item(0, 5).text() == "— (không ký số)"
    assert page.form.number_spin.value() == 2  # the next report gets the next number
    assert page.report_button.isEnabled() and not page.progress.isVisible()

    box = page.done_box
    assert box is not None and box.isVisible() and str(target) in box.text()
    assert [page.open_file_button.text(), page.open_folder_button.text()] == ["Mở tệp", "Mở thư mục"]
    page.open_folder_button.click()
    assert page.opened == [target.parent]


def test_the_done_box_opens_the_file(qtbot, page, monkeypatch):
    target = save_as(page, monkeypatch, "bao-cao.pdf")
    run_export(qtbot, page, page.report_button)
    page.open_file_button.click()
    assert page.opened == [target]
    qtbot.waitUntil(lambda: page.done_box is None)


def test_a_p12_export_asks_the_password_and_signs(qtbot, page, monkeypatch, errors, p12_file):
    choose_year(page, 2025)
    asked = use_certificate(page, monkeypatch, p12_file, PASSWORD)
    target = save_as(page, monkeypatch, "bao-cao-ky-so.pdf")
    run_export(qtbot, page, page.report_button)
    assert errors == []
    assert asked == [p12_file]
    check = verify_pdf(target)
    assert check.signed and check.valid and check.intact and check.ok
    assert check.signer == "Nguyễn Minh Tuấn"
    assert page.history.item(0, 5).text() == "Nguyễn Minh Tuấn"
    assert "Nguyễn Minh Tuấn" in page.done_box.text()


def test_a_deputy_printed_with_the_chairs_certificate_is_a_warning_in_the_done_box(qtbot, page, monkeypatch,
                                                                                    errors, p12_file):
    from PySide6.QtWidgets import QMessageBox

    choose_year(page, 2025)
    page.form.signer_box.setCurrentIndex(page.form.signer_box.findData("deputy"))
    use_certificate(page, monkeypatch, p12_file, PASSWORD)
    target = save_as(page, monkeypatch, "bao-cao-kt.pdf")
    run_export(qtbot, page, page.report_button)
    assert errors == [] and verify_pdf(target).ok  # exported and signed: a warning, not a block
    box = page.done_box
    assert box.icon() == QMessageBox.Icon.Warning
    assert "Cần kiểm tra lại:" in box.text()
    assert ("Báo cáo in tên người ký là Trần Thị Thanh Thuỷ, nhưng chứng thư số là của Nguyễn Minh Tuấn."
            in box.text())


def test_a_wrong_password_shows_the_service_message_and_writes_nothing(qtbot, page, monkeypatch, errors, p12_file):
    use_certificate(page, monkeypatch, p12_file, "sai-mật-khẩu")
    target = save_as(page, monkeypatch, "bao-cao.pdf")
    run_export(qtbot, page, page.report_button)
    assert errors == [f"Không mở được tệp chứng thư số {p12_file}: sai mật khẩu, hoặc đây không phải tệp "
                      ".p12/.pfx."]
    assert not target.exists() and not page.exports_folder.exists()
    assert page.history.rowCount() == 0 and page.done_box is None
    assert page.report_button.isEnabled()


def test_cancelling_the_password_exports_nothing(page, monkeypatch, errors, p12_file):
    use_certificate(page, monkeypatch, p12_file, None)
    target = save_as(page, monkeypatch, "bao-cao.pdf")
    page.report_button.click()
    assert not page.busy and not target.exists() and errors == []


def test_signing_needs_a_certificate_file_or_a_driver(page, monkeypatch, errors):
    save_as(page, monkeypatch, "bao-cao.pdf")
    page.signing.set_mode("p12")
    page.report_button.click()
    page.signing.set_mode("token")
    page.signing.set_driver("")
    page.report_button.click()
    assert errors == [_("Choose the certificate file (.p12 or .pfx) first."),
                      _("Choose the token's PKCS#11 driver file first.")]
    assert not page.busy


def test_the_token_driver_is_remembered_in_the_book(page, session):
    page.signing.driver_chosen.emit("/usr/lib/softhsm/libsofthsm2.so")
    assert ReportService(session.services).token_driver() == "/usr/lib/softhsm/libsofthsm2.so"


def test_the_excel_export_writes_a_workbook(qtbot, page, monkeypatch, errors):
    choose_year(page, 2025)
    target = save_as(page, monkeypatch, "bao-cao-2025.xlsx")
    run_export(qtbot, page, page.excel_button)
    assert errors == []
    workbook = load_workbook(target, read_only=True)
    assert len(workbook.sheetnames) >= 2
    workbook.close()
    assert page.history.rowCount() == 0  # only reports go into the history
    assert str(target) in page.done_box.text()


def test_the_evaluation_sheets_export_writes_one_pdf(qtbot, page, monkeypatch, errors):
    choose_year(page, 2025)
    target = save_as(page, monkeypatch, "phieu-danh-gia-2025.pdf")
    run_export(qtbot, page, page.sheets_button)
    assert errors == []
    assert target.read_bytes().startswith(b"%PDF")


def test_a_year_without_evaluations_says_so_and_has_no_sheets(qtbot, tmp_path, errors):
    profile = UnionProfile("Công đoàn cơ sở Công ty A", "Công đoàn Khu công nghiệp B", "Phường C",
                           Term(2023, 2028))
    create_book(tmp_path / "moi.socanbo", profile, clock=CLOCK).close()
    book_session = BookSession(AppSettings(), tmp_path / "s.json", clock=CLOCK)
    book_session.open(tmp_path / "moi.socanbo")
    try:
        empty_page = ReportsPage(book_session)
        qtbot.addWidget(empty_page)
        assert empty_page.form.year == 2025
        assert empty_page.form.year_note.text().startswith("Năm 2025 chưa có phiếu đánh giá nào")
        assert not empty_page.sheets_button.isEnabled() and empty_page.report_button.isEnabled()
    finally:
        book_session.close()


def test_the_evaluation_page_exports_its_table_to_excel(qtbot, session, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.pages.evaluation import EvaluationPage

    evaluation_page = EvaluationPage(session)
    qtbot.addWidget(evaluation_page)
    evaluation_page.year_box.setCurrentIndex(evaluation_page.year_box.findData(2025))
    target = tmp_path / "danh-gia-2025.xlsx"
    proposed: list[str] = []

    def save_dialog(_parent, _title, start, _filter):
        proposed.append(start)
        return str(target.with_suffix("")), "Excel (*.xlsx)"  # typed without the extension

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    evaluation_page.excel_button.click()
    assert Path(proposed[0]).name == "danh-gia-2025.xlsx"
    assert load_workbook(target, read_only=True).sheetnames


def test_the_password_and_pin_dialogs_return_what_was_typed(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui.dialogs.sign_dialog import SecretDialog, ask_password, ask_pin

    seen: list[tuple[str, bool]] = []

    def answer(text: str | None) -> None:
        def act(left: int = 300) -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, SecretDialog):
                if left:
                    QTimer.singleShot(10, lambda: act(left - 1))
                return
            seen.append((dialog.windowTitle(), dialog.ok_button.isEnabled()))
            if text is None:
                dialog.reject()
            else:
                dialog.field.setText(text)
                dialog.accept()

        QTimer.singleShot(0, act)

    answer(PASSWORD)
    assert ask_password(None, Path("chu-tich.p12")) == PASSWORD
    answer(None)
    assert ask_password(None, Path("chu-tich.p12")) is None
    answer("")
    assert ask_pin(None) == ""  # empty: the token's own PIN window
    password_box = ("Mật khẩu chứng thư số", False)  # OK waits for a password; a PIN may stay empty
    assert seen == [password_box, password_box, ("Mã PIN của token", True)]


def test_a_missing_token_driver_shows_the_service_message(qtbot, page, monkeypatch, errors, tmp_path):
    missing = tmp_path / "khong-co" / "vnpt-ca.dll"
    page.signing.set_mode("token")
    page.signing.set_driver(str(missing))
    pins: list[str] = []
    monkeypatch.setattr(page, "ask_pin", lambda: pins.append("asked") or "")
    target = save_as(page, monkeypatch, "bao-cao.pdf")
    run_export(qtbot, page, page.report_button)
    assert pins == ["asked"]
    assert len(errors) == 1 and errors[0].startswith(f"Không có trình điều khiển token {missing}.")
    assert not target.exists() and page.history.rowCount() == 0
