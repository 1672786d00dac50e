"""FHIR R4 exports, so records can move to other systems: a template version as a
Questionnaire, a submission as a QuestionnaireResponse (JSON, one item per field, each
with the field's id as ``linkId``).

Mapping: short text, email, phone -> string; long text -> text; number -> decimal;
date -> date; single choice -> choice (answerOption valueCoding); multiple choice ->
choice with repeats; checkbox -> boolean; heading, instructions -> display; a signature ->
a group of ``<id>.name`` (string) and ``<id>.agreed`` (boolean). A document is a
Questionnaire whose first item displays its text. Conditions become enableWhen.
"""

from __future__ import annotations

from typing import Any

from services.forms.domain.answers import visible_fields
from services.forms.domain.fields import FormField
from services.forms.domain.model import Submission, Version

SYSTEM = "https://client-portal.dev/fhir"
_TYPES = {
    "short_text": "string", "email": "string", "phone": "string", "long_text": "text",
    "number": "decimal", "date": "date", "single_choice": "choice",
    "multiple_choice": "choice", "checkbox": "boolean", "heading": "display",
    "instructions": "display", "signature": "group",
}  # fmt: skip


def canonical(version: Version) -> str:
    return f"{SYSTEM}/Questionnaire/{version.template_id}"


def questionnaire(version: Version) -> dict[str, Any]:
    items = [_item(f, version) for f in version.fields]
    if version.kind == "document":
        items.insert(0, {"linkId": "document", "type": "display", "text": version.body or ""})
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": str(version.template_id),
        "url": canonical(version),
        "version": str(version.version),
        "name": "".join(c for c in version.title.title() if c.isalnum())[:60] or "Form",
        "title": version.title,
        "status": "active",
        "subjectType": ["Patient"],
        "date": version.created_at.isoformat(),
        "item": items,
    }
    if version.description:
        resource["description"] = version.description
    return resource


def _item(field: FormField, version: Version) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": field.id, "text": field.label, "type": _TYPES[field.type]}
    if field.answerable and field.type != "signature":
        item["required"] = field.required
    if field.type == "multiple_choice":
        item["repeats"] = True
    if field.options:
        item["answerOption"] = [{"valueCoding": _coding(field, o.value)} for o in field.options]
    if field.type == "signature":
        item["required"] = field.required
        item["item"] = [
            {"linkId": f"{field.id}.name", "text": "Full name", "type": "string", "required": True},
            {
                "linkId": f"{field.id}.agreed",
                "text": "I agree",
                "type": "boolean",
                "required": True,
            },
        ]
    if field.show_if is not None:
        target = version.field_map[field.show_if.field]
        item["enableWhen"] = [
            {"question": target.id, "operator": "=", **_answer_value(target, field.show_if.equals)}
        ]
    return item


def _coding(field: FormField, value: str) -> dict[str, Any]:
    labels = {o.value: o.label for o in field.options}
    return {
        "system": f"{SYSTEM}/options/{field.id}",
        "code": value,
        "display": labels.get(value, value),
    }


def _answer_value(field: FormField, value: Any) -> dict[str, Any]:
    """One answer as FHIR's value[x] for the field's type (prefixed ``answer`` in enableWhen)."""
    kind = field.type
    if kind in ("single_choice", "multiple_choice"):
        return {"answerCoding": _coding(field, value)}
    if kind == "checkbox":
        return {"answerBoolean": bool(value)}
    return {"answerString": str(value)}


def _values(field: FormField, value: Any) -> list[dict[str, Any]]:
    kind = field.type
    if kind == "multiple_choice":
        return [{"valueCoding": _coding(field, v)} for v in value]
    if kind == "single_choice":
        return [{"valueCoding": _coding(field, value)}]
    if kind == "checkbox":
        return [{"valueBoolean": value}]
    if kind == "number":
        return [{"valueDecimal": value}]
    if kind == "date":
        return [{"valueDate": value}]
    return [{"valueString": value}]


def questionnaire_response(submission: Submission, version: Version) -> dict[str, Any]:
    items = []
    for field in visible_fields(version.fields, submission.answers):
        value = submission.answers.get(field.id)
        if not field.answerable or value is None:
            continue
        if field.type == "signature":
            items.append({"linkId": field.id, "text": field.label, "item": [
                {"linkId": f"{field.id}.name", "answer": [{"valueString": value["name"]}]},
                {"linkId": f"{field.id}.agreed", "answer": [{"valueBoolean": value["agreed"]}]},
            ]})  # fmt: skip
            continue
        items.append({"linkId": field.id, "text": field.label, "answer": _values(field, value)})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(submission.id),
        "questionnaire": f"{canonical(version)}|{version.version}",
        "status": "amended" if submission.number > 1 else "completed",
        "subject": {"reference": f"Patient/{submission.client_id}"},
        "authored": submission.submitted_at.isoformat(),
        "item": items,
    }
    if submission.score is not None:
        resource["extension"] = [
            {"url": f"{SYSTEM}/StructureDefinition/score", "valueInteger": submission.score},
            {"url": f"{SYSTEM}/StructureDefinition/severity", "valueString": submission.severity},
            {"url": f"{SYSTEM}/StructureDefinition/urgent", "valueBoolean": submission.urgent},
        ]
    return resource
