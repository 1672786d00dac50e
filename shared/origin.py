"""Where a request came from: the client's address behind trusted proxies, its user agent
and its request id. One implementation for the gateway and every service.

``PORTAL_TRUSTED_PROXIES`` lists the addresses or networks of the proxies in front of a
process (a load balancer, an ingress, the gateway itself). ``X-Forwarded-For`` is read
from the nearest hop back; the first hop that is not a trusted proxy is the client. A
peer that is not trusted is the client, whatever it says: a header can be forged by anyone.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
USER_AGENT_MAX = 300


@dataclass(frozen=True)
class Origin:
    """Where a request came from, for the audit log (never a secret)."""

    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not value:
        return None
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


class TrustedProxies:
    """The proxies whose ``X-Forwarded-*`` headers are believed."""

    def __init__(self, networks: Iterable[IpNetwork] = ()) -> None:
        self.networks = tuple(networks)

    @classmethod
    def parse(cls, spec: str | Iterable[str]) -> TrustedProxies:
        """From ``"10.0.0.0/8, 192.168.1.1"`` or a list; ValueError names a bad entry."""
        parts = spec.split(",") if isinstance(spec, str) else spec
        return cls(ipaddress.ip_network(p.strip(), strict=False) for p in parts if p.strip())

    def trusts(self, address: str | None) -> bool:
        if not self.networks:  # none trusted (the default): no address to parse per request
            return False
        ip = _address(address)
        return ip is not None and any(ip in network for network in self.networks)

    def client_ip(self, peer: str | None, forwarded_for: str | None) -> str | None:
        """The client's address: ``peer`` unless it is a trusted proxy, then the first
        hop of ``forwarded_for`` (from the nearest back) that is not one."""
        if not self.trusts(peer):
            return peer
        client = peer
        for hop in reversed([h.strip() for h in (forwarded_for or "").split(",") if h.strip()]):
            if _address(hop) is None:
                break  # garbage from someone: keep the last proxy that spoke for it
            client = hop
            if not self.trusts(hop):
                break
        return client

    def origin(
        self,
        *,
        peer: str | None,
        forwarded_for: str | None,
        user_agent: str | None,
        request_id: str | None,
    ) -> Origin:
        return Origin(
            ip=self.client_ip(peer, forwarded_for),
            user_agent=user_agent[:USER_AGENT_MAX] if user_agent else None,
            request_id=request_id,
        )
