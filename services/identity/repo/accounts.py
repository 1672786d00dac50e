"""Accounts: staff and clients of a practice. Every query is scoped by practice.

Lock order (every use case, so two of them never wait for each other in a circle): an
account's row first, then the rows that hang off it - its invitations, one-time tokens,
sessions and login throttle. A flow that starts from a token or an invitation reads it
without a lock to learn whose it is, locks the account, then locks and checks it again
(``service/locking.py``). Team changes lock the practice's admins (accounts, in id order)
before the member. Account locks are ``FOR NO KEY UPDATE``: inserting a row that refers
to the account (a session, a token) never waits for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg

from services.identity.domain.model import Account, Status
from shared.db import Connection

_COLUMNS = (
    "id, practice_id, role, email, first_name, last_name, status, password_hash,"
    " date_of_birth, clinician_id, totp_secret, totp_enabled_at, totp_pending_secret,"
    " totp_last_step, activated_at, created_at"
)


def _account(row: asyncpg.Record) -> Account:
    return Account(**dict(row))


async def insert_account(conn: Connection, account: Account) -> bool:
    """False if the practice already has an account with this email."""
    inserted = await conn.fetchval(
        "INSERT INTO accounts (id, practice_id, role, email, first_name, last_name, status,"
        " password_hash, date_of_birth, clinician_id, activated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
        "  CASE WHEN $7 = 'active' THEN now() END)"
        " ON CONFLICT (practice_id, email) DO NOTHING RETURNING true",
        account.id,
        account.practice_id,
        account.role,
        account.email,
        account.first_name,
        account.last_name,
        account.status,
        account.password_hash,
        account.date_of_birth,
        account.clinician_id,
    )
    return bool(inserted)


async def find_account(
    conn: Connection, *, practice_id: UUID, account_id: UUID, lock: bool = False
) -> Account | None:
    """The account; ``lock`` holds it to the end of the transaction (see the lock order)."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM accounts WHERE practice_id = $1 AND id = $2"
        + (" FOR NO KEY UPDATE" if lock else ""),
        practice_id,
        account_id,
    )
    return _account(row) if row else None


async def find_account_by_email(
    conn: Connection, *, practice_id: UUID, email: str
) -> Account | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM accounts WHERE practice_id = $1 AND email = $2",
        practice_id,
        email,
    )
    return _account(row) if row else None


async def list_accounts(
    conn: Connection,
    *,
    practice_id: UUID,
    roles: Sequence[str],
    status: Status | None,
    limit: int,
    offset: int,
    search: str | None = None,
) -> list[Account]:
    """One page, by name. ``search`` matches any part of "first last" or the email, in
    any case; LIKE's own wildcards in it are taken literally."""
    pattern = None
    if search is not None:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM accounts WHERE practice_id = $1 AND role = ANY($2::text[])"
        " AND ($3::text IS NULL OR status = $3)"
        " AND ($6::text IS NULL OR first_name || ' ' || last_name ILIKE $6 OR email ILIKE $6)"
        " ORDER BY last_name, first_name, id LIMIT $4 OFFSET $5",
        practice_id,
        list(roles),
        status,
        limit,
        offset,
        pattern,
    )
    return [_account(r) for r in rows]


async def lock_admins(conn: Connection, *, practice_id: UUID) -> list[Account]:
    """The practice's admins, locked in id order: every change that could leave a practice
    without an active admin takes these locks first, so such changes run one at a time."""
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM accounts WHERE practice_id = $1 AND role = 'admin'"
        " ORDER BY id FOR NO KEY UPDATE",
        practice_id,
    )
    return [_account(r) for r in rows]


async def email_taken(conn: Connection, *, practice_id: UUID, email: str, other_than: UUID) -> bool:
    return bool(
        await conn.fetchval(
            "SELECT true FROM accounts WHERE practice_id = $1 AND email = $2 AND id <> $3",
            practice_id,
            email,
            other_than,
        )
    )


