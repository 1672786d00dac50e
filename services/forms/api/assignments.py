"""Assigning forms to a client (staff) and filling them in (the client): open, autosave a
draft with If-Match, check, submit."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.forms.api._routes import TAGS, routes
from services.forms.domain.model import etag, parse_etag
from services.forms.schemas import (
    AnswersRequest,
    AssignmentView,
    AssignRequest,
    ClientFormsView,
    DraftView,
    MyFormsView,
    OpenedView,
    SubmissionSummaryView,
    TemplateView,
)
from services.forms.schemas.responses import ClientAssignmentView
from services.forms.service import assignments, filling
from services.forms.service.submissions import submission_of
from shared.auth import ALL_ROLES, STAFF_ROLES, Caller
from shared.origin import Origin
from shared.runtime import Runtime
from shared.web import endpoint, json_response

CLIENT = ("client",)
CLIENT_FORMS = "/api/v1/forms/clients/{client_id}/assignments"
ASSIGNMENT = "/api/v1/forms/assignments/{assignment_id}"
ID = ("assignment_id",)


@routes.post(CLIENT_FORMS)
@endpoint(
    summary="Share forms, documents or a packet with a client (one email for the batch)",
    roles=STAFF_ROLES,
    path=("client_id",),
    body=AssignRequest,
    response=list[AssignmentView],
    status=201,
    tags=TAGS,
    idempotent=True,
)
async def assign(
    request: web.Request,
    *,
    runtime: Runtime,
    caller: Caller,
    client_id: UUID,
    body: AssignRequest,
    origin: Origin,
) -> list[AssignmentView]:
    made = await assignments.assign(
        runtime, caller=caller, client_id=client_id, template_ids=body.template_ids,
        packet_id=body.packet_id, origin=origin,
    )  # fmt: skip
    return [AssignmentView.of(a) for a in made]


@routes.get(CLIENT_FORMS)
@endpoint(
    summary="A client's forms and documents with each submission's score and flags (audited)",
    roles=STAFF_ROLES,
    path=("client_id",),
    response=ClientFormsView,
    tags=TAGS,
)
async def client_forms(
    request: web.Request, *, runtime: Runtime, caller: Caller, client_id: UUID, origin: Origin
) -> ClientFormsView:
    client, items, rows = await assignments.client_forms_for_staff(
        runtime, caller=caller, client_id=client_id, origin=origin
    )
    summaries: dict[UUID, list[SubmissionSummaryView]] = {}
    for row in rows:
        summary = SubmissionSummaryView.of(submission_of(runtime, row, with_answers=False))
        summaries.setdefault(row["assignment_id"], []).append(summary)
    views = [
        ClientAssignmentView(
            **AssignmentView.of(a).model_dump(), submissions=summaries.get(a.id, [])
        )
        for a in items
    ]
    return ClientFormsView(client_id=client.id, client_name=client.name, assignments=views)


@routes.get("/api/v1/forms/assignments")
@endpoint(
    summary="My forms and documents: the welcome message, what is pending, what is done",
    roles=CLIENT,
    response=MyFormsView,
    tags=TAGS,
)
async def mine(request: web.Request, *, runtime: Runtime, caller: Caller) -> MyFormsView:
    found = await assignments.my_forms(runtime, caller=caller)
    views = [AssignmentView.of(a, drafted=a.id in found.drafted) for a in found.items]
    return MyFormsView(
        welcome_message=found.welcome,
        pending=[v for v in views if v.status == "pending"],
        completed=[v for v in views if v.status == "completed"],
    )


@routes.get(ASSIGNMENT)
@endpoint(
    summary="A form or document to fill in or sign, with the client's saved draft (ETag)",
    roles=ALL_ROLES,
    path=ID,
    response=OpenedView,
    tags=TAGS,
)
async def open_(
    request: web.Request, *, runtime: Runtime, caller: Caller, assignment_id: UUID
) -> web.Response:
    opened = await filling.open_assignment(runtime, caller=caller, assignment_id=assignment_id)
    draft = opened.draft
    view = OpenedView(
        assignment=AssignmentView.of(opened.assignment, drafted=draft is not None),
        form=TemplateView.of(opened.version),
        draft=DraftView(revision=draft.revision, answers=draft.answers, saved_at=draft.updated_at)
        if draft
        else None,
        last_submission_id=opened.last_submission_id,
        last_answers=opened.last_answers,
    )
    return json_response(view, headers={"ETag": etag(draft.revision if draft else 0)})


@routes.put(ASSIGNMENT + "/draft")
@endpoint(
    summary="Save answers as a draft (autosave); If-Match: the ETag the page has "
    '("0" before the first save); 412 when another tab saved since, 428 without If-Match',
    roles=CLIENT,
    path=ID,
    body=AnswersRequest,
    response=DraftView,
    tags=TAGS,
)
async def save_draft(
    request: web.Request,
    *,
    runtime: Runtime,
    caller: Caller,
    assignment_id: UUID,
    body: AnswersRequest,
) -> web.Response:
    draft = await filling.save_draft(
        runtime, caller=caller, assignment_id=assignment_id, answers=body.answers,
        if_match=parse_etag(request.headers.get("If-Match")),
    )  # fmt: skip
    view = DraftView(revision=draft.revision, answers=draft.answers, saved_at=draft.updated_at)
    return json_response(view, headers={"ETag": etag(draft.revision)})


@routes.post(ASSIGNMENT + "/check")
@endpoint(
    summary="Check answers as a submission would (422 listing each field), submitting nothing",
    roles=CLIENT,
    path=ID,
    body=AnswersRequest,
    tags=TAGS,
)
async def check(
    request: web.Request,
    *,
    runtime: Runtime,
    caller: Caller,
    assignment_id: UUID,
    body: AnswersRequest,
) -> None:
    await filling.check_answers(
        runtime, caller=caller, assignment_id=assignment_id, answers=body.answers
    )


@routes.post(ASSIGNMENT + "/submissions")
@endpoint(
    summary="Submit (or sign) it: final; a later correction is a new submission",
    roles=CLIENT,
    path=ID,
    body=AnswersRequest,
    response=SubmissionSummaryView,
    status=201,
    tags=TAGS,
    idempotent=True,
)
async def submit(
    request: web.Request,
    *,
    runtime: Runtime,
    caller: Caller,
    assignment_id: UUID,
    body: AnswersRequest,
    origin: Origin,
) -> SubmissionSummaryView:
    submission = await filling.submit(
        runtime, caller=caller, assignment_id=assignment_id, answers=body.answers,
        if_match=parse_etag(request.headers.get("If-Match")), origin=origin,
    )  # fmt: skip
    return SubmissionSummaryView.of(submission)
