"""Finishing a rendered PDF: attach the report's data, then sign it (PAdES B-B) or leave it unsigned.

The data file and the signature go into one incremental update, so the signature's byte range covers the
whole file, attachment included. Signing uses a .p12/.pfx file (its password is passed in for this one
export and never kept) or a USB token through its vendor's PKCS#11 driver (the PIN, or the driver's own PIN
dialog). The visible signature sits in the space the layout left between "CHỦ TỊCH" and the name.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils import embed
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigner

from desktop.domain.errors import N_, BookError, BookFileError, Reason, os_reason, technical
from desktop.services.reports.appearance import SignatureLook, appearance_style, signer_common_name
from desktop.services.reports.p12_file import read_p12

FIELD_NAME = "ChuKySo"


class SigningError(BookError):
    """The certificate or the token could not be used; the message says what to do."""


@dataclass(frozen=True)
class P12Credentials:
    path: Path
    password: str = ""  # asked for each export, never stored

    def __repr__(self) -> str:  # keep the password out of logs and tracebacks
        return f"P12Credentials(path={str(self.path)!r})"


@dataclass(frozen=True)
class TokenCredentials:
    module_path: Path  # the vendor's PKCS#11 driver (.dll / .so)
    pin: str | None = None  # None: the driver asks for it in its own dialog
    key_label: str | None = None  # None: the token's only signing key with a certificate
    token_label: str | None = None  # None: the only token plugged in

    def __repr__(self) -> str:
        return (f"TokenCredentials(module_path={str(self.module_path)!r}, key_label={self.key_label!r}, "
                f"token_label={self.token_label!r})")


@dataclass(frozen=True)
class Attachment:
    file_name: str  # ASCII, e.g. "bao-cao-2025.json"
    data: bytes
    description: str
    mime_type: str = "application/json"


class _ClockedPdfSigner(PdfSigner):
    """A PdfSigner whose signing time is the one printed in the appearance (the PC clock, read once)."""

    def __init__(self, *args, signing_time: datetime, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def _attach(writer: IncrementalPdfFileWriter, attachment: Attachment, when: datetime) -> None:
    params = embed.EmbeddedFileParams(creation_date=when, modification_date=when)
    stream = embed.EmbeddedFileObject.from_file_data(writer, data=attachment.data, mime_type=attachment.mime_type,
                                                     params=params)
    embed.embed_file(writer, embed.FileSpec(file_spec_string=attachment.file_name, file_name=attachment.file_name,
                                            embedded_data=stream, description=attachment.description))


def finish_pdf(pdf: bytes, attachment: Attachment, *, when: datetime, credentials=None,
               look: SignatureLook | None = None, slot_page: int | None = None,
               slot_box: tuple | None = None, fonts=None, place: str = "") -> tuple[bytes, str]:
    """The final file and the signer's name ("" when unsigned)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _attach(writer, attachment, when)
    if credentials is None:
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), ""
    with _OpenedSigner(credentials) as signer:
        name = signer_common_name(signer.signing_cert)
        spec = None
        style = None
        if slot_page and slot_box:
            spec = fields.SigFieldSpec(FIELD_NAME, on_page=slot_page - 1, box=tuple(round(v, 2) for v in slot_box))
            style = appearance_style(look or SignatureLook(), name, when, slot_box, fonts)
        meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                            subfilter=fields.SigSeedSubFilter.PADES, name=name,
                                            location=place or None, reason="Ký báo cáo")
        pdf_signer = _ClockedPdfSigner(meta, signer, stamp_style=style, new_field_spec=spec, signing_time=when)
        try:
            out = pdf_signer.sign_pdf(writer, output=io.BytesIO(), bytes_reserved=_reserved_bytes(signer))
        except BookError:
            raise
        except Exception as error:  # noqa: BLE001 - token and driver errors come in many types
            raise SigningError(N_("The document could not be signed: {reason}. Check the token or the "
                                  "certificate and try again."), reason=token_reason(error)) from None
    return out.getvalue(), name


