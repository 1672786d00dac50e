import { describe, expect, it } from "vitest";
import { FormProblem } from "../../../kit";
import { changes, feeCents, feeText, type Location, readLocation, readService, type Service } from "./setupValues";

const office: Location = {
  id: "l1",
  name: "Main Office",
  time_zone: "America/New_York",
  address: "100 Harbor Street",
  phone: null,
  telehealth: false,
  video_url: null,
  map_url: "https://www.google.com/maps/search/?api=1&query=100+Harbor+Street",
  active: true,
};

const therapy: Service = {
  id: "s1",
  name: "Individual therapy",
  duration_minutes: 50,
  fee: 15000,
  currency: "USD",
  cpt_code: "90834",
  online: true,
  active: true,
  clinician_ids: ["c1", "c2"],
};

const serviceForm = (over: Record<string, string> = {}) => ({
  name: "Individual therapy",
  duration_minutes: "50",
  fee: "150.00",
  cpt_code: "90834",
  online: "on",
  "clinician_ids:c2": "on",
  "clinician_ids:c1": "on",
  ...over,
});

function problemOf(read: () => unknown): Record<string, string> {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(FormProblem);
    return (error as FormProblem).fields;
  }
  throw new Error("expected a FormProblem");
}

describe("a fee typed in dollars", () => {
  it("becomes whole cents however it is written", () => {
    expect(feeCents("150")).toBe(15000);
    expect(feeCents("150.5")).toBe(15050);
    expect(feeCents(" $1,250.05 ")).toBe(125005);
    expect(feeCents("")).toBe(0);
    expect(feeText(15050)).toBe("150.50");
  });

  it("is refused next to the fee field when it is not an amount of dollars and cents", () => {
    for (const typed of ["abc", "-5", "1.999", "12.3.4"]) {
      expect(problemOf(() => feeCents(typed))).toEqual({ fee: "Enter the fee in dollars, like 150.00." });
    }
  });
});

describe("a service read from its form", () => {
  it("holds the clinicians ticked under Offered by and the CPT code in capitals", () => {
    const read = readService(serviceForm({ cpt_code: "9083x", "clinician_ids:c1": "" }));
    expect(read).toEqual({
      name: "Individual therapy",
      duration_minutes: 50,
      fee: 15000,
      online: true,
      cpt_code: "9083X",
      clinician_ids: ["c2"],
    });
  });

  it("names every field a person must correct at once", () => {
    const fields = problemOf(() => readService(serviceForm({ duration_minutes: "3", fee: "ten", cpt_code: "123" })));
    expect(Object.keys(fields).sort()).toEqual(["cpt_code", "duration_minutes", "fee"]);
    expect(fields.duration_minutes).toBe("Enter a length between 5 and 600 minutes.");
  });

  it("changes nothing when the form is saved as it was shown", () => {
    expect(changes(therapy, readService(serviceForm()))).toEqual({});
  });

  it("sends only what changed, and a cleared CPT code as removed", () => {
    const read = readService(serviceForm({ fee: "175", cpt_code: "", online: "", "clinician_ids:c2": "" }));
    expect(changes(therapy, read)).toEqual({ fee: 17500, cpt_code: null, online: false, clinician_ids: ["c1"] });
  });
});

describe("a location read from its form", () => {
  const form = { name: "Main Office", time_zone: "America/New_York", address: "100 Harbor Street", phone: "" };

  it("changes nothing when saved as shown, and the practice's zone fills an empty one", () => {
    expect(changes(office, readLocation(form, "America/Chicago"))).toEqual({});
    expect(readLocation({ ...form, time_zone: " " }, "America/Chicago").time_zone).toBe("America/Chicago");
  });

  it("becomes telehealth with its video link and without the office's address", () => {
    const read = readLocation({ ...form, telehealth: "on", video_url: "https://video.example.org/room" }, "UTC");
    expect(changes(office, read)).toEqual({
      telehealth: true,
      address: null,
      video_url: "https://video.example.org/room",
    });
  });

  it("sends a new phone and address, and a cleared phone as removed", () => {
    const withPhone = { ...office, phone: "+1 555 010 0123" };
    const read = readLocation({ ...form, address: "200 Pier Road", phone: "" }, "UTC");
    expect(changes(withPhone, read)).toEqual({ address: "200 Pier Road", phone: null });
  });
});
