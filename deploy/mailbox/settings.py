"""Mailbox settings: MAILBOX_* variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class MailboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MAILBOX_", extra="ignore")

    host: str = "127.0.0.1"  # both listeners; 0.0.0.0 in a container
    smtp_port: int = 1025
    http_port: int = 8025
    max_messages: int = 500  # older ones are dropped first
    max_message_bytes: int = 10 * 1024 * 1024
    log_level: str = "info"
