"""Messaging settings: the shared ones plus MESSAGING_* variables."""

from shared.config import settings_for

MessagingSettings = settings_for("messaging")
