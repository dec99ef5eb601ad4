"""Fuzzing the importers in the test suite: a few hundred mutated .xlsx, .xls, .ods and .csv files (fixed seeds,
and hypothesis derandomized), each through read_table -> preview -> apply on a scratch book.

Each file must be imported (row problems placed on their sheet and row, in Vietnamese) or refused with a
Vietnamese message and nothing written; see tests/soak/fuzz_imports.py. benchmarks/fuzz_imports.py runs 5,000
cases and more. A failure that matches a bug recorded in tests/soak/fuzz_cases (one strict xfail test each,
below) is let through here until that bug is fixed; any other failure fails the test with the case's label
(`fuzz_imports.Case.parse(label)` rebuilds the file) and the file kept in benchmarks/out/fuzz-failures/.
"""
from __future__ import annotations

import functools
import random
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

import fuzz_imports as fuzz
from desktop.i18n import _
from desktop.services.importing import ImportFileError, Problem

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "socanbo-hypothesis")  # not .hypothesis/ in the tree

LIMIT = 5.0  # seconds a case may take (legitimate ones take well under one)
REPRODUCER_LIMIT = 2.0
GRACE = 4.0  # after the limit, a child process stuck in native code is killed
FIXED_SEED, BLOCKS, PER_BLOCK = 2026, 10, 25
FUZZ_SETTINGS = settings(derandomize=True, database=None, deadline=None, print_blob=False,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    scratch = fuzz.FuzzBook(tmp_path_factory.mktemp("fuzz-book"))
    yield scratch
    scratch.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-files")


def judge(book: fuzz.FuzzBook, folder: Path, file_name: str, data: bytes, kind: str, create_missing: bool = True,
          limit: float = LIMIT) -> fuzz.Outcome:
    """The oracle's verdict on one file; a file that may take the process down is judged in a child process."""
    path = folder / file_name
    path.write_bytes(data)
    if fuzz.needs_isolation(data):
        return fuzz.run_isolated(path, kind, create_missing, limit, grace=GRACE)
    return book.check(path, kind, create_missing, limit)


def require_sound(outcome: fuzz.Outcome, label: str, file_name: str, data: bytes) -> None:
    if outcome.verdict != fuzz.FAILED or fuzz.known_bug(outcome) is not None:
        return
    kept = fuzz.save_failure(label, file_name, data, outcome)
    pytest.fail(f"case {label}\n{outcome.signature}: {outcome.message}\nfile kept as {kept}\n{outcome.trace[-3000:]}",
                pytrace=False)


def run_case(book: fuzz.FuzzBook, folder: Path, case: fuzz.Case) -> fuzz.Outcome:
    data = fuzz.build(case)
    outcome = judge(book, folder, case.file_name, data, case.kind, case.create_missing)
    require_sound(outcome, case.label, case.file_name, data)
    return outcome


# ---------------------------------------------------------------------------- the seed corpus is valid

def _unmutated() -> list:
    found = []
    for index, seed in enumerate(fuzz.seeds()):
        for fmt in ([seed.fmt] if seed.fmt else ["xlsx", "ods", "csv"]):
            found.append(pytest.param(fuzz.Case(seed.name, fmt, seed.kind, variant=index % len(fuzz.CSV_VARIANTS)),
                                      id=f"{seed.name}.{fmt}"))
    return found


@pytest.mark.parametrize("case", _unmutated())
def test_every_seed_file_imports_before_it_is_mutated(case, tmp_path):
    fresh = fuzz.FuzzBook(tmp_path / "book")
    try:
        outcome = fresh.check(_write(tmp_path, case), case.kind, True, LIMIT)
    finally:
        fresh.close()
    if case.seed == "co-mat-khau.xls":
        assert outcome.verdict == fuzz.REJECTED and "mật khẩu" in outcome.message
        return
    assert outcome.verdict == fuzz.ACCEPTED, f"{outcome.signature}: {outcome.message}"
    assert outcome.rows >= 2, "the seed's rows were not recognised"


def _write(folder: Path, case: fuzz.Case) -> Path:
    path = folder / case.file_name
    path.write_bytes(fuzz.build(case))
    return path


# ---------------------------------------------------------------------------- fixed seeds

@pytest.mark.parametrize("block", range(BLOCKS))
def test_mutated_files_fixed_seeds(block, book, folder):
    verdicts = []
    for index in range(block * PER_BLOCK, (block + 1) * PER_BLOCK):
        verdicts.append(run_case(book, folder, fuzz.case_for(FIXED_SEED, index)).verdict)
    assert len(verdicts) == PER_BLOCK


def test_fixed_seeds_reach_every_format_and_layer():
    """The fixed cases are not all of one kind: every format, layer, and both verdicts are exercised."""
    cases = [fuzz.case_for(FIXED_SEED, index) for index in range(BLOCKS * PER_BLOCK)]
    assert {case.fmt for case in cases} == {"xlsx", "xls", "ods", "csv"}
    assert {fuzz.MUTATORS[name].layer for case in cases for name, _ in case.steps} == {"cell", "struct", "zip", "byte"}
    assert sum(1 for case in cases if not case.steps) >= 5  # a few valid files among them


# ---------------------------------------------------------------------------- hypothesis: mutation plans

@st.composite
def cases(draw) -> fuzz.Case:
    seed = draw(st.sampled_from(fuzz.seeds()))
    fmt = seed.fmt or draw(st.sampled_from(["xlsx", "ods", "csv"]))
    kind = draw(st.sampled_from([seed.kind, seed.kind, seed.kind, *fuzz.KINDS]))
    names = sorted(name for name, mutator in fuzz.MUTATORS.items()
                   if fmt in mutator.formats and (mutator.layer != "cell" or seed.sheets))
    steps = draw(st.lists(st.tuples(st.sampled_from(names), st.integers(0, 2 ** 31 - 1)), min_size=1, max_size=3))
    steps.sort(key=lambda step: fuzz.MUTATORS[step[0]].layer != "cell")
    return fuzz.Case(seed.name, fmt, kind, tuple(steps), draw(st.integers(0, len(fuzz.CSV_VARIANTS) - 1)),
                     draw(st.sampled_from(["", "", "", "", "xls", "csv", "xlsx"])), draw(st.booleans()))


@settings(FUZZ_SETTINGS, max_examples=100)
@given(case=cases())
def test_mutated_files_hypothesis(case, book, folder):
    run_case(book, folder, case)


# ---------------------------------------------------------------------------- hypothesis: cell values

HEADERS = {"attendance": ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Đơn vị", "Kết quả", "Số GCN"],
           "courses": ["TT", "Tên lớp", "Từ ngày", "Đến ngày", "Số ngày", "Địa điểm", "Hình thức"],
           "officers": ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Đảng viên", "Chuyên trách"]}
cell_values = st.one_of(
    st.none(), st.text(max_size=40), st.text(alphabet=fuzz.VIETNAMESE + " ", max_size=30),
    st.integers(-2 ** 63, 2 ** 63), st.floats(), st.booleans(), st.dates(), st.datetimes(), st.times(),
    st.sampled_from(fuzz.ODD_TEXT + fuzz.FORMULAS + fuzz.NUMBERS + fuzz.DATES + fuzz.CONTROL))


@settings(FUZZ_SETTINGS, max_examples=60)
@given(kind=st.sampled_from(sorted(HEADERS)), fmt=st.sampled_from(["xlsx", "ods", "csv"]),
       variant=st.integers(0, len(fuzz.CSV_VARIANTS) - 1),
       body=st.lists(st.lists(cell_values, max_size=9), min_size=1, max_size=8),
       names=st.lists(st.sampled_from([p[0] for p in fuzz.PEOPLE] + ["", " ", "\u200b", "Lớp kỹ năng"]),
                      min_size=8, max_size=8))
def test_cell_values_hypothesis(kind, fmt, variant, body, names, book, folder):
    rows = [["DANH SÁCH"], list(HEADERS[kind])]
    for index, row in enumerate(body):
        row = list(row) + [None] * (2 - len(row)) if len(row) < 2 else list(row)
        if index % 2 == 0:  # half of the rows keep a plausible key, so that the rows are read at all
            row[1] = names[index]
        rows.append(row)
    data = fuzz.write_grid([fuzz.Sheet("DS", rows, header=1)], fmt, variant)
    label = f"cell values {kind} {fmt} v{variant}: {rows!r}"[:4000]
    file_name = f"gia-tri.{fmt}"
    require_sound(judge(book, folder, file_name, data, kind), label, file_name, data)


# ---------------------------------------------------------------------------- the oracle can fail

@pytest.fixture
def scratch(tmp_path):
    fresh = fuzz.FuzzBook(tmp_path / "book")
    yield fresh
    fresh.close()


@pytest.fixture
def list_file(tmp_path) -> Path:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(fuzz.write_xlsx([fuzz.Sheet("DS", fuzz.SMALL_LIST, header=1)]))
    return path


def test_the_oracle_accepts_a_good_list(scratch, list_file):
    outcome = scratch.check(list_file, "attendance")
    assert (outcome.verdict, outcome.rows) == (fuzz.ACCEPTED, 2)


def test_an_unhandled_exception_is_a_failure(scratch, list_file, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("full_name")

    monkeypatch.setattr("desktop.services.importing.read_table", broken)
    outcome = scratch.check(list_file, "attendance")
    assert outcome.verdict == fuzz.FAILED and outcome.signature.startswith("KeyError in ")


def test_a_rust_panic_is_a_failure_not_a_crash_of_the_fuzzer(scratch, list_file, monkeypatch):
    class PanicException(BaseException):  # what pyo3 raises for a panic in python-calamine
        pass

    def panics(*args, **kwargs):
        raise PanicException("index out of range")

    monkeypatch.setattr("desktop.services.importing.read_table", panics)
    assert scratch.check(list_file, "attendance").signature.startswith("PanicException in ")


def test_a_write_before_a_rejection_is_a_failure(scratch, list_file, monkeypatch):
    from desktop.domain.officers import Person

    def writes_then_refuses(path, kind, *args, **kwargs):
        scratch.services.officers.add_person(Person("Người Ghi Lén"))
        raise ImportFileError("The file {file} is empty (0 bytes).", file=Path(path).name)

    monkeypatch.setattr("desktop.services.importing.read_table", writes_then_refuses)
    outcome = scratch.check(list_file, "attendance")
    assert outcome.verdict == fuzz.FAILED and outcome.signature == "write on rejection"
    assert "'people': 1" in outcome.message


def test_a_rejection_without_a_vietnamese_message_is_a_failure(scratch, list_file, monkeypatch):
    def refuses(*args, **kwargs):
        raise ImportFileError("Something English nobody translated {file}.", file="ds.xlsx")

    monkeypatch.setattr("desktop.services.importing.read_table", refuses)
    outcome = scratch.check(list_file, "attendance")
    assert outcome.verdict == fuzz.FAILED and outcome.signature.startswith("unexplained ImportFileError")


def test_a_hang_is_a_failure(scratch, list_file, monkeypatch):
    def spins(*args, **kwargs):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr("desktop.services.importing.read_table", spins)
    started = time.monotonic()
    outcome = scratch.check(list_file, "attendance", limit=0.5)
    assert outcome.verdict == fuzz.FAILED and outcome.signature.startswith("hang ")
    assert time.monotonic() - started < 5


def test_a_problem_must_say_where(scratch):
    assert fuzz._misplaced(Problem("Row {row}: {detail}", "DS", None, None, {"detail": "x"}), "DS", _)
    assert fuzz._misplaced(Problem("Row {row}: {detail}", "Other", 3, None, {"detail": "x"}), "DS", _)
    assert fuzz._misplaced(Problem("Row {row}, column {column}: {value} is not a number.", "DS", 3, "b1",
                                   {"value": "x"}), "DS", _)
    assert fuzz._misplaced(Problem("Row {row}, column {column}: {value} is not a number.", "DS", 3, "B",
                                   {"value": "x"}), "DS", _) is None


def test_a_crash_of_a_child_process_is_a_failure():
    outcome = fuzz.crashed(-6, "memory allocation of 549755813888 bytes failed\n")
    assert outcome.verdict == fuzz.FAILED and outcome.signature == "crash (SIGABRT): memory allocation failed"


def test_a_case_is_rebuilt_from_its_label():
    case = fuzz.case_for(FIXED_SEED, 7)
    assert fuzz.Case.parse(case.label) == case
    assert fuzz.build(fuzz.Case.parse(case.label)) == fuzz.build(case)


def test_the_alarm_gives_back_an_outer_timer():
    import signal

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *args: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.6)
        with fuzz.deadline(5):
            time.sleep(0.1)
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 0.2 < left <= 0.5
        time.sleep(left + 0.2)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------- bugs the fuzzer found

@functools.lru_cache(maxsize=1)
def reproducers() -> dict[str, bytes]:
    return fuzz.reproducers()


# Bugs fixed in the engine: their reproducers stay as regression tests that must pass.
FIXED = {"calamine-panic", "zip-member-unreadable", "csv-field-limit", "csv-utf16-undecodable",
         "legacy-fonts-openpyxl", "blank-key-cell", "csv-sniffer-quadratic", "wide-header-slow",
         "huge-sheet", "ole-chain-loop", "ole-difat-loop", "ods-open-table-loops"}


def _reproducers() -> list:
    return [pytest.param(bug, name, kind, id=f"{bug.name}:{name}",
                         marks=() if bug.name in FIXED else
                         pytest.mark.xfail(strict=True, raises=AssertionError, reason=bug.summary))
            for bug in fuzz.KNOWN_BUGS for name, kind in bug.files]


@pytest.mark.parametrize("bug, name, kind", _reproducers())
def test_recorded_bug(bug, name, kind, book, folder):
    """Fails (xfail) while the bug is there; passes, and so fails strict, once it is fixed: then drop the bug
    from fuzz_imports.KNOWN_BUGS (keep the file as a regression test if you like)."""
    data = (fuzz.CASES_DIR / name).read_bytes()
    outcome = judge(book, folder, name, data, kind, limit=REPRODUCER_LIMIT)
    if outcome.verdict == fuzz.FAILED and not re.search(bug.signature, outcome.signature):
        raise RuntimeError(f"{name} now fails otherwise: {outcome.signature}: {outcome.message}")
    assert outcome.verdict != fuzz.FAILED, f"{outcome.signature}: {outcome.message}"


def test_every_reproducer_is_recorded_and_rebuilt_the_same():
    recorded = {name for bug in fuzz.KNOWN_BUGS for name, _ in bug.files}
    assert recorded == {path.name for path in fuzz.CASES_DIR.iterdir()} == set(reproducers())
    for name, data in reproducers().items():
        assert (fuzz.CASES_DIR / name).read_bytes() == data, f"{name} differs from what make-cases writes"


def test_random_is_not_used_unseeded():
    """Cases come from their own seeded generators: the global generator's state does not change them."""
    random.seed(1)
    first = fuzz.build(fuzz.case_for(FIXED_SEED, 3))
    random.seed(2)
    assert fuzz.build(fuzz.case_for(FIXED_SEED, 3)) == first
