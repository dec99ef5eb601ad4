"""Finding the person a row names: folded name, then year of birth, then sex when both sides know them.

The roster is read with one query and kept in dicts, so matching a 10,000-row list costs dict lookups.
Folding makes "Hoà"/"Hòa", NFD and NFC, capitals and missing diacritics one key; a name typed exactly as
in the book skips the folding altogether.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from desktop.domain.officers import Person, Sex
from desktop.domain.vietnamese import fold
from desktop.services.importing.model import Candidate

MATCHED, AMBIGUOUS, UNMATCHED = "matched", "ambiguous", "unmatched"


class Known(tuple):
    """(person_id, full_name, birth_year, sex, department, name_folded) of a person in the book."""
    __slots__ = ()

    person_id = property(lambda self: self[0])
    full_name = property(lambda self: self[1])
    birth_year = property(lambda self: self[2])
    sex = property(lambda self: self[3])

    def candidate(self) -> Candidate:
        return Candidate(self[0], self[1], self[2], self[3], self[4] or "")


@dataclass(eq=False)
class PendingPerson:
    """A person the import will create; rows naming the same new person share one."""
    person: Person
    key: tuple
    id: int | None = None  # set when written
    rows: list[int] = field(default_factory=list)


class Match(tuple):
    """(status, person_id, candidates)."""
    __slots__ = ()

    status = property(lambda self: self[0])
    person_id = property(lambda self: self[1])
    candidates = property(lambda self: self[2])


_NOBODY = Match((UNMATCHED, None, ()))


def _pick(positions: tuple[int, ...], columns, birth_year: int | None,
          sex: Sex | None) -> tuple[str, int | None, list[int]]:
    """(status, person_id when matched, the positions of the compatible people) among the people of one
    folded name, at `positions` in the index's `columns`. Sex is a str enum: it compares equal to the stored
    code."""
    ids, years, sexes = columns[0], columns[2], columns[3]
    compatible = [at for at in positions
                  if (birth_year is None or years[at] is None or years[at] == birth_year)
                  and (sex is None or sexes[at] is None or sexes[at] == sex)]
    if len(compatible) == 1:
        return MATCHED, ids[compatible[0]], compatible
    if not compatible:
        return UNMATCHED, None, compatible
    if birth_year is not None:
        exact = [at for at in compatible if years[at] == birth_year and (sex is None or sexes[at] == sex)]
        if len(exact) == 1:
            return MATCHED, ids[exact[0]], compatible
    return AMBIGUOUS, None, compatible


class PeopleIndex:
    """The book's people for matching, kept as the columns the book gives (no object per person: 10,000 of
    them cost their making and a pass of the garbage collector over them), with dicts to their positions. A
    Known is made for the few people a row must show (namesakes, candidates)."""

    def __init__(self, columns) -> None:
        """`columns`: the ids, full names, years of birth, sexes, departments and folded names of everyone
        (ImportRepository.people_for_matching)."""
        self.columns = columns
        ids, names, folded = columns[0], columns[1], columns[5]
        self.position_of_id: dict[int, int] = dict(zip(ids, range(len(ids))))
        # folded name -> the position of the one person of that name, or a tuple of the namesakes' positions
        self.at_folded: dict[str, int | tuple[int, ...]] = dict(zip(folded, range(len(folded))))
        if len(self.at_folded) < len(folded):  # namesakes: each replaced the one before it
            shared = {name for name, count in Counter(folded).items() if count > 1}
            namesakes: dict[str, list[int]] = {}
            for position, name in enumerate(folded):
                if name in shared:
                    namesakes.setdefault(name, []).append(position)
            self.at_folded.update((name, tuple(positions)) for name, positions in namesakes.items())
        self.folded_of_name: dict[str, str] = dict(zip(names, folded))
        self.pending: dict[tuple, PendingPerson] = {}

    @property
    def ids(self) -> list[int]:
        return self.columns[0]

    def known(self, person_id: int) -> Known | None:
        position = self.position_of_id.get(person_id)
        return None if position is None else self._known(position)

    def _known(self, position: int) -> Known:
        return Known(map(itemgetter(position), self.columns))

    def _positions(self, folded: str | None) -> tuple[int, ...]:
        """The positions of the people of one folded name, in the book's order."""
        found = self.at_folded.get(folded)
        return () if found is None else (found,) if type(found) is int else found

    def same_name(self, folded: str) -> tuple[Known, ...]:
        """The people of one folded name, in the book's order."""
        return tuple(map(self._known, self._positions(folded)))

    def _sole(self, positions: tuple[int, ...], birth_year: int | None, sex: Sex | None) -> int | None:
        """The person_id when the people at `positions` hold exactly one match (none for no people)."""
        status, person_id, _ = _pick(positions, self.columns, birth_year, sex)
        return person_id if status == MATCHED else None

    def key(self, name: str) -> str:
        folded = self.folded_of_name.get(name)
        return folded if folded is not None else fold(name)

    def sole_match(self, name: str, birth_year: int | None, sex: Sex | None) -> int | None:
        """The person_id when the row matches one person (see match), without building a Match: the usual
        row of a list."""
        return self._sole(self._positions(self.key(name)), birth_year, sex)

    def sole_matches(self, names: list, birth_years: list, sexes: list) -> list[int | None]:
        """sole_match for whole columns (an attendee list): the names typed as in the book are looked up
        without folding, and the usual case (one person of that name) is decided inline."""
        folded = list(map(self.folded_of_name.get, names))
        if None in folded:
            folded = [key if key is not None else (fold(name) if name else None) for key, name in zip(folded, names)]
        ids, years, known_sexes = self.columns[0], self.columns[2], self.columns[3]
        return [(ids[at] if (year is None or years[at] is None or years[at] == year)
                 and (sex is None or known_sexes[at] is None or known_sexes[at] == sex) else None)
                if type(at) is int else (None if at is None else self._sole(at, year, sex))
                for at, year, sex in zip(map(self.at_folded.get, folded), birth_years, sexes)]

    def match(self, name: str, birth_year: int | None, sex: Sex | None) -> Match:
        positions = self._positions(self.key(name))
        if not positions:
            return _NOBODY
        status, person_id, compatible = _pick(positions, self.columns, birth_year, sex)
        same = tuple(map(self._known, positions))
        if status == MATCHED:
            return Match((MATCHED, person_id, same))
        if status == UNMATCHED:  # same name, another year of birth or sex: another person
            return Match((UNMATCHED, None, same))
        return Match((AMBIGUOUS, None, list(map(self._known, compatible))))

    def pending_for(self, person: Person) -> PendingPerson:
        """The one PendingPerson for this new name, year and sex (created on first use)."""
        key = (self.key(person.full_name), person.effective_birth_year, person.sex)
        pending = self.pending.get(key)
        if pending is None:
            pending = self.pending[key] = PendingPerson(person, key)
        return pending
