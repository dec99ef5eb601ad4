"""The targets measured over the book, for a year or for a term."""
from __future__ import annotations

from datetime import date

from desktop.domain.indicators import BookSnapshot, IndicatorValue, Period, compute_all
from desktop.domain.vietnamese import fold
from desktop.storage.evaluation_repo import EvaluationRepository
from desktop.storage.indicator_repo import IndicatorRepository
from desktop.storage.people_repo import PeopleRepository
from desktop.storage.training_repo import TrainingRepository
from desktop.storage.union_repo import UnionRepository


class IndicatorService:
    def __init__(self, book, clock) -> None:
        self.book = book
        self.clock = clock

    def snapshot(self) -> BookSnapshot:
        db = self.book.db
        people = PeopleRepository(db)
        training = TrainingRepository(db)
        profile = UnionRepository(db).get()
        return BookSnapshot(
            people={p.id: p for p in people.all()}, holdings=people.holdings(),
            courses={c.id: c for c in training.courses()}, attendance=training.attendance(),
            finalised_evaluations=EvaluationRepository(db).finalised_pairs(),
            non_state=profile.non_state if profile else True, young_age=profile.young_age if profile else 35,
            fold=fold)

    def for_period(self, period: Period, as_of: date | None = None) -> list[IndicatorValue]:
        definitions = IndicatorRepository(self.book.db).all()
        return compute_all(definitions, self.snapshot(), period, as_of or self.clock().date())

    def for_year(self, year: int) -> list[IndicatorValue]:
        return self.for_period(Period.for_year(year))

    def for_term(self, term) -> list[IndicatorValue]:
        return self.for_period(Period.for_term(term))

    def set_target(self, key: str, target: float) -> None:
        with self.book.transaction():
            IndicatorRepository(self.book.db).set_target(key, target)
