"""People and posts: the officers' roster, with every change audited."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from desktop.domain.errors import N_, ConflictError, ValidationError
from desktop.domain.officers import (Group, Person, PersonWithPosts, PostHolding, validate_holding,
                                     validate_person)
from desktop.domain.vietnamese import name_sort_key
from desktop.services.text_input import cleaned
from desktop.storage.audit import AuditRepository
from desktop.storage.people_repo import PeopleRepository, person_to_row
from desktop.storage.union_repo import UnionRepository


@dataclass(frozen=True)
class RosterFilter:
    group: Group | None = None
    term_start: int | None = None  # only posts of this term (None: any term)
    include_ended: bool = False  # people none of whose posts is current still listed
    with_posts_only: bool = False


def _holding_values(holding: PostHolding) -> dict:
    return {"title_key": holding.title_key, "term": holding.term.label,
            "start_date": holding.start_date.isoformat() if holding.start_date else None,
            "end_date": holding.end_date.isoformat() if holding.end_date else None,
            "duties": holding.duties, "full_time": holding.full_time}


class OfficerService:
    def __init__(self, book, clock) -> None:
        self.book = book
        self.clock = clock
        self.people = PeopleRepository(book.db)
        self.terms = UnionRepository(book.db)

    def _audit(self) -> AuditRepository:
        return AuditRepository(self.book.db, self.clock)

    def today(self) -> date:
        return self.clock().date()

    # --- reading
    def roster(self, roster_filter: RosterFilter = RosterFilter()) -> list[PersonWithPosts]:
        """People with their posts, in Vietnamese list order."""
        holdings_by_person: dict[int, list[PostHolding]] = {}
        for holding in self.people.holdings():
            holdings_by_person.setdefault(holding.person_id, []).append(holding)
        today = self.today()
        listed = []
        for person in self.people.all():
            holdings = holdings_by_person.get(person.id, [])
            relevant = [h for h in holdings
                        if (roster_filter.group is None or h.group == roster_filter.group)
                        and (roster_filter.term_start is None or h.term.start_year == roster_filter.term_start)]
            if (roster_filter.group is not None or roster_filter.term_start is not None
                    or roster_filter.with_posts_only) and not relevant:
                continue
            if not roster_filter.include_ended and holdings and not any(h.active_on(today) for h in relevant or holdings):
                continue
            listed.append(PersonWithPosts(person, holdings))
        listed.sort(key=lambda entry: name_sort_key(entry.person.full_name))
        return listed

    def person(self, person_id: int) -> PersonWithPosts:
        return PersonWithPosts(self.people.get(person_id), self.people.holdings(person_id))

    def held_in_year(self, year: int, groups: set[Group]) -> list[Person]:
        """Everyone who held a post of `groups` at any time during `year`, in list order."""
        ids = {h.person_id for h in self.people.holdings() if h.group in groups and h.active_in_year(year)}
        people = [p for p in self.people.all() if p.id in ids]
        return sorted(people, key=lambda p: name_sort_key(p.full_name))

    # --- people
    def add_person(self, person: Person) -> int:
        person = cleaned(person)
        validate_person(person, self.today())
        with self.book.transaction():
            person_id = self.people.insert(person, self.clock())
            self._audit().record("person.create", "people", person_id, new=person.full_name, person_id=person_id)
        return person_id

    def update_person(self, person: Person) -> None:
        person = cleaned(person)
        validate_person(person, self.today())
        with self.book.transaction():
            old = self.people.get(person.id)
            self.people.update(person)
            self._audit().record_changes("person.update", "people", person.id, _person_values(old),
                                         _person_values(person), person_id=person.id)

    def removal_blockers(self, person_id: int) -> dict[str, int]:
        return {k: v for k, v in self.people.references(person_id).items() if v}

    def remove_person(self, person_id: int) -> None:
        with self.book.transaction():
            person = self.people.get(person_id)
            blockers = self.removal_blockers(person_id)
            if blockers:
                raise ConflictError(
                    N_("{name} cannot be removed: the book holds {evaluations} evaluation(s) and {attendance} "
                       "training record(s) of this person. End their posts instead."),
                    name=person.full_name, evaluations=blockers.get("evaluations", 0),
                    attendance=blockers.get("attendance", 0))
            for holding in self.people.holdings(person_id):
                self._audit().record("post.delete", "post_holdings", holding.id, old=_holding_values(holding),
                                     person_id=person_id)
            self.people.delete(person_id)
            self._audit().record("person.delete", "people", person_id, old=_person_values(person),
                                 person_id=person_id)

    # --- posts
    def add_post(self, holding: PostHolding) -> int:
        holding = cleaned(holding)
        validate_holding(holding)
        with self.book.transaction():
            self.people.get(holding.person_id)
            holding_id = self.people.insert_holding(holding, self.terms.term_id(holding.term))
            self._audit().record("post.create", "post_holdings", holding_id, new=_holding_values(holding),
                                 person_id=holding.person_id)
        return holding_id

    def update_post(self, holding: PostHolding) -> None:
        holding = cleaned(holding)
        validate_holding(holding)
        with self.book.transaction():
            old = self.people.holding(holding.id)
            self.people.update_holding(holding, self.terms.term_id(holding.term))
            self._audit().record_changes("post.update", "post_holdings", holding.id, _holding_values(old),
                                         _holding_values(holding), person_id=holding.person_id)

    def end_post(self, holding_id: int, end_date: date, reason: str = "") -> None:
        """Close a post on `end_date`; the history stays."""
        with self.book.transaction():
            holding = self.people.holding(holding_id)
            if holding.end_date is not None:
                raise ConflictError(N_("This post already ended on {date}."), date=holding.end_date.strftime("%d/%m/%Y"))
            if holding.start_date and end_date < holding.start_date:
                raise ValidationError(N_("A post cannot end before it starts."), field="end_date")
            ended = dataclasses.replace(holding, end_date=end_date)
            validate_holding(ended)
            self.people.update_holding(ended, self.terms.term_id(ended.term))
            self._audit().record("post.end", "post_holdings", holding_id, field="end_date",
                                 new=end_date.isoformat(), reason=reason, person_id=holding.person_id)

    def remove_post(self, holding_id: int, reason: str = "") -> None:
        """Delete a post entered by mistake (ending a post is the normal way)."""
        with self.book.transaction():
            holding = self.people.holding(holding_id)
            self.people.delete_holding(holding_id)
            self._audit().record("post.delete", "post_holdings", holding_id, old=_holding_values(holding),
                                 reason=reason, person_id=holding.person_id)

    def count(self) -> int:
        return self.people.count()

    def counts_by_group(self, day: date | None = None) -> dict[Group, int]:
        """How many people hold a post of each group on `day` (today by default)."""
        day = day or self.today()
        holders: dict[Group, set[int]] = {group: set() for group in Group}
        for holding in self.people.holdings():
            if holding.active_on(day):
                holders[holding.group].add(holding.person_id)
        return {group: len(ids) for group, ids in holders.items()}


def _person_values(person: Person) -> dict:
    row = person_to_row(person)
    row.pop("name_folded")
    return row
