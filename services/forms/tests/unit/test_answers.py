"""Answers checked against a form: types, sizes, unknown fields, required fields and
conditional display."""

from __future__ import annotations

from typing import Any

import pytest

from services.forms.domain.answers import (
    LONG_MAX,
    SHORT_MAX,
    AnswersInvalid,
    clean_draft,
    clean_submission,
    visible_fields,
)
from services.forms.domain.fields import FormField
from services.forms.domain.library import INTAKE


def form(*fields: dict[str, Any]) -> list[FormField]:
    return [FormField.model_validate(f) for f in fields]


EVERY_TYPE = form(
    {"id": "name", "type": "short_text", "label": "Name", "required": True},
    {"id": "story", "type": "long_text", "label": "Story"},
    {"id": "age", "type": "number", "label": "Age"},
    {"id": "born", "type": "date", "label": "Born"},
    {"id": "mail", "type": "email", "label": "Email"},
    {"id": "tel", "type": "phone", "label": "Phone"},
    {"id": "pick", "type": "single_choice", "label": "Pick",
     "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
    {"id": "many", "type": "multiple_choice", "label": "Many",
     "options": [{"value": "x", "label": "X"}, {"value": "y", "label": "Y"}]},
    {"id": "ok", "type": "checkbox", "label": "OK"},
    {"id": "title", "type": "heading", "label": "Part two"},
    {"id": "sign", "type": "signature", "label": "Signature", "required": True},
)  # fmt: skip


def errors(
    fields: list[FormField], answers: dict[str, Any], *, submit: bool = False
) -> dict[str, str]:
    with pytest.raises(AnswersInvalid) as caught:
        (clean_submission if submit else clean_draft)(fields, answers)
    return {e.field: e.reason for e in caught.value.errors}


def test_well_formed_answers_of_every_type_are_kept_and_empty_ones_dropped() -> None:
    answers = {
        "name": "  Jordan  ", "story": "line one\nline two", "age": 34, "born": "1990-02-28",
        "mail": "j@example.com", "tel": "+1 (555) 010-0100", "pick": "b", "many": ["y", "x"],
        "ok": True, "sign": {"name": " Jordan   Rivera ", "agreed": True}, "title": "",
    }  # fmt: skip
    cleaned = clean_submission(EVERY_TYPE, answers)
    assert cleaned["name"] == "Jordan"
    assert cleaned["many"] == ["x", "y"]  # the form's order
    assert cleaned["sign"] == {"name": "Jordan Rivera", "agreed": True}
    assert "title" not in cleaned


def test_each_wrong_type_is_named_with_its_field() -> None:
    found = errors(
        EVERY_TYPE,
        {"name": 5, "age": "old", "born": "2026-02-30", "mail": "nope", "tel": "call me",
         "pick": "c", "many": "x", "ok": "yes", "sign": "Jordan", "title": "text"},
    )  # fmt: skip
    named = ("name", "age", "born", "mail", "tel", "pick", "many", "ok", "sign", "title")
    assert set(found) == {f"answers.{k}" for k in named}
    assert found["answers.age"] == "must be a number"
    assert found["answers.title"] == "takes no answer"


def test_a_boolean_is_not_a_number_and_infinity_is_refused() -> None:
    assert errors(EVERY_TYPE, {"age": True}) == {"answers.age": "must be a number"}
    assert "answers.age" in errors(EVERY_TYPE, {"age": float("inf")})


def test_an_unknown_field_id_is_refused_and_shown_safely() -> None:
    found = errors(EVERY_TYPE, {"<script>": "x", "nope": 1})
    assert found == {
        "answers.?script?": "is not a field of this form",
        "answers.nope": "is not a field of this form",
    }


def test_huge_answers_are_refused_at_each_fields_limit() -> None:
    assert "answers.name" in errors(EVERY_TYPE, {"name": "x" * (SHORT_MAX + 1)})
    assert "answers.story" in errors(EVERY_TYPE, {"story": "x" * (LONG_MAX + 1)})
    assert clean_draft(EVERY_TYPE, {"story": "x" * LONG_MAX})["story"] == "x" * LONG_MAX


def test_control_characters_are_refused_and_a_short_answer_is_one_line() -> None:
    assert "answers.story" in errors(EVERY_TYPE, {"story": "nul\x00byte"})
    assert "answers.name" in errors(EVERY_TYPE, {"name": "two\nlines"})


def test_script_in_text_is_kept_as_the_text_it_is() -> None:
    assert clean_draft(EVERY_TYPE, {"story": "<script>alert(1)</script>"}) == {
        "story": "<script>alert(1)</script>"
    }


def test_a_draft_may_leave_required_fields_empty_but_a_submission_may_not() -> None:
    assert clean_draft(EVERY_TYPE, {}) == {}
    found = errors(EVERY_TYPE, {}, submit=True)
    assert found == {
        "answers.name": "is required",
        "answers.sign": 'is required: check "I agree" and type your full name',
    }


def test_a_signature_needs_both_the_typed_name_and_i_agree() -> None:
    base = {"name": "Jordan"}
    assert "answers.sign" in errors(
        EVERY_TYPE, base | {"sign": {"name": "Jordan", "agreed": False}}, submit=True
    )
    assert "answers.sign" in errors(
        EVERY_TYPE, base | {"sign": {"name": "", "agreed": True}}, submit=True
    )
    assert "answers.sign" in errors(
        EVERY_TYPE, base | {"sign": {"name": "J", "agreed": True, "x": 1}}
    )


INTAKE_FIELDS = list(INTAKE.fields)
INTAKE_REQUIRED = {
    "legal_name": "Jordan Rivera", "date_of_birth": "1990-01-01", "phone": "555 0100",
    "reason": "Stress", "previous_therapy": "no",
}  # fmt: skip


def test_a_field_shows_only_when_the_earlier_answer_matches() -> None:
    hidden = {f.id for f in visible_fields(INTAKE_FIELDS, {"previous_therapy": "no"})}
    shown = {f.id for f in visible_fields(INTAKE_FIELDS, {"previous_therapy": "yes"})}
    assert "previous_therapy_details" not in hidden
    assert "previous_therapy_details" in shown


def test_answers_to_hidden_fields_are_dropped_on_submit() -> None:
    answers = INTAKE_REQUIRED | {"previous_therapy_details": "two years"}
    assert "previous_therapy_details" not in clean_submission(INTAKE_FIELDS, answers)
    answers["previous_therapy"] = "yes"
    assert clean_submission(INTAKE_FIELDS, answers)["previous_therapy_details"] == "two years"


def test_a_required_field_hidden_by_its_condition_is_not_required() -> None:
    fields = form(
        {"id": "smoke", "type": "checkbox", "label": "Do you smoke?"},
        {"id": "how_much", "type": "number", "label": "How many a day?", "required": True,
         "show_if": {"field": "smoke", "equals": True}},
        {"id": "since", "type": "date", "label": "Since when?", "required": True,
         "show_if": {"field": "how_much", "equals": "1"}},
    )  # fmt: skip
    assert clean_submission(fields, {}) == {}
    assert errors(fields, {"smoke": True}, submit=True) == {"answers.how_much": "is required"}
