// The workspace's Billing page: choose a client to see their balance, invoices (create,
// adjust by credit, void), insurance details and diagnosis codes, statements,
// superbills and payments; and keep your own provider details for superbills.

import "../billing.css";
import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import {
  Card,
  Field,
  Form,
  type FormValues,
  Loading,
  Page,
  PageStatus,
  SubmitButton,
  usePageStatus,
} from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { type Account, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { ClientBilling } from "./ClientBilling";

export default function WorkspaceBillingScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/billing"
      render={(_info, account) => <Workspace account={account} />}
    />
  );
}

function Workspace({ account }: { account: Account }) {
  const [clients] = useResource(
    (signal) => data(api.GET("/api/v1/identity/clients", { params: { query: { limit: 100 } }, signal })),
    [],
  );
  const [clientId, setClientId] = useState("");
  return (
    <Page title="Billing">
      <div class="workspace-billing">
        <h1>Billing</h1>
        <PageStatus id="billing-status" />
        <Card labelledBy="choose-client">
          <h2 id="choose-client">Client</h2>
          {clients.state === "loading" ? <Loading label="Loading clients…" /> : null}
          {clients.state === "failed" ? <p>{messageFor(clients.error)}</p> : null}
          {clients.state === "ready" ? (
            <div class="field">
              <label for="billing-client">Choose a client</label>
              <select id="billing-client" value={clientId} onChange={(e) => setClientId(e.currentTarget.value)}>
                <option value="">—</option>
                {clients.value.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.first_name} {c.last_name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </Card>
        {clientId ? <ClientBilling key={clientId} clientId={clientId} /> : null}
        <ProviderDetails account={account} />
      </div>
    </Page>
  );
}

function ProviderDetails({ account }: { account: Account }) {
  const status = usePageStatus();
  const path = { staff_id: account.id };
  const [current] = useResource(
    (signal) => data(api.GET("/api/v1/billing/providers/{staff_id}", { params: { path }, signal })),
    [account.id],
  );
  const save = async (values: FormValues) => {
    const optional = (name: string) => (values[name] ?? "").trim() || null;
    await data(
      api.PUT("/api/v1/billing/providers/{staff_id}", {
        params: { path },
        body: {
          credentials: optional("credentials"),
          npi: optional("npi"),
          license: optional("license"),
          tax_id: optional("tax_id"),
        },
      }),
    );
    status.say("Your provider details are saved.");
  };
  if (current.state !== "ready") return null;
  const p = current.value;
  return (
    <Card labelledBy="provider-heading">
      <h2 id="provider-heading">Your provider details</h2>
      <p class="hint">Printed on superbills; the practice's NPI, tax ID and license are used where yours is empty.</p>
      <Form id="provider" onSubmit={save} class="grid-form">
        <Field
          name="credentials"
          label="Credentials (e.g. PhD, LCSW)"
          required={false}
          defaultValue={p.credentials ?? ""}
        />
        <Field name="npi" label="NPI" required={false} inputMode="numeric" defaultValue={p.npi ?? ""} />
        <Field name="license" label="License number" required={false} defaultValue={p.license ?? ""} />
        <Field name="tax_id" label="Tax ID" required={false} defaultValue={p.tax_id ?? ""} />
        <SubmitButton busyLabel="Saving…">Save provider details</SubmitButton>
      </Form>
    </Card>
  );
}
