"""The intake packet reaches a newly invited client, who signs, drafts and submits."""

from __future__ import annotations

from services.forms.tests.integration.conftest import Forms, call


async def test_an_invited_client_finds_the_intake_packet_waiting(forms: Forms) -> None:
    practice = await forms.practice()
    client_id = await forms.client(practice)
    me = forms.as_client(practice, client_id)
    mine = await call(me, "GET", "/api/v1/forms/assignments", expect=200)
    titles = [a["title"] for a in mine["pending"]]
    assert titles == [
        "Consent for treatment",
        "Notice of privacy practices acknowledgement",
        "Intake questionnaire",
    ]
    assert mine["welcome_message"].startswith("Welcome")
