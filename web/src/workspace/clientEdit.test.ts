import { describe, expect, it } from "vitest";
import type { Schemas } from "../api/client";
import { changesOf, hasActivated } from "./clientEdit";

const client: Schemas["ClientView"] = {
  id: "c",
  practice_id: "p",
  role: "client",
  email: "robin@example.com",
  email_ascii: "robin@example.com",
  email_non_ascii: false,
  first_name: "Robin",
  last_name: "Walker",
  status: "active",
  totp_enabled: false,
  date_of_birth: null,
  clinician_id: null,
  activated_at: "2026-01-01T00:00:00Z",
  created_at: null,
};

describe("editing a client", () => {
  it("sends only what changed", () => {
    const values = { first_name: "Robyn ", last_name: "Walker", email: "robin@example.com", date_of_birth: "" };
    expect(changesOf(client, values, true)).toEqual({ first_name: "Robyn" });
  });

  it("never sends the email when it may not be changed", () => {
    const values = { first_name: "Robin", last_name: "Walker", email: "other@example.com", date_of_birth: "" };
    expect(changesOf(client, values, false)).toEqual({});
    expect(changesOf(client, values, true)).toEqual({ email: "other@example.com" });
  });

  it("counts a disabled client who once had a password as activated", () => {
    expect(hasActivated({ ...client, status: "disabled" })).toBe(true);
    expect(hasActivated({ ...client, status: "invited", activated_at: null })).toBe(false);
  });
});
