"""The administrative page of Nghị định 30/2020/NĐ-CP, Phụ lục I, in reportlab platypus.

A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman (or its metric twin), black.
The header block is a two-column table: the superior and the issuing union with a short rule and the number
at left, the national title and the motto with a rule as long as the motto, then the italic place and date
at right. Page numbers stand centred in the top margin from the second page of each document on (a file of
evaluation sheets holds several documents). Wide tables get landscape pages with the same margins.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer,
                                Table, TableStyle)

from desktop.domain.vietnamese import format_number, nfc
from desktop.services.reports.flowables import KeepWithFirstRows, Rule, SignatureSlot
from desktop.services.reports.fonts import FontSet
from desktop.services.reports.line_breaks import balanced_lines

PORTRAIT, LANDSCAPE = A4, landscape(A4)
TOP, BOTTOM, LEFT, RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
HEADER_LEFT_MIN, HEADER_LEFT_MAX = 55 * mm, 80 * mm  # the left column gets what the right one leaves
HEADER_GAP = 4.5 * mm  # at least, between the two columns' texts (less, and a reader runs the lines together)
SUPERIOR_SIZE, ISSUER_SIZE = 12, 13  # Phụ lục I: 12–13 pt; the superior union regular, the issuing one bold
SIGNATURE_SPACE = 44 * mm  # between "CHỦ TỊCH" and the name: a seal of ~35 mm above the signer's two lines
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def text_width(page_size=PORTRAIT) -> float:
    return page_size[0] - LEFT - RIGHT


def escape(text) -> str:
    """Plain text for a Paragraph: NFC, markup characters escaped, line breaks kept."""
    text = nfc("" if text is None else str(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def number(value, decimals: int = 1) -> str:
    """A number as the document prints it: Vietnamese separators, one decimal unless it is whole (86,4 / 100)."""
    if value is None:
        return ""
    return format_number(value, decimals if value != int(value) else 0)


def percent(value) -> str:
    """A percentage as the tables and the charts print it ("86,4%", "100%", "—" when not measured)."""
    return "—" if value is None else f"{number(value)}%"


def upper(text: str) -> str:
    return nfc((text or "").upper())


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    body: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    small_cell: ParagraphStyle
    small_center: ParagraphStyle
    small_head: ParagraphStyle
    caption: ParagraphStyle
    sheet_line: ParagraphStyle


def make_styles(fonts: FontSet, body_size: float = 14) -> Styles:
    def style(name, font=fonts.regular, size=body_size, align=TA_JUSTIFY, **extra) -> ParagraphStyle:
        extra.setdefault("leading", size * 1.2)
        return ParagraphStyle(name, fontName=font, fontSize=size, alignment=align, textColor=colors.black,
                              **extra)

    return Styles(
        fonts=fonts,
        body=style("body", firstLineIndent=10 * mm, spaceAfter=6),
        heading=style("heading", font=fonts.bold, spaceBefore=6, spaceAfter=6, firstLineIndent=10 * mm,
                      keepWithNext=1),
        subheading=style("subheading", font=fonts.bold, spaceBefore=3, spaceAfter=4, firstLineIndent=10 * mm,
                         keepWithNext=1),
        cell=style("cell", size=12, align=TA_LEFT, leading=14),
        cell_center=style("cell_center", size=12, align=TA_CENTER, leading=14),
        cell_head=style("cell_head", font=fonts.bold, size=12, align=TA_CENTER, leading=14),
        small_cell=style("small_cell", size=11, align=TA_LEFT, leading=13),
        small_center=style("small_center", size=11, align=TA_CENTER, leading=13),
        small_head=style("small_head", font=fonts.bold, size=11, align=TA_CENTER, leading=13),
        caption=style("caption", font=fonts.italic, size=12, align=TA_CENTER, leading=14, spaceBefore=2,
                      spaceAfter=8),
        sheet_line=style("sheet_line", align=TA_LEFT, spaceAfter=3),
    )


def centred(text: str, font: str, size: float, *, space_before: float = 0, space_after: float = 0,
            leading: float | None = None) -> Paragraph:
    return Paragraph(escape(text), ParagraphStyle(
        f"c-{font}-{size}", fontName=font, fontSize=size, leading=leading or size * 1.2, alignment=TA_CENTER,
        spaceBefore=space_before, spaceAfter=space_after, textColor=colors.black))


class AdministrativeDocTemplate(BaseDocTemplate):
    """Portrait and landscape pages with the administrative margins and the page number in the top margin."""

    def __init__(self, target, fonts: FontSet, *, title: str, author: str, subject: str = "") -> None:
        super().__init__(target, pagesize=PORTRAIT, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP,
                         bottomMargin=BOTTOM, title=title, author=author, subject=subject,
                         creator="Sổ cán bộ công đoàn", producer="Sổ cán bộ công đoàn (reportlab)", lang="vi",
                         initialFontName=fonts.regular, initialFontSize=14, initialLeading=16.8,
                         keepTogetherClass=KeepWithFirstRows)
        self.fonts = fonts
        self.addPageTemplates([self._template("portrait", PORTRAIT), self._template("landscape", LANDSCAPE)])

    def _template(self, name: str, size) -> PageTemplate:
        frame = Frame(LEFT, BOTTOM, size[0] - LEFT - RIGHT, size[1] - TOP - BOTTOM, id=f"{name}-frame",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return PageTemplate(id=name, frames=[frame], pagesize=size, onPageEnd=self._page_number)

    def _page_number(self, canvas, doc) -> None:
        page = canvas.getPageNumber()
        number = page - getattr(canvas, "_doc_start_page", 1) + 1
        if number < 2:
            return
        width, height = canvas._pagesize  # noqa: SLF001 - the size of this page (portrait or landscape)
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 14)
        canvas.setFillColor(colors.black)
        canvas.drawCentredString(LEFT + (width - LEFT - RIGHT) / 2, height - TOP / 2 - 5, str(number))
        canvas.restoreState()


def cell_font(fonts: FontSet) -> tuple:
    """Table cells set their font even when they hold flowables; the default would be Helvetica."""
    return ("FONT", (0, 0), (-1, -1), fonts.regular, 12)


def header_block(fonts: FontSet, *, superior: str, issuer: str, number_line: str, date_line: str) -> Table:
    """The two-column block at the top of the first page (Nghị định 30/2020, Phụ lục I, ô 1–4).

    The right column is as wide as its longest line (the national title or the place-and-date line); the
    left one takes the rest, and the two union names are broken into balanced lines that fit it."""
    right_text = max(stringWidth(NATIONAL_TITLE, fonts.bold, 13), stringWidth(MOTTO, fonts.bold, 14),
                     stringWidth(nfc(date_line or ""), fonts.italic, 14))
    left_width = max(HEADER_LEFT_MIN, min(HEADER_LEFT_MAX, text_width() - right_text - 1 * mm))
    # Both columns centre their lines, so the space between a left line and the right column's widest one is
    # half of what the two leave of the full width, whatever the split: the left lines are kept short enough.
    line_width = min(left_width, text_width() - right_text - 2 * HEADER_GAP)

    def lines(text: str, font: str, size: float) -> list[str]:
        return balanced_lines(upper(text), lambda line: stringWidth(line, font, size), line_width)

    issuer_lines = lines(issuer, fonts.bold, ISSUER_SIZE)
    issuer_line = min(max((stringWidth(line, fonts.bold, ISSUER_SIZE) for line in issuer_lines), default=0),
                      left_width - 4 * mm)
    left_top = [centred("\n".join(lines(superior, fonts.regular, SUPERIOR_SIZE)), fonts.regular, SUPERIOR_SIZE,
                        leading=SUPERIOR_SIZE + 2),
                centred("\n".join(issuer_lines), fonts.bold, ISSUER_SIZE, leading=ISSUER_SIZE + 2),
                Rule(issuer_line * 0.4, space_before=3.5)]  # clear of a dot below (Ặ) on the last line
    motto_width = stringWidth(MOTTO, fonts.bold, 14)
    right_top = [centred(NATIONAL_TITLE, fonts.bold, 13, leading=15),
                 centred(MOTTO, fonts.bold, 14, leading=16),
                 Rule(motto_width, space_before=2)]
    rows = [[left_top, right_top]]
    if number_line or date_line:
        rows.append([centred(number_line, fonts.regular, 13), centred(date_line, fonts.italic, 14)])
    table = Table(rows, colWidths=[left_width, text_width() - left_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        cell_font(fonts), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 1), (-1, -1), 4),
    ]))
    return table


def title_block(fonts: FontSet, title: str, summary: str, *, to: str | None) -> list:
    """Document kind (UPPER, bold), its summary line (bold) with a short rule, then "Kính gửi"."""
    summary_rule = min(stringWidth(summary, fonts.bold, 14), text_width()) * 0.35
    parts = [centred(upper(title), fonts.bold, 14, space_before=16, leading=17),
             centred(summary, fonts.bold, 14, leading=17), Rule(summary_rule, space_before=2, space_after=8)]
    if to:
        parts.append(centred(f"Kính gửi: {to}.", fonts.regular, 14, space_after=8))
    return parts


def closing_block(fonts: FontSet, *, recipients: list[str], deputy: bool, signer_name: str,
                  slot_record: dict, lead: list | None = None) -> KeepTogether:
    """"Nơi nhận" at bottom left and the signature block at bottom right, kept on one page with `lead` (the
    closing sentence: a signature never stands alone on the last page)."""
    left = [Paragraph("Nơi nhận:", ParagraphStyle("recipients-head", fontName=fonts.bold_italic, fontSize=12,
                                                   leading=14, textColor=colors.black))]
    item_style = ParagraphStyle("recipient", fontName=fonts.regular, fontSize=11, leading=13,
                                textColor=colors.black)
    for index, recipient in enumerate(recipients):
        text = recipient.strip().rstrip(";.")
        end = "." if index == len(recipients) - 1 else ";"
        left.append(Paragraph(escape(f"- {text}{end}"), item_style))
    first, second = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") if deputy else ("TM. BAN CHẤP HÀNH", "CHỦ TỊCH")
    right = [centred(first, fonts.bold, 14, leading=17), centred(second, fonts.bold, 14, leading=17),
             SignatureSlot(SIGNATURE_SPACE, slot_record),
             centred(signer_name, fonts.bold, 14, leading=17)]
    table = Table([[left, right]], colWidths=[text_width() * 0.45, text_width() * 0.55], hAlign="LEFT")
    table.setStyle(TableStyle([cell_font(fonts), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (0, 0), 4)]))
    return KeepTogether([*(lead or []), Spacer(1, 10), table])


CELL_PADDING = 3  # points left and right of a table cell's text


def fitted_widths(rows: list[list], fixed: dict[int, float], available: float, styles: Styles, *,
                  small: bool = False, header_rows: int = 1) -> list[float]:
    """Column widths for `rows` in `available`: the `fixed` columns as given, the others as wide as their
    longest text (header included) on one line where the space allows; when it does not, the narrow columns
    keep their width and the widest share what is left equally (their longest texts then wrap), as a web
    browser lays out a table."""
    plain, head = (styles.small_cell, styles.small_head) if small else (styles.cell, styles.cell_head)
    extra = 2 * CELL_PADDING + 0.6
    columns = len(rows[0])
    natural = {}
    for c in range(columns):
        if c in fixed:
            continue
        body = max((stringWidth(nfc(str(row[c] if row[c] is not None else "")), plain.fontName, plain.fontSize)
                    for row in rows[header_rows:]), default=0)
        title = max((stringWidth(nfc(str(row[c])), head.fontName, head.fontSize) for row in rows[:header_rows]),
                    default=0)
        natural[c] = max(body, title) + extra
    left = available - sum(fixed.values())
    widths = dict(fixed)
    pending = sorted(natural, key=natural.get)
    while pending:
        share = left / len(pending)
        if natural[pending[0]] > share:  # every column left is wider than its share: they split the rest
            widths.update({c: share for c in pending})
            break
        column = pending.pop(0)
        widths[column] = natural[column]
        left -= natural[column]
    if not pending and natural and left > 0:  # room to spare: to the widest text columns, evenly
        spread = sorted(natural, key=natural.get, reverse=True)[:2]
        for column in spread:
            widths[column] += left / len(spread)
    return [widths[c] for c in range(columns)]


def grid_table(rows: list[list], widths: list[float], styles: Styles, *, header_rows: int = 1, small: bool = False,
               align: dict[int, str] | None = None, bold_rows: tuple[int, ...] = ()) -> Table:
    """A ruled table of text cells; the header repeats on every page and a row never splits.

    A body cell whose text fits on one line is drawn as a plain string (no paragraph to wrap), which makes a
    long table several times cheaper to lay out; longer texts wrap in a Paragraph.
    """
    head, plain, center = ((styles.small_head, styles.small_cell, styles.small_center) if small
                           else (styles.cell_head, styles.cell, styles.cell_center))
    bold = ParagraphStyle("bold-cell", parent=plain, fontName=styles.fonts.bold)
    bold_center = ParagraphStyle("bold-center", parent=center, fontName=styles.fonts.bold)
    align = align or {}
    padding = CELL_PADDING
    commands = [("FONT", (0, 0), (-1, -1), plain.fontName, plain.fontSize, plain.leading)]
    commands += [("FONT", (0, r), (-1, r), styles.fonts.bold, plain.fontSize, plain.leading) for r in bold_rows]
    commands += [("ALIGN", (c, header_rows), (c, -1), "CENTER") for c, how in align.items() if how == "center"]
    cells = []
    for r, row in enumerate(rows):
        out = []
        for c, value in enumerate(row):
            if isinstance(value, Flowable):
                out.append(value)
                continue
            if r < header_rows:
                out.append(Paragraph(escape(value), head))
                continue
            text = nfc("" if value is None else str(value))
            font = styles.fonts.bold if r in bold_rows else plain.fontName
            if "\n" not in text and stringWidth(text, font, plain.fontSize) <= widths[c] - 2 * padding - 0.5:
                out.append(text)
                continue
            if align.get(c) == "center":
                style = bold_center if r in bold_rows else center
            else:
                style = bold if r in bold_rows else plain
            out.append(Paragraph(escape(value), style))
        cells.append(out)
    table = Table(cells, colWidths=widths, repeatRows=header_rows, hAlign="CENTER", splitInRow=0)
    table.setStyle(TableStyle(commands + [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
    ]))
    return table
