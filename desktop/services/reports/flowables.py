"""The report's own flowables: a short rule, the signature space that remembers where it landed, the start
of a document inside a file, a heading kept with the first rows of its table, and content placed where it fits.
"""
from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Table
from reportlab.platypus.doctemplate import NullActionFlowable
from reportlab.platypus.flowables import _listWrapOn


class Rule(Flowable):
    """A thin horizontal line of a given length, centred in the available width."""

    def __init__(self, length: float, space_before: float = 1, space_after: float = 2) -> None:
        super().__init__()
        self.length = length
        self.space_before = space_before
        self.space_after = space_after

    def wrap(self, available_width, available_height):
        self.available = available_width
        return available_width, self.space_before + self.space_after + 0.6

    def draw(self) -> None:
        x = (self.available - self.length) / 2
        y = self.space_after
        self.canv.setLineWidth(0.6)
        self.canv.setStrokeColor(colors.black)
        self.canv.line(x, y, x + self.length, y)


class SignatureSlot(Flowable):
    """Empty space for the signature and the seal that remembers where it landed on the page.

    The signing step puts the visible digital signature there, so it must know the page and the rectangle.
    """

    def __init__(self, height: float, record: dict) -> None:
        super().__init__()
        self.height = height
        self.record = record

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.record.update(page=self.canv.getPageNumber(), box=(x, y, x + self.width, y + self.height))


class DocumentStart(Flowable):
    """Marks the first page of a document inside the file: page numbers count from here."""

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        self.canv._doc_start_page = self.canv.getPageNumber()  # noqa: SLF001 - read by the page callback


class KeepWithFirstRows(KeepTogether):
    """What a heading's keepWithNext builds: the heading stays with what follows it, but a table following it
    only needs its header and first rows on the same page. The table then starts under its heading and goes
    on over the page (its header repeats, no row is cut) instead of moving whole to the next page and leaving
    this one half empty."""

    FIRST_ROWS = 2  # body rows that go with the heading and the header row

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        table = self._content[-1]
        heights = getattr(table, "_rowHeights", None) if isinstance(table, Table) else None
        if heights and self._H > aH:
            keep = min(len(heights), int(table.repeatRows or 0) + self.FIRST_ROWS)
            if keep < len(heights) and self._H - sum(heights) + sum(heights[:keep]) <= aH:
                return list(self._content)  # the frame places the heading, then the table splits between rows
        return super().split(aW, aH)


class HereIfItFits(Flowable):
    """Content that goes here if it fits whole in what is left of the page, else where `ElseThere` with the
    same `choice` stands further on (the criteria of the evaluation: at the foot of the page the summary
    leaves, or else after the wide table they explain, on its landscape page)."""

    def __init__(self, content: list, choice: dict) -> None:
        super().__init__()
        self.content = content
        self.choice = choice

    def wrap(self, available_width, available_height):
        return available_width, 0xFFFFFF  # always split: the decision needs the height left

    def split(self, available_width, available_height):
        _width, height = _listWrapOn(self.content, available_width, self.canv) if self.content else (0, 0)
        self.choice["here"] = height <= available_height
        return list(self.content) if self.choice["here"] and self.content else [NullActionFlowable()]


class ElseThere(Flowable):
    """Where the content of a `HereIfItFits` goes when it did not fit there."""

    def __init__(self, content: list, choice: dict) -> None:
        super().__init__()
        self.content = content
        self.choice = choice

    def wrap(self, available_width, available_height):
        return available_width, 0xFFFFFF

    def split(self, available_width, available_height):
        return [NullActionFlowable()] if self.choice.get("here") or not self.content else list(self.content)
