"""Changes that meet: no lost update, no deadlock, no 500 when two requests race.

Each race is made certain rather than hoped for: the test holds a row lock of its own,
lets the requests pile up behind it (PostgreSQL says when they wait), then lets go.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg

from services.identity.tests.integration.conftest import (
    CLIENT_PASSWORD,
    Portal,
    StartPortal,
    Tenant,
    link_token,
)
from shared.testing import eventually

CLIENTS = "/api/v1/identity/clients"
SESSIONS = "/api/v1/identity/sessions"
NEW = "copper-harbor-lantern-66"


@contextlib.asynccontextmanager
async def row_held(db: asyncpg.Pool, query: str, *args: Any) -> AsyncIterator[None]:
    """Hold ``FOR UPDATE`` on the rows of ``query`` until the block ends."""
    async with db.acquire() as conn, conn.transaction():
        await conn.execute(query + " FOR UPDATE", *args)
        yield


async def waiting_for_locks(db: asyncpg.Pool, count: int) -> None:
    async def enough() -> bool:
        waiting = await db.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(waiting) >= count

    await eventually(enough, seconds=20)


def started(call: Awaitable[dict[str, Any]]) -> asyncio.Task[dict[str, Any]]:
    return asyncio.ensure_future(call)


async def test_two_staff_editing_one_client_at_once_keep_both_changes(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, _ = await portal.invite(staff)
    path = f"{CLIENTS}/{client['id']}"
    async with row_held(portal.db, "SELECT 1 FROM identity.accounts WHERE id = $1", client["id"]):
        first = started(portal.post(staff, path, {"first_name": "Avery"}, method="PATCH"))
        await waiting_for_locks(portal.db, 1)
        last = started(portal.post(staff, path, {"last_name": "Quinn"}, method="PATCH"))
        await waiting_for_locks(portal.db, 2)
    assert [(await first)["_status"], (await last)["_status"]] == [200, 200]
    now = await portal.get(staff, path, expect=200)
    assert (now["first_name"], now["last_name"]) == ("Avery", "Quinn")


async def test_re_sending_an_invitation_several_times_at_once_leaves_one_working_invitation(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, invite = await portal.invite(staff)
    resend = f"{CLIENTS}/{client['id']}/invitation"
    current = "SELECT 1 FROM identity.invitations WHERE account_id = $1 AND superseded_at IS NULL"
    async with row_held(portal.db, current, uuid.UUID(client["id"])):
        calls = [started(portal.post(staff, resend, {})) for _ in range(3)]
        await waiting_for_locks(portal.db, 3)
    assert [(await call)["_status"] for call in calls] == [202, 202, 202]
    current_invitations = await portal.db.fetchval(
        "SELECT count(*) FROM identity.invitations WHERE account_id = $1 AND superseded_at IS NULL",
        uuid.UUID(client["id"]),
    )
    assert current_invitations == 1
    emails = await portal.smtp.wait_for(invite.email, count=4)
    assert len(emails) == 4


async def test_two_clients_given_one_new_email_at_once_get_one_change_and_one_409_on_email(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    a, _ = await portal.invite(staff)
    b, _ = await portal.invite(staff)
    both = [uuid.UUID(a["id"]), uuid.UUID(b["id"])]
    email = {"email": f"shared-{uuid.uuid4().hex[:8]}@example.com"}
    async with row_held(portal.db, "SELECT 1 FROM identity.accounts WHERE id = ANY($1)", both):
        calls = [started(portal.post(staff, f"{CLIENTS}/{c}", email, method="PATCH")) for c in both]
        await waiting_for_locks(portal.db, 2)
    answers = [await call for call in calls]
    assert sorted(a["_status"] for a in answers) == [200, 409], answers
    refused = next(a for a in answers if a["_status"] == 409)
    assert [e["field"] for e in refused["errors"]] == ["email"]


async def _deactivated_meanwhile(
    portal: Portal, tenant: Tenant, client_id: str, flow: Awaitable[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Deactivate the client while ``flow`` (a set-password step) runs into it: the
    deactivation holds the account and waits on the client's invitation (held here),
    the flow runs into the account; then both go on."""
    admin = await portal.staff_session(tenant, tenant.admin)
    invitation = "SELECT 1 FROM identity.invitations WHERE account_id = $1"
    async with row_held(portal.db, invitation, uuid.UUID(client_id)):
        deactivation = started(portal.post(admin, f"{CLIENTS}/{client_id}/deactivate", {}))
        await waiting_for_locks(portal.db, 1)
        step = started(flow)
        await waiting_for_locks(portal.db, 2)
    return await deactivation, await step


