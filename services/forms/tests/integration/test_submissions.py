"""Staff see a client's submissions with scores and flags, every read audited; a PDF and
a FHIR QuestionnaireResponse of each; a submission never changes."""

from __future__ import annotations

import hashlib
import io
import uuid

import asyncpg
import pytest
from pypdf import PdfReader

from services.forms.tests.integration.conftest import Forms, call
from services.forms.tests.integration.test_filling import INTAKE_ANSWERS, filling
from services.forms.tests.unit.fhir_shape import check_response

TEMPLATES = "/api/v1/forms/templates"


async def submitted_phq9(forms: Forms, *, item9: str) -> tuple[Forms, object, uuid.UUID, dict]:
    practice = await forms.practice()
    staff = forms.as_staff(practice)
    client_id = await forms.client(practice)
    phq9 = next(t for t in await call(staff, "GET", TEMPLATES) if t["builtin"] == "phq9")
    [assignment] = await call(staff, "POST", f"/api/v1/forms/clients/{client_id}/assignments",
                              json={"template_ids": [phq9["id"]]}, expect=201)  # fmt: skip
    answers = {f"q{n}": "2" for n in range(1, 9)} | {"q9": item9, "difficulty": "Very difficult"}
    me = forms.as_client(practice, client_id)
    made = await call(me, "POST", f"/api/v1/forms/assignments/{assignment['id']}/submissions",
                      json={"answers": answers}, expect=201)  # fmt: skip
    return practice, staff, client_id, made


async def test_a_phq9_with_item_9_above_zero_is_scored_and_flagged_urgent(forms: Forms) -> None:
    _, staff, client_id, made = await submitted_phq9(forms, item9="1")
    assert (made["score"], made["severity"], made["urgent"]) == (17, "moderately severe", True)
    [event] = await forms.events("form.submitted", client_id=client_id)
    assert event["measure"] == "phq9" and event["score"] == 17 and event["urgent"] is True
    assert event["flags"] == ["phq9_item9"] and event["severity"] == "moderately severe"
    listing = await call(staff, "GET", f"/api/v1/forms/clients/{client_id}/assignments", expect=200)
    phq9 = next(a for a in listing["assignments"] if a["title"] == "PHQ-9")
    assert phq9["submissions"][0]["urgent"] and phq9["submissions"][0]["score"] == 17
    assert listing["client_name"] == "Jordan Rivera"


async def test_a_phq9_with_item_9_at_zero_is_not_urgent(forms: Forms) -> None:
    _, _, client_id, made = await submitted_phq9(forms, item9="0")
    assert (made["score"], made["urgent"]) == (16, False)
    [event] = await forms.events("form.submitted", client_id=client_id)
    assert event["urgent"] is False and event["flags"] == []


async def test_every_staff_read_of_a_submission_is_audited(forms: Forms) -> None:
    practice, staff, client_id, made = await submitted_phq9(forms, item9="0")
    path = f"/api/v1/forms/submissions/{made['id']}"
    view = await call(staff, "GET", path, expect=200)
    assert view["answers"]["q1"] == "2" and view["form"]["title"] == "PHQ-9"
    await call(staff, "GET", path + "/pdf", expect=200)
    await call(staff, "GET", path + "/fhir", expect=200)
    await call(staff, "GET", f"/api/v1/forms/clients/{client_id}/assignments", expect=200)
    me = forms.as_client(practice, client_id)
    await call(me, "GET", path, expect=200)  # the client's own read is not staff access
    actions = [a["action"] for a in await forms.audits(client_id=client_id)]
    assert actions == [
        "form.assigned", "form.submission_read", "form.submission_pdf",
        "form.submission_fhir", "form.list_read",
    ]  # fmt: skip
    record = (await forms.audits(client_id=client_id))[1]
    assert record["actor_id"] == str(practice.clinician)
    assert record["detail"] == {
        "submission_id": made["id"],
        "template_id": view["template_id"],
    } or (record["detail"]["submission_id"] == made["id"])
    assert "q1" not in str(record)


