"""The caller's origin: one rule for who the client is, behind any number of proxies."""

from __future__ import annotations

import pytest

from shared.config import settings_for
from shared.origin import TrustedProxies

PROXIES = TrustedProxies.parse("10.0.0.0/8, ::1")


def test_an_untrusted_peer_is_the_client_whatever_it_forwards() -> None:
    assert PROXIES.client_ip("203.0.113.9", "6.6.6.6") == "203.0.113.9"


def test_behind_trusted_proxies_the_first_untrusted_hop_from_the_nearest_is_the_client() -> None:
    # The client forged "6.6.6.6"; the load balancer appended the real address.
    chain = "6.6.6.6, 198.51.100.7, 10.1.2.3"
    assert PROXIES.client_ip("10.9.9.9", chain) == "198.51.100.7"


def test_a_trusted_peer_without_a_forwarded_header_is_itself_the_client() -> None:
    assert PROXIES.client_ip("::1", None) == "::1"


def test_garbage_in_the_chain_leaves_the_proxy_that_reported_it() -> None:
    assert PROXIES.client_ip("10.0.0.5", "not-an-address, 10.0.0.9") == "10.0.0.9"


def test_no_trusted_proxies_believes_no_header() -> None:
    assert TrustedProxies().client_ip("127.0.0.1", "6.6.6.6") == "127.0.0.1"


def test_the_origin_cuts_a_long_user_agent_and_keeps_the_request_id() -> None:
    origin = PROXIES.origin(
        peer="203.0.113.9", forwarded_for=None, user_agent="x" * 1000, request_id="req-12345678"
    )
    assert origin.ip == "203.0.113.9"
    assert origin.user_agent is not None and len(origin.user_agent) == 300
    assert origin.request_id == "req-12345678"


def test_one_setting_for_every_process_read_from_portal_trusted_proxies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORTAL_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1")
    settings = settings_for("scheduling")()
    assert settings.trusted_proxies == ["10.0.0.0/8", "192.168.1.1"]
    assert settings.proxies.trusts("10.20.30.40")


def test_a_bad_proxy_address_fails_at_start() -> None:
    with pytest.raises(ValueError, match="not-an-ip"):
        settings_for("scheduling")(trusted_proxies="not-an-ip")
