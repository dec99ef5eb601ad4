"""Composition root of the window: arguments, paths, language, the book, the services, the main window."""
from __future__ import annotations

import sys
from pathlib import Path

from desktop.i18n import _, set_language
from desktop.paths import AppPaths


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language("vi")
    paths = AppPaths.default().ensure()
    from desktop.services.book import open_book

    if "--demo" in argv:
        from desktop.services.demo import write_demo_book

        book_path = paths.demo_book
        if not book_path.exists():
            write_demo_book(book_path)
    else:
        book_path = Path(_option(argv, "--data") or paths.default_book)
    with open_book(book_path, read_only=True) as services:
        profile = services.union.profile()
        print(_("Book: {path}").format(path=book_path))
        print(f"{profile.union_name} — {profile.superior_name} — {profile.term.label}")
        print(_("{count} people, {courses} courses").format(count=services.officers.count(),
                                                            courses=services.training.count_courses()))
    return 0


def _option(argv: list[str], name: str) -> str | None:
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
    return None


if __name__ == "__main__":
    sys.exit(main())
