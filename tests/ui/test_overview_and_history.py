"""The overview page on the demo book, and one person's evaluations across years."""
from datetime import datetime, timedelta, timezone

import pytest

from desktop.domain.officers import Group
from desktop.services.app_settings import AppSettings
from desktop.services.demo import write_demo_book
from desktop.ui.pages.overview import OverviewPage
from desktop.ui.session import BookSession
from desktop.ui.widgets.person_evaluations import PersonEvaluations

CLOCK = lambda: datetime(2025, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=7)))  # noqa: E731


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.socanbo"
    write_demo_book(path)
    return path


@pytest.fixture
def demo_session(demo_file, tmp_path):
    session = BookSession(AppSettings(), tmp_path / "settings.json", clock=CLOCK)
    session.open(demo_file, read_only=True)
    yield session
    session.close()


def test_overview_shows_counts_progress_and_targets(qtbot, demo_session):
    page = OverviewPage(demo_session)
    qtbot.addWidget(page)
    page.show()
    demo_session.notify_changed()  # refresh while shown: the slow cards fill after the first paint
    assert page.cards["evaluation"].value.text() == "…"
    qtbot.waitUntil(lambda: page.cards["evaluation"].value.text() != "…")
    services = demo_session.services
    counts = services.officers.counts_by_group()
    assert page.cards["bch"].value.text() == str(counts[Group.BCH])
    assert page.cards["ubkt"].value.text() == str(counts[Group.UBKT])
    rows = services.evaluations.rows(2025)
    done = sum(1 for r in rows if r.evaluation.finalised)
    assert page.cards["evaluation"].value.text() == f"{done}/{len(rows)}"
    trained = {v.key: v for v in services.indicators.for_term(services.union.profile().term)}["officers_trained"]
    assert page.cards["officers_trained"].value.text().startswith(str(int(trained.actual)))
    assert page.cards["officers_trained"].value.property("state") == ("met" if trained.met else "unmet")
    assert "2025" in page.levels_box.title()
    summary = services.evaluations.summary(2025)
    assert [bar[1] for bar in page.levels_chart.bars] == [summary.counts[level] for level in summary.counts]
    assert "Sông Hồng" in page.union_label.text()


def test_person_history_lists_every_year(qtbot, demo_session):
    services = demo_session.services
    person_id = services.evaluations.rows(2024)[0].person.id
    history = services.evaluations.history(person_id)
    widget = PersonEvaluations()
    qtbot.addWidget(widget)
    widget.show_history(history)
    assert widget.table.rowCount() == len(history) >= 2
    assert [widget.table.item(i, 0).text() for i in range(len(history))] == [str(r.evaluation.year) for r in history]
    finished = [r for r in history if r.total is not None]
    assert len(widget.chart.bars) == len(finished)
    widget.show_history([])
    assert widget.empty.isVisibleTo(widget) and not widget.table.isVisibleTo(widget)
