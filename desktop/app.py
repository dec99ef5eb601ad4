"""Composition root of the window: arguments, paths, language, the book, the services, the main window."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.i18n import current_language, set_language
from desktop.paths import AppPaths, resources_dir
from desktop.services.app_settings import AppSettings


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="socanbo-gui", add_help=False)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--data")
    parser.add_argument("--lang", choices=("vi", "en"))
    parser.add_argument("book", nargs="?")  # a .socanbo file opened from Explorer
    args, _unknown = parser.parse_known_args(argv)
    return args


def build_window(args: argparse.Namespace, paths: AppPaths, settings: AppSettings):
    """The main window on the right book (demo, --data, the file given, or the last one), or the welcome."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.session import BookSession

    session = BookSession(settings, paths.settings_file, default_backups_dir=paths.backups_dir)
    window = MainWindow(session, paths.demo_book)
    window.restore_geometry_from(settings.window_geometry)
    if args.demo:
        window.open_demo()
    elif args.data or args.book:
        window.open_path(Path(args.data or args.book))
    elif settings.last_book and settings.last_book.exists():
        window.open_path(settings.last_book)
    return window


def create_application(argv: list[str]):
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.ui.qt_translation import install_qt_translation

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "socanbo", *argv])
    app.setApplicationName("SoCanBo")
    app.setApplicationDisplayName("Sổ cán bộ công đoàn")
    if current_language() == "vi":
        # Numbers in spin boxes and dates in Qt widgets the Vietnamese way (1.234,5).
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    icon = resources_dir() / "icons" / "socanbo.ico"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    app._socanbo_translator = install_qt_translation(app)  # kept alive with the application
    return app


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_arguments(argv)
    paths = AppPaths.default().ensure()
    settings = AppSettings.load(paths.settings_file)
    set_language(args.lang or settings.language)
    app = create_application(argv)
    from desktop.ui.errors import install_exception_hook

    window = build_window(args, paths, settings)
    install_exception_hook(paths.log_file, lambda: window)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
