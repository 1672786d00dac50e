"""Admins change the team: names and roles, deactivation (every session ends at once) and
reactivation; nobody removes their own admin access and a practice keeps an active admin."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import aiohttp

from services.identity.tests.integration.conftest import Portal, Staff, Tenant, link_token

STAFF = "/api/v1/identity/staff"
SESSIONS = "/api/v1/identity/sessions"
ME = "/api/v1/identity/me"
NEW_PASSWORD = "copper-harbor-lantern-66"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


async def _announced(portal: Portal, staff_id: uuid.UUID | str) -> list[dict[str, Any]]:
    """The data of every staff.updated event about ``staff_id``, oldest first."""
    rows = await portal.db.fetch(
        "SELECT envelope FROM identity.outbox WHERE type = 'staff.updated'"
        " AND envelope->>'subject' = $1 ORDER BY seq",
        str(staff_id),
    )
    return [_json(r["envelope"])["data"] for r in rows]


async def _account(portal: Portal, account_id: uuid.UUID) -> Any:
    return await portal.db.fetchrow(
        "SELECT role, status, first_name FROM identity.accounts WHERE id = $1", account_id
    )


async def _live_sessions(portal: Portal, account_id: uuid.UUID) -> int:
    count: int = await portal.db.fetchval(
        "SELECT count(*) FROM identity.sessions WHERE account_id = $1 AND revoked_at IS NULL",
        account_id,
    )
    return count


async def _sign_in(portal: Portal, tenant: Tenant, staff: Staff) -> dict[str, Any]:
    return await portal.post(
        portal.http(),
        SESSIONS,
        {
            "practice": tenant.practice.slug,
            "email": staff.email,
            "password": staff.password,
            "client": "mobile",
        },
    )


async def _conflict(http: aiohttp.ClientSession, method: str, path: str, body: Any) -> Any:
    async with http.request(method, path, json=body) as response:
        assert response.status == 409, await response.text()
        assert response.content_type == "application/problem+json"
        return await response.json(content_type=None)


async def test_an_admin_renames_a_clinician_and_makes_them_an_admin_and_it_is_announced(
    portal: Portal, tenant: Tenant
) -> None:
    admin = await portal.staff_session(tenant, tenant.admin)
    member = tenant.clinician.account

    changed = await portal.post(
        admin,
        f"{STAFF}/{member.id}",
        {"first_name": "Alex", "role": "admin"},
        method="PATCH",
        expect=200,
    )

    assert changed["first_name"] == "Alex" and changed["role"] == "admin"
    assert changed["last_name"] == member.last_name and changed["status"] == "active"
    row = await _account(portal, member.id)
    assert (row["role"], row["first_name"]) == ("admin", "Alex")
    [event] = await _announced(portal, member.id)
    assert event == {
        "practice_id": str(tenant.practice.id),
        "staff_id": str(member.id),
        "role": "admin",
        "first_name": "Alex",
        "last_name": member.last_name,
        "email": member.email,
        "active": True,
    }
    [audited] = await portal.audit_rows(action="staff.updated", resource=f"staff:{member.id}")
    assert audited["actor_id"] == tenant.admin.account.id
    assert _json(audited["detail"])["fields"] == ["first_name", "role"]


async def test_a_bad_change_is_refused_naming_the_field_and_changes_nothing(
    portal: Portal, tenant: Tenant
) -> None:
    admin = await portal.staff_session(tenant, tenant.admin)
    path = f"{STAFF}/{tenant.clinician.account.id}"
    for body in ({"role": "owner"}, {"first_name": "<b>"}, {}, {"email": "x@example.com"}):
        refused = await portal.post(admin, path, body, method="PATCH")
        assert refused["_status"] == 422, (body, refused)
    refused = await portal.post(admin, f"{STAFF}/not-a-uuid", {"role": "admin"}, method="PATCH")
    assert refused["_status"] == 422
    assert (await _account(portal, tenant.clinician.account.id))["role"] == "clinician"
    assert await _announced(portal, tenant.clinician.account.id) == []


async def test_deactivating_a_team_member_ends_all_their_sessions_at_once(
    portal: Portal, tenant: Tenant
) -> None:
    phone = await portal.staff_session(tenant, tenant.clinician)
    laptop = await portal.staff_session(tenant, tenant.clinician)
    admin = await portal.staff_session(tenant, tenant.admin)
    member = tenant.clinician.account

    gone = await portal.post(admin, f"{STAFF}/{member.id}/deactivate", None, expect=200)

    assert gone["status"] == "disabled"
    assert await _live_sessions(portal, member.id) == 0
    for http in (phone, laptop):
        await portal.get(http, ME, expect=401)
        await portal.get(http, "/api/v1/identity/clients", expect=401)
    refused = await _sign_in(portal, tenant, tenant.clinician)
    assert refused["_status"] == 401
    [event] = await _announced(portal, member.id)
    assert event["active"] is False and event["role"] == "clinician"
    [audited] = await portal.audit_rows(action="staff.deactivated", resource=f"staff:{member.id}")
    assert _json(audited["detail"]) == {"sessions_ended": 2}
    # Deactivating again changes nothing and announces nothing.
    await portal.post(admin, f"{STAFF}/{member.id}/deactivate", None, expect=200)
    assert len(await _announced(portal, member.id)) == 1


async def test_a_reactivated_team_member_logs_in_again_but_old_sessions_stay_ended(
    portal: Portal, tenant: Tenant
) -> None:
    old = await portal.staff_session(tenant, tenant.clinician)
    admin = await portal.staff_session(tenant, tenant.admin)
    member = tenant.clinician.account
    await portal.post(admin, f"{STAFF}/{member.id}/deactivate", None, expect=200)

    back = await portal.post(admin, f"{STAFF}/{member.id}/reactivate", None, expect=200)

    assert back["status"] == "active"
    await portal.get(old, ME, expect=401)
    fresh = await portal.staff_session(tenant, tenant.clinician)
    assert (await portal.get(fresh, ME, expect=200))["id"] == str(member.id)
    events = await _announced(portal, member.id)
    assert [e["active"] for e in events] == [False, True]
    [audited] = await portal.audit_rows(action="staff.reactivated", resource=f"staff:{member.id}")
    assert _json(audited["detail"]) == {"status": "active"}
    problem = await _conflict(admin, "POST", f"{STAFF}/{member.id}/reactivate", None)
    assert problem["reason"] == "not_disabled"
    assert problem["detail"] == "This team member is not deactivated: there is nothing to restore."


async def test_a_reactivated_team_member_who_never_set_a_password_gets_a_new_setup_link(
    portal: Portal, tenant: Tenant
) -> None:
    admin = await portal.staff_session(tenant, tenant.admin)
    email = f"new-{uuid.uuid4().hex[:8]}@example.com"
    added = await portal.post(
        admin,
        STAFF,
        {"first_name": "Jo", "last_name": "New", "email": email, "role": "clinician"},
        expect=201,
    )
    first_link = link_token((await portal.smtp.wait_for(email))[0])
    await portal.post(admin, f"{STAFF}/{added['id']}/deactivate", None, expect=200)

    back = await portal.post(admin, f"{STAFF}/{added['id']}/reactivate", None, expect=200)

    assert back["status"] == "invited"
    second_link = link_token((await portal.smtp.wait_for(email, count=2))[1])
    change = {"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD}
    confirm = "/api/v1/identity/password-resets/confirm"
    stale = await portal.post(portal.http(), confirm, {"token": first_link, **change})
    assert stale["_status"] == 410
    await portal.post(portal.http(), confirm, {"token": second_link, **change}, expect=204)
    assert (await _account(portal, uuid.UUID(added["id"])))["status"] == "active"
    assert [e["active"] for e in await _announced(portal, added["id"])] == [False, True]


async def test_an_admin_cannot_demote_or_deactivate_themself(
    portal: Portal, tenant: Tenant
) -> None:
    admin = await portal.staff_session(tenant, tenant.admin)
    me = tenant.admin.account
    await portal.add_staff(tenant.practice, "admin")  # another admin: not the last one

    demote = await _conflict(admin, "PATCH", f"{STAFF}/{me.id}", {"role": "clinician"})
    deactivate = await _conflict(admin, "POST", f"{STAFF}/{me.id}/deactivate", None)

    for problem in (demote, deactivate):
        assert problem["reason"] == "own_access"
        assert "your own admin access" in problem["detail"]
    assert tuple(await _account(portal, me.id)) == ("admin", "active", me.first_name)
    await portal.get(admin, ME, expect=200)  # still signed in
    renamed = await portal.post(
        admin, f"{STAFF}/{me.id}", {"last_name": "Rivera"}, method="PATCH", expect=200
    )
    assert renamed["last_name"] == "Rivera" and renamed["role"] == "admin"


async def test_the_last_active_admin_cannot_be_demoted_or_deactivated(
    portal: Portal, tenant: Tenant
) -> None:
    other = await portal.add_staff(tenant.practice, "admin")
    admin = await portal.staff_session(tenant, tenant.admin)
    # As if a concurrent change had just demoted the caller: their token still says admin,
    # but the practice's only active admin is now the other one.
    await portal.db.execute(
        "UPDATE identity.accounts SET role = 'clinician' WHERE id = $1", tenant.admin.account.id
    )
    path = f"{STAFF}/{other.account.id}"

    demote = await _conflict(admin, "PATCH", path, {"role": "clinician"})
    deactivate = await _conflict(admin, "POST", path + "/deactivate", None)

    for problem in (demote, deactivate):
        assert problem["reason"] == "last_admin"
        assert "at least one active admin" in problem["detail"]
    assert tuple(await _account(portal, other.account.id))[:2] == ("admin", "active")
    assert await _announced(portal, other.account.id) == []


async def test_two_admins_demoting_each_other_at_once_leave_the_practice_one_admin(
    portal: Portal, tenant: Tenant
) -> None:
    other = await portal.add_staff(tenant.practice, "admin")
    first = await portal.staff_session(tenant, tenant.admin)
    second = await portal.staff_session(tenant, other)
    # Both sessions are due a "last seen" write, as in real use (more rows locked).
    await portal.db.execute(
        "UPDATE identity.sessions SET last_seen_at = now() - interval '1 minute'"
        " WHERE practice_id = $1",
        tenant.practice.id,
    )

    answers = await asyncio.gather(
        portal.post(first, f"{STAFF}/{other.account.id}", {"role": "clinician"}, method="PATCH"),
        portal.post(second, f"{STAFF}/{tenant.admin.account.id}/deactivate", None),
    )

    statuses = sorted(a["_status"] for a in answers)
    assert statuses[0] == 200 and statuses[1] in (401, 409), answers
    admins = await portal.db.fetchval(
        "SELECT count(*) FROM identity.accounts WHERE practice_id = $1 AND role = 'admin'"
        " AND status = 'active'",
        tenant.practice.id,
    )
    assert admins == 1


async def test_a_demoted_admin_is_signed_out_and_comes_back_as_a_clinician(
    portal: Portal, tenant: Tenant
) -> None:
    other = await portal.add_staff(tenant.practice, "admin")
    theirs = await portal.staff_session(tenant, other)
    admin = await portal.staff_session(tenant, tenant.admin)

    await portal.post(
        admin, f"{STAFF}/{other.account.id}", {"role": "clinician"}, method="PATCH", expect=200
    )

    # Their access token still said admin: the session ends so no admin power lingers.
    await portal.get(theirs, STAFF, expect=401)
    again = await portal.staff_session(tenant, other)
    assert (await portal.get(again, ME, expect=200))["role"] == "clinician"
    await portal.get(again, STAFF, expect=403)
    [event] = await _announced(portal, other.account.id)
    assert event["role"] == "clinician" and event["active"] is True


async def test_only_admins_change_the_team_and_only_their_own_practices(
    portal: Portal, tenant: Tenant
) -> None:
    clinician = await portal.staff_session(tenant, tenant.clinician)
    client, invite = await portal.invite(clinician)
    client_http, _ = await portal.activate(invite, slug=tenant.practice.slug)
    other = await portal.tenant()
    other_admin = await portal.staff_session(other, other.admin)
    admin = await portal.staff_session(tenant, tenant.admin)
    target = tenant.admin.account.id  # what a clinician would most like to change

    for http, expected in ((clinician, 403), (client_http, 403), (other_admin, 404)):
        for member in (target, tenant.clinician.account.id):
            patched = await portal.post(
                http, f"{STAFF}/{member}", {"role": "clinician"}, method="PATCH"
            )
            assert patched["_status"] == expected, patched
            for action in ("deactivate", "reactivate"):
                answer = await portal.post(http, f"{STAFF}/{member}/{action}", None)
                assert answer["_status"] == expected, (action, answer)
    # A client's id, or no one's, is not a team member.
    for missing in (client["id"], uuid.uuid4()):
        for action in ("deactivate", "reactivate"):
            answer = await portal.post(admin, f"{STAFF}/{missing}/{action}", None)
            assert answer["_status"] == 404
        patched = await portal.post(admin, f"{STAFF}/{missing}", {"role": "admin"}, method="PATCH")
        assert patched["_status"] == 404
    assert tuple(await _account(portal, target))[:2] == ("admin", "active")
    assert (await _account(portal, uuid.UUID(client["id"])))["role"] == "client"
    await portal.get(clinician, ME, expect=200)
