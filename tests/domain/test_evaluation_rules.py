"""The yearly evaluation's rules: classification, totals, point checks, overrides, the cap, criteria sets."""
from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.evaluation import (
    CriteriaSet,
    Criterion,
    Evaluation,
    Level,
    Score,
    Thresholds,
    cap_check,
    check_override,
    check_points,
    classify,
    default_criteria_set,
    distribution,
    validate_criteria_set,
)

# DOMAIN.md, "The yearly evaluation": the seven aspects of Chương trình 04/CTr-CĐVC III.3, verbatim.
DOMAIN_CRITERIA = (
    ("Bản lĩnh, dám nghĩ, dám làm, dám chịu trách nhiệm, dám hy sinh vì đoàn viên, người lao động và tổ chức "
     "công đoàn"),
    "Khả năng sáng tạo, đổi mới trong chỉ đạo và tổ chức thực hiện nhiệm vụ của cán bộ công đoàn",
    ("Khả năng nắm vững các quy định của pháp luật và của tổ chức công đoàn và vận dụng hiệu quả trong công tác "
     "công đoàn"),
    "Khả năng lắng nghe, nắm bắt dư luận, tư tưởng đoàn viên tại cơ sở",
    "Khả năng vận động, huy động các nguồn lực cho hoạt động công đoàn",
    ("Khả năng hợp tác, dẫn dắt, truyền cảm hứng và sự tín nhiệm của đoàn viên, người lao động đối với cán bộ "
     "công đoàn"),
    "Khả năng xử lý hiệu quả các tình huống phát sinh; tiến độ và chất lượng công việc được giao",
)
DEFAULT_MAXIMA = (15, 15, 15, 15, 10, 15, 15)


def evaluation_with(column: str, points) -> Evaluation:
    return Evaluation(1, 2025, scores=tuple(Score(n, **{column: p}) for n, p in enumerate(points, start=1)))


DEFAULT_THRESHOLDS = Thresholds()


def small_set(maxima=(50, 50), thresholds=DEFAULT_THRESHOLDS, cap_ratio=0.2, numbers=None) -> CriteriaSet:
    numbers = numbers or range(1, len(maxima) + 1)
    return CriteriaSet(2025, tuple(Criterion(n, f"C{n}", f"Tiêu chí {n}", m) for n, m in zip(numbers, maxima)),
                       thresholds, cap_ratio)


# --------------------------------------------------------------------------- classify

@pytest.mark.parametrize("total, level", [
    (0, Level.NOT_DONE),
    (49.9, Level.NOT_DONE),
    (50, Level.DONE),
    (69.9, Level.DONE),
    (70, Level.GOOD),
    (89.9, Level.GOOD),
    (90, Level.EXCELLENT),
    (100, Level.EXCELLENT),
])
def test_classify_default_thresholds(total, level):
    assert classify(total, Thresholds()) == level


def test_scaled_thresholds_values():
    assert Thresholds().scaled(100, 50) == Thresholds(45, 35, 25)


@pytest.mark.parametrize("total, level", [
    (0, Level.NOT_DONE),
    (24.9, Level.NOT_DONE),
    (25, Level.DONE),
    (34.9, Level.DONE),
    (35, Level.GOOD),
    (44.9, Level.GOOD),
    (45, Level.EXCELLENT),
    (50, Level.EXCELLENT),
])
def test_classify_scaled_thresholds(total, level):
    assert classify(total, Thresholds().scaled(100, 50)) == level


@pytest.mark.parametrize("total, level", [
    (89.99999999999999, Level.EXCELLENT),  # a float sum that means 90
    (69.99999999999999, Level.GOOD),
    (49.99999999999999, Level.DONE),
])
def test_classify_rounds_to_one_decimal_first(total, level):
    assert classify(total, Thresholds()) == level


# --------------------------------------------------------------------------- totals

