import { describe, expect, it } from "vitest";
import { actionLabel, serviceWords, who } from "./activityWords";

describe("the Activity page's words", () => {
  it("names what admins did to connect tools", () => {
    expect(actionLabel({ action: "tool_credentials.created", outcome: "success" })).toBe("Created tool credentials");
    expect(actionLabel({ action: "webhook.registered", outcome: "success" })).toBe("Registered webhook");
  });

  it("names an email change apart from other client details", () => {
    expect(actionLabel({ action: "client.email_changed", outcome: "success" })).toBe("Changed client's email");
  });

  it("says an operator acted from the command line, not that nobody was signed in", () => {
    expect(who({ action: "tool_credentials.revoked", outcome: "success", actor_role: "operator" })).toBe(
      "An operator (command line)",
    );
    expect(who({ action: "login.password", outcome: "failure" })).toBe("Someone not signed in");
  });

  it("names the part of the portal each record came from in plain words", () => {
    const services = ["identity", "scheduling", "messaging", "forms", "billing", "integrations"];
    expect(services.map(serviceWords)).toEqual([
      "Accounts & sign-in",
      "Appointments",
      "Secure messages",
      "Documents & forms",
      "Billing & payments",
      "Connected tools",
    ]);
    expect(serviceWords("reports")).toBe("reports"); // a newer service shows as recorded
  });
});
