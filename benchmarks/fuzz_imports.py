"""Soak: fuzz the import engine with at least 5,000 mutated .xlsx, .xls, .ods and .csv files.

    .venv/bin/python benchmarks/fuzz_imports.py [CASES] [--seed N] [--workers N] [--limit SECONDS]

Each case (a valid list mutated by cells and bytes, tests/soak/fuzz_imports.py) goes through read_table ->
preview -> apply on a scratch book, in long-lived worker processes (one scratch book each, a 4 GB address
space limit, the per-case alarm inside). A worker that dies or stops answering is restarted; its case counts
as a crash or a hang. Prints the cases, how many were accepted and rejected with a message, the unhandled
exceptions, hangs, crashes and writes on rejection (all must be 0), and the time. Failing files are kept
under benchmarks/out/fuzz-failures/ (three per kind of failure, named by the failure and a hash of the file)
with a .txt beside each: its case label, the message and the traceback (`python tests/soak/fuzz_imports.py
case 'LABEL'` rebuilds and judges one). Each failure is marked known (a bug recorded in tests/soak/fuzz_cases)
or NEW. Exit code 1 when anything failed. tests/soak/test_fuzz_imports.py runs a few hundred cases in the
test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import selectors
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tests" / "soak"))
sys.path.insert(0, str(REPO_ROOT))

import fuzz_imports as fuzz  # noqa: E402

MINIMUM_CASES = 5000
OUT = REPO_ROOT / "benchmarks" / "out"
KEEP_PER_SIGNATURE = 3
BUILD_LIMIT = 300.0


class Worker:
    """One child running `fuzz_imports.py worker`: a case number in, one JSON line out."""

    def __init__(self, number: int, seed: int, limit: float, work: Path) -> None:
        self.number, self.seed, self.limit = number, seed, limit
        self.work = work / f"worker-{number}"
        self.work.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None
        self.restarts = -1
        self.start()

    def start(self) -> None:
        self.restarts += 1
        self.log = (self.work / "stderr.log").open("ab")
        env = dict(os.environ, RUST_BACKTRACE="0", PYTHONDONTWRITEBYTECODE="1")
        self.process = subprocess.Popen(
            [sys.executable, str(Path(fuzz.__file__).resolve()), "worker", str(self.seed), str(self.limit),
             str(self.work)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, cwd=REPO_ROOT, env=env)
        self.buffer = b""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def _stderr_since(self, offset: int) -> str:
        self.log.flush()
        data = (self.work / "stderr.log").read_bytes()[offset:][-8000:]
        return data.decode("utf-8", "replace")

    def run(self, index: int) -> dict:
        """The worker's answer for case `index`; a dead or silent worker is restarted and the case failed."""
        hard_limit = self.limit * 2 + 10  # the alarm cannot interrupt native code: this can
        self.log.flush()
        offset = (self.work / "stderr.log").stat().st_size
        try:
            self.process.stdin.write(f"{index}\n".encode())
            self.process.stdin.flush()
        except BrokenPipeError:
            pass
        deadline = time.monotonic() + BUILD_LIMIT  # building the file is the fuzzer's time, not the engine's
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(timeout=left):
                    self.process.kill()  # our own child, by its handle
                    self.process.wait()
                    outcome = fuzz.process_hang(fuzz.build(fuzz.case_for(self.seed, index)), hard_limit)
                    outcome.trace = self._stderr_since(offset)
                    return self._lost(index, outcome)
                chunk = os.read(self.process.stdout.fileno(), 1 << 16)
                if not chunk:
                    outcome = fuzz.crashed(self.process.wait(), self._stderr_since(offset))
                    return self._lost(index, outcome)
                self.buffer += chunk
                while b"\n" in self.buffer and self.buffer.startswith(b'{"built"'):
                    self.buffer = self.buffer.split(b"\n", 1)[1]  # the case is built: its time starts now
                    deadline = time.monotonic() + hard_limit
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def _lost(self, index: int, outcome) -> dict:
        self.log.close()
        self.start()
        case = fuzz.case_for(self.seed, index)
        return {"index": index, "label": case.label, **outcome.as_json()}


def run(cases: int, seed: int, workers: int, limit: float, out: Path) -> dict:
    work = OUT / f"fuzz-work-{os.getpid()}"  # its own: another run at the same time keeps its books
    out.mkdir(parents=True, exist_ok=True)  # kept files are named by failure and content: runs do not collide
    pool = [Worker(n, seed, limit, work) for n in range(workers)]
    indices = iter(range(cases))
    lock = threading.Lock()
    results: list[dict] = []

    def serve(worker: Worker) -> None:
        while True:
            with lock:
                index = next(indices, None)
            if index is None:
                return
            answer = worker.run(index)
            with lock:
                results.append(answer)
                if len(results) % 500 == 0:
                    failed = sum(1 for r in results if r.get("verdict") != fuzz.ACCEPTED
                                 and r.get("verdict") != fuzz.REJECTED)
                    print(f"  ... {len(results)} cases, {failed} failed", flush=True)

    threads = [threading.Thread(target=serve, args=(worker,)) for worker in pool]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in pool:
        worker.stop()
    shutil.rmtree(work, ignore_errors=True)
    results.sort(key=lambda r: r["index"])
    return {"results": results, "restarts": sum(w.restarts for w in pool)}


