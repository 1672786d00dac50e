"""Billing settings: the shared ones (PORTAL_*) plus BILLING_* variables.

Stripe is reached through configuration only: ``stripe_api_base`` and ``stripe_js_url``
point the same code at Stripe itself (the defaults) or at a local emulator (make up and
the tests run localstripe). Nothing in the code asks which one it is talking to.
"""

from __future__ import annotations

from pydantic import SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from shared.config import SERVICE_PORTS, ServiceSettings


class BillingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore", populate_by_name=True)

    service_name: str = "billing"
    port: int = SERVICE_PORTS["billing"]

    # Stripe: the secret key stays here; the publishable key and Stripe.js go to browsers.
    stripe_secret_key: SecretStr = SecretStr("")
    stripe_publishable_key: str = ""
    stripe_webhook_secret: SecretStr = SecretStr("")
    stripe_api_base: str = "https://api.stripe.com"
    stripe_js_url: str = "https://js.stripe.com/v3/"
    stripe_timeout_seconds: float = 20.0

    # Invoices are due this many days after they are issued (0: on receipt).
    invoice_due_days: int = 0
    # A payment Stripe has not settled after this long is asked about (a webhook lost).
    reconcile_after_seconds: float = 120.0

    @field_validator("stripe_api_base", "stripe_js_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value

    @property
    def stripe_configured(self) -> bool:
        return bool(self.stripe_secret_key.get_secret_value() and self.stripe_publishable_key)
