"""What Stripe says about a payment, applied once: from the confirm answer, a webhook,
the browser after 3-D Secure, or the reconciliation job asking Stripe. Whichever comes
first settles the payment; the others find it settled and change nothing.

An invoice becomes Paid only here, when Stripe has said the money moved.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from services.billing.domain import ledger
from services.billing.domain.payments import Payment
from services.billing.repo import accounts as accounts_repo
from services.billing.repo import invoices as invoices_repo
from services.billing.repo import ledger as ledger_repo
from services.billing.repo import payments as payments_repo
from services.billing.service.runtime import Billing
from services.billing.service.stripe_gateway import Intent
from shared.db import UnitOfWork
from shared.errors import ServiceUnavailable
from shared.events.catalog import PaymentFailed, PaymentSucceeded
from shared.logging import get_logger
from shared.runtime import Work

log = get_logger(__name__)
DID_NOT_GO_THROUGH = "The payment did not go through. Please try again or use another card."
NOT_COMPLETED = "The payment was not completed. Nothing was charged."
# A 3-D Secure check left open this long is given up (Stripe cancels such intents too).
ACTION_TIMEOUT = timedelta(minutes=30)


async def settle(uow: UnitOfWork, payment_id: UUID, *, at: datetime) -> Payment:
    """Mark the payment succeeded and its invoices paid, with the ledger and
    ``payment.succeeded`` in the same transaction. Settled already: nothing changes."""
    payment = await payments_repo.find(uow.conn, payment_id, lock=True)
    assert payment is not None
    if payment.status == "succeeded":
        return payment
    allocations = []
    for invoice_id, amount in await payments_repo.allocations(uow.conn, payment.id):
        invoice = await invoices_repo.get(uow.conn, payment.practice_id, invoice_id, lock=True)
        allocations.append((invoice, amount))
        await invoices_repo.save_amounts(uow.conn, invoice.paid_by(amount))
    memo = f"{(payment.card_brand or 'card').title()} ending {payment.card_last4}"
    entries = ledger.payment_entries(payment.id, payment.currency, allocations, at=at, memo=memo)
    await ledger_repo.append(
        uow.conn, entries, practice_id=payment.practice_id, client_id=payment.client_id
    )
    await payments_repo.set_status(uow.conn, payment.id, "succeeded", settled_at=at)
    await uow.add_event(
        PaymentSucceeded(
            practice_id=payment.practice_id, payment_id=payment.id, client_id=payment.client_id,
            invoice_ids=[i.id for i, _ in allocations], amount=payment.amount,
            currency=payment.currency, paid_at=at, card_brand=payment.card_brand,
            card_last4=payment.card_last4,
        ),
        subject=str(payment.id),
    )  # fmt: skip
    log.info("payment.succeeded", payment_id=str(payment.id))
    return await _reread(uow, payment.id)


async def fail(
    uow: UnitOfWork, payment_id: UUID, *, at: datetime, message: str, announce: bool
) -> Payment:
    """Mark an unsettled payment failed (nothing was charged); ``announce``: tell the
    client by ``payment.failed`` (a declined card). A settled payment is left alone."""
    payment = await payments_repo.find(uow.conn, payment_id, lock=True)
    assert payment is not None
    if payment.settled:
        return payment
    await payments_repo.set_status(
        uow.conn, payment.id, "failed", settled_at=at, failure_message=message
    )
    if announce:
        await uow.add_event(
            PaymentFailed(
                practice_id=payment.practice_id, payment_id=payment.id,
                client_id=payment.client_id, amount=payment.amount, currency=payment.currency,
                reason=message,
            ),
            subject=str(payment.id),
        )  # fmt: skip
    log.info("payment.failed", payment_id=str(payment.id), announced=announce)
    return await _reread(uow, payment.id)


async def apply_intent(rt: Billing, payment_id: UUID, intent: Intent) -> Payment:
    """Bring our payment to what Stripe says of its PaymentIntent."""
    async with rt.uow() as uow:
        payment = await apply_in(uow, payment_id, intent, at=rt.now())
        await uow.commit()
    return payment


async def apply_in(uow: UnitOfWork, payment_id: UUID, intent: Intent, *, at: datetime) -> Payment:
    if intent.status == "succeeded":
        return await settle(uow, payment_id, at=at)
    if intent.status in ("requires_payment_method", "canceled"):
        return await fail(
            uow, payment_id, at=at, message=intent.error or DID_NOT_GO_THROUGH, announce=True
        )
    payment = await payments_repo.find(uow.conn, payment_id, lock=True)
    assert payment is not None
    if intent.status == "requires_action" and payment.status == "pending":
        await payments_repo.set_status(uow.conn, payment_id, "requires_action")
        return await _reread(uow, payment_id)
    return payment  # processing, requires_confirmation: not decided yet


async def handle_stripe_event(rt: Billing, event: dict[str, Any]) -> bool:
    """Apply one verified Stripe event, once: its id is claimed in the same transaction,
    so a second delivery finds it claimed and changes nothing. True if it was new."""
    obj = event.get("data", {}).get("object", {})
    async with rt.uow() as uow:
        if not await accounts_repo.claim_stripe_event(uow.conn, event["id"], event["type"]):
            return False
        payment = await _payment_of(uow, obj) if obj.get("object") == "payment_intent" else None
        if payment is not None:
            error = obj.get("last_payment_error") or {}
            intent = Intent(
                id=obj["id"], status=_status_of(event["type"], obj), error=error.get("message")
            )
            await apply_in(uow, payment.id, intent, at=rt.now())
        await uow.commit()
    log.info("stripe.event", type=event["type"], matched=payment is not None)
    return True


def _status_of(event_type: str, obj: dict[str, Any]) -> str:
    if event_type == "payment_intent.succeeded":
        return "succeeded"
    if event_type in ("payment_intent.payment_failed", "payment_intent.canceled"):
        return "requires_payment_method"
    return str(obj.get("status", ""))


async def _payment_of(uow: UnitOfWork, obj: dict[str, Any]) -> Payment | None:
    found = await payments_repo.find_by_intent(uow.conn, obj["id"])
    if found is not None:
        return found
    ref = (obj.get("metadata") or {}).get("payment_ref")
    try:
        return await payments_repo.find(uow.conn, UUID(ref)) if ref else None
    except ValueError:
        return None


async def reconcile(work: Work[Any]) -> None:
    """Settle payments Stripe has not told us about (a lost webhook, a crash between
    charging and recording): ask Stripe about each, or give up one never confirmed."""
    rt = work.runtime
    assert isinstance(rt, Billing)
    cutoff = rt.now() - timedelta(seconds=rt.settings.reconcile_after_seconds)
    # Each payment is settled in a unit of work of its own; the job's transaction only
    # holds the lock that keeps a second replica from doing the same at the same time.
    stale = await payments_repo.unsettled_before(work.conn, cutoff)
    for payment_id in stale:
        try:
            await _reconcile_one(rt, payment_id)
        except ServiceUnavailable:
            log.warning("payment.reconcile_later", payment_id=str(payment_id))
            return


async def _reconcile_one(rt: Billing, payment_id: UUID) -> None:
    async with rt.reader() as conn:
        payment = await payments_repo.find(conn, payment_id)
    if payment is None or payment.settled:
        return
    if payment.stripe_payment_intent_id is None:
        async with rt.uow() as uow:
            await fail(uow, payment_id, at=rt.now(), message=NOT_COMPLETED, announce=False)
            await uow.commit()
        return
    intent = await rt.stripe.intent(payment.stripe_payment_intent_id)
    abandoned = intent.status == "requires_confirmation" or (
        intent.status == "requires_action" and rt.now() - payment.created_at > ACTION_TIMEOUT
    )
    if abandoned:
        intent = Intent(id=intent.id, status="canceled", error=NOT_COMPLETED)
    await apply_intent(rt, payment_id, intent)


async def _reread(uow: UnitOfWork, payment_id: UUID) -> Payment:
    payment = await payments_repo.find(uow.conn, payment_id)
    assert payment is not None
    return payment
