"""Every service's date and number filters, and the paging cursors that carry them, refuse
values past what PostgreSQL can hold (a year 0 or 10000 after the zone shift, a number
past bigint) with a 422 naming the parameter, through the gateway: never a 500."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from services.billing.app import definition as billing
from services.forms.app import definition as forms
from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.tests.integration.conftest import FAST, Portal
from services.integrations.app import definition as integrations
from services.messaging.app import definition as messaging
from services.scheduling.app import definition as scheduling
from shared.testing import SmtpInbox, eventually, running_stack

SOMEONE = uuid.uuid4()
EARLY = "0001-01-01T00:00:00+05:00"  # year 0 in UTC
LATE = "9999-12-31T23:59:59-05:00"  # year 10000 in UTC
PAST_INT64 = str(2**63)


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


WHICH = {"clinician_id": str(SOMEONE), "location_id": str(SOMEONE), "service_id": str(SOMEONE)}
CASES: list[tuple[str, str, dict[str, str], str]] = [
    # (role, path, query, the parameter named)
    ("admin", "/api/v1/identity/audit", {"since": EARLY}, "since"),
    ("admin", "/api/v1/identity/audit", {"until": LATE}, "until"),
    (
        "admin",
        "/api/v1/identity/audit",
        {"before": _b64(f"2024-01-01T00:00:00+00:00|{PAST_INT64}")},
        "before",
    ),
    ("admin", "/api/v1/identity/audit", {"before": _b64(f"{EARLY}|5")}, "before"),
    ("admin", "/api/v1/identity/audit", {"limit": PAST_INT64}, "limit"),
    ("admin", "/api/v1/scheduling/calendar", {"start": "9999-12-31"}, "start"),
    ("admin", "/api/v1/scheduling/calendar", {"start": "0001-01-01"}, "start"),
    (
        "admin",
        f"/api/v1/scheduling/clinicians/{SOMEONE}/date-overrides",
        {"first": "0001-01-01", "last": "0001-01-02"},
        "first",
    ),
    (
        "admin",
        f"/api/v1/scheduling/clinicians/{SOMEONE}/date-overrides",
        {"first": "9999-12-30", "last": "9999-12-31"},
        "last",
    ),
    ("client", "/api/v1/scheduling/booking/availability", {**WHICH, "week": "9999-12-31"}, "week"),
    ("client", "/api/v1/scheduling/booking/availability", {**WHICH, "week": "0001-01-01"}, "week"),
    ("client", "/api/v1/messaging/messages", {"before": _b64(f"m{PAST_INT64}")}, "before"),
    (
        "admin",
        f"/api/v1/messaging/clients/{SOMEONE}/messages",
        {"before": _b64(f"m{PAST_INT64}")},
        "before",
    ),
    ("admin", "/api/v1/messaging/threads", {"after": _b64(f"t{EARLY}|{SOMEONE}")}, "after"),
    ("admin", "/api/v1/messaging/emails", {"after": _b64(f"t{LATE}|{SOMEONE}")}, "after"),
    ("client", "/api/v1/billing/activity", {"start": "0001-01-01"}, "start"),
    ("client", "/api/v1/billing/activity", {"end": "9999-12-31"}, "end"),
    ("admin", "/api/v1/billing/invoices", {"offset": PAST_INT64}, "offset"),
    (
        "admin",
        f"/api/v1/integrations/webhooks/{SOMEONE}/deliveries",
        {"offset": PAST_INT64},
        "offset",
    ),
    ("admin", f"/api/v1/forms/templates/{SOMEONE}", {"version": PAST_INT64}, "version"),
]


@pytest.fixture
async def portal(
    admin_dsn: str, amqp_url: str, smtp: SmtpInbox, tmp_path: Path
) -> AsyncIterator[Portal]:
    async with running_stack(
        [identity(), scheduling(), messaging(), forms(), billing(), integrations()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=smtp,
        settings={"identity": FAST},
        gateway={"web_root": tmp_path},
    ) as running:
        portal = Portal(
            url=running.url, idp=identity_of(running.apps["identity"]), smtp=smtp, db=None
        )  # type: ignore[arg-type]
        try:
            yield portal
        finally:
            await portal.close()


async def _answers(
    http: aiohttp.ClientSession, path: str, query: dict[str, str]
) -> tuple[int, Any]:
    async with http.get(path, params=query) as response:
        return response.status, await response.json(content_type=None)


async def test_hostile_dates_and_numbers_in_every_service_are_a_422_naming_the_parameter(
    portal: Portal,
) -> None:
    tenant = await portal.tenant()
    callers = {
        "admin": await portal.staff_session(tenant, tenant.admin),
        "client": (await portal.active_client(tenant, client="mobile"))[0],
    }

    async def known_everywhere() -> bool:  # so that the hostile values reach each database
        calendar = "/api/v1/scheduling/calendar?start=2024-01-01"
        ok = (await _answers(callers["admin"], calendar, {}))[0] == 200
        return ok and (await _answers(callers["client"], "/api/v1/billing/activity", {}))[0] == 200

    await eventually(known_everywhere)
    # One stack for every case: six services take seconds to start.
    answers = []
    for role, path, query, field in CASES:
        status, problem = await _answers(callers[role], path, query)
        problem = problem if isinstance(problem, dict) else {}  # a 200's list
        named = {e.get("field") for e in problem.get("errors", [])} | {problem.get("field")}
        answers.append((path, field, status, field in named))
    assert [a for a in answers if a[2:] != (422, True)] == [], answers
