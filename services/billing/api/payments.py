"""Paying by card: a SetupIntent for a new card, saved cards, the payment itself."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.billing.api._routes import BASE, TAGS, routes
from services.billing.schemas.requests import PageQuery, PayRequestBody
from services.billing.schemas.responses import CardSetupView, CardView, PaymentView
from services.billing.service import cards, payments
from services.billing.service.payments import PayRequest
from services.billing.service.runtime import Billing
from shared.auth import ALL_ROLES, Caller
from shared.errors import InvalidInput
from shared.origin import Origin
from shared.web import endpoint
from shared.web.idempotency import HEADER

CLIENT = ("client",)


@routes.post(BASE + "/card-setups")
@endpoint(
    summary="Start entering a new card: a SetupIntent for Stripe.js, and where Stripe.js is",
    roles=CLIENT,
    response=CardSetupView,
    status=201,
    tags=TAGS,
)
async def card_setup(request: web.Request, *, runtime: Billing, caller: Caller) -> CardSetupView:
    setup = await cards.start_card_setup(runtime, caller=caller)
    return CardSetupView(**vars(setup))


@routes.get(BASE + "/cards")
@endpoint(summary="Your saved cards", roles=CLIENT, response=list[CardView], tags=TAGS)
async def list_cards(request: web.Request, *, runtime: Billing, caller: Caller) -> list[CardView]:
    return [CardView.of(card) for card in await cards.list_cards(runtime, caller=caller)]


@routes.delete(BASE + "/cards/{card_id}")
@endpoint(summary="Remove a saved card", roles=CLIENT, path=("card_id",), tags=TAGS)
async def remove_card(
    request: web.Request, *, runtime: Billing, caller: Caller, card_id: UUID
) -> None:
    await cards.remove_card(runtime, caller=caller, card_id=card_id)


@routes.post(BASE + "/payments")
@endpoint(
    summary="Pay the balance or chosen invoices by card, for exactly the amount shown "
    "(Idempotency-Key required: a retry never charges twice)",
    roles=CLIENT,
    body=PayRequestBody,
    response=PaymentView,
    status=201,
    tags=TAGS,
    idempotent=True,
)
async def pay(
    request: web.Request, *, runtime: Billing, caller: Caller, body: PayRequestBody
) -> PaymentView:
    if HEADER not in request.headers:
        raise InvalidInput("is required: a retried payment must never charge twice", field=HEADER)
    result = await payments.pay(runtime, caller=caller, request=PayRequest(**body.model_dump()))
    return PaymentView.of(result.payment, client_secret=result.client_secret)


@routes.post(BASE + "/payments/{payment_id}/confirm")
@endpoint(
    summary="After 3-D Secure in the browser: how the payment ended",
    roles=CLIENT,
    path=("payment_id",),
    response=PaymentView,
    tags=TAGS,
)
async def confirm(
    request: web.Request, *, runtime: Billing, caller: Caller, payment_id: UUID
) -> PaymentView:
    result = await payments.confirm_after_action(runtime, caller=caller, payment_id=payment_id)
    return PaymentView.of(result.payment)


@routes.get(BASE + "/payments")
@endpoint(
    summary="Payments, newest first: a client's own; staff a client's (client_id) or all",
    roles=ALL_ROLES,
    query=PageQuery,
    response=list[PaymentView],
    tags=TAGS,
)
async def list_payments(
    request: web.Request, *, runtime: Billing, caller: Caller, query: PageQuery, origin: Origin
) -> list[PaymentView]:
    found = await payments.list_payments(
        runtime, caller=caller, client_id=query.client_id, limit=query.limit,
        offset=query.offset, origin=origin,
    )  # fmt: skip
    return [PaymentView.of(p) for p in found]
