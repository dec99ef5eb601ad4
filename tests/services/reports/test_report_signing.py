"""PAdES B-B signatures (a .p12 file or a PKCS#11 token), what they cover, and what tampering does."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from desktop.domain.errors import BookError
from desktop.services.reports import P12Credentials, ReportOptions, TokenCredentials, verify_pdf
from desktop.services.reports.signing import SigningError
from pdf_facts import MM, find, overlaps, pages, pdftotext, run_poppler, signature_appearance, squeeze


def _tampered(path: Path, tmp_path: Path) -> Path:
    """A copy with one byte changed inside the first page's content stream (inside the signed range)."""
    content = bytearray(path.read_bytes())
    start = content.index(b"stream", content.index(b"/Length")) + 40
    content[start] ^= 0x01
    copy = tmp_path / "sua.pdf"
    copy.write_bytes(bytes(content))
    return copy


def test_signed_report_validates_with_pyhanko(signed_report):
    result = verify_pdf(signed_report["path"])
    assert result.signed and result.valid and result.intact and result.covers_whole_file
    assert not result.modified_after_signing
    assert result.ok
    assert result.signer == "Nguyễn Minh Tuấn"
    assert result.signing_time == "2026-01-05T09:30:00+07:00"
    assert result.trusted is False  # a self-signed test certificate: valid, but from no known CA
    assert signed_report["result"].signed_by == "Nguyễn Minh Tuấn"


def test_a_certificate_the_user_trusts_makes_the_signature_trusted(signed_report, p12_file):
    result = verify_pdf(signed_report["path"], trust_roots=(p12_file.with_suffix(".pem"),))
    assert result.ok and result.trusted
    assert not [p for p in result.problems if "trusts" in p]


def _images_under(obj, seen=None) -> int:
    from pyhanko.pdf_utils import generic

    seen = set() if seen is None else seen
    if isinstance(obj, generic.IndirectObject):
        if (obj.idnum, obj.generation) in seen:
            return 0
        seen.add((obj.idnum, obj.generation))
        obj = obj.get_object()
    if isinstance(obj, (generic.DictionaryObject, generic.StreamObject)):
        own = 1 if obj.get("/Subtype") == "/Image" else 0
        return own + sum(_images_under(v, seen) for k, v in obj.items() if k not in ("/Parent", "/P", "/SMask"))
    if isinstance(obj, generic.ArrayObject):
        return sum(_images_under(v, seen) for v in obj)
    return 0


def test_the_appearance_shows_the_signature_and_the_seal_images(signed_report):
    reader = PdfFileReader(io.BytesIO(signed_report["path"].read_bytes()))
    appearance = reader.embedded_signatures[0].sig_field["/AP"]["/N"]
    assert _images_under(appearance) == 2


def test_the_attachment_carries_the_data_and_is_signed(signed_report, proposals):
    result = verify_pdf(signed_report["path"])
    assert result.data_file == "bao-cao-2025.json"
    assert result.data_signed
    data = result.data
    assert data["schema"] == "socanbo.report/1"
    assert data["document"]["number"] == "05/BC-CĐCS"
    assert data["proposals"] == proposals
    expected = json.loads(json.dumps(signed_report["data"], ensure_ascii=False))
    assert data == expected


def test_pdfsig_agrees_the_whole_file_is_signed_and_valid(poppler, signed_report):
    report = run_poppler("pdfsig", signed_report["path"])
    assert "Signature is Valid." in report, report
    assert "Total document signed" in report, report
    assert "Signer Certificate Common Name: Nguyễn Minh Tuấn" in report, report


def test_changing_one_byte_is_detected_by_pyhanko_and_pdfsig(poppler, signed_report, tmp_path):
    tampered = _tampered(signed_report["path"], tmp_path)
    result = verify_pdf(tampered)
    assert result.signed and not result.intact and not result.ok
    assert not result.valid  # not valid for the file as it is, although the signature value itself checks out
    assert result.signature_matches
    assert result.modified_after_signing
    assert "The document was changed after it was signed." in result.problems
    report = run_poppler("pdfsig", tampered)
    assert "Signature is Valid." not in report, report
    assert "Digest Mismatch" in report, report


