"""Reminders: a periodic job (one replica at a time, shared.service.PeriodicJob) publishes
``appointment.reminder_due`` once per confirmed appointment when its time comes (the
practice's ``reminder_hours`` before the start; messaging sends the email). The row is
marked in the same transaction as the event, so a crash or a second replica cannot send
it twice; a reschedule clears the mark."""

from __future__ import annotations

from typing import Any

from services.scheduling.repo import appointments as appointments_repo
from services.scheduling.repo import setup as setup_repo
from services.scheduling.service.access import office_phone
from services.scheduling.service.events import appointment_event, publish
from shared.events.catalog import AppointmentReminderDue
from shared.logging import get_logger
from shared.runtime import Work

log = get_logger(__name__)


async def send_reminders(work: Work[Any]) -> None:
    due = await appointments_repo.claim_due_reminders(work.conn, now=work.now())
    for practice_id, appointment_id in due:
        details = await appointments_repo.find_details(work.conn, practice_id, appointment_id)
        assert details is not None
        policy = await setup_repo.get_policy(work.conn, practice_id)
        phone = await office_phone(work.conn, policy)
        await publish(work, appointment_event(AppointmentReminderDue, details, phone=phone))
    await work.commit()
    if due:
        log.info("reminders.due", count=len(due))