async def update_profile(conn: Connection, account: Account) -> None:
    await conn.execute(
        "UPDATE accounts SET email = $3, first_name = $4, last_name = $5, date_of_birth = $6,"
        " updated_at = now() WHERE practice_id = $1 AND id = $2",
        account.practice_id,
        account.id,
        account.email,
        account.first_name,
        account.last_name,
        account.date_of_birth,
    )


async def update_staff(conn: Connection, account: Account) -> None:
    """A team member's names and role."""
    await conn.execute(
        "UPDATE accounts SET first_name = $3, last_name = $4, role = $5, updated_at = now()"
        " WHERE practice_id = $1 AND id = $2 AND role IN ('clinician', 'admin')",
        account.practice_id,
        account.id,
        account.first_name,
        account.last_name,
        account.role,
    )


async def set_password(
    conn: Connection, *, account_id: UUID, password_hash: str, activate: bool
) -> None:
    """Store a new hash; ``activate`` also moves an invited account to active."""
    await conn.execute(
        "UPDATE accounts SET password_hash = $2, password_changed_at = now(), updated_at = now(),"
        " status = CASE WHEN $3 AND status = 'invited' THEN 'active' ELSE status END,"
        " activated_at = CASE WHEN $3 THEN coalesce(activated_at, now()) ELSE activated_at END"
        " WHERE id = $1",
        account_id,
        password_hash,
        activate,
    )


async def replace_hash(
    conn: Connection, *, account_id: UUID, checked: str, password_hash: str
) -> bool:
    """Same password, today's argon2 parameters: only while the account still has the hash
    ``checked`` (compare and set), so an upgrade never writes back a replaced password."""
    replaced = await conn.fetchval(
        "UPDATE accounts SET password_hash = $3 WHERE id = $1 AND password_hash = $2"
        " RETURNING true",
        account_id,
        checked,
        password_hash,
    )
    return bool(replaced)


async def set_status(conn: Connection, *, account_id: UUID, status: Status) -> None:
    await conn.execute(
        "UPDATE accounts SET status = $2, updated_at = now(),"
        " disabled_at = CASE WHEN $2 = 'disabled' THEN now() END WHERE id = $1",
        account_id,
        status,
    )


async def set_pending_totp(conn: Connection, *, account_id: UUID, secret: bytes) -> None:
    await conn.execute(
        "UPDATE accounts SET totp_pending_secret = $2 WHERE id = $1", account_id, secret
    )


async def enable_totp(conn: Connection, *, account_id: UUID, step: int) -> None:
    await conn.execute(
        "UPDATE accounts SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,"
        " totp_enabled_at = now(), totp_last_step = $2, updated_at = now() WHERE id = $1",
        account_id,
        step,
    )


async def disable_totp(conn: Connection, *, account_id: UUID) -> None:
    await conn.execute(
        "UPDATE accounts SET totp_secret = NULL, totp_pending_secret = NULL,"
        " totp_enabled_at = NULL, totp_last_step = NULL, updated_at = now() WHERE id = $1",
        account_id,
    )


async def record_totp_step(conn: Connection, *, account_id: UUID, step: int) -> None:
    await conn.execute("UPDATE accounts SET totp_last_step = $2 WHERE id = $1", account_id, step)


async def emails_of_practice(conn: Connection, *, practice_id: UUID) -> list[str]:
    """Every account's address in the practice (staff and clients, any status)."""
    rows = await conn.fetch("SELECT email FROM accounts WHERE practice_id = $1", practice_id)
    return [r["email"] for r in rows]


async def lock_new_addresses(conn: Connection, *, practice_id: UUID) -> None:
    """Held to the end of the transaction: new or changed addresses of one practice are
    checked against each other one at a time (two look-alikes added at once would each
    pass a check that cannot see the other). Taken after any account lock."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock("
        " hashtextextended('identity.addresses:' || $1::uuid::text, 0))",
        practice_id,
    )
