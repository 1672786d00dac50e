"""Webhooks: where a practice's events go over HTTP, how each delivery is signed, and when
a failing one is tried again.

Signature (docs/integrations.md): the header ``Portal-Signature: t=<unix seconds>,v1=<hex>``
where ``v1`` is HMAC-SHA256, keyed with the webhook's secret (the whole ``whsec_...``
string, UTF-8), over ``<t>.<raw body>``. A receiver recomputes it over the bytes it got,
compares in constant time and refuses a ``t`` older than its replay window (5 minutes in
our example). Every attempt of one delivery sends the same body (same event id) with a
fresh ``t`` and signature.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from uuid import UUID

from shared.errors import InvalidInput

SIGNATURE_HEADER = "Portal-Signature"
SECRET_PREFIX = "whsec_"
URL_MAX = 2000
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def sign(secret: str, *, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def check_url(url: str, *, allow_local: bool) -> str:
    """An absolute https URL with a host and no credentials (plain http only where local
    targets are allowed). Addresses are checked separately, when the host is resolved."""
    if len(url) > URL_MAX:
        raise InvalidInput(f"must be at most {URL_MAX} characters", field="url")
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        raise InvalidInput("must not contain spaces or control characters", field="url")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError as exc:
        raise InvalidInput("is not a valid URL", field="url") from exc
    schemes = ("https", "http") if allow_local else ("https",)
    if parts.scheme not in schemes:
        raise InvalidInput("must start with https://", field="url")
    if not parts.hostname:
        raise InvalidInput("must name a host, e.g. https://tool.example.com/hooks", field="url")
    if parts.username is not None or parts.password is not None:
        raise InvalidInput("must not carry a user name or password", field="url")
    if parts.fragment:
        raise InvalidInput("must not have a #fragment", field="url")
    literal = _literal_address(parts.hostname)
    if literal is not None and not address_allowed(literal, allow_local=allow_local):
        raise InvalidInput(refusal(literal), field="url")
    return url


def _literal_address(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def address_allowed(address: IpAddress, *, allow_local: bool) -> bool:
    """Public unicast addresses only, unless local targets are allowed: never loopback,
    private, link-local (cloud metadata lives there), shared, reserved or multicast."""
    if allow_local:
        return True
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address.is_global and not address.is_multicast


def refusal(address: IpAddress) -> str:
    return (
        f"resolves to {address}, a loopback, private or link-local address: webhooks go to "
        "public addresses only"
    )


@dataclass(frozen=True)
class Webhook:
    id: UUID
    practice_id: UUID
    url: str
    event_types: tuple[str, ...]
    created_at: datetime
    created_by: UUID | None

    @classmethod
    def new(
        cls,
        *,
        practice_id: UUID,
        url: str,
        event_types: tuple[str, ...],
        at: datetime,
        by: UUID | None,
    ) -> Webhook:
        return cls(
            id=uuid.uuid4(),
            practice_id=practice_id,
            url=url,
            event_types=tuple(sorted(set(event_types))),
            created_at=at,
            created_by=by,
        )


@dataclass(frozen=True)
class RetryPolicy:
    """How a failed delivery is tried again: the first retry after ``first_seconds``,
    doubling up to ``max_seconds``, each with up to a fifth of jitter, so that a receiver
    coming back is not met by every delivery at once. (For how long: each delivery's
    ``give_up_at``, a day after the event by default.)"""

    first_seconds: float
    max_seconds: float

    def next_attempt(
        self, *, attempts: int, now: datetime, jitter: float | None = None
    ) -> datetime:
        """When to try again after ``attempts`` failed attempts."""
        delay = min(self.first_seconds * 2 ** max(attempts - 1, 0), self.max_seconds)
        spread = random.uniform(0, 0.2) if jitter is None else jitter
        return now + timedelta(seconds=delay * (1 + spread))
