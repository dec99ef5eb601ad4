"""Kill a bulk write at random moments and check, after every kill, that the book is sound and holds all or
none of the write.

    python tests/soak/kill_loop.py COUNT [--seed N] [--keep DIR]

Each round starts `bulk_worker.py` in a subprocess (adding 200 people in one transaction, saving every draft
evaluation of a year in one transaction, making a backup, or restoring one) and kills it with SIGKILL either
at a random moment of its whole run (start-up, opening, the lock, the write, the commit, closing) or at a
random moment after it began its write. Then, in this process:
  - `diagnose` must find the book sound (a hot journal is fine: it is rolled back on open);
  - the next normal open must recover the killed worker's lock and journal, and `integrity_check` and
    `foreign_key_check` must pass;
  - the write must be there entirely or not at all (people and their audit rows, evaluations and their
    audit rows, a backup that verifies, the old or the new book after a restore).
`benchmarks/soak.py` runs it 200 times; `tests/soak/test_kill.py` runs a short version.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop.domain.errors import BookLockedError  # noqa: E402
from desktop.storage.backups import DAMAGED, list_backups, verify_backup, write_checked_copy  # noqa: E402
from desktop.storage.database import open_database  # noqa: E402
from desktop.storage.file_checks import JOURNAL_MAGIC, LOCKED, OK, diagnose, journal_path_for  # noqa: E402
from desktop.storage.lock import UNREADABLE_STALE_SECONDS, LockHolder, lock_path_for  # noqa: E402
from desktop.storage.migrations import SCHEMA_VERSION  # noqa: E402

WORKER = Path(__file__).resolve().with_name("bulk_worker.py")
FIXTURE = REPO_ROOT / "tests" / "fixtures" / "books" / f"v{SCHEMA_VERSION}-demo.socanbo"  # as written now
MODES = {"people": 4, "evaluations": 3, "backup": 2, "restore": 2}  # how often each is chosen
PEOPLE_PER_RUN, EVALUATION_YEAR = 200, 2025


@dataclass
class KillReport:
    rounds: int = 0
    killed: int = 0  # the kill came while the worker ran
    finished_first: int = 0  # the worker was done before the kill came
    all_written: int = 0
    none_written: int = 0
    corrupted: int = 0
    partial: int = 0
    unhandled: int = 0
    refused: int = 0  # the worker stopped with a clear message (should not happen)
    stale_locks_recovered: int = 0
    hot_journals_rolled_back: int = 0
    lock_waits: int = 0  # a lock file left empty by a kill: respected for its 10 s, then taken over
    leftover_temporary_files: int = 0
    by_mode: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.corrupted == self.partial == self.unhandled == self.refused == 0

    def lines(self) -> list[str]:
        modes = ", ".join(f"{mode} {count}" for mode, count in sorted(self.by_mode.items()))
        return [
            f"rounds: {self.rounds} ({modes})",
            f"killed while running: {self.killed}; finished before the kill: {self.finished_first}",
            f"outcome: all written {self.all_written}, none written {self.none_written}",
            f"corrupted books: {self.corrupted}",
            f"partial operations: {self.partial}",
            f"unhandled exceptions: {self.unhandled}",
            f"refused by the book: {self.refused}",
            f"stale locks recovered by the next open: {self.stale_locks_recovered}",
            f"hot journals rolled back by the next open: {self.hot_journals_rolled_back}",
            f"empty lock files that had to age {UNREADABLE_STALE_SECONDS} s: {self.lock_waits}",
            f"hidden temporary files left by kills: {self.leftover_temporary_files}",
        ] + [f"FAILURE: {failure}" for failure in self.failures[:20]]


@dataclass
class Bench:
    """The book under test, its backups folder, two books to restore from, and the measured timings."""
    folder: Path
    book: Path
    backups: Path
    sources: dict[str, Path]
    source_people: dict[str, int]
    drafts: int
    run_seconds: dict[str, float] = field(default_factory=dict)
    write_seconds: dict[str, float] = field(default_factory=dict)


def journal_is_hot(journal: Path) -> bool:
    try:
        return journal.read_bytes()[:8] == JOURNAL_MAGIC
    except OSError:
        return False


def scalar(db, sql: str, args=()) -> int:
    return db.execute(sql, list(args)).fetchone()[0]


def prepare(folder: Path) -> Bench:
    folder.mkdir(parents=True, exist_ok=True)
    book = folder / "so.socanbo"
    shutil.copyfile(FIXTURE, book)
    sources = {"A": folder / "sources" / "A.socanbo", "B": folder / "sources" / "B.socanbo"}
    write_checked_copy(book, sources["A"])
    shutil.copyfile(book, folder / "b-work.socanbo")
    from desktop.domain.officers import Person
    from desktop.services.book import open_book

    with open_book(folder / "b-work.socanbo") as services:
        for number in range(5):
            services.officers.add_person(Person(f"Người Khôi Phục {number}"))
        drafts = sum(not r.evaluation.finalised for r in services.evaluations.rows(EVALUATION_YEAR))
    write_checked_copy(folder / "b-work.socanbo", sources["B"])
    (folder / "b-work.socanbo").unlink()
    counts = {}
    for name, path in sources.items():
        with open_database(path, read_only=True) as opened:
            counts[name] = scalar(opened.db, "SELECT count(*) FROM people")
    return Bench(folder, book, folder / "backups", sources, counts, drafts)


def worker_command(bench: Bench, mode: str, tag: str, source: str) -> list[str]:
    command = [sys.executable, str(WORKER), mode, str(bench.book), tag, str(bench.backups)]
    return command + ([str(bench.sources[source])] if mode == "restore" else [])


def calibrate(bench: Bench, runs: int = 2) -> None:
    """Run each mode to the end: how long a whole run and its write take (the fastest of `runs`)."""
    for mode in MODES:
        for run in range(runs):
            started = time.monotonic()
            done = subprocess.run(worker_command(bench, mode, f"calibrate-{mode}-{run}", "A"), cwd=REPO_ROOT,
                                  capture_output=True, text=True, timeout=300)
            if done.returncode != 0:
                raise RuntimeError(f"calibration of {mode} failed:\n{done.stderr}")
            marks = {line.split()[0]: float(line.split()[1]) for line in done.stdout.splitlines() if line.strip()}
            whole, write = time.monotonic() - started, max(0.005, marks["committed"] - marks["begin"])
            bench.run_seconds[mode] = min(whole, bench.run_seconds.get(mode, whole))
            bench.write_seconds[mode] = min(write, bench.write_seconds.get(mode, write))


def snapshot(bench: Bench, mode: str, tag: str) -> dict:
    """What the book holds of this round's write (and what a restore may legitimately leave)."""
    with open_database(bench.book, read_only=True) as opened:
        db = opened.db
        people = scalar(db, "SELECT count(*) FROM people")
        found = {"people": people}
        if mode == "people":
            found["tagged"] = scalar(db, "SELECT count(*) FROM people WHERE notes = ?", [tag])
            found["audited"] = scalar(db, "SELECT count(*) FROM audit WHERE action = 'person.create' AND person_id IN "
                                          "(SELECT id FROM people WHERE notes = ?)", [tag])
        elif mode == "evaluations":
            found["tagged"] = scalar(db, "SELECT count(*) FROM evaluations WHERE year = ? AND strengths = ?",
                                     [EVALUATION_YEAR, tag])
            found["audited"] = scalar(db, "SELECT count(*) FROM audit WHERE field = 'strengths' AND new_value = ?",
                                      [tag])
    return found


