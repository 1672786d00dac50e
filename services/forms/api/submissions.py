"""Submissions: read (staff reads audited), compared with the one before, as a PDF or as a
FHIR QuestionnaireResponse."""

from __future__ import annotations

import asyncio
from uuid import UUID

from aiohttp import web

from services.forms.api._routes import TAGS, routes
from services.forms.render.fhir import questionnaire_response
from services.forms.render.pdf import PdfContext, render_submission
from services.forms.schemas import SigningView, SubmissionSummaryView, SubmissionView, TemplateView
from services.forms.service.submissions import SubmissionRecord, read_submission
from shared.auth import ALL_ROLES, Caller
from shared.origin import Origin
from shared.runtime import Runtime
from shared.web import endpoint, json_response

SUBMISSION = "/api/v1/forms/submissions/{submission_id}"
ID = ("submission_id",)


@routes.get(SUBMISSION)
@endpoint(
    summary="A submission's answers and signing record, and what changed since the one before",
    roles=ALL_ROLES,
    path=ID,
    response=SubmissionView,
    tags=TAGS,
)
async def read(
    request: web.Request, *, runtime: Runtime, caller: Caller, submission_id: UUID, origin: Origin
) -> SubmissionView:
    record = await read_submission(
        runtime, caller=caller, submission_id=submission_id, origin=origin
    )
    s, before = record.submission, record.previous
    changed = []
    if before is not None:
        ids = [f.id for f in record.version.fields]
        changed = [i for i in ids if s.answers.get(i) != before.answers.get(i)]
    return SubmissionView(
        **SubmissionSummaryView.of(s).model_dump(),
        form=TemplateView.of(record.version), answers=s.answers,
        signing=SigningView.of(s.signing) if s.signing else None,
        previous_id=before.id if before else None,
        previous_answers=before.answers if before else None, changed=changed,
    )  # fmt: skip


@routes.get(SUBMISSION + "/pdf")
@endpoint(
    summary="A submission as a PDF, with its signature block (application/pdf)",
    roles=ALL_ROLES,
    path=ID,
    tags=TAGS,
)
async def pdf(
    request: web.Request, *, runtime: Runtime, caller: Caller, submission_id: UUID, origin: Origin
) -> web.Response:
    record = await read_submission(
        runtime, caller=caller, submission_id=submission_id, origin=origin, purpose="pdf"
    )
    font = runtime.settings.pdf_font
    # Rendering is CPU work of tens of milliseconds: off the event loop.
    body = await _in_thread(record, font)
    name = f"{_slug(record.version.title)}-{record.submission.submitted_at:%Y-%m-%d}.pdf"
    return web.Response(
        body=body,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def _in_thread(record: SubmissionRecord, font: str) -> bytes:
    client = record.client
    context = PdfContext(
        practice_name=record.practice.name if record.practice else "",
        time_zone=record.practice.time_zone if record.practice else "UTC",
        client_name=client.name if client and client.name else "Client",
        client_dob=client.date_of_birth.isoformat() if client and client.date_of_birth else None,
    )
    return await asyncio.to_thread(
        render_submission, record.submission, record.version, context, font_path=font
    )


def _slug(title: str) -> str:
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in title.lower()).split()
    return "-".join(words)[:60] or "form"


@routes.get(SUBMISSION + "/fhir")
@endpoint(
    summary="A submission as a FHIR R4 QuestionnaireResponse (application/fhir+json)",
    roles=ALL_ROLES,
    path=ID,
    tags=TAGS,
)
async def fhir(
    request: web.Request, *, runtime: Runtime, caller: Caller, submission_id: UUID, origin: Origin
) -> web.Response:
    record = await read_submission(
        runtime, caller=caller, submission_id=submission_id, origin=origin, purpose="fhir"
    )
    response = json_response(questionnaire_response(record.submission, record.version))
    response.content_type = "application/fhir+json"
    return response
