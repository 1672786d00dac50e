"""Tool credentials when the broker's management API is away, and from the command line."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import sys
import uuid

import aio_pika
import aiohttp
import pytest

from services.integrations.broker_admin import BrokerAdmin
from services.integrations.service import tool_credentials
from services.integrations.tests.integration.conftest import Service
from shared.audit import Actor
from shared.errors import ServiceUnavailable
from shared.origin import Origin
from shared.service import PeriodicJob, run_job_once
from shared.testing import TEST_ENCRYPTION_KEYS, free_port

BASE = "/api/v1/integrations/tool-credentials"


def unreachable(service: Service, http: aiohttp.ClientSession) -> BrokerAdmin:
    """The same service, its management API at an address where nothing listens."""
    return BrokerAdmin(http, base_url=f"http://127.0.0.1:{free_port()}", vhost="/")


async def test_without_the_management_api_nothing_is_made_and_the_admin_is_told_to_retry(
    service: Service,
) -> None:
    practice = await service.practice()
    async with aiohttp.ClientSession() as http:
        away = dataclasses.replace(service.rt, broker_admin=unreachable(service, http))
        with pytest.raises(ServiceUnavailable, match="try again"):
            await tool_credentials.create_credential(
                away,
                practice_id=practice.id,
                name="ehr",
                actor=Actor(practice_id=practice.id, role="admin"),
                origin=Origin(),
            )
    assert await tool_credentials.list_credentials(service.rt, practice_id=practice.id) == []


async def test_a_revocation_the_broker_cannot_take_now_is_finished_by_the_job(
    service: Service,
) -> None:
    practice = await service.practice()
    async with service.http(practice).post(BASE, json={"name": "ehr"}) as reply:
        made = await reply.json()
    actor = Actor(practice_id=practice.id, role="admin")
    async with aiohttp.ClientSession() as http:
        away = dataclasses.replace(service.rt, broker_admin=unreachable(service, http))
        revoked = await tool_credentials.revoke_credential(
            away,
            practice_id=practice.id,
            credential_id=uuid.UUID(made["id"]),
            actor=actor,
            origin=Origin(),
        )
    assert revoked.status == "revoking"
    assert await service.rt.broker_admin.user_exists(made["username"]), "still there, for now"

    job = PeriodicJob("remove-revoked-tools", 60, tool_credentials.remove_revoked)
    assert await run_job_once(service.rt, job)
    assert not await service.rt.broker_admin.user_exists(made["username"])
    async with service.http(practice).get(BASE) as reply:
        [listed] = await reply.json()
    assert listed["status"] == "revoked"


async def portal(service: Service, *args: str) -> tuple[int, str, str]:
    """``portal <args>`` as an operator runs it, against this run's database and broker."""
    env = os.environ | {
        "PORTAL_ADMIN_DATABASE_URL": service.settings.admin_database_url,
        "PORTAL_AMQP_URL": service.amqp_url,
        "PORTAL_ENCRYPTION_KEYS": TEST_ENCRYPTION_KEYS,
        "INTEGRATIONS_BROKER_ADMIN_URL": service.management_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "services.cli", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_an_operator_makes_lists_and_revokes_tool_credentials_from_the_command_line(
    service: Service,
) -> None:
    practice = await service.practice()
    code, out, _ = await portal(
        service, "tool-credentials", "create", "--practice", practice.slug, "--name", "cli"
    )
    assert code == 0
    password = re.search(r"password\s+(\S+)", out)
    assert password and f"tool.{practice.slug}.cli" in out and str(practice.id) in out
    url = service.amqp_url.replace("guest:guest@", f"tool.{practice.slug}.cli:{password[1]}@")
    connection = await aio_pika.connect(url)
    await connection.close()

    code, out, _ = await portal(service, "tool-credentials", "list", "--practice", practice.slug)
    assert code == 0 and re.search(r"cli\s+tool\.\S+\.cli\s+active", out)

    args = ("tool-credentials", "revoke", "--practice", practice.slug, "--name", "cli")
    code, out, _ = await portal(service, *args)
    assert code == 0 and "Revoked" in out
    assert not await service.rt.broker_admin.user_exists(f"tool.{practice.slug}.cli")


async def test_the_command_line_names_a_practice_it_does_not_know_instead_of_failing_obscurely(
    service: Service,
) -> None:
    args = ("tool-credentials", "create", "--practice", "nowhere-at-all", "--name", "x")
    code, out, err = await portal(service, *args)
    assert code == 1 and out == ""
    assert "no practice 'nowhere-at-all'" in err and "Traceback" not in err
