"""The FHIR R4 rules our exports must keep (Questionnaire and QuestionnaireResponse), as
checks a test can run: item types, linkIds, one value[x] per answer of the item's type."""

from __future__ import annotations

from typing import Any

ITEM_TYPES = {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
              "string", "text", "url", "choice", "open-choice", "attachment", "reference",
              "quantity"}  # fmt: skip
VALUE_FOR_TYPE = {
    "boolean": "valueBoolean", "decimal": "valueDecimal", "integer": "valueInteger",
    "date": "valueDate", "string": "valueString", "text": "valueString", "choice": "valueCoding",
}  # fmt: skip
QR_STATUS = {"in-progress", "completed", "amended", "entered-in-error", "stopped"}


def _values(entry: dict[str, Any], prefix: str) -> list[str]:
    return [k for k in entry if k.startswith(prefix)]


def items_by_link(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        assert isinstance(item["linkId"], str) and item["linkId"] not in out
        out[item["linkId"]] = item
        out |= items_by_link(item.get("item", []))
    return out


def check_questionnaire(q: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert q["resourceType"] == "Questionnaire"
    assert q["status"] in {"draft", "active", "retired", "unknown"}
    assert isinstance(q["url"], str) and isinstance(q["version"], str)
    links = items_by_link(q["item"])
    for item in links.values():
        assert item["type"] in ITEM_TYPES, item
        assert item["type"] != "display" or "required" not in item
        for option in item.get("answerOption", []):
            assert _values(option, "value") == ["valueCoding"]
            assert {"system", "code", "display"} <= set(option["valueCoding"])
        for when in item.get("enableWhen", []):
            assert when["question"] in links and when["operator"] == "="
            assert len(_values(when, "answer")) == 1
        if item["type"] == "group":
            assert item["item"], "a group holds items"
    return links


def check_response(r: dict[str, Any], q: dict[str, Any]) -> None:
    links = check_questionnaire(q)
    assert r["resourceType"] == "QuestionnaireResponse"
    assert r["status"] in QR_STATUS
    assert r["questionnaire"] == f"{q['url']}|{q['version']}"
    assert r["subject"]["reference"].startswith("Patient/")
    for item in items_by_link(r["item"]).values():
        definition = links[item["linkId"]]
        for answer in item.get("answer", []):
            [key] = _values(answer, "value")
            assert key == VALUE_FOR_TYPE[definition["type"]], (item["linkId"], key)
        if len(item.get("answer", [])) > 1:
            assert definition.get("repeats") is True
