"""Sessions: cookies and CSRF, refresh rotation and reuse, timeouts, logout, tokens."""

from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

import jwt

from services.identity.tests.integration.conftest import (
    CLIENT_PASSWORD,
    Portal,
    StartPortal,
    Tenant,
)
from shared.auth import AUDIENCE, TokenVerifier, http_jwks_source

SESSIONS = "/api/v1/identity/sessions"
REFRESH = SESSIONS + "/refresh"


async def test_a_browser_gets_httponly_secure_strict_cookies_and_no_tokens_in_the_body(
    start_portal: StartPortal,
) -> None:
    async with start_portal(cookie_secure=True) as portal:
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        http = portal.http()
        async with http.post(
            SESSIONS,
            json={
                "practice": tenant.practice.slug,
                "email": invite.email,
                "password": CLIENT_PASSWORD,
            },
        ) as response:
            body = await response.json()
            cookies = SimpleCookie()
            for header in response.headers.getall("Set-Cookie"):
                cookies.load(header)
        assert "access_token" not in body and "refresh_token" not in body
        assert response.headers["Cache-Control"] == "no-store"
        for name in ("portal_at", "portal_rt", "portal_csrf"):
            assert cookies[name]["secure"] and cookies[name]["samesite"] == "Strict"
        assert cookies["portal_at"]["httponly"] and cookies["portal_rt"]["httponly"]
        assert not cookies["portal_csrf"]["httponly"]  # the page reads it
        assert cookies["portal_rt"]["path"] == "/api/v1/identity/sessions"
        assert cookies["portal_csrf"].value == body["csrf_token"]


async def test_over_https_the_cookies_carry_prefixes_a_sibling_subdomain_cannot_plant(
    start_portal: StartPortal,
) -> None:
    # __Host-: Secure, Path=/, no Domain, so no other host can set or overwrite it. The
    # refresh cookie keeps its narrow Path (it must not ride along to every service), so
    # it can only be __Secure-; planted beside a CSRF cookie nobody else can set, it
    # would refresh nothing.
    async with start_portal(public_url="https://portal.test") as portal:
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        credentials = {"practice": tenant.practice.slug, "email": invite.email}
        async with portal.http().post(
            SESSIONS, json={**credentials, "password": CLIENT_PASSWORD}
        ) as response:
            body = await response.json()
            cookies = SimpleCookie()
            for header in response.headers.getall("Set-Cookie"):
                cookies.load(header)
        assert set(cookies) == {"__Host-portal_at", "__Secure-portal_rt", "__Host-portal_csrf"}
        for name, morsel in cookies.items():
            assert morsel["secure"] and not morsel["domain"], name
        assert cookies["__Host-portal_at"]["path"] == cookies["__Host-portal_csrf"]["path"] == "/"
        assert cookies["__Secure-portal_rt"]["path"] == "/api/v1/identity/sessions"

        refresh, csrf = cookies["__Secure-portal_rt"].value, body["csrf_token"]
        planted = portal.http(
            Cookie=f"portal_rt={refresh}; portal_csrf={csrf}", **{"X-CSRF-Token": csrf}
        )
        await portal.post(planted, REFRESH, None, expect=401)  # plain names mean nothing here
        prefixed = portal.http(
            Cookie=f"__Secure-portal_rt={refresh}; __Host-portal_csrf={csrf}",
            **{"X-CSRF-Token": csrf},
        )
        await portal.post(prefixed, REFRESH, None, expect=200)


async def test_a_cookie_request_without_the_csrf_token_is_refused_and_changes_nothing(
    portal: Portal, tenant: Tenant
) -> None:
    http, body, _ = await portal.active_client(tenant)
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        refused = await portal.post(http, SESSIONS + "/revoke-others", None, headers=headers)
        assert refused["_status"] == 403 and refused["reason"] == "csrf"
        refused = await portal.post(
            http, SESSIONS + "/current", None, method="DELETE", headers=headers
        )
        assert refused["_status"] == 403
    await portal.get(http, "/api/v1/identity/me", expect=200)  # still signed in
    await portal.post(http, REFRESH, None, headers={"X-CSRF-Token": body["csrf_token"]}, expect=200)


