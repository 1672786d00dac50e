"""No PIN or link rests in clear, and what is over is purged."""

from __future__ import annotations

import json
import re
import socket
from datetime import UTC, datetime, timedelta

from services.identity.app import definition, purge_throttle
from services.identity.domain import secrets as tokens
from services.identity.tests.integration.conftest import Portal, StartPortal, Tenant
from shared.service import run_job_once
from shared.testing import eventually

CLIENTS = "/api/v1/identity/clients"


async def test_a_welcome_email_waits_with_its_pin_and_link_encrypted(
    start_portal: StartPortal,
) -> None:
    # No mail server: a port held but never listened on refuses, and nobody can take it.
    with socket.socket() as no_mail_server:
        no_mail_server.bind(("127.0.0.1", 0))
        async with start_portal(smtp_port=no_mail_server.getsockname()[1]) as portal:
            tenant = await portal.tenant()
            staff = await portal.staff_session(tenant, tenant.clinician)
            email = "waiting.client@example.com"
            client = {"first_name": "Wren", "last_name": "Waiting", "email": email}
            await portal.post(staff, CLIENTS, client, expect=201)
            row = await portal.db.fetchrow(
                "SELECT * FROM identity.email_outbox WHERE to_address = $1", email
            )
    assert row["sent_at"] is None and row["key_id"] == portal.idp.keyring.active
    body = json.loads(portal.idp.keyring.decrypt(row["body"], aad=row["id"].bytes))
    pin = re.search(r"^\s+(\d{4})\s*$", body["text"], re.MULTILINE)
    link = re.search(r"invitation=([\w-]+)", body["text"])
    assert pin and link, "the email holds both, only encrypted"
    # Every text and binary column as stored (ids and times cannot hold a secret).
    stored = b"|".join(
        value if isinstance(value, bytes) else value.encode()
        for value in dict(row).values()
        if isinstance(value, str | bytes)
    )
    assert pin.group(1).encode() not in stored
    assert link.group(1).encode() not in stored


async def test_a_sent_email_keeps_no_body(portal: Portal, tenant: Tenant) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    _, invite = await portal.invite(staff)  # in the inbox: the mailer sent it
    query = (
        "SELECT sent_at, body, text_body, html_body FROM identity.email_outbox"
        " WHERE to_address = $1"
    )

    async def marked_sent() -> bool:  # the mailer marks it just after the server took it
        return (await portal.db.fetchrow(query, invite.email))["sent_at"] is not None

    await eventually(marked_sent, seconds=10)
    row = await portal.db.fetchrow(query, invite.email)
    assert (row["body"], row["text_body"], row["html_body"]) == (None, None, None)


async def test_idle_sign_in_counts_are_forgotten_and_recent_or_locked_ones_kept(
    portal: Portal, tenant: Tenant
) -> None:
    now = datetime.now(UTC)
    rows = {
        "idle@example.com": (now - timedelta(days=2), None),
        "recent@example.com": (now - timedelta(minutes=5), None),
        "locked@example.com": (now - timedelta(days=2), now + timedelta(minutes=10)),
    }
    for email, (last_failure, locked_until) in rows.items():
        await portal.db.execute(
            "INSERT INTO identity.login_throttle"
            " (practice_id, email_digest, failures, last_failure_at, locked_until)"
            " VALUES ($1, $2, 3, $3, $4)",
            tenant.practice.id,
            tokens.email_digest(email),
            last_failure,
            locked_until,
        )
    [job] = [j for j in definition().jobs if j.run is purge_throttle]
    assert await run_job_once(portal.idp, job)
    kept = await portal.db.fetch(
        "SELECT email_digest FROM identity.login_throttle WHERE practice_id = $1",
        tenant.practice.id,
    )
    assert {bytes(r["email_digest"]) for r in kept} == {
        tokens.email_digest("recent@example.com"),
        tokens.email_digest("locked@example.com"),
    }
