"""Cold start: from starting a new process to the main window's first painted frame.

    .venv/bin/python benchmarks/first_paint.py --demo DEMO.socanbo --large LARGE.socanbo [--runs 7]

Each run starts a child process (this file with `--child`) and the parent takes the wall time from just before
it starts the process to the moment the child reports its first frame. The child either runs the program
(`desktop.app.main` on the given book: arguments, settings, language, QApplication, style sheet, the main window
with every page, the book opened) or, as the baseline, a bare PySide6 QMainWindow with one QTableWidget of the same
size. In both, an event filter on the window sees the window's first QEvent.Paint; a zero-delay timer then fires
once that paint pass (the whole window, children included) is done, and the child prints the time on the
system-wide monotonic clock, which the parent shares. The child then closes its window (releasing the book's
lock) and exits; closing is not timed.

The runs of the variants are interleaved (bare, demo, large, bare, ...) after one untimed warm-up each, so a
busy machine slows them alike. Each variant keeps its own user data folder over its runs (see `measure`).
With `--memory` the child also switches to the page given by `--page`, lets it paint, and reports its peak
resident memory (VmHWM from /proc/self/status); see memory.py.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "FIRST_PAINT"
MEMORY_MARK = "MEMORY"


# ----------------------------------------------------------------------------------------------- child side
def _watch(window, memory: bool, page: str | None) -> None:
    """Report the end of the window's first paint pass, then (optionally) memory, then close the window."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if not self.done and watched is window and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, painted)
            return False

    def painted() -> None:
        times = os.times()
        print(f"{MARK} {time.monotonic():.6f} {times.user + times.system:.3f}", flush=True)
        if memory:
            if page and hasattr(window, "show_page"):
                window.show_page(page)
            for _ in range(5):  # let the page lay out and paint
                QApplication.processEvents()
                time.sleep(0.02)
            status = Path("/proc/self/status").read_text()
            fields = {line.split(":")[0]: line.split()[1] for line in status.splitlines()
                      if line.startswith(("VmHWM", "VmRSS"))}
            print(f"{MEMORY_MARK} {fields.get('VmHWM', 0)} {fields.get('VmRSS', 0)}", flush=True)
        QTimer.singleShot(0, window.close)

    window._first_paint_filter = FirstPaint(window)  # kept alive with the window
    window.installEventFilter(window._first_paint_filter)
    QTimer.singleShot(60_000, lambda: os._exit(3))  # never hang the benchmark


def child_bare(memory: bool) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setCentralWidget(QTableWidget(20, 6))
    window.resize(960, 600)  # the program's minimum window size
    _watch(window, memory, None)
    window.show()
    return app.exec()


def child_app(book: str, memory: bool, page: str | None) -> int:
    """The program itself, through `desktop.app.main`; `build_window` is wrapped to watch the window it builds."""
    import desktop.app as app_module

    build_window = app_module.build_window

    def watched_build_window(*args, **kwargs):
        window = build_window(*args, **kwargs)
        _watch(window, memory, page)
        return window

    app_module.build_window = watched_build_window
    return app_module.main([book])


# ---------------------------------------------------------------------------------------------- parent side
PYCACHE = ROOT / "benchmarks" / "out" / "pycache"


def child_environment(**extra: str) -> dict[str, str]:
    """Offscreen Qt, and compiled bytecode as an installed program has it: PYTHONDONTWRITEBYTECODE (set in some
    shells and CI) would make every start compile the program's modules again, so the children keep their .pyc
    files under benchmarks/out/pycache (the warm-up run writes them) instead of beside the sources."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(PYCACHE), **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(variant: str, book: Path | None = None, memory: bool = False, page: str | None = None,
              data_dir: Path | None = None, timeout: float = 90) -> dict:
    """One child process: {"seconds": wall time to the first frame, "cpu_seconds": the child's CPU time by then,
    and with --memory "hwm_mb" (peak) and "rss_mb" (current) resident memory}. `data_dir` is the user data folder
    (settings, backups); None gives a new empty one."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", variant]
    if book is not None:
        command += ["--book", str(book)]
    if memory:
        command.append("--memory")
    if page:
        command += ["--page", page]
    with tempfile.TemporaryDirectory(prefix="socanbo-paint-") as fresh:
        env = child_environment(SOCANBO_DATA_DIR=str(data_dir or fresh))
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            raise RuntimeError(f"{variant}: no first paint within {timeout} s\n{err[-2000:]}") from None
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == MARK:
            found["seconds"] = float(parts[1]) - started
            found["cpu_seconds"] = float(parts[2]) if len(parts) > 2 else None
        elif parts and parts[0] == MEMORY_MARK:
            # The kernel's "kB" are KiB; the goals speak of MB (10^6 bytes).
            found["hwm_mb"], found["rss_mb"] = int(parts[1]) * 1024 / 1e6, int(parts[2]) * 1024 / 1e6
    if "seconds" not in found:
        raise RuntimeError(f"{variant}: the child exited ({process.returncode}) without painting\n{err[-2000:]}")
    return found


def measure(variants: dict[str, Path | None], runs: int, memory: bool = False, page: str | None = None,
            warmup: bool = True, fresh_user_folder: bool = False) -> dict[str, list[dict]]:
    """{name: [run results]} for variants {name: book or None (bare)}, interleaved run by run.

    Normally each variant keeps one user data folder over its runs, as a user's computer does: the warm-up
    run makes the day's backup-on-open and saves the settings, and the timed runs are ordinary starts.
    `fresh_user_folder` gives every run an empty folder instead: each start is then the first of the day
    (the program backs the book up before showing it)."""
    results: dict[str, list[dict]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="socanbo-users-") as users:
        folders = {name: None if fresh_user_folder else Path(users) / name for name in variants}
        if warmup:
            for name, book in variants.items():
                run_child("bare" if book is None else "app", book, memory, page, folders[name])
        for _ in range(runs):
            for name, book in variants.items():
                results[name].append(run_child("bare" if book is None else "app", book, memory, page,
                                               folders[name]))
    return results


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=("bare", "app"))
    parser.add_argument("--book")
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--page")
    parser.add_argument("--demo", type=Path)
    parser.add_argument("--large", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.child == "bare":
        return child_bare(args.memory)
    if args.child == "app":
        return child_app(args.book, args.memory, args.page)
    variants = {"bare": None}
    if args.demo:
        variants["demo"] = args.demo
    if args.large:
        variants["large"] = args.large
    results = measure(variants, args.runs)
    figures = {name: summary([r["seconds"] for r in runs]) for name, runs in results.items()}
    if args.json:
        print(json.dumps(figures))
        return 0
    for name, figure in figures.items():
        print(f"{name:6} median {figure['median'] * 1000:7.0f} ms  (min {figure['min'] * 1000:.0f}, "
              f"max {figure['max'] * 1000:.0f}, {len(figure['runs'])} runs)")
    if "demo" in figures:
        print(f"demo / bare:  {figures['demo']['median'] / figures['bare']['median']:.2f}x (goal <= 1.5x)")
    if "demo" in figures and "large" in figures:
        print(f"large / demo: {figures['large']['median'] / figures['demo']['median']:.2f}x (goal <= 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
