// The workspace's billing forms: a new invoice, a credit or a void, insurance details and
// diagnosis codes, a statement of a month, a superbill of a period.

import { api, data, type Schemas } from "../../../api/client";
import { Field, Form, FormProblem, type FormValues, SelectField, SubmitButton, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { money, today } from "../format";

type Invoice = Schemas["InvoiceView"];
const PLACES = [
  ["11", "Office (11)"],
  ["02", "Telehealth, not at home (02)"],
  ["10", "Telehealth at home (10)"],
] as const;

/** "150" or "150.00" dollars as cents; a FormProblem naming `field` otherwise. */
function cents(value: string | undefined, field: string, label: string): number {
  const text = (value ?? "").trim().replace(/^\$/, "");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(text)) {
    throw new FormProblem(`Enter ${label} in dollars, like 150.00.`, {
      [field]: `Enter ${label} in dollars, like 150.00.`,
    });
  }
  return Math.round(Number.parseFloat(text) * 100);
}

export function NewInvoiceForm({ clientId, onDone }: { clientId: string; onDone: () => Promise<void> }) {
  const status = usePageStatus();
  const submit = async (v: FormValues) => {
    const line: Schemas["LineRequest"] = {
      date_of_service: v.date_of_service ?? "",
      description: v.description ?? "",
      fee: cents(v.fee, "fee", "the fee"),
      place_of_service: v.place_of_service ?? "11",
    };
    if (v.cpt_code?.trim()) line.cpt_code = v.cpt_code.trim();
    const invoice = await data(api.POST("/api/v1/billing/invoices", { body: { client_id: clientId, lines: [line] } }));
    await onDone();
    status.say(`Invoice ${invoice.number} issued for ${money(invoice.total, invoice.currency)}.`);
  };
  return (
    <Form id="new-invoice-form" onSubmit={submit} class="grid-form">
      <Field name="date_of_service" label="Date of service" type="date" defaultValue={today("UTC")} />
      <Field name="description" label="Service" defaultValue="Psychotherapy, 53 minutes" />
      <Field name="cpt_code" label="CPT code (optional)" required={false} defaultValue="90837" />
      <SelectField name="place_of_service" label="Place of service" options={PLACES} />
      <Field name="fee" label="Fee ($)" inputMode="decimal" />
      <SubmitButton busyLabel="Issuing…">Issue invoice</SubmitButton>
    </Form>
  );
}

export function AdjustForms({ invoices, onDone }: { invoices: Invoice[]; onDone: () => Promise<void> }) {
  const status = usePageStatus();
  if (!invoices.length) return null;
  const options = invoices.map((i) => [i.id, `${i.number}: ${money(i.amount_due, i.currency)} due`] as const);
  const credit = async (v: FormValues) => {
    const path = { invoice_id: v.credit_invoice ?? "" };
    const amount = cents(v.amount, "amount", "the credit");
    const after = await data(
      api.POST("/api/v1/billing/invoices/{invoice_id}/credits", {
        params: { path, header: { "Idempotency-Key": crypto.randomUUID() } },
        body: { amount, reason: v.credit_reason ?? "" },
      }),
    );
    await onDone();
    status.say(`Invoice ${after.number} credited; ${money(after.amount_due, after.currency)} is now due.`);
  };
  const voidIt = async (v: FormValues) => {
    const path = { invoice_id: v.void_invoice ?? "" };
    const after = await data(
      api.POST("/api/v1/billing/invoices/{invoice_id}/void", {
        params: { path },
        body: { reason: v.void_reason ?? "" },
      }),
    );
    await onDone();
    status.say(`Invoice ${after.number} voided.`);
  };
  return (
    <>
      <h3>Adjust by credit</h3>
      <Form id="credit-form" onSubmit={credit} class="grid-form">
        <SelectField name="credit_invoice" label="Invoice" options={options} />
        <Field name="amount" label="Credit ($)" inputMode="decimal" />
        <Field name="credit_reason" label="Reason" />
        <SubmitButton busyLabel="Applying…">Apply credit</SubmitButton>
      </Form>
      <h3>Void an invoice</h3>
      <Form id="void-form" onSubmit={voidIt} class="grid-form">
        <SelectField name="void_invoice" label="Invoice to void" options={options} />
        <Field name="void_reason" label="Why it is void" />
        <SubmitButton busyLabel="Voiding…" variant="danger">
          Void invoice
        </SubmitButton>
      </Form>
    </>
  );
}

export function InsuranceForm({ clientId }: { clientId: string }) {
  const status = usePageStatus();
  const path = { client_id: clientId };
  const [found] = useResource(
    (signal) => data(api.GET("/api/v1/billing/clients/{client_id}/insurance", { params: { path }, signal })),
    [clientId],
  );
  const save = async (v: FormValues) => {
    const diagnoses = (v.diagnoses ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [code = "", ...words] = line.split(/\s+/);
        return { code, description: words.join(" ") };
      });
    await data(
      api.PUT("/api/v1/billing/clients/{client_id}/insurance", {
        params: { path },
        body: { member_id: (v.member_id ?? "").trim() || null, diagnoses },
      }),
    );
    status.say("Insurance details and diagnosis codes saved.");
  };
  if (found.state !== "ready") return null;
  const codes = found.value.diagnoses.map((d) => `${d.code} ${d.description}`.trim()).join("\n");
  return (
    <Form id="insurance-form" onSubmit={save} class="grid-form">
      <Field name="member_id" label="Insurance member ID" required={false} defaultValue={found.value.member_id ?? ""} />
      <div class="field">
        <label for="diagnoses">ICD-10 diagnosis codes, one a line (first is A)</label>
        <textarea id="diagnoses" name="diagnoses" rows={3} defaultValue={codes} />
      </div>
      <SubmitButton busyLabel="Saving…">Save insurance details</SubmitButton>
    </Form>
  );
}

export function StatementForm({ clientId, onDone }: { clientId: string; onDone: () => Promise<void> }) {
  const status = usePageStatus();
  const submit = async (v: FormValues) => {
    const month = (v.month ?? "").slice(0, 7);
    const issued = await data(api.POST("/api/v1/billing/statements", { body: { client_id: clientId, month } }));
    await onDone();
    status.say(`Statement issued: closing balance ${money(issued.closing_balance, issued.currency)}.`);
  };
  return (
    <Form id="statement-form" onSubmit={submit} class="inline-form">
      <Field name="month" label="Month (YYYY-MM)" defaultValue={today("UTC").slice(0, 7)} />
      <SubmitButton busyLabel="Issuing…">Issue statement</SubmitButton>
    </Form>
  );
}

export function SuperbillForm({ clientId, onDone }: { clientId: string; onDone: () => Promise<void> }) {
  const status = usePageStatus();
  const submit = async (v: FormValues) => {
    const body = { client_id: clientId, period_start: v.period_start ?? "", period_end: v.period_end ?? "" };
    await data(api.POST("/api/v1/billing/superbills", { body }));
    await onDone();
    status.say("Superbill created: the client can open it in their portal.");
  };
  const end = today("UTC");
  return (
    <Form id="superbill-form" onSubmit={submit} class="inline-form">
      <Field name="period_start" label="Superbill from" type="date" defaultValue={`${end.slice(0, 8)}01`} />
      <Field name="period_end" label="to" type="date" defaultValue={end} />
      <SubmitButton busyLabel="Creating…">Create superbill</SubmitButton>
    </Form>
  );
}
