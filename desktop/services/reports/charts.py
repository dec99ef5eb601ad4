"""The two bar charts of the report, drawn as vector graphics in the document font.

Every label sets its font explicitly (and the drawing's initial font too): reportlab's graphics default to
Times-Roman, a base-14 font that would not be embedded and has no Vietnamese letters.
"""
from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent

from desktop.services.reports.fonts import FontSet
from desktop.services.reports.layout import percent

THIS_YEAR = colors.HexColor("#1F4E79")
LAST_YEAR = colors.HexColor("#9DC3E6")
TERM = colors.HexColor("#A9D18E")
SHORT_LEVELS = {"1": "Hoàn thành xuất sắc", "2": "Hoàn thành tốt", "3": "Hoàn thành", "4": "Không hoàn thành"}
LABEL_SIZE = 10
HEIGHT = 56 * mm  # the legend at the top, the category names under the axis
CLEARANCE = 1.5  # points between a bar label's glyph box and the target line


def _chart(fonts: FontSet, width: float, height: float, data: list[list[float]], categories: list[str],
           fills: list, value_max: float, value_step: float, label_format: str) -> tuple[Drawing, VerticalBarChart]:
    drawing = Drawing(width, height, initialFontName=fonts.regular, initialFontSize=10)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 10 * mm
    chart.width, chart.height = width - 20 * mm, height - 24 * mm
    chart.data = data
    chart.categoryAxis.categoryNames = categories
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels):
        labels.fontName = fonts.regular
        labels.fontSize = 10
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -3
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, value_max, value_step
    chart.valueAxis.labelTextFormat = label_format
    chart.barLabelFormat = label_format
    chart.barLabels.nudge = 6
    chart.groupSpacing = 8
    chart.barSpacing = 2
    for index, fill in enumerate(fills):
        chart.bars[index].fillColor = fill
        chart.bars[index].strokeColor = colors.black
        chart.bars[index].strokeWidth = 0.3
    drawing.add(chart)
    return drawing, chart


def _legend(fonts: FontSet, x: float, y: float, pairs: list[tuple]) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = fonts.regular, 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 90
    legend.dx = legend.dy = 8
    legend.colorNamePairs = pairs
    return legend


def levels_chart(fonts: FontSet, evaluation: dict, width: float) -> Drawing:
    """How many officers reached each level, this year beside last year."""
    this_year = [evaluation["distribution"][key]["count"] for key in SHORT_LEVELS]
    previous = evaluation["previous_year"]
    last_year = [previous["distribution"][key]["count"] for key in SHORT_LEVELS]
    top = max(this_year + last_year + [1])
    step = 1 if top <= 6 else (2 if top <= 12 else 5)
    drawing, chart = _chart(fonts, width, HEIGHT, [this_year, last_year], list(SHORT_LEVELS.values()),
                            [THIS_YEAR, LAST_YEAR], (top // step + 1) * step, step, "%d")
    year = evaluation.get("year_label", "")
    drawing.add(_legend(fonts, chart.x + 4, HEIGHT - 2 * mm - 2,
                        [(THIS_YEAR, f"Năm {year}".strip()), (LAST_YEAR, f"Năm {previous['year']}")]))
    return drawing


def coverage_chart(fonts: FontSet, training: dict, width: float) -> Drawing:
    """Share of officers trained, per group: in the year and since the start of the term, against the target.

    The bar labels are the table's own texts ("86,4%", one decimal, Vietnamese comma) and stay clear of the
    dashed target line: a label that would touch it goes inside its bar (a bar reaching the line keeps its
    label above the line)."""
    rows = [row for row in training["coverage"] if row["officers"]]
    year = [row["percent_year"] or 0 for row in rows]
    term = [row["percent_term"] or 0 for row in rows]
    drawing, chart = _chart(fonts, width, HEIGHT, [year, term], [row["name"] for row in rows],
                            [THIS_YEAR, TERM], 110, 20, "%d%%")
    chart.valueAxis.labelTextFormat = lambda value: f"{value:.0f}%" if value <= 100 else ""
    chart.barLabelFormat = None  # drawn below, where they do not cross the target line
    target = training.get("target") or 100
    line_y = chart.y + chart.height * target / 110
    # behind the bars (inserted first), so the target line never strikes through a bar
    drawing.contents.insert(0, Line(chart.x, line_y, chart.x + chart.width, line_y, strokeColor=colors.red,
                                    strokeWidth=0.8, strokeDashArray=[3, 2]))
    bars = chart.draw()  # drawn now (not when the page is) so that the bars' positions are known
    drawing.contents[drawing.contents.index(chart)] = bars
    texts = [[percent(row["percent_year"]) for row in rows], [percent(row["percent_term"]) for row in rows]]
    ascent, descent = getAscentDescent(fonts.regular, LABEL_SIZE)
    for series, positions in enumerate(chart._barPositions):  # noqa: SLF001 - reportlab's own layout of the bars
        for index, (x, y, bar_width, height) in enumerate(positions):
            baseline, colour = _label_place(y + height, height, line_y, ascent, descent, dark=series == 0)
            drawing.add(String(x + bar_width / 2, baseline, texts[series][index], fontName=fonts.regular,
                               fontSize=LABEL_SIZE, fillColor=colour, textAnchor="middle"))
    key_y = HEIGHT - 2 * mm - 2  # the legend's line, at the top
    drawing.add(Line(chart.x + chart.width - 75, key_y, chart.x + chart.width - 60, key_y, strokeColor=colors.red,
                     strokeWidth=0.8, strokeDashArray=[3, 2]))
    drawing.add(String(chart.x + chart.width - 56, key_y - 3, f"Chỉ tiêu {percent(target)}",
                       fontName=fonts.regular, fontSize=LABEL_SIZE, fillColor=colors.black))
    drawing.add(_legend(fonts, chart.x + 4, key_y,
                        [(THIS_YEAR, "Trong năm"), (TERM, "Lũy kế từ đầu nhiệm kỳ")]))
    return drawing


def _label_place(top: float, height: float, line_y: float, ascent: float, descent: float,
                 dark: bool) -> tuple[float, object]:
    """The baseline and colour of a bar's label: above the bar, unless its glyph box would touch the target
    line; then inside the bar's top (white on the dark bar), or above the line for a bar that reaches it."""
    def clear(baseline: float) -> bool:
        return baseline + descent > line_y + CLEARANCE or baseline + ascent < line_y - CLEARANCE

    above = top + 3 - descent
    if clear(above):
        return above, colors.black
    inside = top - 2 - ascent
    if top < line_y - CLEARANCE and height >= ascent - descent + 4 and clear(inside):
        return inside, (colors.white if dark else colors.black)
    return line_y + CLEARANCE + 0.5 - descent, colors.black
