// Beyond the guide: a private link calendar apps (Google, Apple, Outlook) subscribe to,
// so sessions appear and update there. The link is the only key: it is shown once when
// made, can be replaced (the old one stops working) or turned off.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card } from "../../../kit";
import { useResource } from "../../../lib/hooks";

export function CalendarLink() {
  const [feed, reload] = useResource((signal) => data(api.GET("/api/v1/scheduling/calendar-feed", { signal })), []);
  const [url, setUrl] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  const [busy, setBusy] = useState(false);
  const act = async (make: boolean) => {
    setBusy(true);
    setSaid("");
    try {
      if (make) {
        const made = await data(api.POST("/api/v1/scheduling/calendar-feed", {}));
        setUrl(made.url ?? null);
        setSaid("Your calendar link is ready. Copy it into your calendar app.");
      } else {
        await data(api.DELETE("/api/v1/scheduling/calendar-feed", {}));
        setUrl(null);
        setSaid("Your calendar link is turned off.");
      }
      await reload();
    } catch (error) {
      setSaid(messageFor(error));
    } finally {
      setBusy(false);
    }
  };
  const active = feed.state === "ready" && feed.value.active;
  return (
    <Card labelledBy="feed-heading">
      <h2 id="feed-heading">Your calendar app</h2>
      <p class="hint">
        A private link your calendar app can subscribe to: your sessions appear there and stay up to date. Anyone with
        the link can see your session times, so keep it to yourself.
      </p>
      {url ? (
        <div class="field">
          <label for="feed-url">Calendar link</label>
          <input id="feed-url" readOnly value={url} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        </div>
      ) : null}
      <p role="status">{said}</p>
      <div class="actions">
        <Button variant="secondary" busy={busy} busyLabel="Working…" onClick={() => void act(true)}>
          {active ? "Replace the calendar link" : "Get a calendar link"}
        </Button>
        {active ? (
          <Button variant="secondary" disabled={busy} onClick={() => void act(false)}>
            Turn off the calendar link
          </Button>
        ) : null}
      </div>
    </Card>
  );
}
