"""Request bodies and queries. Unknown fields are refused, sizes bounded at the edge; the
answers themselves are checked against the form's fields by the domain."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import Field, StringConstraints
from pydantic.functional_validators import AfterValidator

from services.forms.domain.fields import MAX_FIELDS, FormField
from shared.types import RequestModel, no_control_characters

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(no_control_characters),
]  # fmt: skip
Description = Annotated[
    str, StringConstraints(max_length=1_000), AfterValidator(no_control_characters)
]
DocumentText = Annotated[
    str, StringConstraints(max_length=100_000), AfterValidator(no_control_characters)
]


class CreateTemplateRequest(RequestModel):
    kind: Literal["form", "document"]
    title: Title
    description: Description = ""
    body: DocumentText | None = None  # a document's text to read and sign
    fields: list[FormField] = Field(default_factory=list, max_length=MAX_FIELDS)


class ReviseTemplateRequest(RequestModel):
    """The whole of the next version (what was assigned keeps its own)."""

    title: Title
    description: Description = ""
    body: DocumentText | None = None
    fields: list[FormField] = Field(default_factory=list, max_length=MAX_FIELDS)


class VersionQuery(RequestModel):
    version: int | None = Field(default=None, ge=1, le=100_000)


class PacketRequest(RequestModel):
    name: Title
    template_ids: list[UUID] = Field(min_length=1, max_length=50)
    default_intake: bool = False


class AssignRequest(RequestModel):
    """Templates one by one, a packet, or both (the packet's come after, each once)."""

    template_ids: list[UUID] = Field(default_factory=list, max_length=50)
    packet_id: UUID | None = None


class AnswersRequest(RequestModel):
    """Answers by field id: text, a number, true/false, a choice's value or a list of them,
    or for a signature {"name": "...", "agreed": true}."""

    answers: dict[Annotated[str, StringConstraints(max_length=100)], Any] = Field(
        max_length=MAX_FIELDS
    )


class WelcomeRequest(RequestModel):
    message: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000),
        AfterValidator(no_control_characters),
    ]  # fmt: skip
