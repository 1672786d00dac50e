"""Sign-in endpoints are rate limited per client IP; memory stays bounded."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from gateway.ratelimit import TokenBucketLimiter
from gateway.tests.conftest import MakeGateway, Upstreams
from gateway.tests.upstream import Seen, upstream_app
from shared.testing import running_app


async def _sign_in(gateway: TestClient, *, ip: str | None = None) -> int:
    headers = {"X-Forwarded-For": ip} if ip else {}
    response = await gateway.post("/api/v1/identity/sessions", json={}, headers=headers)
    return response.status


async def test_sign_in_attempts_past_the_burst_get_a_429_with_retry_after(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    gateway = await make_gateway(auth_rate_per_minute=6, auth_burst=3)

    statuses = [await _sign_in(gateway) for _ in range(3)]
    refused = await gateway.post("/api/v1/identity/password-resets", json={})

    assert statuses == [200, 200, 200]
    assert refused.status == 429
    assert refused.content_type == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 10
    assert len(upstreams.requests_to("identity")) == 3


async def test_each_client_ip_has_its_own_bucket(make_gateway: MakeGateway) -> None:
    gateway = await make_gateway(auth_burst=2, trusted_proxies="127.0.0.1")

    first = [await _sign_in(gateway, ip="198.51.100.1") for _ in range(3)]
    second = [await _sign_in(gateway, ip="198.51.100.2") for _ in range(2)]

    assert first == [200, 200, 429]
    assert second == [200, 200]


async def test_an_untrusted_peer_cannot_dodge_the_limit_with_x_forwarded_for(
    make_gateway: MakeGateway,
) -> None:
    gateway = await make_gateway(auth_burst=2)

    statuses = [await _sign_in(gateway, ip=f"198.51.100.{n}") for n in range(3)]

    assert statuses == [200, 200, 429]


async def test_ipv6_clients_of_one_network_share_a_bucket(make_gateway: MakeGateway) -> None:
    # One subscriber gets a whole /64: an address per attempt is free for them.
    gateway = await make_gateway(auth_burst=2, trusted_proxies="127.0.0.1")

    statuses = [await _sign_in(gateway, ip=f"2001:db8:1:2::{n:x}") for n in range(1, 4)]
    other = await _sign_in(gateway, ip="2001:db8:1:3::1")
    mapped = [await _sign_in(gateway, ip=ip) for ip in ("198.51.100.7", "::ffff:198.51.100.7")]
    again = await _sign_in(gateway, ip="198.51.100.7")

    assert statuses == [200, 200, 429]
    assert other == 200
    assert mapped == [200, 200] and again == 429, "an IPv4-mapped address is that IPv4 address"


async def test_refresh_and_logout_are_not_limited(make_gateway: MakeGateway) -> None:
    gateway = await make_gateway(auth_burst=1)

    refreshes = [
        (await gateway.post("/api/v1/identity/sessions/refresh", json={})).status for _ in range(3)
    ]
    logouts = [(await gateway.delete("/api/v1/identity/sessions/current")).status for _ in range(3)]

    assert refreshes == [200, 200, 200]
    assert logouts == [200, 200, 200]


async def test_reads_and_other_endpoints_are_not_limited(make_gateway: MakeGateway) -> None:
    gateway = await make_gateway(auth_burst=1)

    reads = [(await gateway.get("/api/v1/identity/sessions/current")).status for _ in range(3)]
    writes = [(await gateway.post("/api/v1/billing/payments")).status for _ in range(3)]

    assert reads == [200, 200, 200]
    assert writes == [200, 200, 200]


CHECK = "/api/v1/identity/passwords/check"


async def test_password_strength_checks_past_their_burst_get_a_429_with_retry_after(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    # Public, and each check costs identity a zxcvbn run: one address cannot flood it.
    gateway = await make_gateway(password_check_rate_per_minute=6, password_check_burst=3)

    statuses = [(await gateway.post(CHECK, json={})).status for _ in range(3)]
    refused = await gateway.post(CHECK, json={})

    assert statuses == [200, 200, 200]
    assert refused.status == 429
    assert refused.content_type == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 10
    assert len(upstreams.requests_to("identity")) == 3


async def test_strength_checks_and_sign_ins_have_buckets_of_their_own(
    make_gateway: MakeGateway,
) -> None:
    # Typing a new password asks for checks as it goes: that must never use up the
    # sign-in attempts, nor sign-ins the checks.
    gateway = await make_gateway(auth_burst=2, password_check_burst=2)

    checks = [(await gateway.post(CHECK, json={})).status for _ in range(3)]
    sign_ins = [await _sign_in(gateway) for _ in range(3)]

    assert checks == [200, 200, 429]
    assert sign_ins == [200, 200, 429]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_refills_at_the_configured_rate() -> None:
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate_per_minute=60, burst=2, clock=clock)

    assert limiter.take("ip") is None and limiter.take("ip") is None
    assert limiter.take("ip") == 1.0
    clock.now += 1.0
    assert limiter.take("ip") is None


def test_idle_clients_are_forgotten_once_their_bucket_would_be_full() -> None:
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate_per_minute=60, burst=10, clock=clock)
    for n in range(100):
        limiter.take(f"10.0.0.{n}")

    clock.now += 10.0  # ten seconds refill ten tokens
    limiter.take("10.0.1.1")

    assert len(limiter) == 1


def test_the_number_of_clients_tracked_never_passes_the_cap() -> None:
    limiter = TokenBucketLimiter(rate_per_minute=1, burst=5, max_keys=50, clock=FakeClock())

    for n in range(1000):
        limiter.take(f"ip-{n}")

    assert len(limiter) == 50


NEW_CLIENT = "/api/v1/scheduling/practices/harbor/booking/requests"


async def test_new_client_requests_past_their_burst_get_a_429_in_a_bucket_of_their_own(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    # Public and unauthenticated: each request holds a time and emails the clinician, and a
    # practice takes only so many waiting at once; one address must not fill them all.
    seen: list[Seen] = []
    async with running_app(upstream_app("scheduling", seen=seen, jwks={"keys": []})) as url:
        gateway = await make_gateway(
            upstreams={**upstreams.urls, "scheduling": url},
            public_form_rate_per_minute=6,
            public_form_burst=2,
            auth_burst=2,
        )
        statuses = [(await gateway.post(NEW_CLIENT, json={})).status for _ in range(3)]
        other_practice = await gateway.post(NEW_CLIENT.replace("harbor", "meadow"), json={})
        reads = [(await gateway.get(NEW_CLIENT.removesuffix("/requests"))).status for _ in "abc"]
        sign_ins = [await _sign_in(gateway) for _ in range(2)]

    assert statuses == [200, 200, 429] and other_practice.status == 429
    assert 1 <= int(other_practice.headers["Retry-After"]) <= 20
    assert reads == [200, 200, 200]  # open times are read freely
    assert sign_ins == [200, 200]  # the sign-in bucket is untouched
    assert len(seen) == 5
