"""Soak: kill bulk writes at random moments, at least 200 times, and count what went wrong.

    .venv/bin/python benchmarks/soak.py [KILLS] [--seed N] [--keep DIR]

Measured, not asserted by the test suite (tests/soak/test_kill.py runs a short version). Prints the counts
the issue asks for: corrupted books, partial operations, unhandled exceptions (all must be 0), and how the
kills fell (stale locks and hot journals the next open recovered). Exit code 1 when any count is not 0.
The work (adding 200 people in one transaction, saving a year's draft evaluations in one transaction,
making a backup, restoring one) is in tests/soak/bulk_worker.py; the loop and its checks in
tests/soak/kill_loop.py.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "soak"))
sys.path.insert(0, str(REPO_ROOT))

from kill_loop import run_kills  # noqa: E402

MINIMUM_KILLS = 200


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kill bulk writes at random moments and count the damage.")
    parser.add_argument("kills", type=int, nargs="?", default=MINIMUM_KILLS)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it afterwards")
    args = parser.parse_args(argv)
    started = time.monotonic()
    report = run_kills(args.kills, args.keep, args.seed)
    elapsed = time.monotonic() - started
    print(f"soak: {report.killed} kills in {report.rounds} rounds, {elapsed:.0f} s")
    print("\n".join(f"  {line}" for line in report.lines()))
    print(f"corrupted={report.corrupted} partial={report.partial} unhandled={report.unhandled}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
