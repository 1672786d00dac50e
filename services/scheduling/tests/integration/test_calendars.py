"""Add to calendar (.ics per appointment) and the private subscription feeds."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from services.scheduling.tests.integration.world import World

TIME = "2026-03-04T09:00:00-05:00"


async def ics(w: World, path: str, **who: object) -> icalendar.Calendar:
    text = await w.call("GET", path, **who, expect=200)  # type: ignore[arg-type]
    assert isinstance(text, str) and text.startswith("BEGIN:VCALENDAR")
    return icalendar.Calendar.from_ical(text)


def events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return list(cal.walk("VEVENT"))


async def test_add_to_calendar_keeps_its_uid_and_raises_the_sequence_on_each_change(
    w: World,
) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, TIME)
    me = {"practice": p, "who": p.client}
    path = made["calendar_url"]
    async with w.http.get(path, headers=w.headers(p, p.client)) as r:
        assert r.content_type == "text/calendar"
        assert r.headers["Content-Disposition"] == 'attachment; filename="appointment.ics"'
    [first] = events(await ics(w, path, **me))
    assert str(first["uid"]) == f"appointment-{made['id']}@portal.test"
    assert first["sequence"] == 0 and str(first["status"]) == "TENTATIVE"
    assert str(first["summary"]) == "Appointment with Casey Lee"
    assert first["dtstart"].dt.isoformat() == "2026-03-04T09:00:00-05:00"
    assert str(first["dtstart"].dt.tzinfo) == "America/New_York"
    assert str(first["location"]) == "100 Harbor Street, Springfield"
    await w.act(p, made, "approve")
    [approved] = events(await ics(w, path, **me))
    assert approved["uid"] == first["uid"] and approved["sequence"] == 1
    assert str(approved["status"]) == "CONFIRMED"
    await w.act(p, made, "cancel", who=p.client)
    cal = await ics(w, path, **me)
    [cancelled] = events(cal)
    assert cancelled["sequence"] == 2 and str(cancelled["status"]) == "CANCELLED"
    assert "Individual therapy" not in cal.to_ical().decode(), "no health details in calendars"


async def test_a_private_feed_serves_without_a_session_until_it_is_replaced_or_turned_off(
    w: World,
) -> None:
    p = await w.setup(await w.practice())
    await w.request(p, TIME)
    other = await w.request(p, "2026-03-04T10:00:00-05:00", who=p.clients[1])
    me = {"practice": p, "who": p.client}
    assert await w.call("GET", "/api/v1/scheduling/calendar-feed", **me) == {
        "active": False,
        "created_at": None,
        "url": None,
    }
    feed = await w.call("POST", "/api/v1/scheduling/calendar-feed", **me, expect=201)
    assert feed["url"].startswith("http://portal.test/api/v1/scheduling/feeds/")
    path = feed["url"].removeprefix("http://portal.test")
    served = events(await ics(w, path))  # no token, no cookie: the URL is the secret
    assert len(served) == 1 and other["id"] not in str(served[0]["uid"])
    status = await w.call("GET", "/api/v1/scheduling/calendar-feed", **me)
    assert status["active"] is True and status["url"] is None  # never shown again
    stored = await w.db.fetchval(
        "SELECT count(*) FROM scheduling.calendar_feeds"
        " WHERE position($1::bytea in token_hash) > 0",
        path.split("/")[-1].removesuffix(".ics").encode(),
    )
    assert stored == 0, "the token is stored hashed"
    # A new link replaces the old one.
    newer = await w.call("POST", "/api/v1/scheduling/calendar-feed", **me, expect=201)
    await w.call("GET", path, expect=404)
    newer_path = newer["url"].removeprefix("http://portal.test")
    assert len(events(await ics(w, newer_path))) == 1
    await w.call("DELETE", "/api/v1/scheduling/calendar-feed", **me, expect=204)
    await w.call("GET", newer_path, expect=404)
    await w.call("DELETE", "/api/v1/scheduling/calendar-feed", **me, expect=404)
    await w.call("GET", "/api/v1/scheduling/feeds/short.ics", expect=404)


async def test_a_clinicians_feed_names_clients_by_initials_only(w: World) -> None:
    p = await w.setup(await w.practice())
    await w.request(p, TIME)
    feed = await w.call(
        "POST", "/api/v1/scheduling/calendar-feed", practice=p, who=p.clinician, expect=201
    )
    cal = await ics(w, feed["url"].removeprefix("http://portal.test"))
    [entry] = events(cal)
    assert str(entry["summary"]) == "Session with R.W."
    text = cal.to_ical().decode()
    assert "RobinA" not in text and "Walker" not in text
    assert str(cal["x-wr-calname"]) == f"Practice {p.slug} appointments"


async def test_a_telehealth_link_shows_on_a_confirmed_session_from_thirty_minutes_before(
    w: World,
) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, "2026-03-03T17:00:00-05:00", location=p.room)  # Tuesday, video
    path = f"/api/v1/scheduling/appointments/{made['id']}"
    me = {"practice": p, "who": p.client}
    assert made["video_url"] is None and made["location"]["address"] is None
    w.clock.at = w.clock.at.replace(day=3, hour=21, minute=29)  # 16:29 in New York
    assert (await w.call("GET", path, **me))["video_url"] is None  # a request: not yet
    await w.act(p, made, "approve")
    assert (await w.call("GET", path, **me))["video_url"] is None  # 31 minutes before
    w.clock.advance(timedelta(minutes=1))
    assert (await w.call("GET", path, **me))["video_url"] == "https://video.example.com/room-1"
    w.clock.advance(timedelta(minutes=80))  # the session is over
    assert (await w.call("GET", path, **me))["video_url"] is None
    [event] = await w.events(p, "appointment.approved")
    assert event["data"]["place"]["telehealth"] is True
    assert "video.example.com" not in str(event), "the link never rides on the broker"
