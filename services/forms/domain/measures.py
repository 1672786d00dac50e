"""Scored measures: PHQ-9 (depression) and GAD-7 (anxiety).

PHQ-9: nine items scored 0-3, total 0-27, bands 0-4 minimal, 5-9 mild, 10-14 moderate,
15-19 moderately severe, 20-27 severe. Any answer above 0 to item 9 (thoughts of being
better off dead or of self-harm) makes the submission urgent: the clinician is told at once,
whatever the total.

GAD-7: seven items scored 0-3, total 0-21, cut-offs at 5 (mild), 10 (moderate) and 15
(severe).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from services.forms.domain.answers import Answers
from services.forms.domain.fields import FormField

Measure = Literal["phq9", "gad7"]
PHQ9_ITEMS = tuple(f"q{n}" for n in range(1, 10))
GAD7_ITEMS = tuple(f"q{n}" for n in range(1, 8))
ITEMS: dict[str, tuple[str, ...]] = {"phq9": PHQ9_ITEMS, "gad7": GAD7_ITEMS}
PHQ9_SELF_HARM_FLAG = "phq9_item9"


@dataclass(frozen=True)
class Score:
    measure: str
    total: int
    severity: str
    urgent: bool = False
    flags: list[str] = field(default_factory=list)


def phq9_severity(total: int) -> str:
    if not 0 <= total <= 27:
        raise ValueError(f"a PHQ-9 total is 0-27, not {total}")
    if total <= 4:
        return "minimal"
    if total <= 9:
        return "mild"
    if total <= 14:
        return "moderate"
    if total <= 19:
        return "moderately severe"
    return "severe"


def gad7_severity(total: int) -> str:
    if not 0 <= total <= 21:
        raise ValueError(f"a GAD-7 total is 0-21, not {total}")
    if total < 5:
        return "minimal"
    if total < 10:
        return "mild"
    if total < 15:
        return "moderate"
    return "severe"


def item_scores(measure: str, fields: list[FormField], answers: Answers) -> dict[str, int]:
    """Each item's score from the option the client picked (0 where unanswered)."""
    by_id = {f.id: f for f in fields}
    scores = {}
    for item in ITEMS[measure]:
        option_scores = {o.value: o.score or 0 for o in by_id[item].options}
        scores[item] = option_scores.get(answers.get(item, ""), 0)
    return scores


def score(measure: str, fields: list[FormField], answers: Answers) -> Score:
    items = item_scores(measure, fields, answers)
    total = sum(items.values())
    if measure == "phq9":
        urgent = items["q9"] > 0
        flags = [PHQ9_SELF_HARM_FLAG] if urgent else []
        return Score("phq9", total, phq9_severity(total), urgent=urgent, flags=flags)
    if measure == "gad7":
        return Score("gad7", total, gad7_severity(total))
    raise ValueError(f"unknown measure {measure!r}")
