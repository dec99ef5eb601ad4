"""Planning the rows that name a person (attendee lists, rosters): finding the person in the book, or the
person the import will create, and placing a domain validation error on the cell it came from."""
from __future__ import annotations

from desktop.domain.errors import N_, ValidationError
from desktop.domain.officers import Person, validate_person
from desktop.services.importing.matching import AMBIGUOUS as M_AMBIGUOUS
from desktop.services.importing.matching import MATCHED
from desktop.services.importing.model import (AMBIGUOUS, NEW, PROBLEM, UNMATCHED, ParsedRow, ParsedTable, PreviewRow,
                                              Problem, Resolution, column_letter)

ROW_INVALID = N_("Row {row}: {detail}")
CELL_INVALID = N_("Row {row}, column {column}: {detail}")
AMBIGUOUS_PERSON = N_("Row {row}: {count} people in the book match {name}; choose the right one or skip the row.")
UNMATCHED_PERSON = N_("Row {row}: {name} is not in the book; choose a person, create a new one, or skip the row.")
PICKED_UNKNOWN = N_("Row {row}: the chosen person (number {id}) is not in the book.")


def invalid_problems(table: ParsedTable, parsed: ParsedRow, error: ValidationError, fields: dict) -> list[Problem]:
    """A domain validation error as problems placed on the column its field came from (`fields`: the
    domain field -> the import fields it may come from)."""
    problems = []
    for item in getattr(error, "errors", None) or [error]:
        sources = fields.get(item.field or "", (item.field or "",))
        column_index = next((table.mapping[name] for name in sources if name in table.mapping), None)
        if column_index is None:
            problems.append(Problem(ROW_INVALID, table.sheet, parsed.row, None, {"detail": item}))
        else:
            problems.append(Problem(CELL_INVALID, table.sheet, parsed.row, column_letter(column_index),
                                    {"detail": item}))
    return problems


def person_of(values: dict) -> Person:
    return Person(full_name=values["full_name"], birth_date=values.get("birth_date"),
                  birth_year=None if values.get("birth_date") else values.get("birth_year"), sex=values.get("sex"),
                  department=values.get("department") or "", job_title=values.get("job_title") or "",
                  phone=values.get("phone") or "", email=values.get("email") or "",
                  ethnicity=values.get("ethnicity") or "", religion=values.get("religion") or "",
                  party_member=bool(values.get("party_member")), party_join_date=values.get("party_join_date"),
                  education=values.get("education"), political_theory=values.get("political_theory"),
                  it_level=values.get("it_level") or "", foreign_language=values.get("foreign_language") or "",
                  member_code=values.get("member_code") or "")


PERSON_FIELD_COLUMNS = {"birth_date": ("birth", "male", "female"), "birth_year": ("birth", "male", "female"),
                         "party_join_date": ("party_join_date", "party")}


def resolve_person(context, table, parsed: ParsedRow, resolution: Resolution | None,
                    create: bool) -> PreviewRow:
    """A PreviewRow with person_id (matched or picked), new_person (to create), or an unresolved status."""
    v = parsed.values
    people = context.people
    if resolution is not None and resolution.person_id is not None:
        if resolution.person_id not in people.position_of_id:
            return PreviewRow(parsed, PROBLEM, [Problem(PICKED_UNKNOWN, table.sheet, parsed.row, None,
                                                        {"id": resolution.person_id})])
        return PreviewRow(parsed, NEW, person_id=resolution.person_id)
    match = people.match(v["full_name"], v.get("birth_year"), v.get("sex"))
    if match.status == MATCHED:
        return PreviewRow(parsed, NEW, person_id=match.person_id)
    candidates = [known.candidate() for known in match.candidates]
    create = create or (resolution is not None and resolution.create)
    if match.status == M_AMBIGUOUS and not (resolution is not None and resolution.create):
        return PreviewRow(parsed, AMBIGUOUS, [Problem(AMBIGUOUS_PERSON, table.sheet, parsed.row, None,
                                                      {"count": len(candidates), "name": v["full_name"]})],
                          candidates)
    if not create:
        return PreviewRow(parsed, UNMATCHED, [Problem(UNMATCHED_PERSON, table.sheet, parsed.row, None,
                                                      {"name": v["full_name"]})], candidates)
    person = person_of(v)
    try:
        validate_person(person, context.today)
    except ValidationError as error:
        return PreviewRow(parsed, PROBLEM, invalid_problems(table, parsed, error, PERSON_FIELD_COLUMNS), candidates)
    pending = people.pending_for(person)
    pending.rows.append(parsed.row)
    return PreviewRow(parsed, NEW, candidates=candidates, new_person=pending)