def test_an_incremental_update_after_signing_is_reported(signed_report, tmp_path):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_report["path"].read_bytes()))
    writer.root["/PageMode"] = writer.root.get("/PageMode", "/UseNone")
    writer.update_root()
    out = tmp_path / "them.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    out.write_bytes(buffer.getvalue())
    result = verify_pdf(out)
    assert result.intact and not result.covers_whole_file and result.modified_after_signing and not result.ok
    assert not result.valid


def test_the_visible_signature_sits_between_the_title_and_the_name(poppler, signed_report):
    reader = PdfFileReader(io.BytesIO(signed_report["path"].read_bytes()))
    signature = reader.embedded_signatures[0]
    rect = [float(v) for v in signature.sig_field["/Rect"]]
    last = pages(signed_report["path"])[-1]
    widget_page = signature.sig_field["/P"].get_object()
    assert widget_page == reader.root["/Pages"]["/Kids"][-1].get_object() or len(reader.root["/Pages"]["/Kids"]) == 1
    post, name = find(last, "CHỦ TỊCH"), find(last, "Nguyễn Minh Tuấn")
    assert post.y0 >= rect[3] - 1 and rect[1] >= name.y1 - 1, (rect, post, name)
    assert rect[0] <= post.x0 and rect[2] >= post.x1
    text = squeeze(pdftotext(signed_report["path"], len(pages(signed_report["path"]))))
    assert "Ký số bởi: Nguyễn Minh Tuấn" in text
    assert "Thời gian ký: 2026-01-05T09:30:00+07:00" in text


def test_unsigned_export_has_the_data_but_no_signature(unsigned_report):
    result = verify_pdf(unsigned_report["path"])
    assert not result.signed and not result.ok
    assert result.data["document"]["number"] == "05/BC-CĐCS"
    assert result.data_signed is False
    assert unsigned_report["result"].signed_by == ""


def test_a_wrong_password_is_a_clear_error_and_writes_nothing(reports, p12_file, tmp_path):
    out = tmp_path / "khong.pdf"
    with pytest.raises(SigningError) as caught:
        reports.export_report(ReportOptions(2025), out, credentials=P12Credentials(p12_file, "sai"))
    assert "password" in caught.value.message_id
    assert not out.exists()
    assert reports.exports() == []


def test_a_missing_certificate_file_is_a_clear_error(reports, tmp_path, p12_password):
    with pytest.raises(BookError):
        reports.export_report(ReportOptions(2025), tmp_path / "x.pdf",
                              credentials=P12Credentials(tmp_path / "khong-co.p12", p12_password))


def test_the_password_never_shows_in_the_credentials_repr(p12_file, p12_password):
    assert p12_password not in repr(P12Credentials(p12_file, p12_password))
    assert "123456" not in repr(TokenCredentials(Path("/x.so"), pin="123456"))


def test_signing_with_a_pkcs11_token_softhsm(poppler, softhsm_token, reports, tmp_path, images):
    module, pin = softhsm_token
    out = tmp_path / "token.pdf"
    result = reports.export_report(ReportOptions(2025, signer="deputy"), out,
                                   credentials=TokenCredentials(module, pin=pin), look=images)
    assert result.signed_by == "Trần Thị Thanh Thuỷ"
    checked = verify_pdf(out)
    assert checked.ok and checked.signer == "Trần Thị Thanh Thuỷ"
    report = run_poppler("pdfsig", out)
    assert "Signature is Valid." in report and "Total document signed" in report, report


def test_a_wrong_pin_is_a_clear_error(softhsm_token, reports, tmp_path):
    module, _pin = softhsm_token
    with pytest.raises(SigningError):
        reports.export_report(ReportOptions(2025), tmp_path / "x.pdf", credentials=TokenCredentials(module, pin="000000"))


def test_a_missing_token_driver_is_a_clear_error(reports, tmp_path):
    with pytest.raises(BookError) as caught:
        reports.export_report(ReportOptions(2025), tmp_path / "x.pdf",
                              credentials=TokenCredentials(tmp_path / "khong-co.dll", pin="1"))
    assert "driver" in caught.value.message_id


