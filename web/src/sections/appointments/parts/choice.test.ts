import { describe, expect, it } from "vitest";
import type { Options } from "./api";
import { firstChoice, valid } from "./choice";

const options = {
  clinicians: [
    { id: "ann", name: "Ann", location_ids: ["office"], service_ids: ["therapy"] },
    { id: "ben", name: "Ben", location_ids: ["online", "office"], service_ids: ["intake", "therapy"] },
  ],
  locations: [],
  services: [],
  policy: { requires_approval: true, online_cancellation: true, cancellation_window_hours: 24, office_phone: null },
  your_clinician_id: "ben",
} as unknown as Options;

describe("the booking week's first choice", () => {
  it("starts with the client's own clinician, or the clinician staff prefer", () => {
    expect(firstChoice(options)).toEqual({ clinician_id: "ben", location_id: "online", service_id: "intake" });
    expect(firstChoice(options, "ann")).toEqual({ clinician_id: "ann", location_id: "office", service_id: "therapy" });
  });

  it("offers the clinician's locations and services in the practice's order, by name", () => {
    const listed = {
      ...options,
      locations: [
        { id: "office", name: "Main Office" },
        { id: "online", name: "Telehealth" },
      ],
      services: [
        { id: "therapy", name: "Individual therapy" },
        { id: "intake", name: "Intake" },
      ],
    } as unknown as Options;
    expect(firstChoice(listed)).toEqual({ clinician_id: "ben", location_id: "office", service_id: "therapy" });
  });

  it("falls back to the first clinician when the preferred one cannot be booked", () => {
    expect(firstChoice(options, "someone-without-hours")?.clinician_id).toBe("ann");
    expect(firstChoice(options, null)?.clinician_id).toBe("ann");
    expect(firstChoice({ ...options, clinicians: [] })).toBeNull();
  });

  it("keeps a changed choice to a location and service the clinician offers", () => {
    expect(valid(options, { clinician_id: "ann", location_id: "online", service_id: "intake" })).toEqual({
      clinician_id: "ann",
      location_id: "office",
      service_id: "therapy",
    });
    expect(valid(options, { clinician_id: "ben", location_id: "office", service_id: "therapy" })).toEqual({
      clinician_id: "ben",
      location_id: "office",
      service_id: "therapy",
    });
  });
});
