import { describe, expect, it } from "vitest";
import { addDays, clockWithZone, dateWords, weekWords, whenWords, zonedIso } from "./time";

describe("times shown with their zone", () => {
  it("names the zone the session is in, across a daylight-saving change", () => {
    expect(clockWithZone("2026-03-06T09:00:00-05:00", "America/New_York")).toBe("9:00 AM EST");
    expect(clockWithZone("2026-03-09T09:00:00-04:00", "America/New_York")).toBe("9:00 AM EDT");
    expect(whenWords("2026-03-09T13:00:00Z", "America/New_York")).toBe("Monday, March 9, 2026 at 9:00 AM EDT");
  });

  it("turns a wall-clock time at a place into an instant with its offset", () => {
    expect(zonedIso("2026-03-10T09:00", "America/New_York")).toBe("2026-03-10T09:00:00-04:00");
    expect(zonedIso("2026-03-06T09:00", "America/New_York")).toBe("2026-03-06T09:00:00-05:00");
    expect(zonedIso("2026-07-01", "Europe/London")).toBe("2026-07-01T00:00:00+01:00");
  });

  it("says dates in words without moving them to another day", () => {
    expect(dateWords("2026-03-08")).toBe("Sunday, March 8");
    expect(weekWords("2026-03-01", addDays("2026-03-01", 6))).toBe("Mar 1 – Mar 7, 2026");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });
});
