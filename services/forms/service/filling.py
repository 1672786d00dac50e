"""A client filling in a form or signing a document: open it, autosave a draft (ETag and
If-Match, so two tabs never overwrite each other unseen), check it, submit it.

A submission is final; a correction is a new submission (number 2, 3...) of the same
assignment, which the clinician can compare with the one before.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.forms.domain.answers import (
    Answers,
    AnswersInvalid,
    clean_draft,
    clean_submission,
    signature_of,
)
from services.forms.domain.measures import Score, score
from services.forms.domain.model import Assignment, Draft, Signing, Submission, Version
from services.forms.repo import assignments as assignments_repo
from services.forms.repo import submissions as submissions_repo
from services.forms.repo import templates as templates_repo
from services.forms.service.access import assignment_for, seal, unseal
from shared.auth import Caller
from shared.db import Connection
from shared.errors import Forbidden, InvalidInput, PreconditionFailed, PreconditionRequired
from shared.events.catalog import FormSubmitted
from shared.logging import get_logger
from shared.origin import Origin
from shared.runtime import Runtime

log = get_logger(__name__)
STALE = (
    "These answers were changed in another tab or window since this page loaded. Reload "
    "the page to see the latest answers, then carry on."
)
ONLY_THE_CLIENT = "Only the client fills in their own forms."


@dataclass(frozen=True)
class Opened:
    assignment: Assignment
    version: Version
    draft: Draft | None  # the client's own work in progress (never shown to staff)
    last_answers: Answers | None  # the latest submission's, where a correction starts from
    last_submission_id: UUID | None


async def open_assignment(rt: Runtime, *, caller: Caller, assignment_id: UUID) -> Opened:
    async with rt.reader() as conn:
        assignment = await assignment_for(conn, caller, assignment_id)
        version = await _version(conn, assignment)
        draft = None if caller.is_staff else await _draft(rt, conn, assignment)
        latest = await submissions_repo.latest_for(conn, assignment.id)
    last_answers = None
    if latest is not None and not caller.is_staff:
        last_answers = unseal(rt.keyring, latest["answers"], row_id=latest["submission_id"])
    return Opened(
        assignment=assignment, version=version, draft=draft, last_answers=last_answers,
        last_submission_id=latest["submission_id"] if latest else None,
    )  # fmt: skip


async def _version(conn: Connection, assignment: Assignment) -> Version:
    version = await templates_repo.find_version(
        conn, assignment.practice_id, assignment.template_id, assignment.version
    )
    assert version is not None  # a foreign key holds it
    return version


async def _draft(rt: Runtime, conn: Connection, assignment: Assignment) -> Draft | None:
    row = await assignments_repo.find_draft(conn, assignment.id)
    if row is None:
        return None
    answers = unseal(rt.keyring, row["answers"], row_id=assignment.id)
    return Draft(assignment.id, row["revision"], answers, row["updated_at"])


def _invalid(exc: AnswersInvalid) -> InvalidInput:
    errors = [{"field": e.field, "reason": e.reason} for e in exc.errors]
    count = len(errors)
    detail = "1 answer needs another look." if count == 1 else f"{count} answers need another look."
    return InvalidInput(detail, errors=errors)


async def save_draft(
    rt: Runtime, *, caller: Caller, assignment_id: UUID, answers: Answers, if_match: int | None
) -> Draft:
    if caller.is_staff:
        raise Forbidden(ONLY_THE_CLIENT)
    async with rt.uow() as uow:
        assignment = await assignment_for(uow.conn, caller, assignment_id, lock=True)
        version = await _version(uow.conn, assignment)
        try:
            cleaned = clean_draft(version.fields, answers)
        except AnswersInvalid as exc:
            raise _invalid(exc) from exc
        current = await assignments_repo.find_draft(uow.conn, assignment.id)
        if current is not None and if_match is None:
            raise PreconditionRequired("Send If-Match with the ETag of the draft you are changing.")
        expected = 0 if if_match is None else if_match
        now = rt.now()
        sealed = seal(rt.keyring, cleaned, row_id=assignment.id)
        revision = await assignments_repo.save_draft(
            uow.conn, assignment, expected=expected, sealed=sealed, at=now
        )
        if revision is None:
            raise PreconditionFailed(STALE)
        await uow.commit()
    return Draft(assignment.id, revision, cleaned, now)


async def check_answers(
    rt: Runtime, *, caller: Caller, assignment_id: UUID, answers: Answers
) -> Answers:
    """What submitting would refuse, without submitting (the review page comes after)."""
    async with rt.reader() as conn:
        assignment = await assignment_for(conn, caller, assignment_id)
        version = await _version(conn, assignment)
    try:
        return clean_submission(version.fields, answers)
    except AnswersInvalid as exc:
        raise _invalid(exc) from exc


async def submit(
    rt: Runtime,
    *,
    caller: Caller,
    assignment_id: UUID,
    answers: Answers,
    if_match: int | None,
    origin: Origin,
) -> Submission:
    if caller.is_staff:
        raise Forbidden(ONLY_THE_CLIENT)
    async with rt.uow() as uow:
        assignment = await assignment_for(uow.conn, caller, assignment_id, lock=True)
        version = await _version(uow.conn, assignment)
        try:
            cleaned = clean_submission(version.fields, answers)
        except AnswersInvalid as exc:
            raise _invalid(exc) from exc
        draft = await assignments_repo.find_draft(uow.conn, assignment.id)
        if if_match is not None and if_match != (draft["revision"] if draft else 0):
            raise PreconditionFailed(STALE)
        submission = await _record(uow.conn, rt, assignment, version, cleaned, origin)
        await assignments_repo.mark_completed(uow.conn, assignment.id, submission.submitted_at)
        await assignments_repo.delete_draft(uow.conn, assignment.id)
        await uow.add_event(_submitted_event(submission), subject=str(assignment.client_id))
        await uow.commit()
    log.info("forms.submitted", submission_id=str(submission.id), number=submission.number)
    return submission


async def _record(
    conn: Connection,
    rt: Runtime,
    assignment: Assignment,
    version: Version,
    answers: Answers,
    origin: Origin,
) -> Submission:
    now = rt.now()
    scored: Score | None = (
        score(version.measure, version.fields, answers) if version.measure else None
    )
    signer = signature_of(version.fields, answers)
    signing = (
        Signing(signer, now, origin.ip, origin.user_agent, version.signed_sha256())
        if signer
        else None
    )
    submission = Submission(
        id=uuid.uuid4(), assignment_id=assignment.id, practice_id=assignment.practice_id,
        client_id=assignment.client_id, template_id=assignment.template_id,
        version=assignment.version, number=await submissions_repo.next_number(conn, assignment.id),
        answers=answers, submitted_at=now, measure=version.measure,
        score=scored.total if scored else None, severity=scored.severity if scored else None,
        urgent=scored.urgent if scored else False, flags=scored.flags if scored else [],
        signing=signing, title=version.title,
    )  # fmt: skip
    await submissions_repo.insert_submission(conn, _row(rt, submission))
    return submission


def _row(rt: Runtime, s: Submission) -> dict[str, Any]:
    sign = s.signing
    return {
        "submission_id": s.id, "assignment_id": s.assignment_id, "practice_id": s.practice_id,
        "client_id": s.client_id, "template_id": s.template_id, "version": s.version,
        "number": s.number, "answers": seal(rt.keyring, s.answers, row_id=s.id),
        "submitted_at": s.submitted_at, "measure": s.measure, "score": s.score,
        "severity": s.severity, "urgent": s.urgent, "flags": s.flags,
        "signer_name": rt.keyring.encrypt_text(sign.name, aad=s.id.bytes) if sign else None,
        "signed_at": sign.at if sign else None, "signer_ip": sign.ip if sign else None,
        "signer_user_agent": sign.user_agent if sign else None,
        "document_sha256": sign.document_sha256 if sign else None,
    }  # fmt: skip


def _submitted_event(s: Submission) -> FormSubmitted:
    return FormSubmitted(
        practice_id=s.practice_id, client_id=s.client_id, assignment_id=s.assignment_id,
        submission_id=s.id, template_id=s.template_id, measure=s.measure, score=s.score,
        severity=s.severity, urgent=s.urgent, flags=s.flags,
    )  # fmt: skip