class _OpenedSigner:
    """Context manager giving a pyHanko signer; closes the token session afterwards."""

    def __init__(self, credentials) -> None:
        self.credentials = credentials
        self.session = None

    def __enter__(self):
        credentials = self.credentials
        if isinstance(credentials, P12Credentials):
            return load_p12(credentials)
        if isinstance(credentials, TokenCredentials):
            signer, self.session = open_token(credentials)
            return signer
        raise TypeError(f"unknown credentials {type(credentials).__name__}")

    def __exit__(self, *exc) -> None:
        if self.session is not None:
            try:
                self.session.close()
            except Exception:  # noqa: BLE001 - a token pulled out already closed its session
                pass


class _P12Signer(signers.SimpleSigner):
    """pyHanko's SimpleSigner, keeping the private key that was loaded (and checked) once from the .p12 file.

    SimpleSigner re-reads the key from DER for every signature, and reading an RSA key checks it, which costs
    more than drawing a page; signing with the key object as it was loaded (see p12_file.py) skips that.
    """

    def __init__(self, *args, loaded_key, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._loaded_key = loaded_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        from cryptography.hazmat.primitives.asymmetric import ec, rsa
        from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15

        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            name = mechanism.signature_algo
        except ValueError:
            name = mechanism["algorithm"].native
        digest = getattr(hashes, digest_algorithm.upper().replace("-", "_"), None)
        key = self._loaded_key
        if digest and name == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, PKCS1v15(), digest())
        if digest and name == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(digest()))
        return super().sign_raw(data, digest_algorithm)


def load_p12(credentials: P12Credentials):
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    path = Path(credentials.path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BookFileError(N_("The certificate file {path} cannot be read: {reason}."), path=str(path),
                            reason=os_reason(error)) from None
    der = serialization.Encoding.DER
    fast = read_p12(data, credentials.password)  # None: a variant read_p12 leaves to cryptography's loader
    if fast is not None:
        key, signing_cert, chain = fast
    else:
        try:
            key, certificate, others = pkcs12.load_key_and_certificates(
                data, credentials.password.encode("utf-8") or None)
            if key is None or certificate is None:
                raise ValueError("no key or certificate")
        except (ValueError, TypeError):
            raise SigningError(N_("The certificate file {path} cannot be opened: the password is wrong, or it is "
                                  "not a .p12/.pfx file."), path=str(path)) from None
        signing_cert = asn1_x509.Certificate.load(certificate.public_bytes(der))
        chain = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in others]
    registry = SimpleCertificateStore()
    registry.register_multiple(chain)
    key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                                                serialization.NoEncryption()))
    return _P12Signer(signing_cert=signing_cert, signing_key=key_info, cert_registry=registry, loaded_key=key)


def _reserved_bytes(signer) -> int:
    """Room for the signature container, sized from the certificates it embeds (no trial signature)."""
    certificates = [signer.signing_cert, *list(signer.cert_registry)]
    return 8192 + 2 * sum(len(c.dump()) for c in certificates if c is not None)


# python-pkcs11's exceptions (named after the PKCS#11 return codes) -> what the user reads
_TOKEN_REASONS = {
    "PinIncorrect": N_("the PIN is wrong"),
    "PinInvalid": N_("the PIN has characters the token does not accept"),
    "PinLenRange": N_("the PIN is too short or too long for this token"),
    "PinLocked": N_("the PIN is locked after too many wrong tries; unlock it with the token vendor's program"),
    "PinExpired": N_("the PIN has expired; change it with the token vendor's program"),
    "UserPinNotInitialized": N_("the token has no PIN set up yet; set it with the token vendor's program"),
    "TokenNotPresent": N_("no token is plugged in"),
    "NoSuchToken": N_("no token is plugged in"),
    "DeviceRemoved": N_("the token was pulled out"),
    "TokenNotRecognised": N_("the driver does not recognise this token"),
    "DeviceError": N_("the token reported a device fault"),
    "DeviceMemory": N_("the token's memory is full"),
    "FunctionCancelled": N_("signing was cancelled"),
    "SessionCount": N_("the token is busy with too many programs; close the others and try again"),
    "NoSuchKey": N_("the token holds no signing key of that name"),
    "MultipleObjectsReturned": N_("the token holds several keys of that name"),
}
_PROTECTED_PATH = "Protected authentication"  # python-pkcs11's ArgumentsBad when the driver has no PIN window
_LOADING = "exception while loading"  # python-pkcs11's PKCS11Error when the system cannot load the driver


