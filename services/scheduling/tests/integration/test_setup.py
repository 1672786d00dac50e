"""Practice setup by staff, and what the booking page then offers a client."""

from __future__ import annotations

from services.scheduling.tests.integration.world import World


async def test_staff_set_up_locations_services_and_the_policy(w: World) -> None:
    p = await w.setup(await w.practice(clients=1))
    staff = {"practice": p, "who": p.admin}
    locations = await w.call("GET", "/api/v1/scheduling/locations", **staff, expect=200)
    office, room = sorted(locations, key=lambda x: x["telehealth"])
    assert office["map_url"] == (
        "https://www.google.com/maps/search/?api=1&query=100+Harbor+Street%2C+Springfield"
    )
    assert room["map_url"] is None and room["video_url"] == "https://video.example.com/room-1"
    changed = await w.call(
        "PATCH",
        f"/api/v1/scheduling/locations/{room['id']}",
        **staff,
        body={"telehealth": False, "address": "2 Side St"},
        expect=200,
    )
    assert changed["video_url"] is None and changed["address"] == "2 Side St"
    policy = await w.call("GET", "/api/v1/scheduling/booking-policy", **staff, expect=200)
    assert policy == {
        "requires_approval": True,
        "min_notice_hours": 24,
        "horizon_days": 60,
        "buffer_minutes": 0,
        "slot_interval_minutes": 60,
        "online_cancellation": True,
        "cancellation_window_hours": 24,
        "reminder_hours": 24,
        "allow_new_clients": False,
        "office_phone": None,
    }
    policy = await w.call(
        "PATCH",
        "/api/v1/scheduling/booking-policy",
        **staff,
        expect=200,
        body={"cancellation_window_hours": 72, "office_phone": "+1 555 000 1111"},
    )
    assert policy["cancellation_window_hours"] == 72 and policy["requires_approval"] is True
    services = await w.call("GET", "/api/v1/scheduling/services", **staff, expect=200)
    assert services[0]["cpt_code"] == "90834"
    assert services[0]["clinician_ids"] == [str(p.clinician.id)]


async def test_the_booking_page_offers_only_what_can_be_booked_online(w: World) -> None:
    p = await w.setup(await w.practice(clients=1))
    staff = {"practice": p, "who": p.clinician}
    hidden = await w.call(
        "POST",
        "/api/v1/scheduling/services",
        **staff,
        expect=201,
        body={
            "name": "Assessment",
            "duration_minutes": 90,
            "online": False,
            "clinician_ids": [str(p.clinician.id)],
        },
    )
    options = await w.call("GET", "/api/v1/scheduling/booking/options", practice=p, who=p.client)
    assert [c["name"] for c in options["clinicians"]] == ["Casey Lee"]
    assert options["your_clinician_id"] == str(p.clinician.id)
    assert {x["name"] for x in options["locations"]} == {"Main Office", "Telehealth"}
    assert [s["name"] for s in options["services"]] == ["Individual therapy"]
    assert "fee" not in options["services"][0] and "video_url" not in options["locations"][0]
    assert options["policy"] == {
        "requires_approval": True,
        "online_cancellation": True,
        "cancellation_window_hours": 24,
        "office_phone": "+1 555 010 0199",  # the practice's, until the policy names one
    }
    # A service not offered online cannot be requested, even by its id.
    body = w.choice(p) | {"service_id": hidden["id"], "starts_at": "2026-03-04T09:00:00-05:00"}
    await w.call(
        "POST", "/api/v1/scheduling/appointments", practice=p, who=p.client, body=body, expect=404
    )
    # Closing a location takes it off the page.
    await w.call(
        "PATCH",
        f"/api/v1/scheduling/locations/{p.room}",
        **staff,
        body={"active": False},
        expect=200,
    )
    options = await w.call("GET", "/api/v1/scheduling/booking/options", practice=p, who=p.client)
    assert [x["name"] for x in options["locations"]] == ["Main Office"]
    await w.call(
        "GET",
        "/api/v1/scheduling/booking/availability",
        practice=p,
        who=p.client,
        params=w.choice(p, location=p.room),
        expect=404,
    )


async def test_weekly_hours_overrides_and_time_off_are_listed_and_removed(w: World) -> None:
    p = await w.setup(await w.practice(clients=0))
    base = f"/api/v1/scheduling/clinicians/{p.clinician.id}"
    staff = {"practice": p, "who": p.clinician}
    week = await w.call("GET", f"{base}/hours", **staff)
    assert {(h["weekday"], h["starts"], h["ends"]) for h in week if h["location_id"] == p.room} == {
        (2, "17:00", "20:00"),
        (4, "17:00", "20:00"),
    }
    closed = await w.call(
        "POST",
        f"{base}/date-overrides",
        **staff,
        expect=201,
        body={"location_id": p.office, "date": "2026-03-05"},
    )
    assert closed["starts"] is None
    listed = await w.call("GET", f"{base}/date-overrides?first=2026-03-01&last=2026-03-31", **staff)
    assert [o["id"] for o in listed] == [closed["id"]]
    await w.call("DELETE", f"{base}/date-overrides/{closed['id']}", **staff, expect=204)
    await w.call("DELETE", f"{base}/date-overrides/{closed['id']}", **staff, expect=404)
    off = await w.call(
        "POST",
        f"{base}/time-off",
        **staff,
        expect=201,
        body={"starts_at": "2026-03-10T00:00:00Z", "ends_at": "2026-03-12T00:00:00Z"},
    )
    assert [t["id"] for t in await w.call("GET", f"{base}/time-off", **staff)] == [off["id"]]
    await w.call("DELETE", f"{base}/time-off/{off['id']}", **staff, expect=204)
    # An empty week at a location removes the hours there.
    await w.call(
        "PUT", f"{base}/hours", **staff, body={"location_id": p.room, "hours": []}, expect=200
    )
    assert {h["location_id"] for h in await w.call("GET", f"{base}/hours", **staff)} == {p.office}
    clinicians = await w.call("GET", "/api/v1/scheduling/clinicians", **staff)
    assert {c["name"] for c in clinicians} == {"Avery Admin", "Casey Lee"}
