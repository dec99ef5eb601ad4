"""People and the posts they hold (chức danh), with history.

A person may hold several posts over time, each in a term, with start and end dates; history is kept,
never overwritten. Post titles are fixed by the union's statute (DOMAIN.md), so they are code, grouped
into the executive committee (BCH), the inspection committee (UBKT) and posts below the committee.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum

from desktop.domain.errors import N_, ValidationError, ValidationErrors


class Group(str, Enum):
    BCH = "bch"
    UBKT = "ubkt"
    BELOW = "below"

    @property
    def label(self) -> str:
        return {Group.BCH: N_("Executive committee (BCH)"),
                Group.UBKT: N_("Inspection committee (UBKT)"),
                Group.BELOW: N_("Below the committee")}[self]


@dataclass(frozen=True)
class PostTitle:
    key: str
    label: str  # English message id, translated where shown
    group: Group
    key_officer: bool = False
    rank: int = 0  # order within the roster: the chair first


POST_TITLES: tuple[PostTitle, ...] = (
    PostTitle("chair", N_("Chair"), Group.BCH, True, 1),
    PostTitle("vice_chair", N_("Vice chair"), Group.BCH, True, 2),
    PostTitle("standing_member", N_("Standing committee member"), Group.BCH, False, 3),
    PostTitle("committee_member", N_("Executive committee member"), Group.BCH, False, 4),
    PostTitle("inspection_chair", N_("Inspection committee chair"), Group.UBKT, True, 5),
    PostTitle("inspection_vice_chair", N_("Inspection committee vice chair"), Group.UBKT, False, 6),
    PostTitle("inspection_member", N_("Inspection committee member"), Group.UBKT, False, 7),
    PostTitle("section_chair", N_("Section union chair"), Group.BELOW, False, 8),
    PostTitle("group_leader", N_("Union group leader"), Group.BELOW, False, 9),
    PostTitle("group_deputy", N_("Union group deputy"), Group.BELOW, False, 10),
    PostTitle("women_head", N_("Head of the women's committee"), Group.BELOW, False, 11),
)
POST_TITLES_BY_KEY = {title.key: title for title in POST_TITLES}


def post_title(key: str) -> PostTitle:
    try:
        return POST_TITLES_BY_KEY[key]
    except KeyError:
        raise ValidationError(N_("Unknown post title: {key}."), field="title_key", key=key) from None


class Sex(str, Enum):
    MALE = "male"
    FEMALE = "female"


SEX_LABELS = {Sex.MALE: N_("Male"), Sex.FEMALE: N_("Female")}

# Ordered lists the superior union asks for; the order matters ("trung cấp or higher").
EDUCATION_LEVELS = ("none", "elementary", "intermediate", "college", "university", "master", "doctor")
EDUCATION_LABELS = {
    "none": N_("Not trained"), "elementary": N_("Elementary"), "intermediate": N_("Intermediate"),
    "college": N_("College"), "university": N_("University"), "master": N_("Master"), "doctor": N_("Doctor"),
}
POLITICAL_THEORY_LEVELS = ("elementary", "intermediate", "advanced", "bachelor")
POLITICAL_THEORY_LABELS = {
    "elementary": N_("Elementary"), "intermediate": N_("Intermediate"),
    "advanced": N_("Advanced"), "bachelor": N_("Bachelor"),
}


@dataclass(frozen=True)
class Term:
    start_year: int
    end_year: int

    @property
    def label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year

    @classmethod
    def parse(cls, text: str) -> "Term":
        match = re.fullmatch(r"\s*(\d{4})\s*[-–—/]\s*(\d{4})\s*", text or "")
        if not match:
            raise ValidationError(N_("A term is written as two years, for example 2023-2028."),
                                  field="term", value=text)
        start, end = int(match.group(1)), int(match.group(2))
        if not (1950 <= start < end <= start + 10):
            raise ValidationError(N_("The term {value} is not plausible: the end year must follow the "
                                     "start year, at most 10 years later."), field="term", value=text)
        return cls(start, end)


@dataclass(frozen=True)
class Person:
    full_name: str
    id: int | None = None
    birth_date: date | None = None
    birth_year: int | None = None
    sex: Sex | None = None
    ethnicity: str = ""
    religion: str = ""
    party_member: bool = False
    party_join_date: date | None = None
    education: str | None = None
    political_theory: str | None = None
    it_level: str = ""
    foreign_language: str = ""
    job_title: str = ""
    department: str = ""
    phone: str = ""
    email: str = ""
    member_code: str = ""
    notes: str = ""

    @property
    def effective_birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year

    def age_in(self, year: int) -> int | None:
        born = self.effective_birth_year
        return None if born is None else year - born

    def with_id(self, new_id: int) -> "Person":
        return replace(self, id=new_id)


@dataclass(frozen=True)
class PostHolding:
    person_id: int
    title_key: str
    term: Term
    start_date: date | None = None
    end_date: date | None = None
    duties: str = ""
    full_time: bool = False
    id: int | None = None

    @property
    def title(self) -> PostTitle:
        return post_title(self.title_key)

    @property
    def group(self) -> Group:
        return self.title.group

    def active_on(self, day: date) -> bool:
        """Held on `day`; a post without an end date ends with its term."""
        starts = self.start_date or date(self.term.start_year, 1, 1)
        ends = self.end_date or date(self.term.end_year, 12, 31)
        return starts <= day <= ends

    def active_in_year(self, year: int) -> bool:
        """Held at any time during the calendar year."""
        starts = self.start_date or date(self.term.start_year, 1, 1)
        ends = self.end_date or date(self.term.end_year, 12, 31)
        return starts <= date(year, 12, 31) and ends >= date(year, 1, 1)

    @property
    def ended(self) -> bool:
        return self.end_date is not None


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_ALLOWED = re.compile(r"^\+?[\d\s.\-()]+$")


def validate_person(person: Person, today: date) -> None:
    """Raise ValidationErrors listing every field that breaks a rule."""
    errors: list[ValidationError] = []
    if not person.full_name.strip():
        errors.append(ValidationError(N_("Enter the person's full name."), field="full_name"))
    elif len(person.full_name) > 120:
        errors.append(ValidationError(N_("The name is too long (at most 120 characters)."), field="full_name"))
    oldest = today.year - 100
    youngest = today.year - 15
    if person.birth_date is not None:
        if not (date(oldest, 1, 1) <= person.birth_date <= date(youngest, 12, 31)):
            errors.append(ValidationError(N_("The date of birth must be between {low} and {high}."),
                                          field="birth_date", low=oldest, high=youngest))
        elif person.birth_year is not None and person.birth_year != person.birth_date.year:
            errors.append(ValidationError(N_("The year of birth does not match the date of birth."),
                                          field="birth_year"))
    elif person.birth_year is not None and not (oldest <= person.birth_year <= youngest):
        errors.append(ValidationError(N_("The year of birth must be between {low} and {high}."),
                                      field="birth_year", low=oldest, high=youngest))
    if person.party_join_date is not None:
        if not person.party_member:
            errors.append(ValidationError(N_("A Party admission date is only for Party members."),
                                          field="party_join_date"))
        elif person.party_join_date > today:
            errors.append(ValidationError(N_("The Party admission date cannot be in the future."),
                                          field="party_join_date"))
        elif person.effective_birth_year and person.party_join_date.year < person.effective_birth_year + 16:
            errors.append(ValidationError(N_("The Party admission date is before the person's 16th year."),
                                          field="party_join_date"))
    if person.email and not _EMAIL.match(person.email):
        errors.append(ValidationError(N_("The e-mail address {value} is not valid (example: ten@congty.vn)."),
                                      field="email", value=person.email))
    if person.phone and not valid_phone(person.phone):
        errors.append(ValidationError(N_("The phone number {value} is not valid: 10 digits starting with 0, "
                                         "or +84 followed by 9 digits."), field="phone", value=person.phone))
    if person.education is not None and person.education not in EDUCATION_LEVELS:
        errors.append(ValidationError(N_("Unknown qualification level."), field="education"))
    if person.political_theory is not None and person.political_theory not in POLITICAL_THEORY_LEVELS:
        errors.append(ValidationError(N_("Unknown political theory level."), field="political_theory"))
    if errors:
        raise ValidationErrors(errors)


def valid_phone(text: str) -> bool:
    if not _PHONE_ALLOWED.match(text):
        return False
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+"):
        return digits.startswith("84") and len(digits) in (11, 12) and digits[2] != "0"
    # Landlines (e.g. 028 3829 1234) have 10-11 digits, mobiles 10.
    return digits.startswith("0") and len(digits) in (10, 11)


def validate_holding(holding: PostHolding) -> None:
    errors: list[ValidationError] = []
    post_title(holding.title_key)
    term = holding.term
    for name, value in (("start_date", holding.start_date), ("end_date", holding.end_date)):
        if value is not None and not (term.start_year - 1 <= value.year <= term.end_year + 1):
            errors.append(ValidationError(N_("The date {value} lies outside the term {term}."),
                                          field=name, value=value.strftime("%d/%m/%Y"), term=term.label))
    if holding.start_date and holding.end_date and holding.end_date < holding.start_date:
        errors.append(ValidationError(N_("A post cannot end before it starts."), field="end_date"))
    if len(holding.duties) > 1000:
        errors.append(ValidationError(N_("The duties text is too long (at most 1000 characters)."),
                                      field="duties"))
    if errors:
        raise ValidationErrors(errors)


def current_titles(holdings: list[PostHolding], day: date) -> list[PostHolding]:
    """The posts held on `day`, the most senior first."""
    return sorted((h for h in holdings if h.active_on(day)), key=lambda h: h.title.rank)


def groups_of(holdings: list[PostHolding]) -> set[Group]:
    return {h.group for h in holdings}


@dataclass
class PersonWithPosts:
    person: Person
    holdings: list[PostHolding] = field(default_factory=list)
