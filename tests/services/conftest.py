"""Fixtures for the service tests: a fresh temporary book with a fixed clock, and small helpers that
put people, posts and courses into it."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from desktop.domain.officers import Person, PostHolding, Term
from desktop.domain.union import UnionProfile
from desktop.services.book import create_book

VN = timezone(timedelta(hours=7))
NOW = datetime(2025, 6, 15, 9, 30, tzinfo=VN)
TODAY = NOW.date()
TERM = Term(2023, 2028)
PREVIOUS_TERM = Term(2018, 2023)


def fixed_clock() -> datetime:
    return NOW


@pytest.fixture
def clock():
    return fixed_clock


@pytest.fixture
def profile() -> UnionProfile:
    return UnionProfile(union_name="Công đoàn cơ sở Công ty TNHH May Tân Định",
                        superior_name="Công đoàn phường Tân Định", place_name="Phường Tân Định", term=TERM)


@pytest.fixture
def services(tmp_path, profile):
    book = create_book(tmp_path / "t.socanbo", profile, clock=fixed_clock)
    try:
        yield book
    finally:
        book.close()


@pytest.fixture
def add_person(services):
    """Add a person (keyword fields of Person) and return the id."""

    def add(full_name: str, **fields) -> int:
        return services.officers.add_person(Person(full_name, **fields))

    return add


@pytest.fixture
def add_post(services):
    """Give a person a post; the term defaults to 2023–2028."""

    def add(person_id: int, title_key: str, term: Term = TERM, **fields) -> int:
        return services.officers.add_post(PostHolding(person_id, title_key, term, **fields))

    return add


@pytest.fixture
def add_officer(add_person, add_post):
    """A person holding one post; returns the person's id."""

    def add(full_name: str, title_key: str = "committee_member", term: Term = TERM,
            start_date: date | None = None, end_date: date | None = None, duties: str = "", **fields) -> int:
        person_id = add_person(full_name, **fields)
        add_post(person_id, title_key, term, start_date=start_date, end_date=end_date, duties=duties)
        return person_id

    return add


def _count(services, table: str, where: str = "", args=()) -> int:
    sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    return services.book.db.execute(sql, list(args)).fetchone()[0]


@pytest.fixture
def table_count(services):
    """table_count("audit", "action = ?", ["person.create"]) -> number of rows."""

    def count(table: str, where: str = "", args=()) -> int:
        return _count(services, table, where, args)

    return count


@pytest.fixture
def audit_rows(services):
    """The audit rows (dicts) in the order written, optionally only one action."""

    def rows(action: str | None = None) -> list[dict]:
        sql = "SELECT * FROM audit" + (" WHERE action = ?" if action else "") + " ORDER BY id"
        return list(services.book.db.query(sql, [action] if action else []))

    return rows


@pytest.fixture
def counts(services):
    """Row counts of every table a service call may write to, plus the closed years."""

    def snapshot() -> dict:
        tables = ("people", "post_holdings", "terms", "criteria_sets", "criteria", "evaluations",
                  "evaluation_scores", "courses", "attendance", "audit", "years")
        found = {table: _count(services, table) for table in tables}
        found["closed_years"] = tuple(services.evaluations.repo.closed_years())
        return found

    return snapshot
