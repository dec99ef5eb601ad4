"""The short kill loop (benchmarks/soak.py runs the long one), and locks across processes: a second process is
told who holds the book, and a lock left by a killed process is recovered by the next open."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.domain.errors import BookLockedError
from desktop.domain.officers import Person
from desktop.services.book import open_book
from desktop.storage.file_checks import LOCKED, OK, diagnose
from desktop.storage.lock import LockHolder, lock_path_for
from desktop.storage.migrations import SCHEMA_VERSION

from kill_loop import run_kills

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = REPO_ROOT / "tests" / "fixtures" / "books" / f"v{SCHEMA_VERSION}-demo.socanbo"  # as written now

pytestmark = pytest.mark.slow


def test_twenty_kills_leave_sound_books_with_all_or_nothing(tmp_path):
    report = run_kills(20, tmp_path / "soak", seed=20260101)
    assert report.killed == 20
    assert report.ok, "\n".join(report.lines())
    assert report.corrupted == report.partial == report.unhandled == 0
    assert report.all_written + report.none_written == report.rounds
    assert report.stale_locks_recovered > 0  # some kills did leave a lock behind


@pytest.fixture
def book(tmp_path) -> Path:
    target = tmp_path / "so.socanbo"
    shutil.copyfile(FIXTURE, target)
    return target


HOLDER = textwrap.dedent("""
    import sys
    from desktop.domain.officers import Person
    from desktop.services.book import open_book
    with open_book(sys.argv[1]) as services:
        services.officers.add_person(Person("Người Giữ Sổ"))
        print("ready", flush=True)
        sys.stdin.readline()  # hold the book until told to close it
    print("closed", flush=True)
""")


def start_holder(book: Path) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(book)], cwd=REPO_ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
    return holder


def test_a_second_process_is_told_who_holds_the_book_and_may_read(book):
    holder = start_holder(book)
    try:
        with pytest.raises(BookLockedError) as caught:
            open_book(book)
        assert caught.value.holder_host == socket.gethostname()
        assert caught.value.holder_since == LockHolder.read(lock_path_for(book)).since
        assert diagnose(book).kind == LOCKED
        with open_book(book, read_only=True) as services:  # looking is allowed, and sees the holder's work
            names = [p.full_name for p in services.officers.people.all()]
            assert "Người Giữ Sổ" in names
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "closed"
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    assert not lock_path_for(book).exists()
    with open_book(book) as services:
        services.officers.add_person(Person("Người Thứ Hai"))


def test_a_lock_left_by_a_killed_process_is_recovered_by_the_next_open(book):
    holder = start_holder(book)
    holder.send_signal(getattr(signal, "SIGKILL", signal.SIGTERM))
    holder.wait(timeout=30)
    left = LockHolder.read(lock_path_for(book))
    assert left is not None and left.pid == holder.pid  # the dead process's lock is still there
    assert diagnose(book).kind == OK  # and is no holder
    with open_book(book) as services:
        assert LockHolder.read(lock_path_for(book)).pid == os.getpid()
        services.officers.add_person(Person("Người Mở Lại"))
        names = [p.full_name for p in services.officers.people.all()]
    assert "Người Giữ Sổ" in names and "Người Mở Lại" in names
    assert not lock_path_for(book).exists()
