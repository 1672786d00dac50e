// An opened document (invoice, statement or superbill): X closes it, Print prints it,
// Download PDF saves it, and an unpaid invoice has a Pay button at its top.

import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, DataTable, Dialog, Loading } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { day, money, STATUS } from "../format";

export type DocKind = "invoices" | "statements" | "superbills";
export interface OpenDoc {
  kind: DocKind;
  id: string;
}
type Invoice = Schemas["InvoiceView"];
type Statement = Schemas["StatementView"];
type Superbill = Schemas["SuperbillView"];
type Loaded =
  | { kind: "invoices"; doc: Invoice }
  | { kind: "statements"; doc: Statement }
  | { kind: "superbills"; doc: Superbill };

const TITLES: Record<DocKind, string> = { invoices: "Invoice", statements: "Statement", superbills: "Superbill" };

async function load(open: OpenDoc, signal: AbortSignal): Promise<Loaded> {
  if (open.kind === "invoices") {
    const path = { invoice_id: open.id };
    return {
      kind: open.kind,
      doc: await data(api.GET("/api/v1/billing/invoices/{invoice_id}", { params: { path }, signal })),
    };
  }
  if (open.kind === "statements") {
    const path = { statement_id: open.id };
    const doc = await data(api.GET("/api/v1/billing/statements/{statement_id}", { params: { path }, signal }));
    return { kind: open.kind, doc };
  }
  const path = { superbill_id: open.id };
  return {
    kind: open.kind,
    doc: await data(api.GET("/api/v1/billing/superbills/{superbill_id}", { params: { path }, signal })),
  };
}

export function DocumentView({
  open,
  practiceName,
  onClose,
  onPay,
}: {
  open: OpenDoc;
  practiceName: string;
  onClose: () => void;
  onPay?: (invoice: Invoice) => void;
}) {
  const [found] = useResource((signal) => load(open, signal), [open.kind, open.id]);
  const title = TITLES[open.kind];
  return (
    <Dialog open title={title} onClose={onClose}>
      <div class="doc-tools no-print">
        <Button variant="secondary" onClick={() => window.print()}>
          Print
        </Button>
        <a class="button secondary" href={`/api/v1/billing/${open.kind}/${open.id}/pdf`} download>
          Download PDF
        </a>
        {found.state === "ready" && found.value.kind === "invoices" && found.value.doc.status === "due" && onPay ? (
          <Button onClick={() => onPay(found.value.doc as Invoice)}>Pay</Button>
        ) : null}
        <button type="button" class="close" aria-label={`Close the ${title.toLowerCase()}`} onClick={onClose}>
          X
        </button>
      </div>
      <div class="document-sheet">
        <p class="doc-practice">{practiceName}</p>
        {found.state === "loading" ? <Loading label="Opening…" /> : null}
        {found.state === "failed" ? <p>{messageFor(found.error)}</p> : null}
        {found.state === "ready" ? <Body loaded={found.value} /> : null}
      </div>
    </Dialog>
  );
}

function Body({ loaded }: { loaded: Loaded }) {
  if (loaded.kind === "invoices") return <InvoiceBody invoice={loaded.doc} />;
  if (loaded.kind === "statements") return <StatementBody statement={loaded.doc} />;
  return <SuperbillBody superbill={loaded.doc} />;
}

function InvoiceBody({ invoice }: { invoice: Invoice }) {
  const m = (n: number) => money(n, invoice.currency);
  return (
    <>
      <p>
        Invoice {invoice.number} · Issued {day(invoice.issued_on)} · Due {day(invoice.due_on)} ·{" "}
        <span class={`status ${invoice.status}`}>{STATUS[invoice.status]}</span>
      </p>
      <DataTable
        caption="Services"
        rows={invoice.lines}
        rowKey={(l) => `${l.date_of_service}-${l.description}-${l.amount}`}
        columns={[
          { header: "Date of service", cell: (l) => day(l.date_of_service) },
          { header: "Service", cell: (l) => l.description },
          { header: "Code", cell: (l) => l.cpt_code ?? "" },
          { header: "Amount", cell: (l) => m(l.amount) },
        ]}
      />
      <dl class="totals">
        <dt>Total</dt>
        <dd>{m(invoice.total)}</dd>
        {invoice.credited ? <Pair label="Credits" value={m(-invoice.credited)} /> : null}
        {invoice.paid ? <Pair label="Paid" value={m(-invoice.paid)} /> : null}
        <dt>Amount due</dt>
        <dd>{m(invoice.amount_due)}</dd>
      </dl>
    </>
  );
}

function Pair({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function StatementBody({ statement }: { statement: Statement }) {
  const m = (n: number) => money(n, statement.currency);
  return (
    <>
      <p>
        {day(statement.period_start)} to {day(statement.period_end)}
      </p>
      <DataTable
        caption="Account activity in this period"
        rows={statement.lines}
        rowKey={(l) => `${l.date}-${l.description}-${l.balance}`}
        columns={[
          { header: "Date", cell: (l) => day(l.date) },
          { header: "Description", cell: (l) => l.description },
          { header: "Amount", cell: (l) => m(l.amount) },
          { header: "Balance", cell: (l) => m(l.balance) },
        ]}
      />
      <dl class="totals">
        <Pair label="Opening balance" value={m(statement.opening_balance)} />
        <Pair label="Charges" value={m(statement.charges)} />
        <Pair label="Payments" value={m(-statement.payments)} />
        <Pair label="Closing balance" value={m(statement.closing_balance)} />
      </dl>
    </>
  );
}

function SuperbillBody({ superbill }: { superbill: Superbill }) {
  const m = (n: number) => money(n, superbill.currency);
  const p = superbill.provider as Record<string, string>;
  const c = superbill.client as Record<string, string>;
  return (
    <>
      <p>
        {day(superbill.period_start)} to {day(superbill.period_end)}
      </p>
      <p>
        Provider: {p.name}, {p.credentials} · NPI {p.npi} · Tax ID {p.tax_id} · License {p.license}
      </p>
      <p>
        Patient: {c.name} · Date of birth {c.date_of_birth ? day(c.date_of_birth) : ""} · Member ID {c.member_id}
      </p>
      <p>Diagnoses: {superbill.diagnoses.map((d) => `${d.pointer} ${d.code} ${d.description ?? ""}`).join("; ")}</p>
      <DataTable
        caption="Services"
        rows={superbill.lines}
        rowKey={(l) => `${l.date_of_service}-${l.cpt_code}-${l.fee}`}
        columns={[
          { header: "Date", cell: (l) => day(String(l.date_of_service)) },
          { header: "POS", cell: (l) => String(l.place_of_service) },
          { header: "CPT", cell: (l) => String(l.cpt_code) },
          { header: "Pointers", cell: (l) => String(l.pointers) },
          { header: "Fee", cell: (l) => m(Number(l.fee)) },
        ]}
      />
      <dl class="totals">
        <Pair label="Total charges" value={m(superbill.total)} />
        <Pair label="Amount paid" value={m(superbill.paid)} />
      </dl>
    </>
  );
}
