"""The visible digital signature (DOMAIN.md): the signer's signature image (blue, transparent PNG) centred in
the space between "CHỦ TỊCH" and the name, the seal image (red) at its real size covering about a third of the
signature on its left, and under them, clear of both, the signer and the signing time in ISO 8601 with +07:00.

The appearance is drawn by reportlab as a one-page PDF in the document font (so its font is embedded like the
rest) and pyHanko places that page in the signature field.
"""
from __future__ import annotations

import binascii
import io
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PIL import Image
from pyhanko.pdf_utils import content, layout as pdf_layout
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.stamp import StaticStampStyle
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.domain.errors import N_, BookFileError, Reason, os_reason
from desktop.domain.vietnamese import nfc

VIETNAM_TIME = timezone(timedelta(hours=7))
DEFAULT_SEAL_DIAMETER = 34 * mm  # a grassroots union's round seal, when the image does not say its size
TEXT_COLOUR = colors.Color(0.05, 0.15, 0.55)
TEXT_SIZE, TEXT_LEADING = 8.5, 10
TEXT_BAND = 4 + TEXT_LEADING + TEXT_SIZE + 2  # the signer and time lines at the bottom, and a little air
TOP_AIR = 1.5 * mm  # between the images and "CHỦ TỊCH" above the box


@dataclass(frozen=True)
class SignatureLook:
    signature_image: Path | None = None
    seal_image: Path | None = None


def vietnam_time(moment: datetime) -> datetime:
    return moment.astimezone(VIETNAM_TIME).replace(microsecond=0)


def signer_common_name(certificate) -> str:
    subject = certificate.subject.native
    return nfc(subject.get("common_name") or certificate.subject.human_friendly)


def _image(path: Path | None) -> tuple[ImageReader, float, float, bool] | None:
    """The image, its size in points (from its DPI, else at 96 dpi) and whether the file gave its DPI."""
    if path is None:
        return None
    try:
        with Image.open(path) as picture:
            picture.load()
            dpi = picture.info.get("dpi")
            width, height = picture.size
            reader = ImageReader(picture.copy())
    except (OSError, ValueError) as error:
        reason = (os_reason(error) if isinstance(error, OSError) and error.errno
                  else Reason(N_("the file is not an image that can be read")))
        raise BookFileError(N_("The image {path} cannot be read: {reason}. Use a PNG file."), path=str(path),
                            reason=reason) from None
    per_inch = float(dpi[0]) if dpi and dpi[0] else 96.0
    return reader, width * 72 / per_inch, height * 72 / per_inch, bool(dpi and dpi[0])


def _fit(width: float, height: float, max_width: float, max_height: float) -> tuple[float, float]:
    scale = min(max_width / width, max_height / height, 1e9)
    return width * scale, height * scale


def appearance_pdf(look: SignatureLook, signer: str, when: datetime, size: tuple[float, float], fonts) -> bytes:
    """The two signer lines stand in a band along the bottom of the box, and the images above that band
    only, so the seal never covers the signing time: the seal at its real size (smaller only if the box is
    lower), its right edge a third of the way into the signature."""
    width, height = size
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=size, initialFontName=fonts.regular, initialFontSize=8)
    area_bottom = TEXT_BAND
    area_height = height - TEXT_BAND - TOP_AIR
    signature = _image(look.signature_image)
    seal = _image(look.seal_image)
    sig_box = seal_box = None
    if signature:
        w, h = _fit(signature[1], signature[2], min(width * 0.6, 60 * mm), area_height)
        sig_box = ((width - w) / 2, area_bottom + (area_height - h) / 2, w, h)
    if seal:
        w, h = seal[1], seal[2]
        if not seal[3]:  # no DPI in the file: assume the usual seal size
            w, h = _fit(w, h, DEFAULT_SEAL_DIAMETER, DEFAULT_SEAL_DIAMETER)
        if h > area_height or w > width:
            w, h = _fit(w, h, width, area_height)
        x = sig_box[0] + sig_box[2] / 3 - w if sig_box else (width - w) / 2  # covers the signature's left third
        seal_box = (max(0.0, x), area_bottom + (area_height - h) / 2, w, h)
    if sig_box:
        canvas.drawImage(signature[0], *sig_box, mask="auto")
    if seal:  # the seal is stamped over the signature (Nghị định 30/2020, Điều 33)
        canvas.drawImage(seal[0], *seal_box, mask="auto")
    moment = vietnam_time(when).isoformat()
    lines = [f"Ký số bởi: {nfc(signer)}", f"Thời gian ký: {moment}"]
    canvas.setFillColor(TEXT_COLOUR)
    baseline = 4 if (signature or seal) else height / 2 + 2
    for index, line in enumerate(reversed(lines)):
        canvas.setFont(fonts.italic, TEXT_SIZE)
        canvas.drawCentredString(width / 2, baseline + index * TEXT_LEADING, line)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _PdfPage(content.PdfContent):
    """The first page of an in-memory PDF as a form XObject (pyHanko's ImportedPdfPage reads a file)."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self.pdf = pdf

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.pdf)), page_ix=0)
        name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
        self.resources.xobject[name.decode("ascii")] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = pdf_layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name + b" Do"


def appearance_style(look: SignatureLook, signer: str, when: datetime, box: tuple, fonts) -> StaticStampStyle:
    x1, y1, x2, y2 = box
    page = appearance_pdf(look, signer, when, (x2 - x1, y2 - y1), fonts)
    return StaticStampStyle(background=_PdfPage(page), border_width=0, background_opacity=1.0,
                            background_layout=pdf_layout.SimpleBoxLayoutRule(
                                x_align=pdf_layout.AxisAlignment.ALIGN_MID,
                                y_align=pdf_layout.AxisAlignment.ALIGN_MID,
                                margins=pdf_layout.Margins.uniform(0)))
