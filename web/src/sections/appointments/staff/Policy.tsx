// The practice's booking policy: approval, notice, horizon, buffer, the cancellation
// window (online cancellation off, or 24 / 48 / 72 hours), New Client requests, reminders
// and the office phone clients are told to call.

import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Card, Field, Form, Loading, PageStatus, SelectField, SubmitButton, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { CheckField, NumberField, number, text, ticked } from "../parts/inputs";

type Policy = Schemas["PolicyView"];

export function PolicyCard() {
  const status = usePageStatus();
  const [policy, reload] = useResource((signal) => data(api.GET("/api/v1/scheduling/booking-policy", { signal })), []);
  const save = async (values: Record<string, string>) => {
    const window = Number(values.cancellation_window_hours);
    const body: Schemas["PolicyChange"] = {
      requires_approval: ticked(values, "requires_approval"),
      min_notice_hours: number(values, "min_notice_hours"),
      horizon_days: number(values, "horizon_days"),
      buffer_minutes: number(values, "buffer_minutes"),
      slot_interval_minutes: number(values, "slot_interval_minutes"),
      online_cancellation: ticked(values, "online_cancellation"),
      cancellation_window_hours: (window === 48 || window === 72 ? window : 24) as 24 | 48 | 72,
      reminder_hours: number(values, "reminder_hours"),
      allow_new_clients: ticked(values, "allow_new_clients"),
      office_phone: text(values, "office_phone") || null,
    };
    await data(api.PATCH("/api/v1/scheduling/booking-policy", { body }));
    await reload();
    status.say("The booking policy is saved.", "policy");
  };
  return (
    <Card labelledBy="policy-heading">
      <h2 id="policy-heading">Booking policy</h2>
      <PageStatus id="policy-status" slot="policy" />
      {policy.state === "loading" ? <Loading /> : null}
      {policy.state === "failed" ? <p role="alert">{messageFor(policy.error)}</p> : null}
      {policy.state === "ready" ? <PolicyForm policy={policy.value} save={save} /> : null}
    </Card>
  );
}

function PolicyForm({ policy: p, save }: { policy: Policy; save: (v: Record<string, string>) => Promise<void> }) {
  return (
    <Form id="policy" onSubmit={save} class="grid-form">
      <CheckField
        name="requires_approval"
        label="Requests need my approval"
        hint="Off: clients book open times directly"
        defaultChecked={p.requires_approval}
      />
      <CheckField
        name="allow_new_clients"
        label="New clients may request a first appointment"
        defaultChecked={p.allow_new_clients}
      />
      <NumberField
        name="min_notice_hours"
        label="Minimum notice (hours)"
        min={0}
        max={720}
        defaultValue={p.min_notice_hours}
      />
      <NumberField
        name="horizon_days"
        label="Clients may book up to (days ahead)"
        min={1}
        max={730}
        defaultValue={p.horizon_days}
      />
      <NumberField
        name="buffer_minutes"
        label="Buffer between sessions (minutes)"
        min={0}
        max={240}
        defaultValue={p.buffer_minutes}
      />
      <NumberField
        name="slot_interval_minutes"
        label="Offer a time every (minutes)"
        min={5}
        max={240}
        defaultValue={p.slot_interval_minutes}
      />
      <CheckField name="online_cancellation" label="Clients may cancel online" defaultChecked={p.online_cancellation} />
      <SelectField
        name="cancellation_window_hours"
        label="Online cancellation until"
        options={[
          ["24", "24 hours before"],
          ["48", "48 hours before"],
          ["72", "72 hours before"],
        ]}
        defaultValue={String(p.cancellation_window_hours)}
      />
      <NumberField
        name="reminder_hours"
        label="Reminder email (hours before)"
        min={1}
        max={168}
        defaultValue={p.reminder_hours}
      />
      <Field
        name="office_phone"
        label="Office phone"
        type="tel"
        hint="Clients who must call to cancel are given this number; empty: the practice's"
        defaultValue={p.office_phone ?? ""}
        required={false}
      />
      <SubmitButton busyLabel="Saving…">Save policy</SubmitButton>
    </Form>
  );
}
