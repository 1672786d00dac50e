"""The "Read Secure Message" link: without a password for 15 minutes from sending, for
its one thread only; after that it answers 410 (the web client goes to Log in)."""

from __future__ import annotations

from datetime import timedelta

from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Person, Practice, call, emails_to, message_link
from shared.testing import FrozenClock


async def link_for(messaging: Service, practice: Practice, client: Person, body: str) -> str:
    before = len(messaging.smtp.to(client.email))
    await messaging.send(practice, practice.clinician, body, to=client)
    emails = await emails_to(messaging.smtp, client.email, count=before + 1)
    return message_link(emails[-1])[1]


async def by_link(messaging: Service, path: str, expect: int, **body: str) -> dict:
    return await call(
        messaging.http, "POST", messaging.api(f"/links/{path}"), json=body, expect=expect
    )


async def test_the_link_opens_the_thread_without_a_password_and_takes_a_reply(
    messaging: Service, practice: Practice, clock: FrozenClock
) -> None:
    client = await messaging.world.client(practice)
    token = await link_for(messaging, practice, client, "How was the week?")
    clock.advance(timedelta(minutes=14))

    thread = await by_link(messaging, "open", 200, token=token)
    assert [m["body"] for m in thread["messages"]] == ["How was the week?"]
    assert thread["unread"] == 0, "opening the link reads the message"
    assert await messaging.get(practice, client, "/unread") == {"unread": 0}
    reply = await by_link(messaging, "messages", 201, token=token, body="Better, thanks")
    assert reply["mine"] and reply["sender_role"] == "client"

    seen = await messaging.page(practice, practice.clinician, of=client)
    assert [m["body"] for m in seen["messages"]] == ["Better, thanks", "How was the week?"]
    assert seen["messages"][1]["read"], "the clinician sees the client read it"


async def test_after_fifteen_minutes_the_same_link_leads_to_log_in(
    messaging: Service, practice: Practice, clock: FrozenClock
) -> None:
    client = await messaging.world.client(practice)
    token = await link_for(messaging, practice, client, "See you Monday")
    clock.advance(timedelta(minutes=15))

    expired = await by_link(messaging, "open", 410, token=token)
    assert expired["type"].endswith("/link-expired")
    assert "Log in" in expired["detail"]
    await by_link(messaging, "messages", 410, token=token, body="too late")
    page = await messaging.page(practice, client)
    assert [m["body"] for m in page["messages"]] == ["See you Monday"], "nothing was posted"


async def test_each_message_has_its_own_fifteen_minutes(
    messaging: Service, practice: Practice, clock: FrozenClock
) -> None:
    client = await messaging.world.client(practice)
    first = await link_for(messaging, practice, client, "one")
    clock.advance(timedelta(minutes=10))
    second = await link_for(messaging, practice, client, "two")
    clock.advance(timedelta(minutes=6))
    await by_link(messaging, "open", 410, token=first)
    await by_link(messaging, "open", 200, token=second)


async def test_a_link_nobody_issued_or_a_malformed_one_opens_nothing(messaging: Service) -> None:
    unknown = await by_link(messaging, "open", 404, token="A" * 43)
    assert "not valid" in unknown["detail"]
    bad = await by_link(messaging, "open", 422, token="not a token!")
    assert bad["errors"][0]["field"] == "token"


async def test_a_link_is_no_session_for_anything_else(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    token = await link_for(messaging, practice, client, "hello")
    as_bearer = {"Authorization": f"Bearer {token}"}
    for path in ("/messages", "/unread", "/threads", "/emails"):
        await call(messaging.http, "GET", messaging.api(path), headers=as_bearer, expect=401)
    await call(messaging.http, "GET", messaging.api("/messages"), expect=401)


async def test_a_link_cannot_be_pointed_at_another_thread(
    messaging: Service, practice: Practice
) -> None:
    mine = await messaging.world.client(practice)
    other = await messaging.world.client(practice, first="Kim")
    await messaging.send(practice, practice.clinician, "private to Kim", to=other)
    token = await link_for(messaging, practice, mine, "for Robin")

    sneaky = await by_link(messaging, "open", 422, token=token, thread_id=str(other.id))
    assert sneaky["errors"][0]["field"] == "thread_id"
    opened = await by_link(messaging, "open", 200, token=token)
    assert opened["client_id"] == str(mine.id)
    assert [m["body"] for m in opened["messages"]] == ["for Robin"]
    await by_link(messaging, "messages", 201, token=token, body="reply")
    kims = await messaging.page(practice, other)
    assert [m["body"] for m in kims["messages"]] == ["private to Kim"]


async def test_a_disabled_clients_link_opens_nothing(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    token = await link_for(messaging, practice, client, "hello")
    await messaging.world.deactivate(practice, client)
    await by_link(messaging, "open", 404, token=token)
    await by_link(messaging, "messages", 404, token=token, body="hi")
