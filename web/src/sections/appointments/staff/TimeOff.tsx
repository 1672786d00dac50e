// Dates that differ from the weekly hours (other hours, or closed), and time off (no
// bookings then, at any location). Time off is entered in the practice's zone.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, Form, FormProblem, PageStatus, SelectField, SubmitButton, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { CheckField, InputField, text, ticked } from "../parts/inputs";
import { addDays, dateWords, today, whenWords, zonedIso } from "../time";

type Location = Schemas["StaffLocationView"];

export function DateOverrides({ clinician, locations }: { clinician: string; locations: Location[] }) {
  const status = usePageStatus();
  const first = today(locations[0]?.time_zone ?? "UTC");
  const path = { clinician_id: clinician };
  const [list, reload] = useResource(
    (signal) =>
      data(
        api.GET("/api/v1/scheduling/clinicians/{clinician_id}/date-overrides", {
          params: { path, query: { first, last: addDays(first, 365) } },
          signal,
        }),
      ),
    [clinician],
  );
  const [round, setRound] = useState(0);
  const add = async (values: Record<string, string>) => {
    const closed = ticked(values, "closed");
    if (!closed && !(text(values, "starts") && text(values, "ends"))) {
      throw new FormProblem("Give the hours for that date, or tick Closed all day.", {
        starts: "Enter a start time, or tick Closed all day.",
      });
    }
    await data(
      api.POST("/api/v1/scheduling/clinicians/{clinician_id}/date-overrides", {
        params: { path },
        body: {
          location_id: values.location_id ?? "",
          date: text(values, "date"),
          ...(closed ? {} : { starts: text(values, "starts"), ends: text(values, "ends") }),
        },
      }),
    );
    setRound((n) => n + 1);
    await reload();
    status.say("The date is saved.", "overrides");
  };
  const remove = async (id: string) => {
    status.clear();
    try {
      await data(
        api.DELETE("/api/v1/scheduling/clinicians/{clinician_id}/date-overrides/{override_id}", {
          params: { path: { ...path, override_id: id } },
        }),
      );
      await reload();
      status.say("The date is back to the weekly hours.", "overrides");
    } catch (error) {
      status.say(messageFor(error), "overrides");
    }
  };
  const name = (id: string) => locations.find((l) => l.id === id)?.name ?? "";
  return (
    <Card labelledBy="overrides-heading">
      <h2 id="overrides-heading">Dates with other hours</h2>
      <PageStatus slot="overrides" />
      {list.state === "ready" && list.value.length ? (
        <ul class="plain-list">
          {list.value.map((o) => (
            <li key={o.id}>
              {dateWords(o.date)}, {name(o.location_id)}: {o.starts ? `${o.starts} to ${o.ends}` : "closed"}{" "}
              <Button variant="link" onClick={() => void remove(o.id)}>
                Remove<span class="visually-hidden"> {dateWords(o.date)}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <Form id="add-override" onSubmit={add} key={round} class="grid-form">
        <SelectField name="location_id" label="Location" options={locations.map((l) => [l.id, l.name])} />
        <InputField name="date" label="Date" type="date" />
        <CheckField name="closed" label="Closed all day" />
        <InputField name="starts" label="From" type="time" required={false} />
        <InputField name="ends" label="To" type="time" required={false} />
        <SubmitButton busyLabel="Saving…">Save date</SubmitButton>
      </Form>
    </Card>
  );
}

export function TimeOff({ clinician, timeZone }: { clinician: string; timeZone: string }) {
  const status = usePageStatus();
  const path = { clinician_id: clinician };
  const [list, reload] = useResource(
    (signal) => data(api.GET("/api/v1/scheduling/clinicians/{clinician_id}/time-off", { params: { path }, signal })),
    [clinician],
  );
  const [round, setRound] = useState(0);
  const add = async (values: Record<string, string>) => {
    const from = text(values, "from");
    const until = text(values, "until");
    if (!from || !until) {
      const fields: Record<string, string> = {};
      if (!from) fields.from = "Enter when your time off starts.";
      if (!until) fields.until = "Enter when your time off ends.";
      throw new FormProblem("Enter when your time off starts and ends.", fields);
    }
    if (until <= from)
      throw new FormProblem("The end must be after the start.", { until: "Until must be after From." });
    await data(
      api.POST("/api/v1/scheduling/clinicians/{clinician_id}/time-off", {
        params: { path },
        body: {
          starts_at: zonedIso(from, timeZone),
          ends_at: zonedIso(until, timeZone),
        },
      }),
    );
    setRound((n) => n + 1);
    await reload();
    status.say("Time off is saved: no new bookings then.", "time-off");
  };
  const remove = async (id: string) => {
    status.clear();
    try {
      await data(
        api.DELETE("/api/v1/scheduling/clinicians/{clinician_id}/time-off/{time_off_id}", {
          params: { path: { ...path, time_off_id: id } },
        }),
      );
      await reload();
      status.say("Time off removed.", "time-off");
    } catch (error) {
      status.say(messageFor(error), "time-off");
    }
  };
  return (
    <Card labelledBy="time-off-heading">
      <h2 id="time-off-heading">Time off</h2>
      <p class="hint">No new bookings then, at any location. Times are {timeZone} time.</p>
      <PageStatus slot="time-off" />
      {list.state === "ready" && list.value.length ? (
        <ul class="plain-list">
          {list.value.map((t) => (
            <li key={t.id}>
              {whenWords(t.starts_at, timeZone)} to {whenWords(t.ends_at, timeZone)}{" "}
              <Button variant="link" onClick={() => void remove(t.id)}>
                Remove<span class="visually-hidden"> this time off</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <Form id="add-time-off" onSubmit={add} key={round} class="grid-form">
        <InputField name="from" label="From" type="datetime-local" />
        <InputField name="until" label="Until" type="datetime-local" />
        <SubmitButton busyLabel="Saving…">Add time off</SubmitButton>
      </Form>
    </Card>
  );
}
