import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api/problems";
import { attemptFor, type Booking, mayHaveBooked, send } from "./staffBooking";

const booking: Booking = {
  client_id: "client-1",
  clinician_id: "clinician-1",
  location_id: "office",
  service_id: "therapy",
  starts_at: "2026-03-10T09:00:00-04:00",
};

function keys(): () => string {
  let n = 0;
  return () => `key-${++n}`;
}

afterEach(() => vi.unstubAllGlobals());

describe("a staff booking's Idempotency-Key", () => {
  it("stays the same while the same booking is sent again", () => {
    const make = keys();
    const first = attemptFor(null, booking, make);
    expect(first.key).toBe("key-1");
    expect(attemptFor(first, { ...booking }, make)).toBe(first);
  });

  it("is new for another time, another client or another service", () => {
    const make = keys();
    const first = attemptFor(null, booking, make);
    expect(attemptFor(first, { ...booking, starts_at: "2026-03-10T10:00:00-04:00" }, make).key).toBe("key-2");
    expect(attemptFor(first, { ...booking, client_id: "client-2" }, make).key).toBe("key-3");
    expect(attemptFor(first, { ...booking, service_id: "intake" }, make).key).toBe("key-4");
  });

  it("is kept after a lost answer or a server failure, and dropped after a refusal", () => {
    expect(mayHaveBooked(new TypeError("Failed to fetch"))).toBe(true);
    expect(mayHaveBooked(new ApiError(503, { title: "Service unavailable" }))).toBe(true);
    expect(mayHaveBooked(new ApiError(409, { detail: "That time is no longer open." }))).toBe(false);
    expect(mayHaveBooked(new ApiError(422, { title: "Invalid input" }))).toBe(false);
  });

  it("goes with byte-for-byte the same request each time it is sent", async () => {
    const sent: { key: string | null; body: string }[] = [];
    vi.stubGlobal("fetch", async (request: Request) => {
      sent.push({ key: request.headers.get("Idempotency-Key"), body: await request.text() });
      return new Response(JSON.stringify({ id: "a1" }), {
        status: 201,
        headers: { "Content-Type": "application/json" },
      });
    });
    const { starts_at, ...rest } = booking;
    const attempt = attemptFor(null, { starts_at, ...rest }, keys()); // another key order
    await send(attempt);
    await send(attemptFor(attempt, booking));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(sent[1]);
    expect(sent[0]?.key).toBe("key-1");
    expect(JSON.parse(sent[0]?.body ?? "")).toEqual(booking);
  });
});
