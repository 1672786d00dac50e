"""Gateway settings: the shared ``PORTAL_*`` ones plus ``GATEWAY_*`` variables."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from shared.config import SERVICE_PORTS, ServiceSettings

AREA_PATTERN = r"[a-z][a-z0-9-]*"
DEFAULT_AUTH_PREFIXES = (
    "/api/v1/identity/sessions",
    "/api/v1/identity/invitations",
    "/api/v1/identity/password-resets",
)


def default_upstreams() -> dict[str, str]:
    return {area: f"http://127.0.0.1:{port}" for area, port in SERVICE_PORTS.items()}


def default_web_root() -> Path:
    return Path(__file__).resolve().parent.parent / "web" / "dist"


def _list_from_env(value: Any) -> Any:
    """Lists come from the environment as JSON (``["a","b"]``) or comma-separated text."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        return json.loads(text)
    return [part.strip() for part in text.split(",") if part.strip()]


class GatewaySettings(ServiceSettings):
    """Everything ``python -m gateway`` reads; the table is in the README."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    service_name: str = "gateway"
    port: int = 8080
    # The whole routing table: an area missing here is not routed (404).
    upstreams: dict[str, str] = Field(default_factory=default_upstreams)
    upstream_timeout_seconds: float = 15.0
    auth_prefixes: Annotated[list[str], NoDecode] = list(DEFAULT_AUTH_PREFIXES)
    # Per IP. Per-account throttling in identity stops password guessing; this stops one
    # address hammering many accounts, while a clinic's shared address still gets in.
    auth_rate_per_minute: float = 20.0
    auth_burst: int = 20
    # Per IP, a bucket of its own: identity's public password-strength check (a zxcvbn
    # run each). A form asks as someone types (after a pause), so more than sign-ins.
    password_check_rate_per_minute: float = 60.0
    password_check_burst: int = 30
    # Per IP, a bucket of its own: public forms that make something for a person to act
    # on (a New Client's appointment request holds a time and emails the clinician).
    public_form_rate_per_minute: float = 3.0
    public_form_burst: int = 5
    rate_limit_max_clients: int = 10_000
    csp_extra: str = ""
    hsts: bool = False
    web_root: Path = Field(default_factory=default_web_root)
    docs_cache_seconds: float = 15.0
    # How long an ended session stays refused: longer than any access token lives.
    revocation_ttl_seconds: float = 900.0

    @field_validator("upstreams")
    @classmethod
    def _check_upstreams(cls, value: dict[str, str]) -> dict[str, str]:
        for area, url in value.items():
            if not re.fullmatch(AREA_PATTERN, area):
                raise ValueError(f"area {area!r} must match {AREA_PATTERN}")
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"upstream of {area!r} must be an http(s) URL")
        return {area: url.rstrip("/") for area, url in value.items()}

    @field_validator("auth_prefixes", mode="before")
    @classmethod
    def _split_prefixes(cls, value: Any) -> Any:
        return _list_from_env(value)
