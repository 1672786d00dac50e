// The clinician workspace: requests waiting for an answer. Approve (the client gets a
// confirmation email with a calendar file; a New Client is invited to the portal) or
// decline with an optional note (the client gets an email to choose another time).

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import {
  Button,
  Card,
  Dialog,
  Empty,
  Form,
  Loading,
  Page,
  PageStatus,
  SubmitButton,
  usePageStatus,
} from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import type { StaffAppointment } from "../parts/api";
import { NoteField, text } from "../parts/inputs";
import { whenWords } from "../time";
import "../appointments.css";

export default function RequestsScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return <SignedIn slug={slug} roles={STAFF} current="workspace/requests" render={() => <Requests />} />;
}

export function who(a: StaffAppointment): string {
  return a.client_id ? a.client_name : `New client: ${a.client_name}`;
}

function Requests() {
  const status = usePageStatus();
  const [list, reload] = useResource((signal) => data(api.GET("/api/v1/scheduling/requests", { signal })), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [declining, setDeclining] = useState<StaffAppointment | null>(null);

  const approve = async (a: StaffAppointment) => {
    status.clear();
    setBusy(a.id);
    try {
      await data(
        api.POST("/api/v1/scheduling/appointments/{appointment_id}/approve", {
          params: { path: { appointment_id: a.id } },
        }),
      );
      const next = a.client_id
        ? "They'll get a confirmation email."
        : "They'll get an email to create their portal account.";
      status.say(`Approved: ${a.client_name}, ${whenWords(a.starts_at, a.time_zone)}. ${next}`);
      await reload();
    } catch (error) {
      status.say(messageFor(error));
    } finally {
      setBusy(null);
    }
  };

  const decline = async (values: Record<string, string>) => {
    if (!declining) return;
    const note = text(values, "note");
    await data(
      api.POST("/api/v1/scheduling/appointments/{appointment_id}/decline", {
        params: { path: { appointment_id: declining.id } },
        body: note ? { note } : {},
      }),
    );
    status.say(`Declined: ${declining.client_name}. They'll get an email to choose another time.`);
    setDeclining(null);
    await reload();
  };

  return (
    <Page title="Requests">
      <h1>Requests</h1>
      <Card>
        <PageStatus id="requests-status" />
        {list.state === "loading" ? <Loading label="Loading requests…" /> : null}
        {list.state === "failed" ? <p role="alert">{messageFor(list.error)}</p> : null}
        {list.state === "ready" && !list.value.length ? (
          <Empty>No requests waiting. New requests from clients appear here.</Empty>
        ) : null}
        {list.state === "ready" && list.value.length ? (
          <ul class="appointments" id="requests">
            {list.value.map((a) => (
              <li class="appointment" key={a.id} data-id={a.id}>
                <p class="when">
                  <strong>{whenWords(a.starts_at, a.time_zone)}</strong>
                </p>
                <p>
                  {who(a)} · {a.service.name} · {a.location.name}
                </p>
                {a.prospect ? (
                  <p class="hint">
                    {a.prospect.email}
                    {a.prospect.phone ? ` · ${a.prospect.phone}` : ""}
                  </p>
                ) : null}
                <div class="actions">
                  <Button busy={busy === a.id} busyLabel="Approving…" onClick={() => void approve(a)}>
                    Approve<span class="visually-hidden"> {a.client_name}</span>
                  </Button>
                  <Button variant="secondary" onClick={() => setDeclining(a)}>
                    Decline<span class="visually-hidden"> {a.client_name}</span>
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <Dialog open={declining !== null} title="Decline this request?" onClose={() => setDeclining(null)}>
        {declining ? (
          <Form id="decline" onSubmit={decline}>
            <p>
              {declining.client_name}, {whenWords(declining.starts_at, declining.time_zone)}
            </p>
            <NoteField
              name="note"
              label="Note for the client (optional)"
              hint="For example, a better day to ask for."
            />
            <div class="actions">
              <SubmitButton busyLabel="Declining…">Decline request</SubmitButton>
              <Button variant="secondary" onClick={() => setDeclining(null)}>
                Keep it
              </Button>
            </div>
          </Form>
        ) : null}
      </Dialog>
    </Page>
  );
}
