"""`portal`: identity's command line. Reads the same settings as the service and applies
its migrations first.

    portal create-practice --slug ... --name ... --time-zone ... --admin-email ...
                           --admin-first-name ... --admin-last-name ...
    portal seed-demo        the demo practice of `make up` (idempotent), prints the logins
    portal rotate-keys      a new token-signing key now (the old one stays published)
    portal totp-code SECRET the current authenticator code for a secret (development)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import uuid
from collections.abc import AsyncIterator, Sequence

import pyotp

from services.identity.app import definition
from services.identity.domain.model import Account
from services.identity.schemas import CreatePracticeCommand
from services.identity.service import demo, practices
from services.identity.service.announce import announce_by_slug
from services.identity.service.runtime import Identity, Origin
from services.identity.service.signing import KeyStore
from services.identity.settings import IdentitySettings
from shared.db import create_pool
from shared.logging import configure_logging
from shared.passwords import PasswordHasher
from shared.runtime import open_runtime
from shared.service import migrate_service

CLI = Origin(user_agent="portal-cli")


@contextlib.asynccontextmanager
async def runtime(settings: IdentitySettings) -> AsyncIterator[Identity]:
    await migrate_service(definition(), settings)
    pool = await create_pool(settings.runtime_database_url(), size=2, schema=settings.db_schema)
    try:
        async with open_runtime(settings, pool) as base:
            hasher = PasswordHasher(settings.hash_parameters(), workers=1)
            keys = KeyStore(
                pool,
                base.keyring,
                issuer=settings.token_issuer,
                access_seconds=settings.access_token_seconds,
                rotation_days=settings.signing_key_rotation_days,
                publish_ahead_seconds=settings.signing_key_publish_ahead_seconds,
            )
            try:
                yield Identity(**base.parts(), hasher=hasher, keys=keys)
            finally:
                hasher.close()
    finally:
        await pool.close()


async def create_practice(settings: IdentitySettings, args: argparse.Namespace) -> None:
    command = CreatePracticeCommand(
        slug=args.slug,
        name=args.name,
        time_zone=args.time_zone,
        phone=args.phone,
        admin_email=args.admin_email,
        admin_first_name=args.admin_first_name,
        admin_last_name=args.admin_last_name,
    )
    practice = practices.new_practice(
        slug=command.slug, name=command.name, time_zone=command.time_zone, phone=command.phone
    )
    admin = Account(
        id=uuid.uuid4(),
        practice_id=practice.id,
        role="admin",
        email=command.admin_email,
        first_name=command.admin_first_name,
        last_name=command.admin_last_name,
        status="invited",
    )
    async with runtime(settings) as idp:
        link = await practices.create_practice(idp, practice=practice, admin=admin, origin=CLI)
    print(f"Practice {practice.name!r} created: {settings.public_url}/p/{practice.slug}")
    print(f"Admin {admin.email}: choose a password with this one-time link (also emailed):")
    print(f"  {link}")
    print("Then log in; you will be asked to set up an authenticator app.")


async def seed_demo(settings: IdentitySettings) -> None:
    async with runtime(settings) as idp:
        practice, logins = await demo.seed_demo(idp, origin=CLI)
    print(f"Demo practice: {practice.name} - {settings.public_url}/p/{practice.slug}")
    for login in logins:
        print(f"  {login.role:<10} {login.email:<30} password: {login.password}")
        if login.totp_secret:
            print(
                f"  {'':<10} TOTP secret {login.totp_secret}"
                f" (current code: portal totp-code {login.totp_secret})"
            )


async def announce(settings: IdentitySettings, slug: str) -> None:
    async with runtime(settings) as idp:
        practice, count = await announce_by_slug(idp, slug)
    print(f"Announced {practice.name}: {count} events (every service's directory catches up).")


async def rotate_keys(settings: IdentitySettings) -> None:
    async with runtime(settings) as idp:
        await idp.keys.reload(force_rotation=True)
    print(
        "A new signing key is published; identity signs with it in"
        f" {settings.signing_key_publish_ahead_seconds:g} s. The previous key stays published"
        " until its tokens expire."
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description="Client Portal identity tools")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-practice", help="a practice and its first admin")
    for flag in ("slug", "name", "time-zone", "admin-email", "admin-first-name", "admin-last-name"):
        create.add_argument(f"--{flag}", required=True)
    create.add_argument("--phone", default=None)
    commands.add_parser("seed-demo", help="the demo practice (idempotent), prints the logins")
    commands.add_parser("rotate-keys", help="start signing with a new key now")
    told = commands.add_parser(
        "announce",
        help="publish a practice's current records again (for services that missed them)",
    )
    told.add_argument("--practice", required=True, metavar="SLUG")
    code = commands.add_parser("totp-code", help="the current code for a TOTP secret")
    code.add_argument("secret")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "totp-code":
        print(pyotp.TOTP(args.secret).now())
        return
    settings = IdentitySettings()
    configure_logging(level="warning", service="identity-cli")
    run = {
        "create-practice": lambda: create_practice(settings, args),
        "seed-demo": lambda: seed_demo(settings),
        "rotate-keys": lambda: rotate_keys(settings),
        "announce": lambda: announce(settings, args.practice),
    }[args.command]
    try:
        asyncio.run(run())
    except Exception as exc:  # a message for a person, not a traceback
        print(f"portal {args.command}: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
