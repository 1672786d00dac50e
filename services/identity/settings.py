"""Identity settings: the shared ones (PORTAL_*) plus IDENTITY_* variables.

Every duration is a setting so tests can shrink it; the defaults are the product's.
"""

from __future__ import annotations

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from shared.config import SERVICE_PORTS, ServiceSettings
from shared.crypto import Keyring
from shared.passwords import HashParameters, PasswordPolicy


class IdentitySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IDENTITY_", extra="ignore", populate_by_name=True)

    service_name: str = "identity"
    port: int = SERVICE_PORTS["identity"]

    # Invitations (welcome email with a 4-digit PIN).
    invitation_valid_days: float = 7
    pin_max_attempts: int = 5
    activation_grant_minutes: float = 30  # PIN accepted -> this long to create a password

    # Passwords.
    password_min_length: int = 8
    password_max_length: int = 256
    password_min_score: int = 3
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65_536
    argon2_parallelism: int = 4
    hash_workers: int = 2

    # Login throttling per (practice, email).
    login_delay_after: int = 5  # failures before a growing delay
    login_delay_base_seconds: float = 1.0  # 1 s after the 5th failure, doubling
    login_lock_after: int = 10
    login_lock_seconds: float = 900

    # Sessions and tokens.
    access_token_seconds: int = 300
    idle_timeout_seconds: int = 900
    session_max_seconds: int = 43_200
    login_challenge_minutes: float = 5  # password accepted -> this long to give the TOTP code
    totp_max_attempts: int = 5
    signing_key_rotation_days: float = 30
    # A new key is in the JWKS this long before it signs: more than the 30 s in which every
    # replica reads the keys again, so no verifier meets a token whose key it cannot fetch.
    signing_key_publish_ahead_seconds: float = 90
    cookie_secure: bool = True

    # Recovery.
    reset_link_minutes: float = 60
    staff_setup_link_days: float = 7
    refresh_race_seconds: float = 10  # a second tab refreshing with the just-rotated token
    reset_min_response_seconds: float = 0.25  # same time whether or not the email is known
    # "Forgot your password?" emails an account at most once in this long (the caller is
    # answered the same either way): a flood of requests must not flood a mailbox.
    reset_email_interval_seconds: float = 300

    @model_validator(mode="after")
    def _encryption_keys_usable(self) -> IdentitySettings:
        """Fail at start with what to do, not at the first PIN or key to encrypt."""
        Keyring.from_config(self.encryption_keys, allow_dev_key=self.allow_dev_encryption_key)
        return self

    def password_policy(self) -> PasswordPolicy:
        return PasswordPolicy(
            min_length=self.password_min_length,
            max_length=self.password_max_length,
            min_score=self.password_min_score,
        )

    def hash_parameters(self) -> HashParameters:
        return HashParameters(
            time_cost=self.argon2_time_cost,
            memory_cost_kib=self.argon2_memory_kib,
            parallelism=self.argon2_parallelism,
        )
