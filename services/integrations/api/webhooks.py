"""Webhooks: a practice's events, signed, to an HTTPS endpoint of a tool."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.integrations.api._routes import ADMIN, TAGS, routes
from services.integrations.schemas import (
    DeliveryQuery,
    DeliveryView,
    EventTypeView,
    NewWebhookView,
    RegisterWebhookRequest,
    WebhookView,
)
from services.integrations.service import webhooks
from services.integrations.service.runtime import Integrations
from shared.audit import actor_of
from shared.auth import Caller
from shared.events.catalog import EVENT_TYPES
from shared.origin import Origin
from shared.web import endpoint

BASE = "/api/v1/integrations/webhooks"
WEBHOOK = BASE + "/{webhook_id}"


@routes.get("/api/v1/integrations/event-types")
@endpoint(
    summary="The event types a tool may subscribe to",
    roles=ADMIN,
    response=list[EventTypeView],
    tags=TAGS,
)
async def event_types(request: web.Request) -> list[EventTypeView]:
    return [
        EventTypeView(type=name, summary=(model.__doc__ or "").strip().split("\n")[0])
        for name, model in sorted(EVENT_TYPES.items())
    ]


@routes.post(BASE)
@endpoint(
    summary="Register a webhook (the signing secret is shown once)",
    roles=ADMIN,
    body=RegisterWebhookRequest,
    response=NewWebhookView,
    status=201,
    tags=TAGS,
)
async def register(
    request: web.Request,
    *,
    runtime: Integrations,
    caller: Caller,
    body: RegisterWebhookRequest,
    origin: Origin,
) -> NewWebhookView:
    webhook, secret = await webhooks.register(
        runtime,
        practice_id=caller.practice_id,
        url=body.url,
        event_types=body.event_types,
        actor=actor_of(caller),
        origin=origin,
    )
    return NewWebhookView.made(webhook, secret=secret)


@routes.get(BASE)
@endpoint(
    summary="The practice's webhooks, each with its last delivery and its failures",
    roles=ADMIN,
    response=list[WebhookView],
    tags=TAGS,
)
async def list_(
    request: web.Request, *, runtime: Integrations, caller: Caller
) -> list[WebhookView]:
    found = await webhooks.list_webhooks(runtime, practice_id=caller.practice_id)
    return [WebhookView.of(s) for s in found]


@routes.delete(WEBHOOK)
@endpoint(
    summary="Delete a webhook (deliveries not yet sent are dropped)",
    roles=ADMIN,
    path=("webhook_id",),
    status=204,
    tags=TAGS,
)
async def delete(
    request: web.Request, *, runtime: Integrations, caller: Caller, webhook_id: UUID, origin: Origin
) -> None:
    await webhooks.delete(
        runtime,
        practice_id=caller.practice_id,
        webhook_id=webhook_id,
        actor=actor_of(caller),
        origin=origin,
    )


@routes.get(WEBHOOK + "/deliveries")
@endpoint(
    summary="A webhook's deliveries, newest first",
    roles=ADMIN,
    path=("webhook_id",),
    query=DeliveryQuery,
    response=list[DeliveryView],
    tags=TAGS,
)
async def deliveries(
    request: web.Request,
    *,
    runtime: Integrations,
    caller: Caller,
    webhook_id: UUID,
    query: DeliveryQuery,
) -> list[DeliveryView]:
    found = await webhooks.list_deliveries(
        runtime,
        practice_id=caller.practice_id,
        webhook_id=webhook_id,
        status=query.status,
        limit=query.limit,
        offset=query.offset,
    )
    return [DeliveryView.of(d) for d in found]


@routes.post(WEBHOOK + "/deliveries/{delivery_id}/retry")
@endpoint(
    summary="Send a failed delivery again (same event, same id)",
    roles=ADMIN,
    path=("webhook_id", "delivery_id"),
    status=204,
    tags=TAGS,
)
async def send_again(
    request: web.Request, *, runtime: Integrations, caller: Caller, webhook_id: UUID,
    delivery_id: UUID,
) -> None:  # fmt: skip
    await webhooks.send_again(
        runtime, practice_id=caller.practice_id, webhook_id=webhook_id, delivery_id=delivery_id
    )
