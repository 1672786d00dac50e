// "View All": every invoice, statement or superbill of the client, newest first, paged.

import "../billing.css";
import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, Empty, Loading, Page } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { NotFound, SignedIn } from "../../../shell/screens";
import { day, money, STATUS } from "../format";
import { type DocKind, DocumentView, type OpenDoc } from "./DocumentView";

const PAGE = 20;
const TITLES: Record<DocKind, string> = { invoices: "Invoices", statements: "Statements", superbills: "Superbills" };
const CLIENTS = new Set(["client"]);

interface Row {
  id: string;
  date: string;
  amount: string;
  status?: string;
}

async function list(kind: DocKind, offset: number, signal: AbortSignal): Promise<Row[]> {
  const query = { limit: PAGE + 1, offset };
  if (kind === "invoices") {
    const found = await data(api.GET("/api/v1/billing/invoices", { params: { query }, signal }));
    return found.map((i) => ({ id: i.id, date: i.issued_on, amount: money(i.total, i.currency), status: i.status }));
  }
  if (kind === "statements") {
    const found = await data(api.GET("/api/v1/billing/statements", { params: { query }, signal }));
    return found.map((s) => ({ id: s.id, date: s.period_end, amount: money(s.closing_balance, s.currency) }));
  }
  const found = await data(api.GET("/api/v1/billing/superbills", { params: { query }, signal }));
  return found.map((s) => ({ id: s.id, date: s.period_end, amount: money(s.total, s.currency) }));
}

export default function AllDocumentsScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  const kind = params.kind as DocKind;
  if (!(kind in TITLES)) return <NotFound />;
  return (
    <SignedIn
      slug={slug}
      roles={CLIENTS}
      current="billing"
      render={(info) => <AllDocuments slug={slug} kind={kind} practiceName={info.name} />}
    />
  );
}

function AllDocuments({ slug, kind, practiceName }: { slug: string; kind: DocKind; practiceName: string }) {
  const [offset, setOffset] = useState(0);
  const [rows] = useResource((signal) => list(kind, offset, signal), [kind, offset]);
  const [open, setOpen] = useState<OpenDoc | null>(null);
  const title = TITLES[kind];
  return (
    <Page title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/p/${slug}/billing`}>Back to Billing &amp; Payments</a>
      </p>
      <Card>
        {rows.state === "loading" ? <Loading /> : null}
        {rows.state === "failed" ? <p>{messageFor(rows.error)}</p> : null}
        {rows.state === "ready" && !rows.value.length ? <Empty>Nothing here yet.</Empty> : null}
        {rows.state === "ready" && rows.value.length ? (
          <ul class="doc-list">
            {rows.value.slice(0, PAGE).map((row) => (
              <li key={row.id}>
                <button type="button" class="link date" onClick={() => setOpen({ kind, id: row.id })}>
                  {day(row.date)}
                </button>
                {row.status ? <span class={`status ${row.status}`}>{STATUS[row.status]}</span> : null}
                <span class="amount">{row.amount}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <div class="pager">
          <Button variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </Button>
          <Button
            variant="secondary"
            disabled={rows.state !== "ready" || rows.value.length <= PAGE}
            onClick={() => setOffset(offset + PAGE)}
          >
            Next
          </Button>
        </div>
      </Card>
      {open ? <DocumentView open={open} practiceName={practiceName} onClose={() => setOpen(null)} /> : null}
    </Page>
  );
}
