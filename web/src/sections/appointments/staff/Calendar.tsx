// The clinician workspace's calendar: a week of appointments in the practice's zone, with
// what can be done to each (approve a request, cancel, mark a past session completed or
// a no-show). An admin looks at any clinician's week. "Book an appointment" books a
// session for a client.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, Empty, Loading, Page, PageStatus, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { type Account, type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { STATUS_WORDS, type StaffAppointment } from "../parts/api";
import { CalendarLink } from "../parts/CalendarLink";
import { addDays, clockWithZone, dateWords, today, weekWords } from "../time";
import { ClinicianChoice } from "./ClinicianChoice";
import { who } from "./Requests";
import "../appointments.css";

export default function CalendarScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/calendar"
      render={(info, account) => <Calendar practice={info} account={account} />}
    />
  );
}

function sundayOf(day: string): string {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return addDays(day, -weekday);
}

type Action = "approve" | "cancel" | "complete" | "no-show";
const ACTION_WORDS: Record<Action, [label: string, busy: string, done: string]> = {
  approve: ["Approve", "Approving…", "approved"],
  cancel: ["Cancel", "Cancelling…", "cancelled"],
  complete: ["Mark completed", "Saving…", "marked completed"],
  "no-show": ["No-show", "Saving…", "marked as a no-show"],
};

function Calendar({ practice, account }: { practice: Practice; account: Account }) {
  const status = usePageStatus();
  const [start, setStart] = useState(() => sundayOf(today(practice.time_zone)));
  const [clinician, setClinician] = useState(account.id);
  const [week, reload] = useResource(
    (signal) =>
      data(
        api.GET("/api/v1/scheduling/calendar", {
          params: { query: { start, days: 7, clinician_id: clinician } },
          signal,
        }),
      ),
    [start, clinician],
  );
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (a: StaffAppointment, action: Action) => {
    if (action === "cancel" && !window.confirm(`Cancel ${a.client_name}'s session? They will be told by email.`))
      return;
    status.clear();
    setBusy(`${a.id}:${action}`);
    try {
      const path = `/api/v1/scheduling/appointments/{appointment_id}/${action}` as const;
      await data(api.POST(path, { params: { path: { appointment_id: a.id } } }));
      status.say(`${a.client_name}'s session is ${ACTION_WORDS[action][2]}.`);
      await reload();
    } catch (error) {
      status.say(messageFor(error));
    } finally {
      setBusy(null);
    }
  };

  const actions = (a: StaffAppointment): Action[] => {
    const started = new Date(a.starts_at).getTime() <= Date.now();
    if (a.status === "requested") return ["approve", "cancel"];
    if (a.status === "confirmed") return started ? ["complete", "no-show"] : ["cancel"];
    return [];
  };

  return (
    <Page title="Calendar">
      <h1>Calendar</h1>
      <p>
        <a class="button" href={`/p/${practice.slug}/workspace/book-appointment`}>
          Book an appointment
        </a>
      </p>
      <Card>
        {account.role === "admin" ? <ClinicianChoice value={clinician} onChange={setClinician} /> : null}
        <div class="week-bar">
          <button
            type="button"
            class="arrow secondary"
            aria-label="Previous week"
            onClick={() => setStart(addDays(start, -7))}
          >
            ‹
          </button>
          <h2>{weekWords(start, addDays(start, 6))}</h2>
          <button
            type="button"
            class="arrow secondary"
            aria-label="Next week"
            onClick={() => setStart(addDays(start, 7))}
          >
            ›
          </button>
        </div>
        <PageStatus id="calendar-status" />
        {week.state === "loading" ? <Loading label="Loading the week…" /> : null}
        {week.state === "failed" ? <p role="alert">{messageFor(week.error)}</p> : null}
        {week.state === "ready" && !week.value.appointments.length ? <Empty>No appointments this week.</Empty> : null}
        {week.state === "ready"
          ? Array.from({ length: 7 }, (_, i) => addDays(start, i)).map((day) => {
              const mine = week.value.appointments.filter((a) => a.starts_at.slice(0, 10) === day);
              if (!mine.length) return null;
              return (
                <section key={day} class="calendar-day" aria-labelledby={`day-${day}`}>
                  <h3 id={`day-${day}`}>{dateWords(day)}</h3>
                  <ul class="appointments">
                    {mine.map((a) => (
                      <li class="appointment" key={a.id} data-id={a.id}>
                        <p class="when">
                          <strong>
                            {clockWithZone(a.starts_at, a.time_zone)} – {clockWithZone(a.ends_at, a.time_zone)}
                          </strong>{" "}
                          <span class={`status ${a.status}`}>{STATUS_WORDS[a.status] ?? a.status}</span>
                        </p>
                        <p>
                          {who(a)} · {a.service.name} · {a.location.name}
                        </p>
                        <div class="actions">
                          {actions(a).map((action) => (
                            <Button
                              key={action}
                              variant={action === "approve" ? "primary" : "secondary"}
                              busy={busy === `${a.id}:${action}`}
                              busyLabel={ACTION_WORDS[action][1]}
                              onClick={() => void act(a, action)}
                            >
                              {ACTION_WORDS[action][0]}
                              <span class="visually-hidden"> {a.client_name}</span>
                            </Button>
                          ))}
                        </div>
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })
          : null}
        <p class="hint">
          <a href={`/p/${practice.slug}/workspace/availability`}>Availability &amp; time off</a>
        </p>
      </Card>
      <CalendarLink />
    </Page>
  );
}
