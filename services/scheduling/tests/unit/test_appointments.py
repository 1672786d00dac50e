"""An appointment's changes, and the policy a client meets when cancelling or moving."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.scheduling.domain.appointments import Appointment, CallTheOffice
from services.scheduling.domain.details import Details, calendar_entry
from services.scheduling.domain.setup import BookingPolicy, Location, ServiceType
from shared.errors import Conflict

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
POLICY = BookingPolicy(practice_id=uuid.uuid4(), cancellation_window_hours=48)


def appointment(status: str = "confirmed", *, in_hours: float = 72) -> Appointment:
    start = NOW + timedelta(hours=in_hours)
    return Appointment(
        id=uuid.uuid4(),
        practice_id=POLICY.practice_id,
        clinician_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        location_id=uuid.uuid4(),
        service_id=uuid.uuid4(),
        starts_at=start,
        ends_at=start + timedelta(minutes=50),
        held_until=start + timedelta(minutes=50),
        status=status,  # type: ignore[arg-type]
        requested_by="client",
    )


def test_every_change_raises_the_sequence() -> None:
    a = appointment("requested")
    approved = a.approve(now=NOW)
    cancelled = approved.cancel(by="client", now=NOW, policy=POLICY, phone=None)
    assert [a.sequence, approved.sequence, cancelled.sequence] == [0, 1, 2]


def test_a_client_cancels_outside_the_window_and_is_told_to_call_inside_it() -> None:
    assert (
        appointment(in_hours=49).cancel(by="client", now=NOW, policy=POLICY, phone=None).status
        == "cancelled"
    )
    with pytest.raises(CallTheOffice) as refused:
        appointment(in_hours=47).cancel(by="client", now=NOW, policy=POLICY, phone="+1 555 0100")
    assert refused.value.detail == (
        "It is less than 48 hours before your session: to cancel, please call our office"
        " at +1 555 0100."
    )
    late = appointment(in_hours=47).cancel(by="clinician", now=NOW, policy=POLICY, phone=None)
    assert late.cancelled_late and late.cancelled_by == "clinician"


def test_a_client_moving_a_confirmed_session_asks_again_where_approval_is_needed() -> None:
    moved = appointment().reschedule(
        by="client",
        starts_at=NOW + timedelta(days=5),
        duration=timedelta(minutes=50),
        buffer=timedelta(minutes=10),
        now=NOW,
        policy=POLICY,
        phone=None,
    )
    assert moved.status == "requested" and moved.held_until - moved.ends_at == timedelta(minutes=10)
    direct = BookingPolicy(practice_id=POLICY.practice_id, requires_approval=False)
    kept = appointment().reschedule(
        by="client",
        starts_at=NOW + timedelta(days=5),
        duration=timedelta(minutes=50),
        buffer=timedelta(0),
        now=NOW,
        policy=direct,
        phone=None,
    )
    assert kept.status == "confirmed"


def test_only_a_session_that_has_started_is_completed_or_a_no_show() -> None:
    with pytest.raises(Conflict):
        appointment(in_hours=1).complete(now=NOW)
    with pytest.raises(Conflict):
        appointment("requested", in_hours=-1).no_show(now=NOW)
    assert appointment(in_hours=-1).complete(now=NOW).status == "completed"


def test_a_passed_request_can_only_be_declined() -> None:
    with pytest.raises(Conflict, match="declined"):
        appointment("requested", in_hours=-1).approve(now=NOW)
    assert appointment("requested", in_hours=-1).decline(note=None).status == "declined"


def test_a_calendar_entry_names_the_clinician_for_the_client_and_initials_for_staff() -> None:
    a = appointment()
    office = Location(
        id=a.location_id,
        practice_id=a.practice_id,
        name="Office",
        time_zone="America/New_York",
        address="1 Main St",
    )
    service = ServiceType(
        id=a.service_id,
        practice_id=a.practice_id,
        name="Couples therapy",
        duration_minutes=50,
        fee=100,
    )
    d = Details(a, office, service, "Dr. Lee", client_first_name="Robin", client_last_name="Walker")
    client = calendar_entry(d, for_staff=False, domain="portal.test", url="https://x")
    staff = calendar_entry(d, for_staff=True, domain="portal.test", url="https://x")
    assert client.summary == "Appointment with Dr. Lee" and staff.summary == "Session with R.W."
    assert client.uid == staff.uid == f"appointment-{a.id}@portal.test"
    assert "Couples" not in repr(client) + repr(staff)
