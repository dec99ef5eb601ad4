"""The pages of the main window, in navigation order."""
from __future__ import annotations

from desktop.i18n import _
from desktop.ui.pages.overview import OverviewPage


def build_pages(session, window):
    """(welcome page, [(key, title, factory), ...]) for the main window.

    Pages are built by their factory the first time they are shown, not at start-up: the first window
    appears sooner and a page's heavy libraries (reportlab, pyHanko for the reports) load only when needed.
    """
    from desktop.ui.pages.welcome import WelcomePage

    welcome = WelcomePage(session, window)
    pages = [
        ("overview", _("Overview"), lambda: OverviewPage(session)),
        ("officers", _("Officers"), lambda: _officers_page(session)),
        ("evaluation", _("Evaluation"), lambda: _evaluation_page(session)),
        ("training", _("Training"), lambda: _training_page(session)),
        ("reports", _("Reports"), lambda: _reports_page(session)),
        ("backups", _("Backups"), lambda: _backups_page(session)),
        ("audit", _("History of changes"), lambda: _audit_page(session)),
        ("settings", _("Settings"), lambda: _settings_page(session)),
    ]
    return welcome, pages


def _evaluation_page(session):
    from desktop.ui.pages.evaluation import EvaluationPage

    return EvaluationPage(session)


def _officers_page(session):
    from desktop.ui.pages.officers import OfficersPage

    return OfficersPage(session)


def _training_page(session):
    from desktop.ui.pages.training import TrainingPage

    return TrainingPage(session)


def _reports_page(session):
    from desktop.ui.pages.reports import ReportsPage

    return ReportsPage(session)


def _backups_page(session):
    from desktop.ui.pages.backups import BackupsPage

    return BackupsPage(session)


def _audit_page(session):
    from desktop.ui.pages.audit import AuditPage

    return AuditPage(session)


def _settings_page(session):
    from desktop.ui.pages.settings import SettingsPage

    return SettingsPage(session)
