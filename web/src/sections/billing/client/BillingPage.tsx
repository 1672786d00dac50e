// The client's Billing & Payments page, as the guide shows it: the current balance with
// Pay Now at the top, Account Activity, and on the right recent invoices, statements and
// superbills whose dates open the document (View All lists every one).

import "../billing.css";
import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, Empty, Loading, Page, PageStatus, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import type { Practice } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { day, money, STATUS } from "../format";
import { Activity } from "./Activity";
import { type DocKind, DocumentView, type OpenDoc } from "./DocumentView";
import { PayForm } from "./PayForm";

type Overview = Schemas["OverviewView"];
type Invoice = Schemas["InvoiceView"];
const CLIENTS = new Set(["client"]);

interface Paying {
  amount: number;
  currency: string;
  invoiceIds: string[] | null;
}

export default function BillingScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn slug={slug} roles={CLIENTS} current="billing" render={(info) => <Billing slug={slug} info={info} />} />
  );
}

function Billing({ slug, info }: { slug: string; info: Practice }) {
  const [overview, reload] = useResource((signal) => data(api.GET("/api/v1/billing/overview", { signal })), []);
  const [open, setOpen] = useState<OpenDoc | null>(null);
  const [paying, setPaying] = useState<Paying | null>(null);
  const status = usePageStatus();

  const pay = (what: Paying) => {
    status.clear();
    setOpen(null);
    setPaying(what);
  };
  const paid = async (payment: Schemas["PaymentView"]) => {
    setPaying(null);
    await reload();
    const card = payment.card_last4 ? ` with the card ending ${payment.card_last4}` : "";
    status.say(`Payment received: ${money(payment.amount, payment.currency)} paid${card}. Thank you.`);
  };

  return (
    <Page title="Billing & Payments">
      <h1>Billing &amp; Payments</h1>
      <PageStatus id="billing-status" />
      {overview.state === "loading" ? <Loading label="Loading your billing…" /> : null}
      {overview.state === "failed" ? <p>{messageFor(overview.error)}</p> : null}
      {overview.state === "ready" ? (
        <div class="billing">
          <div class="billing-main">
            <Balance overview={overview.value} onPay={pay} />
            {paying ? (
              <Card labelledBy="pay-heading">
                <h2 id="pay-heading" tabIndex={-1}>
                  Pay {money(paying.amount, paying.currency)}
                </h2>
                <PayForm {...paying} onPaid={paid} />
                <Button variant="link" onClick={() => setPaying(null)}>
                  Cancel
                </Button>
              </Card>
            ) : null}
            <Activity timeZone={overview.value.time_zone} />
          </div>
          <div class="billing-side">
            <Recent
              slug={slug}
              kind="invoices"
              title="Recent Invoices"
              overview={overview.value}
              onOpen={setOpen}
              onPay={pay}
            />
            <Recent
              slug={slug}
              kind="statements"
              title="Recent Statements"
              overview={overview.value}
              onOpen={setOpen}
            />
            <Recent
              slug={slug}
              kind="superbills"
              title="Recent Superbills"
              overview={overview.value}
              onOpen={setOpen}
            />
          </div>
        </div>
      ) : null}
      {open ? (
        <DocumentView
          open={open}
          practiceName={info.name}
          onClose={() => setOpen(null)}
          onPay={(invoice) => pay({ amount: invoice.amount_due, currency: invoice.currency, invoiceIds: [invoice.id] })}
        />
      ) : null}
    </Page>
  );
}

function Balance({ overview, onPay }: { overview: Overview; onPay: (what: Paying) => void }) {
  const due = overview.balance;
  return (
    <Card labelledBy="balance-heading">
      <h2 id="balance-heading">Current balance</h2>
      <p class="balance">
        <span id="balance-amount">{money(due, overview.currency)}</span>
        {due > 0 ? (
          <Button onClick={() => onPay({ amount: due, currency: overview.currency, invoiceIds: null })}>
            Pay Now<span class="visually-hidden"> (your whole balance)</span>
          </Button>
        ) : null}
      </p>
      {due < 0 ? <p class="hint">You have a credit with the practice.</p> : null}
    </Card>
  );
}

interface RecentProps {
  slug: string;
  kind: DocKind;
  title: string;
  overview: Overview;
  onOpen: (doc: OpenDoc) => void;
  onPay?: (what: Paying) => void;
}

function Recent({ slug, kind, title, overview, onOpen, onPay }: RecentProps) {
  const id = `recent-${kind}`;
  const rows: { id: string; date: string; amount: string; invoice?: Invoice }[] =
    kind === "invoices"
      ? overview.invoices.map((i) => ({ id: i.id, date: i.issued_on, amount: money(i.total, i.currency), invoice: i }))
      : kind === "statements"
        ? overview.statements.map((s) => ({
            id: s.id,
            date: s.period_end,
            amount: money(s.closing_balance, s.currency),
          }))
        : overview.superbills.map((s) => ({ id: s.id, date: s.period_end, amount: money(s.total, s.currency) }));
  return (
    <section class="card recent" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length ? (
        <ul class="doc-list" data-kind={kind}>
          {rows.map((row) => (
            <li key={row.id}>
              <button type="button" class="link date" onClick={() => onOpen({ kind, id: row.id })}>
                {day(row.date)}
              </button>
              {row.invoice ? <span class={`status ${row.invoice.status}`}>{STATUS[row.invoice.status]}</span> : null}
              <span class="amount">{row.amount}</span>
              {row.invoice?.status === "due" && onPay ? (
                <Button
                  variant="secondary"
                  onClick={() => {
                    const i = row.invoice as Invoice;
                    onPay({ amount: i.amount_due, currency: i.currency, invoiceIds: [i.id] });
                  }}
                >
                  Pay Now<span class="visually-hidden"> invoice of {day(row.date)}</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>None yet.</Empty>
      )}
      <a href={`/p/${slug}/billing/${kind}`}>
        View All<span class="visually-hidden"> {title.replace("Recent ", "").toLowerCase()}</span>
      </a>
    </section>
  );
}
