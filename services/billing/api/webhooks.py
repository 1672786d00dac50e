"""Stripe's webhook: authenticated by its signature over the raw body, nothing else."""

from __future__ import annotations

from aiohttp import web

from services.billing.api._routes import BASE, TAGS, routes
from services.billing.schemas.responses import ReceivedView
from services.billing.service.runtime import Billing
from services.billing.service.settlement import handle_stripe_event
from shared.web import endpoint


@routes.post(BASE + "/stripe/webhook")
@endpoint(
    summary="Stripe events (payment_intent.succeeded, payment_intent.payment_failed); "
    "signed by Stripe, each handled once",
    public=True,
    csrf_exempt=True,  # no cookie: Stripe's signature is the credential
    response=ReceivedView,
    tags=TAGS,
)
async def stripe_webhook(request: web.Request, *, runtime: Billing) -> ReceivedView:
    payload = await request.read()  # the raw bytes: the signature covers them exactly
    event = runtime.stripe.verify_webhook(payload, request.headers.get("Stripe-Signature"))
    await handle_stripe_event(runtime, event)
    return ReceivedView(received=True)
