// The clinician workspace's "Book an appointment": choose the client, then the clinician,
// location and service and an open time from the same week the client would see (every
// time with its zone named), confirm, and the session is booked at once; the client gets
// the confirmation email. A `?client=<id>` link starts with that client chosen.

import { useRef, useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import {
  Button,
  Card,
  Dialog,
  Form,
  Loading,
  Notice,
  Page,
  PageStatus,
  SubmitButton,
  usePageStatus,
} from "../../../kit";
import { useOwned, useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { type Account, type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import type { Appointment, Slot, Week } from "../parts/api";
import { signedInSource } from "../parts/signedInSource";
import { WeekPicker } from "../parts/WeekPicker";
import { whenWords } from "../time";
import { type Client, ClientChoice, clientName } from "./ClientChoice";
import { type Attempt, attemptFor, mayHaveBooked, send } from "./staffBooking";
import "../appointments.css";

export default function BookAppointmentScreen({ params, query }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/calendar"
      render={(info, account) => <BookAppointment practice={info} account={account} start={query.get("client")} />}
    />
  );
}

interface Picked {
  slot: Slot;
  week: Week;
}

function BookAppointment({ practice, account, start }: { practice: Practice; account: Account; start: string | null }) {
  const status = usePageStatus();
  const [given] = useResource(
    async (signal) =>
      start
        ? data(api.GET("/api/v1/identity/clients/{client_id}", { params: { path: { client_id: start } }, signal }))
        : null,
    [start],
  );
  const [useGiven, setUseGiven] = useState(true);
  const [chosen, setChosen] = useState<Client | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [booked, setBooked] = useState<Appointment | null>(null);
  const [round, setRound] = useState(0); // a fresh week of open times
  const last = useRef<Attempt | null>(null);
  const refused = useRef(false);
  const linked = useGiven && given.state === "ready" && given.value?.status !== "disabled" ? given.value : null;
  const client = chosen ?? linked;
  const waiting = useGiven && Boolean(start) && given.state === "loading";
  useOwned(() => {
    if (booked) document.getElementById("booked-heading")?.focus();
    return undefined;
  }, [booked]);

  const book = async () => {
    if (!picked || !client) return;
    const { slot, week } = picked;
    const attempt = attemptFor(last.current, {
      client_id: client.id,
      clinician_id: week.clinician.id,
      location_id: week.location.id,
      service_id: week.service.id,
      starts_at: slot.starts_at,
    });
    last.current = attempt;
    refused.current = false;
    try {
      const made = await send(attempt);
      last.current = null;
      setPicked(null);
      setBooked(made);
    } catch (error) {
      if (!mayHaveBooked(error)) last.current = null; // refused: nothing was booked
      refused.current = true;
      throw error; // the dialog's form says why
    }
  };
  const otherTime = () => {
    setPicked(null);
    // After a refusal (the time was just taken) the week is drawn again from fresh times.
    if (refused.current) setRound((n) => n + 1);
    refused.current = false;
  };
  const restart = (keepClient: boolean) => {
    status.clear();
    setBooked(null);
    if (!keepClient) {
      setChosen(null);
      setUseGiven(false);
    }
    setRound((n) => n + 1);
  };

  return (
    <Page title="Book an appointment">
      <h1>Book an appointment</h1>
      <p class="hint">
        What you book here is confirmed at once: the client gets a confirmation email with a calendar file.
      </p>
      <Card labelledBy="client-heading">
        <h2 id="client-heading">Client</h2>
        {waiting ? <Loading label="Loading the client…" /> : null}
        {useGiven && start && given.state !== "loading" && !linked && !chosen ? (
          <p role="alert">That client can't be booked here. Choose one below.</p>
        ) : null}
        {client ? (
          <div class="chosen-client">
            <p>
              Booking for <strong>{clientName(client)}</strong> <span class="hint">{client.email}</span>
            </p>
            <Button variant="secondary" onClick={() => restart(false)}>
              Choose another client
            </Button>
          </div>
        ) : null}
        {!client && !waiting ? <ClientChoice onChoose={setChosen} /> : null}
      </Card>
      {client && !booked ? (
        <Card labelledBy="time-heading">
          <h2 id="time-heading">Clinician, location, service and time</h2>
          <PageStatus id="booking-status" />
          <WeekPicker
            key={`${client.id}-${round}`}
            source={signedInSource}
            staff={{ prefer: client.clinician_id ?? account.id }}
            onPick={(slot, week) => {
              status.clear();
              setPicked({ slot, week });
            }}
          />
        </Card>
      ) : null}
      {booked && client ? (
        <Card labelledBy="booked-heading">
          <Notice tone="ok" id="booked" live>
            <h2 id="booked-heading" tabIndex={-1}>
              Booked: {clientName(client)}
            </h2>
            <p class="when">{whenWords(booked.starts_at, booked.time_zone)}</p>
            <p>
              {booked.service.name} with {booked.clinician.name} at {booked.location.name}. Confirmed;{" "}
              {client.first_name} gets a confirmation email.
            </p>
            <p class="actions">
              <a href={`/p/${practice.slug}/workspace/calendar`}>See the calendar</a>
              <Button variant="secondary" onClick={() => restart(true)}>
                Book another for {client.first_name}
              </Button>
              <Button variant="secondary" onClick={() => restart(false)}>
                Book for another client
              </Button>
            </p>
          </Notice>
        </Card>
      ) : null}
      <Dialog open={picked !== null} title="Book this appointment?" onClose={otherTime}>
        {picked && client ? (
          <Form id="confirm-booking" onSubmit={book}>
            <p>
              <strong>{clientName(client)}</strong>
            </p>
            <p class="when">{whenWords(picked.slot.starts_at, picked.week.time_zone)}</p>
            <p>
              {picked.week.service.name} with {picked.week.clinician.name} at {picked.week.location.name}
            </p>
            <div class="actions">
              <SubmitButton busyLabel="Booking…">Book appointment</SubmitButton>
              <Button variant="secondary" onClick={otherTime}>
                Choose another time
              </Button>
            </div>
          </Form>
        ) : null}
      </Dialog>
    </Page>
  );
}
