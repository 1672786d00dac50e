"""Bad input gets a 4xx problem naming the field, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Person, Practice, call


async def count(messaging: Service, client: Person) -> int:
    return await messaging.db.fetchval(
        "SELECT count(*) FROM messaging.messages m JOIN messaging.threads t ON t.id = m.thread_id"
        " WHERE t.client_id = $1",
        client.id,
    )


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"body": ""}, "body", "Write a message"),
        ({"body": "   \n\t "}, "body", "Write a message"),
        ({"body": "x" * 5001}, "body", "at most 5,000 characters"),
        ({"body": "x" * 25_000}, "body", "at most 20000"),
        ({"body": "nul\x00byte"}, "body", "NUL"),
        ({"body": 42}, "body", "string"),
        ({}, "body", "required"),
        ({"body": "hi", "thread_id": "x"}, "thread_id", "not permitted"),
    ],
)
async def test_a_bad_message_is_refused_naming_the_field(
    messaging: Service, practice: Practice, body: dict[str, Any], field: str, words: str
) -> None:
    client = await messaging.world.client(practice)
    for sender, path in (
        (client, "/messages"),
        (practice.clinician, f"/clients/{client.id}/messages"),
    ):
        problem = await call(
            messaging.http,
            "POST",
            messaging.api(path),
            json=body,
            headers=messaging.headers(practice, sender),
            expect=422,
        )
        assert problem["errors"][0]["field"] == field, problem
        assert words in problem["detail"], problem
    assert await count(messaging, client) == 0


async def test_five_thousand_characters_is_still_a_message(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    sent = await messaging.send(practice, client, "é" * 5000)
    assert len(sent["body"]) == 5000


async def test_bad_ids_cursors_and_limits_are_named(messaging: Service, practice: Practice) -> None:
    client = await messaging.world.client(practice)
    staff = practice.clinician
    cases = [
        ("/clients/not-a-uuid/messages", {}, "client_id"),
        ("/messages", {"before": "bm9wZQ"}, "before"),
        ("/messages", {"before": "<script>"}, "before"),
        ("/messages", {"limit": "0"}, "limit"),
        ("/messages", {"limit": "1000"}, "limit"),
        ("/threads", {"after": "dGhlbg"}, "after"),
        ("/emails", {"client_id": "nope"}, "client_id"),
        ("/messages", {"sort": "asc"}, "sort"),
    ]
    for path, params, field in cases:
        reader = client if path == "/messages" else staff
        problem = await call(
            messaging.http,
            "GET",
            messaging.api(path),
            params=params,
            headers=messaging.headers(practice, reader),
            expect=422,
        )
        assert problem["errors"][0]["field"] == field, (path, params, problem)


async def test_a_thread_of_nobody_we_know_is_not_found(
    messaging: Service, practice: Practice
) -> None:
    import uuid

    ghost = Person(uuid.uuid4(), "client", "ghost@example.com", "Ghost")
    problem = await messaging.send(practice, practice.clinician, "hello", to=ghost, expect=404)
    assert problem["errors"][0]["field"] == "client_id"


async def test_only_json_is_taken(messaging: Service, practice: Practice) -> None:
    client = await messaging.world.client(practice)
    headers = messaging.headers(practice, client)
    await call(
        messaging.http,
        "POST",
        messaging.api("/messages"),
        data="body=hi",
        headers=headers | {"Content-Type": "application/x-www-form-urlencoded"},
        expect=415,
    )
    await call(
        messaging.http,
        "POST",
        messaging.api("/messages"),
        data="{not json",
        headers=headers | {"Content-Type": "application/json"},
        expect=422,
    )
    assert await count(messaging, client) == 0


async def test_a_disabled_client_is_neither_written_to_nor_writes(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await messaging.world.deactivate(practice, client)
    problem = await messaging.send(practice, practice.clinician, "hi", to=client, expect=409)
    assert problem["errors"][0]["field"] == "client_id"
    await messaging.send(practice, client, "hi", expect=403)
    assert await count(messaging, client) == 0


async def test_settings_must_be_a_yes_or_no(messaging: Service, practice: Practice) -> None:
    problem = await call(
        messaging.http,
        "PUT",
        messaging.api("/settings"),
        json={"staff_may_message": "perhaps"},
        headers=messaging.headers(practice, practice.admin),
        expect=422,
    )
    assert problem["errors"][0]["field"] == "staff_may_message"
