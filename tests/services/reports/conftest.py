"""Fixtures for the report tests: the demo book, a test certificate (.p12) and a SoftHSM2 token, signature
and seal images, reports exported once per session, and poppler's tools.

poppler-utils, softhsm2 and opensc are Debian packages: when a tool is missing and the tests run as root with
apt-get (as CI does), they are installed once per session; otherwise the tests that need them are skipped with
the reason.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw

from desktop.domain.evaluation import Evaluation, Score
from desktop.domain.officers import Sex
from desktop.domain.training import Attendance, Course
from desktop.services.book import open_book
from desktop.services.reports import P12Credentials, ReportOptions, ReportService, SignatureLook

VN = dt.timezone(dt.timedelta(hours=7))
ISSUED = dt.datetime(2026, 1, 5, 9, 30, tzinfo=VN)
P12_PASSWORD = "mật-khẩu-thử"
TOKEN_PIN = "123456"
PROPOSALS = "Đề nghị Công đoàn Khu công nghiệp mở thêm lớp bồi dưỡng nghiệp vụ cho cán bộ mới.\nĐề nghị hỗ trợ tài liệu."


def fixed_clock() -> dt.datetime:
    return ISSUED


def _apt_install(*packages: str) -> None:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", "-qq", *packages]
    if subprocess.run(command, env=env, capture_output=True, timeout=900).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=900)
        subprocess.run(command, env=env, capture_output=True, timeout=900)


@pytest.fixture(scope="session")
def poppler():
    """pdftotext, pdffonts, pdfsig (poppler-utils)."""
    tools = ("pdftotext", "pdffonts", "pdfsig", "pdftoppm")
    if not all(shutil.which(t) for t in tools):
        _apt_install("poppler-utils")
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        pytest.skip(f"poppler-utils is not installed and cannot be installed here (missing: {', '.join(missing)})")
    return True


def make_certificate(common_name: str):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


@pytest.fixture(scope="session")
def new_certificate():
    """make_certificate, for test modules (conftest modules are not importable by name)."""
    return make_certificate


@pytest.fixture(scope="session")
def p12_password() -> str:
    return P12_PASSWORD


@pytest.fixture(scope="session")
def proposals() -> str:
    return PROPOSALS


@pytest.fixture(scope="session")
def p12_file(tmp_path_factory) -> Path:
    key, cert = make_certificate("Nguyễn Minh Tuấn")
    path = tmp_path_factory.mktemp("cert") / "chu-tich.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"chu-tich", key, cert, None, serialization.BestAvailableEncryption(P12_PASSWORD.encode("utf-8"))))
    path.with_suffix(".pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))  # to trust it in a test
    return path


@pytest.fixture(scope="session")
def images(tmp_path_factory) -> SignatureLook:
    folder = tmp_path_factory.mktemp("images")
    signature = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(signature)
    draw.line([(40, 180), (120, 60), (200, 170), (290, 50), (380, 160), (560, 120)], fill=(20, 40, 200, 255), width=8)
    signature.save(folder / "chu-ky.png", dpi=(200, 200))
    seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    draw.ellipse((10, 10, 390, 390), outline=(220, 0, 0, 230), width=14)
    draw.regular_polygon((200, 200, 60), 5, fill=(220, 0, 0, 200))
    seal.save(folder / "con-dau.png")
    return SignatureLook(folder / "chu-ky.png", folder / "con-dau.png")


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    from desktop.services.demo import write_demo_book

    path = tmp_path_factory.mktemp("demo") / "so-mau.socanbo"
    write_demo_book(path)
    return path


@pytest.fixture
def demo_book(demo_master, tmp_path) -> Path:
    target = tmp_path / "so-mau.socanbo"
    shutil.copyfile(demo_master, target)
    return target


@pytest.fixture
def reports(demo_book):
    services = open_book(demo_book, clock=fixed_clock)
    try:
        yield ReportService(services)
    finally:
        services.close()


def _export(tmp_path_factory, demo_master, name: str, **kwargs):
    folder = tmp_path_factory.mktemp(name)
    book = folder / "so.socanbo"
    shutil.copyfile(demo_master, book)
    with open_book(book, clock=fixed_clock) as services:
        service = ReportService(services)
        options = kwargs.pop("options", ReportOptions(2025, number=5, proposals=PROPOSALS))
        result = service.export_report(options, folder / f"{name}.pdf", **kwargs)
        data = service.data(options)
    return {"path": result.path, "result": result, "data": data, "book": book}


@pytest.fixture(scope="session")
def signed_report(tmp_path_factory, demo_master, p12_file, images):
    """The 2025 report of the demo book, No. 05, signed with the test certificate, signature and seal shown."""
    return _export(tmp_path_factory, demo_master, "bao-cao-ky-so",
                   credentials=P12Credentials(p12_file, P12_PASSWORD), look=images)


@pytest.fixture(scope="session")
def unsigned_report(tmp_path_factory, demo_master):
    return _export(tmp_path_factory, demo_master, "bao-cao-chua-ky")


# --------------------------------------------------------------------------- a small book with known numbers


def scored(points) -> tuple[Score, ...]:
    return tuple(Score(n, p, p, p) for n, p in enumerate(points, start=1))


EXCELLENT = (14, 14, 14, 14, 9, 14, 13)  # 92
GOOD = (12, 12, 12, 12, 8, 12, 12)  # 80
DONE = (9, 9, 9, 9, 6, 9, 9)  # 60


@pytest.fixture
def small_book(services, add_officer, add_post):
    """Five officers, 2024 and 2025 evaluated and finalised, one course in 2025."""
    people = {
        "chair": add_officer("Nguyễn Văn An", "chair", sex=Sex.MALE, birth_year=1978, party_member=True,
                             education="university", political_theory="intermediate", phone="0903 456 712"),
        "vice": add_officer("Trần Thị Bình", "vice_chair", sex=Sex.FEMALE, birth_year=1995, education="college"),
        "member": add_officer("Lê Thị Cúc", "committee_member", sex=Sex.FEMALE, birth_year=1990,
                              education="intermediate", phone="+84 912 345 678"),
        "inspector": add_officer("Phạm Văn Dũng", "inspection_chair", sex=Sex.MALE, birth_year=1985,
                                 education="elementary"),
        "leader": add_officer("Hồ Thị Em", "group_leader", sex=Sex.FEMALE, birth_year=2000),
    }
    plan = {2024: {"chair": GOOD, "vice": GOOD, "member": GOOD, "inspector": DONE},
            2025: {"chair": EXCELLENT, "vice": GOOD, "member": DONE, "inspector": GOOD}}
    for year, levels in plan.items():
        services.evaluations.open_year(year)
        for key, points in levels.items():
            services.evaluations.save(Evaluation(people[key], year, scores=scored(points),
                                                 strengths="=1+2 làm việc tốt"))
            services.evaluations.finalise(people[key], year)
    course = services.training.add_course(Course("=SUM(A1) Nghiệp vụ công đoàn", "union_work", "LĐLĐ",
                                                 dt.date(2025, 3, 10), dt.date(2025, 3, 11), days=2))
    services.training.set_attendance(Attendance(course, people["chair"], "present", "pass"))
    services.training.set_attendance(Attendance(course, people["vice"], "present", "good"))
    services.training.set_attendance(Attendance(course, people["member"], "absent"))
    return people


@pytest.fixture
def reports_at():
    """reports_at(services, when) -> a ReportService whose clock says `when` (default 05/01/2026 09:00)."""

    def make(services, when=dt.datetime(2026, 1, 5, 9, 0, tzinfo=VN)) -> ReportService:
        return ReportService(services, clock=lambda: when)

    return make



# --------------------------------------------------------------------------- SoftHSM2


def _softhsm_module() -> Path | None:
    for candidate in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                      "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so"):
        if Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory):
    """A SoftHSM2 token holding a key and certificate for "Trần Thị Thanh Thuỷ"; returns (driver, PIN)."""
    if not (_softhsm_module() and shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")):
        _apt_install("softhsm2", "opensc")
    module = _softhsm_module()
    if not (module and shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")):
        pytest.skip("SoftHSM2 (softhsm2) and pkcs11-tool (opensc) are not installed and cannot be installed here")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(config)  # read when the driver is first loaded in this process
    key, cert = make_certificate("Trần Thị Thanh Thuỷ")
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "cert.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    steps = [
        ["softhsm2-util", "--init-token", "--free", "--label", "socanbo", "--pin", TOKEN_PIN, "--so-pin", "87654321"],
        ["softhsm2-util", "--import", str(folder / "key.pem"), "--token", "socanbo", "--label", "chu-ky", "--id", "01",
         "--pin", TOKEN_PIN],
        ["pkcs11-tool", "--module", str(module), "--token-label", "socanbo", "--login", "--pin", TOKEN_PIN,
         "--write-object", str(folder / "cert.der"), "--type", "cert", "--id", "01", "--label", "chu-ky"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=120, env=os.environ.copy())
        assert done.returncode == 0, f"{step[0]} failed: {done.stdout}{done.stderr}"
    return module, TOKEN_PIN
