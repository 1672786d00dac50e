import { describe, expect, it } from "vitest";
import type { Week } from "./api";
import { hasOpenTimes, nextOpenWeek } from "./nextOpen";

const slot = { starts_at: "2027-01-18T14:00:00Z", ends_at: "2027-01-18T14:50:00Z", zone_abbreviation: "EST" };

/** Weeks starting Mondays from 2027-01-04; `open` says which have a time; the last has no next. */
function weeks(open: boolean[]): Map<string, Week> {
  const starts = open.map((_, i) => new Date(Date.UTC(2027, 0, 4 + 7 * i)).toISOString().slice(0, 10));
  return new Map(
    starts.map((start, i) => [
      start,
      {
        week_start: start,
        previous_week: starts[i - 1] ?? null,
        next_week: starts[i + 1] ?? null,
        days: [{ date: start, morning: [], afternoon: open[i] ? [slot] : [] }],
      } as unknown as Week,
    ]),
  );
}

function asker(all: Map<string, Week>) {
  const asked: string[] = [];
  const ask = async (week: string) => {
    asked.push(week);
    const found = all.get(week);
    if (!found) throw new Error(`no such week ${week}`);
    return found;
  };
  return { ask, asked };
}

const signal = new AbortController().signal;

describe("the next open time", () => {
  it("is the first later week with a time, asked one week at a time", async () => {
    const all = weeks([false, false, false, true, true]);
    const { ask, asked } = asker(all);
    const found = await nextOpenWeek(all.get("2027-01-04") as Week, ask, { signal });
    expect(found?.week_start).toBe("2027-01-25");
    expect(asked).toEqual(["2027-01-11", "2027-01-18", "2027-01-25"]);
  });

  it("is none when the booking horizon (no next week) comes first", async () => {
    const all = weeks([false, false, false]);
    const { ask, asked } = asker(all);
    expect(await nextOpenWeek(all.get("2027-01-04") as Week, ask, { signal })).toBeNull();
    expect(asked).toEqual(["2027-01-11", "2027-01-18"]);
  });

  it("stops after a bounded number of weeks and says each week it looks at", async () => {
    const all = weeks(Array.from({ length: 12 }, (_, i) => i === 11));
    const { ask, asked } = asker(all);
    const seen: string[] = [];
    const found = await nextOpenWeek(all.get("2027-01-04") as Week, ask, {
      signal,
      limit: 5,
      looking: (w) => seen.push(w),
    });
    expect(found).toBeNull();
    expect(asked).toHaveLength(5);
    expect(seen).toEqual(asked);
  });

  it("knows an empty week from one with a time", () => {
    const all = weeks([false, true]);
    expect([...all.values()].map(hasOpenTimes)).toEqual([false, true]);
  });
});
