"""The practice directory: a service's read model of identity's practices, staff, clients."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from shared import directory
from shared.events.catalog import (
    ClientActivated,
    ClientInvited,
    ClientUpdated,
    PracticeCreated,
    PracticeUpdated,
    StaffAdded,
    StaffUpdated,
)
from shared.events.envelope import Envelope, Event, envelope_for
from shared.runtime import Runtime

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def at(event: Event, when: datetime) -> Envelope:
    envelope = envelope_for(event, source="identity")
    envelope["time"] = when.isoformat()
    return Envelope.model_validate(envelope)


async def apply(runtime: Runtime[Any], *envelopes: Envelope) -> None:
    for envelope in envelopes:
        async with runtime.uow() as work:
            await directory.on_directory_event(work, envelope)
            await work.commit()


def practice(practice_id: uuid.UUID, **changes: Any) -> dict[str, Any]:
    return {
        "practice_id": practice_id,
        "slug": f"p-{practice_id.hex[:8]}",
        "name": "Meadow Counseling",
        "time_zone": "America/New_York",
    } | changes


def invited(practice_id: uuid.UUID, client_id: uuid.UUID, **changes: Any) -> ClientInvited:
    fields = {
        "practice_id": practice_id,
        "client_id": client_id,
        "clinician_id": None,
        "first_name": "Jordan",
        "last_name": "Rivera",
        "email": "jordan@example.com",
    } | changes
    return ClientInvited(**fields)


async def test_a_practice_is_kept_as_its_newest_event_says(runtime: Runtime[Any]) -> None:
    pid = uuid.uuid4()
    await apply(
        runtime,
        at(PracticeCreated(**practice(pid)), T0),
        at(PracticeUpdated(**practice(pid, name="Meadow", phone="555-0100")), T0 + timedelta(1)),
    )
    async with runtime.reader() as conn:
        found = await directory.get_practice(conn, pid)
        by_slug = await directory.find_practice_by_slug(conn, f"p-{pid.hex[:8]}")
    assert (found.name, found.phone, found.time_zone) == ("Meadow", "555-0100", "America/New_York")
    assert by_slug == found


async def test_an_older_event_arriving_late_never_overwrites_a_newer_one(
    runtime: Runtime[Any],
) -> None:
    pid, cid = uuid.uuid4(), uuid.uuid4()
    await apply(
        runtime,
        at(PracticeUpdated(**practice(pid, name="New name")), T0 + timedelta(hours=2)),
        at(PracticeCreated(**practice(pid, name="Old name")), T0),
        at(invited(pid, cid, first_name="Jo"), T0 + timedelta(hours=2)),
        at(ClientUpdated(**invited(pid, cid, first_name="Joe").model_dump()), T0),
    )
    async with runtime.reader() as conn:
        assert (await directory.get_practice(conn, pid)).name == "New name"
        assert (await directory.get_client(conn, pid, cid)).first_name == "Jo"


async def test_a_status_that_arrives_before_the_details_waits_for_them(
    runtime: Runtime[Any],
) -> None:
    pid, cid = uuid.uuid4(), uuid.uuid4()
    await apply(runtime, at(ClientActivated(practice_id=pid, client_id=cid), T0 + timedelta(1)))
    async with runtime.reader() as conn:
        early = await directory.get_client(conn, pid, cid)
    assert (early.status, early.known) == ("active", False)

    await apply(runtime, at(invited(pid, cid), T0))  # the invitation came first, arrived last
    async with runtime.reader() as conn:
        client = await directory.get_client(conn, pid, cid)
    assert (client.status, client.known, client.name) == ("active", True, "Jordan Rivera")
    assert client.email == "jordan@example.com"


async def test_a_client_is_found_only_in_their_own_practice(runtime: Runtime[Any]) -> None:
    mine, other, cid = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await apply(runtime, at(invited(mine, cid), T0))
    # An event naming the same client id under another practice moves nothing.
    await apply(runtime, at(ClientUpdated(**invited(other, cid, email="x@evil.test").model_dump()),
                            T0 + timedelta(1)))  # fmt: skip
    async with runtime.reader() as conn:
        assert await directory.find_client(conn, other, cid) is None
        client = await directory.get_client(conn, mine, cid)
        assert [c.id for c in await directory.list_clients(conn, other)] == []
    assert client.email == "jordan@example.com"


async def test_staff_are_listed_by_role_and_a_deactivated_one_drops_out(
    runtime: Runtime[Any],
) -> None:
    pid, lee, kim = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    common = {"practice_id": pid, "email": "x@example.com"}
    await apply(
        runtime,
        at(StaffAdded(staff_id=lee, role="clinician", first_name="Ada", last_name="Lee", **common),
           T0),
        at(StaffAdded(staff_id=kim, role="admin", first_name="Sam", last_name="Kim", **common),
           T0),
        at(StaffUpdated(staff_id=kim, role="clinician", first_name="Sam", last_name="Kim",
                        active=False, **common), T0 + timedelta(1)),
    )  # fmt: skip
    async with runtime.reader() as conn:
        clinicians = await directory.list_staff(conn, pid, role="clinician")
        everyone = await directory.list_staff(conn, pid, active_only=False)
        found = await directory.find_staff(conn, pid, lee)
    assert [s.name for s in clinicians] == ["Ada Lee"]
    assert [s.name for s in everyone] == ["Sam Kim", "Ada Lee"]  # by last name: Kim, Lee
    assert found is not None and found.role == "clinician"


def test_the_subscription_follows_every_identity_event_the_directory_needs() -> None:
    subscription = directory.directory_subscription("scheduling")
    assert subscription.queue == "scheduling.directory"
    assert set(subscription.event_types) == {
        "practice.created", "practice.updated", "staff.added", "staff.updated",
        "client.invited", "client.updated", "client.activated", "client.deactivated",
    }  # fmt: skip
