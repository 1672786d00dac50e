"""The one call scheduling makes to identity: approving a New Client request invites that
person as a client, on behalf of (and with the token of) the approving clinician.

The call carries an Idempotency-Key made from the appointment, so a retry after a lost
answer gets the same client rather than a second invitation. An email that already has an
account in the practice (409) is linked to that account instead."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import aiohttp

from services.scheduling.domain.appointments import Prospect
from services.scheduling.repo import clients as clients_repo
from services.scheduling.service.access import Scheduling
from shared.errors import ServiceUnavailable
from shared.logging import get_logger

log = get_logger(__name__)
UNREACHABLE = (
    "The client's account could not be created just now; nothing was changed. Please try again."
)


async def invite_or_find_client(
    rt: Scheduling,
    *,
    authorization: str,
    practice_id: UUID,
    appointment_id: UUID,
    prospect: Prospect,
) -> UUID:
    base = rt.settings.identity_base_url()
    headers = {"Authorization": authorization, "Idempotency-Key": f"approve-{appointment_id}"}
    body = {
        "first_name": prospect.first_name,
        "last_name": prospect.last_name,
        "email": prospect.email,
    }
    try:
        async with rt.http.post(f"{base}/api/v1/identity/clients", json=body, headers=headers) as r:
            answer: Any = await r.json(content_type=None)
            status = r.status
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        log.warning("identity.unreachable", error=type(exc).__name__)
        raise ServiceUnavailable(UNREACHABLE) from exc
    if status == 201:
        return UUID(answer["id"])
    if status == 409:
        return await _existing(
            rt, authorization=authorization, practice_id=practice_id, email=prospect.email
        )
    log.warning("identity.refused_invitation", status=status)
    raise ServiceUnavailable(UNREACHABLE)


async def _existing(rt: Scheduling, *, authorization: str, practice_id: UUID, email: str) -> UUID:
    """The account that already has ``email``: from the directory, else asked of identity
    (the directory may not have heard of a client invited a moment ago)."""
    async with rt.reader() as conn:
        known = await clients_repo.find_client_id_by_email(conn, practice_id, email)
    if known is not None:
        return known
    base = rt.settings.identity_base_url()
    params = {"q": email, "limit": "5"}
    try:
        async with rt.http.get(
            f"{base}/api/v1/identity/clients",
            params=params,
            headers={"Authorization": authorization},
        ) as r:
            found: Any = await r.json(content_type=None) if r.status == 200 else []
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        raise ServiceUnavailable(UNREACHABLE) from exc
    for client in found:
        if str(client.get("email", "")).lower() == email.lower():
            return UUID(client["id"])
    raise ServiceUnavailable(UNREACHABLE)