async def test_a_refresh_token_rotates_and_a_reused_one_revokes_the_session(
    portal: Portal, tenant: Tenant
) -> None:
    _http, first, _ = await portal.active_client(tenant, client="mobile")
    assert first["token_type"] == "Bearer" and first["expires_in"] == 300
    app = portal.http()
    second = await portal.post(app, REFRESH, {"refresh_token": first["refresh_token"]}, expect=200)
    assert second["refresh_token"] != first["refresh_token"]
    third = await portal.post(app, REFRESH, {"refresh_token": second["refresh_token"]}, expect=200)
    # An attacker replays the first token: the whole session ends, the thief's and ours.
    stolen = await portal.post(portal.http(), REFRESH, {"refresh_token": first["refresh_token"]})
    assert stolen["_status"] == 401
    ours = await portal.post(app, REFRESH, {"refresh_token": third["refresh_token"]})
    assert ours["_status"] == 401
    fresh = portal.http(Authorization=f"Bearer {third['access_token']}")
    await portal.get(fresh, "/api/v1/identity/me", expect=401)
    [row] = await portal.audit_rows(
        action="session.refresh_reused", actor_id=_uuid(first["account"]["id"])
    )
    assert row["outcome"] == "denied"


def _uuid(value: str):  # type: ignore[no-untyped-def]
    import uuid

    return uuid.UUID(value)


async def test_an_idle_session_cannot_be_refreshed(start_portal: StartPortal) -> None:
    async with start_portal(idle_timeout_seconds=1) as portal:
        tenant = await portal.tenant()
        _, body, _ = await portal.active_client(tenant, client="mobile")
        await asyncio.sleep(1.2)
        idle = await portal.post(portal.http(), REFRESH, {"refresh_token": body["refresh_token"]})
        assert idle["_status"] == 401
        me = portal.http(Authorization=f"Bearer {body['access_token']}")
        await portal.get(me, "/api/v1/identity/me", expect=401)


async def test_activity_keeps_a_session_alive_until_its_absolute_limit(
    start_portal: StartPortal,
) -> None:
    async with start_portal(idle_timeout_seconds=2, session_max_seconds=3) as portal:
        tenant = await portal.tenant()
        _, body, _ = await portal.active_client(tenant, client="mobile")
        token = body["refresh_token"]
        for _ in range(2):
            await asyncio.sleep(1.2)
            token = (
                await portal.post(portal.http(), REFRESH, {"refresh_token": token}, expect=200)
            )["refresh_token"]
        await asyncio.sleep(1.0)
        over = await portal.post(portal.http(), REFRESH, {"refresh_token": token})
        assert over["_status"] == 401


async def test_logging_out_ends_the_session_and_clears_the_cookies(
    portal: Portal, tenant: Tenant
) -> None:
    http, body, _ = await portal.active_client(tenant)
    csrf = {"X-CSRF-Token": body["csrf_token"]}
    await portal.post(http, SESSIONS + "/current", None, method="DELETE", headers=csrf, expect=204)
    assert not http.cookie_jar.filter_cookies(portal.url)
    [row] = await portal.audit_rows(
        action="session.ended", resource=f"session:{body['session']['id']}"
    )
    assert row["outcome"] == "success"


