"""Tổng quan: the book at a glance — the union, the term, officers by group, this year's evaluation and
training coverage, each number next to its target."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.domain.evaluation import Level, Status
from desktop.domain.officers import Group
from desktop.domain.vietnamese import format_number
from desktop.i18n import _
from desktop.ui.pages.base import Page, page_heading
from desktop.ui.widgets.bar_chart import BarChart
from desktop.ui.widgets.stat_card import StatCard
from desktop.ui.widgets.year_summary_view import share_text

INDICATOR_CARDS = ("officers_trained", "key_trained_for_post", "women_share", "young_share")


def percent(value: float | None) -> str:
    return "—" if value is None else format_number(value, 0 if value == int(value) else 1) + "%"


class OverviewPage(Page):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("overviewPage")
        outer = QVBoxLayout(self)
        outer.addWidget(page_heading(_("Overview")))
        self.union_label = QLabel()
        self.union_label.setObjectName("unionLine")
        self.union_label.setWordWrap(True)
        outer.addWidget(self.union_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setSpacing(12)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.cards: dict[str, StatCard] = {}
        captions = [
            ("bch", _("Executive committee (BCH) members")),
            ("ubkt", _("Inspection committee (UBKT) members")),
            ("below", _("Union group leaders and other posts")),
            ("evaluation", _("Evaluations of this year finalised")),
        ]
        for key in INDICATOR_CARDS:
            captions.append((key, ""))
        for index, (key, caption) in enumerate(captions):
            card = StatCard(caption)
            card.setObjectName(f"card_{key}")
            self.cards[key] = card
            self.grid.addWidget(card, index // 4, index % 4)
        self.levels_box = QGroupBox()
        self.levels_box.setObjectName("levelsBox")
        box_layout = QVBoxLayout(self.levels_box)
        self.levels_note = QLabel()
        self.levels_note.setWordWrap(True)
        self.levels_chart = BarChart()
        self.levels_chart.setObjectName("overviewLevels")
        box_layout.addWidget(self.levels_note)
        box_layout.addWidget(self.levels_chart)
        rows = (len(captions) + 3) // 4
        self.grid.addWidget(self.levels_box, rows, 0, 1, 4)
        self.grid.setRowStretch(rows + 1, 1)
        self.refresh()

    def refresh(self) -> None:
        services = self.services
        if services is None:
            return
        profile = services.union.profile()
        today = services.officers.today()
        self.union_label.setText(_("{union} — superior union: {superior} — term {term}").format(
            union=profile.union_name, superior=profile.superior_name, term=profile.term.label))
        counts = services.officers.counts_by_group(today)
        self.cards["bch"].show_value(str(counts[Group.BCH]))
        self.cards["ubkt"].show_value(str(counts[Group.UBKT]))
        self.cards["below"].show_value(str(counts[Group.BELOW]))
        # The evaluation and the targets read much of the book: they fill in just after the page is painted,
        # so the window appears at once even on a large book (a page never shown never computes them).
        for key in ("evaluation", *INDICATOR_CARDS):
            self.cards[key].show_value("…")
        self._slow_cards_pending = True
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if getattr(self, "_slow_cards_pending", False):
            self._slow_cards_pending = False
            QTimer.singleShot(0, self._fill_slow_cards)

    def _fill_slow_cards(self) -> None:
        services = self.services
        if services is None:
            return
        profile = services.union.profile()
        self._show_evaluation(services, services.evaluations.working_year())
        values = {v.key: v for v in services.indicators.for_term(profile.term)}
        for key in INDICATOR_CARDS:
            value = values.get(key)
            card = self.cards[key]
            if value is None:
                card.hide()
                continue
            card.show()
            card.caption.setText(_(value.name) + " " + _("(term {term})").format(term=profile.term.label))
            state = {True: "met", False: "unmet", None: ""}[value.met]
            card.show_value(percent(value.actual), _("{done} of {total}; target {target}").format(
                done=value.numerator, total=value.denominator, target=percent(value.target)), state)

    def _show_evaluation(self, services, year: int) -> None:
        rows = services.evaluations.rows(year)
        done = sum(1 for row in rows if row.evaluation.status() == Status.FINAL)
        card = self.cards["evaluation"]
        self.levels_box.setTitle(_("Levels in {year}").format(year=year))
        card.caption.setText(_("Evaluations of {year} finalised").format(year=year))
        if not rows:
            card.show_value("—", _("The evaluation of {year} has not been opened yet.").format(year=year))
            self.levels_note.setText(_("The evaluation of {year} has not been opened yet.").format(year=year))
            self.levels_chart.set_bars([])
            return
        closed = services.evaluations.year_closed(year)
        detail = _("the year is closed") if closed else _("target: all {count}").format(count=len(rows))
        card.show_value(f"{done}/{len(rows)}", detail, "met" if done == len(rows) else "unmet")
        summary = services.evaluations.summary(year)
        self.levels_chart.set_bars([(_(level.short_label), summary.counts[level],
                                     f"{summary.counts[level]} ({share_text(summary.share(level))})")
                                    for level in Level])
        note = _("{done} of {total} evaluations of {year} are finalised.").format(done=done, total=len(rows),
                                                                                 year=year)
        if summary.cap.exceeded:
            note += " ⚠ " + _("More 'excellent' than {percent} of 'good'.").format(
                percent=share_text(100 * summary.cap_ratio))
        self.levels_note.setText(note)
