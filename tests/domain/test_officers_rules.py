"""People and posts: field validation, terms, and when a post counts as held."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop.domain.errors import ValidationError, ValidationErrors
from desktop.domain.officers import (
    Group,
    Person,
    PostHolding,
    Term,
    current_titles,
    post_title,
    valid_phone,
    validate_holding,
    validate_person,
)

TODAY = date(2025, 6, 15)  # oldest birth year 1925, youngest 2010
TERM = Term(2023, 2028)


def fields_refused(person: Person) -> list[str]:
    with pytest.raises(ValidationErrors) as caught:
        validate_person(person, TODAY)
    return [error.field for error in caught.value.errors]


# --------------------------------------------------------------------------- validate_person

@pytest.mark.parametrize("person", [
    Person("Nguyễn Văn An"),
    Person("Trần Thị Bích", birth_year=1925),
    Person("Trần Thị Bích", birth_year=2010),
    Person("Lê Văn Cường", birth_date=date(1925, 1, 1)),
    Person("Lê Văn Cường", birth_date=date(2010, 12, 31)),
    Person("Lê Văn Cường", birth_date=date(1980, 5, 1), birth_year=1980),
    Person("Phạm Thị Dung", party_member=True, party_join_date=date(2005, 3, 2), birth_year=1980),
    Person("Phạm Thị Dung", party_member=True, party_join_date=date(1996, 1, 1), birth_year=1980),  # 16th year
    Person("Phạm Thị Dung", party_member=True),  # member, date unknown
    Person("Hoàng Văn Em", email="ten@congty.vn", phone="0912345678"),
    Person("Hoàng Văn Em", email="nguyen.van.a@congdoan.org.vn", phone="+84 912 345 678"),
    Person("Hoàng Văn Em", phone="028 3829 1234"),
    Person("Vũ Thị Giang", education="intermediate", political_theory="advanced"),
    Person("A" * 120),
], ids=lambda p: repr(p)[:80])
def test_validate_person_accepts(person):
    validate_person(person, TODAY)


@pytest.mark.parametrize("person, fields", [
    (Person(""), ["full_name"]),
    (Person("   "), ["full_name"]),
    (Person("A" * 121), ["full_name"]),
    (Person("An", birth_year=1924), ["birth_year"]),
    (Person("An", birth_year=2011), ["birth_year"]),
    (Person("An", birth_year=2025), ["birth_year"]),
    (Person("An", birth_date=date(1924, 12, 31)), ["birth_date"]),
    (Person("An", birth_date=date(2011, 1, 1)), ["birth_date"]),
    (Person("An", birth_date=date(1980, 5, 1), birth_year=1981), ["birth_year"]),  # mismatch
    (Person("An", party_join_date=date(2005, 3, 2)), ["party_join_date"]),  # not a member
    (Person("An", party_member=True, party_join_date=date(2025, 6, 16)), ["party_join_date"]),  # future
    (Person("An", party_member=True, party_join_date=date(1995, 12, 31), birth_year=1980), ["party_join_date"]),
    (Person("An", email="ten@congty"), ["email"]),
    (Person("An", email="ten congty.vn"), ["email"]),
    (Person("An", email="@congty.vn"), ["email"]),
    (Person("An", email="a@b@congty.vn"), ["email"]),
    (Person("An", email="ten @congty.vn"), ["email"]),
    (Person("An", phone="912345678"), ["phone"]),  # no leading 0
    (Person("An", phone="091234567"), ["phone"]),  # 9 digits
    (Person("An", phone="091234567890"), ["phone"]),  # 12 digits
    (Person("An", phone="+1 212 555 1234"), ["phone"]),  # not +84
    (Person("An", phone="+84 912 34"), ["phone"]),
    (Person("An", phone="0912 abc 678"), ["phone"]),
    (Person("An", education="bachelor"), ["education"]),
    (Person("An", political_theory="university"), ["political_theory"]),
    (Person("", email="x", phone="1", birth_year=1900), ["full_name", "birth_year", "email", "phone"]),
], ids=lambda v: repr(v)[:60] if isinstance(v, Person) else None)
def test_validate_person_refuses(person, fields):
    assert fields_refused(person) == fields


def test_validate_person_errors_are_validation_errors_with_the_first_field():
    with pytest.raises(ValidationError) as caught:
        validate_person(Person("An", email="sai", phone="sai"), TODAY)
    assert caught.value.field == "email"
    assert caught.value.params == {"value": "sai"}


@pytest.mark.parametrize("phone, valid", [
    ("0912345678", True),
    ("+84 912 345 678", True),
    ("028 3829 1234", True),
    ("0912.345.678", True),
    ("0912-345-678", True),
    ("(028) 3829 1234", True),
    ("+84 28 3829 1234", True),
    ("+84912345678", True),
    ("84912345678", False),  # without + and without leading 0
    ("0912 345 67", False),
    ("+84 912 345", False),
    ("số 0912345678", False),
    ("", False),
])
def test_valid_phone(phone, valid):
    assert valid_phone(phone) is valid


@pytest.mark.parametrize("phone", ["+84 0912 345 678", "+840912345678"])
def test_valid_phone_refuses_trunk_zero_after_country_code(phone):
    assert valid_phone(phone) is False


def test_person_birth_year_and_age():
    assert Person("A", birth_date=date(1990, 12, 31)).effective_birth_year == 1990
    assert Person("A", birth_date=date(1990, 12, 31), birth_year=1991).effective_birth_year == 1990
    assert Person("A", birth_year=1991).age_in(2025) == 34
    assert Person("A").age_in(2025) is None
    assert Person("A").with_id(5).id == 5


# --------------------------------------------------------------------------- terms

@pytest.mark.parametrize("text, term", [
    ("2023-2028", Term(2023, 2028)),
    ("2023–2028", Term(2023, 2028)),
    ("2023—2028", Term(2023, 2028)),
    ("2023/2028", Term(2023, 2028)),
    (" 2025 - 2028 ", Term(2025, 2028)),
    ("2020-2030", Term(2020, 2030)),
    ("1950-1955", Term(1950, 1955)),
    ("2023-2024", Term(2023, 2024)),
])
def test_term_parse_good(text, term):
    assert Term.parse(text) == term


@pytest.mark.parametrize("text", [
    "", None, "2023", "23-28", "2023 2028", "2023_2028", "2028-2023", "2023-2023", "2020-2031", "1949-1954",
    "năm 2023-2028", "2023-2028a", "abcd-efgh",
])
def test_term_parse_bad(text):
    with pytest.raises(ValidationError) as caught:
        Term.parse(text)
    assert caught.value.field == "term"


@pytest.mark.parametrize("year, covered", [(2022, False), (2023, True), (2025, True), (2028, True), (2029, False)])
def test_term_covers(year, covered):
    assert TERM.covers(year) is covered
    assert TERM.label == "2023–2028"


# --------------------------------------------------------------------------- post holdings

@pytest.mark.parametrize("holding, year, active", [
    (PostHolding(1, "chair", TERM), 2022, False),
    (PostHolding(1, "chair", TERM), 2023, True),
    (PostHolding(1, "chair", TERM), 2028, True),
    (PostHolding(1, "chair", TERM), 2029, False),
    (PostHolding(1, "chair", TERM, start_date=date(2025, 7, 1)), 2024, False),
    (PostHolding(1, "chair", TERM, start_date=date(2025, 7, 1)), 2025, True),
    (PostHolding(1, "chair", TERM, end_date=date(2024, 1, 1)), 2024, True),
    (PostHolding(1, "chair", TERM, end_date=date(2024, 1, 1)), 2025, False),
    (PostHolding(1, "chair", TERM, start_date=date(2024, 12, 31), end_date=date(2025, 1, 1)), 2024, True),
    (PostHolding(1, "chair", TERM, start_date=date(2024, 12, 31), end_date=date(2025, 1, 1)), 2025, True),
    (PostHolding(1, "chair", TERM, start_date=date(2024, 12, 31), end_date=date(2025, 1, 1)), 2026, False),
    (PostHolding(1, "chair", Term(2018, 2023), start_date=date(2022, 5, 1)), 2023, True),
    (PostHolding(1, "chair", Term(2018, 2023), start_date=date(2022, 5, 1)), 2024, False),
])
def test_active_in_year(holding, year, active):
    assert holding.active_in_year(year) is active


@pytest.mark.parametrize("holding, day, active", [
    (PostHolding(1, "chair", TERM), date(2022, 12, 31), False),
    (PostHolding(1, "chair", TERM), date(2023, 1, 1), True),
    (PostHolding(1, "chair", TERM), date(2025, 6, 15), True),
    (PostHolding(1, "chair", TERM, start_date=date(2025, 7, 1)), date(2025, 6, 30), False),
    (PostHolding(1, "chair", TERM, start_date=date(2025, 7, 1)), date(2025, 7, 1), True),
    (PostHolding(1, "chair", TERM, end_date=date(2025, 3, 31)), date(2025, 3, 31), True),  # last day included
    (PostHolding(1, "chair", TERM, end_date=date(2025, 3, 31)), date(2025, 4, 1), False),
    (PostHolding(1, "chair", TERM, start_date=date(2024, 2, 1), end_date=date(2024, 2, 1)), date(2024, 2, 1), True),
    (PostHolding(1, "chair", Term(2018, 2023)), date(2023, 12, 31), True),
])
def test_active_on(holding, day, active):
    assert holding.active_on(day) is active


# Regression: a post without an end date ends with its term (as in active_in_year and indicators._overlaps).
@pytest.mark.parametrize("day, active", [(date(2024, 1, 1), False), (date(2025, 6, 15), False)])
def test_active_on_ends_with_the_term(day, active):
    assert PostHolding(1, "chair", Term(2018, 2023)).active_on(day) is active


def test_holding_title_group_and_ended():
    holding = PostHolding(1, "inspection_chair", TERM)
    assert holding.group == Group.UBKT and holding.title.key_officer and not holding.ended
    assert replace(holding, end_date=date(2025, 1, 1)).ended
    assert PostHolding(1, "group_leader", TERM).group == Group.BELOW
    assert PostHolding(1, "standing_member", TERM).group == Group.BCH
    with pytest.raises(ValidationError):
        post_title("secretary")


def test_current_titles_most_senior_first():
    holdings = [PostHolding(1, "committee_member", TERM, id=1), PostHolding(1, "chair", TERM, id=2),
                PostHolding(1, "vice_chair", TERM, end_date=date(2024, 1, 1), id=3),
                PostHolding(1, "inspection_member", TERM, id=4)]
    assert [h.id for h in current_titles(holdings, date(2025, 6, 15))] == [2, 1, 4]


@pytest.mark.parametrize("holding, fields", [
    (PostHolding(1, "chair", TERM, start_date=date(2021, 12, 31)), ["start_date"]),
    (PostHolding(1, "chair", TERM, end_date=date(2030, 1, 1)), ["end_date"]),
    (PostHolding(1, "chair", TERM, start_date=date(2025, 5, 1), end_date=date(2025, 4, 30)), ["end_date"]),
    (PostHolding(1, "chair", TERM, duties="x" * 1001), ["duties"]),
])
def test_validate_holding_refuses(holding, fields):
    with pytest.raises(ValidationErrors) as caught:
        validate_holding(holding)
    assert [e.field for e in caught.value.errors] == fields


@pytest.mark.parametrize("holding", [
    PostHolding(1, "chair", TERM),
    PostHolding(1, "chair", TERM, start_date=date(2022, 1, 1), end_date=date(2029, 12, 31)),
    PostHolding(1, "women_head", TERM, start_date=date(2025, 5, 1), end_date=date(2025, 5, 1), duties="x" * 1000),
])
def test_validate_holding_accepts(holding):
    validate_holding(holding)


def test_validate_holding_unknown_title():
    with pytest.raises(ValidationError) as caught:
        validate_holding(PostHolding(1, "president", TERM))
    assert caught.value.field == "title_key"
