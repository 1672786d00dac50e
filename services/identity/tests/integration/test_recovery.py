"""Recovery: "Forgot your password?" tells nothing, its link works once, briefly, newest only."""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

from services.identity.tests.integration.conftest import (
    CLIENT_PASSWORD,
    Portal,
    StartPortal,
    Tenant,
    link_token,
)

RESETS = "/api/v1/identity/password-resets"
CONFIRM = RESETS + "/confirm"
NEW = "copper-harbor-lantern-66"


async def test_a_reset_request_answers_alike_for_known_and_unknown_emails(
    start_portal: StartPortal,
) -> None:
    async with start_portal(reset_min_response_seconds=0.2) as portal:
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        http = portal.http()
        timings: dict[str, list[float]] = {invite.email: [], "ghost@example.com": []}
        answers = set()
        for _ in range(3):
            for email in timings:
                started = time.perf_counter()
                answer = await portal.post(
                    http, RESETS, {"practice": tenant.practice.slug, "email": email}
                )
                timings[email].append(time.perf_counter() - started)
                answer.pop("request_id", None)
                answers.add(tuple(sorted(answer.items())))
        assert len(answers) == 1 and dict(next(iter(answers)))["_status"] == 202
        known, unknown = (statistics.median(t) for t in timings.values())
        assert abs(known - unknown) < 0.05, timings
        assert len(await portal.smtp.wait_for(invite.email, count=4)) == 4  # invite + 3
        assert portal.smtp.to("ghost@example.com") == []


async def test_only_the_newest_reset_link_works_and_only_once(
    portal: Portal, tenant: Tenant
) -> None:
    _, _, invite = await portal.active_client(tenant)
    body = {"practice": tenant.practice.slug, "email": invite.email}
    await portal.post(portal.http(), RESETS, body, expect=202)
    await portal.post(portal.http(), RESETS, body, expect=202)
    older, newer = (link_token(m) for m in (await portal.smtp.wait_for(invite.email, count=3))[1:])
    change = {"password": NEW, "password_confirmation": NEW}
    stale = await portal.post(portal.http(), CONFIRM, {"token": older, **change})
    assert stale["_status"] == 410
    await portal.post(portal.http(), CONFIRM, {"token": newer, **change}, expect=204)
    twice = await portal.post(portal.http(), CONFIRM, {"token": newer, **change})
    assert twice["_status"] == 410
    await portal.post(
        portal.http(),
        "/api/v1/identity/sessions",
        {"practice": tenant.practice.slug, "email": invite.email, "password": NEW},
        expect=200,
    )


