"""Staff find a client by part of a name or email, one page at a time, in their practice only."""

from __future__ import annotations

from services.identity.tests.integration.conftest import Portal, Tenant

CLIENTS = "/api/v1/identity/clients"


def names(found: list[dict[str, str]]) -> list[str]:
    return [f"{c['first_name']} {c['last_name']}" for c in found]


async def test_a_search_matches_part_of_a_name_or_an_email_in_any_case(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    await portal.invite(staff, first_name="Robin", last_name="Walker", email="rw@example.com")
    await portal.invite(staff, first_name="Jo", last_name="Tanaka", email="jo.walk@example.org")
    await portal.invite(staff, first_name="Sam", last_name="Other", email="sam@example.net")

    by_name = await portal.get(staff, f"{CLIENTS}?q=WALKER", expect=200)
    by_email = await portal.get(staff, f"{CLIENTS}?q=walk", expect=200)
    full_name = await portal.get(staff, f"{CLIENTS}?q=robin%20walker", expect=200)

    assert names(by_name) == ["Robin Walker"]
    assert names(by_email) == ["Jo Tanaka", "Robin Walker"]
    assert names(full_name) == ["Robin Walker"]


async def test_like_wildcards_in_a_search_are_taken_literally(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    await portal.invite(staff, first_name="Robin", last_name="Walker")

    assert await portal.get(staff, f"{CLIENTS}?q=%25", expect=200) == []
    assert await portal.get(staff, f"{CLIENTS}?q=_", expect=200) == []


async def test_a_search_never_finds_another_practices_client(portal: Portal) -> None:
    ours, theirs = await portal.tenant(), await portal.tenant()
    our_staff = await portal.staff_session(ours, ours.clinician)
    their_staff = await portal.staff_session(theirs, theirs.clinician)
    await portal.invite(their_staff, first_name="Unique", last_name="Zebedee")

    assert await portal.get(our_staff, f"{CLIENTS}?q=Zebedee", expect=200) == []
    assert names(await portal.get(their_staff, f"{CLIENTS}?q=Zebedee", expect=200)) == [
        "Unique Zebedee"
    ]


async def test_pages_follow_each_other_by_name_and_a_client_cannot_list(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    for last in ("Adams", "Baker", "Clark"):
        await portal.invite(staff, first_name="Pat", last_name=last)

    first = await portal.get(staff, f"{CLIENTS}?limit=2&offset=0", expect=200)
    second = await portal.get(staff, f"{CLIENTS}?limit=2&offset=2", expect=200)
    assert names(first) + names(second) == ["Pat Adams", "Pat Baker", "Pat Clark"]

    client_http, _, _ = await portal.active_client(tenant)
    await portal.get(client_http, f"{CLIENTS}?q=Pat", expect=403)
