"""All benchmarks in one run, each figure next to its baseline measured in the same run (issue 9).

    benchmarks/run [--quick] [--only start,search,memory,import,report,bundle] [--no-profile]

Builds the inputs in benchmarks/out/ (the demo book and the large generated book), measures, prints a table
with each ratio and whether it meets its goal, and writes benchmarks/RESULTS.md with the machine and versions.
The import, report and bundle figures come from the other areas' own scripts (benchmarks/import_speed.py,
benchmarks/report_speed.py, benchmarks/bundle.md written by scripts/build-bundle); a row whose script is not
there yet says so. When a start-up goal is missed, one start of each book is profiled with cProfile into
benchmarks/out/profiles/.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import first_paint  # noqa: E402
import large_book  # noqa: E402
import memory  # noqa: E402

NOT_YET = "not available yet"
FIGURES = ("start", "search", "memory", "import", "report", "bundle")


@dataclass
class Row:
    figure: str
    measured: str = ""
    baseline: str = ""
    result: str = NOT_YET  # the ratio or the value the goal is about
    goal: str = ""
    met: bool | None = None  # None: not measured
    note: str = ""
    details: dict = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return {True: "yes", False: "NO", None: "—"}[self.met]


def spread(values: list[float], scale: float = 1.0, unit: str = "ms", digits: int = 0) -> str:
    values = [v * scale for v in values]
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


# ------------------------------------------------------------------------------------------------ inputs
def build_inputs(say) -> dict[str, Path]:
    from desktop.services.demo import write_demo_book

    OUT.mkdir(parents=True, exist_ok=True)
    books = {"demo": OUT / "demo.socanbo", "large": OUT / "large.socanbo"}
    for path in books.values():
        for stale in (path, path.with_name(path.name + "-lock"), path.with_name(path.name + "-journal")):
            stale.unlink(missing_ok=True)
    started = time.perf_counter()
    write_demo_book(books["demo"])
    say(f"demo book: {books['demo']} ({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    counts = large_book.generate(books["large"])
    say(f"large book: {books['large']} ({books['large'].stat().st_size / 1e6:.1f} MB, "
        f"{time.perf_counter() - started:.1f} s): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return books


# ----------------------------------------------------------------------------------------------- figures
def start_rows(books: dict[str, Path], runs: int) -> list[Row]:
    found = first_paint.measure({"bare": None, "demo": books["demo"], "large": books["large"]}, runs)
    wall = {name: [r["seconds"] for r in runs_] for name, runs_ in found.items()}
    cpu = {name: [r["cpu_seconds"] for r in runs_] for name, runs_ in found.items()}
    rows = []
    for name, base, goal in (("demo", "bare", 1.5), ("large", "demo", 1.3)):
        ratio = statistics.median(wall[name]) / statistics.median(wall[base])
        per_run = [a / b for a, b in zip(wall[name], wall[base])]
        cpu_ratio = statistics.median(cpu[name]) / statistics.median(cpu[base])
        rows.append(Row(
            f"cold start to first painted window, {'demo book' if name == 'demo' else 'large book'}",
            spread(wall[name], 1000), ("bare PySide6 window, " if base == "bare" else "demo book, ")
            + spread(wall[base], 1000), f"{ratio:.2f}× (runs {min(per_run):.2f}–{max(per_run):.2f})",
            f"≤ {goal}×", ratio <= goal, f"CPU time to first frame: {cpu_ratio:.2f}× "
            f"({statistics.median(cpu[name]) * 1000:.0f} vs {statistics.median(cpu[base]) * 1000:.0f} ms)",
            {"wall_s": wall, "cpu_s": cpu}))
    first_of_day = first_paint.measure({"demo": books["demo"], "large": books["large"]}, 3, warmup=False,
                                       fresh_user_folder=True)
    rows[0].details["first_start_of_the_day_s"] = {k: [r["seconds"] for r in v] for k, v in first_of_day.items()}
    return rows


def search_row(book: Path, rounds: int, wait_minutes: float) -> Row:
    row = Row("search as you type, officers page of the large book (per keystroke)", baseline="—", goal="≤ 16 ms")
    command = [sys.executable, str(HERE / "search_speed.py"), "--book", str(book), "--rounds", str(rounds),
               "--wait-minutes", str(wait_minutes), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, env=first_paint.child_environment(),
                          timeout=wait_minutes * 60 + 600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        row.result = "failed"
        row.note = f"search_speed.py exited {done.returncode}: " + " ".join((done.stderr or done.stdout).split())[-300:]
        return row
    result = json.loads(lines[-1])
    if "unavailable" in result:
        row.result = NOT_YET
        row.note = result["unavailable"]
        return row
    every = [k["median_ms"] for k in result["keys"]]
    row.measured = (f"slowest key {result['slowest_key_median_ms']:.1f} ms; all keys {result['median_ms']:.1f} ms "
                    f"({result['min_ms']:.1f}–{result['max_ms']:.1f})")
    row.result = f"{result['slowest_key_median_ms']:.1f} ms"
    row.met = result["met"]
    row.note = (f"typing {result['text']!r} over {result['rows']} listed people, {rounds} rounds; per-key medians "
                f"{min(every):.1f}–{max(every):.1f} ms")
    row.details = result
    return row


def memory_row(books: dict[str, Path], runs: int) -> Row:
    figures = memory.peak_memory({"bare": None, "large": books["large"], "demo": books["demo"]}, runs)
    extra = figures["large"]["median"] - figures["bare"]["median"]
    return Row("peak memory, large book open (officers page shown)", spread(figures["large"]["runs"], 1, "MB", 1),
               "bare PySide6 window, " + spread(figures["bare"]["runs"], 1, "MB", 1), f"+{extra:.1f} MB",
               "≤ +120 MB", extra <= 120, f"demo book: {figures['demo']['median']:.1f} MB",
               {name: figure["runs"] for name, figure in figures.items()})


_MS = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s)\b")
_RATIO = re.compile(r"ratio\W*(\d+(?:\.\d+)?)", re.IGNORECASE)


def parse_speed_output(text: str, baseline_word: str, measured_words: tuple[str, ...]) -> dict:
    """Their printed medians and ratio, whatever else they print: {"measured_ms", "baseline_ms", "ratio"}."""
    found: dict = {}
    for line in text.splitlines():
        times = _MS.findall(line)
        if not times or line.lower().lstrip().startswith("ratio"):
            continue
        after_median = _MS.findall(line.split("median", 1)[1]) if "median" in line else []
        value, unit = after_median[0] if after_median else times[-1]
        ms = float(value) * (1000 if unit == "s" else 1)
        lowered = line.lower()
        if baseline_word in lowered and "baseline_ms" not in found:
            found["baseline_ms"] = ms
        elif any(word in lowered for word in measured_words) and "measured_ms" not in found:
            found["measured_ms"] = ms
    match = _RATIO.search(text)
    if match:
        found["ratio"] = float(match.group(1))
    elif "measured_ms" in found and "baseline_ms" in found:
        found["ratio"] = found["measured_ms"] / found["baseline_ms"]
    return found


def script_row(name: str, script: Path, runs: int, baseline_word: str, measured_words: tuple[str, ...],
               baseline_label: str, goal: float, timeout: float = 1200) -> Row:
    row = Row(name, goal=f"≤ {goal:g}×", baseline=baseline_label)
    if not script.exists():
        row.note = f"{script.relative_to(ROOT)} is not there yet"
        return row
    results, failures = [], []
    for _ in range(runs):
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT,
                              env=first_paint.child_environment(), timeout=timeout)
        parsed = parse_speed_output(done.stdout, baseline_word, measured_words)
        if "ratio" in parsed:
            results.append(dict(parsed, output=done.stdout))
        else:
            failures.append((done.returncode, (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]))
    if not results:
        row.result = "failed"
        row.note = f"{script.name} printed no ratio (exit {failures[0][0]}: {failures[0][1][0][:200]})"
        return row
    ratios = [r["ratio"] for r in results]
    ratio = statistics.median(ratios)
    if all("measured_ms" in r for r in results):
        row.measured = spread([r["measured_ms"] for r in results])
    if all("baseline_ms" in r for r in results):
        row.baseline = f"{baseline_label}, " + spread([r["baseline_ms"] for r in results])
    row.result = f"{ratio:.2f}× (runs {min(ratios):.2f}–{max(ratios):.2f})"
    row.met = ratio <= goal
    row.note = (f"{len(results)} runs of {script.name} (each prints medians of its own repeats)"
                + (f"; {len(failures)} run(s) failed" if failures else ""))
    row.details = {"ratios": ratios, "last_output": results[-1]["output"]}
    return row


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def bundle_rows() -> list[Row]:
    """The figures scripts/build-bundle writes to benchmarks/bundle.md (Markdown tables), read as text: the row
    with the bundle's size on disk, and the row with the first window's start frozen vs from source."""
    size = Row("frozen bundle size", baseline="—", goal="≤ 150 MB")
    start = Row("frozen bundle start vs start from source (first window)", goal="≤ 1.5×")
    source = HERE / "bundle.md"
    if not source.exists():
        note = "benchmarks/bundle.md is not there yet" + (
            "" if (ROOT / "scripts" / "build-bundle").exists() else " (nor scripts/build-bundle)")
        size.note = start.note = note
        return [size, start]
    text = source.read_text(encoding="utf-8", errors="replace")
    dated = re.search(r"Measured (\S+)", text)
    measured = f"measured {dated.group(1)}" if dated else ""
    table_rows = [[cell.strip().replace("**", "").replace("`", "") for cell in line.strip().strip("|").split("|")]
                  for line in text.splitlines() if line.lstrip().startswith("|") and "---" not in line]
    for cells in table_rows:
        label = cells[0].lower()
        megabytes = next((re.search(r"(\d+(?:[.,]\d+)?)\s*(MB|MiB)\b", c) for c in cells[1:]
                          if re.search(r"\d\s*(MB|MiB)\b", c)), None)
        if megabytes and size.met is None and any(w in label for w in ("disk", "size", "bundle")):
            value = _number(megabytes.group(1)) * (1.048576 if megabytes.group(2) == "MiB" else 1)
            size.measured, size.result, size.met = " ".join(cells[1:]), f"{value:.0f} MB", value <= 150
    starts = [cells for cells in table_rows if re.search(r"\d\s*[×x]$", cells[-1])]
    chosen = next((c for c in starts if "first window" in c[0].lower()), None) or next(
        (c for c in starts if "gui" in c[0].lower()), None)
    if chosen:
        ratio = _number(re.search(r"(\d+(?:[.,]\d+)?)", chosen[-1]).group(1))
        start.measured = f"frozen {chosen[1]}" if len(chosen) >= 4 else chosen[0]
        start.baseline = f"from source, {chosen[2]}" if len(chosen) >= 4 else "from source"
        start.result, start.met = f"{ratio:.2f}×", ratio <= 1.5
    for row in (size, start):
        row.note = (f"from benchmarks/bundle.md ({measured or 'undated'}; medians as that script reports them, "
                    "no spread)" if row.met is not None else "benchmarks/bundle.md has no such figure")
    return [size, start]


# ---------------------------------------------------------------------------------------------- profiles
def profile_start(books: dict[str, Path], say) -> list[Path]:
    """One start of each book under cProfile; the 40 most expensive calls (cumulative) as text."""
    import pstats
    import tempfile

    folder = OUT / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("demo", "large"):
        raw = folder / f"start-{name}.prof"
        with tempfile.TemporaryDirectory() as data:
            subprocess.run([sys.executable, "-m", "cProfile", "-o", str(raw), str(HERE / "first_paint.py"),
                            "--child", "app", "--book", str(books[name])], capture_output=True, timeout=300,
                           env=first_paint.child_environment(SOCANBO_DATA_DIR=data))
        text = folder / f"start-{name}.txt"
        with text.open("w", encoding="utf-8") as handle:
            stats = pstats.Stats(str(raw), stream=handle)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(25)
        written.append(text)
    say("start-up profiles: " + ", ".join(str(p.relative_to(ROOT)) for p in written))
    return written


# ----------------------------------------------------------------------------------------------- machine
def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                 platform.processor() or "unknown")
    physical = set()  # (physical id, core id) of each processor
    for block in cpuinfo.split("\n\n"):
        ids = dict(line.split(":", 1) for line in block.splitlines() if line.startswith(("physical id", "core id")))
        if ids:
            physical.add(tuple(v.strip() for v in ids.values()))
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    os_release = Path("/etc/os-release")
    pretty = next((line.split("=", 1)[1].strip('"') for line in os_release.read_text().splitlines()
                   if line.startswith("PRETTY_NAME=")), "") if os_release.exists() else ""
    return {"CPU": model, "cores": f"{os.cpu_count()} logical" + (f", {len(physical)} physical" if physical else ""),
            "RAM": f"{total_kb / 1024 / 1024:.1f} GiB", "OS": f"{pretty or platform.system()} "
            f"(kernel {platform.release()})", "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def versions() -> dict[str, str]:
    import sqlite3

    from PySide6 import QtCore, __version__ as pyside_version

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {"Python": platform.python_version(), "Qt": QtCore.qVersion(), "PySide6": pyside_version,
            "SQLite": sqlite3.sqlite_version, "sqlite-utils": version("sqlite-utils"),
            "reportlab": version("reportlab"), "pyHanko": version("pyHanko"),
            "python-calamine": version("python-calamine"), "openpyxl": version("openpyxl")}


# ------------------------------------------------------------------------------------------------ output
COLUMNS = ("figure", "measured: median (min–max)", "baseline, same run", "ratio / value", "goal", "met")


def table_lines(rows: list[Row]) -> list[str]:
    cells = [COLUMNS] + [(r.figure, r.measured or "—", r.baseline or "—", r.result, r.goal, r.verdict) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(c[i].ljust(widths[i]) for i in range(len(COLUMNS))) for c in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def write_results(rows: list[Row], info: dict, elapsed: float, profiles: list[Path]) -> Path:
    lines = ["# Benchmark results", "",
             f"Written by `benchmarks/run` on {info['date']}; the whole run took {elapsed / 60:.1f} minutes. "
             "Every figure is the median of several runs with the spread (min–max), next to its baseline "
             "measured in the same run. How each figure is taken: benchmarks/README.md.", "", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in info["machine"].items()]
    lines += ["", "## Versions", ""] + [f"- {key}: {value}" for key, value in info["versions"].items()]
    lines += ["", "## Figures", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in (
            r.figure, r.measured or "—", r.baseline or "—", r.result, r.goal, r.verdict)) + " |")
    lines += ["", "## Notes", ""] + [f"- **{r.figure}**: {r.note}" for r in rows if r.note]
    start = next((r for r in rows if r.figure.startswith("cold start") and "first_start_of_the_day_s" in r.details),
                 None)
    if start:
        fresh = start.details["first_start_of_the_day_s"]
        lines.append("- **first start of the day** (empty user folder, so the program backs the book up before "
                     "showing it; not a goal): " + "; ".join(f"{k} book {spread(v, 1000)}" for k, v in fresh.items()))
    if profiles:
        lines.append("- start-up profiles (cProfile, one start each): "
                     + ", ".join(f"`{p.relative_to(ROOT)}`" for p in profiles))
    lines += ["", "## Raw runs", "", "```json", json.dumps({r.figure: {k: v for k, v in r.details.items()
                                                                    if k != "last_output"} for r in rows},
                                                            ensure_ascii=False, indent=1, default=str), "```", ""]
    path = HERE / "RESULTS.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(FIGURES), help="comma-separated: " + ", ".join(FIGURES))
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test; not for the record)")
    parser.add_argument("--start-runs", type=int, default=7)
    parser.add_argument("--heavy-runs", type=int, default=3)
    parser.add_argument("--wait-minutes", type=float, default=30, help="how long to wait for the officers page")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    start_runs, heavy_runs = (5, 1) if args.quick else (max(5, args.start_runs), max(3, args.heavy_runs))
    began = time.monotonic()

    def say(text: str) -> None:
        print(f"[{time.monotonic() - began:6.1f} s] {text}", flush=True)

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    info = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "machine": machine(),
            "versions": versions()}
    books = build_inputs(say)
    rows: list[Row] = []
    profiles: list[Path] = []

    def figure(names: list[str], measure) -> None:
        """Add the rows `measure()` returns; a figure that fails is a row saying so, and the run goes on."""
        try:
            found = measure()
        except Exception as error:  # noqa: BLE001 - one broken figure must not lose the others
            message = " ".join(str(error).split())[:300]
            say(f"FAILED: {message}")
            found = [Row(name, result="failed", note=f"{type(error).__name__}: {message}") for name in names]
        rows.extend(found if isinstance(found, list) else [found])

    if "start" in wanted:
        say(f"cold start: bare window, demo book, large book; {start_runs} runs each, interleaved")
        figure(["cold start to first painted window, demo book", "cold start to first painted window, large book"],
               lambda: start_rows(books, start_runs))
        if not args.no_profile and any(r.met is False for r in rows):
            figure([], lambda: profiles.extend(profile_start(books, say)) or [])
    if "search" in wanted:
        say("search as you type on the large book")
        figure(["search as you type"], lambda: search_row(books["large"], 5 if not args.quick else 2,
                                                          args.wait_minutes))
    if "memory" in wanted:
        say(f"peak memory; {heavy_runs} runs each")
        figure(["peak memory, large book open"], lambda: memory_row(books, heavy_runs))
    if "import" in wanted:
        say(f"import speed (benchmarks/import_speed.py, {heavy_runs} runs)")
        figure(["import of a 10,000-row attendee list"], lambda: script_row(
            "import of a 10,000-row attendee list (parse, match, write)", HERE / "import_speed.py", heavy_runs,
            "calamine", ("import",), "python-calamine reading the file", 1.5))
    if "report" in wanted:
        say(f"report speed (benchmarks/report_speed.py, {heavy_runs} runs)")
        figure(["signed 2025 report of the demo book"], lambda: script_row(
            "signed 2025 report of the demo book", HERE / "report_speed.py", heavy_runs, "reportlab",
            ("signed", "report"), "reportlab drawing the same pages", 2))
    if "bundle" in wanted:
        figure(["frozen bundle size", "frozen bundle start"], bundle_rows)
    info["machine"]["load average at the end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    elapsed = time.monotonic() - began
    path = write_results(rows, info, elapsed, profiles)
    print()
    print("\n".join(table_lines(rows)))
    print()
    for row in rows:
        if row.note:
            print(f"- {row.figure}: {row.note}")
    print(f"\nwritten: {path.relative_to(ROOT)}; benchmarks/run took {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
