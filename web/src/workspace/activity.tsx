// Activity (admins only): the practice's audit log - who did what, in which part of the
// portal (the service that recorded it), to which client, when, from where, with what
// outcome - newest first, in the practice's time zone, narrowed by client and outcome
// (the audit API has no filter by service), older entries one page at a time.

import { useRef, useState } from "preact/hooks";
import { api, data, type Schemas } from "../api/client";
import { messageFor } from "../api/problems";
import type { paths } from "../api/schema";
import { Button, Card, DateTime, Empty, Page } from "../kit";
import { useLayoutOnce, useResource } from "../lib/hooks";
import type { ScreenProps } from "../lib/router";
import type { Account, Practice } from "../lib/session";
import { SignedIn } from "../shell/screens";
import { actionLabel, OUTCOMES, SERVICES, serviceWords, who } from "./activityWords";

type Entry = Schemas["AuditEntryView"];
type Client = Schemas["ClientView"];
const PAGE = 50;
const ADMINS = new Set(["admin"]);

export default function ActivityScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={ADMINS}
      current="activity"
      render={(info, account) => <Activity info={info} account={account} />}
    />
  );
}

type Query = NonNullable<paths["/api/v1/identity/audit"]["get"]["parameters"]["query"]>;
type Filters = Pick<Query, "client_id" | "outcome" | "service">;

function page(filters: Filters, before?: string) {
  return data(
    api.GET("/api/v1/identity/audit", {
      params: { query: { limit: PAGE, ...filters, ...(before ? { before } : {}) } },
    }),
  );
}

const entries = (n: number, kind = "") => `${n} ${kind}${n === 1 ? "entry" : "entries"}`;

function Activity({ info, account }: { info: Practice; account: Account }) {
  const zone = account.practice.time_zone || info.time_zone;
  const [first] = useResource(
    () => Promise.all([data(api.GET("/api/v1/identity/clients", { params: { query: { limit: 200 } } })), page({})]),
    [],
  );
  return (
    <Page title="Activity">
      <h1>Activity</h1>
      <p class="lead">
        Who did what in your portal, to which client, when and from where. Times are in the practice's time zone ({zone}
        ).
      </p>
      {first.state === "ready" ? (
        <Log clients={first.value[0]} firstPage={first.value[1]} zone={zone} />
      ) : first.state === "failed" ? (
        <p>{messageFor(first.error)}</p>
      ) : null}
    </Page>
  );
}

interface LogProps {
  clients: Client[];
  firstPage: Schemas["AuditPageView"];
  zone: string;
}

function Log({ clients, firstPage, zone }: LogProps) {
  const [items, setItems] = useState<Entry[]>(firstPage.items);
  const [next, setNext] = useState<string | null>(firstPage.next_before ?? null);
  const [filters, setFilters] = useState<Filters>({});
  const [filtered, setFiltered] = useState(false);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState<"filter" | "older" | null>(null);
  const focusFirstNew = useRef<string | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);

  useLayoutOnce(() => {
    // The button was redrawn: reading goes on from the first entry just added (the
    // next Tab reaches Load older again).
    const id = focusFirstNew.current;
    if (!id) return;
    focusFirstNew.current = null;
    const cell = document.querySelector<HTMLElement>(`[data-entry="${CSS.escape(id)}"] td`);
    cell?.setAttribute("tabindex", "-1");
    cell?.focus();
  }, [items]);

  const show = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const wanted: Filters = {};
    const client = String(form.get("client_id") ?? "");
    const outcome = String(form.get("outcome") ?? "");
    const service = String(form.get("service") ?? "");
    if (client) wanted.client_id = client;
    if (outcome) wanted.outcome = outcome as Filters["outcome"];
    if (service) wanted.service = service as Filters["service"];
    setBusy("filter");
    setStatus("Loading activity…");
    try {
      const found = await page(wanted);
      setFilters(wanted);
      setFiltered(Boolean(client || outcome || service));
      setItems(found.items);
      setNext(found.next_before ?? null);
      setStatus(found.items.length ? `Showing ${entries(found.items.length)}, newest first.` : "No matching activity.");
    } catch (error) {
      setStatus(messageFor(error));
    } finally {
      setBusy(null);
    }
  };

  const older = async () => {
    if (busy || !next) return;
    setBusy("older");
    setStatus("Loading older activity…");
    try {
      const found = await page(filters, next);
      focusFirstNew.current = found.items[0] ? String(found.items[0].id) : null;
      setItems((all) => [...all, ...found.items]);
      setNext(found.next_before ?? null);
      const end = found.next_before ? "" : " That's the beginning of the activity log.";
      setStatus(`Added ${entries(found.items.length, "older ")}.${end}`);
    } catch (error) {
      setStatus(messageFor(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Card>
        <form id="activity-filters" class="filters" noValidate onSubmit={show}>
          <div class="field">
            <label for="filter-client">Client</label>
            <select id="filter-client" name="client_id">
              <option value="">All clients</option>
              {clients.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.last_name}, {c.first_name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-outcome">Outcome</label>
            <select id="filter-outcome" name="outcome">
              <option value="">Any outcome</option>
              {Object.entries(OUTCOMES).map(([value, o]) => (
                <option key={value} value={value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="filter-service">Part of the portal</label>
            <select id="filter-service" name="service">
              <option value="">Every part</option>
              {Object.entries(SERVICES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" busy={busy === "filter"} busyLabel="Loading activity…">
            Show activity
          </Button>
        </form>
      </Card>
      <Card labelledBy="activity-heading">
        <h2 id="activity-heading" class="visually-hidden">
          Entries
        </h2>
        <p id="activity-status" role="status">
          {status}
        </p>
        <div id="activity" aria-busy={busy === "filter" ? "true" : undefined}>
          {items.length ? (
            <Entries items={items} zone={zone} body={body} />
          ) : filtered ? (
            <Empty>
              No activity matches these filters. Choose “All clients”, “Any outcome” and “Every part” to see everything.
            </Empty>
          ) : (
            <Empty>
              No activity yet. Sign-ins, client records being read and changes to your portal will appear here.
            </Empty>
          )}
        </div>
        {/* Drawn only when there is something older. */}
        {next ? (
          <Button
            variant="secondary"
            id="load-older"
            busy={busy === "older"}
            busyLabel="Loading older activity…"
            onClick={older}
          >
            Load older
          </Button>
        ) : null}
      </Card>
    </>
  );
}

function Entries({
  items,
  zone,
  body,
}: {
  items: Entry[];
  zone: string;
  body: preact.RefObject<HTMLTableSectionElement>;
}) {
  return (
    <table class="responsive">
      <caption class="visually-hidden">Portal activity, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Part of the portal</th>
          <th scope="col">Client</th>
          <th scope="col">Outcome</th>
          <th scope="col">From (IP address)</th>
        </tr>
      </thead>
      <tbody id="entries" ref={body}>
        {items.map((entry) => {
          const outcome = OUTCOMES[entry.outcome] ?? { label: entry.outcome, tone: "" };
          return (
            <tr key={entry.id} data-entry={entry.id}>
              <td data-label="When">
                <DateTime value={entry.at} timeZone={zone} />
              </td>
              <td data-label="Who">{who(entry)}</td>
              <td data-label="Action">{actionLabel(entry)}</td>
              <td data-label="Part of the portal">{serviceWords(entry.service)}</td>
              <td data-label="Client">{entry.client_name || (entry.client_id ? "Unknown client" : "—")}</td>
              <td data-label="Outcome">
                <span class={`status ${outcome.tone}`}>{outcome.label}</span>
              </td>
              <td data-label="From">{entry.ip || "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