async def test_activating_while_staff_deactivate_the_client_ends_without_a_deadlock(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, invite = await portal.invite(staff)
    grant = await portal.post(
        portal.http(),
        "/api/v1/identity/invitations/accept",
        {
            "practice": tenant.practice.slug,
            "invitation": invite.token,
            "email": invite.email,
            "pin": invite.pin,
        },
        expect=200,
    )
    activation = portal.post(
        portal.http(),
        "/api/v1/identity/invitations/activate",
        {
            "grant": grant["grant"],
            "password": CLIENT_PASSWORD,
            "password_confirmation": CLIENT_PASSWORD,
        },
    )
    deactivated, activated = await _deactivated_meanwhile(portal, tenant, client["id"], activation)
    assert (deactivated["_status"], activated["_status"]) == (200, 410), (deactivated, activated)


async def test_a_reset_while_staff_deactivate_the_client_ends_without_a_deadlock(
    portal: Portal, tenant: Tenant
) -> None:
    _, body, invite = await portal.active_client(tenant)
    await portal.post(
        portal.http(),
        "/api/v1/identity/password-resets",
        {"practice": tenant.practice.slug, "email": invite.email},
        expect=202,
    )
    token = link_token((await portal.smtp.wait_for(invite.email, count=2))[-1])
    reset = portal.post(
        portal.http(),
        "/api/v1/identity/password-resets/confirm",
        {"token": token, "password": NEW, "password_confirmation": NEW},
    )
    client_id = body["account"]["id"]
    deactivated, confirmed = await _deactivated_meanwhile(portal, tenant, client_id, reset)
    assert (deactivated["_status"], confirmed["_status"]) == (200, 410), (deactivated, confirmed)


class ResetWhileChecking:
    """The service's own hasher, with a password reset committed while it checks a
    password: the window between reading the account and starting its session."""

    def __init__(self, hasher: Any, reset: Callable[[], Awaitable[Any]]) -> None:
        self._hasher = hasher
        self._reset: Callable[[], Awaitable[Any]] | None = reset

    def __getattr__(self, name: str) -> Any:
        return getattr(self._hasher, name)

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        ok = await self._hasher.verify(stored_hash, password)
        reset, self._reset = self._reset, None
        if reset is not None:
            await reset()
        return bool(ok)


async def test_a_reset_committed_while_the_old_password_is_checked_starts_no_session(
    portal: Portal, tenant: Tenant, start_portal: StartPortal
) -> None:
    _, _, invite = await portal.active_client(tenant)  # hashed with the cheap test cost
    login = {"practice": tenant.practice.slug, "email": invite.email}
    await portal.post(portal.http(), "/api/v1/identity/password-resets", login, expect=202)
    token = link_token((await portal.smtp.wait_for(invite.email, count=2))[-1])
    # Other argon2 parameters: a successful login would also upgrade the stored hash.
    async with start_portal(argon2_time_cost=2) as upgraded:

        async def reset() -> None:
            change = {"token": token, "password": NEW, "password_confirmation": NEW}
            await upgraded.post(
                upgraded.http(), "/api/v1/identity/password-resets/confirm", change, expect=204
            )

        upgraded.idp.hasher = ResetWhileChecking(upgraded.idp.hasher, reset)  # type: ignore[assignment]
        raced = await upgraded.post(
            upgraded.http(), SESSIONS, {**login, "password": CLIENT_PASSWORD}
        )
        assert raced["_status"] == 401, "the password it gave was replaced meanwhile"
        old = await upgraded.post(upgraded.http(), SESSIONS, {**login, "password": CLIENT_PASSWORD})
        assert old["_status"] == 401, "the old hash was not written back"
        await upgraded.post(upgraded.http(), SESSIONS, {**login, "password": NEW}, expect=200)
    live = await portal.db.fetchval(
        "SELECT count(*) FROM identity.sessions s JOIN identity.accounts a ON a.id = s.account_id"
        " WHERE a.email = $1 AND s.revoked_at IS NULL",
        invite.email,
    )
    assert live == 1, "only the session of the new password"
