"""A bulk, all-or-nothing write for the kill tests: run it, then kill it with SIGKILL at any moment.

    python tests/soak/bulk_worker.py MODE BOOK TAG [BACKUPS_DIR [BACKUP]]

MODE is one of:
  people       open the book through the services and add PEOPLE_PER_RUN people in ONE transaction
               (each with its audit row); every person's notes hold TAG. The page cache is kept small,
               so changed pages reach the book before the commit (as in a big import)
  evaluations  save every draft evaluation of EVALUATION_YEAR in ONE transaction, their strengths set to TAG
  backup       open the book and make a checked backup into BACKUPS_DIR (then thin the old ones)
  restore      restore BACKUP from BACKUPS_DIR over the book (the book is backed up first)

The worker prints `ready`, `begin` and `committed` (each with time.monotonic()) as it goes, so that the
kill loop can aim its kills; it exits 0 when done, 3 when the book refused the work with a clear message.
"""
from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop.domain.errors import BookError  # noqa: E402
from desktop.domain.officers import Person  # noqa: E402
from desktop.services.backups import BackupService  # noqa: E402
from desktop.services.book import open_book  # noqa: E402

PEOPLE_PER_RUN = 200
SPILLING_CACHE_PAGES = 8
EVALUATION_YEAR = 2025


def say(word: str) -> None:
    print(word, time.monotonic(), flush=True)


def add_people(services, tag: str) -> None:
    # A cache smaller than the write, as in a big import: SQLite then writes changed pages into the book
    # before the commit, so a kill leaves a hot journal that the next open must roll back.
    services.book.db.execute(f"PRAGMA cache_size = {SPILLING_CACHE_PAGES}")
    say("begin")
    with services.book.transaction():
        for number in range(PEOPLE_PER_RUN):
            services.officers.add_person(Person(f"Người Thử Số {number:03d}", notes=tag, phone="+84 912 345 678"))
    say("committed")


def save_evaluations(services, tag: str) -> None:
    drafts = [row.evaluation for row in services.evaluations.rows(EVALUATION_YEAR) if not row.evaluation.finalised]
    say("begin")
    with services.book.transaction():
        for evaluation in drafts:
            services.evaluations.save(dataclasses.replace(evaluation, strengths=tag))
    say("committed")


def main(argv: list[str]) -> int:
    mode, book, tag = argv[1], Path(argv[2]), argv[3]
    backups_dir = Path(argv[4]) if len(argv) > 4 else book.parent / "backups"
    try:
        if mode == "restore":
            service = BackupService(backups_dir)
            say("begin")
            service.restore(Path(argv[5]), book)
            say("committed")
            return 0
        with open_book(book, copies_dir=backups_dir) as services:
            say("ready")
            if mode == "people":
                add_people(services, tag)
            elif mode == "evaluations":
                save_evaluations(services, tag)
            elif mode == "backup":
                say("begin")
                BackupService(backups_dir).back_up(services)
                say("committed")
            else:
                print(f"unknown mode {mode}", file=sys.stderr)
                return 2
        say("closed")
        return 0
    except BookError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
