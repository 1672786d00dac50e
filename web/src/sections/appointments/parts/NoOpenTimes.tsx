// An empty week says so plainly and offers "Next open time", which walks the following weeks
// (nextOpen.ts) with a visible "Looking…" status and shows the first one with a time.

import { useRef, useState } from "preact/hooks";
import { messageFor } from "../../../api/problems";
import { Button, usePageStatus } from "../../../kit";
import { useOwned } from "../../../lib/hooks";
import { addDays, dateWords, weekWords } from "../time";
import type { Week } from "./api";
import { nextOpenWeek } from "./nextOpen";

/** The page status slot the week's messages use (drawn by the picker, above the week). */
export const WEEK_STATUS = "week";

interface Props {
  week: Week;
  ask: (week: string, signal: AbortSignal) => Promise<Week>;
  /** Show this week; `jumped`: it was found for the person, so focus goes to it. */
  go: (week: string, jumped?: boolean) => void;
}

export function NoOpenTimes({ week, ask, go }: Props) {
  const status = usePageStatus();
  const [looking, setLooking] = useState(false);
  const walk = useRef<AbortController | null>(null);
  useOwned(() => () => walk.current?.abort(), []); // leaving stops the walk
  const find = async () => {
    if (looking) return;
    const stop = new AbortController();
    walk.current = stop;
    setLooking(true);
    try {
      const found = await nextOpenWeek(week, ask, {
        signal: stop.signal,
        looking: (w) => status.say(`Looking… (the week of ${dateWords(w, "short")})`, WEEK_STATUS),
      });
      if (stop.signal.aborted) return;
      if (!found) {
        status.say("No open times in the weeks you can book online.", WEEK_STATUS);
        setLooking(false);
        return;
      }
      status.say(
        `Found the next open time: ${weekWords(found.week_start, addDays(found.week_start, 6))}.`,
        WEEK_STATUS,
      );
      go(found.week_start, true);
    } catch (error) {
      if (stop.signal.aborted) return;
      status.say(messageFor(error), WEEK_STATUS);
      setLooking(false);
    }
  };
  return (
    <div class="no-times">
      <p class="empty">No open times this week.</p>
      {week.next_week ? (
        <Button variant="secondary" onClick={find} aria-disabled={looking ? "true" : undefined}>
          {looking ? "Looking…" : "Next open time"}
        </Button>
      ) : (
        <p>This is the last week you can book online.</p>
      )}
    </div>
  );
}
