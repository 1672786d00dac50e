"""A client fills in a form: autosave with ETag/If-Match, checks, submit, corrections."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import aiohttp

from services.forms.tests.integration.conftest import Forms, Practice, call

INTAKE_ANSWERS = {
    "legal_name": "Jordan Rivera", "date_of_birth": "1990-01-02", "phone": "555 0100",
    "reason": "Stress at work", "previous_therapy": "no",
}  # fmt: skip


@dataclass
class Filling:
    client_id: uuid.UUID
    session: aiohttp.ClientSession
    assignment: dict[str, Any]

    def url(self, tail: str = "") -> str:
        return f"/api/v1/forms/assignments/{self.assignment['id']}{tail}"

    async def save(
        self, answers: dict[str, Any], *, if_match: str | None, expect: int = 200
    ) -> tuple[Any, str | None]:
        headers = {"If-Match": if_match} if if_match is not None else {}
        body = {"answers": answers}
        async with self.session.put(self.url("/draft"), json=body, headers=headers) as r:
            found = await r.json(content_type=None)
            assert r.status == expect, (r.status, found)
            return found, r.headers.get("ETag")

    async def open(self) -> tuple[Any, str]:
        async with self.session.get(self.url()) as r:
            assert r.status == 200
            return await r.json(), r.headers["ETag"]


async def filling(forms: Forms, practice: Practice, title: str = "Intake questionnaire") -> Filling:
    client_id = await forms.client(practice)
    pending = await forms.intake(practice, client_id)
    assignment = next(a for a in pending if a["title"] == title)
    return Filling(client_id, forms.as_client(practice, client_id), assignment)


async def test_a_draft_saves_as_the_client_types_and_survives_logging_out(forms: Forms) -> None:
    practice = await forms.practice()
    f = await filling(forms, practice)
    opened, tag = await f.open()
    assert tag == '"0"' and opened["draft"] is None
    _, tag = await f.save({"legal_name": "Jor"}, if_match=tag)
    assert tag == '"1"'
    await f.save({"legal_name": "Jordan"}, if_match=tag)
    later = Filling(f.client_id, forms.as_client(practice, f.client_id), f.assignment)
    opened, tag = await later.open()
    assert (opened["draft"]["answers"], tag) == ({"legal_name": "Jordan"}, '"2"')
    mine = await call(later.session, "GET", "/api/v1/forms/assignments")
    assert next(a for a in mine["pending"] if a["id"] == f.assignment["id"])["in_progress"]


async def test_two_tabs_cannot_overwrite_each_other_unseen(forms: Forms) -> None:
    practice = await forms.practice()
    f = await filling(forms, practice)
    _, tag = await f.open()
    _, first = await f.save({"legal_name": "Tab one"}, if_match=tag)  # tab one
    problem, _ = await f.save({"legal_name": "Tab two"}, if_match=tag, expect=412)  # tab two
    assert "another tab" in problem["detail"]
    problem, _ = await f.save({"legal_name": "No header"}, if_match=None, expect=428)
    await f.save({"legal_name": "Garbage"}, if_match="*", expect=412)
    opened, now = await f.open()
    assert (opened["draft"]["answers"]["legal_name"], now) == ("Tab one", first)


async def test_the_first_save_may_come_without_if_match(forms: Forms) -> None:
    f = await filling(forms, await forms.practice())
    _, tag = await f.save({"phone": "555 0100"}, if_match=None)
    assert tag == '"1"'


async def test_checking_lists_every_field_that_needs_another_look(forms: Forms) -> None:
    f = await filling(forms, await forms.practice())
    answers = {"legal_name": "Jordan", "date_of_birth": "not a date", "phone": 5}
    problem = await call(f.session, "POST", f.url("/check"), json={"answers": answers}, expect=422)
    reasons = {e["field"]: e["reason"] for e in problem["errors"]}
    assert reasons == {
        "answers.date_of_birth": "must be a date (YYYY-MM-DD)",
        "answers.phone": "must be text",
        "answers.reason": "is required",
        "answers.previous_therapy": "is required",
    }
    await call(f.session, "POST", f.url("/check"), json={"answers": INTAKE_ANSWERS}, expect=204)


async def test_hostile_answers_get_422_and_change_nothing(forms: Forms) -> None:
    f = await filling(forms, await forms.practice())
    _, tag = await f.save({"legal_name": "Jordan"}, if_match='"0"')
    hostile = [
        {"legal_name": "x" * 501},
        {"reason": "x" * 10_001},
        {"legal_name": ["not", "text"]},
        {"previous_therapy": "<script>alert(1)</script>"},
        {"no_such_field": "x"},
        {"about": "a heading takes no answer"},
        {"legal_name": "nul\u0000byte"},
    ]
    for answers in hostile:
        problem, _ = await f.save(answers, if_match=tag, expect=422)
        assert problem["errors"][0]["field"].startswith("answers."), problem
    async with f.session.put(f.url("/draft"), data=b"{not json", headers={
        "If-Match": tag, "Content-Type": "application/json"}) as r:  # fmt: skip
        assert r.status == 422
    too_many = {f"k{n}": "x" for n in range(201)}
    await f.save(too_many, if_match=tag, expect=422)
    opened, now = await f.open()
    assert (opened["draft"]["answers"], now) == ({"legal_name": "Jordan"}, tag)
    await call(f.session, "POST", f.url("/submissions"), json={"answers": {"zzz": 1}}, expect=422)
    assert (await f.open())[0]["assignment"]["status"] == "pending"


async def test_script_in_an_answer_is_kept_as_text(forms: Forms) -> None:
    f = await filling(forms, await forms.practice())
    answers = INTAKE_ANSWERS | {"reason": "<img src=x onerror=alert(1)>"}
    await f.save(answers, if_match='"0"')
    assert (await f.open())[0]["draft"]["answers"]["reason"] == "<img src=x onerror=alert(1)>"


async def test_submitting_completes_it_and_a_correction_is_a_new_submission(forms: Forms) -> None:
    practice = await forms.practice()
    f = await filling(forms, practice)
    _, tag = await f.save(INTAKE_ANSWERS, if_match='"0"')
    body = {"answers": INTAKE_ANSWERS}
    first = await call(
        f.session, "POST", f.url("/submissions"), json=body, headers={"If-Match": tag}, expect=201
    )
    assert first["number"] == 1
    opened, tag = await f.open()
    assert opened["assignment"]["status"] == "completed" and opened["draft"] is None
    assert opened["last_answers"] == INTAKE_ANSWERS and tag == '"0"'
    corrected = INTAKE_ANSWERS | {"phone": "555 0199"}
    await f.save(corrected, if_match=tag)
    second = await call(
        f.session, "POST", f.url("/submissions"), json={"answers": corrected}, expect=201
    )
    assert second["number"] == 2
    view = await call(f.session, "GET", f"/api/v1/forms/submissions/{second['id']}", expect=200)
    assert view["changed"] == ["phone"] and view["previous_id"] == first["id"]
    events = await forms.events("form.submitted", client_id=f.client_id)
    assert [e["submission_id"] for e in events] == [first["id"], second["id"]]
    assert all("answers" not in e and "Jordan" not in str(e) for e in events)


async def test_a_stale_submit_is_refused(forms: Forms) -> None:
    f = await filling(forms, await forms.practice())
    await f.save({"legal_name": "x"}, if_match='"0"')
    await call(f.session, "POST", f.url("/submissions"), json={"answers": INTAKE_ANSWERS},
               headers={"If-Match": '"0"'}, expect=412)  # fmt: skip
    assert (await f.open())[0]["assignment"]["status"] == "pending"


async def test_staff_cannot_fill_in_a_clients_form(forms: Forms) -> None:
    practice = await forms.practice()
    f = await filling(forms, practice)
    staff = forms.as_staff(practice)
    await call(staff, "PUT", f.url("/draft"), json={"answers": {}}, expect=403)
    await call(staff, "POST", f.url("/submissions"), json={"answers": INTAKE_ANSWERS}, expect=403)
    opened = await call(staff, "GET", f.url(), expect=200)
    assert opened["draft"] is None  # staff never see a draft in progress