def report(results: list[dict], seed: int, elapsed: float, restarts: int, out: Path) -> int:
    verdicts = Counter(r.get("verdict", "fuzzer error") for r in results)
    failures = [r for r in results if r.get("verdict") == fuzz.FAILED]
    fuzzer_errors = [r for r in results if "error" in r]
    kinds = Counter(r["message"].split(":", 1)[0] for r in failures)
    by_signature: dict[str, list[dict]] = {}
    for failure in failures:
        by_signature.setdefault(failure["signature"], []).append(failure)
    kept = 0
    for signature, group in by_signature.items():
        for failure in group[:KEEP_PER_SIGNATURE]:
            case = fuzz.Case.parse(failure["label"])
            outcome = fuzz.Outcome(**{k: failure[k] for k in fuzz.Outcome.__dataclass_fields__})
            fuzz.save_failure(failure["label"], case.file_name, fuzz.build(case), outcome, out)
            kept += 1
    formats = Counter()
    for r in results:
        formats[(r["label"].split("|")[1], r.get("verdict", "error"))] += 1
    unhandled = kinds["unhandled exception"] + kinds["hang"] + kinds["crash"]
    writes = kinds["write on rejection"]
    other = len(failures) - unhandled - writes
    slowest = max(results, key=lambda r: r.get("seconds", 0), default=None)
    print(f"fuzz imports: {len(results)} cases (seed {seed}) in {elapsed:.0f} s, {restarts} worker restarts")
    print(f"  accepted:                 {verdicts[fuzz.ACCEPTED]} "
          f"({sum(1 for r in results if r.get('verdict') == fuzz.ACCEPTED and r.get('problems'))} with row problems)")
    print(f"  rejected with a message:  {verdicts[fuzz.REJECTED]}")
    print(f"  unhandled exceptions:     {unhandled} (exceptions {kinds['unhandled exception']}, hangs over the "
          f"limit {kinds['hang']}, crashes {kinds['crash']})")
    print(f"  writes on rejection:      {writes}")
    print(f"  other failures:           {other} (unexplained rejections, misplaced problems, counts)")
    if fuzzer_errors:
        print(f"  fuzzer errors:            {len(fuzzer_errors)} (cases the fuzzer could not build)")
    print("  by format:               " + ", ".join(
        f"{fmt} {formats[(fmt, fuzz.ACCEPTED)]}/{formats[(fmt, fuzz.REJECTED)]}/{formats[(fmt, fuzz.FAILED)]}"
        for fmt in ("xlsx", "xls", "ods", "csv")) + "  (accepted/rejected/failed)")
    if slowest:
        print(f"  slowest case:             {slowest.get('seconds', 0):.1f} s ({slowest['label']})")
    for signature, group in sorted(by_signature.items(), key=lambda item: -len(item[1])):
        bug = fuzz.known_bug(fuzz.Outcome(fuzz.FAILED, signature=signature))
        known = f" [known: {bug.name}, tests/soak/fuzz_cases/{bug.files[0][0]}]" if bug else " [NEW]"
        print(f"  {len(group):5d} x {signature}{known}")
        print(f"          e.g. {group[0]['label']}: {group[0]['message'][:160]}")
    if kept:
        print(f"  {kept} failing files kept in {out.relative_to(REPO_ROOT)}")
    print(f"cases={len(results)} accepted={verdicts[fuzz.ACCEPTED]} rejected={verdicts[fuzz.REJECTED]} "
          f"unhandled={unhandled} writes_on_rejection={writes} other_failures={other} time={elapsed:.0f}s")
    return 0 if not failures and not fuzzer_errors else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz the import engine with mutated spreadsheet files.")
    parser.add_argument("cases", type=int, nargs="?", default=MINIMUM_CASES)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=max(1, min(os.cpu_count() or 1, 8)))
    parser.add_argument("--limit", type=float, default=fuzz.CASE_LIMIT, help="seconds per case before a hang")
    parser.add_argument("--out", type=Path, default=fuzz.FAILURES_DIR)
    args = parser.parse_args(argv)
    started = time.monotonic()
    done = run(args.cases, args.seed, args.workers, args.limit, args.out.resolve())
    return report(done["results"], args.seed, time.monotonic() - started, done["restarts"], args.out.resolve())


if __name__ == "__main__":
    sys.exit(main())
