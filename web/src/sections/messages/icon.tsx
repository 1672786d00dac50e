// The Secure Message icon in the header, with the orange dot while a message waits
// ("The orange dot indicates a new message is waiting"). It keeps its count current
// from the live socket (polling while the socket is down).

import { useState } from "preact/hooks";
import { api, data } from "../../api/client";
import { useResource } from "../../lib/hooks";
import type { NavContentProps } from "../registry";
import { useLive } from "./live";
import "./messages.css";

export function MessageIcon({ label }: NavContentProps) {
  const [unread, setUnread] = useState<number | null>(null);
  const [first, reload] = useResource((signal) => data(api.GET("/api/v1/messaging/unread", { signal })), []);
  useLive((event) => {
    if (event.type === "poll" || event.type === "resync") {
      setUnread(null); // the answer of the reload counts, not the last push
      void reload();
    } else if (typeof event.unread === "number") setUnread(event.unread);
  });
  const count = unread ?? (first.state === "ready" ? first.value.unread : 0);
  return (
    <span class="message-icon">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
        <path
          d="M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H9l-5 4v-4H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z"
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          stroke-linejoin="round"
        />
        <path d="M7 9h10M7 13h6" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
      </svg>
      {label}
      {count > 0 ? (
        <span class="unread-dot" data-count={count}>
          <span class="visually-hidden">, {count === 1 ? "1 new message" : `${count} new messages`}</span>
        </span>
      ) : null}
    </span>
  );
}
