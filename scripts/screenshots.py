"""Render the window on the demo book, page by page, into PNG files (for README.md and for reviewing the look).

    ./scripts/screenshots                      Vietnamese, into docs/screenshots/
    ./scripts/screenshots --lang en --out /tmp/shots

Runs offscreen at 1366×768 (the usual office laptop), in a temporary data folder: the user's own books and
settings are never touched. Shows the welcome screen and the new-book wizard first, then every page of the
navigation on the demo book, in navigation order.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

WIDTH, HEIGHT = 1366, 768
ROOT = Path(__file__).resolve().parent.parent


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Render every page of the demo book into PNG files.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="folder for the PNG files")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the window (default vi)")
    return parser.parse_args(argv)


def render(out: Path, language: str, data_dir: Path) -> list[Path]:
    # Before anything reads them: the platform, and a data folder of our own.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SOCANBO_DATA_DIR"] = str(data_dir)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QCoreApplication, Qt

    from desktop.app import build_window, create_application, parse_arguments
    from desktop.i18n import set_language
    from desktop.paths import AppPaths
    from desktop.services.app_settings import AppSettings

    set_language(language)
    app = create_application([])
    paths = AppPaths.default().ensure()
    settings = AppSettings(language=language)
    window = build_window(parse_arguments([]), paths, settings)
    window.resize(WIDTH, HEIGHT)
    window.show()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shoot(widget, name: str) -> None:
        for _round in range(3):  # layouts settle over a few passes (word-wrapped labels)
            QCoreApplication.processEvents()
        target = out / f"{name}.png"  # stable names: README.md links to them
        if not widget.grab().save(str(target)):
            raise SystemExit(f"cannot write {target}")
        written.append(target)

    shoot(window, "welcome")
    wizard = window.welcome.make_wizard()
    wizard.union_page.union_name.setText("Công đoàn cơ sở Công ty TNHH Cơ khí Bình Minh")
    wizard.union_page.superior_name.setText("Công đoàn phường Tân Định")
    wizard.place_page.place_name.setText("Phường Tân Định")
    wizard.show()
    shoot(wizard, "new-book-wizard")
    wizard.next()
    shoot(wizard, "new-book-wizard-place")
    wizard.reject()

    window.open_demo()
    if window.session.services is None:
        raise SystemExit("the demo book did not open")
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        key = window.navigation.item(row).data(Qt.ItemDataRole.UserRole)
        shoot(window, key)
    window.close()
    app.processEvents()
    return written


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(prefix="socanbo-screenshots-") as data_dir:
        written = render(args.out.resolve(), args.lang, Path(data_dir))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