async def test_a_reset_link_expires(start_portal: StartPortal) -> None:
    async with start_portal(reset_link_minutes=1 / 60) as portal:  # one second
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        await portal.post(
            portal.http(),
            RESETS,
            {"practice": tenant.practice.slug, "email": invite.email},
            expect=202,
        )
        token = link_token((await portal.smtp.wait_for(invite.email, count=2))[-1])
        await asyncio.sleep(1.1)
        late = await portal.post(
            portal.http(), CONFIRM, {"token": token, "password": NEW, "password_confirmation": NEW}
        )
        assert late["_status"] == 410
        await portal.post(
            portal.http(),
            "/api/v1/identity/sessions",
            {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
            expect=200,
        )


async def test_a_weak_or_mismatched_new_password_is_refused_with_feedback_and_keeps_the_link(
    portal: Portal, tenant: Tenant
) -> None:
    _, _, invite = await portal.active_client(tenant)
    await portal.post(
        portal.http(), RESETS, {"practice": tenant.practice.slug, "email": invite.email}, expect=202
    )
    token = link_token((await portal.smtp.wait_for(invite.email, count=2))[-1])
    weak = await portal.post(
        portal.http(),
        CONFIRM,
        {"token": token, "password": "password1", "password_confirmation": "password1"},
    )
    assert weak["_status"] == 422 and weak["errors"][0]["field"] == "password"
    assert weak["feedback"]["suggestions"] and weak["detail"]
    own_email = await portal.post(
        portal.http(),
        CONFIRM,
        {"token": token, "password": invite.email, "password_confirmation": invite.email},
    )
    assert own_email["_status"] == 422
    mismatch = await portal.post(
        portal.http(),
        CONFIRM,
        {"token": token, "password": NEW, "password_confirmation": NEW + "x"},
    )
    assert mismatch["errors"][0]["field"] == "password_confirmation"
    await portal.post(
        portal.http(),
        CONFIRM,
        {"token": token, "password": NEW, "password_confirmation": NEW},
        expect=204,
    )


async def test_the_strength_check_gives_a_score_and_feedback(portal: Portal) -> None:
    http = portal.http()
    weak = await portal.post(
        http, "/api/v1/identity/passwords/check", {"password": "letmein1"}, expect=200
    )
    assert weak["acceptable"] is False and weak["score"] < 3 and weak["warning"]
    strong = await portal.post(
        http,
        "/api/v1/identity/passwords/check",
        {"password": "correct horse battery staple ünïcode"},
        expect=200,
    )
    assert strong["acceptable"] is True and strong["score"] >= 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": "x" * 257}, "password"),
        ({"password": "long enough", "first_name": "y" * 201}, "first_name"),
    ],
)
async def test_the_strength_check_refuses_over_long_input_naming_the_field(
    portal: Portal, body: dict[str, str], field: str
) -> None:
    # The policy allows at most 256 characters (zxcvbn reads 72 of them): nothing longer
    # is worth a thread's time.
    problem = await portal.post(portal.http(), "/api/v1/identity/passwords/check", body, expect=422)
    assert [e["field"] for e in problem["errors"]] == [field]


async def test_a_reset_link_sent_to_a_clients_old_address_dies_when_staff_change_it(
    portal: Portal, tenant: Tenant
) -> None:
    # A wrong address corrected by staff: whoever reads the old mailbox must not keep a
    # live link to the client's account.
    _, body, invite = await portal.active_client(tenant)
    await portal.post(
        portal.http(), RESETS, {"practice": tenant.practice.slug, "email": invite.email}, expect=202
    )
    [_, recovery] = await portal.smtp.wait_for(invite.email, count=2)
    staff = await portal.staff_session(tenant, tenant.admin)  # an active client's: admins only
    await portal.post(
        staff,
        f"/api/v1/identity/clients/{body['account']['id']}",
        {"email": "corrected-address@example.com"},
        method="PATCH",
        expect=200,
    )
    change = {"password": NEW, "password_confirmation": NEW}
    stale = await portal.post(portal.http(), CONFIRM, {"token": link_token(recovery), **change})
    assert stale["_status"] == 410


async def test_a_sign_in_half_done_with_the_old_password_cannot_finish_after_a_reset(
    portal: Portal, tenant: Tenant
) -> None:
    staff = tenant.clinician
    thief = await portal.post(
        portal.http(),
        "/api/v1/identity/sessions",
        {"practice": tenant.practice.slug, "email": staff.email, "password": staff.password},
        expect=200,
    )
    assert thief["status"] == "totp_required"
    before = len(portal.smtp.to(staff.email))
    await portal.post(
        portal.http(), RESETS, {"practice": tenant.practice.slug, "email": staff.email}, expect=202
    )
    link = link_token((await portal.smtp.wait_for(staff.email, count=before + 1))[-1])
    await portal.post(
        portal.http(),
        CONFIRM,
        {"token": link, "password": NEW, "password_confirmation": NEW},
        expect=204,
    )
    finish = await portal.post(
        portal.http(),
        "/api/v1/identity/sessions/totp",
        {"challenge": thief["challenge"], "code": staff.code()},
    )
    assert finish["_status"] == 401
