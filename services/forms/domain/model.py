"""Templates and their versions, packets, assignments, drafts and submissions."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from uuid import UUID

from services.forms.domain.answers import Answers
from services.forms.domain.fields import FormField

Kind = Literal["form", "document"]


@dataclass(frozen=True)
class Version:
    """One version of a template: what a client fills in or signs. Never changes."""

    template_id: UUID
    version: int
    practice_id: UUID
    kind: Kind
    title: str
    description: str
    body: str | None
    fields: list[FormField]
    measure: str | None
    created_at: datetime
    builtin: str | None = None

    def signed_text(self) -> str:
        """The exact text a signature applies to: a document's body, or for a form its
        title and fields as canonical JSON (so any change of wording changes the hash)."""
        if self.kind == "document":
            return self.body or ""
        shape = {
            "title": self.title,
            "description": self.description,
            "fields": [f.model_dump(mode="json") for f in self.fields],
        }
        return json.dumps(shape, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def signed_sha256(self) -> str:
        return hashlib.sha256(self.signed_text().encode("utf-8")).hexdigest()

    @property
    def field_map(self) -> dict[str, FormField]:
        return {f.id: f for f in self.fields}


@dataclass(frozen=True)
class Template:
    id: UUID
    practice_id: UUID
    kind: Kind
    builtin: str | None
    title: str
    latest_version: int
    updated_at: datetime

    @property
    def editable(self) -> bool:
        """Validated measures keep their published wording and scoring."""
        return self.builtin not in ("phq9", "gad7")


@dataclass(frozen=True)
class Packet:
    id: UUID
    practice_id: UUID
    name: str
    template_ids: list[UUID]
    default_intake: bool


@dataclass(frozen=True)
class Assignment:
    id: UUID
    practice_id: UUID
    client_id: UUID
    template_id: UUID
    version: int
    batch_id: UUID
    position: int
    assigned_by: UUID | None
    assigned_at: datetime
    completed_at: datetime | None
    title: str = ""
    kind: Kind = "form"

    @property
    def done(self) -> bool:
        return self.completed_at is not None


@dataclass(frozen=True)
class Draft:
    assignment_id: UUID
    revision: int
    answers: Answers
    updated_at: datetime


@dataclass(frozen=True)
class Signing:
    """Who signed what, when and from where: the record a signature block shows."""

    name: str
    at: datetime
    ip: str | None
    user_agent: str | None
    document_sha256: str


@dataclass(frozen=True)
class Submission:
    id: UUID
    assignment_id: UUID
    practice_id: UUID
    client_id: UUID
    template_id: UUID
    version: int
    number: int
    answers: Answers
    submitted_at: datetime
    measure: str | None = None
    score: int | None = None
    severity: str | None = None
    urgent: bool = False
    flags: list[str] = field(default_factory=list)
    signing: Signing | None = None
    title: str = ""


def etag(revision: int) -> str:
    """A draft's ETag (``"0"``: nothing saved yet)."""
    return f'"{revision}"'


def parse_etag(header: str | None) -> int | None:
    """The revision an If-Match names; None when absent; -1 when it names none we made."""
    if header is None:
        return None
    text = header.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    return int(text) if text.isdigit() and len(text) < 10 else -1
