"""Identity settings: the shared ones plus IDENTITY_* variables."""

from shared.config import settings_for

IdentitySettings = settings_for("identity")
