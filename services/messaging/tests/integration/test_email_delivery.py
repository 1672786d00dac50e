"""An SMTP outage delays emails and loses none, sends none twice; every email is logged
(to whom, which template, when, what became of it) without its body, and staff read
that log: an admin the practice's, a clinician their own clients'."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Practice, approved, publish
from shared.testing import SmtpInbox, eventually, free_port


class SwitchableSmtp:
    """A real SMTP server on a fixed port that the test turns off and on again."""

    def __init__(self) -> None:
        self.inbox = SmtpInbox(host="127.0.0.1", port=free_port())
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname=self.inbox.host, port=self.inbox.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture(scope="module")
def switch() -> Iterator[SwitchableSmtp]:
    smtp = SwitchableSmtp()
    smtp.start()
    yield smtp
    smtp.stop()


@pytest.fixture(scope="module")
def module_smtp(switch: SwitchableSmtp) -> SmtpInbox:
    return switch.inbox


async def test_twenty_events_during_an_smtp_outage_become_twenty_emails_once_it_is_back(
    messaging: Service, practice: Practice, switch: SwitchableSmtp
) -> None:
    clients = [await messaging.world.client(practice) for _ in range(4)]
    switch.stop()
    try:
        ids = [
            await publish(messaging.amqp_url, approved(practice, clients[n % 4], days=n))
            for n in range(20)
        ]
        await eventually(lambda: deferred(messaging, ids, at_least=20), seconds=30)
        log = await messaging.get(practice, practice.admin, "/emails", limit="50")
        assert {e["outcome"] for e in log["entries"]} == {"retrying"}
        assert {e["last_error"] for e in log["entries"]} <= {
            "SMTPConnectError",
            "ConnectionRefusedError",
            "OSError",
        }
    finally:
        switch.start()
    for client in clients:
        await messaging.smtp.wait_for(client.email, count=5, timeout=60)
    await eventually(lambda: all_sent(messaging, ids), seconds=30)
    assert sum(len(messaging.smtp.to(c.email)) for c in clients) == 20
    log = await messaging.get(practice, practice.admin, "/emails", limit="50")
    assert [e["outcome"] for e in log["entries"]] == ["sent"] * 20


async def deferred(messaging: Service, ids: list[str], *, at_least: int) -> bool:
    tried = await messaging.db.fetchval(
        "SELECT count(*) FROM messaging.email_log"
        " WHERE cause_id = ANY($1::uuid[]) AND attempts > 0",
        ids,
    )
    return int(tried) >= at_least


async def all_sent(messaging: Service, ids: list[str]) -> bool:
    sent = await messaging.db.fetchval(
        "SELECT count(*) FROM messaging.email_log WHERE cause_id = ANY($1::uuid[])"
        " AND outcome = 'sent'",
        ids,
    )
    return int(sent) == len(ids)


async def test_the_log_says_to_whom_which_template_when_and_the_outcome_but_no_body(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await messaging.send(practice, practice.clinician, "a secret only for Robin", to=client)
    await messaging.smtp.wait_for(client.email)
    await eventually(lambda: logged_sent(messaging, client.id), seconds=15)

    log = await messaging.get(practice, practice.clinician, "/emails", client_id=str(client.id))
    (entry,) = log["entries"]
    assert entry["recipient"] == client.email and entry["recipient_role"] == "client"
    assert entry["template"] == "message_received" and entry["cause_type"] == "message.sent"
    assert entry["outcome"] == "sent" and entry["attempts"] == 1
    assert entry["sent_at"] >= entry["queued_at"]
    row = await messaging.db.fetchrow(
        "SELECT * FROM messaging.email_log WHERE id = $1::uuid", entry["id"]
    )
    assert "secret" not in repr(dict(row)) and "messages/open" not in repr(dict(row))


async def logged_sent(messaging: Service, client_id: uuid.UUID) -> bool:
    outcome = await messaging.db.fetchval(
        "SELECT outcome FROM messaging.email_log WHERE client_id = $1", client_id
    )
    return outcome == "sent"


async def test_a_clinician_reads_only_their_own_clients_emails_and_an_admin_all(
    messaging: Service, practice: Practice
) -> None:
    colleague = await messaging.world.staff(practice.id, "clinician", "Dana")
    mine = await messaging.world.client(practice)
    theirs = await messaging.world.client(practice, clinician=colleague, first="Kim")
    for client, staff in ((mine, practice.clinician), (theirs, colleague)):
        await messaging.send(practice, staff, "hello", to=client)
        await messaging.smtp.wait_for(client.email)

    def recipients(log: dict) -> set[str]:
        return {e["recipient"] for e in log["entries"]}

    assert recipients(await messaging.get(practice, practice.clinician, "/emails")) == {mine.email}
    assert recipients(await messaging.get(practice, colleague, "/emails")) == {theirs.email}
    assert {mine.email, theirs.email} <= recipients(
        await messaging.get(practice, practice.admin, "/emails")
    )
    nothing = await messaging.get(practice, practice.clinician, "/emails", client_id=str(theirs.id))
    assert nothing["entries"] == []


async def test_the_log_pages_with_its_cursor(messaging: Service) -> None:
    practice = await messaging.world.practice()
    client = await messaging.world.client(practice)
    for n in range(3):
        await messaging.send(practice, practice.clinician, f"note {n}", to=client)
    await messaging.smtp.wait_for(client.email, count=3)
    first = await messaging.get(practice, practice.admin, "/emails", limit="2")
    second = await messaging.get(
        practice, practice.admin, "/emails", limit="2", after=first["next_cursor"]
    )
    ids = [e["id"] for e in first["entries"] + second["entries"]]
    assert len(ids) == len(set(ids)) == 3 and second["next_cursor"] is None
