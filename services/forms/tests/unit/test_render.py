"""PDFs and FHIR exports of submissions, from domain objects (no database)."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from typing import Any

from pypdf import PdfReader

from services.forms.domain.library import CONSENT, INTAKE, PHQ9, Builtin
from services.forms.domain.measures import score
from services.forms.domain.model import Signing, Submission, Version
from services.forms.render.fhir import questionnaire, questionnaire_response
from services.forms.render.pdf import PdfContext, render_submission
from services.forms.tests.unit.fhir_shape import check_questionnaire, check_response

AT = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
CONTEXT = PdfContext("Meadow Counseling", "America/New_York", "Jordan Rivera", "1990-01-02")


def version_of(b: Builtin, **changes: Any) -> Version:
    values = dict(
        template_id=uuid.uuid4(), version=1, practice_id=uuid.uuid4(), kind=b.kind,
        title=b.title, description=b.description, body=b.body, fields=list(b.fields),
        measure=b.measure, created_at=AT, builtin=b.key,
    ) | changes  # fmt: skip
    return Version(**values)


def submission_of(v: Version, answers: dict[str, Any], **changes: Any) -> Submission:
    values = dict(
        id=uuid.uuid4(), assignment_id=uuid.uuid4(), practice_id=v.practice_id,
        client_id=uuid.uuid4(), template_id=v.template_id, version=v.version, number=1,
        answers=answers, submitted_at=AT,
    ) | changes  # fmt: skip
    return Submission(**values)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


INTAKE_ANSWERS = {
    "legal_name": "<script>alert('x')</script> **Jordan**", "date_of_birth": "1990-01-02",
    "phone": "555 0100", "reason": "Work stress\nand sleep", "previous_therapy": "yes",
    "previous_therapy_details": "Two years, 2019", "medication": "no",
}  # fmt: skip


def test_a_form_pdf_shows_each_question_and_answer_and_text_as_typed() -> None:
    v = version_of(INTAKE)
    text = pdf_text(render_submission(submission_of(v, INTAKE_ANSWERS), v, CONTEXT))
    assert "Intake questionnaire" in text and "Meadow Counseling" in text
    assert "<script>alert('x')</script> **Jordan**" in text  # printed, never interpreted
    assert "Tell us about your previous therapy" in text and "Two years, 2019" in text
    assert "Yes" in text  # the option's label, not its value
    assert "December 1, 2026 at 10:30 AM (America/New_York)" in text


def test_a_signed_document_pdf_has_its_text_and_the_signing_record() -> None:
    v = version_of(CONSENT)
    signing = Signing("Jordan Rivera", AT, "203.0.113.9", "Mozilla/5.0 (Phone)", v.signed_sha256())
    s = submission_of(v, {"signature": {"name": "Jordan Rivera", "agreed": True}}, signing=signing)
    text = pdf_text(render_submission(s, v, CONTEXT))
    assert "Consent for treatment" in text and "Confidentiality." in text
    for part in ("Signed electronically by: Jordan Rivera", "203.0.113.9", "Mozilla/5.0 (Phone)"):
        assert part in text
    assert v.signed_sha256() in text.replace("\n", "")


def test_a_huge_answer_flows_over_pages_instead_of_failing() -> None:
    v = version_of(INTAKE)
    answers = INTAKE_ANSWERS | {"reason": "word " * 2000, "goals": "x" * 10_000}
    data = render_submission(submission_of(v, answers), v, CONTEXT)
    assert len(PdfReader(io.BytesIO(data)).pages) > 2


def test_a_measure_pdf_shows_its_score_band_and_the_urgent_flag() -> None:
    v = version_of(PHQ9)
    answers = {f"q{n}": "1" for n in range(1, 10)}
    result = score("phq9", v.fields, answers)
    s = submission_of(v, answers, measure="phq9", score=result.total, severity=result.severity,
                      urgent=result.urgent, flags=result.flags)  # fmt: skip
    text = pdf_text(render_submission(s, v, CONTEXT))
    assert "Score: 9 of 27 (mild)" in text and "URGENT" in text


def test_a_template_exports_as_a_questionnaire_with_a_link_id_per_field() -> None:
    v = version_of(INTAKE)
    q = questionnaire(v)
    links = check_questionnaire(q)
    assert {f.id for f in INTAKE.fields} <= set(links)
    details = links["previous_therapy_details"]
    assert details["enableWhen"][0]["answerCoding"]["code"] == "yes"
    assert links["reason"]["type"] == "text" and links["reason"]["required"] is True
    assert links["about"]["type"] == "display"


def test_a_document_exports_its_text_and_a_signature_group() -> None:
    q = questionnaire(version_of(CONSENT))
    links = check_questionnaire(q)
    assert links["document"]["text"].startswith("Consent for treatment")
    assert links["signature.name"]["type"] == "string"
    assert links["signature.agreed"]["type"] == "boolean"


def test_a_submission_exports_as_a_questionnaire_response_of_matching_value_types() -> None:
    v = version_of(INTAKE)
    r = questionnaire_response(submission_of(v, INTAKE_ANSWERS), v)
    check_response(r, questionnaire(v))
    answers = {i["linkId"]: i["answer"][0] for i in r["item"]}
    assert answers["date_of_birth"] == {"valueDate": "1990-01-02"}
    assert answers["previous_therapy"]["valueCoding"]["display"] == "Yes"
    assert r["status"] == "completed"


def test_a_correction_exports_as_amended_with_its_score() -> None:
    v = version_of(PHQ9)
    answers = {f"q{n}": "0" for n in range(1, 10)}
    s = submission_of(v, answers, number=2, measure="phq9", score=0, severity="minimal")
    r = questionnaire_response(s, v)
    check_response(r, questionnaire(v))
    assert r["status"] == "amended"
    assert {
        "url": "https://client-portal.dev/fhir/StructureDefinition/score",
        "valueInteger": 0,
    } in r["extension"]
