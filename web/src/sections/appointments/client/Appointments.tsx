// The client's Appointments page, as the guide shows it: choose the clinician, location
// and service, a week of day boxes, a day's times, the request and its "not yet
// accepted" confirmation; below the calendar, the list of requests and appointments with
// Cancel Session. Moving a session uses the same week, in one step.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, Page, PageStatus, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import type { Practice } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { type Appointment, type Choice, newKey, type Slot, type Week } from "../parts/api";
import { CalendarLink } from "../parts/CalendarLink";
import { Confirmation } from "../parts/Confirmation";
import { signedInSource } from "../parts/signedInSource";
import { WeekPicker } from "../parts/WeekPicker";
import { whenWords } from "../time";
import { AppointmentList } from "./AppointmentList";
import "../appointments.css";

const CLIENTS = new Set(["client"]);

export default function AppointmentsScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn slug={slug} roles={CLIENTS} current="appointments" render={(info) => <Appointments practice={info} />} />
  );
}

type Mode =
  | { kind: "pick" }
  | { kind: "move"; appointment: Appointment }
  | { kind: "done"; appointment: Appointment; moved: boolean };

async function listAll(signal: AbortSignal): Promise<{ upcoming: Appointment[]; past: Appointment[] }> {
  const [upcoming, past] = await Promise.all([
    data(api.GET("/api/v1/scheduling/appointments", { params: { query: { scope: "upcoming" } }, signal })),
    data(api.GET("/api/v1/scheduling/appointments", { params: { query: { scope: "past" } }, signal })),
  ]);
  return { upcoming, past };
}

function choiceOf(a: Appointment): Choice {
  return { clinician_id: a.clinician.id, location_id: a.location.id, service_id: a.service.id };
}

function choiceIn(week: Week): Choice {
  return { clinician_id: week.clinician.id, location_id: week.location.id, service_id: week.service.id };
}

async function book(slot: Slot, week: Week): Promise<Appointment> {
  const body = { ...choiceIn(week), starts_at: slot.starts_at };
  const header = { "Idempotency-Key": newKey() };
  return data(api.POST("/api/v1/scheduling/appointments", { body, params: { header } }));
}

async function move(appointment: Appointment, slot: Slot): Promise<Appointment> {
  return data(
    api.POST("/api/v1/scheduling/appointments/{appointment_id}/reschedule", {
      params: { path: { appointment_id: appointment.id }, header: { "Idempotency-Key": newKey() } },
      body: { starts_at: slot.starts_at },
    }),
  );
}

function Appointments({ practice }: { practice: Practice }) {
  const status = usePageStatus();
  const [mode, setMode] = useState<Mode>({ kind: "pick" });
  const [round, setRound] = useState(0); // a new picker (fresh times) after each booking
  const [busy, setBusy] = useState(false);
  const [list, reload] = useResource(listAll, []);

  const pick = async (slot: Slot, week: Week) => {
    if (busy) return;
    status.clear();
    setBusy(true);
    try {
      const moving = mode.kind === "move" ? mode.appointment : null;
      const made = moving ? await move(moving, slot) : await book(slot, week);
      setMode({ kind: "done", appointment: made, moved: Boolean(moving) });
      await reload();
    } catch (error) {
      status.say(messageFor(error), "picker");
      setRound((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  const again = () => {
    status.clear();
    setMode({ kind: "pick" });
    setRound((n) => n + 1);
  };

  return (
    <Page title="Appointments">
      <h1>Appointments</h1>
      <Card labelledBy="request-heading">
        <h2 id="request-heading">{mode.kind === "move" ? "Choose a new time" : "Request a session"}</h2>
        {mode.kind === "move" ? (
          <div class="notice">
            <p>
              Moving your session on {whenWords(mode.appointment.starts_at, mode.appointment.time_zone)}. Your current
              time is kept until the new one is taken.
            </p>
            <Button variant="secondary" onClick={again}>
              Keep the current time
            </Button>
          </div>
        ) : null}
        <PageStatus id="picker-status" slot="picker" />
        {busy ? <p role="status">Sending your request…</p> : null}
        {mode.kind === "done" ? (
          <Confirmation appointment={mode.appointment} moved={mode.moved} again={again} />
        ) : (
          <WeekPicker
            key={`${round}-${mode.kind}`}
            source={signedInSource}
            fixed={mode.kind === "move" ? choiceOf(mode.appointment) : undefined}
            onPick={(slot, week) => void pick(slot, week)}
            phone={practice.phone}
          />
        )}
      </Card>
      <AppointmentList
        list={list}
        reload={reload}
        move={(appointment) => {
          status.clear();
          setMode({ kind: "move", appointment });
          document.getElementById("request-heading")?.scrollIntoView();
        }}
      />
      <CalendarLink />
    </Page>
  );
}