async def test_a_signed_document_has_its_signing_record_and_pdf(forms: Forms) -> None:
    practice = await forms.practice()
    f = await filling(forms, practice, title="Consent for treatment")
    signature = {"signature": {"name": "Jordan Rivera", "agreed": True}}
    made = await call(f.session, "POST", f.url("/submissions"), json={"answers": signature},
                      headers={"User-Agent": "PhoneBrowser/1.0"}, expect=201)  # fmt: skip
    assert made["signed"] is True
    staff = forms.as_staff(practice)
    view = await call(staff, "GET", f"/api/v1/forms/submissions/{made['id']}", expect=200)
    signing = view["signing"]
    assert signing["name"] == "Jordan Rivera" and signing["user_agent"] == "PhoneBrowser/1.0"
    assert signing["ip"] == "127.0.0.1" and len(signing["document_sha256"]) == 64
    assert signing["document_sha256"] == hashlib.sha256(view["form"]["body"].encode()).hexdigest()
    async with staff.get(f"/api/v1/forms/submissions/{made['id']}/pdf") as response:
        assert response.content_type == "application/pdf"
        assert "attachment" in response.headers["Content-Disposition"]
        data = await response.read()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Signed electronically by: Jordan Rivera" in text and "PhoneBrowser/1.0" in text


async def test_a_form_exports_as_a_fhir_questionnaire_response(forms: Forms) -> None:
    practice = await forms.practice()
    f = await filling(forms, practice)
    made = await call(f.session, "POST", f.url("/submissions"), json={"answers": INTAKE_ANSWERS},
                      expect=201)  # fmt: skip
    staff = forms.as_staff(practice)
    response = await call(staff, "GET", f"/api/v1/forms/submissions/{made['id']}/fhir", expect=200)
    template_id = f.assignment["template_id"]
    questionnaire = await call(
        staff, "GET", f"{TEMPLATES}/{template_id}/fhir?version=1", expect=200
    )
    check_response(response, questionnaire)
    assert {i["linkId"] for i in response["item"]} == set(INTAKE_ANSWERS)


async def test_a_submission_cannot_be_changed_by_anyone_not_even_in_the_database(
    forms: Forms,
) -> None:
    _, _, _, made = await submitted_phq9(forms, item9="0")
    async with forms.runtime.pool.acquire() as conn:  # the service's own role
        with pytest.raises(asyncpg.RestrictViolationError, match="never change"):
            await conn.execute("UPDATE submissions SET score = 0 WHERE submission_id = $1",
                               uuid.UUID(made["id"]))  # fmt: skip
        with pytest.raises(asyncpg.RestrictViolationError, match="never change"):
            await conn.execute(
                "DELETE FROM submissions WHERE submission_id = $1", uuid.UUID(made["id"])
            )
        with pytest.raises(asyncpg.RestrictViolationError, match="never change"):
            await conn.execute("UPDATE template_versions SET title = 'x'")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("ALTER TABLE submissions DISABLE TRIGGER ALL")
        score = await conn.fetchval("SELECT score FROM submissions WHERE submission_id = $1",
                                    uuid.UUID(made["id"]))  # fmt: skip
    assert score == 16


async def test_answers_are_encrypted_at_rest(forms: Forms) -> None:
    practice = await forms.practice()
    f = await filling(forms, practice)
    secret = INTAKE_ANSWERS | {"reason": "a very private reason 8731"}
    await f.save(secret, if_match='"0"')
    made = await call(
        f.session, "POST", f.url("/submissions"), json={"answers": secret}, expect=201
    )
    async with forms.runtime.pool.acquire() as conn:
        row = await conn.fetchrow("SELECT answers FROM submissions WHERE submission_id = $1",
                                  uuid.UUID(made["id"]))  # fmt: skip
        drafts = await conn.fetch("SELECT answers FROM drafts WHERE client_id = $1", f.client_id)
    assert b"8731" not in bytes(row["answers"]) and drafts == []
    assert forms.runtime.keyring.key_id_of(bytes(row["answers"])) == forms.runtime.keyring.active
