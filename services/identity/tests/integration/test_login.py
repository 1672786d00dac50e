"""Login: one answer for every failure, throttling, audit, TOTP for staff."""

from __future__ import annotations

import asyncio

import pyotp

from services.identity.tests.integration.conftest import (
    CLIENT_PASSWORD,
    Portal,
    StartPortal,
    Tenant,
)

SESSIONS = "/api/v1/identity/sessions"


def _same_answer(problem: dict) -> tuple:
    return problem["_status"], problem["title"], problem["detail"], problem.get("errors")


async def test_login_failures_answer_alike_whatever_the_cause(
    portal: Portal, tenant: Tenant
) -> None:
    _, _, invite = await portal.active_client(tenant)
    http = portal.http()
    slug = tenant.practice.slug
    answers = [
        await portal.post(
            http,
            SESSIONS,
            {"practice": slug, "email": invite.email, "password": "not-the-password"},
        ),
        await portal.post(
            http,
            SESSIONS,
            {"practice": slug, "email": "nobody@example.com", "password": "not-the-password"},
        ),
        await portal.post(
            http,
            SESSIONS,
            {"practice": "no-such-practice", "email": invite.email, "password": CLIENT_PASSWORD},
        ),
    ]
    staff = await portal.staff_session(tenant, tenant.clinician)
    _, pending = await portal.invite(staff)  # invited, no password yet
    answers.append(
        await portal.post(
            http, SESSIONS, {"practice": slug, "email": pending.email, "password": pending.pin}
        )
    )
    assert {_same_answer(a) for a in answers} == {
        (401, "Authentication required", "The email or password is incorrect.", None)
    }


async def test_an_account_waits_after_five_failures_and_is_locked_after_ten_then_freed(
    start_portal: StartPortal,
) -> None:
    async with start_portal(login_delay_base_seconds=0.2, login_lock_seconds=1.5) as portal:
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        http = portal.http()
        bad = {"practice": tenant.practice.slug, "email": invite.email, "password": "wrong-1"}
        good = {**bad, "password": CLIENT_PASSWORD}
        statuses = [(await portal.post(http, SESSIONS, bad))["_status"] for _ in range(5)]
        assert statuses == [401] * 5
        waiting = await portal.post(http, SESSIONS, good)  # even the right password waits
        assert waiting["_status"] == 429
        for _ in range(5):  # failures 6..10, each after its (growing) delay
            await _wait_out(portal, http, bad)
        locked = await portal.post(http, SESSIONS, good)
        assert locked["_status"] == 429
        assert 0 < int(locked["detail"].split()[-2]) <= 2
        await asyncio.sleep(1.6)
        await portal.post(http, SESSIONS, good, expect=200)
        again = await portal.post(portal.http(), SESSIONS, bad)  # the count starts afresh
        assert again["_status"] == 401


async def _wait_out(portal: Portal, http: object, body: dict) -> None:
    for _ in range(100):
        answer = await portal.post(http, SESSIONS, body)  # type: ignore[arg-type]
        if answer["_status"] == 401:
            return
        assert answer["_status"] == 429
        await asyncio.sleep(0.1)
    raise AssertionError("never let through")


async def test_an_unknown_email_is_throttled_exactly_like_a_real_one(
    start_portal: StartPortal,
) -> None:
    async with start_portal(login_delay_base_seconds=30) as portal:
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        http = portal.http()
        seen = []
        for email in (invite.email, "ghost@example.com"):
            body = {"practice": tenant.practice.slug, "email": email, "password": "wrong-1"}
            answers = [await portal.post(http, SESSIONS, body) for _ in range(6)]
            seen.append([(a["_status"], a["title"]) for a in answers])
        assert (
            seen[0]
            == seen[1]
            == [(401, "Authentication required")] * 5 + [(429, "Too many requests")]
        )


async def test_every_login_success_and_failure_is_audited_without_secrets(
    portal: Portal, tenant: Tenant
) -> None:
    _, _body, invite = await portal.active_client(tenant)
    http = portal.http(**{"User-Agent": "pytest-browser"})
    bad = {"practice": tenant.practice.slug, "email": invite.email, "password": "wrong-pass-7"}
    await portal.post(http, SESSIONS, bad, expect=401)
    await portal.post(http, SESSIONS, {**bad, "password": CLIENT_PASSWORD}, expect=200)
    rows = await portal.audit_rows(
        practice_id=tenant.practice.id, action="login.password", user_agent="pytest-browser"
    )
    assert [r["outcome"] for r in rows] == ["failure", "success"]
    assert all(r["ip"] == "127.0.0.1" and r["request_id"] for r in rows)
    assert rows[1]["actor_id"] is not None and rows[1]["actor_role"] == "client"
    dump = str([dict(r) for r in await portal.audit_rows(practice_id=tenant.practice.id)])
    for secret in (CLIENT_PASSWORD, "wrong-pass-7", invite.pin, invite.token):
        assert secret not in dump


