"""Staff build forms and documents: versions, the library, packets, the welcome message."""

from __future__ import annotations

from typing import Any

from services.forms.tests.integration.conftest import Forms, call
from services.forms.tests.unit.fhir_shape import check_questionnaire

TEMPLATES = "/api/v1/forms/templates"
YES_NO = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]


def mood_form(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "form",
        "title": "Mood check-in",
        "fields": [
            {"id": "sleep_ok", "type": "single_choice", "label": "Sleeping well?",
             "required": True, "options": YES_NO},
            {"id": "sleep_notes", "type": "long_text", "label": "What keeps you up?",
             "show_if": {"field": "sleep_ok", "equals": "no"}},
        ],
    } | changes  # fmt: skip


async def test_every_practice_starts_with_the_built_in_library(forms: Forms) -> None:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    found = await call(staff, "GET", TEMPLATES, expect=200)
    assert {t["builtin"] for t in found} == {"intake", "consent", "privacy", "phq9", "gad7"}
    phq9 = next(t for t in found if t["builtin"] == "phq9")
    assert phq9["editable"] is False
    [packet] = await call(staff, "GET", "/api/v1/forms/packets", expect=200)
    assert packet["default_intake"] and len(packet["template_ids"]) == 3


async def test_staff_build_a_form_with_a_conditional_field_and_editing_makes_a_version(
    forms: Forms,
) -> None:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    made = await call(staff, "POST", TEMPLATES, json=mood_form(), expect=201)
    assert made["version"] == 1 and made["fields"][1]["show_if"] == {
        "field": "sleep_ok",
        "equals": "no",
    }
    client_id = await forms.client(practice)
    await call(staff, "POST", f"/api/v1/forms/clients/{client_id}/assignments",
               json={"template_ids": [made["id"]]}, expect=201)  # fmt: skip
    body = mood_form(title="Mood check-in (v2)")
    # A form stays a form: an edit cannot say otherwise.
    await call(staff, "PUT", f"{TEMPLATES}/{made['id']}", json=body, expect=422)
    del body["kind"]
    edited = await call(staff, "PUT", f"{TEMPLATES}/{made['id']}", json=body, expect=200)
    assert (edited["version"], edited["latest_version"]) == (2, 2)
    first = await call(staff, "GET", f"{TEMPLATES}/{made['id']}?version=1", expect=200)
    assert first["title"] == "Mood check-in"
    pending = await forms.intake(practice, client_id)
    assigned = next(a for a in pending if a["template_id"] == made["id"])
    assert (assigned["version"], assigned["title"]) == (1, "Mood check-in")


async def test_a_document_is_a_text_and_a_signature(forms: Forms) -> None:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    doc = {
        "kind": "document",
        "title": "Telehealth consent",
        "body": "I consent to video sessions.",
    }
    made = await call(staff, "POST", TEMPLATES, json=doc, expect=201)
    assert [f["type"] for f in made["fields"]] == ["signature"]
    problem = await call(staff, "POST", TEMPLATES, json=doc | {"body": "  "}, expect=422)
    assert problem["errors"][0]["field"] == "body"


async def test_a_validated_measure_cannot_be_edited(forms: Forms) -> None:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    phq9 = next(t for t in await call(staff, "GET", TEMPLATES) if t["builtin"] == "phq9")
    body = {"title": "PHQ-9 (mine)", "fields": mood_form()["fields"]}
    problem = await call(staff, "PUT", f"{TEMPLATES}/{phq9['id']}", json=body, expect=409)
    assert "validated measure" in problem["detail"]
    still = await call(staff, "GET", f"{TEMPLATES}/{phq9['id']}", expect=200)
    assert (still["title"], still["version"]) == ("PHQ-9", 1)


