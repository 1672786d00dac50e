"""A real identity service per test: real PostgreSQL (migrated once per run), a real
SMTP server, HTTP over a socket. Each test makes its own practices with ``portal``."""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import asyncpg
import pyotp
import pytest

from services.identity.app import definition, identity_of
from services.identity.domain.model import Account, Practice
from services.identity.repo import accounts as accounts_repo
from services.identity.service import practices
from services.identity.service.runtime import Identity, Origin
from shared.crypto import new_key_spec
from shared.service import build_app
from shared.testing import SmtpInbox, migrated, running_app, settings_for_test, text_of
from shared.web.metrics_listener import metrics_url

TEST_KEYS = new_key_spec("test-1")
# Cheap argon2 for speed; one test runs the production parameters.
FAST: dict[str, Any] = {
    "argon2_time_cost": 1,
    "argon2_memory_kib": 8,
    "argon2_parallelism": 1,
    "cookie_secure": False,
    "encryption_keys": TEST_KEYS,
    "reset_min_response_seconds": 0.05,
    # Tests ask for several reset links in a row; test_reset_throttle.py sets the interval.
    "reset_email_interval_seconds": 0,
    "public_url": "http://portal.test",
}
STAFF_PASSWORD = "staff-lighthouse-velvet-93"
CLIENT_PASSWORD = "quiet-orchard-lantern-58"


@dataclass
class Staff:
    account: Account
    password: str
    totp_secret: str
    last_step: int = 0

    @property
    def email(self) -> str:
        return self.account.email

    def code(self) -> str:
        """A code for a step not used yet (a code works once)."""
        totp = pyotp.TOTP(self.totp_secret)
        step = max(totp.timecode(_now()), self.last_step + 1)
        self.last_step = step
        return totp.generate_otp(step)


@dataclass
class Invite:
    email: str
    pin: str
    token: str
    link: str
    message: Message


@dataclass
class Tenant:
    practice: Practice
    admin: Staff
    clinician: Staff


