"""Response bodies (also the OpenAPI source). Times are ISO 8601 with the offset of the
location's zone, and the zone is named beside them: a client elsewhere never guesses."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from services.scheduling.domain.appointments import Status, inside_window
from services.scheduling.domain.availability import Slot, WeeklyHours
from services.scheduling.domain.details import Details
from services.scheduling.domain.setup import BookingPolicy, Location, ServiceType
from shared.types import ResponseModel


class LocationView(ResponseModel):
    id: UUID
    name: str
    time_zone: str
    address: str | None
    phone: str | None
    telehealth: bool
    map_url: str | None
    active: bool

    @classmethod
    def of(cls, location: Location) -> LocationView:
        return cls.model_validate(location)


class StaffLocationView(LocationView):
    video_url: str | None


class ServiceView(ResponseModel):
    """What a client picks ("Select your service")."""

    id: UUID
    name: str
    duration_minutes: int


class StaffServiceView(ServiceView):
    fee: int
    currency: str
    cpt_code: str | None
    online: bool
    active: bool
    clinician_ids: list[UUID]

    @classmethod
    def of(cls, service: ServiceType) -> StaffServiceView:
        return cls.model_validate(service)


class PolicyView(ResponseModel):
    requires_approval: bool
    min_notice_hours: int
    horizon_days: int
    buffer_minutes: int
    slot_interval_minutes: int
    online_cancellation: bool
    cancellation_window_hours: int
    reminder_hours: int
    allow_new_clients: bool
    office_phone: str | None

    @classmethod
    def of(cls, policy: BookingPolicy) -> PolicyView:
        return cls.model_validate(policy)


class ClientPolicyView(ResponseModel):
    """What a client is told about booking and cancelling."""

    requires_approval: bool
    online_cancellation: bool
    cancellation_window_hours: int
    office_phone: str | None


class PersonView(ResponseModel):
    id: UUID
    name: str


class BookableClinicianView(PersonView):
    location_ids: list[UUID]
    service_ids: list[UUID]


class BookingOptionsView(ResponseModel):
    clinicians: list[BookableClinicianView]
    locations: list[LocationView]
    services: list[ServiceView]
    policy: ClientPolicyView
    your_clinician_id: UUID | None = None


class SlotView(ResponseModel):
    starts_at: datetime
    ends_at: datetime
    local_time: str  # "09:00", wall clock at the location
    zone_abbreviation: str  # "EST" / "EDT"

    @classmethod
    def of(cls, slot: Slot) -> SlotView:
        return cls(
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            local_time=slot.starts_at.strftime("%H:%M"),
            zone_abbreviation=slot.starts_at.tzname() or "",
        )


class DayView(ResponseModel):
    date: date
    morning: list[SlotView]  # before 12 noon
    afternoon: list[SlotView]  # "afternoon & evening": 12 pm on


class WeekView(ResponseModel):
    time_zone: str
    week_start: date
    previous_week: date | None
    next_week: date | None
    clinician: PersonView
    location: LocationView
    service: ServiceView
    days: list[DayView]


class HoursView(ResponseModel):
    id: UUID
    location_id: UUID
    weekday: int
    starts: str
    ends: str

    @classmethod
    def of(cls, h: WeeklyHours) -> HoursView:
        return cls(
            id=h.id,
            location_id=h.location_id,
            weekday=h.weekday,
            starts=h.starts.strftime("%H:%M"),
            ends=h.ends.strftime("%H:%M"),
        )


class DateOverrideView(ResponseModel):
    id: UUID
    location_id: UUID
    date: date
    starts: str | None
    ends: str | None


class TimeOffView(ResponseModel):
    id: UUID
    starts_at: datetime
    ends_at: datetime


class ProspectView(ResponseModel):
    first_name: str
    last_name: str
    email: str
    phone: str | None


class RequestedView(ResponseModel):
    """A New Client's request as they are shown it: the time is held, not yet accepted."""

    id: UUID
    status: Status
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    clinician: PersonView
    location: LocationView
    service: ServiceView

    @classmethod
    def of(cls, d: Details) -> RequestedView:
        a, zone = d.appointment, ZoneInfo(d.location.time_zone)
        return cls(
            id=a.id,
            status=a.status,
            starts_at=a.starts_at.astimezone(zone),
            ends_at=a.ends_at.astimezone(zone),
            time_zone=d.location.time_zone,
            clinician=PersonView(id=a.clinician_id, name=d.clinician_name),
            location=LocationView.of(d.location),
            service=ServiceView(
                id=d.service.id, name=d.service.name, duration_minutes=d.service.duration_minutes
            ),
        )


class AppointmentView(ResponseModel):
    id: UUID
    status: Status
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    clinician: PersonView
    location: LocationView
    service: ServiceView
    decline_note: str | None
    # "Cancel Session" works online now (the policy); otherwise call the office.
    cancellable_online: bool
    office_phone: str | None
    video_url: str | None  # telehealth, confirmed, from shortly before the start
    calendar_url: str

    @classmethod
    def of(
        cls,
        d: Details,
        *,
        now: datetime,
        policy: BookingPolicy,
        phone: str | None,
        video_minutes: int,
    ) -> AppointmentView:
        a, zone = d.appointment, ZoneInfo(d.location.time_zone)
        cancellable = (
            a.holding
            and policy.online_cancellation
            and not inside_window(a.starts_at, now=now, policy=policy)
        )
        return cls(
            id=a.id,
            status=a.status,
            starts_at=a.starts_at.astimezone(zone),
            ends_at=a.ends_at.astimezone(zone),
            time_zone=d.location.time_zone,
            clinician=PersonView(id=a.clinician_id, name=d.clinician_name),
            location=LocationView.of(d.location),
            service=ServiceView(
                id=d.service.id, name=d.service.name, duration_minutes=d.service.duration_minutes
            ),
            decline_note=a.decline_note,
            cancellable_online=cancellable,
            office_phone=phone,
            video_url=d.video_url_at(now, minutes_before=video_minutes),
            calendar_url=f"/api/v1/scheduling/appointments/{a.id}/calendar.ics",
        )


class StaffAppointmentView(AppointmentView):
    client_id: UUID | None
    client_name: str
    prospect: ProspectView | None
    requested_by: str
    cancelled_by: str | None
    cancelled_late: bool

    @classmethod
    def of_staff(
        cls, d: Details, *, now: datetime, policy: BookingPolicy, phone: str | None
    ) -> StaffAppointmentView:
        base = AppointmentView.of(d, now=now, policy=policy, phone=phone, video_minutes=0)
        a = d.appointment
        return cls(
            **base.model_dump(exclude={"video_url"}),
            video_url=d.location.video_url if d.location.telehealth else None,
            client_id=a.client_id,
            client_name=d.client_name,
            prospect=ProspectView.model_validate(a.prospect) if a.prospect else None,
            requested_by=a.requested_by,
            cancelled_by=a.cancelled_by,
            cancelled_late=a.cancelled_late,
        )


class CalendarView(ResponseModel):
    time_zone: str
    start: date
    days: int
    appointments: list[StaffAppointmentView]


class FeedView(ResponseModel):
    active: bool
    created_at: datetime | None = None
    url: str | None = None  # only when just made: the secret is never shown again
