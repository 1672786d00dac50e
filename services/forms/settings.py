"""Forms settings: the shared ones (PORTAL_*) plus FORMS_* variables."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.config import SERVICE_PORTS, ServiceSettings


class FormsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FORMS_", extra="ignore", populate_by_name=True)

    service_name: str = "forms"
    port: int = SERVICE_PORTS["forms"]
    # A TrueType font for PDFs, so any script a client types prints; empty: DejaVu Sans
    # where the system has it (Debian's fonts-dejavu-core), else a built-in Latin-1 font
    # (characters outside it print as "?").
    pdf_font: str = ""
