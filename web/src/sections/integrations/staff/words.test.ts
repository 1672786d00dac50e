import { describe, expect, it } from "vitest";
import { backlogWords, lastDeliveryWords } from "./words";

describe("how the Integrations page words a webhook's deliveries", () => {
  it("says nothing was sent before the first delivery", () => {
    expect(lastDeliveryWords(null)).toBe("Nothing sent yet");
  });

  it("gives the last error of a failed or retrying delivery after its state", () => {
    expect(lastDeliveryWords({ status: "failed", error: "HTTP 503 Service Unavailable" })).toBe(
      "Failed: HTTP 503 Service Unavailable",
    );
    expect(lastDeliveryWords({ status: "pending", error: "no answer in time (timed out)" })).toBe(
      "Retrying: no answer in time (timed out)",
    );
    expect(lastDeliveryWords({ status: "delivered", http_status: 204, error: null })).toBe("Delivered");
  });

  it("counts what failed and what is being retried, and says nothing when all is well", () => {
    expect(backlogWords(2, 1)).toBe("2 failed, 1 retrying");
    expect(backlogWords(0, 0)).toBe("");
  });
});
