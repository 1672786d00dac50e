"""The wire shapes of the integrations API (also the source of its OpenAPI document)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, Field, StringConstraints

from services.integrations.domain.tool_credentials import TOOL_NAME, ToolCredential
from services.integrations.domain.webhooks import SIGNATURE_HEADER, URL_MAX, Webhook
from services.integrations.repo.deliveries import Delivery, DeliveryStatus
from services.integrations.repo.webhooks import LastDelivery, WebhookSummary
from shared.events.catalog import EVENT_TYPES
from shared.events.envelope import EXCHANGE
from shared.types import RequestModel, ResponseModel


def _tool_name(value: str) -> str:
    if not TOOL_NAME.match(value):
        raise ValueError("use 1 to 40 lower-case letters, digits and hyphens (e.g. notes-app)")
    return value


def _event_type(value: str) -> str:
    if value not in EVENT_TYPES:
        raise ValueError("is not an event type of the portal (see GET .../event-types)")
    return value


ToolName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=40), AfterValidator(_tool_name)
]
EventTypeName = Annotated[str, StringConstraints(max_length=100), AfterValidator(_event_type)]


class CreateToolCredentialRequest(RequestModel):
    name: ToolName


class RegisterWebhookRequest(RequestModel):
    url: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=URL_MAX)]
    event_types: list[EventTypeName] = Field(min_length=1, max_length=len(EVENT_TYPES))


class DeliveryQuery(RequestModel):
    status: DeliveryStatus | None = None
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class ToolCredentialView(ResponseModel):
    id: UUID
    name: str
    username: str
    queue_prefix: str
    status: Literal["active", "revoking", "revoked"]
    created_at: datetime
    revoked_at: datetime | None
    removed_at: datetime | None

    @classmethod
    def of(cls, credential: ToolCredential) -> ToolCredentialView:
        return cls(
            id=credential.id,
            name=credential.name,
            username=credential.username,
            queue_prefix=credential.queue_prefix,
            status=credential.status,
            created_at=credential.created_at,
            revoked_at=credential.revoked_at,
            removed_at=credential.removed_at,
        )


class NewToolCredentialView(ToolCredentialView):
    """Everything the tool needs to connect. The password is shown this once."""

    password: str
    amqp_url: str  # where to connect, without credentials
    vhost: str
    exchange: str
    practice_id: UUID
    binding_example: str  # a key the tool may bind: its practice's appointment events

    @classmethod
    def made(
        cls, credential: ToolCredential, *, password: str, amqp_url: str, vhost: str
    ) -> NewToolCredentialView:
        return cls(
            **ToolCredentialView.of(credential).model_dump(),
            password=password,
            amqp_url=amqp_url,
            vhost=vhost,
            exchange=EXCHANGE,
            practice_id=credential.practice_id,
            binding_example=f"appointment.*.{credential.practice_id}",
        )


class LastDeliveryView(ResponseModel):
    status: Literal["pending", "delivered", "failed"]  # pending: failed, to be tried again
    event_type: str
    at: datetime
    http_status: int | None
    error: str | None

    @classmethod
    def of(cls, last: LastDelivery) -> LastDeliveryView:
        return cls.model_validate(last)


class WebhookView(ResponseModel):
    id: UUID
    url: str
    event_types: list[str]
    created_at: datetime
    last_delivery: LastDeliveryView | None
    pending: int  # deliveries that failed and will be tried again
    failed: int  # deliveries that failed for a day (send them again from the list)

    @classmethod
    def of(cls, summary: WebhookSummary) -> WebhookView:
        hook = summary.webhook
        return cls(
            id=hook.id,
            url=hook.url,
            event_types=list(hook.event_types),
            created_at=hook.created_at,
            last_delivery=LastDeliveryView.of(summary.last) if summary.last else None,
            pending=summary.pending,
            failed=summary.failed,
        )


class NewWebhookView(WebhookView):
    """The signing secret is shown this once (the portal keeps it encrypted to sign)."""

    secret: str
    signature_header: str = SIGNATURE_HEADER

    @classmethod
    def made(cls, webhook: Webhook, *, secret: str) -> NewWebhookView:
        return cls(
            id=webhook.id,
            url=webhook.url,
            event_types=list(webhook.event_types),
            created_at=webhook.created_at,
            last_delivery=None,
            pending=0,
            failed=0,
            secret=secret,
        )


class DeliveryView(ResponseModel):
    id: UUID
    event_id: UUID
    event_type: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_attempt_at: datetime | None
    last_status: int | None
    last_error: str | None
    finished_at: datetime | None

    @classmethod
    def of(cls, delivery: Delivery) -> DeliveryView:
        return cls.model_validate(delivery)


class EventTypeView(ResponseModel):
    type: str
    summary: str
