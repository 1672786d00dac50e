"""Nobody reaches a thread that is not theirs: a client only their own, a clinician
their own clients' (unless the practice lets every staff member message), nobody
another practice's. Staff reading a client's thread is audited."""

from __future__ import annotations

import json

from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Practice, call
from shared.events.catalog import ClientUpdated


async def test_a_client_cannot_read_or_post_into_another_clients_thread(
    messaging: Service, practice: Practice
) -> None:
    robin = await messaging.world.client(practice)
    kim = await messaging.world.client(practice, first="Kim")
    await messaging.send(practice, practice.clinician, "for Kim only", to=kim)

    await messaging.page(practice, robin, of=kim, expect=403)
    await messaging.send(practice, robin, "intruding", to=kim, expect=403)
    await messaging.post(practice, robin, f"/clients/{kim.id}/read", expect=403)
    for path in ("/threads", "/emails", "/settings"):
        await call(
            messaging.http,
            "GET",
            messaging.api(path),
            headers=messaging.headers(practice, robin),
            expect=403,
        )
    own = await messaging.page(practice, robin)
    assert own["messages"] == [] and own["client_id"] == str(robin.id)
    assert [m["body"] for m in (await messaging.page(practice, kim))["messages"]] == [
        "for Kim only"
    ]


async def test_staff_of_another_practice_find_nothing(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await messaging.send(practice, client, "hello")
    other = await messaging.world.practice(name="Elsewhere Therapy")
    for person in (other.clinician, other.admin):
        await messaging.page(other, person, of=client, expect=404)
        await messaging.send(other, person, "hi", to=client, expect=404)
        inbox = await messaging.get(other, person, "/threads")
        assert inbox["threads"] == [] and inbox["unread"] == 0
        assert (await messaging.get(other, person, "/emails"))["entries"] == []


async def test_a_clinician_opens_only_their_own_clients_until_the_practice_allows_more(
    messaging: Service,
) -> None:
    practice = await messaging.world.practice()
    colleague = await messaging.world.staff(practice.id, "clinician", "Dana")
    client = await messaging.world.client(practice)
    await messaging.send(practice, client, "for Casey")

    refused = await messaging.page(practice, colleague, of=client, expect=403)
    assert "clinician" in refused["detail"]
    assert (await messaging.get(practice, colleague, "/threads"))["threads"] == []
    await messaging.send(practice, colleague, "hi", to=client, expect=403)

    await call(
        messaging.http,
        "PUT",
        messaging.api("/settings"),
        json={"staff_may_message": True},
        headers=messaging.headers(practice, practice.clinician),
        expect=403,
    )
    await call(
        messaging.http,
        "PUT",
        messaging.api("/settings"),
        json={"staff_may_message": True},
        headers=messaging.headers(practice, practice.admin),
        expect=200,
    )
    page = await messaging.page(practice, colleague, of=client)
    assert [m["body"] for m in page["messages"]] == ["for Casey"]
    assert len((await messaging.get(practice, colleague, "/threads"))["threads"]) == 1


async def test_an_admin_answers_a_client_who_has_no_clinician(messaging: Service) -> None:
    practice = await messaging.world.practice()
    client = await messaging.world.client(practice)
    await messaging.world.apply(
        ClientUpdated(
            practice_id=practice.id,
            client_id=client.id,
            clinician_id=None,
            first_name=client.first_name,
            last_name=client.last_name,
            email=client.email,
        )
    )
    await messaging.send(practice, client, "anyone there?")
    await messaging.page(practice, practice.clinician, of=client, expect=403)
    page = await messaging.page(practice, practice.admin, of=client)
    assert [m["body"] for m in page["messages"]] == ["anyone there?"]


async def test_staff_reading_a_thread_is_audited_and_a_client_reading_theirs_is_not(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await messaging.send(practice, client, "hello")
    await messaging.page(practice, client)
    await messaging.page(practice, practice.clinician, of=client)

    async def records() -> list[dict]:
        rows = await messaging.db.fetch(
            "SELECT envelope FROM messaging.outbox WHERE exchange = 'portal.audit'"
            " AND envelope->'data'->>'client_id' = $1",
            str(client.id),
        )
        return [
            json.loads(r["envelope"])["data"]
            if isinstance(r["envelope"], str)
            else r["envelope"]["data"]
            for r in rows
        ]

    found = await records()
    reads = [r for r in found if r["action"] == "message_thread.read"]
    assert len(reads) == 1 and reads[0]["actor_id"] == str(practice.clinician.id)
    assert reads[0]["service"] == "messaging" and "hello" not in json.dumps(found)
