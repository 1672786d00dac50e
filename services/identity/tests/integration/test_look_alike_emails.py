"""Look-alike email addresses (issue 8, finding 8): an address whose confusable skeleton
(Unicode TR39) matches another account's in the practice is refused with 409 naming
``email`` and the address it looks like; non-ASCII addresses come with an ASCII form;
RFC 5321's lengths are enforced."""

from __future__ import annotations

import uuid

from services.identity.tests.integration.conftest import Portal, Tenant

CLIENTS = "/api/v1/identity/clients"
CYRILLIC_E = "\u0435"


def _person(email: str) -> dict[str, str]:
    return {"first_name": "Robin", "last_name": "Client", "email": email}


async def _client_count(portal: Portal, tenant: Tenant) -> int:
    return int(
        await portal.db.fetchval(
            "SELECT count(*) FROM identity.accounts WHERE practice_id = $1", tenant.practice.id
        )
    )


async def test_inviting_a_look_alike_of_a_clients_address_is_refused_naming_it(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    tag = uuid.uuid4().hex[:6]
    latin = f"secprobe{tag}@example.com"
    await portal.post(staff, CLIENTS, _person(latin), expect=201)
    before = await _client_count(portal, tenant)
    look_alike = latin.replace("e", CYRILLIC_E, 1)
    refused = await portal.post(staff, CLIENTS, _person(look_alike))
    assert refused["_status"] == 409, refused
    assert [e["field"] for e in refused["errors"]] == ["email"]
    assert latin in refused["detail"]
    assert await _client_count(portal, tenant) == before


async def test_a_look_alike_is_refused_for_new_staff_and_for_a_changed_email(
    portal: Portal, tenant: Tenant
) -> None:
    admin = await portal.staff_session(tenant, tenant.admin)
    client, _ = await portal.invite(admin)
    look_alike = tenant.clinician.email.replace("c", "\u0441", 1)  # Cyrillic es
    staff = await portal.post(
        admin,
        "/api/v1/identity/staff",
        {**_person(look_alike), "role": "clinician"},
    )
    assert staff["_status"] == 409 and [e["field"] for e in staff["errors"]] == ["email"]
    changed = await portal.post(
        admin, f"{CLIENTS}/{client['id']}", {"email": look_alike}, method="PATCH"
    )
    assert changed["_status"] == 409 and tenant.clinician.email in changed["detail"]


async def test_another_practices_look_alike_is_no_conflict_and_shows_its_ascii_form(
    portal: Portal, tenant: Tenant
) -> None:
    ours = await portal.staff_session(tenant, tenant.clinician)
    latin = f"secprobe{uuid.uuid4().hex[:6]}@example.com"
    await portal.post(ours, CLIENTS, _person(latin), expect=201)
    other = await portal.tenant()
    theirs = await portal.staff_session(other, other.clinician)
    look_alike = latin.replace("e", CYRILLIC_E, 1)
    created = await portal.post(theirs, CLIENTS, _person(look_alike), expect=201)
    assert created["email"] == look_alike
    assert created["email_non_ascii"] is True and created["email_ascii"] == look_alike

    plain = await portal.post(ours, CLIENTS, _person(f"ü-{uuid.uuid4().hex[:6]}@bücher.example"))
    assert plain["email_ascii"].endswith("@xn--bcher-kva.example")
    assert plain["email_non_ascii"] is True
    listed = await portal.get(ours, CLIENTS + "?q=secprobe", expect=200)
    assert [c["email_non_ascii"] for c in listed] == [False]


async def test_rfc_5321_lengths_are_enforced(portal: Portal, tenant: Tenant) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    tag = uuid.uuid4().hex[:8]
    too_long = await portal.post(staff, CLIENTS, _person(tag + "a" * 57 + "@example.com"))
    assert too_long["_status"] == 422 and too_long["errors"][0]["field"] == "email"
    await portal.post(staff, CLIENTS, _person(tag + "a" * 56 + "@example.com"), expect=201)


async def test_an_address_with_non_latin_letters_gets_its_invitation_and_logs_in(
    portal: Portal, tenant: Tenant
) -> None:
    # RFC 6531 (SMTPUTF8): mail servers of today take such addresses, as the local inbox does.
    staff = await portal.staff_session(tenant, tenant.clinician)
    email = f"zoë.{uuid.uuid4().hex[:6]}@example.com"
    client, invite = await portal.invite(staff, email=email)
    assert client["email_non_ascii"] is True
    _, me = await portal.activate(invite, slug=tenant.practice.slug)
    assert me["account"]["email"] == email