async def test_log_out_other_devices_keeps_only_this_one(portal: Portal, tenant: Tenant) -> None:
    phone, _body, invite = await portal.active_client(tenant, client="mobile")
    laptop = portal.http()
    signed = await portal.post(
        laptop,
        SESSIONS,
        {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
        expect=200,
    )
    ended = await portal.post(
        laptop,
        SESSIONS + "/revoke-others",
        None,
        headers={"X-CSRF-Token": signed["csrf_token"]},
        expect=200,
    )
    assert ended["sessions_ended"] == 1
    await portal.get(phone, "/api/v1/identity/me", expect=401)
    await portal.get(laptop, "/api/v1/identity/me", expect=200)


async def test_a_password_change_ends_every_other_session(portal: Portal, tenant: Tenant) -> None:
    phone, _, invite = await portal.active_client(tenant, client="mobile")
    laptop = portal.http()
    signed = await portal.post(
        laptop,
        SESSIONS,
        {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
        expect=200,
    )
    csrf = {"X-CSRF-Token": signed["csrf_token"]}
    new = "saffron-bicycle-meadow-31"
    wrong = await portal.post(
        laptop,
        "/api/v1/identity/me/password",
        {"current_password": "not-it", "password": new, "password_confirmation": new},
        headers=csrf,
    )
    assert wrong["_status"] == 422 and wrong["errors"][0]["field"] == "current_password"
    ended = await portal.post(
        laptop,
        "/api/v1/identity/me/password",
        {"current_password": CLIENT_PASSWORD, "password": new, "password_confirmation": new},
        headers=csrf,
        expect=200,
    )
    assert ended["sessions_ended"] == 1
    await portal.get(phone, "/api/v1/identity/me", expect=401)
    await portal.get(laptop, "/api/v1/identity/me", expect=200)


async def test_access_tokens_are_short_eddsa_jwts_that_the_shared_verifier_accepts(
    portal: Portal, tenant: Tenant
) -> None:
    _, body, _ = await portal.active_client(tenant, client="mobile")
    token = body["access_token"]
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header["alg"] == "EdDSA" and header["kid"]
    assert claims["exp"] - claims["iat"] == 300
    assert claims["aud"] == AUDIENCE and claims["iss"] == portal.idp.settings.token_issuer
    verifier = TokenVerifier(
        http_jwks_source(f"{portal.url}/.well-known/jwks.json"),
        issuer=portal.idp.settings.token_issuer,
    )
    caller = await verifier.verify(token)
    assert str(caller.subject) == body["account"]["id"]
    assert caller.practice_id == tenant.practice.id and caller.role == "client"
    assert caller.session_id == body["session"]["id"]


async def test_a_new_signing_key_is_published_by_every_replica_before_tokens_are_signed_with_it(
    start_portal: StartPortal,
) -> None:
    ahead = {"signing_key_publish_ahead_seconds": 1}
    async with start_portal(**ahead) as first, start_portal(**ahead) as second:
        tenant = await first.tenant()
        _, body, _ = await first.active_client(tenant, client="mobile")
        old_kid = jwt.get_unverified_header(body["access_token"])["kid"]
        # What a service fetches when it meets a key it does not know: another replica's
        # JWKS, which that replica reloads only every 30 s.
        verifier = TokenVerifier(
            http_jwks_source(f"{second.url}/.well-known/jwks.json"),
            issuer=first.idp.settings.token_issuer,
            min_refetch_seconds=0,
        )
        await first.idp.keys.reload(force_rotation=True)  # one replica rotates
        refreshed = await first.post(
            first.http(), REFRESH, {"refresh_token": body["refresh_token"]}, expect=200
        )
        await verifier.verify(refreshed["access_token"])  # the second replica has not reloaded
        assert jwt.get_unverified_header(refreshed["access_token"])["kid"] == old_kid
        await second.idp.keys.reload()  # its periodic reload: now it publishes the next key
        jwks = await second.get(second.http(), "/.well-known/jwks.json", expect=200)
        assert len(jwks["keys"]) == 2 and all("d" not in k for k in jwks["keys"])
        await asyncio.sleep(1.1)  # the next key's time comes
        await first.idp.keys.reload()
        newest = await first.post(
            first.http(), REFRESH, {"refresh_token": refreshed["refresh_token"]}, expect=200
        )
        assert jwt.get_unverified_header(newest["access_token"])["kid"] != old_kid
        await verifier.verify(newest["access_token"])
        await verifier.verify(body["access_token"])  # the old key's tokens live out their time
        await verifier.close()


async def test_me_says_who_is_signed_in_and_at_which_practice(
    portal: Portal, tenant: Tenant
) -> None:
    http, _, invite = await portal.active_client(tenant)
    me = await portal.get(http, "/api/v1/identity/me", expect=200)
    assert (me["email"], me["role"]) == (invite.email, "client")
    assert me["practice"]["slug"] == tenant.practice.slug
    assert set(me["practice"]) == {"slug", "name", "time_zone", "phone"}, "nothing private"


async def test_guessing_the_current_password_from_a_session_is_throttled_like_login(
    start_portal: StartPortal,
) -> None:
    async with start_portal(login_delay_base_seconds=30) as portal:
        tenant = await portal.tenant()
        http, _, invite = await portal.active_client(tenant, client="mobile")
        new = "saffron-bicycle-meadow-31"
        guess = {"current_password": "guess", "password": new, "password_confirmation": new}
        answers = [
            (await portal.post(http, "/api/v1/identity/me/password", guess))["_status"]
            for _ in range(6)
        ]
        assert answers == [422] * 5 + [429], "the sixth guess waits, as a sixth login would"
        login = {
            "practice": tenant.practice.slug,
            "email": invite.email,
            "password": CLIENT_PASSWORD,
        }
        assert (await portal.post(portal.http(), SESSIONS, login))["_status"] == 429


async def test_two_tabs_refreshing_together_keep_the_session(
    portal: Portal, tenant: Tenant
) -> None:
    _http, first, _ = await portal.active_client(tenant, client="mobile")
    token = {"refresh_token": first["refresh_token"]}
    answers = await asyncio.gather(*(portal.post(portal.http(), REFRESH, token) for _ in range(2)))
    assert sorted(a["_status"] for a in answers) == [200, 401], "one rotates, one is told no"
    [winner] = [a for a in answers if a["_status"] == 200]
    fresh = portal.http(Authorization=f"Bearer {winner['access_token']}")
    await portal.get(fresh, "/api/v1/identity/me", expect=200)
    await portal.post(
        portal.http(), REFRESH, {"refresh_token": winner["refresh_token"]}, expect=200
    )
