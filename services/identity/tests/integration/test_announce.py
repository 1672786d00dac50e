"""Announcing a practice again: every service's directory can catch up on what it missed."""

from __future__ import annotations

import json
from typing import Any

from services.identity.service.announce import announce_by_slug
from services.identity.service.demo import seed_demo
from services.identity.service.runtime import Origin
from services.identity.tests.integration.conftest import Portal, Tenant


async def _announced(portal: Portal, practice_id: str, after: int) -> list[dict[str, Any]]:
    rows = await portal.db.fetch(
        "SELECT envelope FROM identity.outbox WHERE seq > $1"
        " AND envelope->'data'->>'practice_id' = $2 ORDER BY seq",
        after,
        practice_id,
    )
    return [json.loads(r["envelope"]) if isinstance(r["envelope"], str) else r["envelope"]
            for r in rows]  # fmt: skip


async def _last_seq(portal: Portal) -> int:
    return int(await portal.db.fetchval("SELECT coalesce(max(seq), 0) FROM identity.outbox"))


async def test_announcing_writes_the_practice_its_staff_and_each_client_as_they_are_now(
    portal: Portal, tenant: Tenant
) -> None:
    _, _, invite = await portal.active_client(tenant)
    before = await _last_seq(portal)

    practice, count = await announce_by_slug(portal.idp, tenant.practice.slug)

    events = await _announced(portal, str(tenant.practice.id), before)
    kinds = [e["type"] for e in events]
    assert count == len(events)
    assert kinds.count("practice.updated") == 1
    assert kinds.count("staff.updated") == 2  # the admin and the clinician
    client = [e for e in events if e["type"] == "client.updated"]
    assert [e["data"]["email"] for e in client] == [invite.email]
    assert kinds.count("client.activated") == 1
    assert practice.id == tenant.practice.id
    assert not any("password" in json.dumps(e) or "pin" in e["data"] for e in events)


async def test_seeding_the_demo_again_announces_it_instead_of_doing_nothing(
    portal: Portal,
) -> None:
    practice, _ = await seed_demo(portal.idp, origin=Origin())
    before = await _last_seq(portal)
    again, _ = await seed_demo(portal.idp, origin=Origin())
    kinds = [e["type"] for e in await _announced(portal, str(practice.id), before)]
    assert again.id == practice.id
    assert sorted(set(kinds)) == [
        "client.activated", "client.updated", "practice.updated", "staff.updated"
    ]  # fmt: skip
    assert "practice.created" not in kinds and "client.invited" not in kinds
