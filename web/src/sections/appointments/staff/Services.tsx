// Booking setup's services (what clients choose under "Select your service"): name,
// length, fee, CPT code, booked online or not, and the clinicians who offer it. Add one,
// edit one (only what changed is sent), or stop offering one and offer it again.

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
import type { Account } from "../../../lib/session";
import { CheckField, NumberField } from "../parts/inputs";
import { OfferedBy } from "./OfferedBy";
import { changes, feeText, readService, type Service } from "./setupValues";

type Person = Schemas["PersonView"];
const SLOT = "services";

async function load(signal: AbortSignal): Promise<{ services: Service[]; clinicians: Person[] }> {
  const [services, clinicians] = await Promise.all([
    data(api.GET("/api/v1/scheduling/services", { signal })),
    data(api.GET("/api/v1/scheduling/clinicians", { signal })),
  ]);
  return { services, clinicians };
}

function names(service: Service, clinicians: readonly Person[]): string {
  const found = clinicians.filter((c) => service.clinician_ids.includes(c.id)).map((c) => c.name);
  return found.length ? found.join(", ") : "Nobody yet";
}

export function Services({ account }: { account: Account }) {
  const status = usePageStatus();
  const [list, reload] = useResource(load, []);
  const [round, setRound] = useState(0);
  const [editing, setEditing] = useState<Service | null>(null);

  const add = async (values: Record<string, string>) => {
    const made = await data(api.POST("/api/v1/scheduling/services", { body: readService(values) }));
    setRound((n) => n + 1);
    await reload();
    status.say(`${made.name} is added.`, SLOT);
  };
  const save = async (values: Record<string, string>) => {
    if (!editing) return;
    const body = changes(editing, readService(values));
    // A refusal throws before the dialog closes: its reasons appear beside the fields.
    const saved = Object.keys(body).length ? await patch(editing, body) : null;
    setEditing(null);
    await reload();
    status.say(saved ? `${saved.name} is saved.` : `Nothing changed for ${editing.name}.`, SLOT);
  };
  const toggle = async (service: Service) => {
    status.clear();
    try {
      await patch(service, { active: !service.active });
      await reload();
      status.say(`${service.name} is ${service.active ? "no longer offered" : "offered again"}.`, SLOT);
    } catch (error) {
      status.say(messageFor(error), SLOT);
    }
  };

  const clinicians = list.state === "ready" ? list.value.clinicians : [];
  const columns: Column<Service>[] = [
    { header: "Service", cell: (s) => s.name },
    { header: "Length", cell: (s) => `${s.duration_minutes} minutes` },
    { header: "Fee", cell: (s) => `${feeText(s.fee)} ${s.currency}` },
    { header: "CPT code", cell: (s) => s.cpt_code ?? "—" },
    { header: "Booked online", cell: (s) => (s.online && s.active ? "Yes" : "No") },
    { header: "Offered by", cell: (s) => names(s, clinicians) },
    { header: "Offered", cell: (s) => (s.active ? "Yes" : "No") },
    {
      header: "Actions",
      cell: (s) => (
        <div class="actions">
          <Button variant="secondary" onClick={() => setEditing(s)}>
            Edit<span class="visually-hidden"> {s.name}</span>
          </Button>
          <Button variant="secondary" onClick={() => void toggle(s)}>
            {s.active ? "Stop offering" : "Offer again"}
            <span class="visually-hidden"> {s.name}</span>
          </Button>
        </div>
      ),
    },
  ];
  // A new service is offered by whoever adds it, when they can be booked.
  const mine = clinicians.some((c) => c.id === account.id) ? [account.id] : [];
  return (
    <Card labelledBy="services-heading">
      <h2 id="services-heading">Services</h2>
      <PageStatus id="services-status" slot={SLOT} />
      {list.state === "loading" ? <Loading /> : null}
      {list.state === "failed" ? <p role="alert">{messageFor(list.error)}</p> : null}
      {list.state === "ready" && list.value.services.length ? (
        <DataTable
          caption="Services"
          columns={columns}
          rows={list.value.services}
          rowKey={(s) => s.id}
          bodyId="services"
        />
      ) : null}
      {list.state === "ready" && !list.value.services.length ? (
        <Empty>No services yet. Add what clients can book below.</Empty>
      ) : null}
      <h3>Add a service</h3>
      {list.state === "ready" ? (
        <Form id="add-service" onSubmit={add} key={round} class="grid-form">
          <ServiceInputs prefix="add-service" clinicians={clinicians} ticked={mine} />
          <SubmitButton busyLabel="Adding…">Add service</SubmitButton>
        </Form>
      ) : null}
      <Dialog open={editing !== null} title={`Edit ${editing?.name ?? "service"}`} onClose={() => setEditing(null)}>
        {editing ? (
          <Form id="edit-service" onSubmit={save}>
            <ServiceInputs
              prefix="edit-service"
              clinicians={clinicians}
              ticked={editing.clinician_ids}
              service={editing}
            />
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

function patch(service: Service, body: Schemas["ServiceChange"]): Promise<Service> {
  return data(
    api.PATCH("/api/v1/scheduling/services/{service_id}", { params: { path: { service_id: service.id } }, body }),
  );
}

interface InputsProps {
  prefix: string;
  clinicians: readonly Person[];
  ticked: readonly string[];
  service?: Service;
}

/** The fields of a service, empty for a new one or holding `service`'s values. */
function ServiceInputs({ prefix, clinicians, ticked, service }: InputsProps) {
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <>
      <Field name="name" id={id("name")} label="Name" hint="Like Individual therapy" defaultValue={service?.name} />
      <NumberField
        name="duration_minutes"
        id={id("duration_minutes")}
        label="Length in minutes"
        min={5}
        max={600}
        defaultValue={service?.duration_minutes ?? 50}
      />
      <Field
        name="fee"
        id={id("fee")}
        label="Fee"
        hint="In dollars, like 150.00"
        inputMode="decimal"
        required={false}
        defaultValue={service ? feeText(service.fee) : ""}
      />
      <Field
        name="cpt_code"
        id={id("cpt_code")}
        label="CPT code (optional)"
        hint="Like 90834"
        required={false}
        defaultValue={service?.cpt_code ?? ""}
      />
      <CheckField
        name="online"
        id={id("online")}
        label="Clients can book it online"
        defaultChecked={service?.online ?? true}
      />
      <OfferedBy id={id("offered-by")} clinicians={clinicians} ticked={ticked} />
    </>
  );
}
