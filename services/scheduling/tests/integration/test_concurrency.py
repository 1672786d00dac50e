"""Two clients asking for the same time at once: exactly one gets it. The database's
exclusion constraint decides, not a check in Python that both could pass."""

from __future__ import annotations

import asyncio
from collections import Counter

from services.scheduling.tests.integration.world import World

TIME = "2026-03-04T10:00:00-05:00"


async def test_fifty_simultaneous_requests_for_one_time_give_one_booking_and_49_conflicts(
    w: World,
) -> None:
    p = await w.setup(await w.practice(clients=50))
    answers = await asyncio.gather(
        *(w.request(p, TIME, who=client, expect=None) for client in p.clients),  # type: ignore[arg-type]
        return_exceptions=True,
    )
    assert not [a for a in answers if isinstance(a, BaseException)]
    statuses = Counter(a.get("status") for a in answers)
    assert statuses == {"requested": 1, 409: 49}, statuses
    conflicts = [a for a in answers if a.get("status") == 409]
    assert {c["errors"][0]["field"] for c in conflicts} == {"starts_at"}
    assert (
        await w.count(
            "SELECT count(*) FROM scheduling.appointments WHERE practice_id = $1"
            " AND status IN ('requested', 'confirmed')",
            p.id,
        )
        == 1
    )
    assert len(await w.events(p, "appointment.requested")) == 1


async def test_the_database_refuses_an_overlap_even_when_the_code_would_not_check(w: World) -> None:
    """Staff bookings skip the open-times check; the constraint still stops a clash,
    buffers included."""
    p = await w.setup(await w.practice(), policy={"buffer_minutes": 15})
    staff = {"who": p.clinician}
    await w.request(p, TIME, client_id=str(p.clients[0].id), **staff)
    # 10:00-10:50 plus a 15-minute buffer holds until 11:05.
    clash = await w.request(
        p, "2026-03-04T11:00:00-05:00", client_id=str(p.clients[1].id), expect=409, **staff
    )
    assert clash["detail"] == "That time is no longer available. Please choose another time."
    await w.request(p, "2026-03-04T11:05:00-05:00", client_id=str(p.clients[1].id), **staff)
