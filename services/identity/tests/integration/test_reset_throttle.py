""" "Forgot your password?" emails an account at most once per interval (issue 8, finding
10), and the caller cannot tell: every request gets the same answer."""

from __future__ import annotations

import json
import uuid

from services.identity.tests.integration.conftest import StartPortal

RESETS = "/api/v1/identity/password-resets"


async def test_one_reset_email_per_account_per_interval_with_the_same_answer_each_time(
    start_portal: StartPortal,
) -> None:
    async with start_portal(reset_email_interval_seconds=300) as portal:
        tenant = await portal.tenant()
        _, client, invite = await portal.active_client(tenant)
        body = {"practice": tenant.practice.slug, "email": invite.email}
        answers = []
        for _ in range(4):
            answer = await portal.post(portal.http(), RESETS, body)
            answer.pop("request_id", None)
            answers.append(answer)
        assert all(a == answers[0] for a in answers) and answers[0]["_status"] == 202, answers
        # Each request commits before it answers: what it would send is in the outbox.
        queued = await portal.db.fetchval(
            "SELECT count(*) FROM identity.email_outbox WHERE to_address = $1", invite.email
        )
        assert queued == 2  # the welcome and one reset link
        links = await portal.db.fetchval(
            "SELECT count(*) FROM identity.one_time_tokens t JOIN identity.accounts a"
            " ON a.id = t.account_id WHERE a.email = $1 AND t.purpose = 'reset'",
            invite.email,
        )
        assert links == 1
        rows = await portal.audit_rows(
            action="password_reset.requested", actor_id=uuid.UUID(client["account"]["id"])
        )
        assert [json.loads(r["detail"])["emailed"] for r in rows] == [True, False, False, False]


async def test_after_the_interval_a_new_reset_email_goes_out(start_portal: StartPortal) -> None:
    async with start_portal(reset_email_interval_seconds=0) as portal:
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        body = {"practice": tenant.practice.slug, "email": invite.email}
        for _ in range(2):
            await portal.post(portal.http(), RESETS, body, expect=202)
        assert len(await portal.smtp.wait_for(invite.email, count=3)) == 3
