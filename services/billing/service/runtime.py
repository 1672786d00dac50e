"""Billing's runtime: the shared one plus the Stripe client."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from services.billing.service.stripe_gateway import StripeGateway
from services.billing.settings import BillingSettings
from shared.runtime import Runtime


@dataclass(kw_only=True)
class Billing(Runtime[BillingSettings]):
    stripe: StripeGateway


@contextlib.asynccontextmanager
async def billing_runtime(base: Runtime[Any]) -> AsyncIterator[Billing]:
    settings = base.settings
    assert isinstance(settings, BillingSettings)
    gateway = StripeGateway(settings)
    try:
        yield Billing(**base.parts(), stripe=gateway)
    finally:
        await gateway.close()
