// Booking setup's locations: offices (an address, from which clients get a map link) and
// telehealth rooms (a video link instead). Add one, edit one (only what changed is sent),
// or stop offering one (no new bookings there) and offer it again.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import {
  Button,
  Card,
  type Column,
  DataTable,
  Dialog,
  Empty,
  Field,
  Form,
  Loading,
  PageStatus,
  SubmitButton,
  usePageStatus,
} from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { Practice } from "../../../lib/session";
import { CheckField, InputField } from "../parts/inputs";
import { changes, type Location, readLocation } from "./setupValues";

const SLOT = "locations";

export function Locations({ practice }: { practice: Practice }) {
  const status = usePageStatus();
  const [list, reload] = useResource((signal) => data(api.GET("/api/v1/scheduling/locations", { signal })), []);
  const [round, setRound] = useState(0);
  const [editing, setEditing] = useState<Location | null>(null);

  const add = async (values: Record<string, string>) => {
    const body = readLocation(values, practice.time_zone);
    const made = await data(api.POST("/api/v1/scheduling/locations", { body }));
    setRound((n) => n + 1);
    await reload();
    status.say(`${made.name} is added.`, SLOT);
  };
  const save = async (values: Record<string, string>) => {
    if (!editing) return;
    const body = changes(editing, readLocation(values, practice.time_zone));
    // A refusal throws before the dialog closes: its reasons appear beside the fields.
    const saved = Object.keys(body).length ? await patch(editing, body) : null;
    setEditing(null);
    await reload();
    status.say(saved ? `${saved.name} is saved.` : `Nothing changed for ${editing.name}.`, SLOT);
  };
  const toggle = async (location: Location) => {
    status.clear();
    try {
      await patch(location, { active: !location.active });
      await reload();
      status.say(`${location.name} is ${location.active ? "no longer offered" : "offered again"}.`, SLOT);
    } catch (error) {
      status.say(messageFor(error), SLOT);
    }
  };
  const columns: Column<Location>[] = [
    { header: "Location", cell: (l) => l.name },
    { header: "Where", cell: (l) => (l.telehealth ? `Telehealth: ${l.video_url ?? "no video link yet"}` : l.address) },
    { header: "Phone", cell: (l) => l.phone ?? "—" },
    { header: "Time zone", cell: (l) => l.time_zone },
    { header: "Offered", cell: (l) => (l.active ? "Yes" : "No") },
    {
      header: "Actions",
      cell: (l) => (
        <div class="actions">
          <Button variant="secondary" onClick={() => setEditing(l)}>
            Edit<span class="visually-hidden"> {l.name}</span>
          </Button>
          <Button variant="secondary" onClick={() => void toggle(l)}>
            {l.active ? "Stop offering" : "Offer again"}
            <span class="visually-hidden"> {l.name}</span>
          </Button>
        </div>
      ),
    },
  ];
  return (
    <Card labelledBy="locations-heading">
      <h2 id="locations-heading">Locations</h2>
      <PageStatus id="locations-status" slot={SLOT} />
      {list.state === "loading" ? <Loading /> : null}
      {list.state === "failed" ? <p role="alert">{messageFor(list.error)}</p> : null}
      {list.state === "ready" && list.value.length ? (
        <DataTable caption="Locations" columns={columns} rows={list.value} rowKey={(l) => l.id} bodyId="locations" />
      ) : null}
      {list.state === "ready" && !list.value.length ? (
        <Empty>No locations yet. Add your office or a telehealth room below.</Empty>
      ) : null}
      <h3>Add a location</h3>
      <Form id="add-location" onSubmit={add} key={round} class="grid-form">
        <LocationInputs prefix="add-location" practice={practice} />
        <SubmitButton busyLabel="Adding…">Add location</SubmitButton>
      </Form>
      <Dialog open={editing !== null} title={`Edit ${editing?.name ?? "location"}`} onClose={() => setEditing(null)}>
        {editing ? (
          <Form id="edit-location" onSubmit={save}>
            <LocationInputs prefix="edit-location" practice={practice} location={editing} />
            <div class="actions">
              <SubmitButton busyLabel="Saving…">Save changes</SubmitButton>
              <Button variant="secondary" onClick={() => setEditing(null)}>
                Cancel
              </Button>
            </div>
          </Form>
        ) : null}
      </Dialog>
    </Card>
  );
}

function patch(location: Location, body: Schemas["LocationChange"]): Promise<Location> {
  return data(
    api.PATCH("/api/v1/scheduling/locations/{location_id}", { params: { path: { location_id: location.id } }, body }),
  );
}

/** The fields of a location, empty for a new one or holding `location`'s values. */
function LocationInputs({ prefix, practice, location }: { prefix: string; practice: Practice; location?: Location }) {
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <>
      <Field
        name="name"
        id={id("name")}
        label="Name"
        hint="As clients see it, like Main Office"
        defaultValue={location?.name}
      />
      <Field
        name="address"
        id={id("address")}
        label="Address (offices)"
        hint="Clients get a map link from it"
        required={false}
        defaultValue={location?.address ?? ""}
      />
      <Field
        name="phone"
        id={id("phone")}
        label="Phone (optional)"
        type="tel"
        required={false}
        defaultValue={location?.phone ?? ""}
      />
      <Field
        name="time_zone"
        id={id("time_zone")}
        label="Time zone"
        hint={`Like America/New_York; empty: ${practice.time_zone}. Hours keep their clock times in a new zone.`}
        required={false}
        defaultValue={location?.time_zone}
      />
      <CheckField
        name="telehealth"
        id={id("telehealth")}
        label="Telehealth (no address)"
        defaultChecked={location?.telehealth}
      />
      <InputField
        name="video_url"
        id={id("video_url")}
        label="Video link (telehealth)"
        hint="Clients see it on a confirmed session shortly before it starts"
        type="url"
        required={false}
        defaultValue={location?.video_url ?? ""}
      />
    </>
  );
}
