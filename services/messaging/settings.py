"""Messaging settings: the shared ones (PORTAL_*) plus MESSAGING_* variables.

Every duration is a setting so tests can shrink it; the defaults are the product's.
"""

from __future__ import annotations

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from shared.config import SERVICE_PORTS, ServiceSettings
from shared.crypto import Keyring


class MessagingSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="MESSAGING_", extra="ignore", populate_by_name=True
    )

    service_name: str = "messaging"
    port: int = SERVICE_PORTS["messaging"]

    # A message is at most this many characters (the guide's widget is for notes, not files).
    message_max_chars: int = 5000
    # The "Read Secure Message" link opens the thread without a password this long after
    # the message was sent; after that it leads to Log in.
    link_minutes: float = 15
    # Messages per page (newest first); a caller may ask for up to page_size_max.
    page_size: int = 30
    page_size_max: int = 100
    # Live updates: a socket that sends nothing is pinged this often, and closed when
    # the pong does not come.
    live_heartbeat_seconds: float = 30

    @model_validator(mode="after")
    def _encryption_keys_usable(self) -> MessagingSettings:
        """Fail at start with what to do, not at the first message to encrypt."""
        Keyring.from_config(self.encryption_keys, allow_dev_key=self.allow_dev_encryption_key)
        return self
