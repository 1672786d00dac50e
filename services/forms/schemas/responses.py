"""Response bodies (also the OpenAPI source)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from services.forms.domain.fields import FormField
from services.forms.domain.model import Assignment, Packet, Signing, Submission, Template, Version
from shared.types import ResponseModel


class TemplateSummaryView(ResponseModel):
    id: UUID
    kind: Literal["form", "document"]
    title: str
    latest_version: int
    builtin: str | None
    editable: bool
    updated_at: datetime

    @classmethod
    def of(cls, t: Template) -> TemplateSummaryView:
        return cls(
            id=t.id, kind=t.kind, title=t.title, latest_version=t.latest_version,
            builtin=t.builtin, editable=t.editable, updated_at=t.updated_at,
        )  # fmt: skip


class TemplateView(ResponseModel):
    """One version of a form or document: what the client fills in or signs."""

    id: UUID
    kind: Literal["form", "document"]
    version: int
    title: str
    description: str
    body: str | None
    fields: list[FormField]
    measure: str | None
    builtin: str | None
    latest_version: int | None = None
    editable: bool | None = None

    @classmethod
    def of(cls, v: Version, template: Template | None = None) -> TemplateView:
        return cls(
            id=v.template_id, kind=v.kind, version=v.version, title=v.title,
            description=v.description, body=v.body, fields=v.fields, measure=v.measure,
            builtin=v.builtin, latest_version=template.latest_version if template else None,
            editable=template.editable if template else None,
        )  # fmt: skip


class PacketView(ResponseModel):
    id: UUID
    name: str
    template_ids: list[UUID]
    default_intake: bool

    @classmethod
    def of(cls, p: Packet) -> PacketView:
        return cls(
            id=p.id, name=p.name, template_ids=p.template_ids, default_intake=p.default_intake
        )


class AssignmentView(ResponseModel):
    id: UUID
    template_id: UUID
    version: int
    title: str
    kind: Literal["form", "document"]
    status: Literal["pending", "completed"]
    assigned_at: datetime
    completed_at: datetime | None
    in_progress: bool  # a draft is saved (a first fill or a correction)

    @classmethod
    def of(cls, a: Assignment, *, drafted: bool = False) -> AssignmentView:
        return cls(
            id=a.id, template_id=a.template_id, version=a.version, title=a.title, kind=a.kind,
            status="completed" if a.done else "pending", assigned_at=a.assigned_at,
            completed_at=a.completed_at, in_progress=drafted,
        )  # fmt: skip


class MyFormsView(ResponseModel):
    """The client's Documents page: the welcome message, what is pending and what is done."""

    welcome_message: str
    pending: list[AssignmentView]
    completed: list[AssignmentView]


class DraftView(ResponseModel):
    revision: int  # also the ETag
    answers: dict[str, Any]
    saved_at: datetime


class OpenedView(ResponseModel):
    assignment: AssignmentView
    form: TemplateView
    draft: DraftView | None
    # Where a correction starts: the latest submission's answers (the client's own view).
    last_submission_id: UUID | None
    last_answers: dict[str, Any] | None


class SigningView(ResponseModel):
    name: str
    signed_at: datetime
    ip: str | None
    user_agent: str | None
    document_sha256: str

    @classmethod
    def of(cls, s: Signing) -> SigningView:
        return cls(
            name=s.name, signed_at=s.at, ip=s.ip, user_agent=s.user_agent,
            document_sha256=s.document_sha256,
        )  # fmt: skip


class SubmissionSummaryView(ResponseModel):
    """A submission's facts without its answers: scores, flags, when, which version."""

    id: UUID
    assignment_id: UUID
    template_id: UUID
    version: int
    number: int  # 1, then 2, 3... for corrections
    submitted_at: datetime
    measure: str | None
    score: int | None
    severity: str | None
    urgent: bool
    flags: list[str]
    signed: bool

    @classmethod
    def of(cls, s: Submission) -> SubmissionSummaryView:
        return cls(
            id=s.id, assignment_id=s.assignment_id, template_id=s.template_id,
            version=s.version, number=s.number,
            submitted_at=s.submitted_at, measure=s.measure, score=s.score, severity=s.severity,
            urgent=s.urgent, flags=s.flags, signed=s.signing is not None,
        )  # fmt: skip


class SubmissionView(SubmissionSummaryView):
    form: TemplateView
    answers: dict[str, Any]
    signing: SigningView | None
    # The submission before this one (a correction's original), to compare.
    previous_id: UUID | None
    previous_answers: dict[str, Any] | None
    changed: list[str]  # field ids whose answer differs from the previous submission


class ClientAssignmentView(AssignmentView):
    submissions: list[SubmissionSummaryView]


class ClientFormsView(ResponseModel):
    """A client's forms as staff see them: every assignment and its submissions' scores."""

    client_id: UUID
    client_name: str
    assignments: list[ClientAssignmentView]


class WelcomeView(ResponseModel):
    message: str
