"""Settings come from GATEWAY_* and the shared PORTAL_* variables."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.settings import GatewaySettings


def test_defaults_route_every_service_on_its_local_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GATEWAY_UPSTREAMS", raising=False)
    settings = GatewaySettings()

    assert settings.port == 8080
    assert settings.upstreams["identity"] == "http://127.0.0.1:8101"
    assert settings.upstreams["billing"] == "http://127.0.0.1:8105"
    assert settings.max_body_bytes == 1_048_576
    assert settings.upstream_timeout_seconds == 15.0
    assert settings.web_root.parts[-2:] == ("web", "dist")


def test_environment_variables_override_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_UPSTREAMS", '{"billing": "http://billing:8105/"}')
    monkeypatch.setenv("PORTAL_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.1")
    monkeypatch.setenv("GATEWAY_AUTH_RATE_PER_MINUTE", "5")
    monkeypatch.setenv("GATEWAY_HSTS", "true")
    monkeypatch.setenv("PORTAL_JWKS_URL", "http://identity:8101/.well-known/jwks.json")
    monkeypatch.setenv("PORTAL_TOKEN_ISSUER", "my-portal")

    settings = GatewaySettings()

    assert settings.upstreams == {"billing": "http://billing:8105"}
    assert settings.trusted_proxies == ["10.0.0.0/8", "192.168.1.1"]
    assert settings.auth_rate_per_minute == 5
    assert settings.hsts is True
    assert settings.jwks_url == "http://identity:8101/.well-known/jwks.json"
    assert settings.token_issuer == "my-portal"


@pytest.mark.parametrize(
    "bad",
    [
        {"upstreams": {"Billing!": "http://x"}},
        {"upstreams": {"billing": "ftp://x"}},
        {"trusted_proxies": "not-an-ip"},
    ],
)
def test_bad_settings_fail_at_start(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        GatewaySettings(**bad)
