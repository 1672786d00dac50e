"""A client and their clinician write to each other: newest first, paged, unread counts
per reader, "Read" receipts, and the email with the 15-minute link."""

from __future__ import annotations

from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Practice, call, emails_to, message_link
from shared.testing import text_of


async def test_the_clinician_writes_and_the_client_reads_newest_first(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    staff = messaging.headers(practice, practice.clinician)
    mine = messaging.headers(practice, client)
    for text in ("First note", "Second note"):
        await call(
            messaging.http,
            "POST",
            messaging.api(f"/clients/{client.id}/messages"),
            json={"body": text},
            headers=staff,
            expect=201,
        )

    page = await call(messaging.http, "GET", messaging.api("/messages"), headers=mine, expect=200)
    assert [m["body"] for m in page["messages"]] == ["Second note", "First note"]
    assert page["unread"] == 2 and page["clinician_name"] == "Casey Rivera"
    assert all(not m["mine"] and not m["read"] for m in page["messages"])
    unread = await call(messaging.http, "GET", messaging.api("/unread"), headers=mine, expect=200)
    assert unread == {"unread": 2}

    left = await call(
        messaging.http, "POST", messaging.api("/messages/read"), headers=mine, expect=200
    )
    assert left == {"unread": 0}
    seen = await call(
        messaging.http,
        "GET",
        messaging.api(f"/clients/{client.id}/messages"),
        headers=staff,
        expect=200,
    )
    assert [m["read"] for m in seen["messages"]] == [True, True], "the clinician sees Read"


async def test_the_client_answers_and_the_clinician_has_one_unread(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    staff = messaging.headers(practice, practice.clinician)
    await call(
        messaging.http,
        "POST",
        messaging.api("/messages"),
        json={"body": "Can we move Friday?"},
        headers=messaging.headers(practice, client),
        expect=201,
    )

    inbox = await call(messaging.http, "GET", messaging.api("/threads"), headers=staff, expect=200)
    (thread,) = [t for t in inbox["threads"] if t["client_id"] == str(client.id)]
    assert thread["unread"] == 1 and thread["preview"] == "Can we move Friday?"
    assert thread["client_name"] == "Robin Rivera" and thread["last_from_client"]
    await call(
        messaging.http,
        "POST",
        messaging.api(f"/clients/{client.id}/read"),
        headers=staff,
        expect=200,
    )
    inbox = await call(messaging.http, "GET", messaging.api("/threads"), headers=staff, expect=200)
    assert [t["unread"] for t in inbox["threads"] if t["client_id"] == str(client.id)] == [0]


async def test_pages_go_back_in_time_with_the_cursor(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    staff = messaging.headers(practice, practice.clinician)
    for n in range(5):
        await call(
            messaging.http,
            "POST",
            messaging.api(f"/clients/{client.id}/messages"),
            json={"body": f"note {n}"},
            headers=staff,
            expect=201,
        )
    seen, cursor = [], None
    while True:
        query = {"limit": "2"} | ({"before": cursor} if cursor else {})
        page = await call(
            messaging.http,
            "GET",
            messaging.api("/messages"),
            params=query,
            headers=messaging.headers(practice, client),
            expect=200,
        )
        seen += [m["body"] for m in page["messages"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"note {n}" for n in (4, 3, 2, 1, 0)]


async def test_a_message_to_a_client_emails_a_link_and_never_the_text(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await call(
        messaging.http,
        "POST",
        messaging.api(f"/clients/{client.id}/messages"),
        json={"body": "Your results are private"},
        headers=messaging.headers(practice, practice.clinician),
        expect=201,
    )
    (email,) = await emails_to(messaging.smtp, client.email)
    link, token = message_link(email)
    assert link.startswith(f"http://portal.test/p/{practice.slug}/messages/open#")
    assert "Read Secure Message" in email.as_string()
    assert "private" not in email.as_string() and "15 minutes" in text_of(email)
    assert email["Reply-To"] == (await _practice_email(messaging, practice))
    stored = await messaging.db.fetchval(
        "SELECT count(*) FROM messaging.message_links WHERE token_hash = sha256($1::bytea)",
        token.encode(),
    )
    assert stored == 1, "the token is stored only as its hash"


async def test_a_message_from_a_client_tells_their_clinician_without_the_text(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await call(
        messaging.http,
        "POST",
        messaging.api("/messages"),
        json={"body": "I feel worse"},
        headers=messaging.headers(practice, client),
        expect=201,
    )
    (email,) = await emails_to(messaging.smtp, practice.clinician.email)
    assert "worse" not in email.as_string() and "Robin" not in email.as_string()
    assert f"/p/{practice.slug}/workspace/messages" in text_of(email)


async def _practice_email(messaging: Service, practice: Practice) -> str:
    return await messaging.db.fetchval(
        "SELECT email FROM messaging.directory_practices WHERE practice_id = $1", practice.id
    )
