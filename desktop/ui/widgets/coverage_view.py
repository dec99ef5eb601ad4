"""Training coverage against the targets, for the union's current term or one year: the share of officers
trained, key officers trained for their post, the chair's training in bargaining, safety and workplace
democracy — each as a number next to its target and as a bar — and who is still missing what.

The numbers are `IndicatorService.for_term` / `for_year` as they are (the same values the report and the
overview show); the list of people comes from each indicator's `missing` ids, with what the domain rule asks
of them spelled out (which topics the chair still lacks, for example).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QTableView, QVBoxLayout, QWidget)

from desktop.domain.errors import BookError
from desktop.domain.indicators import CHAIR_TOPICS, Period
from desktop.domain.officers import Term
from desktop.domain.training import TOPIC_LABELS
from desktop.domain.vietnamese import format_number, name_sort_key
from desktop.i18n import N_, _
from desktop.services.officers import RosterFilter
from desktop.ui.models.table_model import Column, TableModel
from desktop.ui.widgets.bar_chart import BarChart
from desktop.ui.widgets.stat_card import StatCard

MAX_ROWS_SIZED = 400
TERM = 0  # the period box's data for the current term (the other items hold a year)
COVERAGE_KEYS = ("officers_trained", "key_trained_for_post", "chair_bargaining")
BAR_LABELS = {"officers_trained": N_("Officers trained"), "key_trained_for_post": N_("Key officers, for their post"),
              "chair_bargaining": N_("Chair: bargaining, safety, democracy")}


def percent(value: float | None) -> str:
    return "—" if value is None else format_number(value, 0 if value == int(value) else 1) + "%"


@dataclass(frozen=True)
class MissingPerson:
    person_id: int
    full_name: str
    posts: str
    missing: str


class MissingModel(TableModel):
    NAME, POSTS, MISSING = range(3)
    columns = (
        Column(N_("Full name"), lambda r: r.full_name, sort_key=lambda r: name_sort_key(r.full_name)),
        Column(N_("Posts in the period"), lambda r: r.posts, sort_key=lambda r: r.posts, tooltip=lambda r: r.posts),
        Column(N_("Still missing"), lambda r: r.missing, sort_key=lambda r: r.missing, tooltip=lambda r: r.missing),
    )


def _topics(keys) -> str:
    """One topic, or "A or B" (the inspection chair may be trained in either)."""
    names = [_(TOPIC_LABELS[key]) for key in keys]
    return names[0] if len(names) == 1 else _("{first} or {second}").format(first=names[0], second=names[1])


def _held_in(holdings, period: Period):
    for holding in holdings:
        starts = holding.start_date or Period.for_year(holding.term.start_year).start
        ends = holding.end_date or Period.for_year(holding.term.end_year).end
        if starts <= period.end and ends >= period.start:
            yield holding


class CoverageView(QWidget):
    """Call `refresh(services)` when the book or its data changed; the period box re-reads on its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("coverageView")
        self.services = None
        self.term: Term | None = None
        self.values: dict = {}  # key -> IndicatorValue shown
        self.period_box = QComboBox()
        self.period_box.setObjectName("coveragePeriod")
        self.period_box.setToolTip(_("Measure over the union's current term, or over one year"))
        self.period_box.currentIndexChanged.connect(lambda _index: self.show_period())
        period_label = QLabel(_("Period:"))
        period_label.setBuddy(self.period_box)
        note = QLabel(_("A person counts as trained when they attended a course of the period and did not fail "
                        "it."))
        note.setObjectName("coverageNote")
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_box)
        top.addSpacing(12)
        top.addWidget(note, 1)

        self.cards: dict[str, StatCard] = {}
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for key in COVERAGE_KEYS:
            card = StatCard("")
            card.setObjectName(f"coverage_{key}")
            self.cards[key] = card
            cards.addWidget(card, 1)
        self.chart = BarChart()
        self.chart.setObjectName("coverageChart")
        chart_box = QGroupBox(_("Against the targets"))
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.addWidget(self.chart)

        self.missing_box = QGroupBox()
        self.missing_model = MissingModel(self)
        self.missing_table = QTableView()
        self.missing_table.setObjectName("coverageMissing")
        self.missing_table.setModel(self.missing_model)
        self.missing_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.missing_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing_table.setAlternatingRowColors(True)
        self.missing_table.setWordWrap(True)
        self.missing_table.verticalHeader().hide()
        self.missing_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.missing_table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MissingModel.MISSING, QHeaderView.ResizeMode.Stretch)
        self.missing_table.setColumnWidth(MissingModel.NAME, 210)
        self.missing_table.setColumnWidth(MissingModel.POSTS, 260)
        self.all_trained = QLabel()
        self.all_trained.setObjectName("emptyState")
        self.all_trained.setWordWrap(True)
        self.all_trained.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        missing_layout = QVBoxLayout(self.missing_box)
        missing_layout.addWidget(self.missing_table, 1)
        missing_layout.addWidget(self.all_trained)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addLayout(cards)
        layout.addWidget(chart_box)
        layout.addWidget(self.missing_box, 1)

    # ------------------------------------------------------------------ reading
    def refresh(self, services, year: int | None = None) -> None:
        """Re-read the book; offer the current term and each of its years (plus `year` if it is outside)."""
        self.services = services
        if services is None:
            self.values = {}
            return
        try:
            self.term = services.union.profile().term
        except BookError:
            self.term = None
        chosen = self.period_box.currentData()
        choices = []
        if self.term is not None:
            choices.append((_("Current term ({term})").format(term=self.term.label), TERM))
            years = list(range(self.term.start_year, self.term.end_year + 1))
        else:
            years = []
        today = services.officers.today().year
        for extra in (year, today):
            if extra is not None and extra not in years:
                years.append(extra)
        for each in sorted(years, reverse=True):
            choices.append((_("Year {year}").format(year=each), each))
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for text, data in choices:
            self.period_box.addItem(text, data)
        found = self.period_box.findData(chosen) if chosen is not None else -1
        self.period_box.setCurrentIndex(max(found, 0))
        self.period_box.blockSignals(False)
        self.show_period()

    def choose(self, kind: str, value=None) -> None:
        """Show the current term (`choose("term")`) or a year (`choose("year", 2025)`)."""
        index = self.period_box.findData(TERM if kind == "term" else value)
        if index >= 0:
            self.period_box.setCurrentIndex(index)

    def _chosen(self):
        """("term", Term) or ("year", 2025); None before a book is shown."""
        data = self.period_box.currentData()
        if data is None or (data == TERM and self.term is None):
            return None
        return ("term", self.term) if data == TERM else ("year", data)

    def period(self) -> Period | None:
        chosen = self._chosen()
        if chosen is None:
            return None
        kind, value = chosen
        return Period.for_term(value) if kind == "term" else Period.for_year(value)

    def show_period(self) -> None:
        services, chosen = self.services, self._chosen()
        if services is None or chosen is None:
            return
        kind, value = chosen
        values = services.indicators.for_term(value) if kind == "term" else services.indicators.for_year(value)
        self.values = {v.key: v for v in values if v.key in COVERAGE_KEYS}
        period_name = (_("the term {term}").format(term=value.label) if kind == "term"
                       else _("the year {year}").format(year=value))
        bars = []
        for key in COVERAGE_KEYS:
            card, value_of = self.cards[key], self.values.get(key)
            card.setVisible(value_of is not None)
            if value_of is None:
                continue
            card.caption.setText(_(value_of.name))
            if value_of.actual is None:
                card.show_value("—", _("Nobody to measure in {period}.").format(period=period_name))
            else:
                state = "met" if value_of.met else "unmet"
                card.show_value(percent(value_of.actual), _("{done} of {total}; target {target}").format(
                    done=value_of.numerator, total=value_of.denominator, target=percent(value_of.target)), state)
            bars.append((_(BAR_LABELS[key]), value_of.actual or 0,
                         _("{actual} (target {target})").format(actual=percent(value_of.actual),
                                                                target=percent(value_of.target))))
        self.chart.set_bars(bars, maximum=100)
        self._show_missing(services, self.period())

    def _show_missing(self, services, period: Period) -> None:
        needs: dict[int, list[str]] = {}
        wanted = self.values
        roster = {entry.person.id: entry for entry in services.officers.roster(RosterFilter(include_ended=True))}
        for key in COVERAGE_KEYS:
            value = wanted.get(key)
            for person_id in (value.missing if value else ()):
                entry = roster.get(person_id)
                needs.setdefault(person_id, []).append(self._what_is_missing(services, key, entry, period))
        rows = []
        for person_id, texts in needs.items():
            entry = roster.get(person_id)
            if entry is None:
                continue
            titles = []
            for holding in _held_in(entry.holdings, period):
                label = _(holding.title.label)
                if label not in titles:
                    titles.append(label)
            rows.append(MissingPerson(person_id, entry.person.full_name, ", ".join(titles), "\n".join(texts)))
        rows.sort(key=lambda r: name_sort_key(r.full_name))
        self.missing_model.set_rows(rows)
        if len(rows) <= MAX_ROWS_SIZED:  # one line per missing item; a huge list keeps fixed rows
            self.missing_table.resizeRowsToContents()
        self.missing_box.setTitle(_("Not yet trained as the targets ask ({count})").format(count=len(rows)))
        self.missing_table.setVisible(bool(rows))
        self.all_trained.setVisible(not rows)
        self.all_trained.setText(_("Everyone counted in this period has the training the targets ask for."))

    @staticmethod
    def _what_is_missing(services, key: str, entry, period: Period) -> str:
        if key == "officers_trained":
            return _("No course attended in the period")
        if key == "key_trained_for_post":
            wanted = ["union_work"]
            if entry is not None and any(h.title_key == "inspection_chair" for h in _held_in(entry.holdings, period)):
                wanted.append("inspection")
            return _("Not yet trained for the post (a course on {topics})").format(topics=_topics(wanted))
        # The chair: which of bargaining, safety and workplace democracy is still missing in the period.
        had = set()
        if entry is not None:
            for row in services.training.attendance(person_id=entry.person.id):
                course = row.course
                if row.attendance.trained and period.contains(course.start_date or course.end_date):
                    had.add(course.topic)
        lacking = [topic for topic in CHAIR_TOPICS if topic not in had]
        return _("As chair, no course yet on: {topics}").format(
            topics="; ".join(_(TOPIC_LABELS[t]) for t in lacking))  # topic names hold commas
