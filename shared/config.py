"""Settings from the environment.

Two families of variables: ``PORTAL_*`` is read by every process (where the database,
broker, identity keys and mail server are); ``<SERVICE>_*`` belongs to one service
(its port, its pool, its own database URL). The full table is in README.md.
"""

from __future__ import annotations

import functools
import json
from typing import Annotated, Any

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from shared.origin import TrustedProxies

SERVICE_PORTS = {
    "identity": 8101,
    "scheduling": 8102,
    "messaging": 8103,
    "forms": 8104,
    "billing": 8105,
    "integrations": 8106,
}


def _common(name: str, default: object) -> object:
    return Field(default=default, validation_alias=AliasChoices(f"PORTAL_{name}", name.lower()))


class ServiceSettings(BaseSettings):
    """Settings every service has. A service subclasses this and sets its env prefix."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    service_name: str = "service"

    # Shared by every process (PORTAL_*).
    admin_database_url: str = _common(  # type: ignore[assignment]
        "ADMIN_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/portal"
    )
    amqp_url: str = _common("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")  # type: ignore[assignment]
    jwks_url: str = _common(  # type: ignore[assignment]
        "JWKS_URL", "http://127.0.0.1:8101/.well-known/jwks.json"
    )
    token_issuer: str = _common("TOKEN_ISSUER", "client-portal")  # type: ignore[assignment]
    public_url: str = _common("PUBLIC_URL", "http://localhost:8080")  # type: ignore[assignment]
    log_level: str = _common("LOG_LEVEL", "info")  # type: ignore[assignment]
    smtp_host: str = _common("SMTP_HOST", "127.0.0.1")  # type: ignore[assignment]
    smtp_port: int = _common("SMTP_PORT", 1025)  # type: ignore[assignment]
    smtp_sender: str = _common("SMTP_SENDER", "no-reply@portal.localhost")  # type: ignore[assignment]
    encryption_keys: str = _common(  # type: ignore[assignment]
        "ENCRYPTION_KEYS", ""
    )  # "kid:base64key,kid2:base64key" - the first one encrypts; all decrypt
    # Without PORTAL_ENCRYPTION_KEYS, use a well-known key (shared/crypto.py): development only.
    allow_dev_encryption_key: bool = _common(  # type: ignore[assignment]
        "ALLOW_DEV_ENCRYPTION_KEY", False
    )
    # Proxies in front of this process (load balancer, ingress, the gateway) whose
    # X-Forwarded-For is believed: addresses or networks, comma-separated or a JSON list.
    trusted_proxies: Annotated[list[str], NoDecode] = _common(  # type: ignore[assignment]
        "TRUSTED_PROXIES", []
    )
    # How long published outbox rows are kept, so that a service that starts later can be
    # sent what it missed (python -m shared.replay); the purge job deletes older ones.
    outbox_retention_days: float = _common("OUTBOX_RETENTION_DAYS", 7)  # type: ignore[assignment]
    # A local demo (make up): each service's worker creates its demo data once the demo
    # practice has reached its directory (ServiceDefinition.demo_seed). Never in production.
    demo_data: bool = _common("DEMO_DATA", False)  # type: ignore[assignment]
    # A TrueType font for every PDF (shared/pdf.py); empty: DejaVu Sans where installed.
    pdf_font: str = _common("PDF_FONT", "")  # type: ignore[assignment]

    # How long other done work is kept (shared/retention.py). The inbox remembers handled
    # events at least as long as the outbox keeps them, or a replayed one runs twice.
    inbox_retention_days: float = _common("INBOX_RETENTION_DAYS", 14)  # type: ignore[assignment]
    email_retention_days: float = _common("EMAIL_RETENTION_DAYS", 7)  # type: ignore[assignment]

    # Per service (<SERVICE>_*).
    host: str = "127.0.0.1"
    port: int = 0
    database_url: str = ""  # empty: admin_database_url with this service's own role
    database_password: str = ""
    # /metrics listens apart from the API (shared/web/metrics_listener.py); None: the HTTP
    # port + 1000 (a worker's too, so its +100 carries over); 0: any free port.
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = None
    pool_size: int = 10
    max_body_bytes: int = 1_048_576
    request_timeout_seconds: float = 10.0

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxies(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            value = json.loads(text) if text.startswith("[") else text.split(",")
        proxies = [p.strip() for p in value if p.strip()]
        TrustedProxies.parse(proxies)  # fail at start, not per request
        return proxies

    @functools.cached_property
    def proxies(self) -> TrustedProxies:
        return TrustedProxies.parse(self.trusted_proxies)

    @model_validator(mode="after")
    def _inbox_outlives_outbox(self) -> ServiceSettings:
        if self.inbox_retention_days < self.outbox_retention_days:
            raise ValueError(
                "PORTAL_INBOX_RETENTION_DAYS must be at least PORTAL_OUTBOX_RETENTION_DAYS:"
                " a replayed event whose id the inbox forgot would be handled twice"
            )
        return self

    def runtime_database_url(self) -> str:
        """The DSN the service runs with: its own role, granted on its own schema only."""
        if self.database_url:
            return self.database_url
        from shared.migrations import role_dsn

        return role_dsn(self.admin_database_url, self.db_role, self.database_password)

    @property
    def db_schema(self) -> str:
        return self.service_name

    @property
    def db_role(self) -> str:
        return f"portal_{self.service_name}"


def settings_for(service: str) -> type[ServiceSettings]:
    """A settings class for one service: env prefix ``<SERVICE>_``, its default port."""

    class _Settings(ServiceSettings):
        model_config = SettingsConfigDict(
            env_prefix=f"{service.upper()}_", extra="ignore", populate_by_name=True
        )
        service_name: str = service
        port: int = SERVICE_PORTS.get(service, 0)

    _Settings.__name__ = f"{service.capitalize()}Settings"
    return _Settings
