"""The benchmarks' book generator (benchmarks/large_book.py) at a small size: the counts it promises, a book that
`socanbo check` finds sound, the same content on every run, and the domain's rules applied on the way in."""
from __future__ import annotations

import importlib.util
import random
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from desktop.domain.errors import ValidationErrors
from desktop.domain.evaluation import Status
from desktop.domain.officers import Person
from desktop.services.book import open_book
from desktop.services.bulk_generation import BulkWriter
from desktop.services.checks import check_book
from desktop.services.officers import RosterFilter

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "large_book.py"


def _load_generator():
    spec = importlib.util.spec_from_file_location("large_book", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("large_book", module)
    spec.loader.exec_module(module)
    return module


large_book = _load_generator()
SIZE = large_book.Size(people=50, years=2, courses=10, attendance=150)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("bench") / "small.socanbo"
    counts = large_book.generate(path, SIZE)
    return path, counts


@pytest.fixture
def book(small_book):
    services = open_book(small_book[0], read_only=True)
    yield services
    services.close()


def _evaluated_per_year() -> dict[int, int]:
    plan = large_book.plan_book(SIZE, random.Random(large_book.SEED))
    return {year: len({p.person for p in plan.posts if p.active_in_year(year)}) for year in plan.years}


def test_the_small_book_has_the_promised_counts(small_book):
    _path, counts = small_book
    evaluated = _evaluated_per_year()
    assert list(evaluated) == [2024, 2025]
    assert counts["people"] == 50
    assert counts["courses"] == 10
    assert counts["attendance"] == 150
    assert counts["evaluations"] == sum(evaluated.values())
    assert counts["criteria_sets"] == 2
    assert counts["years"] == 1  # 2024 closed, 2025 under way
    assert counts["post_holdings"] >= 10
    # every created record has its audit row
    assert counts["audit"] >= sum(counts[t] for t in ("people", "post_holdings", "courses", "attendance",
                                                        "evaluations"))


def test_socanbo_check_finds_no_problem(book):
    assert check_book(book) == []


def test_the_years_are_evaluated_as_a_union_would(book):
    assert book.evaluations.year_closed(2024) and not book.evaluations.year_closed(2025)
    closed = book.evaluations.rows(2024)
    assert closed and all(row.evaluation.status() == Status.FINAL for row in closed)
    assert {row.evaluation.status() for row in book.evaluations.rows(2025)} <= {
        Status.FINAL, Status.DRAFT, Status.NOT_STARTED}


def test_people_have_vietnamese_names_in_nfc(book):
    names = [entry.person.full_name for entry in book.officers.roster(RosterFilter(include_ended=True))]
    assert len(names) == 50
    assert all(unicodedata.is_normalized("NFC", name) and len(name.split()) >= 3 for name in names)
    assert sum(any(ord(ch) > 127 for ch in name) for name in names) >= 45  # with diacritics
    assert len({name.split()[0] for name in names}) >= 5  # several family names


def _content(services) -> tuple:
    return ([(e.person, e.holdings) for e in services.officers.roster(RosterFilter(include_ended=True))],
            [r.attendance for r in services.training.attendance()],
            [(r.person.id, r.evaluation) for year in (2024, 2025) for r in services.evaluations.rows(year)],
            [(e.at, e.action, e.row_id, e.new_value) for e in services.audit.entries()])


def test_two_generations_write_the_same_content(small_book, tmp_path):
    again = tmp_path / "again.socanbo"
    large_book.generate(again, SIZE)
    first, second = open_book(small_book[0], read_only=True), open_book(again, read_only=True)
    try:
        assert _content(first) == _content(second)
    finally:
        first.close()
        second.close()


def test_the_bulk_writer_refuses_what_the_domain_refuses(small_book, tmp_path):
    copy = tmp_path / "copy.socanbo"
    copy.write_bytes(small_book[0].read_bytes())
    services = open_book(copy)
    try:
        writer = BulkWriter(services, lambda: datetime(2025, 11, 20).astimezone())
        before = writer.counts()
        with pytest.raises(ValidationErrors):
            writer.add_people([Person("Nguyễn Văn Đúng"), Person("Trần Thị Sai", email="không-phải-thư")])
        assert writer.counts() == before
    finally:
        services.close()
