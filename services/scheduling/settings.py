"""Scheduling settings: the shared ones (PORTAL_*) plus SCHEDULING_* variables."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.config import SERVICE_PORTS, ServiceSettings

_JWKS_PATH = "/.well-known/jwks.json"


class SchedulingSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="SCHEDULING_", extra="ignore", populate_by_name=True
    )

    service_name: str = "scheduling"
    port: int = SERVICE_PORTS["scheduling"]

    # Identity's internal address, for approving a New Client request (the client is
    # invited there). Empty: the service that publishes PORTAL_JWKS_URL, which is identity.
    identity_url: str = ""
    # A telehealth appointment's video link is shown this long before its start.
    video_link_minutes_before: int = 30
    # New Client requests waiting for approval, per practice: a public form must not let
    # anyone fill a clinician's calendar with requests nobody will come to.
    max_pending_new_client_requests: int = 20
    # How far back a calendar feed reaches (its future reaches the booking horizon and more).
    feed_past_days: int = 90
    feed_future_days: int = 400

    def identity_base_url(self) -> str:
        if self.identity_url:
            return self.identity_url.rstrip("/")
        url = self.jwks_url
        return url[: -len(_JWKS_PATH)] if url.endswith(_JWKS_PATH) else url.rstrip("/")