async def test_a_bad_definition_is_refused_naming_the_field_and_nothing_is_made(
    forms: Forms,
) -> None:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    before = len(await call(staff, "GET", TEMPLATES))
    fields = mood_form()["fields"]
    cases = {
        "fields.1.show_if.equals": [
            fields[0], {**fields[1], "show_if": {"field": "sleep_ok", "equals": "maybe"}},
        ],
        "fields.0.show_if.field": [fields[1], fields[0]],
        "fields.1.id": [fields[0], {**fields[1], "id": "sleep_ok"}],
        "fields.0.options": [{**fields[0], "options": []}],
        "fields.0.type": [{**fields[0], "type": "html"}],
        "fields.0.label": [{**fields[0], "label": "x" * 501}],
        "fields.0.onclick": [{**fields[0], "onclick": "x"}],
    }  # fmt: skip
    for field, bad in cases.items():
        problem = await call(staff, "POST", TEMPLATES, json=mood_form(fields=bad), expect=422)
        assert field in [e["field"] for e in problem["errors"]], (field, problem)
    assert len(await call(staff, "GET", TEMPLATES)) == before


async def test_clients_and_other_practices_cannot_reach_templates(forms: Forms) -> None:
    practice, other = await forms.practice(), await forms.practice()
    made = await call(forms.as_staff(practice), "POST", TEMPLATES, json=mood_form(), expect=201)
    client = forms.as_client(practice, await forms.client(practice))
    await call(client, "GET", TEMPLATES, expect=403)
    await call(client, "POST", TEMPLATES, json=mood_form(), expect=403)
    outsider = forms.as_staff(other)
    await call(outsider, "GET", f"{TEMPLATES}/{made['id']}", expect=404)
    await call(
        outsider, "PUT", f"{TEMPLATES}/{made['id']}", json={"title": "x", "fields": []}, expect=404
    )
    await call(outsider, "GET", f"{TEMPLATES}/{made['id']}/fhir", expect=404)
    assert made["id"] not in [t["id"] for t in await call(outsider, "GET", TEMPLATES)]


async def test_a_template_exports_as_a_fhir_questionnaire(forms: Forms) -> None:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    made = await call(staff, "POST", TEMPLATES, json=mood_form(), expect=201)
    async with staff.get(f"{TEMPLATES}/{made['id']}/fhir") as response:
        assert response.content_type == "application/fhir+json"
        questionnaire = await response.json(content_type=None)
    links = check_questionnaire(questionnaire)
    assert links["sleep_notes"]["enableWhen"][0]["question"] == "sleep_ok"


async def test_packets_are_made_and_only_one_is_the_intake_packet(forms: Forms) -> None:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    library = {t["builtin"]: t["id"] for t in await call(staff, "GET", TEMPLATES)}
    body = {
        "name": "Measures",
        "template_ids": [library["phq9"], library["gad7"]],
        "default_intake": True,
    }
    made = await call(staff, "POST", "/api/v1/forms/packets", json=body, expect=201)
    packets = await call(staff, "GET", "/api/v1/forms/packets")
    assert [p["id"] for p in packets if p["default_intake"]] == [made["id"]]
    client_id = await forms.client(practice)
    assert [a["title"] for a in await forms.intake(practice, client_id)] == ["PHQ-9", "GAD-7"]
    twice = body | {"template_ids": [library["phq9"], library["phq9"]]}
    await call(staff, "PUT", f"/api/v1/forms/packets/{made['id']}", json=twice, expect=422)
    other = await forms.practice()
    outsider = forms.as_staff(other)
    theirs = {t["builtin"]: t["id"] for t in await call(outsider, "GET", TEMPLATES)}
    mine = body | {"template_ids": [theirs["phq9"]]}
    await call(outsider, "PUT", f"/api/v1/forms/packets/{made['id']}", json=mine, expect=404)
    # Nor may a packet hold another practice's forms.
    await call(staff, "PUT", f"/api/v1/forms/packets/{made['id']}", json=mine, expect=422)


async def test_staff_set_the_welcome_message_clients_see(forms: Forms) -> None:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    message = "Hi! Please fill these in before we meet. <b>Casey</b>"
    await call(staff, "PUT", "/api/v1/forms/welcome", json={"message": message}, expect=200)
    assert (await call(staff, "GET", "/api/v1/forms/welcome"))["message"] == message
    client = forms.as_client(practice, await forms.client(practice))
    assert (await call(client, "GET", "/api/v1/forms/assignments"))["welcome_message"] == message
    await call(client, "PUT", "/api/v1/forms/welcome", json={"message": "mine"}, expect=403)
