"""Cards: the client's Stripe customer, the SetupIntent the browser confirms a new card
with, and the saved cards of "Remember Card" (listed, chosen, removed).

No card number ever reaches us: the browser gives it to Stripe (Stripe.js), and we keep
Stripe's id of the card with its brand, last four digits and expiry.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.billing.repo import accounts as accounts_repo
from services.billing.repo.accounts import SavedCard
from services.billing.service.runtime import Billing
from services.billing.service.stripe_gateway import Card
from shared.auth import Caller
from shared.errors import ServiceUnavailable
from shared.logging import get_logger

log = get_logger(__name__)
NOT_SET_UP = "Card payments are not set up for this practice yet."


@dataclass(frozen=True)
class CardSetup:
    client_secret: str
    publishable_key: str
    js_url: str


async def customer_of(rt: Billing, practice_id: UUID, client_id: UUID) -> str:
    """The client's Stripe customer, made the first time (the idempotency key is the
    client's, so two first payments racing get one customer from Stripe)."""
    async with rt.reader() as conn:
        account = await accounts_repo.find_account(conn, practice_id, client_id)
    if account and account["stripe_customer_id"]:
        return str(account["stripe_customer_id"])
    customer = await rt.stripe.create_customer(
        client_ref=str(client_id), key=f"portal-customer-{practice_id}-{client_id}"
    )
    async with rt.uow() as uow:
        account = await accounts_repo.lock_account(uow.conn, practice_id, client_id)
        if account["stripe_customer_id"]:
            customer = account["stripe_customer_id"]
        else:
            await accounts_repo.set_customer(uow.conn, practice_id, client_id, customer)
        await uow.commit()
    return str(customer)


async def start_card_setup(rt: Billing, *, caller: Caller) -> CardSetup:
    """A SetupIntent for a new card of the calling client, for Stripe.js to confirm."""
    if not rt.settings.stripe_configured:
        raise ServiceUnavailable(NOT_SET_UP)
    customer = await customer_of(rt, caller.practice_id, caller.subject)
    _, secret = await rt.stripe.create_setup_intent(customer=customer)
    return CardSetup(
        client_secret=secret,
        publishable_key=rt.settings.stripe_publishable_key,
        js_url=rt.settings.stripe_js_url,
    )


async def list_cards(rt: Billing, *, caller: Caller) -> list[SavedCard]:
    async with rt.reader() as conn:
        return await accounts_repo.cards(conn, caller.practice_id, caller.subject)


async def remember(rt: Billing, *, practice_id: UUID, client_id: UUID, card: Card) -> SavedCard:
    async with rt.uow() as uow:
        saved = await accounts_repo.save_card(
            uow.conn, accounts_repo.new_card(practice_id, client_id, card.method_id, card.details())
        )
        await uow.commit()
    return saved


async def remove_card(rt: Billing, *, caller: Caller, card_id: UUID) -> None:
    """Forget a saved card here and at Stripe (detached from the customer)."""
    async with rt.reader() as conn:
        card = await accounts_repo.get_card(conn, caller.practice_id, caller.subject, card_id)
    await rt.stripe.detach(card.stripe_payment_method_id, key=f"portal-detach-card-{card.id}")
    async with rt.uow() as uow:
        await accounts_repo.delete_card(uow.conn, card.id)
        await uow.commit()
    log.info("card.removed", card_id=str(card.id))
