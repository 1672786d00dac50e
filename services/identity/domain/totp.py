"""Time-based one-time passwords (RFC 6238) with replay protection.

A code is accepted for the current 30-second step or one step either side (clock
drift), and only for a step later than the last one accepted for that account, so an
observed code cannot be used a second time.
"""

from __future__ import annotations

import hmac
import re
from datetime import datetime

import pyotp

_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def accepted_step(
    secret: str, code: str, *, now: datetime, last_step: int | None, window: int = 1
) -> int | None:
    """The time step ``code`` belongs to if it is valid and fresh, else None."""
    code = code.replace(" ", "")
    if not _CODE.match(code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - window, current + window + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
