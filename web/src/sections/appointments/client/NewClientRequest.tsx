// New Client: someone who has never logged in asks for a first appointment with their
// name, email and phone, where the practice allows it. When the clinician accepts, they
// get an email to create their portal account; if not, a polite email.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { ApiError } from "../../../api/problems";
import { Button, Card, Field, Form, Page, SubmitButton } from "../../../kit";
import type { ScreenProps } from "../../../lib/router";
import type { Practice } from "../../../lib/session";
import { WithPractice } from "../../../shell/screens";
import type { Requested, Slot, Week } from "../parts/api";
import { Confirmation } from "../parts/Confirmation";
import { type PickerSource, WeekPicker } from "../parts/WeekPicker";
import { whenWords } from "../time";
import "../appointments.css";

export default function NewClientRequestScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return <WithPractice slug={slug} render={(info) => <NewClientRequest practice={info} />} />;
}

function publicSource(slug: string): PickerSource {
  return {
    options: (signal) =>
      data(api.GET("/api/v1/scheduling/practices/{slug}/booking/options", { params: { path: { slug } }, signal })),
    week: (choice, week, signal) =>
      data(
        api.GET("/api/v1/scheduling/practices/{slug}/booking/availability", {
          params: { path: { slug }, query: { ...choice, ...(week ? { week } : {}) } },
          signal,
        }),
      ),
  };
}

type Step = { kind: "pick" } | { kind: "details"; slot: Slot; week: Week } | { kind: "done"; made: Requested };

function NewClientRequest({ practice }: { practice: Practice }) {
  const [step, setStep] = useState<Step>({ kind: "pick" });
  const [round, setRound] = useState(0);
  const [closed, setClosed] = useState(false);
  const source = publicSource(practice.slug);
  const guarded: PickerSource = {
    options: (signal) =>
      source.options(signal).catch((error) => {
        if (error instanceof ApiError && error.status === 404) setClosed(true);
        throw error;
      }),
    week: source.week,
  };
  const send = async (values: Record<string, string>) => {
    if (step.kind !== "details") return;
    const { slot, week } = step;
    const made = await data(
      api.POST("/api/v1/scheduling/practices/{slug}/booking/requests", {
        params: { path: { slug: practice.slug } },
        body: {
          clinician_id: week.clinician.id,
          location_id: week.location.id,
          service_id: week.service.id,
          starts_at: slot.starts_at,
          first_name: values.first_name ?? "",
          last_name: values.last_name ?? "",
          email: (values.email ?? "").trim(),
          ...(values.phone?.trim() ? { phone: values.phone.trim() } : {}),
        },
      }),
    );
    setStep({ kind: "done", made });
  };
  const again = () => {
    setStep({ kind: "pick" });
    setRound((n) => n + 1);
  };
  return (
    <Page title="Request a first appointment">
      <Card>
        <h1>Request a first appointment</h1>
        {closed ? (
          <p>
            {practice.name} doesn't take appointment requests from new clients online.
            {practice.phone ? (
              <>
                {" "}
                Please call <a href={`tel:${practice.phone}`}>{practice.phone}</a>.
              </>
            ) : null}
          </p>
        ) : null}
        {step.kind === "pick" && !closed ? (
          <>
            <p class="lead">Choose a time, then tell us how to reach you. Your clinician will answer by email.</p>
            <WeekPicker
              key={round}
              source={guarded}
              onPick={(slot, week) => setStep({ kind: "details", slot, week })}
            />
          </>
        ) : null}
        {step.kind === "details" ? (
          <section aria-labelledby="details-heading">
            <h2 id="details-heading">Your details</h2>
            <p class="when">
              {step.week.service.name} with {step.week.clinician.name},{" "}
              {whenWords(step.slot.starts_at, step.week.time_zone)}
            </p>
            <Button variant="secondary" onClick={again}>
              ‹ Choose another time
            </Button>
            <Form id="new-client" onSubmit={send} class="grid-form">
              <Field name="first_name" label="First name" autocomplete="given-name" />
              <Field name="last_name" label="Last name" autocomplete="family-name" />
              <Field name="email" label="Email" type="email" autocomplete="email" />
              <Field name="phone" label="Phone (optional)" type="tel" autocomplete="tel" required={false} />
              <SubmitButton busyLabel="Sending your request…">Request appointment</SubmitButton>
            </Form>
          </section>
        ) : null}
        {step.kind === "done" ? (
          <Confirmation appointment={step.made} again={again}>
            <p>When your clinician accepts, you'll get an email with a link to create your Client Portal account.</p>
          </Confirmation>
        ) : null}
      </Card>
    </Page>
  );
}
