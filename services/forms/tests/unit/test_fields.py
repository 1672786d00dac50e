"""Building a form: what a template definition may and may not say."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from services.forms.domain.fields import DefinitionError, FormField, check_fields
from services.forms.domain.library import LIBRARY
from services.forms.domain.model import Version, etag, parse_etag


def build(*fields: dict[str, Any]) -> list[FormField]:
    return [FormField.model_validate(f) for f in fields]


YES_NO = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
CHOICE = {"id": "seen", "type": "single_choice", "label": "Seen before?", "options": YES_NO}


def refused(*fields: dict[str, Any]) -> str:
    with pytest.raises(DefinitionError) as caught:
        check_fields(build(*fields))
    return caught.value.field


def test_the_built_in_library_is_a_valid_set_of_forms() -> None:
    for builtin in LIBRARY:
        check_fields(list(builtin.fields))
    assert {b.key for b in LIBRARY} == {"intake", "consent", "privacy", "phq9", "gad7"}


def test_two_fields_with_one_id_are_refused() -> None:
    assert refused(CHOICE, CHOICE) == "fields.1.id"


def test_a_choice_needs_options_and_other_fields_may_not_have_them() -> None:
    assert refused({"id": "c", "type": "multiple_choice", "label": "C"}) == "fields.0.options"
    assert refused({"id": "t", "type": "short_text", "label": "T",
                    "options": [{"value": "a", "label": "A"}]}) == "fields.0.options"  # fmt: skip


def test_a_condition_names_an_earlier_choice_and_one_of_its_options() -> None:
    later = {"id": "details", "type": "long_text", "label": "Details",
             "show_if": {"field": "seen", "equals": "yes"}}  # fmt: skip
    check_fields(build(CHOICE, later))
    assert refused(later, CHOICE) == "fields.0.show_if.field"
    wrong = later | {"show_if": {"field": "seen", "equals": "maybe"}}
    assert refused(CHOICE, wrong) == "fields.1.show_if.equals"
    on_text = {"id": "t", "type": "short_text", "label": "T"}
    assert (
        refused(on_text, later | {"show_if": {"field": "t", "equals": "x"}})
        == "fields.1.show_if.field"
    )


def test_a_heading_cannot_be_required() -> None:
    assert refused({"id": "h", "type": "heading", "label": "H", "required": True}) == "fields.0"


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "Bad Id", "type": "short_text", "label": "x"},
        {"id": "ok", "type": "rich_html", "label": "x"},
        {"id": "ok", "type": "short_text", "label": ""},
        {"id": "ok", "type": "short_text", "label": "x", "onclick": "steal()"},
        {"id": "ok", "type": "short_text", "label": "bell\x07"},
    ],
)
def test_a_malformed_field_is_refused_by_its_model(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        FormField.model_validate(bad)


def test_the_signed_hash_changes_with_any_change_of_the_text() -> None:
    from datetime import UTC, datetime
    from uuid import uuid4

    def doc(body: str) -> Version:
        return Version(uuid4(), 1, uuid4(), "document", "Consent", "", body, [], None,
                       datetime.now(UTC))  # fmt: skip

    assert doc("I agree.").signed_sha256() == doc("I agree.").signed_sha256()
    assert doc("I agree.").signed_sha256() != doc("I agree!").signed_sha256()
    assert len(doc("x").signed_sha256()) == 64


def test_etags_round_trip_and_anything_else_matches_nothing() -> None:
    assert parse_etag(etag(7)) == 7
    assert parse_etag('W/"3"') == 3
    assert parse_etag(None) is None
    assert parse_etag("*") == -1
    assert parse_etag('"99999999999"') == -1
