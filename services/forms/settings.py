"""Forms settings: the shared ones (PORTAL_*) plus FORMS_* variables."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.config import SERVICE_PORTS, ServiceSettings


class FormsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FORMS_", extra="ignore", populate_by_name=True)

    service_name: str = "forms"
    port: int = SERVICE_PORTS["forms"]
