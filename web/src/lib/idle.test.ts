import { describe, expect, it } from "vitest";
import { IDLE_LIMIT_MS, IdleClock, type IdleState, WARN_BEFORE_MS } from "./idle";

function clock() {
  let now = 0;
  const seen: IdleState[] = [];
  const shared: number[] = [];
  const touched: number[] = [];
  const idle = new IdleClock({
    now: () => now,
    share: () => shared.push(now),
    touchServer: () => touched.push(now),
    onChange: (s) => seen.push(s),
  });
  return {
    idle,
    seen,
    shared,
    touched,
    at: (ms: number) => {
      now = ms;
      return idle.check();
    },
  };
}

const MIN = 60 * 1000;

describe("the idle clock shared by the tabs", () => {
  it("warns two minutes before the logoff and logs off at fifteen", () => {
    const c = clock();
    expect(c.at(IDLE_LIMIT_MS - WARN_BEFORE_MS - 1)).toBe(1);
    expect(c.at(13 * MIN)).toBe(2 * MIN);
    expect(c.at(15 * MIN)).toBe(Number.POSITIVE_INFINITY);
    expect(c.seen).toEqual(["warning", "idle"]);
  });

  it("keeps the session while another tab is in use", () => {
    const c = clock();
    for (let minute = 5; minute <= 30; minute += 5) {
      c.at(minute * MIN);
      c.idle.activityElsewhere();
    }
    expect(c.at(31 * MIN)).toBeGreaterThan(0);
    expect(c.seen).toEqual([]);
  });

  it("tells the other tabs and the server of activity here, but not on every keystroke", () => {
    const c = clock();
    for (let s = 1; s <= 120; s += 1) {
      c.at(s * 1000);
      c.idle.activity();
    }
    expect(c.shared.length).toBe(12); // every 10 seconds
    expect(c.touched).toEqual([60 * 1000, 120 * 1000]); // the server once a minute
  });

  it("during the warning waits for an answer: Stay signed in keeps the session", () => {
    const c = clock();
    c.at(14 * MIN);
    c.idle.activity(); // a stray key press behind the dialog is no answer
    expect(c.idle.current).toBe("warning");
    c.idle.stay();
    expect(c.idle.current).toBe("active");
    expect(c.touched).toEqual([14 * MIN]);
    expect(c.at(14 * MIN + 12 * MIN)).toBeGreaterThan(0);
  });

  it("once idle stays idle", () => {
    const c = clock();
    c.at(16 * MIN);
    c.idle.stay();
    c.idle.activityElsewhere();
    expect(c.idle.current).toBe("idle");
  });
});
