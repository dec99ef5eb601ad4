"""Reading .p12/.pfx files without cryptography's RSA key check: the same key and certificates as
cryptography's own loader, for every encoding read here, and a fallback to that loader for the rest."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from desktop.services.reports import P12Credentials
from desktop.services.reports.p12_file import pkcs12_kdf, read_p12
from desktop.services.reports.signing import SigningError, load_p12

PASSWORD = "Mật khẩu 2025"
DER = serialization.Encoding.DER


def _encryption(kind: str):
    builder = serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)
    if kind == "aes":
        return builder.key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC).hmac_hash(
            hashes.SHA256()).build(PASSWORD.encode())
    if kind == "3des":
        return builder.key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(
            hashes.SHA1()).build(PASSWORD.encode())
    return serialization.BestAvailableEncryption(PASSWORD.encode())


@pytest.fixture(scope="module")
def chain(new_certificate):
    """A CA and a signer's certificate it issued, as a Vietnamese CA's .p12 file carries them."""
    ca_key, ca_cert = new_certificate("VN Test CA")
    key, own = new_certificate("Nguyễn Minh Tuấn")
    now = dt.datetime.now(dt.timezone.utc)
    issued = (x509.CertificateBuilder().subject_name(own.subject).issuer_name(ca_cert.subject)
              .public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
              .sign(ca_key, hashes.SHA256()))
    return key, issued, ca_cert


@pytest.mark.parametrize("kind", ["best", "aes", "3des"])
def test_reads_the_same_key_and_certificates_as_cryptography(chain, kind):
    key, cert, ca = chain
    data = pkcs12.serialize_key_and_certificates(b"chu-tich", key, cert, [ca], _encryption(kind))
    reference_key, reference_cert, reference_others = pkcs12.load_key_and_certificates(data, PASSWORD.encode())

    read = read_p12(data, PASSWORD)

    assert read is not None
    got_key, got_cert, got_others = read
    assert got_key.private_numbers() == reference_key.private_numbers()
    assert got_cert.dump() == reference_cert.public_bytes(DER)
    assert [c.dump() for c in got_others] == [c.public_bytes(DER) for c in reference_others] == [ca.public_bytes(DER)]


def test_an_elliptic_curve_key_is_read_too():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Trần Thị Bình")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(now).not_valid_after(now + dt.timedelta(days=2))
            .sign(key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(b"ec", key, cert, None, _encryption("aes"))

    got_key, got_cert, got_others = read_p12(data, PASSWORD)

    assert got_key.private_numbers() == key.private_numbers()
    assert got_cert.dump() == cert.public_bytes(DER) and got_others == []


def test_a_wrong_password_is_left_to_cryptography_and_refused_with_a_message(chain, tmp_path):
    key, cert, ca = chain
    data = pkcs12.serialize_key_and_certificates(b"x", key, cert, [ca], _encryption("best"))
    path = tmp_path / "chu-tich.p12"
    path.write_bytes(data)

    assert read_p12(data, "sai mật khẩu") is None
    with pytest.raises(SigningError) as raised:
        load_p12(P12Credentials(path, "sai mật khẩu"))
    assert "password is wrong" in raised.value.message_id


def test_a_key_that_is_not_the_certificates_is_not_used(chain, new_certificate):
    key, cert, _ca = chain
    other_key, other_cert = new_certificate("Người khác")
    # cryptography refuses to write such a file, so put another key's bag into a genuine file's place
    genuine = pkcs12.serialize_key_and_certificates(b"x", key, cert, None, _encryption("aes"))
    stranger = pkcs12.serialize_key_and_certificates(b"x", other_key, other_cert, None, _encryption("aes"))
    from asn1crypto import pkcs12 as asn1_pkcs12

    genuine_safe = asn1_pkcs12.Pfx.load(genuine).authenticated_safe
    stranger_safe = asn1_pkcs12.Pfx.load(stranger).authenticated_safe
    mixed = asn1_pkcs12.Pfx.load(genuine)
    mixed["auth_safe"]["content"] = asn1_pkcs12.AuthenticatedSafe([genuine_safe[0], stranger_safe[1]]).dump()
    if stranger_safe[1]["content_type"].native != "data":  # the layout this test relies on
        pytest.skip("cryptography wrote the key bag in another place")

    assert read_p12(mixed.dump(), PASSWORD) is None


def test_a_file_it_does_not_read_falls_back_to_cryptography(chain, tmp_path):
    """OpenSSL's -legacy export encrypts the certificates with 40-bit RC2, which is left to cryptography."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    key, cert, ca = chain
    pem = serialization.Encoding.PEM
    (tmp_path / "key.pem").write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(pem))
    (tmp_path / "ca.pem").write_bytes(ca.public_bytes(pem))
    path = tmp_path / "legacy.p12"
    done = subprocess.run(["openssl", "pkcs12", "-export", "-legacy", "-inkey", "key.pem", "-in", "cert.pem",
                           "-certfile", "ca.pem", "-passout", "pass:" + PASSWORD, "-out", path.name],
                          cwd=tmp_path, capture_output=True)
    if done.returncode != 0:
        pytest.skip("this openssl cannot write legacy files: " + done.stderr.decode(errors="replace")[:200])

    assert read_p12(path.read_bytes(), PASSWORD) is None
    signer = load_p12(P12Credentials(path, PASSWORD))
    assert signer.signing_cert.dump() == cert.public_bytes(DER)
    assert [c.dump() for c in signer.cert_registry] == [ca.public_bytes(DER)]


@pytest.mark.parametrize("hash_name, password, salt, rounds, purpose, length, expected", [
    # OpenSSL's own test vector (password "smeg"), key and IV
    ("sha1", "smeg", "0a58cf64530d823f", 1, 1, 24, "8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3"),
    ("sha1", "smeg", "0a58cf64530d823f", 1, 2, 8, "79993dfe048d3b76"),
    # a Vietnamese password, more than one digest of output; from `openssl kdf ... PKCS12KDF` (OpenSSL 3.0)
    ("sha256", PASSWORD, "0102030405060708", 2048, 1, 40,
     "cb2f10d215ffff9331bdc7456e5c97fb35ae73a3b55efb993f726ed2de35967ae5bccfe86249aeb1"),
])
def test_pkcs12_key_derivation_matches_openssl(hash_name, password, salt, rounds, purpose, length, expected):
    secret = password.encode("utf-16-be") + b"\0\0"
    assert pkcs12_kdf(hash_name, secret, bytes.fromhex(salt), rounds, purpose, length).hex() == expected
