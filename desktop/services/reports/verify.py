"""Checking a report PDF: is it signed, is the signature valid, did the file change after signing, and what
data does it carry.

Works on any PDF, without a book: the superior union runs it on the files it receives. Trust in the signer's
certificate (a licensed Vietnamese CA) is reported apart from validity, because this PC may not know the CA.
"""
from __future__ import annotations

import io
import json
import logging
import ssl
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from asn1crypto import pem, x509

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from desktop.domain.errors import N_, BookFileError, os_reason
from desktop.services.reports.appearance import signer_common_name, vietnam_time

DATA_SCHEMA_PREFIX = "socanbo.report/"


@dataclass(frozen=True)
class Verification:
    """What `socanbo verify` finds (every field is documented in docs/report-data.md, "Checking a report")."""
    signed: bool  # the file carries a digital signature
    signature_matches: bool = False  # the signature value checks out with the certificate it carries
    intact: bool = False  # the bytes the signature covers are unchanged since signing
    covers_whole_file: bool = False  # the signature covers the file to its last byte (nothing added after)
    trusted: bool = False  # the certificate chains to a CA this computer trusts (apart from validity)
    signer: str = ""
    signing_time: str | None = None  # ISO 8601, Vietnam time
    signatures: int = 0
    data_file: str | None = None
    data: dict | None = None
    data_signed: bool = False  # the attachment lies inside the signed bytes
    problems: list[str] = field(default_factory=list)  # message ids

    @property
    def valid(self) -> bool:
        """The signature is valid for the file exactly as it is: it checks out, and the file has been neither
        changed nor added to since signing. Whether the signer's CA is known is `trusted`, apart."""
        return self.signed and self.signature_matches and self.intact and self.covers_whole_file

    @property
    def modified_after_signing(self) -> bool:
        """A signed file whose signed bytes changed, or that had content added after the signature."""
        return self.signed and not (self.intact and self.covers_whole_file)

    @property
    def ok(self) -> bool:
        """The verdict `socanbo verify` exits with (0 when true): the same as `valid`."""
        return self.valid

    def as_json(self) -> dict:
        found = asdict(self)
        found.update(valid=self.valid, modified_after_signing=self.modified_after_signing, ok=self.ok)
        return found


def _attachments(reader: PdfFileReader) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except (KeyError, TypeError):
        return found
    for index in range(0, len(names) - 1, 2):
        try:
            spec = names[index + 1].get_object()
            name = str(spec.get("/UF") or spec.get("/F") or names[index])
            found[name] = spec["/EF"]["/F"].get_object().data
        except (KeyError, TypeError, ValueError):
            continue
    return found


def _report_data(reader: PdfFileReader) -> tuple[str | None, dict | None]:
    for name, payload in _attachments(reader).items():
        if not name.lower().endswith(".json"):
            continue
        try:
            data = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            continue
        if isinstance(data, dict) and str(data.get("schema", "")).startswith(DATA_SCHEMA_PREFIX):
            return name, data
    return None, None


@contextmanager
def _quiet(*names: str):
    """pyHanko logs expected outcomes (an unknown CA) as warnings with tracebacks; the result says it all."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _certificates(data: bytes) -> list:
    blocks = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
    found = []
    for der in blocks:
        try:
            certificate = x509.Certificate.load(der)
            certificate.subject  # parse now: a damaged entry is skipped, not a failure later
            found.append(certificate)
        except (ValueError, TypeError):
            continue
    return found


@lru_cache(maxsize=1)
def system_trust_roots() -> tuple:
    """The certification authorities this computer trusts (Windows' store, or the system's CA bundle)."""
    ders = ssl.create_default_context().get_ca_certs(binary_form=True)
    found = [c for der in ders for c in _certificates(der)]
    bundle = ssl.get_default_verify_paths().cafile
    if bundle:
        try:
            found += _certificates(Path(bundle).read_bytes())
        except OSError:
            pass
    return tuple(found)


def verify_pdf(path: Path | str, trust_roots: tuple[Path, ...] = ()) -> Verification:
    """Check `path`; `trust_roots` are extra CA certificates (PEM or DER files) to trust, e.g. Vietnam's root CA."""
    extra = []
    for root in trust_roots:
        try:
            extra += _certificates(Path(root).read_bytes())
        except OSError as error:
            raise BookFileError(N_("The file {path} cannot be read: {reason}."), path=str(root),
                                reason=os_reason(error)) from None
    with _quiet("pyhanko", "pyhanko_certvalidator"):
        return _verify(Path(path), [*system_trust_roots(), *extra])


def _verify(path: Path, roots: list) -> Verification:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise BookFileError(N_("The file {path} cannot be read: {reason}."), path=str(path),
                            reason=os_reason(error)) from None
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        data_file, data = _report_data(reader)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - a damaged PDF fails in many ways inside the parser
        raise BookFileError(N_("The file {path} is not a readable PDF (it may be damaged)."),
                            path=str(path)) from None
    if not signatures:
        return Verification(signed=False, data_file=data_file, data=data,
                            problems=[N_("The document is not digitally signed.")])
    signature = signatures[-1]
    problems: list[str] = []
    try:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots, allow_fetching=False))
    except Exception:  # noqa: BLE001 - a broken signature container is a failed check, not a crash
        return Verification(signed=True, signatures=len(signatures), data_file=data_file, data=data,
                            problems=[N_("The signature cannot be read: the file was damaged or altered.")])
    coverage = status.coverage
    whole = coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not status.intact:
        problems.append(N_("The document was changed after it was signed."))
    elif not whole:
        problems.append(N_("Content was added to the document after it was signed."))
    if not status.valid:
        problems.append(N_("The signature does not match the signer's certificate."))
    if not status.trusted:
        problems.append(N_("The signer's certificate is not issued by a certification authority this computer "
                           "trusts."))
    moment = status.signer_reported_dt
    return Verification(
        signed=True, signature_matches=bool(status.valid), intact=bool(status.intact), covers_whole_file=whole,
        trusted=bool(status.trusted),
        signer=signer_common_name(status.signing_cert), signing_time=vietnam_time(moment).isoformat() if moment else None,
        signatures=len(signatures), data_file=data_file, data=data,
        data_signed=bool(data is not None and status.intact and whole), problems=problems)