@dataclass
class Portal:
    url: str
    idp: Identity
    smtp: SmtpInbox
    db: asyncpg.Pool
    metrics_url: str = ""  # the process's /metrics, on a listener of its own
    _sessions: list[aiohttp.ClientSession] = field(default_factory=list)

    def http(self, **headers: str) -> aiohttp.ClientSession:
        session = aiohttp.ClientSession(
            base_url=self.url, cookie_jar=aiohttp.CookieJar(unsafe=True), headers=headers
        )
        self._sessions.append(session)
        return session

    async def close(self) -> None:
        for session in self._sessions:
            await session.close()

    # --- data -----------------------------------------------------------------------

    async def tenant(self, **overrides: Any) -> Tenant:
        """A fresh practice with an active admin and clinician (TOTP enrolled)."""
        slug = overrides.pop("slug", f"p-{uuid.uuid4().hex[:10]}")
        practice = practices.new_practice(
            slug=slug,
            name=overrides.pop("name", f"Practice {slug}"),
            time_zone="America/New_York",
            phone="+1 555 010 0199",
            **overrides,
        )
        admin = await self._staff_account(practice, "admin")
        await practices.create_practice(
            self.idp, practice=practice, admin=admin.account, origin=Origin()
        )
        await self._enrol(admin)
        clinician = await self.add_staff(practice, "clinician")
        return Tenant(practice=practice, admin=admin, clinician=clinician)

    async def add_staff(self, practice: Practice, role: str) -> Staff:
        from services.identity.service.runtime import Actor
        from services.identity.service.staff import add_staff_member

        staff = await self._staff_account(practice, role)
        async with self.idp.uow() as uow:
            await add_staff_member(
                uow,
                self.idp,
                practice=practice,
                staff=staff.account,
                origin=Origin(),
                actor=Actor(practice_id=practice.id),
            )
            await uow.commit()
        await self._enrol(staff)
        return staff

    async def _staff_account(self, practice: Practice, role: str) -> Staff:
        account = Account(
            id=uuid.uuid4(),
            practice_id=practice.id,
            role=role,  # type: ignore[arg-type]
            email=f"{role}-{uuid.uuid4().hex[:8]}@example.com",
            first_name="Sam",
            last_name=role.title(),
            status="active",
            password_hash=await self.idp.hasher.hash(STAFF_PASSWORD),
        )
        return Staff(account=account, password=STAFF_PASSWORD, totp_secret=pyotp.random_base32())

    async def _enrol(self, staff: Staff) -> None:
        sealed = self.idp.keyring.encrypt_text(staff.totp_secret, aad=staff.account.id.bytes)
        async with self.idp.uow() as uow:
            await accounts_repo.set_pending_totp(
                uow.conn, account_id=staff.account.id, secret=sealed
            )
            await accounts_repo.enable_totp(uow.conn, account_id=staff.account.id, step=0)
            await uow.commit()

    # --- flows ----------------------------------------------------------------------

    async def staff_session(
        self, tenant_or_practice: Tenant | Practice, staff: Staff
    ) -> aiohttp.ClientSession:
        """A mobile-style (bearer) session of a staff member, through password + TOTP."""
        practice = (
            tenant_or_practice.practice
            if isinstance(tenant_or_practice, Tenant)
            else tenant_or_practice
        )
        http = self.http()
        first = await self.post(
            http,
            "/api/v1/identity/sessions",
            {
                "practice": practice.slug,
                "email": staff.email,
                "password": staff.password,
                "client": "mobile",
            },
            expect=200,
        )
        assert first["status"] == "totp_required", first
        done = await self.post(
            http,
            "/api/v1/identity/sessions/totp",
            {"challenge": first["challenge"], "code": staff.code()},
            expect=200,
        )
        http.headers["Authorization"] = f"Bearer {done['access_token']}"
        return http

    async def invite(
        self, staff_http: aiohttp.ClientSession, *, email: str | None = None, **extra: Any
    ) -> tuple[dict[str, Any], Invite]:
        email = email or f"client-{uuid.uuid4().hex[:8]}@example.com"
        before = len(self.smtp.to(email))
        client = await self.post(
            staff_http,
            "/api/v1/identity/clients",
            {"first_name": "Robin", "last_name": "Client", "email": email, **extra},
            expect=201,
        )
        return client, await self.invitation_email(email, count=before + 1)

    async def invitation_email(self, email: str, *, count: int = 1) -> Invite:
        messages = await self.smtp.wait_for(email, count=count)
        return parse_invitation(email, messages[count - 1])

    async def activate(
        self, invite: Invite, *, slug: str, password: str = CLIENT_PASSWORD, client: str = "browser"
    ) -> tuple[aiohttp.ClientSession, dict[str, Any]]:
        http = self.http()
        grant = await self.post(
            http,
            "/api/v1/identity/invitations/accept",
            {
                "practice": slug,
                "invitation": invite.token,
                "email": invite.email,
                "pin": invite.pin,
            },
            expect=200,
        )
        body = await self.post(
            http,
            "/api/v1/identity/invitations/activate",
            {
                "grant": grant["grant"],
                "password": password,
                "password_confirmation": password,
                "client": client,
            },
            expect=200,
        )
        return http, body

    async def active_client(
        self, tenant: Tenant, *, client: str = "browser"
    ) -> tuple[aiohttp.ClientSession, dict[str, Any], Invite]:
        staff = await self.staff_session(tenant, tenant.clinician)
        _, invite = await self.invite(staff)
        http, body = await self.activate(invite, slug=tenant.practice.slug, client=client)
        if client == "mobile":
            http.headers["Authorization"] = f"Bearer {body['access_token']}"
        return http, body, invite

    @staticmethod
    async def post(
        http: aiohttp.ClientSession,
        path: str,
        body: Any,
        *,
        expect: int | None = None,
        method: str = "POST",
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        async with http.request(method, path, json=body, headers=headers) as response:
            data = await response.json(content_type=None) if response.content_length != 0 else {}
            if expect is not None:
                assert response.status == expect, (response.status, data)
            data = data if isinstance(data, dict) else {"items": data}
            data.setdefault("_status", response.status)
            return data

    @staticmethod
    async def get(http: aiohttp.ClientSession, path: str, *, expect: int | None = None) -> Any:
        async with http.get(path) as response:
            data = await response.json(content_type=None)
            if expect is not None:
                assert response.status == expect, (response.status, data)
            return data

    async def audit_rows(self, **where: Any) -> list[asyncpg.Record]:
        clauses = " AND ".join(f"{k} = ${i}" for i, k in enumerate(where, start=1)) or "true"
        return await self.db.fetch(
            f"SELECT * FROM identity.audit_log WHERE {clauses} ORDER BY id", *where.values()
        )


def _now() -> datetime:
    return datetime.now(UTC)


def parse_invitation(email: str, message: Message) -> Invite:
    text = text_of(message)
    pin = re.search(r"^\s+(\d{4})\s*$", text, re.MULTILINE)
    link = re.search(r"(https?://\S+/welcome\?invitation=\S+)", text)
    assert pin and link, text
    token = parse_qs(urlsplit(link.group(1)).query)["invitation"][0]
    return Invite(email=email, pin=pin.group(1), token=token, link=link.group(1), message=message)


def link_token(message: Message, page: str = "reset-password") -> str:
    found = re.search(rf"(https?://\S+/{page}\?token=\S+)", text_of(message))
    assert found, text_of(message)
    return parse_qs(urlsplit(found.group(1)).query)["token"][0]


@pytest.fixture(scope="session")
async def identity_ready(admin_dsn: str, amqp_url: str) -> None:
    base = settings_for_test(definition(), admin_dsn=admin_dsn, amqp_url=amqp_url, **FAST)
    await migrated(definition(), base)


@pytest.fixture(scope="session")
async def db(admin_dsn: str, identity_ready: None) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(admin_dsn, min_size=0, max_size=3)
    assert pool is not None
    yield pool
    await pool.close()


StartPortal = Callable[..., contextlib.AbstractAsyncContextManager[Portal]]


@pytest.fixture
def start_portal(admin_dsn: str, amqp_url: str, smtp: SmtpInbox, db: asyncpg.Pool) -> StartPortal:
    """``async with start_portal(idle_timeout_seconds=1) as portal:`` - custom settings."""

    @contextlib.asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[Portal]:
        values = {**FAST, "smtp_host": smtp.host, "smtp_port": smtp.port, **overrides}
        broker = values.pop("amqp_url", amqp_url)
        settings = settings_for_test(definition(), admin_dsn=admin_dsn, amqp_url=broker, **values)
        app = build_app(definition(), settings)
        async with running_app(app) as url:
            portal = Portal(
                url=url, idp=identity_of(app), smtp=smtp, db=db, metrics_url=metrics_url(app)
            )
            try:
                yield portal
            finally:
                await portal.close()

    return start


@pytest.fixture
async def portal(start_portal: StartPortal) -> AsyncIterator[Portal]:
    async with start_portal() as running:
        yield running


@pytest.fixture
async def tenant(portal: Portal) -> Tenant:
    return await portal.tenant()
