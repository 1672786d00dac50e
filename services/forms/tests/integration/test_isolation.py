"""A client never reaches another client's forms; staff never another practice's."""

from __future__ import annotations

from services.forms.tests.integration.conftest import Forms, call
from services.forms.tests.integration.test_filling import INTAKE_ANSWERS, filling


async def test_a_client_cannot_read_or_change_another_clients_responses(forms: Forms) -> None:
    practice = await forms.practice()
    victim = await filling(forms, practice)
    await victim.save({"legal_name": "Victim"}, if_match='"0"')
    submitted = await call(victim.session, "POST", victim.url("/submissions"),
                           json={"answers": INTAKE_ANSWERS}, expect=201)  # fmt: skip
    other = forms.as_client(practice, await forms.client(practice))
    await call(other, "GET", victim.url(), expect=404)
    fresh = {"If-Match": '"0"'}
    await call(other, "PUT", victim.url("/draft"), json={"answers": {}}, headers=fresh, expect=404)
    await call(other, "POST", victim.url("/check"), json={"answers": INTAKE_ANSWERS}, expect=404)
    await call(
        other, "POST", victim.url("/submissions"), json={"answers": INTAKE_ANSWERS}, expect=404
    )
    for tail in ("", "/pdf", "/fhir"):
        await call(other, "GET", f"/api/v1/forms/submissions/{submitted['id']}{tail}", expect=404)
    await call(other, "GET", f"/api/v1/forms/clients/{victim.client_id}/assignments", expect=403)
    await call(other, "POST", f"/api/v1/forms/clients/{victim.client_id}/assignments",
               json={"template_ids": []}, expect=403)  # fmt: skip
    mine = await call(other, "GET", "/api/v1/forms/assignments")
    assert victim.assignment["id"] not in [a["id"] for a in mine["pending"] + mine["completed"]]
    opened, _ = await victim.open()
    assert opened["assignment"]["status"] == "completed"


async def test_staff_of_another_practice_cannot_reach_a_clients_forms(forms: Forms) -> None:
    practice, elsewhere = await forms.practice(), await forms.practice()
    victim = await filling(forms, practice)
    submitted = await call(victim.session, "POST", victim.url("/submissions"),
                           json={"answers": INTAKE_ANSWERS}, expect=201)  # fmt: skip
    outsider = forms.as_staff(elsewhere, "admin")
    await call(outsider, "GET", victim.url(), expect=404)
    for tail in ("", "/pdf", "/fhir"):
        await call(
            outsider, "GET", f"/api/v1/forms/submissions/{submitted['id']}{tail}", expect=404
        )
    await call(outsider, "GET", f"/api/v1/forms/clients/{victim.client_id}/assignments", expect=404)
    mine = {t["builtin"]: t["id"] for t in await call(outsider, "GET", "/api/v1/forms/templates")}
    await call(outsider, "POST", f"/api/v1/forms/clients/{victim.client_id}/assignments",
               json={"template_ids": [mine["phq9"]]}, expect=404)  # fmt: skip
    assert await forms.audits(client_id=victim.client_id) == []


async def test_a_client_token_from_another_practice_finds_nothing(forms: Forms) -> None:
    practice, elsewhere = await forms.practice(), await forms.practice()
    victim = await filling(forms, practice)
    # The same client id, signed for another practice: still nothing.
    stranger = forms.as_client(elsewhere, victim.client_id)
    await call(stranger, "GET", victim.url(), expect=404)
    assert (await call(stranger, "GET", "/api/v1/forms/assignments"))["pending"] == []


async def test_bad_ids_get_422_naming_them_and_no_token_gets_401(forms: Forms) -> None:
    practice = await forms.practice()
    victim = await filling(forms, practice)
    problem = await call(victim.session, "GET", "/api/v1/forms/assignments/not-a-uuid", expect=422)
    assert problem["errors"][0]["field"] == "assignment_id"
    anonymous = forms._session({})
    await call(anonymous, "GET", victim.url(), expect=401)
