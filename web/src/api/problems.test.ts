import { describe, expect, it } from "vitest";
import { ApiError, messageFor, plainReason } from "./problems";

describe("plain words for a field's problem", () => {
  it("drops pydantic's 'Value error,' and names the field by its label", () => {
    expect(plainReason("Value error, may hold letters, spaces and ' - . , only", "Last name")).toBe(
      "Last name can only use letters, spaces, apostrophes ('), hyphens (-), full stops (.) and commas (,).",
    );
  });

  it("asks for a missing value by the field's label", () => {
    expect(plainReason("Field required", "First name")).toBe("Enter first name.");
    expect(plainReason("String should have at least 1 character", "Email")).toBe("Enter email.");
  });

  it("explains formats a person cannot guess from the label", () => {
    expect(plainReason("String should match pattern '^\\d{4}$'", "Password", "pin")).toBe(
      "Enter the 4-digit PIN from your welcome email.",
    );
    expect(plainReason("value is not a valid email address: An email address must have an @-sign.", "Email")).toBe(
      "Enter an email address like name@example.com.",
    );
    expect(plainReason("String should have at most 100 characters", "Last name")).toBe(
      "Last name must be 100 characters or fewer.",
    );
  });

  it("keeps a sentence the service already wrote for people", () => {
    expect(plainReason("This password is too easy to guess", "New password")).toBe(
      "This password is too easy to guess.",
    );
  });
});

describe("an API error", () => {
  const validation = new ApiError(422, {
    title: "Invalid input",
    detail: "last_name: Value error, may hold letters, spaces and ' - . , only",
    errors: [{ field: "body.last_name", reason: "Value error, may hold letters, spaces and ' - . , only" }],
  });

  it("keys its reasons by the last part of the field's path", () => {
    expect(validation.fieldReasons).toEqual({ last_name: "Value error, may hold letters, spaces and ' - . , only" });
  });

  it("never shows a validation detail written for programmers", () => {
    expect(messageFor(validation)).toBe("Some of what you entered needs another look.");
    expect(messageFor(validation)).not.toContain("last_name");
  });

  it("says busy, server trouble and a lost connection in words a client understands", () => {
    expect(messageFor(new ApiError(429, {}))).toMatch(/Too many attempts/);
    expect(messageFor(new ApiError(503, {}))).toMatch(/on our side/);
    expect(messageFor(new TypeError("Failed to fetch"))).toMatch(/Check your connection/);
    expect(messageFor(new ApiError(401, { detail: "The email address or PIN is incorrect." }))).toBe(
      "The email address or PIN is incorrect.",
    );
  });
});