async def test_a_client_of_practice_a_cannot_log_in_at_practice_b(
    portal: Portal, tenant: Tenant
) -> None:
    _, _, invite = await portal.active_client(tenant)
    other = await portal.tenant()
    answer = await portal.post(
        portal.http(),
        SESSIONS,
        {"practice": other.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
    )
    assert answer["_status"] == 401


async def test_staff_without_totp_must_enrol_before_their_session_starts(
    portal: Portal, tenant: Tenant
) -> None:
    admin = await portal.staff_session(tenant, tenant.admin)
    added = await portal.post(
        admin,
        "/api/v1/identity/staff",
        {
            "first_name": "Nia",
            "last_name": "New",
            "email": "nia.new@example.com",
            "role": "clinician",
        },
        expect=201,
    )
    assert added["status"] == "invited"
    from services.identity.tests.integration.conftest import link_token

    [setup] = await portal.smtp.wait_for("nia.new@example.com")
    password = "nia-secure-garden-62"
    await portal.post(
        portal.http(),
        "/api/v1/identity/password-resets/confirm",
        {"token": link_token(setup), "password": password, "password_confirmation": password},
        expect=204,
    )
    http = portal.http()
    step = await portal.post(
        http,
        SESSIONS,
        {"practice": tenant.practice.slug, "email": "nia.new@example.com", "password": password},
        expect=200,
    )
    assert step["status"] == "totp_enrolment_required"
    assert step["otpauth_uri"].startswith("otpauth://totp/")
    assert not http.cookie_jar.filter_cookies(portal.url)  # no session yet
    wrong = await portal.post(
        http, SESSIONS + "/totp", {"challenge": step["challenge"], "code": "000000"}
    )
    assert wrong["_status"] == 401
    code = pyotp.TOTP(step["totp_secret"]).now()
    done = await portal.post(
        http, SESSIONS + "/totp", {"challenge": step["challenge"], "code": code}, expect=200
    )
    assert done["status"] == "signed_in" and done["account"]["totp_enabled"]
    # Next time: a code is asked for, and the one just used does not work again.
    step = await portal.post(
        http,
        SESSIONS,
        {"practice": tenant.practice.slug, "email": "nia.new@example.com", "password": password},
        expect=200,
    )
    assert step["status"] == "totp_required" and "totp_secret" not in step
    replay = await portal.post(
        http, SESSIONS + "/totp", {"challenge": step["challenge"], "code": code}
    )
    assert replay["_status"] == 401


async def test_a_wrong_code_five_times_ends_the_sign_in_step(
    portal: Portal, tenant: Tenant
) -> None:
    http = portal.http()
    step = await portal.post(
        http,
        SESSIONS,
        {
            "practice": tenant.practice.slug,
            "email": tenant.admin.email,
            "password": tenant.admin.password,
        },
        expect=200,
    )
    for _ in range(5):
        await portal.post(
            http, SESSIONS + "/totp", {"challenge": step["challenge"], "code": "000000"}, expect=401
        )
    late = await portal.post(
        http, SESSIONS + "/totp", {"challenge": step["challenge"], "code": tenant.admin.code()}
    )
    assert late["_status"] == 401 and "expired" in late["detail"]


async def test_a_client_may_opt_in_to_totp_after_giving_their_password(
    portal: Portal, tenant: Tenant
) -> None:
    http, body, invite = await portal.active_client(tenant)
    csrf = {"X-CSRF-Token": body["csrf_token"]}
    stolen_session = await portal.post(
        http, "/api/v1/identity/me/totp", {"current_password": "a-guess"}, headers=csrf
    )
    assert stolen_session["_status"] == 422
    assert stolen_session["errors"][0]["field"] == "current_password"
    enrol = await portal.post(
        http,
        "/api/v1/identity/me/totp",
        {"current_password": CLIENT_PASSWORD},
        headers=csrf,
        expect=201,
    )
    totp = pyotp.TOTP(enrol["totp_secret"])
    await portal.post(
        http, "/api/v1/identity/me/totp/verify", {"code": "123456"}, headers=csrf, expect=422
    )
    await portal.post(
        http, "/api/v1/identity/me/totp/verify", {"code": totp.now()}, headers=csrf, expect=204
    )
    step = await portal.post(
        portal.http(),
        SESSIONS,
        {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
        expect=200,
    )
    assert step["status"] == "totp_required"


async def test_a_deactivated_client_loses_sessions_and_cannot_log_in(
    portal: Portal, tenant: Tenant
) -> None:
    http, body, invite = await portal.active_client(tenant)
    admin = await portal.staff_session(tenant, tenant.admin)
    clinician = await portal.staff_session(tenant, tenant.clinician)
    client_id = body["account"]["id"]
    path = f"/api/v1/identity/clients/{client_id}/deactivate"
    await portal.post(clinician, path, None, expect=403)  # admins only
    done = await portal.post(admin, path, None, expect=200)
    assert done["status"] == "disabled"
    await portal.get(http, "/api/v1/identity/me", expect=401)
    answer = await portal.post(
        portal.http(),
        SESSIONS,
        {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
    )
    assert answer["_status"] == 401
    events = await portal.db.fetch(
        "SELECT envelope FROM identity.outbox WHERE type = 'client.deactivated'"
        " AND envelope->>'subject' = $1",
        client_id,
    )
    assert len(events) == 1


async def test_production_argon2_parameters_hash_and_upgrade_old_hashes(
    portal: Portal, tenant: Tenant, start_portal: StartPortal
) -> None:
    _, _, invite = await portal.active_client(tenant)  # hashed with the cheap test cost
    # The same database, now with the production parameters (the defaults).
    async with start_portal(
        argon2_time_cost=3, argon2_memory_kib=65536, argon2_parallelism=4
    ) as production:
        await production.post(
            production.http(),
            SESSIONS,
            {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
            expect=200,
        )
        stored = await production.db.fetchval(
            "SELECT password_hash FROM identity.accounts WHERE email = $1 AND practice_id = $2",
            invite.email,
            tenant.practice.id,
        )
        assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        await production.post(
            production.http(),
            SESSIONS,
            {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
            expect=200,
        )


async def test_parallel_wrong_passwords_cannot_outrun_the_lock(
    start_portal: StartPortal,
) -> None:
    # Every guess is checked against the count before the (slow) password check; sent
    # all at once, they must not all pass the check before any failure is counted.
    async with start_portal(login_lock_seconds=600, login_delay_base_seconds=600) as portal:
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        http = portal.http()
        body = {"practice": tenant.practice.slug, "email": invite.email}
        answers = await asyncio.gather(
            *(portal.post(http, SESSIONS, {**body, "password": f"guess-{i}"}) for i in range(40))
        )
        checked = [a for a in answers if a["_status"] == 401]
        assert len(checked) <= 5, [a["_status"] for a in answers]
        assert all(a["_status"] in (401, 429) for a in answers)


async def test_wrong_codes_count_against_the_account_across_fresh_challenges(
    start_portal: StartPortal,
) -> None:
    # Someone who has the password must not get five new guesses at the code each time
    # they sign in again: wrong codes count like wrong passwords.
    async with start_portal(login_delay_base_seconds=600) as portal:
        tenant = await portal.tenant()
        http = portal.http()
        login = {
            "practice": tenant.practice.slug,
            "email": tenant.admin.email,
            "password": tenant.admin.password,
        }
        guesses = 0
        for _ in range(4):
            step = await portal.post(http, SESSIONS, login)
            if step["_status"] != 200:
                break
            for _ in range(5):
                answer = await portal.post(
                    http, SESSIONS + "/totp", {"challenge": step["challenge"], "code": "000000"}
                )
                guesses += answer["_status"] == 401
        assert step["_status"] == 429
        assert guesses <= 5


async def test_staff_who_got_their_password_right_just_before_the_lock_can_still_give_the_code(
    start_portal: StartPortal,
) -> None:
    async with start_portal(login_delay_after=10, login_lock_after=10) as portal:
        tenant = await portal.tenant()
        http = portal.http()
        login = {
            "practice": tenant.practice.slug,
            "email": tenant.admin.email,
            "password": tenant.admin.password,
        }
        for _ in range(9):
            await portal.post(http, SESSIONS, {**login, "password": "wrong-1"}, expect=401)
        step = await portal.post(http, SESSIONS, login, expect=200)
        done = await portal.post(
            http,
            SESSIONS + "/totp",
            {"challenge": step["challenge"], "code": tenant.admin.code()},
            expect=200,
        )
        assert done["status"] == "signed_in"
        again = await portal.post(portal.http(), SESSIONS, {**login, "password": "wrong-2"})
        assert again["_status"] == 401, "the count starts afresh after signing in"
