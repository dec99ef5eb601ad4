"""Peak memory with the large book open in the main window, against a bare PySide6 window.

    .venv/bin/python benchmarks/memory.py --large LARGE.socanbo [--demo DEMO.socanbo] [--runs 3]

Each run is a new process started the way first_paint.py starts it: the program on the book (or the bare
QMainWindow with one QTableWidget). After the first painted frame the program's child switches to the officers
page (the page holding the whole roster) and lets it paint; then it reads its peak resident set size, VmHWM in
/proc/self/status, which counts everything: Python, Qt, the book's rows and the models. The figure is the
program's peak minus the bare window's peak, medians of the runs, in MB (10^6 bytes, as the goal is written;
the kernel's kB are KiB and are converted).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from first_paint import measure, summary  # noqa: E402

PAGE = "officers"


def peak_memory(books: dict[str, Path | None], runs: int) -> dict[str, dict]:
    """{name: summary of the peak resident memory in MB}; books maps names to a book or None (bare)."""
    results = measure(books, runs, memory=True, page=PAGE)
    return {name: summary([r["hwm_mb"] for r in found]) for name, found in results.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, required=True)
    parser.add_argument("--demo", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    books = {"bare": None, "large": args.large}
    if args.demo:
        books["demo"] = args.demo
    figures = peak_memory(books, args.runs)
    for name, figure in figures.items():
        print(f"{name:6} peak {figure['median']:6.1f} MB  (min {figure['min']:.1f}, max {figure['max']:.1f})")
    extra = figures["large"]["median"] - figures["bare"]["median"]
    print(f"large book over the bare window: +{extra:.1f} MB (goal <= +120 MB) -> {'met' if extra <= 120 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
