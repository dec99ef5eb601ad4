"""`socanbo report | sheet | verify | export` in a fresh interpreter, on a copy of the demo book."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "Mật khẩu 2026"


@pytest.fixture(scope="module")
def p12(tmp_path_factory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Minh Tuấn")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp_path_factory.mktemp("p12") / "chu-tich.pfx"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"ct", key, cert, None, serialization.BestAvailableEncryption(PASSWORD.encode("utf-8"))))
    return path


def _verify_json(socanbo, path):
    result = socanbo("verify", path, "--json")
    return result, json.loads(result.stdout)


def test_signed_report_and_its_data_round_trip_through_verify(socanbo, demo_copy, p12, tmp_path):
    out = tmp_path / "Báo cáo 2025.pdf"
    made = socanbo("--data", demo_copy, "report", "--year", "2025", "--out", out, "--number", "5",
                   "--p12", p12, "--password-env", "SOCANBO_P12_PASSWORD",
                   "--proposals", "Đề nghị mở lớp bồi dưỡng cho cán bộ mới.", env={"SOCANBO_P12_PASSWORD": PASSWORD})
    assert made.returncode == 0, str(made)
    assert "Đã xuất báo cáo số 05/BC-CĐCS" in made.stdout and "Đã ký số bởi Nguyễn Minh Tuấn." in made.stdout
    assert PASSWORD not in made.stdout + made.stderr
    checked, report = _verify_json(socanbo, out)
    assert checked.returncode == 0, str(checked)
    assert report["ok"] and report["valid"] and report["intact"] and not report["modified_after_signing"]
    assert report["signer"] == "Nguyễn Minh Tuấn" and report["signing_time"].endswith("+07:00")
    data = report["data"]
    assert data["schema"] == "socanbo.report/1" and data["year"] == 2025 and report["data_signed"]
    assert data["document"]["number"] == "05/BC-CĐCS"
    assert data["union"]["name"] == "Công đoàn cơ sở Công ty TNHH May mặc Sông Hồng"
    assert data["proposals"] == "Đề nghị mở lớp bồi dưỡng cho cán bộ mới."
    listed = socanbo("--data", demo_copy, "list", "evaluations", "--year", "2025", "--json")
    assert {r["full_name"] for r in json.loads(listed.stdout)} == {r["full_name"] for r in data["evaluation"]["rows"]}
    text = socanbo("verify", out)
    assert text.returncode == 0 and "Chữ ký số: hợp lệ" in text.stdout and "Người ký: Nguyễn Minh Tuấn" in text.stdout


def test_a_changed_byte_makes_verify_fail(socanbo, demo_copy, p12, tmp_path):
    out = tmp_path / "r.pdf"
    assert socanbo("--data", demo_copy, "report", "--year", "2025", "--out", out, "--p12", p12,
                   "--password-env", "PW", env={"PW": PASSWORD}).returncode == 0
    content = bytearray(out.read_bytes())
    content[content.index(b"stream", content.index(b"/Length")) + 40] ^= 0x01
    out.write_bytes(bytes(content))
    checked, report = _verify_json(socanbo, out)
    assert checked.returncode == 1 and not report["ok"] and not report["intact"]
    assert report["valid"] is False  # it said true here: "valid" is for the file as it is
    assert report["signature_matches"] is True and report["modified_after_signing"] is True
    assert "Văn bản đã bị thay đổi sau khi ký." in report["problems"]
    text = socanbo("verify", out)
    assert text.returncode == 1 and "Chữ ký số: KHÔNG hợp lệ" in text.stdout, str(text)


def test_unsigned_report_deputy_and_history(socanbo, demo_copy, tmp_path):
    first = socanbo("--data", demo_copy, "report", "--year", "2025", "--out", tmp_path / "a.pdf", "--signer", "deputy",
                    "--date", "05/01/2026", "--recipient", "Như trên", "--recipient", "Lưu: VT, BCH")
    assert first.returncode == 0, str(first)
    assert "Chưa ký số" in first.stdout and "01/BC-CĐCS" in first.stdout
    second = socanbo("--data", demo_copy, "report", "--year", "2025", "--out", tmp_path / "b.pdf", "--date", "06/01/2026")
    assert "02/BC-CĐCS" in second.stdout
    checked, report = _verify_json(socanbo, tmp_path / "a.pdf")
    assert checked.returncode == 1 and report["signed"] is False and report["data"] is not None
    signer = report["data"]["document"]["signer"]
    assert signer == {"role": "deputy", "name": "Trần Thị Thanh Thuỷ"}
    assert report["data"]["document"]["date"] == "2026-01-05"


@pytest.mark.parametrize("args, env, code, message", [
    (("--p12", "{p12}", "--password-env", "PW"), {"PW": "sai"}, 1, "sai mật khẩu"),
    (("--p12", "{p12}", "--password-env", "KHONG_CO"), {}, 1, "chưa đặt biến môi trường KHONG_CO"),
    (("--p12", "{p12}"), {}, 2, "--password-env"),
    (("--p12", "{p12}", "--pkcs11", "/khong/co.so"), {}, 2, "--p12"),
    (("--pkcs11", "/khong/co/driver.so", "--pin-env", "PIN"), {"PIN": "1"}, 1, "trình điều khiển token"),
    (("--date", "32/13/2026"), {}, 2, "32/13/2026"),
    (("--number", "0"), {}, 1, "Số văn bản phải từ 1 đến 9999"),
])
def test_report_errors_are_clear_and_write_nothing(socanbo, demo_copy, p12, tmp_path, args, env, code, message):
    out = tmp_path / "x.pdf"
    args = [a.replace("{p12}", str(p12)) for a in args]
    result = socanbo("--data", demo_copy, "report", "--year", "2025", "--out", out, *args, env=env)
    assert result.returncode == code, str(result)
    assert message in result.stderr, str(result)
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_evaluation_sheets(socanbo, demo_copy, tmp_path):
    everyone = socanbo("--data", demo_copy, "sheet", "--year", "2025", "--out", tmp_path / "phieu.pdf")
    assert everyone.returncode == 0, str(everyone)
    assert "Đã xuất phiếu đánh giá, xếp loại" in everyone.stdout
    one = socanbo("--data", demo_copy, "sheet", "--year", "2025", "--person", "1", "--out", tmp_path / "mot.pdf")
    assert one.returncode == 0 and (tmp_path / "mot.pdf").stat().st_size < (tmp_path / "phieu.pdf").stat().st_size
    missing = socanbo("--data", demo_copy, "sheet", "--year", "2025", "--person", "999", "--out", tmp_path / "x.pdf")
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_excel_export(socanbo, demo_copy, tmp_path):
    result = socanbo("--data", demo_copy, "export", "--year", "2025", "--out", tmp_path / "bang.xlsx")
    assert result.returncode == 0, str(result)
    book = openpyxl.load_workbook(tmp_path / "bang.xlsx")
    assert "Đánh giá" in book.sheetnames and book["Đánh giá"]["B2"].value


def test_verify_refuses_what_is_not_a_pdf(socanbo, tmp_path):
    fake = tmp_path / "gia.pdf"
    fake.write_text("không phải PDF", encoding="utf-8")
    result = socanbo("verify", fake)
    assert result.returncode == 1 and "không phải tệp PDF đọc được" in result.stderr
    assert socanbo("verify", tmp_path / "khong-co.pdf").returncode == 1


def test_the_verbs_are_listed_in_help(socanbo):
    shown = socanbo("--help").stdout
    for verb in ("report", "sheet", "verify", "export"):
        assert verb in shown
    assert socanbo("report", "--year", "2025").returncode == 2  # --out is required


def test_every_field_of_verify_json_is_documented(socanbo, demo_copy, p12, tmp_path):
    import re
    from pathlib import Path

    out = tmp_path / "r.pdf"
    assert socanbo("--data", demo_copy, "report", "--year", "2025", "--out", out, "--p12", p12,
                   "--password-env", "PW", env={"PW": PASSWORD}).returncode == 0
    _checked, report = _verify_json(socanbo, out)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "report-data.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Checking a report"):]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE))
    assert documented == set(report), (sorted(set(report) - documented), sorted(documented - set(report)))
    assert report["valid"] is report["ok"] is True


def test_a_report_on_a_year_without_evaluations_warns_in_vietnamese(socanbo, demo_copy, tmp_path):
    out = tmp_path / "2030.pdf"
    result = socanbo("--data", demo_copy, "report", "--year", "2030", "--out", out, "--date", "05/01/2026")
    assert result.returncode == 0 and out.is_file(), str(result)  # a warning, not a refusal
    assert ("Cảnh báo: Năm 2030 chưa có phiếu đánh giá nào: mục II của báo cáo để trống." in result.stderr), str(result)
    assert "Cảnh báo: Báo cáo về năm 2030 nhưng đề ngày 05/01/2026" in result.stderr
    plain = socanbo("--data", demo_copy, "report", "--year", "2025", "--out", tmp_path / "2025.pdf")
    assert plain.returncode == 0 and "Cảnh báo" not in plain.stderr, str(plain)


def test_a_deputy_printed_with_the_chairs_certificate_warns(socanbo, demo_copy, p12, tmp_path):
    result = socanbo("--data", demo_copy, "report", "--year", "2025", "--out", tmp_path / "kt.pdf",
                     "--signer", "deputy", "--p12", p12, "--password-env", "PW", env={"PW": PASSWORD})
    assert result.returncode == 0, str(result)
    assert "Đã ký số bởi Nguyễn Minh Tuấn." in result.stdout
    assert ("Cảnh báo: Báo cáo in tên người ký là Trần Thị Thanh Thuỷ, nhưng chứng thư số là của Nguyễn Minh Tuấn."
            in result.stderr), str(result)


def test_help_and_file_errors_have_no_english(socanbo, tmp_path):
    shown = socanbo("--help").stdout
    assert "--version" in shown and "hiện phiên bản chương trình rồi thoát" in shown
    assert "show program's version number" not in shown
    missing = socanbo("verify", tmp_path / "khong-co.pdf")
    assert missing.returncode == 1
    assert f"Không đọc được tệp {tmp_path / 'khong-co.pdf'}: tệp hoặc thư mục không tồn tại." in missing.stderr
    assert "No such file" not in missing.stderr
    proposals = socanbo("--data", tmp_path / "x.socanbo", "report", "--year", "2025", "--out", tmp_path / "x.pdf",
                        "--proposals-file", tmp_path / "khong-co.txt")
    assert proposals.returncode == 1 and "tệp hoặc thư mục không tồn tại" in proposals.stderr, str(proposals)
    assert "No such file" not in proposals.stderr
