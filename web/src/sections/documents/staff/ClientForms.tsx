// The workspace's Documents page: find a client, share forms, documents or a packet with
// them, and see what they have to do and what they sent, with scores and the urgent flag.
// Opening this list is a staff read of the client's submissions: forms audits it.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Card, type Column, DataTable, DateTime, Empty, Loading, Page, PageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { navigate, type ScreenProps } from "../../../lib/router";
import { type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { AssignForms } from "./AssignForms";
import "../documents.css";

type Row = Schemas["ClientAssignmentView"];
type Summary = Schemas["SubmissionSummaryView"];
type Client = Schemas["ClientView"];

export default function ClientFormsScreen({ params, query }: ScreenProps) {
  const slug = params.slug as string;
  const clientId = query.get("client");
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/documents"
      render={(info) => (
        <Page title="Client documents">
          <h1>Client documents</h1>
          <FindClient slug={slug} />
          {clientId ? <ClientForms key={clientId} slug={slug} clientId={clientId} info={info} /> : null}
        </Page>
      )}
    />
  );
}

function FindClient({ slug }: { slug: string }) {
  const [search, setSearch] = useState<string | null>(null);
  const [found] = useResource(
    async (signal) =>
      search === null
        ? null
        : data(
            api.GET("/api/v1/identity/clients", { params: { query: { q: search || undefined, limit: 20 } }, signal }),
          ),
    [search],
  );
  const submit = (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem("q") as HTMLInputElement;
    setSearch(input.value.trim());
  };
  return (
    <Card labelledBy="find-client">
      <h2 id="find-client">Choose a client</h2>
      <form class="search" noValidate onSubmit={submit}>
        <label for="client-q">Search by name or email</label>
        <div class="search-row">
          <input id="client-q" name="q" type="search" autocomplete="off" />
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
      </form>
      {found.state === "ready" && found.value ? (
        found.value.length ? (
          <ul class="doc-list" aria-label="Clients found">
            {found.value.map((c: Client) => (
              <li key={c.id}>
                <a href={`/p/${slug}/workspace/documents?client=${c.id}`} onClick={(e) => go(e, slug, c.id)}>
                  {c.first_name} {c.last_name}
                </a>
                <span class="hint"> {c.email}</span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>No clients match. Check the spelling, or search by email address.</Empty>
        )
      ) : null}
    </Card>
  );
}

function go(event: Event, slug: string, id: string) {
  event.preventDefault();
  navigate(`/p/${slug}/workspace/documents?client=${id}`);
}

function ClientForms({ slug, clientId, info }: { slug: string; clientId: string; info: Practice }) {
  const [found, reload] = useResource(
    (signal) =>
      data(
        api.GET("/api/v1/forms/clients/{client_id}/assignments", { params: { path: { client_id: clientId } }, signal }),
      ),
    [clientId],
  );
  if (found.state === "loading") return <Loading label="Loading the client's documents…" />;
  if (found.state === "failed") return <p>{messageFor(found.error)}</p>;
  const { client_name: name, assignments } = found.value;
  const latest = (row: Row): Summary | undefined => row.submissions[row.submissions.length - 1];
  const columns: Column<Row>[] = [
    { header: "Form or document", cell: (r) => r.title },
    { header: "Status", cell: (r) => (r.status === "completed" ? "Completed" : "Pending") },
    {
      header: "Submitted",
      cell: (r) => {
        const s = latest(r);
        return s ? <DateTime value={s.submitted_at} timeZone={info.time_zone} /> : "Not yet";
      },
    },
    { header: "Score", cell: (r) => scoreText(latest(r)) },
    {
      header: "Flag",
      cell: (r) => (r.submissions.some((s) => s.urgent) ? <span class="urgent">Urgent</span> : ""),
    },
    {
      header: "Submissions",
      cell: (r) =>
        r.submissions.length ? (
          <ul class="pick-list">
            {r.submissions.map((s) => (
              <li key={s.id}>
                <a href={`/p/${slug}/workspace/submissions/${s.id}`}>
                  {s.number === 1 ? "View" : `View correction ${s.number - 1}`}
                  <span class="visually-hidden"> of {r.title}</span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          ""
        ),
    },
  ];
  return (
    <>
      <Card labelledBy="client-forms">
        <h2 id="client-forms">{name || "This client"}'s forms and documents</h2>
        <PageStatus id="assign-status" />
        {assignments.length ? (
          <DataTable
            caption={`${name}'s forms and documents`}
            columns={columns}
            rows={assignments}
            rowKey={(r) => r.id}
          />
        ) : (
          <Empty>Nothing shared with {name || "this client"} yet. Share a form or a packet below.</Empty>
        )}
      </Card>
      <AssignForms clientId={clientId} name={name} reload={reload} />
    </>
  );
}

export function scoreText(s: Summary | undefined): string {
  if (!s || s.score === null || s.score === undefined) return "";
  const top = s.measure === "phq9" ? 27 : s.measure === "gad7" ? 21 : null;
  return `${s.score}${top ? ` of ${top}` : ""}${s.severity ? ` (${s.severity})` : ""}`;
}
