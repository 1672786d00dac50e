// "You'll see a list of your upcoming requests and confirmed or denied appointments on
// the appointments page of your client portal, below the calendar." Cancel Session works
// within the practice's policy; otherwise the client is told to call the office.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { ApiError, messageFor } from "../../../api/problems";
import { Button, Card, Dialog, Empty, Loading } from "../../../kit";
import type { Resource } from "../../../lib/hooks";
import { type Appointment, STATUS_WORDS } from "../parts/api";
import { whenWords } from "../time";

interface Lists {
  upcoming: Appointment[];
  past: Appointment[];
}

interface Props {
  list: Resource<Lists>;
  reload: () => Promise<void>;
  move: (appointment: Appointment) => void;
}

export function AppointmentList({ list, reload, move }: Props) {
  const [asking, setAsking] = useState<Appointment | null>(null);
  const [told, setTold] = useState<{ id: string; text: string; phone: string | null } | null>(null);
  const [busy, setBusy] = useState(false);

  const cancel = async (a: Appointment) => {
    setBusy(true);
    try {
      await data(
        api.POST("/api/v1/scheduling/appointments/{appointment_id}/cancel", {
          params: { path: { appointment_id: a.id } },
        }),
      );
      setTold({ id: a.id, text: "Your session is cancelled.", phone: null });
      await reload();
    } catch (error) {
      const phone = error instanceof ApiError ? ((error.problem as { phone?: string }).phone ?? a.office_phone) : null;
      setTold({ id: a.id, text: messageFor(error), phone });
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };

  return (
    <Card labelledBy="list-heading">
      <h2 id="list-heading">Your appointments</h2>
      {list.state === "loading" ? <Loading label="Loading your appointments…" /> : null}
      {list.state === "failed" ? <p role="alert">{messageFor(list.error)}</p> : null}
      {list.state === "ready" ? (
        <>
          <h3>Upcoming</h3>
          {list.value.upcoming.length ? (
            <ul class="appointments" id="upcoming">
              {list.value.upcoming.map((a) => (
                <Item key={a.id} a={a} told={told?.id === a.id ? told : null} ask={setAsking} move={move} />
              ))}
            </ul>
          ) : (
            <Empty>No upcoming requests or appointments. Choose a time above to request a session.</Empty>
          )}
          {list.value.past.length ? (
            <>
              <h3>Past</h3>
              <ul class="appointments past" id="past">
                {list.value.past.map((a) => (
                  <Item key={a.id} a={a} told={null} ask={setAsking} move={move} />
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      <Dialog open={asking !== null} title="Cancel this session?" onClose={() => setAsking(null)}>
        {asking ? <p>{whenWords(asking.starts_at, asking.time_zone)}</p> : null}
        <div class="actions">
          <Button variant="danger" busy={busy} busyLabel="Cancelling…" onClick={() => asking && void cancel(asking)}>
            Cancel Session
          </Button>
          <Button variant="secondary" onClick={() => setAsking(null)}>
            Keep it
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}

interface ItemProps {
  a: Appointment;
  told: { text: string; phone: string | null } | null;
  ask: (a: Appointment) => void;
  move: (a: Appointment) => void;
}

function Item({ a, told, ask, move }: ItemProps) {
  const live = a.status === "requested" || a.status === "confirmed";
  const upcoming = new Date(a.ends_at).getTime() > Date.now();
  return (
    <li class="appointment" data-id={a.id}>
      <p class="when">
        <strong>{whenWords(a.starts_at, a.time_zone)}</strong>{" "}
        <span class={`status ${a.status}`}>{STATUS_WORDS[a.status] ?? a.status}</span>
      </p>
      <p>
        {a.service.name} with {a.clinician.name} · {a.location.telehealth ? "Telehealth (video)" : a.location.name}
        {a.location.address ? `, ${a.location.address}` : ""}
      </p>
      {a.status === "requested" ? <p class="hint">Not yet accepted by your clinician.</p> : null}
      {a.decline_note ? <p class="note">Note from your clinician: {a.decline_note}</p> : null}
      {a.video_url ? (
        <p>
          <a class="button" href={a.video_url} target="_blank" rel="noopener noreferrer">
            Join video session<span class="visually-hidden"> (opens in a new tab)</span>
          </a>
        </p>
      ) : null}
      {told ? (
        <p class="notice" role="status">
          {told.text}
          {told.phone ? (
            <>
              {" "}
              <a href={`tel:${told.phone}`}>Call {told.phone}</a>
            </>
          ) : null}
        </p>
      ) : null}
      {live && upcoming ? (
        <div class="actions">
          <Button variant="secondary" onClick={() => ask(a)}>
            Cancel Session
          </Button>
          <Button variant="secondary" onClick={() => move(a)}>
            Reschedule
          </Button>
          <a href={a.calendar_url} download="appointment.ics">
            Add to calendar
          </a>
          {a.location.map_url ? (
            <a href={a.location.map_url} target="_blank" rel="noopener noreferrer">
              View map<span class="visually-hidden"> (opens in a new tab)</span>
            </a>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
