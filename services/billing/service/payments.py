"""Paying by card: the whole balance or chosen invoices, for exactly the amount the Pay
button showed.

1. Under the client's account lock: work out what is due, refuse if the amount differs
   or another payment is already paying it, write the payment (``pending``) and what it
   pays. Commit: from here on a crash leaves a row the reconciler finishes.
2. The card: a new one (the SetupIntent the browser confirmed; attached to the client's
   Stripe customer) or a saved one (ours, of this client).
3. A PaymentIntent for the amount, its id recorded; then confirmed. Stripe's keys are
   derived from the payment row, so a retried step is the same request to Stripe.
4. Succeeded: invoices Paid (settlement.py). Declined: the payment failed with Stripe's
   words, invoices unchanged. 3-D Secure: the browser finishes it, then calls confirm.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from uuid import UUID

from services.billing.domain.payments import Payment, allocate, check_amount, stripe_key
from services.billing.repo import accounts as accounts_repo
from services.billing.repo import invoices as invoices_repo
from services.billing.repo import payments as payments_repo
from services.billing.service import cards, settlement
from services.billing.service.access import audit_staff, client_of, scope_of
from services.billing.service.runtime import Billing
from services.billing.service.stripe_gateway import Card, CardDeclined
from shared.auth import Caller
from shared.errors import DomainError, InvalidInput, ServiceUnavailable
from shared.origin import Origin

NO_ANSWER = (
    "We could not hear back from the card processor. Your payment may still go through: "
    "check your invoices in a minute before paying again."
)


@dataclass(frozen=True)
class PayRequest:
    amount: int
    currency: str
    invoice_ids: Sequence[UUID] | None  # None: the whole balance
    setup_intent_id: str | None = None  # a new card, confirmed by Stripe.js
    saved_card_id: UUID | None = None
    remember_card: bool = False


@dataclass(frozen=True)
class PayResult:
    payment: Payment
    client_secret: str | None = None  # for confirmCardPayment, when 3-D Secure is asked


async def pay(rt: Billing, *, caller: Caller, request: PayRequest) -> PayResult:
    if (request.setup_intent_id is None) == (request.saved_card_id is None):
        raise InvalidInput("enter a card, or choose a saved card", field="card")
    customer = await cards.customer_of(rt, caller.practice_id, caller.subject)
    payment = await _start(rt, caller, request)
    try:
        card, new = await _card(rt, payment, customer, request)
        payment = replace(payment, card_brand=card.brand, card_last4=card.last4)
        intent = await rt.stripe.create_intent(
            amount=payment.amount, currency=payment.currency, customer=customer,
            method_id=card.method_id, payment_ref=str(payment.id),
            key=stripe_key(payment.id, "intent"),
        )  # fmt: skip
        async with rt.uow() as uow:
            await payments_repo.set_intent(
                uow.conn, payment.id, intent_id=intent.id, method_id=card.method_id,
                brand=card.brand, last4=card.last4,
            )  # fmt: skip
            await uow.commit()
    except DomainError as error:
        await _give_up(rt, payment, error)
        raise
    return await _confirm(
        rt, payment, intent.id, card=card, new=new, remember=request.remember_card
    )


async def _start(rt: Billing, caller: Caller, request: PayRequest) -> Payment:
    async with rt.uow() as uow:
        await accounts_repo.lock_account(uow.conn, caller.practice_id, caller.subject)
        open_invoices = await invoices_repo.open_for_client(
            uow.conn, caller.practice_id, caller.subject
        )
        busy = await payments_repo.busy_invoices(uow.conn, caller.practice_id, caller.subject)
        currency = request.currency.lower()
        allocations = allocate(
            open_invoices, invoice_ids=request.invoice_ids, currency=currency, busy=busy
        )
        amount = check_amount(allocations, amount=request.amount, currency=currency)
        payment = Payment(
            id=uuid.uuid4(), practice_id=caller.practice_id, client_id=caller.subject,
            amount=amount, currency=currency, status="pending", created_at=rt.now(),
            remember_card=request.remember_card,
            invoice_ids=tuple(i.id for i, _ in allocations),
        )  # fmt: skip
        await payments_repo.insert(uow.conn, payment, allocations)
        await uow.commit()
    return payment


async def _card(
    rt: Billing, payment: Payment, customer: str, request: PayRequest
) -> tuple[Card, bool]:
    """(the card, whether it is new: not among the saved ones)."""
    if request.saved_card_id is not None:
        async with rt.reader() as conn:
            saved = await accounts_repo.get_card(
                conn, payment.practice_id, payment.client_id, request.saved_card_id
            )
        card = Card(saved.stripe_payment_method_id, customer, saved.brand, saved.last4,
                    saved.exp_month, saved.exp_year)  # fmt: skip
        return card, False
    assert request.setup_intent_id is not None
    status, owner, method_id = await rt.stripe.setup_intent_card(request.setup_intent_id)
    if owner != customer or method_id is None:
        raise InvalidInput("is not a card of yours", field="setup_intent_id")
    if status != "succeeded":
        raise InvalidInput("the card was not confirmed: enter it again", field="card")
    card = await rt.stripe.attach(
        method_id, customer=customer, key=stripe_key(payment.id, "attach")
    )
    return card, True


async def _confirm(
    rt: Billing, payment: Payment, intent_id: str, *, card: Card, new: bool, remember: bool
) -> PayResult:
    try:
        intent = await rt.stripe.confirm_intent(intent_id, key=stripe_key(payment.id, "confirm"))
    except CardDeclined as declined:
        await _give_up(rt, payment, declined)
        if new:
            await _forget(rt, payment, card)
        raise
    except ServiceUnavailable as exc:
        # Perhaps charged, perhaps not: the webhook or the reconciler will tell.
        raise ServiceUnavailable(NO_ANSWER) from exc
    settled = await settlement.apply_intent(rt, payment.id, intent)
    if new and settled.status == "succeeded":
        if remember:
            await cards.remember(
                rt, practice_id=payment.practice_id, client_id=payment.client_id, card=card
            )
        else:
            await _forget(rt, payment, card)
    secret = intent.client_secret if settled.status == "requires_action" else None
    return PayResult(payment=settled, client_secret=secret)


async def _give_up(rt: Billing, payment: Payment, error: DomainError) -> None:
    """Nothing was charged: the payment fails, so its invoices can be paid again."""
    async with rt.uow() as uow:
        await settlement.fail(
            uow, payment.id, at=rt.now(), message=error.detail,
            announce=isinstance(error, CardDeclined),
        )  # fmt: skip
        await uow.commit()


async def _forget(rt: Billing, payment: Payment, card: Card) -> None:
    """Remember Card was off (or the card was declined): the card leaves the customer."""
    # An attached card nobody lists is harmless: a failure here changes nothing else.
    with contextlib.suppress(DomainError):
        await rt.stripe.detach(card.method_id, key=stripe_key(payment.id, "detach"))


async def confirm_after_action(rt: Billing, *, caller: Caller, payment_id: UUID) -> PayResult:
    """After 3-D Secure in the browser: ask Stripe how the payment ended."""
    async with rt.reader() as conn:
        payment = await payments_repo.get(
            conn, caller.practice_id, payment_id, client_id=caller.subject
        )
    if payment.settled or payment.stripe_payment_intent_id is None:
        return PayResult(payment=payment)
    intent = await rt.stripe.intent(payment.stripe_payment_intent_id)
    settled = await settlement.apply_intent(rt, payment.id, intent)
    method = payment.stripe_payment_method_id
    if settled.status == "succeeded" and method is not None:
        async with rt.reader() as conn:
            saved = await accounts_repo.find_card_by_method(conn, method)
        if saved is None:  # a new card: keep it or let it go, as the client chose
            card = await rt.stripe.card(method)
            if payment.remember_card:
                await cards.remember(
                    rt, practice_id=payment.practice_id, client_id=payment.client_id, card=card
                )
            else:
                await _forget(rt, payment, card)
    return PayResult(payment=settled)


async def list_payments(
    rt: Billing, *, caller: Caller, client_id: UUID | None, limit: int, offset: int, origin: Origin
) -> list[Payment]:
    scope = scope_of(caller, client_id) if caller.is_staff else client_of(caller, client_id)
    async with rt.uow() as uow:
        found = await payments_repo.list_for(
            uow.conn, caller.practice_id, client_id=scope, limit=limit, offset=offset
        )
        await audit_staff(
            uow.conn, origin, caller, action="payment.list", client_id=scope,
            detail={"count": len(found)},
        )  # fmt: skip
        await uow.commit()
    return found
