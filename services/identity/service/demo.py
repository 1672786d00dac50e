"""The demo practice that `make up` seeds: an admin, a clinician and an active client
with known passwords. Seeding again changes nothing and prints the same logins."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from services.identity.domain import totp
from services.identity.domain.model import Account, Practice
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import practices as practices_repo
from services.identity.service.announce import announce_practice
from services.identity.service.clients import client_event_fields
from services.identity.service.practices import practice_event_fields
from services.identity.service.runtime import Actor, Identity, Origin, audit
from services.identity.service.staff import add_staff_member
from shared.db import UnitOfWork
from shared.events.catalog import ClientActivated, ClientInvited, PracticeCreated

SLUG = "demo"
DEMO_CLIENT_BIRTH = date(1990, 4, 12)  # superbills need it
PEOPLE = (
    ("admin", "Avery", "Admin", "avery.admin@example.com", "demo-admin-sunrise-42"),
    ("clinician", "Casey", "Clinician", "casey.clinician@example.com", "demo-clinician-harbor-42"),
    ("client", "Jordan", "Client", "jordan.client@example.com", "demo-client-meadow-42"),
)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    totp_secret: str | None


async def seed_demo(idp: Identity, *, origin: Origin) -> tuple[Practice, list[DemoLogin]]:
    """Seed the demo practice; when an earlier run seeded it, announce it again instead
    (services deployed since then learn it: see service/announce.py)."""
    hashes = {email: await idp.hasher.hash(pw) for _, _, _, email, pw in PEOPLE}
    async with idp.uow() as uow:
        await uow.conn.execute("SELECT pg_advisory_xact_lock(hashtext('identity.seed-demo'))")
        existing = await practices_repo.find_practice_by_slug(uow.conn, SLUG)
        practice = existing or await _practice(uow)
        clinician_id: uuid.UUID | None = None
        logins = []
        for role, first, last, email, password in PEOPLE:
            account = await accounts_repo.find_account_by_email(
                uow.conn, practice_id=practice.id, email=email
            )
            if account is None:
                account = Account(
                    id=uuid.uuid4(),
                    practice_id=practice.id,
                    role=role,  # type: ignore[arg-type]
                    email=email,
                    first_name=first,
                    last_name=last,
                    status="active",
                    password_hash=hashes[email],
                    clinician_id=clinician_id if role == "client" else None,
                    date_of_birth=DEMO_CLIENT_BIRTH if role == "client" else None,
                )
                await _add(uow, idp, practice, account, origin=origin)
            if role == "clinician":
                clinician_id = account.id
            logins.append(DemoLogin(role, email, password, await _totp(uow, idp, account)))
        if existing is not None:
            await announce_practice(uow, practice)
        await uow.commit()
    return practice, logins


async def _practice(uow: UnitOfWork) -> Practice:
    practice = await practices_repo.find_practice_by_slug(uow.conn, SLUG)
    if practice is not None:
        return practice
    practice = Practice(
        id=uuid.uuid4(),
        slug=SLUG,
        name="Demo Therapy Practice",
        time_zone="America/New_York",
        phone="+1 555 010 0100",
        email="office@demo-practice.example",
        address="100 Harbor Street, Suite 2, Springfield, IL 62701",
    )
    await practices_repo.insert_practice(uow.conn, practice)
    await uow.add_event(
        PracticeCreated(**practice_event_fields(practice)), subject=str(practice.id)
    )
    return practice


async def _add(
    uow: UnitOfWork, idp: Identity, practice: Practice, account: Account, *, origin: Origin
) -> None:
    system = Actor(practice_id=practice.id, role="system")
    if account.is_staff:
        await add_staff_member(
            uow, idp, practice=practice, staff=account, origin=origin, actor=system
        )
        return
    await accounts_repo.insert_account(uow.conn, account)
    await uow.add_event(ClientInvited(**client_event_fields(account)), subject=str(account.id))
    activated = ClientActivated(practice_id=practice.id, client_id=account.id)
    await uow.add_event(activated, subject=str(account.id))
    await audit(uow.conn, origin, action="client.seeded", actor=system, client_id=account.id)


async def _totp(uow: UnitOfWork, idp: Identity, account: Account) -> str | None:
    """Staff must use TOTP: the demo staff get a secret now, printed for the developer."""
    if not account.is_staff:
        return None
    current = await accounts_repo.find_account(
        uow.conn, practice_id=account.practice_id, account_id=account.id
    )
    assert current is not None
    if current.totp_secret is not None:
        return idp.keyring.decrypt_text(current.totp_secret, aad=account.id.bytes)
    secret = totp.new_secret()
    sealed = idp.keyring.encrypt_text(secret, aad=account.id.bytes)
    await accounts_repo.set_pending_totp(uow.conn, account_id=account.id, secret=sealed)
    await accounts_repo.enable_totp(uow.conn, account_id=account.id, step=0)
    return secret
