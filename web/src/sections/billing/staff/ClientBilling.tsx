// One client's billing, as staff see it: the balance, invoices with their actions, new
// invoices, insurance details, statements, superbills and payments.

import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Card, DataTable, Empty, Loading } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { day, money, STATUS } from "../format";
import { AdjustForms, InsuranceForm, NewInvoiceForm, StatementForm, SuperbillForm } from "./Forms";

type Invoice = Schemas["InvoiceView"];

export function ClientBilling({ clientId }: { clientId: string }) {
  const query = { client_id: clientId };
  const [overview, reloadOverview] = useResource(
    (signal) => data(api.GET("/api/v1/billing/overview", { params: { query }, signal })),
    [clientId],
  );
  const [invoices, reloadInvoices] = useResource(
    (signal) => data(api.GET("/api/v1/billing/invoices", { params: { query: { ...query, limit: 100 } }, signal })),
    [clientId],
  );
  const [payments] = useResource(
    (signal) => data(api.GET("/api/v1/billing/payments", { params: { query }, signal })),
    [clientId],
  );
  const changed = async () => {
    await Promise.all([reloadOverview(), reloadInvoices()]);
  };
  const list = invoices.state === "ready" ? invoices.value : [];
  return (
    <>
      <Card labelledBy="client-balance">
        <h2 id="client-balance">Balance</h2>
        {overview.state === "ready" ? (
          <p class="balance">{money(overview.value.balance, overview.value.currency)}</p>
        ) : (
          <Loading />
        )}
      </Card>
      <Card labelledBy="client-invoices">
        <h2 id="client-invoices">Invoices</h2>
        {invoices.state === "loading" ? <Loading label="Loading invoices…" /> : null}
        {invoices.state === "failed" ? <p>{messageFor(invoices.error)}</p> : null}
        {invoices.state === "ready" && !list.length ? <Empty>No invoices yet.</Empty> : null}
        {list.length ? <InvoiceTable invoices={list} /> : null}
        <AdjustForms invoices={list.filter((i) => i.status === "due")} onDone={changed} />
      </Card>
      <Card labelledBy="new-invoice">
        <h2 id="new-invoice">New invoice</h2>
        <NewInvoiceForm clientId={clientId} onDone={changed} />
      </Card>
      <Card labelledBy="insurance-heading">
        <h2 id="insurance-heading">Insurance and diagnosis codes</h2>
        <InsuranceForm clientId={clientId} />
      </Card>
      <Card labelledBy="statements-heading">
        <h2 id="statements-heading">Statements and superbills</h2>
        <StatementForm clientId={clientId} onDone={changed} />
        <SuperbillForm clientId={clientId} onDone={changed} />
        {overview.state === "ready" ? <Documents overview={overview.value} /> : null}
      </Card>
      <Card labelledBy="payments-heading">
        <h2 id="payments-heading">Payments</h2>
        {payments.state === "ready" && !payments.value.length ? <Empty>No payments yet.</Empty> : null}
        {payments.state === "ready" && payments.value.length ? (
          <DataTable
            caption="Payments"
            rows={payments.value}
            rowKey={(p) => p.id}
            columns={[
              { header: "Date", cell: (p) => day(p.created_at) },
              { header: "Amount", cell: (p) => money(p.amount, p.currency) },
              { header: "Card", cell: (p) => (p.card_last4 ? `${p.card_brand ?? "Card"} ending ${p.card_last4}` : "") },
              {
                header: "Status",
                cell: (p) => (p.status === "failed" ? `Failed: ${p.failure_message ?? ""}` : p.status),
              },
            ]}
          />
        ) : null}
      </Card>
    </>
  );
}

function InvoiceTable({ invoices }: { invoices: Invoice[] }) {
  return (
    <DataTable
      caption="Invoices"
      rows={invoices}
      rowKey={(i) => i.id}
      columns={[
        { header: "Number", cell: (i) => i.number },
        { header: "Issued", cell: (i) => day(i.issued_on) },
        { header: "Total", cell: (i) => money(i.total, i.currency) },
        { header: "Due", cell: (i) => money(i.amount_due, i.currency) },
        { header: "Status", cell: (i) => <span class={`status ${i.status}`}>{STATUS[i.status]}</span> },
        {
          header: "PDF",
          cell: (i) => (
            <a href={`/api/v1/billing/invoices/${i.id}/pdf`} download>
              Download PDF<span class="visually-hidden"> of invoice {i.number}</span>
            </a>
          ),
        },
      ]}
    />
  );
}

function Documents({ overview }: { overview: Schemas["OverviewView"] }) {
  const docs = [
    ...overview.statements.map((s) => ({ id: s.id, kind: "statements", label: `Statement to ${day(s.period_end)}` })),
    ...overview.superbills.map((s) => ({
      id: s.id,
      kind: "superbills",
      label: `Superbill ${day(s.period_start)} to ${day(s.period_end)}`,
    })),
  ];
  if (!docs.length) return <Empty>No statements or superbills yet.</Empty>;
  return (
    <ul class="doc-list">
      {docs.map((d) => (
        <li key={d.id}>
          <span>{d.label}</span>
          <a class="amount" href={`/api/v1/billing/${d.kind}/${d.id}/pdf`} download>
            Download PDF<span class="visually-hidden"> of {d.label}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
