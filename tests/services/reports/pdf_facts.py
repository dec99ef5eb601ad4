"""Facts read back from a produced PDF (not from the code that made it): text lines with their fonts, sizes
and positions (pdfminer), page sizes, the fonts of the file and whether they are embedded (pyHanko's reader),
and poppler's own view (pdftotext, pdffonts, pdfsig)."""
from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

MM = 72 / 25.4
BASE14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
          "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
          "Times-BoldItalic", "Symbol", "ZapfDingbats"}


@dataclass
class Line:
    page: int  # 1-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    fonts: set = field(default_factory=set)
    sizes: set = field(default_factory=set)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def bold(self) -> bool:
        return all("Bold" in f for f in self.fonts)

    @property
    def italic(self) -> bool:
        return all("Italic" in f for f in self.fonts)


@dataclass
class Page:
    number: int
    width: float
    height: float
    chars: list
    lines: list


def _items(item, kind=LTChar):
    """Every `kind` (characters by default) inside a pdfminer layout item, depth first."""
    if isinstance(item, kind):
        yield item
        return
    try:
        children = list(item)
    except TypeError:
        return
    for child in children:
        yield from _items(child, kind)


def _lines(number: int, chars: list[LTChar], gap: float = 15.0) -> list[Line]:
    """Characters on one baseline, split where a horizontal gap wider than `gap` points separates them
    (the two columns of the header block stand on the same baselines)."""
    rows: dict[float, list[LTChar]] = {}
    for char in chars:
        key = round(char.y0, 0)
        rows.setdefault(key, []).append(char)
    found = []
    for key in sorted(rows, reverse=True):
        row = sorted(rows[key], key=lambda c: c.x0)
        current: list[LTChar] = []
        for char in row:
            if current and char.x0 - current[-1].x1 > gap:
                found.append(_line(number, current))
                current = []
            current.append(char)
        if current:
            found.append(_line(number, current))
    return [line for line in found if line.text]


def _line(number: int, chars: list[LTChar]) -> Line:
    visible = [c for c in chars if c.get_text().strip()]
    text = ""
    for index, char in enumerate(visible):
        if index and char.x0 - visible[index - 1].x1 > 0.12 * char.size:  # a word space (spaces are not kept)
            text += " "
        text += char.get_text()
    if not visible:
        return Line(number, "", 0, 0, 0, 0)
    return Line(number, text, min(c.x0 for c in visible), min(c.y0 for c in visible), max(c.x1 for c in visible),
                max(c.y1 for c in visible), {c.fontname for c in visible}, {round(c.size, 1) for c in visible})


def pages(path: Path) -> list[Page]:
    found = []
    for number, layout in enumerate(extract_pages(str(path), laparams=LAParams()), start=1):
        assert isinstance(layout, LTPage)
        chars = [c for c in _items(layout) if c.get_text().strip()]
        found.append(Page(number, layout.width, layout.height, chars, _lines(number, chars)))
    return found


def find(page: Page, text: str) -> Line:
    matches = [line for line in page.lines if line.text == text]
    assert matches, f"no line {text!r} on page {page.number}: {[l.text for l in page.lines][:40]}"
    return matches[0]


# --------------------------------------------------------------------------- fonts


def _walk(obj, seen: set, found: list) -> None:
    if isinstance(obj, generic.IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, generic.StreamObject) or isinstance(obj, generic.DictionaryObject):
        if obj.get("/Type") == "/Font":
            found.append(obj)
        for key, value in obj.items():
            if key in ("/Parent", "/P"):
                continue
            _walk(value, seen, found)
    elif isinstance(obj, generic.ArrayObject):
        for value in obj:
            _walk(value, seen, found)


def fonts(path: Path) -> list[dict]:
    """Every font dictionary reachable in the file (pages, form XObjects, annotation appearances)."""
    reader = PdfFileReader(io.BytesIO(Path(path).read_bytes()), strict=False)
    found: list = []
    _walk(reader.trailer_view, set(), found)
    result = []
    for font in found:
        subtype = font.get("/Subtype")
        descriptor_owner = font
        if subtype == "/Type0":
            descriptor_owner = font["/DescendantFonts"][0].get_object()
        descriptor = descriptor_owner.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        embedded = subtype == "/Type3" or bool(descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
        result.append({"name": str(font.get("/BaseFont", "")), "subtype": str(subtype), "embedded": embedded})
    return result


# --------------------------------------------------------------------------- poppler


def run_poppler(tool: str, *args) -> str:
    done = subprocess.run([shutil.which(tool), *map(str, args)], capture_output=True, timeout=120)
    return done.stdout.decode("utf-8", errors="replace") + done.stderr.decode("utf-8", errors="replace")


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = []
    if first:
        args += ["-f", first]
    if last:
        args += ["-l", last]
    done = subprocess.run([shutil.which("pdftotext"), "-enc", "UTF-8", *map(str, args), str(path), "-"],
                          capture_output=True, timeout=120, check=True)
    return done.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- the visible signature


@dataclass
class Appearance:
    """What the visible signature's appearance stream draws, in its own coordinates (pdfminer, as a page)."""
    rect: tuple  # the signature field's rectangle on its page
    page: int
    chars: list
    lines: list
    images: list  # LTImage, with their boxes


def signature_appearance(path: Path) -> Appearance:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTImage
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    with open(path, "rb") as handle:
        document = PDFDocument(PDFParser(handle))
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            for annotation in resolve1(page.annots) or []:
                annotation = resolve1(annotation)
                if getattr(resolve1(annotation.get("FT")), "name", None) != "Sig":
                    continue
                stream = resolve1(resolve1(annotation["AP"])["N"])
                as_page = PDFPage(document, 0, {"MediaBox": stream.attrs["BBox"],
                                                "Resources": stream.attrs.get("Resources"), "Contents": stream}, None)
                resources = PDFResourceManager()
                device = PDFPageAggregator(resources, laparams=LAParams())
                PDFPageInterpreter(resources, device).process_page(as_page)
                layout = device.get_result()
                chars = [c for c in _items(layout) if c.get_text().strip()]
                return Appearance(tuple(float(v) for v in resolve1(annotation["Rect"])), number, chars,
                                  _lines(number, chars), list(_items(layout, LTImage)))
    raise AssertionError(f"{path} has no visible signature")


def overlaps(a, b, margin: float = 0.0) -> bool:
    """Whether two (x0, y0, x1, y1) boxes overlap (by more than `margin`)."""
    return a[0] < b[2] - margin and b[0] < a[2] - margin and a[1] < b[3] - margin and b[1] < a[3] - margin