def test_column_total_none_while_incomplete():
    criteria_set = default_criteria_set(2025)
    six = evaluation_with("final_points", [15, 15, 15, 15, 10, 15])  # criterion 7 missing
    assert six.column_total("final_points", criteria_set) is None
    assert six.total(criteria_set) is None
    assert six.suggested_level(criteria_set) is None


def test_column_total_none_when_one_score_is_none():
    criteria_set = default_criteria_set(2025)
    evaluation = evaluation_with("final_points", [15, 15, None, 15, 10, 15, 15])
    assert evaluation.column_total("final_points", criteria_set) is None


def test_columns_are_summed_separately():
    criteria_set = default_criteria_set(2025)
    evaluation = Evaluation(1, 2025, scores=tuple(Score(n, self_points=10, committee_points=9) for n in range(1, 8)))
    assert evaluation.column_total("self_points", criteria_set) == 70
    assert evaluation.column_total("committee_points", criteria_set) == 63
    assert evaluation.column_total("final_points", criteria_set) is None


@pytest.mark.parametrize("points, total, level", [
    # the example from DOMAIN.md's maxima, one tenth short on the last criterion
    ([15, 15, 15, 15, 10, 15, 14.9], 99.9, Level.EXCELLENT),
    ([15, 15, 15, 15, 10, 15, 15], 100.0, Level.EXCELLENT),
    ([15, 15, 15, 15, 10, 15, 4.9], 89.9, Level.GOOD),
    ([15, 15, 15, 15, 10, 15, 5], 90.0, Level.EXCELLENT),
    # float sums 69.99999999999999 and 49.99999999999999: rounded to one decimal before classifying
    ([14.6, 4.3, 7.2, 13.6, 9.2, 10.5, 10.6], 70.0, Level.GOOD),
    ([11.2, 4.0, 4.3, 7.8, 6.5, 9.8, 6.4], 50.0, Level.DONE),
    ([0, 0, 0, 0, 0, 0, 0], 0.0, Level.NOT_DONE),
])
def test_total_is_rounded_to_one_decimal_and_classified(points, total, level):
    criteria_set = default_criteria_set(2025)
    evaluation = evaluation_with("final_points", points)
    assert evaluation.total(criteria_set) == total
    assert evaluation.suggested_level(criteria_set) == level


def test_effective_level_prefers_the_final_level():
    criteria_set = default_criteria_set(2025)
    evaluation = evaluation_with("final_points", [15, 15, 15, 15, 10, 15, 5])
    assert evaluation.effective_level(criteria_set) == Level.EXCELLENT
    assert replace(evaluation, final_level=Level.GOOD).effective_level(criteria_set) == Level.GOOD


@pytest.mark.parametrize("evaluation, status", [
    (Evaluation(1, 2025), "not_started"),
    (Evaluation(1, 2025, scores=(Score(1, self_points=3),)), "draft"),
    (Evaluation(1, 2025, final_level=Level.GOOD), "draft"),
    (Evaluation(1, 2025, finalised=True), "final"),
])
def test_status(evaluation, status):
    assert evaluation.status() == status


# --------------------------------------------------------------------------- check_points

CRITERION = Criterion(3, "Pháp luật", "Khả năng nắm vững…", 15)


@pytest.mark.parametrize("value, expected", [
    (None, None),
    (0, 0.0),
    (15, 15.0),
    (7.5, 7.5),
    (14.9, 14.9),
    (0.1 + 0.2, 0.3),  # float noise is not a second decimal
])
def test_check_points_accepts(value, expected):
    assert check_points(value, CRITERION) == expected


@pytest.mark.parametrize("value", [-0.1, -1, 15.1, 16, 100, 7.25, 0.05, 14.99])
def test_check_points_refuses(value):
    with pytest.raises(ValidationError) as caught:
        check_points(value, CRITERION)
    assert caught.value.field == "criterion_3"


# --------------------------------------------------------------------------- check_override

