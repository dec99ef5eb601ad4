"""The pages of the main window, in navigation order. Areas whose work has not landed show a short text."""
from __future__ import annotations

from desktop.i18n import _
from desktop.ui.pages.base import ComingPage
from desktop.ui.pages.evaluation import EvaluationPage
from desktop.ui.pages.overview import OverviewPage


def build_pages(session, window):
    """(welcome page, [(key, title, page), ...]) for the main window."""
    from desktop.ui.pages.welcome import WelcomePage

    welcome = WelcomePage(session, window)
    pages = [
        ("overview", _("Overview"), OverviewPage(session)),
        ("officers", _("Officers"), _officers_page(session)),
        ("evaluation", _("Evaluation"), EvaluationPage(session)),
        ("training", _("Training"), ComingPage(
            session, _("Training"), _("Courses, attendance and results, imported from the superior union's Excel "
                                      "files, and how far the union is from the training targets."))),
        ("reports", _("Reports"), ComingPage(
            session, _("Reports"), _("The yearly report for the superior union as a signed PDF."))),
        ("backups", _("Backups"), ComingPage(
            session, _("Backups"), _("Automatic backups of the book, and restoring one."))),
        ("settings", _("Settings"), _settings_page(session)),
    ]
    return welcome, pages


def _officers_page(session):
    from desktop.ui.pages.officers import OfficersPage

    return OfficersPage(session)


def _settings_page(session):
    from desktop.ui.pages.settings import SettingsPage

    return SettingsPage(session)
