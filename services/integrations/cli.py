"""`portal tool-credentials`: clinician tools' broker credentials from the command line.

    portal tool-credentials create --practice <slug> --name <tool>
    portal tool-credentials list   --practice <slug>
    portal tool-credentials revoke --practice <slug> --name <tool>

The same use cases as the workspace's Integrations page, run by an operator: the audit
log records them with the role "operator". Reads the integrations service's settings
(INTEGRATIONS_*, PORTAL_*) and applies its migrations first.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Sequence

from services.integrations.app import definition
from services.integrations.repo import tool_credentials as repo
from services.integrations.service import tool_credentials
from services.integrations.service.runtime import Integrations, integrations_runtime
from services.integrations.settings import IntegrationsSettings
from shared import directory
from shared.audit import Actor
from shared.db import create_pool
from shared.directory import Practice
from shared.logging import configure_logging
from shared.origin import Origin
from shared.runtime import open_runtime
from shared.service import migrate_service

CLI = Origin(user_agent="portal-cli")


@contextlib.asynccontextmanager
async def runtime(settings: IntegrationsSettings) -> AsyncIterator[Integrations]:
    await migrate_service(definition(), settings)
    pool = await create_pool(settings.runtime_database_url(), size=2, schema=settings.db_schema)
    try:
        async with open_runtime(settings, pool) as base, integrations_runtime(base) as rt:
            yield rt
    finally:
        await pool.close()


async def practice_named(rt: Integrations, slug: str) -> Practice:
    async with rt.reader() as conn:
        practice = await directory.find_practice_by_slug(conn, slug)
    if practice is None:
        raise LookupError(
            f"no practice {slug!r} has reached the integrations service: is its worker running"
            " (make up), or does it need identity's events replayed (docs/events.md)?"
        )
    return practice


def operator(practice: Practice) -> Actor:
    return Actor(practice_id=practice.id, account_id=None, role="operator")


async def create(rt: Integrations, args: argparse.Namespace) -> None:
    practice = await practice_named(rt, args.practice)
    credential, password = await tool_credentials.create_credential(
        rt, practice_id=practice.id, name=args.name, actor=operator(practice), origin=CLI
    )
    print(f"Broker credentials for {credential.name!r} of {practice.name} (shown once):")
    print(f"  connect to  {rt.settings.tool_connection_url()}")
    print(f"  vhost       {rt.settings.broker_vhost}")
    print(f"  user        {credential.username}")
    print(f"  password    {password}")
    print(f"  queues      {credential.queue_prefix}<anything> (declare your own)")
    print(f"  bind to     portal.events with keys ending .{practice.id}")
    print(f"              e.g. appointment.*.{practice.id}")


async def list_(rt: Integrations, args: argparse.Namespace) -> None:
    practice = await practice_named(rt, args.practice)
    found = await tool_credentials.list_credentials(rt, practice_id=practice.id)
    if not found:
        print(f"{practice.name} has no tool credentials.")
    for credential in found:
        made = credential.created_at.strftime("%Y-%m-%d %H:%M UTC")
        print(f"  {credential.name:<24} {credential.username:<40} {credential.status:<9} {made}")


async def revoke(rt: Integrations, args: argparse.Namespace) -> None:
    practice = await practice_named(rt, args.practice)
    async with rt.reader() as conn:
        found = await repo.find_live_by_name(conn, practice.id, args.name)
    if found is None:
        raise LookupError(f"{practice.name} has no live tool credentials named {args.name!r}")
    revoked = await tool_credentials.revoke_credential(
        rt, practice_id=practice.id, credential_id=found.id, actor=operator(practice), origin=CLI
    )
    if revoked.status == "revoked":
        print(f"Revoked: the broker user {revoked.username} and its queues are deleted.")
    else:
        print(
            f"Revoked; the broker is not reachable now: {revoked.username} is deleted when it is."
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portal tool-credentials", description="Clinician tools' broker credentials"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("create", "make a tool's broker user (prints its password once)"),
                       ("list", "the practice's tool credentials"),
                       ("revoke", "delete a tool's broker user and its queues")):  # fmt: skip
        command = commands.add_parser(name, help=text)
        command.add_argument("--practice", required=True, help="the practice's slug")
        if name != "list":
            command.add_argument("--name", required=True, help="the tool's name, e.g. notes-app")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    settings = IntegrationsSettings()
    configure_logging(level="warning", service="integrations-cli")
    run = {"create": create, "list": list_, "revoke": revoke}[args.command]

    async def go() -> None:
        async with runtime(settings) as rt:
            await run(rt, args)

    try:
        asyncio.run(go())
    except Exception as exc:  # a message for a person, not a traceback
        print(f"portal tool-credentials {args.command}: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
