"""The yearly evaluation against a criteria set: totals, classification, the cap warning.

Criteria are data (DOMAIN.md): a set per year, an ordered list of criteria with maximum points, and the
thresholds of the four levels. Points are kept to one decimal place; totals are rounded the same way so
that a boundary such as 90 is compared exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum

from desktop.domain.errors import N_, ValidationError


class Level(IntEnum):
    EXCELLENT = 1
    GOOD = 2
    DONE = 3
    NOT_DONE = 4

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def short_label(self) -> str:
        return LEVEL_SHORT_LABELS[self]


LEVEL_LABELS = {
    Level.EXCELLENT: N_("Completed duties excellently"),
    Level.GOOD: N_("Completed duties well"),
    Level.DONE: N_("Completed duties"),
    Level.NOT_DONE: N_("Did not complete duties"),
}
LEVEL_SHORT_LABELS = {
    Level.EXCELLENT: N_("Excellent"),
    Level.GOOD: N_("Good"),
    Level.DONE: N_("Completed"),
    Level.NOT_DONE: N_("Not completed"),
}


@dataclass(frozen=True)
class Criterion:
    number: int
    short_name: str
    full_text: str
    max_points: float


@dataclass(frozen=True)
class Thresholds:
    """Lowest total for levels 1, 2 and 3; anything below `done` is level 4."""
    excellent: float = 90
    good: float = 70
    done: float = 50

    def scaled(self, old_total: float, new_total: float) -> "Thresholds":
        factor = new_total / old_total
        return Thresholds(round(self.excellent * factor, 1), round(self.good * factor, 1),
                          round(self.done * factor, 1))


@dataclass(frozen=True)
class CriteriaSet:
    year: int
    criteria: tuple[Criterion, ...]
    thresholds: Thresholds = Thresholds()
    cap_ratio: float = 0.2  # "xuất sắc" should not exceed this share of "tốt"
    id: int | None = None

    @property
    def total_points(self) -> float:
        return round(sum(c.max_points for c in self.criteria), 1)

    def criterion(self, number: int) -> Criterion:
        for candidate in self.criteria:
            if candidate.number == number:
                return candidate
        raise ValidationError(N_("Criterion {number} is not in the set of {year}."),
                              number=number, year=self.year)

    def copy_for(self, year: int) -> "CriteriaSet":
        return replace(self, year=year, id=None)


# Criteria are the book's data (printed in the report, edited by the union), so the default set is stored in
# Vietnamese, like the seed it comes from: short name, full text verbatim, maximum points.
DEFAULT_CRITERIA_TEXTS = (
    ("Bản lĩnh, dám nghĩ, dám làm",
     "Bản lĩnh, dám nghĩ, dám làm, dám chịu trách nhiệm, dám hy sinh vì đoàn viên, người lao động và tổ chức "
     "công đoàn", 15),
    ("Sáng tạo, đổi mới",
     "Khả năng sáng tạo, đổi mới trong chỉ đạo và tổ chức thực hiện nhiệm vụ của cán bộ công đoàn", 15),
    ("Nắm vững pháp luật, quy định công đoàn",
     "Khả năng nắm vững các quy định của pháp luật và của tổ chức công đoàn và vận dụng hiệu quả trong công tác "
     "công đoàn", 15),
    ("Lắng nghe, nắm bắt tư tưởng đoàn viên",
     "Khả năng lắng nghe, nắm bắt dư luận, tư tưởng đoàn viên tại cơ sở", 15),
    ("Vận động, huy động nguồn lực",
     "Khả năng vận động, huy động các nguồn lực cho hoạt động công đoàn", 10),
    ("Hợp tác, dẫn dắt, tín nhiệm",
     "Khả năng hợp tác, dẫn dắt, truyền cảm hứng và sự tín nhiệm của đoàn viên, người lao động đối với cán bộ "
     "công đoàn", 15),
    ("Xử lý tình huống; tiến độ, chất lượng công việc",
     "Khả năng xử lý hiệu quả các tình huống phát sinh; tiến độ và chất lượng công việc được giao", 15),
)


def default_criteria_set(year: int) -> CriteriaSet:
    """The seven criteria of Chương trình 04/CTr-CĐVC III.3, verbatim, on 100 points."""
    criteria = tuple(
        Criterion(number, short, text, points)
        for number, (short, text, points) in enumerate(DEFAULT_CRITERIA_TEXTS, start=1)
    )
    return CriteriaSet(year, criteria)


def validate_criteria_set(criteria_set: CriteriaSet) -> None:
    if not criteria_set.criteria:
        raise ValidationError(N_("A criteria set needs at least one criterion."), field="criteria")
    numbers = [c.number for c in criteria_set.criteria]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValidationError(N_("Criteria must be numbered 1, 2, 3… without gaps."), field="criteria")
    for criterion in criteria_set.criteria:
        if not criterion.full_text.strip():
            raise ValidationError(N_("Criterion {number} has no text."), field="criteria",
                                  number=criterion.number)
        if criterion.max_points <= 0:
            raise ValidationError(N_("Criterion {number} must be worth more than 0 points."),
                                  field="criteria", number=criterion.number)
    t = criteria_set.thresholds
    if not (0 < t.done < t.good < t.excellent <= criteria_set.total_points):
        raise ValidationError(
            N_("The thresholds must rise from 'completed' to 'excellent' and not exceed the total "
               "of {total} points."), field="thresholds", total=_points_text(criteria_set.total_points))
    if not (0 < criteria_set.cap_ratio <= 1):
        raise ValidationError(N_("The cap must be a share between 0 and 100%."), field="cap_ratio")


def classify(total: float, thresholds: Thresholds) -> Level:
    total = round(total, 1)
    if total >= thresholds.excellent:
        return Level.EXCELLENT
    if total >= thresholds.good:
        return Level.GOOD
    if total >= thresholds.done:
        return Level.DONE
    return Level.NOT_DONE


def check_points(value: float | None, criterion: Criterion) -> float | None:
    """Points for one criterion: between 0 and the maximum, at most one decimal place."""
    if value is None:
        return None
    rounded = round(float(value), 1)
    if abs(rounded - float(value)) > 1e-9:
        raise ValidationError(N_("Criterion {number}: use at most one decimal place."),
                              field=f"criterion_{criterion.number}", number=criterion.number)
    if not (0 <= rounded <= criterion.max_points):
        raise ValidationError(N_("Criterion {number}: {value} is outside 0…{maximum} points."),
                              field=f"criterion_{criterion.number}", number=criterion.number,
                              value=_points_text(rounded), maximum=_points_text(criterion.max_points))
    return rounded


def _points_text(value: float) -> str:
    return f"{value:g}".replace(".", ",")


@dataclass(frozen=True)
class Score:
    number: int
    self_points: float | None = None
    committee_points: float | None = None
    final_points: float | None = None


class Status:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    FINAL = "final"


STATUS_LABELS = {
    Status.NOT_STARTED: N_("not scored"),
    Status.DRAFT: N_("scoring"),
    Status.FINAL: N_("finalised"),
}


@dataclass(frozen=True)
class Evaluation:
    person_id: int
    year: int
    scores: tuple[Score, ...] = ()
    self_level: Level | None = None
    votes: dict[int, int] = field(default_factory=dict)  # level -> members who voted for it
    strengths: str = ""
    weaknesses: str = ""
    remedies: str = ""
    next_year_duties: str = ""
    final_level: Level | None = None
    override_reason: str = ""
    finalised: bool = False
    id: int | None = None

    def score(self, number: int) -> Score:
        for candidate in self.scores:
            if candidate.number == number:
                return candidate
        return Score(number)

    def column_total(self, column: str, criteria_set: CriteriaSet) -> float | None:
        """Sum of one column ('self_points', 'committee_points', 'final_points'); None while incomplete."""
        values = [getattr(self.score(c.number), column) for c in criteria_set.criteria]
        if any(v is None for v in values):
            return None
        return round(sum(values), 1)

    def total(self, criteria_set: CriteriaSet) -> float | None:
        """The conclusion's total (kết luận), which the classification is computed from."""
        return self.column_total("final_points", criteria_set)

    def suggested_level(self, criteria_set: CriteriaSet) -> Level | None:
        total = self.total(criteria_set)
        return None if total is None else classify(total, criteria_set.thresholds)

    def effective_level(self, criteria_set: CriteriaSet) -> Level | None:
        return self.final_level or self.suggested_level(criteria_set)

    def status(self) -> str:
        if self.finalised:
            return Status.FINAL
        touched = any(v is not None for s in self.scores
                      for v in (s.self_points, s.committee_points, s.final_points))
        return Status.DRAFT if touched or self.final_level else Status.NOT_STARTED

    def missing_for_final(self, criteria_set: CriteriaSet) -> list[str]:
        """What still stops this evaluation from being finalised (message ids)."""
        missing = []
        if self.total(criteria_set) is None:
            missing.append(N_("the conclusion points of every criterion"))
        suggested = self.suggested_level(criteria_set)
        if self.final_level and suggested and self.final_level != suggested and not self.override_reason.strip():
            missing.append(N_("a reason for a final level that differs from the suggested one"))
        return missing


def check_override(final_level: Level | None, suggested: Level | None, reason: str) -> None:
    if final_level and suggested and final_level != suggested and not reason.strip():
        raise ValidationError(
            N_("The final level differs from the suggested level ({suggested}): write the reason."),
            field="override_reason", suggested=suggested.label)


@dataclass(frozen=True)
class CapCheck:
    excellent: int
    good: int
    allowed: int
    exceeded: bool


def cap_check(levels: list[Level], cap_ratio: float) -> CapCheck:
    """'Xuất sắc' should not exceed cap_ratio of 'tốt' in the same unit (a warning, never a block)."""
    excellent = sum(1 for level in levels if level == Level.EXCELLENT)
    good = sum(1 for level in levels if level == Level.GOOD)
    # A small tolerance so that 20% of 10 allows exactly 2, not 1.9999.
    allowed = int(good * cap_ratio + 1e-9)
    return CapCheck(excellent, good, allowed, excellent > allowed)


def distribution(levels: list[Level]) -> dict[Level, int]:
    counts = {level: 0 for level in Level}
    for level in levels:
        counts[level] += 1
    return counts