@pytest.mark.parametrize("final, suggested, reason", [
    (Level.GOOD, Level.GOOD, ""),  # same level: no reason needed
    (None, Level.GOOD, ""),  # no final level yet
    (Level.GOOD, None, ""),  # nothing suggested yet
    (Level.EXCELLENT, Level.GOOD, "Có sáng kiến được Tổng Liên đoàn khen thưởng"),
    (Level.DONE, Level.GOOD, "Vi phạm kỷ luật lao động"),
])
def test_check_override_passes(final, suggested, reason):
    check_override(final, suggested, reason)


@pytest.mark.parametrize("final, suggested, reason", [
    (Level.EXCELLENT, Level.GOOD, ""),
    (Level.DONE, Level.GOOD, "   "),
    (Level.NOT_DONE, Level.EXCELLENT, "\n"),
])
def test_check_override_requires_reason_when_levels_differ(final, suggested, reason):
    with pytest.raises(ValidationError) as caught:
        check_override(final, suggested, reason)
    assert caught.value.field == "override_reason"


def test_missing_for_final():
    criteria_set = default_criteria_set(2025)
    assert evaluation_with("final_points", [15] * 6).missing_for_final(criteria_set) == [
        "the conclusion points of every criterion"]
    full = evaluation_with("final_points", [15, 15, 15, 15, 10, 15, 15])
    assert full.missing_for_final(criteria_set) == []
    assert replace(full, final_level=Level.GOOD).missing_for_final(criteria_set) == [
        "a reason for a final level that differs from the suggested one"]
    assert replace(full, final_level=Level.GOOD, override_reason="Lý do").missing_for_final(criteria_set) == []


# --------------------------------------------------------------------------- cap

@pytest.mark.parametrize("good, excellent, cap_ratio, allowed, exceeded", [
    (0, 1, 0.2, 0, True),
    (10, 2, 0.2, 2, False),
    (10, 3, 0.2, 2, True),
    (4, 0, 0.2, 0, False),
    (4, 1, 0.2, 0, True),
    (5, 1, 0.2, 1, False),
    (9, 2, 0.2, 1, True),
    (15, 3, 0.2, 3, False),
    (4, 2, 0.5, 2, False),
    (4, 3, 0.5, 2, True),
    (5, 2, 0.5, 2, False),
    (0, 0, 0.5, 0, False),
    # 50 × 0.58 is 28.999999999999996 in floating point: still 29 allowed
    (50, 29, 0.58, 29, False),
    (50, 30, 0.58, 29, True),
    (100, 29, 0.29, 29, False),
])
def test_cap_check(good, excellent, cap_ratio, allowed, exceeded):
    levels = [Level.GOOD] * good + [Level.EXCELLENT] * excellent + [Level.DONE, Level.NOT_DONE]
    result = cap_check(levels, cap_ratio)
    assert (result.excellent, result.good, result.allowed, result.exceeded) == (excellent, good, allowed, exceeded)


@pytest.mark.parametrize("levels, expected", [
    ([], {Level.EXCELLENT: 0, Level.GOOD: 0, Level.DONE: 0, Level.NOT_DONE: 0}),
    ([Level.GOOD, Level.GOOD, Level.EXCELLENT, Level.NOT_DONE],
     {Level.EXCELLENT: 1, Level.GOOD: 2, Level.DONE: 0, Level.NOT_DONE: 1}),
    ([Level.DONE] * 3, {Level.EXCELLENT: 0, Level.GOOD: 0, Level.DONE: 3, Level.NOT_DONE: 0}),
])
def test_distribution(levels, expected):
    assert distribution(levels) == expected


# --------------------------------------------------------------------------- criteria sets

