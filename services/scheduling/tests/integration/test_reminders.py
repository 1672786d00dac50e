"""Reminders: appointment.reminder_due once per confirmed appointment, the practice's
reminder_hours (default 24) before it, from a periodic job that one replica runs at a
time; a reschedule sets it to go out again for the new time."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from services.scheduling.app import REMINDERS
from services.scheduling.tests.integration.world import World
from shared.service import run_job_once

FRIDAY_9 = "2026-03-06T09:00:00-05:00"  # 14:00 UTC


async def reminders_at(w: World, when: str) -> None:
    w.clock.at = datetime.fromisoformat(when)
    await run_job_once(w.rt, REMINDERS)


async def test_a_reminder_goes_out_once_a_day_before_a_confirmed_session(w: World) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, FRIDAY_9)
    requested_only = await w.request(p, "2026-03-06T11:00:00-05:00", who=p.clients[1])
    await w.act(p, made, "approve")
    await reminders_at(w, "2026-03-05T13:59:00+00:00")  # 24 h and a minute before
    assert await w.events(p, "appointment.reminder_due") == []
    await reminders_at(w, "2026-03-05T14:00:00+00:00")
    [event] = await w.events(p, "appointment.reminder_due")
    assert event["data"]["appointment_id"] == made["id"]
    assert event["data"]["status"] == "confirmed"
    await reminders_at(w, "2026-03-05T18:00:00+00:00")
    assert len(await w.events(p, "appointment.reminder_due")) == 1  # once
    assert requested_only["id"] not in str(await w.events(p, "appointment.reminder_due"))


async def test_replicas_running_the_job_at_once_send_one_reminder(w: World) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, FRIDAY_9)
    await w.act(p, made, "approve")
    w.clock.at = datetime.fromisoformat("2026-03-05T20:00:00+00:00")
    ran = await asyncio.gather(*(run_job_once(w.rt, REMINDERS) for _ in range(4)))
    assert any(ran)
    await run_job_once(w.rt, REMINDERS)
    assert len(await w.events(p, "appointment.reminder_due")) == 1


async def test_a_practice_sets_its_own_reminder_time_and_a_move_reminds_again(w: World) -> None:
    p = await w.setup(await w.practice(), policy={"reminder_hours": 48, "requires_approval": False})
    made = await w.request(p, FRIDAY_9)
    await reminders_at(w, "2026-03-04T14:00:00+00:00")  # 48 hours before
    assert len(await w.events(p, "appointment.reminder_due")) == 1
    w.clock.advance(timedelta(minutes=1))
    await w.call(
        "POST",
        f"/api/v1/scheduling/appointments/{made['id']}/reschedule",
        practice=p,
        who=p.clinician,
        body={"starts_at": "2026-03-06T15:00:00-05:00"},
        expect=200,
    )
    await reminders_at(w, "2026-03-04T21:00:00+00:00")
    reminders = await w.events(p, "appointment.reminder_due")
    assert [e["data"]["starts_at"][:16] for e in reminders] == [
        "2026-03-06T14:00",
        "2026-03-06T20:00",
    ]
