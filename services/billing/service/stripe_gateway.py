"""Stripe, through the official library, and nothing else about Stripe anywhere else.

The same calls work against Stripe and against localstripe (make up, the tests): the
address comes from BILLING_STRIPE_API_BASE. The card flow (shared/design/TOOLING.md): the
browser confirms a SetupIntent with the card, the server attaches the card to the
client's Customer and creates, then confirms, a PaymentIntent with it; the browser
finishes 3-D Secure only when the intent asks for it.

What we send Stripe says nothing about health: a Customer carries an opaque client
reference, a PaymentIntent our payment's id; no names of services, no codes, no
descriptions. Every call that creates or changes something carries an idempotency key
derived from our own row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stripe

from services.billing.settings import BillingSettings
from shared.errors import InvalidInput, ServiceUnavailable
from shared.logging import get_logger

log = get_logger(__name__)
UNREACHABLE = "The card processor cannot be reached right now. Please try again in a moment."


class CardDeclined(InvalidInput):
    """The card was refused; ``detail`` is Stripe's words for the client."""

    code, title = "card-declined", "Payment declined"


@dataclass(frozen=True)
class Card:
    method_id: str
    customer: str | None
    brand: str | None
    last4: str | None
    exp_month: int | None
    exp_year: int | None

    def details(self) -> dict[str, Any]:
        return {"brand": self.brand, "last4": self.last4, "exp_month": self.exp_month,
                "exp_year": self.exp_year}  # fmt: skip


@dataclass(frozen=True)
class Intent:
    id: str
    status: str  # succeeded, requires_action, requires_payment_method, processing...
    client_secret: str | None = None
    error: str | None = None  # Stripe's message of the last failed attempt


class StripeGateway:
    def __init__(self, settings: BillingSettings) -> None:
        self._http = stripe.AIOHTTPClient(timeout=settings.stripe_timeout_seconds)
        self._client = stripe.StripeClient(
            settings.stripe_secret_key.get_secret_value() or "sk_unset",
            base_addresses={"api": settings.stripe_api_base},
            http_client=self._http,
            max_network_retries=2,  # safe: every creating call has an idempotency key
        )
        self._webhook_secret = settings.stripe_webhook_secret.get_secret_value()

    async def close(self) -> None:
        await self._http.close_async()

    async def create_customer(self, *, client_ref: str, key: str) -> str:
        customer = await self._call(
            self._client.v1.customers.create_async,
            {"metadata": {"client_ref": client_ref}},
            {"idempotency_key": key},
        )
        return str(customer.id)

    async def create_setup_intent(self, *, customer: str) -> tuple[str, str]:
        """(id, client secret) of a SetupIntent the browser confirms with the card."""
        intent = await self._call(
            self._client.v1.setup_intents.create_async,
            {"customer": customer, "usage": "off_session", "payment_method_types": ["card"]},
        )
        return str(intent.id), str(intent.client_secret)

    async def setup_intent_card(self, setup_intent_id: str) -> tuple[str, str | None, str | None]:
        """(status, customer, payment method) of a SetupIntent."""
        intent = await self._call(self._client.v1.setup_intents.retrieve_async, setup_intent_id)
        method = intent.payment_method
        method_id = method if isinstance(method, str) or method is None else method.id
        return str(intent.status), intent.customer and str(intent.customer), method_id

    async def card(self, method_id: str) -> Card:
        method = await self._call(self._client.v1.payment_methods.retrieve_async, method_id)
        return _card(method)

    async def attach(self, method_id: str, *, customer: str, key: str) -> Card:
        """Attach the card to the customer (a no-op where it is already attached)."""
        method = await self._call(
            self._client.v1.payment_methods.attach_async,
            method_id,
            {"customer": customer},
            {"idempotency_key": key},
        )
        return _card(method)

    async def detach(self, method_id: str, *, key: str) -> None:
        await self._call(
            self._client.v1.payment_methods.detach_async, method_id, None, {"idempotency_key": key}
        )

    async def create_intent(
        self,
        *,
        amount: int,
        currency: str,
        customer: str,
        method_id: str,
        payment_ref: str,
        key: str,
    ) -> Intent:
        intent = await self._call(
            self._client.v1.payment_intents.create_async,
            {
                "amount": amount,
                "currency": currency,
                "customer": customer,
                "payment_method": method_id,
                "payment_method_types": ["card"],
                "metadata": {"payment_ref": payment_ref},
            },
            {"idempotency_key": key},
        )
        return _intent(intent)

    async def confirm_intent(self, intent_id: str, *, key: str) -> Intent:
        """Confirm (charge). A declined card raises ``CardDeclined`` with Stripe's words."""
        intent = await self._call(
            self._client.v1.payment_intents.confirm_async, intent_id, None, {"idempotency_key": key}
        )
        return _intent(intent)

    async def intent(self, intent_id: str) -> Intent:
        return _intent(await self._call(self._client.v1.payment_intents.retrieve_async, intent_id))

    def verify_webhook(self, payload: bytes, signature: str | None) -> dict[str, Any]:
        """The event of a webhook whose signature (over the raw body) is Stripe's."""
        if not self._webhook_secret:
            raise ServiceUnavailable(
                "Stripe webhooks are not configured (BILLING_STRIPE_WEBHOOK_SECRET)"
            )
        try:
            event = self._client.construct_event(payload, signature, self._webhook_secret)
        except (stripe.SignatureVerificationError, ValueError) as exc:
            raise InvalidInput("is not a valid Stripe signature", field="Stripe-Signature") from exc
        return event.to_dict()

    async def _call(self, method: Any, *args: Any) -> Any:
        try:
            return await method(*args)
        except stripe.CardError as exc:
            raise CardDeclined(exc.user_message or "Your card was declined.", field="card") from exc
        except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
            log.warning("stripe.unreachable", error=type(exc).__name__)
            raise ServiceUnavailable(UNREACHABLE) from exc
        except stripe.StripeError as exc:
            # Our request was wrong (an unknown card id...): say so without Stripe's text.
            log.warning("stripe.refused", error=type(exc).__name__, status=exc.http_status)
            raise InvalidInput("was refused by the card processor", field="card") from exc


def _card(method: Any) -> Card:
    card = method.card
    customer = (
        method.customer
        if isinstance(method.customer, str) or method.customer is None
        else method.customer.id
    )
    return Card(
        method_id=str(method.id),
        customer=customer,
        brand=card.brand if card else None,
        last4=card.last4 if card else None,
        exp_month=card.exp_month if card else None,
        exp_year=card.exp_year if card else None,
    )


def _intent(intent: Any) -> Intent:
    fields = intent.to_dict()
    error = fields.get("last_payment_error") or {}
    return Intent(
        id=str(fields["id"]),
        status=str(fields["status"]),
        client_secret=fields.get("client_secret"),
        error=error.get("message"),
    )