def test_the_seal_covers_a_third_of_the_signature_and_leaves_the_signer_lines_readable(signed_report):
    look = signature_appearance(signed_report["path"])
    texts = [line.text for line in look.lines]
    assert texts == ["Ký số bởi: Nguyễn Minh Tuấn", "Thời gian ký: 2026-01-05T09:30:00+07:00"], texts
    assert len(look.images) == 2
    signature, seal = look.images  # drawn in this order: the seal is stamped over the signature
    assert abs(seal.width - seal.height) < 1 and signature.width > 2 * signature.height
    for char in look.chars:  # every letter of both lines stands clear of both images
        for image in look.images:
            assert not overlaps(char.bbox, image.bbox), (char.get_text(), char.bbox, image.bbox)
    assert abs(seal.width - 34 * MM) < 0.5 * MM  # real size (the test image says no DPI: a usual 34 mm seal)
    assert seal.x0 < signature.x0 < seal.x1 and overlaps(seal.bbox, signature.bbox)
    assert abs((seal.x1 - signature.x0) - signature.width / 3) < 2, "the seal covers the signature's left third"


def test_a_deputy_printed_with_the_chairs_certificate_is_a_warning(reports, p12_file, p12_password, tmp_path):
    from desktop.i18n import _

    chair = reports.export_report(ReportOptions(2025), tmp_path / "ct.pdf",
                                  credentials=P12Credentials(p12_file, p12_password))
    assert chair.warnings == ()
    deputy = reports.export_report(ReportOptions(2025, signer="deputy"), tmp_path / "kt.pdf",
                                   credentials=P12Credentials(p12_file, p12_password))
    assert deputy.path.is_file() and deputy.signed_by == "Nguyễn Minh Tuấn"  # written and signed all the same
    assert [w.render(_) for w in deputy.warnings] == [
        "Báo cáo in tên người ký là Trần Thị Thanh Thuỷ, nhưng chứng thư số là của Nguyễn Minh Tuấn. Hãy kiểm tra "
        "lại người ký, hoặc ký bằng chứng thư số của chính người có tên trên báo cáo."]
    assert reports.export_report(ReportOptions(2025, signer="deputy"), tmp_path / "kt-chua-ky.pdf").warnings == ()


def _vietnamese(error: BookError) -> str:
    from desktop.i18n import _

    return error.render(_)


def test_token_errors_are_told_in_vietnamese(softhsm_token, reports, tmp_path):
    module, _pin = softhsm_token
    with pytest.raises(SigningError) as wrong:
        reports.export_report(ReportOptions(2025), tmp_path / "x.pdf", credentials=TokenCredentials(module, pin="000000"))
    assert _vietnamese(wrong.value) == ("Không mở được token: sai mã PIN. Hãy kiểm tra token đã cắm vào máy và mã PIN "
                                        "đúng.")
    with pytest.raises(SigningError) as no_window:  # SoftHSM has no PIN window of its own
        reports.export_report(ReportOptions(2025), tmp_path / "x.pdf", credentials=TokenCredentials(module, pin=None))
    assert "không tự hiện cửa sổ hỏi mã PIN, vì vậy hãy nhập mã PIN" in _vietnamese(no_window.value)
    for error in (wrong.value, no_window.value):
        assert "PinIncorrect" not in _vietnamese(error) and "Protected authentication" not in _vietnamese(error)


def test_a_file_that_is_not_a_driver_is_told_in_vietnamese(reports, tmp_path):
    fake = tmp_path / "gia.dll"
    fake.write_text("không phải trình điều khiển", encoding="utf-8")
    with pytest.raises(SigningError) as caught:
        reports.export_report(ReportOptions(2025), tmp_path / "x.pdf", credentials=TokenCredentials(fake, pin="1"))
    text = _vietnamese(caught.value)
    assert text.startswith(f"Không nạp được trình điều khiển token {fake}: máy tính này không nạp được tệp làm trình "
                           "điều khiển PKCS#11"), text
    assert "chi tiết kỹ thuật:" in text  # the loader's own words, marked as such


def test_a_missing_file_is_told_in_vietnamese(reports, tmp_path):
    with pytest.raises(BookError) as trust:
        verify_pdf(tmp_path / "x.pdf", trust_roots=(tmp_path / "khong-co.pem",))
    assert _vietnamese(trust.value) == f"Không đọc được tệp {tmp_path / 'khong-co.pem'}: tệp hoặc thư mục không tồn tại."
    with pytest.raises(BookError) as certificate:
        reports.export_report(ReportOptions(2025), tmp_path / "x.pdf",
                              credentials=P12Credentials(tmp_path / "khong-co.p12", "x"))
    assert _vietnamese(certificate.value).endswith(": tệp hoặc thư mục không tồn tại.")
    assert "No such file" not in _vietnamese(trust.value) + _vietnamese(certificate.value)