def token_reason(error: BaseException) -> Reason:
    """A token's or driver's failure in the user's words; the library's own text only as technical detail."""
    name = type(error).__name__
    if name in _TOKEN_REASONS:
        return Reason(_TOKEN_REASONS[name])
    if name == "ArgumentsBad" and _PROTECTED_PATH in str(error):
        return Reason(N_("this token's driver cannot ask for the PIN in its own window, so enter the PIN"))
    if isinstance(error, OSError) and (error.errno or getattr(error, "winerror", None)):
        return os_reason(error)
    if isinstance(error, OSError) or _LOADING in str(error):  # the system's loader refused the file
        return Reason(N_("this computer cannot load it as a PKCS#11 driver (choose the 64-bit driver from the "
                         "token's vendor); technical detail: {detail}"), detail=str(error).strip() or name)
    return technical(f"{name}: {error}" if str(error) else name)


def _find_token(module: Path, token_label: str | None):
    import pkcs11
    from pkcs11.exceptions import PKCS11Error as TokenFailure

    try:
        library = pkcs11.lib(str(module))
        slots = library.get_slots(token_present=True)
    except (TokenFailure, OSError, RuntimeError) as error:
        raise SigningError(N_("The token driver {path} cannot be loaded: {reason}."), path=str(module),
                           reason=token_reason(error)) from None
    tokens = []
    for slot in slots:
        try:
            token = slot.get_token()
        except TokenFailure:
            continue
        if pkcs11.TokenFlag.TOKEN_INITIALIZED in token.flags and (token_label is None or token.label == token_label):
            tokens.append(token)
    if not tokens:
        raise SigningError(N_("No token was found. Plug in the token and try again."))
    if len(tokens) > 1:
        raise SigningError(N_("{count} tokens are plugged in ({labels}); choose one by its label."),
                           count=len(tokens), labels=", ".join(t.label for t in tokens))
    return tokens[0]


def open_token(credentials: TokenCredentials):
    """Open the token and pick its signing key: by label, or the only private key that has a certificate."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.exceptions import PKCS11Error as TokenFailure
    from pyhanko.sign import pkcs11 as p11

    module = Path(credentials.module_path)
    if not module.is_file():
        raise BookFileError(N_("The token driver {path} does not exist. Choose the PKCS#11 driver file of your "
                               "token (a .dll file from the token's vendor)."), path=str(module))
    token = _find_token(module, credentials.token_label)
    try:  # no PIN given: the driver asks for it in its own dialog (protected authentication path)
        session = token.open(user_pin=credentials.pin if credentials.pin else pkcs11.PROTECTED_AUTH)
    except (TokenFailure, OSError, RuntimeError) as error:
        raise SigningError(N_("The token cannot be opened: {reason}. Check that it is plugged in and that the PIN "
                              "is right."), reason=token_reason(error)) from None
    try:
        if credentials.key_label:
            return p11.PKCS11Signer(session, key_label=credentials.key_label, cert_label=credentials.key_label), session
        key_ids = [key[Attribute.ID] for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})]
        cert_ids = {cert[Attribute.ID] for cert in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})}
        usable = [key_id for key_id in key_ids if key_id in cert_ids]
        if len(usable) != 1:
            raise SigningError(N_("The token holds {count} signing keys with a certificate; name the one to use "
                                  "by its label."), count=len(usable))
        return p11.PKCS11Signer(session, key_id=usable[0], cert_id=usable[0]), session
    except BaseException:
        session.close()
        raise


def sha256_hex(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
