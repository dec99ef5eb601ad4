"""Tests for desktop.storage.lock: one writer per book, across windows, processes and computers."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest

import desktop.storage.lock as lock_module
from desktop.domain.errors import BookLockedError
from desktop.storage.database import open_database
from desktop.storage.lock import (
    OTHER_HOST_STALE_SECONDS,
    UNREADABLE_STALE_SECONDS,
    BookLock,
    LockHolder,
    lock_path_for,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST = socket.gethostname()


def read_lock(book: Path) -> dict:
    return json.loads(lock_path_for(book).read_text(encoding="utf-8"))


def write_lock(book: Path, *, host: str, pid: int, token: str = "f" * 32,
               since: str = "2026-03-01T08:00:00+07:00", age: float = 0.0) -> Path:
    path = lock_path_for(book)
    path.write_text(json.dumps({"host": host, "pid": pid, "since": since, "token": token}), encoding="utf-8")
    set_age(path, age)
    return path


def set_age(path: Path, seconds: float) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when))


@pytest.fixture
def book(make_book, book_path) -> Path:
    return make_book(settings={"k": "v"})


def test_lock_file_lives_beside_the_book():
    book = Path("/some/folder/Sổ 2026.socanbo")
    assert lock_path_for(book) == Path("/some/folder/Sổ 2026.socanbo-lock")


def test_lock_file_names_the_holder(book):
    with open_database(book) as opened:
        data = read_lock(book)
        assert data["host"] == HOST
        assert data["pid"] == os.getpid()
        assert data["token"] == opened.lock.token and len(data["token"]) == 32
        since = datetime.fromisoformat(data["since"])
        assert since.tzinfo is not None
        assert abs(since.timestamp() - time.time()) < 60
        assert LockHolder.read(lock_path_for(book)) == LockHolder(HOST, os.getpid(), data["since"], data["token"])


# --- a second writer is refused ---------------------------------------------------------------------------

def test_second_open_in_the_same_process_is_refused_until_the_first_closes(book):
    first = open_database(book)
    try:
        before = lock_path_for(book).read_bytes()
        with pytest.raises(BookLockedError) as caught:
            open_database(book)
        error = caught.value
        assert error.holder_host == HOST
        assert error.holder_since == read_lock(book)["since"]
        assert error.holder_since  # filled
        text = error.render(lambda s: s)
        assert HOST in text and error.holder_since in text
        # the refusal left the holder's lock alone
        assert lock_path_for(book).read_bytes() == before
        assert first.lock.held
        first.db["settings"].insert({"key": "still", "value": "writable"})
    finally:
        first.close()
    assert not lock_path_for(book).exists()
    with open_database(book) as second:
        assert read_lock(book)["token"] == second.lock.token
        assert second.db["settings"].get("still")["value"] == "writable"


def test_a_second_process_is_refused(book, run_python):
    code = f"""
        import json
        from desktop.storage.database import open_database
        try:
            book = open_database({str(book)!r})
        except Exception as error:
            print(json.dumps([type(error).__name__, getattr(error, "holder_host", None),
                              getattr(error, "holder_since", None)]))
        else:
            book.close()
            print(json.dumps(["opened", None, None]))
    """
    with open_database(book):
        since = read_lock(book)["since"]
        result = run_python(code)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.strip().splitlines()[-1]) == ["BookLockedError", HOST, since]
        assert lock_path_for(book).exists()  # the child did not remove our lock
    # once we close, the other process gets the book
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["opened", None, None]


@pytest.mark.slow
def test_only_one_of_several_processes_racing_for_the_book_wins(book, tmp_path):
    go, release = tmp_path / "go", tmp_path / "release"
    code = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from desktop.storage.database import open_database
        while not Path({str(go)!r}).exists():
            time.sleep(0.005)
        try:
            book = open_database({str(book)!r})
        except Exception as error:
            print(type(error).__name__, flush=True)
        else:
            print("opened", flush=True)
            while not Path({str(release)!r}).exists():
                time.sleep(0.01)
            book.close()
    """)
    count = 5
    children = [subprocess.Popen([sys.executable, "-c", code], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(count)]
    try:
        time.sleep(0.5)  # let them all start importing
        go.touch()
        deadline = time.monotonic() + 60
        while sum(child.poll() is not None for child in children) < count - 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        release.touch()
        outputs = [child.communicate(timeout=60) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    results = sorted(out.strip() for out, _err in outputs)
    assert results == ["BookLockedError"] * (count - 1) + ["opened"], [err for _out, err in outputs]
    assert not lock_path_for(book).exists()


# --- stale locks are taken over ---------------------------------------------------------------------------

def test_a_lock_left_by_a_dead_process_is_recovered(book, run_python):
    result = run_python(f"""
        import os
        from desktop.storage.database import open_database
        book = open_database({str(book)!r})
        print(os.getpid(), flush=True)
        os._exit(0)  # dies without closing: the lock file stays behind
    """)
    assert result.returncode == 0, result.stderr
    child_pid = int(result.stdout.strip())
    assert lock_path_for(book).exists()
    left = read_lock(book)
    assert left["pid"] == child_pid and left["host"] == HOST

    with open_database(book) as opened:
        data = read_lock(book)
        assert data["pid"] == os.getpid()
        assert data["token"] == opened.lock.token != left["token"]
        assert opened.db["settings"].get("k")["value"] == "v"
    assert not lock_path_for(book).exists()


def test_a_same_host_lock_is_kept_while_its_process_lives(book):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        write_lock(book, host=HOST, pid=sleeper.pid, token="a" * 32)
        with pytest.raises(BookLockedError) as caught:
            open_database(book)
        assert caught.value.holder_host == HOST
        assert caught.value.holder_since == "2026-03-01T08:00:00+07:00"
        assert read_lock(book)["token"] == "a" * 32
    finally:
        sleeper.kill()
        sleeper.wait()
    with open_database(book) as opened:
        assert read_lock(book)["token"] == opened.lock.token
        assert read_lock(book)["pid"] == os.getpid()


def test_a_same_host_lock_with_an_impossible_pid_is_stale(book):
    write_lock(book, host=HOST, pid=0)
    with open_database(book) as opened:
        assert read_lock(book)["pid"] == os.getpid()
        assert opened.lock.held


def test_a_lock_from_another_computer_is_respected_while_fresh_and_recovered_when_old(book):
    lock_file = write_lock(book, host="OTHER-PC", pid=os.getpid(), token="b" * 32,
                           since="2026-05-04T07:30:00+07:00")
    with pytest.raises(BookLockedError) as caught:
        open_database(book)
    assert caught.value.holder_host == "OTHER-PC"
    assert caught.value.holder_since == "2026-05-04T07:30:00+07:00"
    assert "OTHER-PC" in caught.value.render(lambda s: s)

    # a holder that stopped refreshing a little while ago may just be slow: still refused
    set_age(lock_file, OTHER_HOST_STALE_SECONDS - 60)
    with pytest.raises(BookLockedError):
        open_database(book)
    assert read_lock(book)["token"] == "b" * 32

    set_age(lock_file, 10 * 60)
    with open_database(book) as opened:
        data = read_lock(book)
        assert data["host"] == HOST
        assert data["pid"] == os.getpid()
        assert data["token"] == opened.lock.token


def test_an_unreadable_lock_is_respected_while_fresh_and_recovered_when_old(book):
    lock_file = lock_path_for(book)
    lock_file.write_bytes(b"\x00\xffnot json{")
    with pytest.raises(BookLockedError) as caught:
        open_database(book)
    assert caught.value.holder_host == "?"
    assert caught.value.holder_since == "?"
    assert lock_file.read_bytes() == b"\x00\xffnot json{"

    set_age(lock_file, UNREADABLE_STALE_SECONDS + 5)
    with open_database(book) as opened:
        assert read_lock(book)["token"] == opened.lock.token
        assert read_lock(book)["pid"] == os.getpid()


@pytest.mark.parametrize("content", [
    "",
    "{}",
    '{"host": "X", "pid": "not a number", "since": "s", "token": "t"}',
    '["host", "pid"]',
    '{"host": "X", "pid": 1, "since": "s"}',
])
def test_lock_holder_read_returns_none_for_unusable_content(tmp_path, content):
    path = tmp_path / "b.socanbo-lock"
    path.write_text(content, encoding="utf-8")
    assert LockHolder.read(path) is None
    assert LockHolder.read(tmp_path / "missing-lock") is None


# --- release ---------------------------------------------------------------------------------------------

def test_release_removes_our_lock_and_stops_the_heartbeat(book):
    lock = BookLock(book)
    lock.acquire()
    assert lock.held and lock_path_for(book).exists()
    thread = lock._thread
    assert thread is not None and thread.is_alive()
    lock.release()
    assert not lock.held
    assert not lock_path_for(book).exists()
    thread.join(timeout=5)
    assert not thread.is_alive()
    lock.release()  # twice: nothing happens
    assert not lock_path_for(book).exists()


def test_release_leaves_a_lock_that_now_belongs_to_someone_else(book):
    lock = BookLock(book)
    lock.acquire()
    # meanwhile another holder took the book over (e.g. it judged us stale) and wrote its own lock
    write_lock(book, host="OTHER-PC", pid=4242, token="c" * 32)
    lock.release()
    assert not lock.held
    assert lock_path_for(book).exists()
    assert read_lock(book) == {"host": "OTHER-PC", "pid": 4242, "since": "2026-03-01T08:00:00+07:00",
                               "token": "c" * 32}


def test_release_without_acquire_touches_nothing(book):
    write_lock(book, host="OTHER-PC", pid=1, token="d" * 32)
    BookLock(book).release()
    assert read_lock(book)["token"] == "d" * 32


def test_a_refused_acquire_does_not_hold_and_release_keeps_the_other_lock(book):
    with open_database(book) as opened:
        second = BookLock(book)
        with pytest.raises(BookLockedError):
            second.acquire()
        assert not second.held
        second.release()
        assert read_lock(book)["token"] == opened.lock.token


def test_heartbeat_keeps_the_lock_fresh(book, monkeypatch):
    monkeypatch.setattr(lock_module, "HEARTBEAT_SECONDS", 0.05)
    with open_database(book):
        lock_file = lock_path_for(book)
        set_age(lock_file, 3600)
        old = lock_file.stat().st_mtime
        deadline = time.monotonic() + 5
        while lock_file.stat().st_mtime == old and time.monotonic() < deadline:
            time.sleep(0.02)
        assert time.time() - lock_file.stat().st_mtime < 30


def test_a_stale_lock_that_cannot_be_removed_gives_a_book_file_error(book, monkeypatch):
    from desktop.domain.errors import BookFileError

    lock_file = write_lock(book, host="OTHER-PC", pid=1, age=3600)
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if self == lock_file:
            raise PermissionError(13, "Permission denied", str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(BookFileError) as caught:
        open_database(book)
    assert str(lock_file) in caught.value.render(lambda s: s)
    assert read_lock(book)["host"] == "OTHER-PC"
