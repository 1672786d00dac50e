"""Integrations settings: the shared ones (PORTAL_*) plus INTEGRATIONS_* variables."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from shared.config import SERVICE_PORTS, ServiceSettings
from shared.crypto import Keyring


class IntegrationsSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="INTEGRATIONS_", extra="ignore", populate_by_name=True
    )

    service_name: str = "integrations"
    port: int = SERVICE_PORTS["integrations"]

    # RabbitMQ's management HTTP API (plugin rabbitmq_management), where clinician tools'
    # broker users are made. The account needs the "administrator" tag (users, permissions).
    broker_admin_url: str = "http://127.0.0.1:15672"
    broker_admin_user: str = "guest"
    broker_admin_password: str = "guest"
    broker_admin_timeout_seconds: float = 10
    # The AMQP address tools are told to connect to (without credentials); empty: the
    # portal's own PORTAL_AMQP_URL without its user and password.
    tool_amqp_url: str = ""

    # Webhooks. Local targets (http://, loopback, private and link-local addresses) are
    # for local development and tests only: in production a practice could otherwise make
    # the portal call into its own network.
    webhook_allow_local: bool = False
    webhook_timeout_seconds: float = 10
    webhook_retry_hours: float = 24  # then the delivery is marked failed
    webhook_first_retry_seconds: float = 10  # doubling, with jitter, up to the next one
    webhook_max_retry_seconds: float = 3600
    webhook_concurrency: int = 32  # deliveries in flight per worker process
    webhook_per_practice: int = 4  # of which at most this many for one practice
    webhook_poll_seconds: float = 1.0
    webhook_delivery_retention_days: float = 14  # delivered and failed ones, then purged

    @model_validator(mode="after")
    def _usable(self) -> IntegrationsSettings:
        """Fail at start with what to do: webhook secrets are encrypted with the keyring."""
        Keyring.from_config(self.encryption_keys, allow_dev_key=self.allow_dev_encryption_key)
        if self.webhook_per_practice > self.webhook_concurrency:
            raise ValueError("INTEGRATIONS_WEBHOOK_PER_PRACTICE exceeds _WEBHOOK_CONCURRENCY")
        return self

    @property
    def broker_vhost(self) -> str:
        """The portal's RabbitMQ virtual host, from PORTAL_AMQP_URL ("/" when none)."""
        return unquote(urlsplit(self.amqp_url).path[1:]) or "/"

    def tool_connection_url(self) -> str:
        """Where a tool connects, without credentials (it adds its own)."""
        if self.tool_amqp_url:
            return self.tool_amqp_url
        parts = urlsplit(self.amqp_url)
        host = parts.hostname or "127.0.0.1"
        netloc = f"[{host}]" if ":" in host else host
        if parts.port:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path or "/", "", ""))
