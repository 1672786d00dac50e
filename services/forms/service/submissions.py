"""Reading submissions: a client their own, staff any of the practice's (each read
audited), with the one before for comparison, as a PDF or as FHIR."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.forms.domain.model import Signing, Submission, Version
from services.forms.repo import submissions as submissions_repo
from services.forms.repo import templates as templates_repo
from services.forms.service.access import audit_staff, unseal
from shared import directory
from shared.auth import Caller
from shared.errors import NotFound
from shared.origin import Origin
from shared.runtime import Runtime

NO_SUCH_SUBMISSION = "No such submission."


@dataclass(frozen=True)
class SubmissionRecord:
    submission: Submission
    version: Version
    previous: Submission | None
    client: directory.Client | None
    practice: directory.Practice | None


def submission_of(rt: Runtime, row: Any, *, with_answers: bool = True) -> Submission:
    sid: UUID = row["submission_id"]
    signing = None
    if row["signer_name"] is not None:
        signing = Signing(
            name=rt.keyring.decrypt_text(bytes(row["signer_name"]), aad=sid.bytes),
            at=row["signed_at"], ip=row["signer_ip"], user_agent=row["signer_user_agent"],
            document_sha256=row["document_sha256"],
        )  # fmt: skip
    return Submission(
        id=sid, assignment_id=row["assignment_id"], practice_id=row["practice_id"],
        client_id=row["client_id"], template_id=row["template_id"], version=row["version"],
        number=row["number"],
        answers=unseal(rt.keyring, row["answers"], row_id=sid) if with_answers else {},
        submitted_at=row["submitted_at"], measure=row["measure"], score=row["score"],
        severity=row["severity"], urgent=row["urgent"], flags=list(row["flags"]),
        signing=signing, title=row["title"],
    )  # fmt: skip


async def read_submission(
    rt: Runtime, *, caller: Caller, submission_id: UUID, origin: Origin, purpose: str = "read"
) -> SubmissionRecord:
    """One submission, for its client or the practice's staff; ``purpose`` (read, pdf,
    fhir) is what the audit record says staff did with it."""
    async with rt.uow() as uow:
        row = await submissions_repo.find_submission(
            uow.conn, caller.practice_id, submission_id,
            client_id=None if caller.is_staff else caller.subject,
        )  # fmt: skip
        if row is None:
            raise NotFound(NO_SUCH_SUBMISSION, field="submission_id")
        version = await templates_repo.find_version(
            uow.conn, caller.practice_id, row["template_id"], row["version"]
        )
        assert version is not None
        before = await submissions_repo.find_previous(uow.conn, row["assignment_id"], row["number"])
        client = await directory.find_client(uow.conn, caller.practice_id, row["client_id"])
        practice = await directory.find_practice(uow.conn, caller.practice_id)
        await audit_staff(
            uow.conn, origin, caller, action=f"form.submission_{purpose}",
            client_id=row["client_id"],
            detail={"submission_id": str(submission_id), "template_id": str(row["template_id"])},
        )  # fmt: skip
        await uow.commit()
    return SubmissionRecord(
        submission=submission_of(rt, row), version=version,
        previous=submission_of(rt, before) if before else None, client=client,
        practice=practice,
    )  # fmt: skip
