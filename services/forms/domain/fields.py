"""What a form is made of: fields, their options and when they show.

A template version's fields are stored as JSON and read back through these models, so the
same rules hold for what staff build, what the library ships and what was saved years ago.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from shared.types import no_control_characters as _no_control

FieldType = Literal[
    "short_text",
    "long_text",
    "number",
    "date",
    "email",
    "phone",
    "single_choice",
    "multiple_choice",
    "checkbox",
    "heading",
    "instructions",
    "signature",
]
CHOICES = frozenset({"single_choice", "multiple_choice"})
# Fields that show something and take no answer.
DISPLAY_ONLY = frozenset({"heading", "instructions"})
MAX_FIELDS = 200
MAX_OPTIONS = 50

FIELD_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FieldId = Annotated[str, StringConstraints(pattern=FIELD_ID.pattern)]
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_no_control),
]  # fmt: skip
Help = Annotated[str, StringConstraints(max_length=5_000), AfterValidator(_no_control)]


class Option(BaseModel):
    """One choice; ``score`` is what it counts for in a scored measure (PHQ-9: 0-3)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    value: Annotated[
        str, StringConstraints(min_length=1, max_length=60), AfterValidator(_no_control)
    ]
    label: Label
    score: int | None = Field(default=None, ge=0, le=100)


class Condition(BaseModel):
    """Show a field only when an earlier one has this answer (a choice's value, or true/false
    for a checkbox; for a multiple choice, when that value is among those picked)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    field: FieldId
    equals: Annotated[str, StringConstraints(min_length=1, max_length=60)] | bool


class FormField(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: FieldId
    type: FieldType
    label: Label
    help: Help = ""
    required: bool = False
    options: list[Option] = Field(default_factory=list, max_length=MAX_OPTIONS)
    show_if: Condition | None = None

    @property
    def answerable(self) -> bool:
        return self.type not in DISPLAY_ONLY


class DefinitionError(ValueError):
    """A template that cannot be built as asked; ``field`` names where (``fields.3.options``)."""

    def __init__(self, reason: str, *, field: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def check_fields(fields: list[FormField]) -> None:
    """The rules no single field can check: unique ids, options where choices need them,
    conditions on an earlier field with an answer it can have."""
    if len(fields) > MAX_FIELDS:
        raise DefinitionError(f"a form has at most {MAX_FIELDS} fields", field="fields")
    seen: dict[str, FormField] = {}
    for index, field in enumerate(fields):
        where = f"fields.{index}"
        if field.id in seen:
            raise DefinitionError(f"id {field.id!r} is used twice", field=f"{where}.id")
        _check_options(field, where)
        if field.type in DISPLAY_ONLY and field.required:
            raise DefinitionError("a heading or instructions cannot be required", field=where)
        if field.show_if is not None:
            _check_condition(field.show_if, seen, f"{where}.show_if")
        seen[field.id] = field


def _check_options(field: FormField, where: str) -> None:
    if field.type in CHOICES:
        if not field.options:
            raise DefinitionError("a choice needs at least one option", field=f"{where}.options")
        values = [o.value for o in field.options]
        if len(set(values)) != len(values):
            raise DefinitionError("two options have the same value", field=f"{where}.options")
    elif field.options:
        raise DefinitionError("only choices have options", field=f"{where}.options")


def _check_condition(condition: Condition, earlier: dict[str, FormField], where: str) -> None:
    target = earlier.get(condition.field)
    if target is None:
        raise DefinitionError("must name a field above this one", field=f"{where}.field")
    if target.type == "checkbox":
        if not isinstance(condition.equals, bool):
            raise DefinitionError("a checkbox is either true or false", field=f"{where}.equals")
    elif target.type in CHOICES:
        if condition.equals not in {o.value for o in target.options}:
            raise DefinitionError("must be one of that field's options", field=f"{where}.equals")
    else:
        raise DefinitionError("may depend only on a choice or a checkbox", field=f"{where}.field")


def signature_field(label: str = "Signature") -> FormField:
    """The field every document ends with: a typed full name and "I agree"."""
    return FormField(id="signature", type="signature", label=label, required=True)
