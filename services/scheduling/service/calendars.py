"""Calendar files: "Add to calendar" for one appointment, and a private subscription feed
per client and per clinician (a secret URL, stored hashed, revocable) that calendar apps
follow without a session. Built with shared/ics.py; no reason for a visit in them."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import urlsplit
from uuid import UUID

from services.scheduling.domain.details import Details, calendar_entry
from services.scheduling.repo import appointments as appointments_repo
from services.scheduling.repo import feeds as feeds_repo
from services.scheduling.service.access import Scheduling, audit_staff, details_for
from shared import directory
from shared.auth import Caller
from shared.db import Connection
from shared.errors import NotFound
from shared.ics import calendar_file
from shared.origin import Origin

NO_FEED = "This calendar link is not valid (it may have been replaced or turned off)."


def _hash(token: str) -> bytes:
    # A 256-bit random token needs no slow hash: nobody can guess it, a leaked table row
    # cannot be turned back into the URL.
    return hashlib.sha256(token.encode()).digest()


def _page(rt: Scheduling, slug: str, *, staff: bool) -> str:
    page = "workspace/calendar" if staff else "appointments"
    return f"{rt.settings.public_url.rstrip('/')}/p/{slug}/{page}"


def _file(
    rt: Scheduling, found: Sequence[Details], *, slug: str, staff: bool, name: str | None = None
) -> bytes:
    domain = urlsplit(rt.settings.public_url).hostname or "client-portal"
    url = _page(rt, slug, staff=staff)
    entries = [calendar_entry(d, for_staff=staff, domain=domain, url=url) for d in found]
    return calendar_file(entries, name=name)


async def appointment_file(
    rt: Scheduling, *, caller: Caller, appointment_id: UUID, origin: Origin
) -> bytes:
    async with rt.uow() as uow:
        found = await details_for(uow.conn, caller, appointment_id)
        practice = await directory.get_practice(uow.conn, caller.practice_id)
        await audit_staff(
            uow.conn, caller, origin, action="appointment.read", appointment=found.appointment
        )
        await uow.commit()
    return _file(rt, [found], slug=practice.slug, staff=caller.is_staff)


def feed_url(rt: Scheduling, token: str) -> str:
    return f"{rt.settings.public_url.rstrip('/')}/api/v1/scheduling/feeds/{token}.ics"


async def start_feed(rt: Scheduling, *, caller: Caller) -> tuple[feeds_repo.Feed, str]:
    """A new secret feed URL for the caller (shown once); the previous one stops working."""
    token = secrets.token_urlsafe(32)
    now = rt.now()
    feed = feeds_repo.Feed(
        id=uuid.uuid4(),
        practice_id=caller.practice_id,
        owner_id=caller.subject,
        owner_role=caller.role,
        created_at=now,
    )
    async with rt.uow() as uow:
        await feeds_repo.replace_feed(uow.conn, feed, token_hash=_hash(token), now=now)
        await uow.commit()
    return feed, feed_url(rt, token)


async def live_feed(rt: Scheduling, *, caller: Caller) -> feeds_repo.Feed | None:
    async with rt.reader() as conn:
        return await feeds_repo.find_live(conn, caller.practice_id, caller.subject)


async def stop_feed(rt: Scheduling, *, caller: Caller) -> None:
    async with rt.uow() as uow:
        if not await feeds_repo.revoke(uow.conn, caller.practice_id, caller.subject, now=rt.now()):
            raise NotFound("You have no calendar link to turn off.")
        await uow.commit()


async def feed_file(rt: Scheduling, *, token: str) -> bytes:
    """The feed behind a secret URL: the owner's appointments from a while back to well
    beyond the booking horizon; cancelled ones stay, marked cancelled, so calendar apps
    remove them. A deactivated client or staff member's feed serves nothing."""
    now = rt.now()
    async with rt.reader() as conn:
        feed = await feeds_repo.find_by_token(conn, _hash(token))
        if feed is None or not await _owner_active(conn, feed):
            raise NotFound(NO_FEED)
        practice = await directory.get_practice(conn, feed.practice_id)
        staff = feed.owner_role != "client"
        found = await appointments_repo.list_details(
            conn,
            feed.practice_id,
            client_id=None if staff else feed.owner_id,
            clinician_id=feed.owner_id if staff else None,
            ends_after=now - timedelta(days=rt.settings.feed_past_days),
            starts_before=now + timedelta(days=rt.settings.feed_future_days),
            limit=5000,
        )
    return _file(rt, found, slug=practice.slug, staff=staff, name=f"{practice.name} appointments")


async def _owner_active(conn: Connection, feed: feeds_repo.Feed) -> bool:
    if feed.owner_role == "client":
        client = await directory.find_client(conn, feed.practice_id, feed.owner_id)
        return client is None or client.status != "deactivated"
    staff = await directory.find_staff(conn, feed.practice_id, feed.owner_id)
    return staff is None or staff.active
