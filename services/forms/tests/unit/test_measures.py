"""PHQ-9 and GAD-7 scoring: every band boundary, and the item-9 urgent flag."""

from __future__ import annotations

import pytest

from services.forms.domain.library import GAD7, PHQ9
from services.forms.domain.measures import gad7_severity, phq9_severity, score

PHQ9_BANDS = [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
    (14, "moderate"), (15, "moderately severe"), (19, "moderately severe"), (20, "severe"),
    (27, "severe"),
]  # fmt: skip
GAD7_BANDS = [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"),
    (14, "moderate"), (15, "severe"), (21, "severe"),
]  # fmt: skip


@pytest.mark.parametrize(("total", "band"), PHQ9_BANDS)
def test_a_phq9_total_falls_in_the_published_band(total: int, band: str) -> None:
    assert phq9_severity(total) == band


@pytest.mark.parametrize(("total", "band"), GAD7_BANDS)
def test_a_gad7_total_falls_on_the_right_side_of_each_cut_off(total: int, band: str) -> None:
    assert gad7_severity(total) == band


@pytest.mark.parametrize("total", [-1, 28])
def test_a_phq9_total_outside_0_to_27_is_refused(total: int) -> None:
    with pytest.raises(ValueError):
        phq9_severity(total)


@pytest.mark.parametrize("total", [-1, 22])
def test_a_gad7_total_outside_0_to_21_is_refused(total: int) -> None:
    with pytest.raises(ValueError):
        gad7_severity(total)


def phq9_answers(*items: int) -> dict[str, str]:
    return {f"q{n}": str(v) for n, v in enumerate(items, start=1)}


def test_phq9_adds_the_nine_items_and_is_not_urgent_when_item_9_is_zero() -> None:
    result = score("phq9", list(PHQ9.fields), phq9_answers(3, 3, 3, 3, 3, 2, 1, 1, 0))
    assert (result.total, result.severity, result.urgent, result.flags) == (
        19, "moderately severe", False, [],
    )  # fmt: skip


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_answer_above_zero_to_phq9_item_9_makes_it_urgent_whatever_the_total(
    item9: int,
) -> None:
    result = score("phq9", list(PHQ9.fields), phq9_answers(0, 0, 0, 0, 0, 0, 0, 0, item9))
    assert result.urgent and result.flags == ["phq9_item9"]
    assert (result.total, result.severity) == (item9, "minimal")


def test_the_highest_phq9_answers_score_27_severe() -> None:
    result = score("phq9", list(PHQ9.fields), phq9_answers(*[3] * 9))
    assert (result.total, result.severity, result.urgent) == (27, "severe", True)


def test_gad7_adds_seven_items_and_is_never_urgent() -> None:
    answers = {f"q{n}": "3" for n in range(1, 8)}
    result = score("gad7", list(GAD7.fields), answers)
    assert (result.total, result.severity, result.urgent) == (21, "severe", False)
    answers = {f"q{n}": "0" for n in range(1, 8)} | {"q1": "3", "q2": "2"}
    assert score("gad7", list(GAD7.fields), answers).severity == "mild"


def test_the_difficulty_question_does_not_count_toward_the_score() -> None:
    answers = phq9_answers(*[0] * 9) | {"difficulty": "Extremely difficult"}
    assert score("phq9", list(PHQ9.fields), answers).total == 0
