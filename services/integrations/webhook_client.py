"""The HTTP client that calls practices' webhooks, and nothing else.

A practice chooses the URL, so the portal must not be turned into a way into its own
network: every connection's addresses are checked when they are resolved, right before
connecting (``GuardedResolver``), so a name that resolved to a public address when the
webhook was registered and to 127.0.0.1 now (DNS rebinding) is refused at delivery. No
redirects are followed, no proxy settings or cookies are used.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from services.integrations.domain.webhooks import address_allowed, check_url, refusal
from services.integrations.settings import IntegrationsSettings
from shared.errors import InvalidInput

USER_AGENT = "ClientPortal-Webhooks/1"


class TargetRefused(OSError):
    """The URL's host resolves to an address webhooks may not reach."""


class GuardedResolver(AbstractResolver):
    def __init__(self, *, allow_local: bool) -> None:
        self._inner = ThreadedResolver()
        self._allow_local = allow_local

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        for result in found:
            address = ipaddress.ip_address(result["host"])
            if not address_allowed(address, allow_local=self._allow_local):
                raise TargetRefused(refusal(address))
        return found

    async def close(self) -> None:
        await self._inner.close()


@contextlib.asynccontextmanager
async def webhook_session(settings: IntegrationsSettings) -> AsyncIterator[aiohttp.ClientSession]:
    connector = aiohttp.TCPConnector(
        resolver=GuardedResolver(allow_local=settings.webhook_allow_local),
        use_dns_cache=False,  # every connection resolves (and is checked) afresh
        limit=settings.webhook_concurrency,
    )
    session = aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=settings.webhook_timeout_seconds),
        cookie_jar=aiohttp.DummyCookieJar(),
        trust_env=False,
        headers={"User-Agent": USER_AGENT},
    )
    async with session:
        yield session


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    status: int | None = None  # the receiver's answer, if any
    error: str | None = None  # why it did not count as delivered, for the workspace


async def post(
    session: aiohttp.ClientSession,
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    allow_local: bool,
) -> Outcome:
    """POST once. 2xx is delivered; anything else is a failure in words an admin reads."""
    try:
        check_url(url, allow_local=allow_local)  # a literal address skips the resolver
        async with session.post(url, data=body, headers=headers, allow_redirects=False) as reply:
            await reply.content.read(4096)  # let a small answer finish; ignore the rest
            if 200 <= reply.status < 300:
                return Outcome(delivered=True, status=reply.status)
            words = reply.reason or ""
            if 300 <= reply.status < 400:
                words = "redirects are not followed; register the final URL"
            return Outcome(
                delivered=False, status=reply.status, error=f"HTTP {reply.status} {words}".strip()
            )
    except InvalidInput as exc:
        return Outcome(delivered=False, error=f"URL {exc.detail}")
    except TimeoutError:
        return Outcome(delivered=False, error="no answer in time (timed out)")
    except aiohttp.ClientConnectorError as exc:
        cause = exc.os_error
        if isinstance(cause, TargetRefused):
            return Outcome(delivered=False, error=f"refused: the host {cause}")
        return Outcome(delivered=False, error=f"could not connect: {cause.strerror or cause}")
    except aiohttp.ClientError as exc:
        return Outcome(delivered=False, error=f"connection failed: {type(exc).__name__}")
