"""The guide's "Documents and Forms" through the gateway, identity and forms together:
a clinician invites a client, the intake packet is waiting at first login, the client signs
a document, drafts a form, corrects it and submits it, and the clinician downloads the PDF.
Then a PHQ-9 with item 9 above 0 goes out as an urgent form.submitted for messaging."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import aiohttp
import pytest
from pypdf import PdfReader

from services.forms.app import definition as forms
from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.service.demo import seed_demo
from services.identity.tests.integration.conftest import FAST, Portal
from shared.events.envelope import EXCHANGE
from shared.events.routing import binding_key
from shared.origin import Origin
from shared.testing import SmtpInbox, Stack, eventually, running_stack, smtp_server

INTAKE = {
    "legal_name": "Robin Client", "date_of_birth": "1991-04-05", "phone": "+1 555 010 0142",
    "reason": "Anxiety before exams <b>and</b> sleep", "previous_therapy": "yes",
    "previous_therapy_details": "A year of CBT in 2022",
}  # fmt: skip


@pytest.fixture(scope="module")
async def smtp_inbox() -> AsyncIterator[SmtpInbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="module")
async def stack(
    admin_dsn: str, amqp_url: str, smtp_inbox: SmtpInbox, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    async with running_stack(
        [identity(), forms()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=smtp_inbox,
        settings={"identity": FAST, "forms": {"demo_data": True}},
        gateway={"web_root": tmp_path_factory.mktemp("web"), "auth_burst": 100},
    ) as running:
        yield running


@pytest.fixture
async def portal(stack: Stack, smtp_inbox: SmtpInbox) -> AsyncIterator[Portal]:
    found = Portal(url=stack.url, idp=identity_of(stack.apps["identity"]), smtp=smtp_inbox, db=None)  # type: ignore[arg-type]
    yield found
    await found.close()


def csrf(http: aiohttp.ClientSession, url: str) -> dict[str, str]:
    cookie = http.cookie_jar.filter_cookies(url).get("portal_csrf")
    return {"X-CSRF-Token": cookie.value if cookie else ""}


async def send(
    http: aiohttp.ClientSession,
    url: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    expect: int,
    headers: dict[str, str] | None = None,
) -> Any:
    """A browser-style call: cookies, and the CSRF header on unsafe methods."""
    all_headers = (csrf(http, url) if method != "GET" else {}) | (headers or {})
    async with http.request(method, path, json=body, headers=all_headers) as response:
        data = await response.read()
        assert response.status == expect, (method, path, response.status, data[:400])
        if response.content_type.endswith("json") and data:
            return json.loads(data)
        return data


async def test_a_new_client_walks_documents_and_forms_and_the_clinician_gets_the_pdf(
    stack: Stack, portal: Portal
) -> None:
    tenant = await portal.tenant(slug=f"docs-{uuid.uuid4().hex[:8]}")
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, invite = await portal.invite(staff, first_name="Robin", last_name="Client")
    browser, _ = await portal.activate(invite, slug=tenant.practice.slug)  # first login
    url = stack.url

    async def packet_waiting() -> bool:
        mine = await send(browser, url, "GET", "/api/v1/forms/assignments", expect=200)
        return len(mine["pending"]) == 3

    await eventually(packet_waiting, seconds=30)
    mine = await send(browser, url, "GET", "/api/v1/forms/assignments", expect=200)
    assert mine["welcome_message"] and [a["kind"] for a in mine["pending"]] == [
        "document", "document", "form",
    ]  # fmt: skip
    consent, privacy, intake = mine["pending"]

    # Sign the documents: the checkbox and the typed name, then Continue.
    signature = {"answers": {"signature": {"name": "Robin Client", "agreed": True}}}
    for document in (consent, privacy):
        where = f"/api/v1/forms/assignments/{document['id']}/submissions"
        signed = await send(browser, url, "POST", where, signature, expect=201)
        assert signed["signed"]
    # Fill the form: autosave, a check that finds what is missing, Submit.
    path = f"/api/v1/forms/assignments/{intake['id']}"
    partial = {k: INTAKE[k] for k in ("legal_name", "reason")}
    await send(browser, url, "PUT", path + "/draft", {"answers": partial}, expect=200,
               headers={"If-Match": '"0"'})  # fmt: skip
    problem = await send(browser, url, "POST", path + "/check", {"answers": partial}, expect=422)
    assert {e["field"] for e in problem["errors"]} == {
        "answers.date_of_birth", "answers.phone", "answers.previous_therapy",
    }  # fmt: skip
    await send(browser, url, "PUT", path + "/draft", {"answers": INTAKE}, expect=200,
               headers={"If-Match": '"1"'})  # fmt: skip
    await send(browser, url, "POST", path + "/check", {"answers": INTAKE}, expect=204)
    first = await send(browser, url, "POST", path + "/submissions", {"answers": INTAKE}, expect=201,
                       headers={"If-Match": '"2"'})  # fmt: skip
    # Make Corrections after submitting: a new version the clinician can compare.
    corrected = INTAKE | {"phone": "+1 555 010 0199"}
    second = await send(
        browser, url, "POST", path + "/submissions", {"answers": corrected}, expect=201
    )
    assert (first["number"], second["number"]) == (1, 2)
    mine = await send(browser, url, "GET", "/api/v1/forms/assignments", expect=200)
    assert mine["pending"] == [] and len(mine["completed"]) == 3

    # The clinician: submissions per client, the comparison, and the PDF.
    listing = await portal.get(
        staff, f"/api/v1/forms/clients/{client['id']}/assignments", expect=200
    )
    assert [len(a["submissions"]) for a in listing["assignments"]] == [1, 1, 2]
    view = await portal.get(staff, f"/api/v1/forms/submissions/{second['id']}", expect=200)
    assert view["changed"] == ["phone"] and view["previous_answers"]["phone"] == INTAKE["phone"]
    async with staff.get(f"/api/v1/forms/submissions/{second['id']}/pdf") as response:
        assert response.status == 200 and response.content_type == "application/pdf"
        pdf = await response.read()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for answer in ("Robin Client", "+1 555 010 0199", "Anxiety before exams <b>and</b> sleep",
                   "A year of CBT in 2022", "1991-04-05"):  # fmt: skip
        assert answer in text, answer
    consent_done = next(a for a in listing["assignments"] if a["id"] == consent["id"])
    async with staff.get(
        f"/api/v1/forms/submissions/{consent_done['submissions'][0]['id']}/pdf"
    ) as r:
        signed_pdf = "\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(await r.read())).pages
        )
    assert "Signed electronically by: Robin Client" in signed_pdf

    # Staff reads reach the practice's one audit log, marked as forms'.
    admin = await portal.staff_session(tenant, tenant.admin)

    async def audited() -> bool:
        page = await portal.get(admin, f"/api/v1/identity/audit?client_id={client['id']}")
        return {"form.submission_read", "form.submission_pdf"} <= {
            e["action"] for e in page["items"] if e["service"] == "forms"
        }

    await eventually(audited, seconds=30)


@pytest.fixture
async def events_tap(amqp_url: str) -> AsyncIterator[aio_pika.abc.AbstractQueue]:
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(exchange, routing_key=binding_key("form.submitted"))
    yield queue
    await connection.close()


async def test_a_phq9_with_item_9_above_zero_goes_out_urgent_for_the_clinician(
    stack: Stack, portal: Portal, events_tap: aio_pika.abc.AbstractQueue
) -> None:
    tenant = await portal.tenant(slug=f"phq-{uuid.uuid4().hex[:8]}")
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, invite = await portal.invite(staff)
    browser, _ = await portal.activate(invite, slug=tenant.practice.slug)

    async def library() -> bool:
        found = await portal.get(staff, "/api/v1/forms/templates")
        return isinstance(found, list) and any(t["builtin"] == "phq9" for t in found)

    await eventually(library, seconds=30)
    phq9 = next(
        t for t in await portal.get(staff, "/api/v1/forms/templates") if t["builtin"] == "phq9"
    )
    assigned = await portal.post(staff, f"/api/v1/forms/clients/{client['id']}/assignments",
                                 {"template_ids": [phq9["id"]]}, expect=201)  # fmt: skip
    [assignment] = assigned["items"]
    answers = {f"q{n}": "0" for n in range(1, 9)} | {"q9": "1"}
    made = await send(browser, stack.url, "POST",
                      f"/api/v1/forms/assignments/{assignment['id']}/submissions",
                      {"answers": answers}, expect=201)  # fmt: skip
    assert made["urgent"] and made["score"] == 1
    seen: list[dict[str, Any]] = []

    async def published() -> bool:
        while (message := await events_tap.get(fail=False)) is not None:
            await message.ack()
            body = json.loads(message.body)
            if body["data"]["submission_id"] == made["id"]:
                seen.append(body["data"])
        return bool(seen)

    await eventually(published, seconds=30)
    [event] = seen
    assert (event["urgent"], event["flags"], event["client_id"]) == (
        True,
        ["phq9_item9"],
        client["id"],
    )
    assert event["practice_id"] == str(tenant.practice.id) and "answers" not in event


async def test_make_up_demo_data_leaves_the_intake_packet_waiting_for_the_demo_client(
    stack: Stack, portal: Portal
) -> None:
    """The forms worker runs with demo_data=True; identity's demo seed runs as make up does."""
    idp = identity_of(stack.apps["identity"])
    _, logins = await seed_demo(idp, origin=Origin())
    demo_client = next(login for login in logins if login.role == "client")
    browser = portal.http()
    await portal.post(browser, "/api/v1/identity/sessions", {
        "practice": "demo", "email": demo_client.email, "password": demo_client.password,
        "client": "browser"}, expect=200)  # fmt: skip

    async def waiting() -> bool:
        mine = await send(browser, stack.url, "GET", "/api/v1/forms/assignments", expect=200)
        return [a["title"] for a in mine["pending"]] == [
            "Consent for treatment", "Notice of privacy practices acknowledgement",
            "Intake questionnaire",
        ]  # fmt: skip

    await eventually(waiting, seconds=30)
