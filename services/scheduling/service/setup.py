"""Practice setup by staff: locations, services and the booking policy."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any
from uuid import UUID

from services.scheduling.domain.setup import BookingPolicy, Location, ServiceType
from services.scheduling.repo import setup as setup_repo
from services.scheduling.service.access import Scheduling, office_phone, practice_staff
from shared import directory
from shared.auth import Caller
from shared.db import Connection
from shared.errors import InvalidInput, NotFound


async def list_locations(rt: Scheduling, *, caller: Caller) -> list[Location]:
    async with rt.reader() as conn:
        return await setup_repo.list_locations(conn, caller.practice_id)


async def add_location(rt: Scheduling, *, caller: Caller, fields: dict[str, Any]) -> Location:
    location = _checked_location(
        Location(id=uuid.uuid4(), practice_id=caller.practice_id, **fields)
    )
    async with rt.uow() as uow:
        await setup_repo.insert_location(uow.conn, location)
        await uow.commit()
    return location


async def change_location(
    rt: Scheduling, *, caller: Caller, location_id: UUID, changes: dict[str, Any]
) -> Location:
    async with rt.uow() as uow:
        current = await setup_repo.find_location(
            uow.conn, caller.practice_id, location_id, lock=True
        )
        if current is None:
            raise NotFound("No such location.", field="location_id")
        # Switching kind drops what the other kind had, unless the change says otherwise.
        if changes.get("telehealth") is True:
            changes.setdefault("address", None)
        if changes.get("telehealth") is False:
            changes.setdefault("video_url", None)
        location = _checked_location(replace(current, **changes))
        await setup_repo.update_location(uow.conn, location)
        await uow.commit()
    return location


def _checked_location(location: Location) -> Location:
    """An office needs an address (for the map link); telehealth needs none."""
    if location.telehealth:
        if location.address:
            raise InvalidInput("a telehealth location has no address", field="address")
        return location
    if not location.address:
        raise InvalidInput("an office needs an address", field="address")
    if location.video_url:
        raise InvalidInput("only a telehealth location has a video link", field="video_url")
    return location


async def list_services(rt: Scheduling, *, caller: Caller) -> list[ServiceType]:
    async with rt.reader() as conn:
        return await setup_repo.list_services(conn, caller.practice_id)


async def add_service(rt: Scheduling, *, caller: Caller, fields: dict[str, Any]) -> ServiceType:
    fields["clinician_ids"] = tuple(fields.get("clinician_ids") or ())
    service = ServiceType(id=uuid.uuid4(), practice_id=caller.practice_id, **fields)
    async with rt.uow() as uow:
        await _check_clinicians(uow.conn, caller, service.clinician_ids)
        await setup_repo.insert_service(uow.conn, service)
        await uow.commit()
    return service


async def change_service(
    rt: Scheduling, *, caller: Caller, service_id: UUID, changes: dict[str, Any]
) -> ServiceType:
    if "clinician_ids" in changes:
        changes["clinician_ids"] = tuple(changes["clinician_ids"] or ())
    async with rt.uow() as uow:
        current = await setup_repo.find_service(uow.conn, caller.practice_id, service_id)
        if current is None:
            raise NotFound("No such service.", field="service_id")
        service = replace(current, **changes)
        await _check_clinicians(uow.conn, caller, service.clinician_ids)
        await setup_repo.update_service(uow.conn, service)
        await uow.commit()
    return service


async def _check_clinicians(conn: Connection, caller: Caller, ids: tuple[UUID, ...]) -> None:
    for clinician_id in ids:
        await practice_staff(conn, caller.practice_id, clinician_id)


async def get_policy(rt: Scheduling, *, caller: Caller) -> BookingPolicy:
    async with rt.reader() as conn:
        return await setup_repo.get_policy(conn, caller.practice_id)


async def change_policy(
    rt: Scheduling, *, caller: Caller, changes: dict[str, Any]
) -> BookingPolicy:
    async with rt.uow() as uow:
        current = await setup_repo.get_policy(uow.conn, caller.practice_id)
        policy = replace(current, **changes)
        await setup_repo.save_policy(uow.conn, policy)
        await uow.commit()
    return policy


async def policy_and_phone(rt: Scheduling, practice_id: UUID) -> tuple[BookingPolicy, str | None]:
    """The policy appointments are shown under, and the number to call."""
    async with rt.reader() as conn:
        policy = await setup_repo.get_policy(conn, practice_id)
        return policy, await office_phone(conn, policy)


async def list_clinicians(rt: Scheduling, *, caller: Caller) -> list[directory.Staff]:
    async with rt.reader() as conn:
        return await directory.list_staff(conn, caller.practice_id)


async def assigned_clinician(rt: Scheduling, *, caller: Caller) -> UUID | None:
    """A client's own clinician (the booking page chooses them first)."""
    if caller.role != "client":
        return None
    async with rt.reader() as conn:
        client = await directory.find_client(conn, caller.practice_id, caller.subject)
    return client.clinician_id if client else None
