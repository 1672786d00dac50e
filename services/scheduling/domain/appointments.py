"""An appointment's life: requested (the time is held), confirmed, then completed or
no-show; or declined, or cancelled. Every change of time or status raises ``sequence``,
the iCalendar SEQUENCE calendar apps use to replace the entry they already have.

Clients act within the practice's policy; staff always may (a late cancellation by staff
is recorded as late). Errors say what to do next, in the client's words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal
from uuid import UUID

from services.scheduling.domain.setup import BookingPolicy
from shared.errors import Conflict, Forbidden

Status = Literal["requested", "confirmed", "declined", "cancelled", "completed", "no_show"]
Requester = Literal["client", "clinician", "admin", "prospect"]
HOLDING: tuple[Status, ...] = ("requested", "confirmed")  # these hold the clinician's time

TAKEN = "That time is no longer available. Please choose another time."
NOT_OPEN = "That time is not open for booking. Please choose one of the times shown."


class CallTheOffice(Forbidden):
    """A client may not do this online (the policy): they are told to call, with the phone."""

    code = "call-the-office"


@dataclass(frozen=True)
class Prospect:
    """Someone without an account asking for a first appointment (New Client)."""

    first_name: str
    last_name: str
    email: str
    phone: str | None = None


@dataclass(frozen=True)
class Appointment:
    id: UUID
    practice_id: UUID
    clinician_id: UUID
    client_id: UUID | None
    location_id: UUID
    service_id: UUID
    starts_at: datetime
    ends_at: datetime
    held_until: datetime
    status: Status
    requested_by: Requester
    sequence: int = 0
    prospect: Prospect | None = None
    decline_note: str | None = None
    cancelled_by: str | None = None
    cancelled_late: bool = False
    reminder_sent_at: datetime | None = None

    @property
    def holding(self) -> bool:
        return self.status in HOLDING

    def _next(self, **changes: object) -> Appointment:
        return replace(self, sequence=self.sequence + 1, **changes)  # type: ignore[arg-type]

    def approve(self, *, now: datetime) -> Appointment:
        self._require("requested", "approve")
        if self.starts_at <= now:
            raise Conflict("This request's time has passed: it can only be declined.")
        return self._next(status="confirmed")

    def decline(self, *, note: str | None) -> Appointment:
        self._require("requested", "decline")
        return self._next(status="declined", decline_note=note)

    def cancel(
        self, *, by: str, now: datetime, policy: BookingPolicy, phone: str | None
    ) -> Appointment:
        self._require_holding("cancel")
        late = inside_window(self.starts_at, now=now, policy=policy)
        if by == "client":
            client_may_change(self.starts_at, now=now, policy=policy, phone=phone, what="cancel")
        return self._next(status="cancelled", cancelled_by=by, cancelled_late=late)

    def reschedule(
        self,
        *,
        by: str,
        starts_at: datetime,
        duration: timedelta,
        buffer: timedelta,
        now: datetime,
        policy: BookingPolicy,
        phone: str | None,
    ) -> Appointment:
        """Moved in one step: a client under the same policy as a cancellation; where the
        practice approves requests, a client's move of a confirmed appointment is a new
        request (the clinician approves the new time)."""
        self._require_holding("reschedule")
        if by == "client":
            client_may_change(
                self.starts_at, now=now, policy=policy, phone=phone, what="reschedule"
            )
        status: Status = "requested" if by == "client" and policy.requires_approval else self.status
        starts_at = starts_at.astimezone(UTC)
        return self._next(
            status=status,
            starts_at=starts_at,
            ends_at=starts_at + duration,
            held_until=starts_at + duration + buffer,
            reminder_sent_at=None,
        )

    def complete(self, *, now: datetime) -> Appointment:
        self._require_started("complete", now)
        return self._next(status="completed")

    def no_show(self, *, now: datetime) -> Appointment:
        self._require_started("mark as no-show", now)
        return self._next(status="no_show")

    def with_client(self, client_id: UUID) -> Appointment:
        """A New Client request whose person now has an account."""
        return replace(self, client_id=client_id)

    def _require(self, status: Status, verb: str) -> None:
        if self.status != status:
            now_is = _words(self.status)
            raise Conflict(
                f"Only a {status} appointment can be {_past(verb)}; this one is {now_is}."
            )

    def _require_holding(self, verb: str) -> None:
        if not self.holding:
            raise Conflict(
                f"This appointment is {_words(self.status)}: it cannot be {_past(verb)}."
            )

    def _require_started(self, verb: str, now: datetime) -> None:
        if self.status != "confirmed":
            now_is = _words(self.status)
            raise Conflict(
                f"Only a confirmed appointment can be {_past(verb)}; this one is {now_is}."
            )
        if self.starts_at > now:
            raise Conflict(f"This appointment has not started yet: it cannot be {_past(verb)}.")


def inside_window(starts_at: datetime, *, now: datetime, policy: BookingPolicy) -> bool:
    """Whether ``now`` is inside the cancellation window before ``starts_at``."""
    return starts_at - now < policy.cancellation_window


def client_may_change(
    starts_at: datetime, *, now: datetime, policy: BookingPolicy, phone: str | None, what: str
) -> None:
    """The guide: "If you attempt to cancel too close to a session, or if they don't offer
    online cancellation, you'll receive a message to call their office to cancel." """
    call = f"please call our office at {phone}" if phone else "please call our office"
    if not policy.online_cancellation:
        raise CallTheOffice(
            f"This practice does not take cancellations online: to {what}, {call}.", phone=phone
        )
    if inside_window(starts_at, now=now, policy=policy):
        hours = policy.cancellation_window_hours
        raise CallTheOffice(
            f"It is less than {hours} hours before your session: to {what}, {call}.", phone=phone
        )


def _words(status: Status) -> str:
    return "a no-show" if status == "no_show" else status


def _past(verb: str) -> str:
    return {
        "approve": "approved",
        "decline": "declined",
        "cancel": "cancelled",
        "reschedule": "rescheduled",
        "complete": "marked completed",
        "mark as no-show": "marked as a no-show",
    }.get(verb, verb)
