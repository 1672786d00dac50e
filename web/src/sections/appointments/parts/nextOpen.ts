// "Next open time": the availability answer says nothing about later weeks, so the client
// asks week after week, following next_week (null at the booking horizon), a bounded number
// of times, and says which week it is looking at.

import type { Week } from "./api";

/** The longest booking horizon scheduling allows (730 days) in weeks: the walk's bound. */
export const MAX_WEEKS = 105;

export function hasOpenTimes(week: Week): boolean {
  return week.days.some((d) => d.morning.length > 0 || d.afternoon.length > 0);
}

interface Walk {
  signal: AbortSignal;
  limit?: number;
  /** Told the week about to be asked, for the visible "Looking…" status. */
  looking?: (week: string) => void;
}

/** The first week after `from` with an open time, or null past the horizon or the bound. */
export async function nextOpenWeek(
  from: Week,
  ask: (week: string, signal: AbortSignal) => Promise<Week>,
  { signal, limit = MAX_WEEKS, looking }: Walk,
): Promise<Week | null> {
  let next = from.next_week;
  for (let asked = 0; next && asked < limit; asked++) {
    signal.throwIfAborted();
    looking?.(next);
    const week = await ask(next, signal);
    if (hasOpenTimes(week)) return week;
    next = week.next_week;
  }
  return null;
}