def run_round(bench: Bench, index: int, rng: random.Random, report: KillReport) -> None:
    mode = rng.choices(list(MODES), weights=list(MODES.values()))[0]
    source = rng.choice(["A", "B"])
    tag = f"kill-{index:04d}-{rng.randrange(16**6):06x}"
    report.rounds += 1
    report.by_mode[mode] += 1
    before = snapshot(bench, mode, tag)
    backups_before = {b.path for b in list_backups(bench.backups, bench.book.name)}
    worker = subprocess.Popen(worker_command(bench, mode, tag, source), cwd=REPO_ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    if rng.random() < 0.5:
        time.sleep(rng.uniform(0, bench.run_seconds[mode] * 0.95))
    else:  # aim at the write itself: wait until it begins, then a random part of its usual length
        while (line := worker.stdout.readline()) and not line.startswith("begin"):
            pass
        time.sleep(rng.uniform(0, bench.write_seconds[mode] * 1.3))
    worker.kill()
    out, err = worker.communicate()
    if worker.returncode in (0, 3):
        report.finished_first += 1
        if worker.returncode == 3:
            report.refused += 1
            report.failures.append(f"round {index} ({mode}) refused: {err.strip()[-300:]}")
    elif worker.returncode == -9 or worker.returncode == 1 and os.name == "nt":
        report.killed += 1
    else:
        report.unhandled += 1
        report.failures.append(f"round {index} ({mode}) exit {worker.returncode}: {err.strip()[-500:]}")
    try:
        check_after_kill(bench, mode, tag, source, before, backups_before, index, report)
    except Exception:  # noqa: BLE001 - counted and shown, the loop goes on
        report.unhandled += 1
        report.failures.append(f"round {index} ({mode}) check raised:\n{traceback.format_exc()[-1500:]}")


def check_after_kill(bench: Bench, mode: str, tag: str, source: str, before: dict, backups_before: set,
                     index: int, report: KillReport) -> None:
    book, lock = bench.book, lock_path_for(bench.book)
    had_lock = lock.exists()
    journal = journal_path_for(book)
    had_journal = journal_is_hot(journal)
    report.leftover_temporary_files += sum(1 for p in book.parent.glob(".*") if p.is_file())
    for leftover in book.parent.glob(".*.restoring*"):
        leftover.unlink()
    verdict = diagnose(book, bench.backups)
    if verdict.kind == LOCKED and LockHolder.read(lock) is None:
        report.lock_waits += 1  # killed between creating the lock file and writing it: let it age
        old = time.time() - UNREADABLE_STALE_SECONDS - 1
        os.utime(lock, (old, old))
        verdict = diagnose(book, bench.backups)
    if verdict.kind != OK:
        report.corrupted += 1
        report.failures.append(f"round {index} ({mode}): {verdict.kind}: {verdict.render(lambda s: s)}")
        shutil.copyfile(bench.sources["A"], book)  # carry on with a sound book
        return
    try:
        opened = open_database(book, copies_dir=bench.backups)
    except BookLockedError as error:
        report.unhandled += 1
        report.failures.append(f"round {index} ({mode}): the lock was not recovered: {error}")
        return
    with opened:
        problems = [r[0] for r in opened.db.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        problems += [str(r) for r in opened.db.execute("PRAGMA foreign_key_check").fetchall()]
    report.stale_locks_recovered += had_lock
    report.hot_journals_rolled_back += had_journal and not journal_is_hot(journal)
    if problems:
        report.corrupted += 1
        report.failures.append(f"round {index} ({mode}): integrity: {problems[:3]}")
        shutil.copyfile(bench.sources["A"], book)
        return
    after = snapshot(bench, mode, tag)
    whole = {"people": PEOPLE_PER_RUN, "evaluations": bench.drafts}.get(mode)
    if whole is not None:
        tagged, audited = after["tagged"], after["audited"]
        if tagged not in (0, whole) or audited != tagged or after["people"] - before["people"] not in (0, tagged):
            report.partial += 1
            report.failures.append(f"round {index} ({mode}): {tagged} of {whole} written, {audited} audited")
        else:
            report.all_written += tagged == whole
            report.none_written += tagged == 0
    elif mode == "backup":
        found = [b for b in list_backups(bench.backups, book.name) if b.reason != DAMAGED]
        new = [b for b in found if b.path not in backups_before]
        bad = [b.path.name for b in found if verify_backup(b.path)]
        if bad or len(new) > 1:
            report.partial += 1
            report.failures.append(f"round {index} (backup): unusable backups {bad}, {len(new)} new")
        else:
            report.all_written += len(new) == 1
            report.none_written += not new
    else:  # restore: the old book or the restored one, nothing in between
        if after["people"] not in (before["people"], bench.source_people[source]):
            report.partial += 1
            report.failures.append(f"round {index} (restore): {after['people']} people, expected "
                                   f"{before['people']} or {bench.source_people[source]}")
        else:
            report.all_written += after["people"] == bench.source_people[source]
            report.none_written += after["people"] != bench.source_people[source]


def run_kills(count: int, folder: Path | None = None, seed: int | None = None) -> KillReport:
    """Run rounds until `count` workers were killed while running (a kill that comes after the worker
    finished does not count; at most 3 * count rounds)."""
    seed = random.randrange(2**32) if seed is None else seed
    rng = random.Random(seed)
    report = KillReport()
    with tempfile.TemporaryDirectory(prefix="socanbo-soak-") as scratch:
        bench = prepare(Path(folder) if folder else Path(scratch))
        calibrate(bench)
        while report.killed < count and report.rounds < 3 * count:
            run_round(bench, report.rounds, rng, report)
    if not report.ok:
        report.failures.insert(0, f"seed {seed} (run again with --seed {seed})")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=20)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    report = run_kills(args.count, args.keep, args.seed)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())

