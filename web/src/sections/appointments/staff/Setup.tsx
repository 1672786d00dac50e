// Booking setup in the clinician workspace: where sessions happen (offices with an
// address and a map link, or telehealth with a video link), what can be booked, and the
// practice's booking policy. Hours and time off have their own page.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import {
  Button,
  Card,
  type Column,
  DataTable,
  Empty,
  Field,
  Form,
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
import { CheckField, InputField, NumberField, number, text, ticked } from "../parts/inputs";
import { PolicyCard } from "./Policy";
import "../appointments.css";

type Location = Schemas["StaffLocationView"];
type Service = Schemas["StaffServiceView"];

export default function SetupScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/booking-setup"
      render={(info, account) => <Setup practice={info} account={account} />}
    />
  );
}

function Setup({ practice, account }: { practice: Practice; account: Account }) {
  return (
    <Page title="Booking setup">
      <h1>Booking setup</h1>
      <p>
        <a href={`/p/${practice.slug}/workspace/availability`}>Availability &amp; time off</a>: when clients can book
        you, at each location.
      </p>
      <Locations practice={practice} />
      <Services account={account} />
      <PolicyCard />
    </Page>
  );
}

function Locations({ practice }: { practice: Practice }) {
  const status = usePageStatus();
  const [list, reload] = useResource((signal) => data(api.GET("/api/v1/scheduling/locations", { signal })), []);
  const [round, setRound] = useState(0);
  const add = async (values: Record<string, string>) => {
    const telehealth = ticked(values, "telehealth");
    const body: Schemas["LocationRequest"] = {
      name: text(values, "name"),
      time_zone: text(values, "time_zone") || practice.time_zone,
      telehealth,
      ...(text(values, "phone") ? { phone: text(values, "phone") } : {}),
      ...(telehealth ? { video_url: text(values, "video_url") || null } : { address: text(values, "address") || null }),
    };
    const made = await data(api.POST("/api/v1/scheduling/locations", { body }));
    setRound((n) => n + 1);
    await reload();
    status.say(`${made.name} is added.`, "locations");
  };
  const toggle = async (location: Location) => {
    status.clear();
    try {
      await data(
        api.PATCH("/api/v1/scheduling/locations/{location_id}", {
          params: { path: { location_id: location.id } },
          body: { active: !location.active },
        }),
      );
      await reload();
      status.say(`${location.name} is ${location.active ? "no longer offered" : "offered again"}.`, "locations");
    } catch (error) {
      status.say(messageFor(error), "locations");
    }
  };
  const columns: Column<Location>[] = [
    { header: "Location", cell: (l) => l.name },
    { header: "Where", cell: (l) => (l.telehealth ? `Telehealth: ${l.video_url ?? "no video link yet"}` : l.address) },
    { header: "Time zone", cell: (l) => l.time_zone },
    {
      header: "Offered",
      cell: (l) => (
        <Button variant="secondary" onClick={() => void toggle(l)}>
          {l.active ? "Stop offering" : "Offer again"}
          <span class="visually-hidden"> {l.name}</span>
        </Button>
      ),
    },
  ];
  return (
    <Card labelledBy="locations-heading">
      <h2 id="locations-heading">Locations</h2>
      <PageStatus id="locations-status" slot="locations" />
      {list.state === "loading" ? <Loading /> : null}
      {list.state === "ready" && list.value.length ? (
        <DataTable caption="Locations" columns={columns} rows={list.value} rowKey={(l) => l.id} />
      ) : null}
      {list.state === "ready" && !list.value.length ? (
        <Empty>No locations yet. Add your office or a telehealth room below.</Empty>
      ) : null}
      <h3>Add a location</h3>
      <Form id="add-location" onSubmit={add} key={round} class="grid-form">
        <Field name="name" label="Name" hint="As clients see it, like Main Office" />
        <Field name="address" label="Address (offices)" hint="Clients get a map link from it" required={false} />
        <Field name="phone" label="Phone (optional)" type="tel" required={false} />
        <Field
          name="time_zone"
          label="Time zone"
          hint={`Like America/New_York; empty: ${practice.time_zone}`}
          required={false}
        />
        <CheckField name="telehealth" label="Telehealth (no address)" />
        <InputField name="video_url" label="Video link (telehealth)" type="url" required={false} />
        <SubmitButton busyLabel="Adding…">Add location</SubmitButton>
      </Form>
    </Card>
  );
}

function Services({ account }: { account: Account }) {
  const status = usePageStatus();
  const [list, reload] = useResource((signal) => data(api.GET("/api/v1/scheduling/services", { signal })), []);
  const [round, setRound] = useState(0);
  const add = async (values: Record<string, string>) => {
    const body: Schemas["ServiceRequest"] = {
      name: text(values, "name"),
      duration_minutes: number(values, "duration_minutes"),
      fee: Math.round(Number(text(values, "fee") || "0") * 100),
      online: ticked(values, "online"),
      clinician_ids: [account.id],
      ...(text(values, "cpt_code") ? { cpt_code: text(values, "cpt_code") } : {}),
    };
    const made = await data(api.POST("/api/v1/scheduling/services", { body }));
    setRound((n) => n + 1);
    await reload();
    status.say(`${made.name} is added.`, "services");
  };
  const columns: Column<Service>[] = [
    { header: "Service", cell: (s) => s.name },
    { header: "Length", cell: (s) => `${s.duration_minutes} minutes` },
    { header: "Fee", cell: (s) => `${(s.fee / 100).toFixed(2)} ${s.currency}` },
    { header: "CPT code", cell: (s) => s.cpt_code ?? "—" },
    { header: "Booked online", cell: (s) => (s.online && s.active ? "Yes" : "No") },
  ];
  return (
    <Card labelledBy="services-heading">
      <h2 id="services-heading">Services</h2>
      <PageStatus id="services-status" slot="services" />
      {list.state === "ready" && list.value.length ? (
        <DataTable caption="Services" columns={columns} rows={list.value} rowKey={(s) => s.id} />
      ) : null}
      {list.state === "ready" && !list.value.length ? (
        <Empty>No services yet. Add what clients can book below.</Empty>
      ) : null}
      <h3>Add a service</h3>
      <p class="hint">You offer the services you add; an admin adds other clinicians through the API for now.</p>
      <Form id="add-service" onSubmit={add} key={round} class="grid-form">
        <Field name="name" label="Name" hint="Like Individual therapy" />
        <NumberField name="duration_minutes" label="Length in minutes" min={5} max={600} defaultValue={50} />
        <Field name="fee" label="Fee" hint="In dollars, like 150.00" inputMode="decimal" required={false} />
        <Field name="cpt_code" label="CPT code (optional)" hint="Like 90834" required={false} />
        <CheckField name="online" label="Clients can book it online" defaultChecked />
        <SubmitButton busyLabel="Adding…">Add service</SubmitButton>
      </Form>
    </Card>
  );
}
