"""Webhooks: register (the secret shown once), list with their last delivery, delete,
look at deliveries and send a failed one again. Sending itself is the dispatcher's
(service/dispatcher.py), in the worker, never in a request."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from datetime import timedelta
from urllib.parse import urlsplit
from uuid import UUID

from services.integrations.domain.webhooks import (
    Webhook,
    address_allowed,
    check_url,
    new_secret,
    refusal,
)
from services.integrations.repo import deliveries as deliveries_repo
from services.integrations.repo import webhooks as repo
from services.integrations.repo.deliveries import Delivery, DeliveryStatus
from services.integrations.repo.webhooks import WebhookSummary
from services.integrations.service.runtime import Integrations
from shared.audit import Actor, audit
from shared.errors import Conflict, InvalidInput
from shared.events.catalog import EVENT_TYPES
from shared.origin import Origin

RESOURCE = "webhook"
MAX_PER_PRACTICE = 20


async def register(
    rt: Integrations,
    *,
    practice_id: UUID,
    url: str,
    event_types: list[str],
    actor: Actor,
    origin: Origin,
) -> tuple[Webhook, str]:
    """The webhook and its signing secret (shown once; kept encrypted to sign with)."""
    allow_local = rt.settings.webhook_allow_local
    check_url(url, allow_local=allow_local)
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown or not event_types:
        raise InvalidInput(
            f"unknown event types: {', '.join(unknown)}" if unknown else "choose at least one",
            field="event_types",
        )
    await _check_host(url, allow_local=allow_local)
    webhook = Webhook.new(
        practice_id=practice_id,
        url=url,
        event_types=tuple(event_types),
        at=rt.now(),
        by=actor.account_id,
    )
    secret = new_secret()
    async with rt.uow() as uow:
        if await repo.count_locked(uow.conn, practice_id) >= MAX_PER_PRACTICE:
            raise Conflict(f"a practice has at most {MAX_PER_PRACTICE} webhooks: delete one first")
        blob = rt.keyring.encrypt_text(secret, aad=webhook.id.bytes)
        await repo.insert(uow.conn, webhook, secret=blob)
        await audit(
            uow.conn, origin, action="webhook.registered", actor=actor, resource=RESOURCE,
            detail={"webhook_id": str(webhook.id), "event_types": list(webhook.event_types)},
        )  # fmt: skip
        await uow.commit()
    return webhook, secret


async def _check_host(url: str, *, allow_local: bool) -> None:
    """Refuse now a host that resolves to a local address (delivery checks again)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, parts.port or 443, type=socket.SOCK_STREAM
        )
    except OSError as exc:
        raise InvalidInput("its host name does not resolve", field="url") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address_allowed(address, allow_local=allow_local):
            raise InvalidInput(refusal(address), field="url")


async def list_webhooks(rt: Integrations, *, practice_id: UUID) -> list[WebhookSummary]:
    async with rt.reader() as conn:
        return await repo.list_for_practice(conn, practice_id)


async def delete(
    rt: Integrations, *, practice_id: UUID, webhook_id: UUID, actor: Actor, origin: Origin
) -> None:
    async with rt.uow() as uow:
        await repo.delete(uow.conn, practice_id, webhook_id)
        await audit(
            uow.conn, origin, action="webhook.deleted", actor=actor, resource=RESOURCE,
            detail={"webhook_id": str(webhook_id)},
        )  # fmt: skip
        await uow.commit()


async def list_deliveries(
    rt: Integrations,
    *,
    practice_id: UUID,
    webhook_id: UUID,
    status: DeliveryStatus | None,
    limit: int,
    offset: int,
) -> list[Delivery]:
    async with rt.reader() as conn:
        await repo.get(conn, practice_id, webhook_id)  # another practice's: 404
        return await deliveries_repo.list_for_webhook(
            conn, practice_id, webhook_id, status=status, limit=limit, offset=offset
        )


async def send_again(
    rt: Integrations, *, practice_id: UUID, webhook_id: UUID, delivery_id: UUID
) -> None:
    now = rt.now()
    async with rt.uow() as uow:
        await deliveries_repo.send_again(
            uow.conn, practice_id, webhook_id, delivery_id,
            now=now, give_up_at=now + timedelta(hours=rt.settings.webhook_retry_hours),
        )  # fmt: skip
        await uow.conn.execute("SELECT pg_notify('webhooks_' || current_schema(), '')")
        await uow.commit()
