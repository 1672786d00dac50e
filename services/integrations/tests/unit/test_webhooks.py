"""Webhook rules without I/O: which URLs and addresses, the signature, the retry delays."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.integrations.consumers import webhook_body
from services.integrations.domain.webhooks import (
    RetryPolicy,
    address_allowed,
    check_url,
    new_secret,
    sign,
)
from shared.errors import InvalidInput
from shared.events.catalog import ClientActivated
from shared.events.envelope import envelope_for, parse_envelope

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "url",
    [
        "http://tool.example.com/hook",  # plain http
        "ftp://tool.example.com/hook",
        "https:///hook",
        "https://user:pass@tool.example.com/hook",
        "https://tool.example.com/hook#part",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::ffff:127.0.0.1]/hook",
        "https://tool.example.com:99999/hook",
        "https://tool.example.com/a b",
        "https://tool.example.com/" + "a" * 2000,
    ],
)
def test_a_url_a_webhook_may_not_use_in_production_is_refused_naming_the_field(url: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_url(url, allow_local=False)
    assert refused.value.field == "url"


def test_an_https_url_to_a_public_host_is_accepted_and_local_ones_only_where_allowed() -> None:
    assert check_url("https://tool.example.com/hooks?x=1", allow_local=False)
    assert check_url("https://93.184.216.34:8443/hooks", allow_local=False)
    assert check_url("http://127.0.0.1:8000/hook", allow_local=True)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "::"],
)  # fmt: skip
def test_loopback_private_link_local_shared_and_multicast_addresses_are_not_targets(
    address: str,
) -> None:
    ip = ipaddress.ip_address(address)
    assert not address_allowed(ip, allow_local=False)
    assert address_allowed(ip, allow_local=True)


def test_public_addresses_are_targets() -> None:
    for address in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"):
        assert address_allowed(ipaddress.ip_address(address), allow_local=False)


def test_the_signature_is_hmac_sha256_over_the_timestamp_a_dot_and_the_raw_body() -> None:
    secret, body = new_secret(), b'{"id":"e-1"}'
    header = sign(secret, timestamp=1700000000, body=body)
    expected = hmac.new(secret.encode(), b"1700000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"
    assert secret.startswith("whsec_") and len(secret) > 40
    assert sign(secret, timestamp=1700000001, body=body) != header


def test_retries_double_from_the_first_delay_up_to_the_cap_with_at_most_a_fifth_of_jitter() -> None:
    policy = RetryPolicy(first_seconds=10, max_seconds=3600)
    delays = [
        (policy.next_attempt(attempts=n, now=NOW, jitter=0) - NOW).total_seconds()
        for n in range(1, 12)
    ]
    assert delays[:5] == [10, 20, 40, 80, 160]
    assert delays[-1] == 3600
    late = policy.next_attempt(attempts=1, now=NOW)
    assert NOW + timedelta(seconds=10) <= late <= NOW + timedelta(seconds=12)


def test_the_body_a_receiver_gets_is_the_cloudevent_with_its_data_untouched() -> None:
    event = ClientActivated(practice_id=uuid.uuid4(), client_id=uuid.uuid4())
    sent = envelope_for(event, source="identity", subject="s-1")
    body = json.loads(webhook_body(parse_envelope(json.dumps(sent).encode())))
    assert body["id"] == sent["id"] and body["type"] == "client.activated"
    assert body["data"] == sent["data"]
    assert body["specversion"] == "1.0" and body["subject"] == "s-1"
    assert "requestid" not in body  # empty optional attributes are left out
