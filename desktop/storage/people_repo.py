"""People and their post holdings."""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime

from sqlite_utils import Database

from desktop.domain.errors import N_, NotFoundError
from desktop.domain.officers import Person, PostHolding, Sex, Term
from desktop.domain.vietnamese import fold
from desktop.storage.convert import date_in, date_out, flag_out

_PERSON_FIELDS = [f.name for f in fields(Person) if f.name != "id"]


def person_to_row(person: Person) -> dict:
    row = asdict(person)
    row.pop("id")
    row["birth_date"] = date_out(person.birth_date)
    row["party_join_date"] = date_out(person.party_join_date)
    row["party_member"] = flag_out(person.party_member)
    row["sex"] = person.sex.value if person.sex else None
    row["name_folded"] = fold(person.full_name)
    return row


def person_from_row(r: dict) -> Person:
    values = {name: r[name] for name in _PERSON_FIELDS}
    values["birth_date"] = date_in(r["birth_date"])
    values["party_join_date"] = date_in(r["party_join_date"])
    values["party_member"] = bool(r["party_member"])
    values["sex"] = Sex(r["sex"]) if r["sex"] else None
    return Person(id=r["id"], **values)


def holding_from_row(r: dict) -> PostHolding:
    return PostHolding(person_id=r["person_id"], title_key=r["title_key"], term=Term(r["start_year"], r["end_year"]),
                       start_date=date_in(r["start_date"]), end_date=date_in(r["end_date"]), duties=r["duties"],
                       full_time=bool(r["full_time"]), id=r["id"])


_HOLDINGS_SQL = """SELECT h.*, t.start_year, t.end_year FROM post_holdings h JOIN terms t ON t.id = h.term_id"""


class PeopleRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> list[Person]:
        return [person_from_row(r) for r in self.db.query("SELECT * FROM people")]

    def get(self, person_id: int) -> Person:
        rows = list(self.db.query("SELECT * FROM people WHERE id = ?", [person_id]))
        if not rows:
            raise NotFoundError(N_("There is no person with number {id} in the book."), id=person_id)
        return person_from_row(rows[0])

    def by_folded_name(self, folded: str) -> list[Person]:
        return [person_from_row(r) for r in self.db.query("SELECT * FROM people WHERE name_folded = ?", [folded])]

    def insert(self, person: Person, created_at: datetime) -> int:
        row = person_to_row(person)
        row["created_at"] = created_at.isoformat(timespec="seconds")
        return self.db["people"].insert(row).last_pk

    def update(self, person: Person) -> None:
        self.db["people"].update(person.id, person_to_row(person))

    def delete(self, person_id: int) -> None:
        self.db.execute("DELETE FROM post_holdings WHERE person_id = ?", [person_id])
        self.db.execute("DELETE FROM people WHERE id = ?", [person_id])

    def references(self, person_id: int) -> dict[str, int]:
        """What keeps a person from being removed: evaluations and attendance rows."""
        evaluations = self.db.execute("SELECT count(*) FROM evaluations WHERE person_id = ?", [person_id]).fetchone()[0]
        attendance = self.db.execute("SELECT count(*) FROM attendance WHERE person_id = ?", [person_id]).fetchone()[0]
        return {"evaluations": evaluations, "attendance": attendance}

    def holdings(self, person_id: int | None = None) -> list[PostHolding]:
        if person_id is None:
            rows = self.db.query(_HOLDINGS_SQL + " ORDER BY h.id")
        else:
            rows = self.db.query(_HOLDINGS_SQL + " WHERE h.person_id = ? ORDER BY h.id", [person_id])
        return [holding_from_row(r) for r in rows]

    def holding(self, holding_id: int) -> PostHolding:
        rows = list(self.db.query(_HOLDINGS_SQL + " WHERE h.id = ?", [holding_id]))
        if not rows:
            raise NotFoundError(N_("There is no post record with number {id}."), id=holding_id)
        return holding_from_row(rows[0])

    def insert_holding(self, holding: PostHolding, term_id: int) -> int:
        return self.db["post_holdings"].insert({
            "person_id": holding.person_id, "title_key": holding.title_key, "term_id": term_id,
            "start_date": date_out(holding.start_date), "end_date": date_out(holding.end_date),
            "duties": holding.duties, "full_time": flag_out(holding.full_time)}).last_pk

    def update_holding(self, holding: PostHolding, term_id: int) -> None:
        self.db["post_holdings"].update(holding.id, {
            "title_key": holding.title_key, "term_id": term_id, "start_date": date_out(holding.start_date),
            "end_date": date_out(holding.end_date), "duties": holding.duties,
            "full_time": flag_out(holding.full_time)})

    def delete_holding(self, holding_id: int) -> None:
        self.db.execute("DELETE FROM post_holdings WHERE id = ?", [holding_id])

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM people").fetchone()[0]
