// Live messaging: a WebSocket to the messaging service (through the gateway) pushes new
// messages and unread counts. When the socket drops, the hook says so and the screen
// polls instead (a "poll" event every few seconds) until a new socket opens; reconnects
// wait longer each time. The session is never refreshed from here: a poll goes through
// the API client, which refreshes an expired access cookie once (shared with the other
// tabs) before the next handshake needs it. Refreshing on every close raced page loads
// that refreshed too, and a refresh token used twice ends the session.

import { useState } from "preact/hooks";
import type { Schemas } from "../../api/client";
import { useInterval, useLatest, useTimeout, useWebSocket } from "../../lib/hooks";

export type LiveEvent = Schemas["MessagingLiveEvent"] | { type: "poll" };

export const POLL_MS = 5000;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;
const LIVE_PATH = "/api/v1/messaging/live";

export function liveUrl(location: Pick<Location, "protocol" | "host">, attempt: number): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  // A new URL per attempt: useWebSocket opens a socket when its URL changes.
  return `${scheme}//${location.host}${LIVE_PATH}${attempt ? `?attempt=${attempt}` : ""}`;
}

export function retryDelay(failures: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures, 5));
}

/** Calls `onEvent` with every live event while mounted (and `enabled`), or with
 * `{type: "poll"}` every POLL_MS while the socket is down. Returns whether it is live. */
export function useLive(onEvent: (event: LiveEvent) => void, enabled = true): { live: boolean } {
  const latest = useLatest(onEvent);
  const [attempt, setAttempt] = useState(0);
  const [failures, setFailures] = useState(0);
  const [waiting, setWaiting] = useState(false);
  const [live, setLive] = useState(false);
  const url = enabled && !waiting ? liveUrl(window.location, attempt) : null;
  useWebSocket(url, {
    onOpen: () => {
      setLive(true);
      setFailures(0);
    },
    onMessage: (data) => {
      try {
        latest.current(JSON.parse(data) as LiveEvent);
      } catch {
        // not ours: ignore
      }
    },
    onClose: () => {
      setLive(false);
      setWaiting(true);
      setFailures((n) => n + 1);
    },
  });
  useTimeout(
    () => {
      setWaiting(false);
      setAttempt((n) => n + 1);
    },
    waiting ? retryDelay(failures) : null,
  );
  useInterval(() => latest.current({ type: "poll" }), enabled && !live ? POLL_MS : null);
  return { live };
}
