// When clients can book a clinician: weekly hours at each location (wall-clock times in
// the location's zone, so 9 to 5 stays 9 to 5 across daylight-saving changes), and the
// dates that differ. Time off has its own card (TimeOff.tsx).

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import {
  Button,
  Card,
  Empty,
  Form,
  FormProblem,
  Loading,
  Page,
  PageStatus,
  SubmitButton,
  usePageStatus,
} from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { type Account, type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { zonePlace } from "../parts/api";
import { ClinicianChoice } from "./ClinicianChoice";
import { DateOverrides, TimeOff } from "./TimeOff";
import "../appointments.css";

type Location = Schemas["StaffLocationView"];
type Hours = Schemas["HoursView"];
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export default function AvailabilityScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/booking-setup"
      render={(info, account) => <Availability practice={info} account={account} />}
    />
  );
}

function Availability({ practice, account }: { practice: Practice; account: Account }) {
  const [clinician, setClinician] = useState(account.id);
  const [locations] = useResource((signal) => data(api.GET("/api/v1/scheduling/locations", { signal })), []);
  const [hours, reload] = useResource(
    (signal) =>
      data(
        api.GET("/api/v1/scheduling/clinicians/{clinician_id}/hours", {
          params: { path: { clinician_id: clinician } },
          signal,
        }),
      ),
    [clinician],
  );
  const active = locations.state === "ready" ? locations.value.filter((l) => l.active) : [];
  return (
    <Page title="Availability & time off">
      <h1>Availability &amp; time off</h1>
      <p>
        <a href={`/p/${practice.slug}/workspace/booking-setup`}>Booking setup</a>: locations, services and the booking
        policy.
      </p>
      {account.role === "admin" ? <ClinicianChoice value={clinician} onChange={setClinician} /> : null}
      {locations.state === "loading" || hours.state === "loading" ? <Loading /> : null}
      {locations.state === "ready" && !active.length ? (
        <Empty>Add a location in Booking setup first: hours belong to a location.</Empty>
      ) : null}
      {hours.state === "ready"
        ? active.map((location) => (
            <WeeklyHours
              key={`${clinician}-${location.id}`}
              clinician={clinician}
              location={location}
              hours={hours.value.filter((h) => h.location_id === location.id)}
              reload={reload}
            />
          ))
        : null}
      {active.length ? <DateOverrides key={`o-${clinician}`} clinician={clinician} locations={active} /> : null}
      <TimeOff key={`t-${clinician}`} clinician={clinician} timeZone={practice.time_zone} />
    </Page>
  );
}

interface Row {
  key: number;
  weekday: number;
  starts: string;
  ends: string;
}

let keys = 0;
const rowsOf = (hours: Hours[]): Row[] =>
  hours.map((h) => ({ key: ++keys, weekday: h.weekday, starts: h.starts, ends: h.ends }));

function WeeklyHours(props: { clinician: string; location: Location; hours: Hours[]; reload: () => Promise<void> }) {
  const { clinician, location } = props;
  const status = usePageStatus();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(props.hours));
  const slot = `hours-${location.id}`;
  const save = async (values: Record<string, string>) => {
    const hours = rows.map((r) => ({
      weekday: Number(values[`weekday-${r.key}`] ?? r.weekday),
      starts: values[`starts-${r.key}`] ?? "",
      ends: values[`ends-${r.key}`] ?? "",
    }));
    const wrong = hours.findIndex((h) => !h.starts || !h.ends || h.starts >= h.ends);
    if (wrong >= 0) throw new FormProblem(`Row ${wrong + 1}: the end must be after the start.`);
    await data(
      api.PUT("/api/v1/scheduling/clinicians/{clinician_id}/hours", {
        params: { path: { clinician_id: clinician } },
        body: { location_id: location.id, hours },
      }),
    );
    await props.reload();
    status.say(`Hours at ${location.name} are saved.`, slot);
  };
  const add = () => setRows((all) => [...all, { key: ++keys, weekday: 1, starts: "09:00", ends: "17:00" }]);
  return (
    <Card labelledBy={`${slot}-heading`}>
      <h2 id={`${slot}-heading`}>Weekly hours at {location.name}</h2>
      <p class="hint">
        Times are {zonePlace(location.time_zone)} ({location.time_zone}), where this location is.
      </p>
      <PageStatus slot={slot} />
      <Form id={`form-${slot}`} onSubmit={save}>
        {rows.length ? null : <p>No hours here: clients cannot book you at {location.name}.</p>}
        <ul class="hours">
          {rows.map((r, i) => (
            <li key={r.key} class="hours-row">
              <label for={`weekday-${r.key}`} class="visually-hidden">
                Day {i + 1}
              </label>
              <select id={`weekday-${r.key}`} name={`weekday-${r.key}`} defaultValue={String(r.weekday)}>
                {WEEKDAYS.map((day, n) => (
                  <option key={day} value={String(n + 1)}>
                    {day}
                  </option>
                ))}
              </select>
              <label for={`starts-${r.key}`}>From</label>
              <input id={`starts-${r.key}`} name={`starts-${r.key}`} type="time" defaultValue={r.starts} required />
              <label for={`ends-${r.key}`}>to</label>
              <input id={`ends-${r.key}`} name={`ends-${r.key}`} type="time" defaultValue={r.ends} required />
              <Button variant="link" onClick={() => setRows((all) => all.filter((x) => x.key !== r.key))}>
                Remove<span class="visually-hidden"> row {i + 1}</span>
              </Button>
            </li>
          ))}
        </ul>
        <div class="actions">
          <Button variant="secondary" onClick={add}>
            Add hours
          </Button>
          <SubmitButton busyLabel="Saving…">Save hours</SubmitButton>
        </div>
      </Form>
    </Card>
  );
}