def test_default_set_has_seven_verbatim_criteria_on_100_points():
    criteria_set = default_criteria_set(2025)
    assert criteria_set.year == 2025
    assert len(criteria_set.criteria) == 7
    assert criteria_set.total_points == 100
    assert [c.number for c in criteria_set.criteria] == [1, 2, 3, 4, 5, 6, 7]
    assert criteria_set.criteria[0].full_text == ("Bản lĩnh, dám nghĩ, dám làm, dám chịu trách nhiệm, dám hy sinh "
                                                  "vì đoàn viên, người lao động và tổ chức công đoàn")
    assert tuple(c.full_text for c in criteria_set.criteria) == DOMAIN_CRITERIA
    assert tuple(c.max_points for c in criteria_set.criteria) == DEFAULT_MAXIMA
    assert criteria_set.thresholds == Thresholds(90, 70, 50)
    assert criteria_set.cap_ratio == 0.2
    validate_criteria_set(criteria_set)


def test_default_set_short_names_are_distinct_and_nfc():
    short_names = [c.short_name for c in default_criteria_set(2025).criteria]
    assert all(name.strip() for name in short_names)
    assert len(set(short_names)) == 7
    assert all(unicodedata.is_normalized("NFC", text) for c in default_criteria_set(2025).criteria
               for text in (c.short_name, c.full_text))


def test_copy_for_keeps_criteria_and_drops_id():
    original = replace(default_criteria_set(2024), thresholds=Thresholds(85, 65, 45), id=7)
    copy = original.copy_for(2025)
    assert (copy.year, copy.id) == (2025, None)
    assert copy.criteria == original.criteria and copy.thresholds == original.thresholds


def test_criterion_lookup():
    criteria_set = default_criteria_set(2025)
    assert criteria_set.criterion(5).max_points == 10
    with pytest.raises(ValidationError):
        criteria_set.criterion(8)


@pytest.mark.parametrize("criteria_set", [
    small_set((50, 50)),
    small_set((10, 20, 30, 40)),
    small_set((25, 25), Thresholds().scaled(100, 50)),
    small_set((50, 50), Thresholds(100, 70, 50)),  # excellent exactly at the total
    small_set((50, 50), cap_ratio=1),
], ids=["two", "four", "scaled", "excellent-at-total", "cap-100%"])
def test_validate_criteria_set_accepts(criteria_set):
    validate_criteria_set(criteria_set)


@pytest.mark.parametrize("criteria_set, field", [
    (small_set(()), "criteria"),
    (small_set((50, 50), numbers=(1, 3)), "criteria"),  # gap
    (small_set((50, 50), numbers=(2, 3)), "criteria"),  # does not start at 1
    (small_set((50, 50), numbers=(2, 1)), "criteria"),  # out of order
    (small_set((50, 50), numbers=(1, 1)), "criteria"),  # twice the same number
    (small_set((50, 0)), "criteria"),  # zero points
    (small_set((50, -5)), "criteria"),
    (CriteriaSet(2025, (Criterion(1, "C1", "  ", 100),)), "criteria"),  # no text
    (small_set((50, 50), Thresholds(90, 70, 70)), "thresholds"),  # not rising
    (small_set((50, 50), Thresholds(70, 90, 50)), "thresholds"),
    (small_set((50, 50), Thresholds(90, 50, 70)), "thresholds"),
    (small_set((50, 50), Thresholds(90, 70, 0)), "thresholds"),  # 'completed' at 0
    (small_set((40, 40), Thresholds(90, 70, 50)), "thresholds"),  # above the total of 80
    (small_set((50, 50), Thresholds(100.1, 70, 50)), "thresholds"),
    (small_set((50, 50), cap_ratio=0), "cap_ratio"),
    (small_set((50, 50), cap_ratio=1.5), "cap_ratio"),
], ids=["empty", "gap", "starts-at-2", "order", "duplicate", "zero-points", "negative-points", "no-text",
        "good=done", "good>excellent", "done>good", "done-0", "above-total", "excellent>total", "cap-0", "cap-150%"])
def test_validate_criteria_set_refuses(criteria_set, field):
    with pytest.raises(ValidationError) as caught:
        validate_criteria_set(criteria_set)
    assert caught.value.field == field
