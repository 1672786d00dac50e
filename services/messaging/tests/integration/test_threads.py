"""A client and their clinician write to each other: newest first, paged, unread counts
per reader, "Read" receipts, and the email with the 15-minute link."""

from __future__ import annotations

from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Practice, emails_to, message_link
from shared.testing import text_of


async def test_the_clinician_writes_and_the_client_reads_newest_first(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    for text in ("First note", "Second note"):
        await messaging.send(practice, practice.clinician, text, to=client)

    page = await messaging.page(practice, client)
    assert [m["body"] for m in page["messages"]] == ["Second note", "First note"]
    assert page["unread"] == 2 and page["clinician_name"] == "Casey Rivera"
    assert all(not m["mine"] and not m["read"] for m in page["messages"])
    assert await messaging.get(practice, client, "/unread") == {"unread": 2}

    assert await messaging.post(practice, client, "/messages/read") == {"unread": 0}
    seen = await messaging.page(practice, practice.clinician, of=client)
    assert [m["read"] for m in seen["messages"]] == [True, True], "the clinician sees Read"
    assert [m["mine"] for m in seen["messages"]] == [True, True]


async def test_the_client_answers_and_the_clinician_has_one_unread(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await messaging.send(practice, client, "Can we move Friday?")

    inbox = await messaging.get(practice, practice.clinician, "/threads")
    (thread,) = [t for t in inbox["threads"] if t["client_id"] == str(client.id)]
    assert thread["unread"] == 1 and thread["preview"] == "Can we move Friday?"
    assert thread["client_name"] == "Robin Rivera" and thread["last_from_client"]
    assert inbox["unread"] >= 1
    await messaging.post(practice, practice.clinician, f"/clients/{client.id}/read")
    inbox = await messaging.get(practice, practice.clinician, "/threads")
    assert [t["unread"] for t in inbox["threads"] if t["client_id"] == str(client.id)] == [0]


async def test_pages_go_back_in_time_with_the_cursor(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    for n in range(5):
        await messaging.send(practice, practice.clinician, f"note {n}", to=client)
    seen, cursor = [], None
    while True:
        page = await messaging.page(
            practice, client, limit="2", **({"before": cursor} if cursor else {})
        )
        seen += [m["body"] for m in page["messages"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"note {n}" for n in (4, 3, 2, 1, 0)]


async def test_the_inbox_pages_with_its_cursor_too(messaging: Service) -> None:
    practice = await messaging.world.practice()
    clients = [await messaging.world.client(practice) for _ in range(3)]
    for client in clients:
        await messaging.send(practice, client, "hello")
    first = await messaging.get(practice, practice.clinician, "/threads", limit="2")
    second = await messaging.get(
        practice, practice.clinician, "/threads", limit="2", after=first["next_cursor"]
    )
    names = [t["client_id"] for t in first["threads"] + second["threads"]]
    assert names == [str(c.id) for c in reversed(clients)] and second["next_cursor"] is None


async def test_a_message_to_a_client_emails_a_link_and_never_the_text(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await messaging.send(practice, practice.clinician, "Your results are private", to=client)

    (email,) = await emails_to(messaging.smtp, client.email)
    link, token = message_link(email)
    assert link.startswith(f"http://portal.test/p/{practice.slug}/messages/open#")
    assert "Read Secure Message" in email.as_string() and "15 minutes" in text_of(email)
    assert "private" not in email.as_string()
    assert email["Reply-To"] == await messaging.db.fetchval(
        "SELECT email FROM messaging.directory_practices WHERE practice_id = $1", practice.id
    )
    stored = await messaging.db.fetchval(
        "SELECT count(*) FROM messaging.message_links WHERE token_hash = sha256($1::bytea)",
        token.encode(),
    )
    assert stored == 1, "the token is stored only as its hash"


async def test_a_message_from_a_client_tells_their_clinician_without_the_text(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await messaging.send(practice, client, "I feel worse")
    (email,) = await emails_to(messaging.smtp, practice.clinician.email)
    assert "worse" not in email.as_string() and "Robin" not in email.as_string()
    assert f"/p/{practice.slug}/workspace/messages" in text_of(email)


async def test_message_bodies_are_encrypted_at_rest_under_the_active_key(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    sent = await messaging.send(practice, client, "a very recognisable sentence")
    row = await messaging.db.fetchrow(
        "SELECT body, key_id FROM messaging.messages WHERE id = $1::uuid", sent["id"]
    )
    assert b"recognisable" not in row["body"]
    assert row["key_id"] == messaging.runtime.keyring.active
    assert messaging.runtime.keyring.key_id_of(row["body"]) == row["key_id"]
