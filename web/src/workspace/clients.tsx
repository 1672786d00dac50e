// The clinician workspace's Clients page: add a client (the welcome email with a PIN goes
// out) at the top, then the practice's clients, searched by name or email and paged;
// edit a client (clientEdit.tsx), re-send an invitation, disable and restore portal access.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../api/client";
import { messageFor } from "../api/problems";
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
} from "../kit";
import { useResource } from "../lib/hooks";
import type { ScreenProps } from "../lib/router";
import { type Account, STAFF } from "../lib/session";
import { SignedIn } from "../shell/screens";
import { EditClientDialog } from "./clientEdit";
import { EmailCell } from "./emailCell";
import { useRefocus } from "./rowActions";

type Client = Schemas["ClientView"];
export const PAGE_SIZE = 25;
const STATUS: Record<string, string> = { invited: "Invited", active: "Active", disabled: "Disabled" };

export default function ClientsScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn slug={slug} roles={STAFF} current="clinician" render={(_i, account) => <Clients account={account} />} />
  );
}

async function listClients(search: string, offset: number): Promise<{ items: Client[]; more: boolean }> {
  const query = { limit: PAGE_SIZE + 1, offset, ...(search ? { q: search } : {}) };
  const found = await data(api.GET("/api/v1/identity/clients", { params: { query } }));
  return { items: found.slice(0, PAGE_SIZE), more: found.length > PAGE_SIZE };
}

function Clients({ account }: { account: Account }) {
  const status = usePageStatus();
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [list, reload] = useResource(() => listClients(search, offset), [search, offset]);
  const [round, setRound] = useState(0);

  const invite = async (values: Record<string, string>) => {
    const body: Schemas["InviteClientRequest"] = {
      first_name: values.first_name ?? "",
      last_name: values.last_name ?? "",
      email: (values.email ?? "").trim(),
    };
    if (values.date_of_birth) body.date_of_birth = values.date_of_birth;
    const client = await data(api.POST("/api/v1/identity/clients", { body }));
    setRound((n) => n + 1);
    await reload();
    status.say(`Invitation sent to ${client.email}.`);
  };

  return (
    <Page title="Clients">
      <h1>Clients</h1>
      <Card labelledBy="add-client">
        <h2 id="add-client">Add a client</h2>
        <p class="hint">They'll receive a welcome email with a link to the Welcome Page and a 4-digit PIN.</p>
        <Form id="invite" onSubmit={invite} key={round} class="grid-form">
          <Field name="first_name" label="First name" autocomplete="off" />
          <Field name="last_name" label="Last name" autocomplete="off" />
          <Field name="email" label="Email" type="email" autocomplete="off" />
          <Field name="date_of_birth" label="Date of birth (optional)" type="date" required={false} />
          <SubmitButton busyLabel="Sending invitation…">Send invitation</SubmitButton>
        </Form>
      </Card>
      <Card>
        <PageStatus id="list-status" />
        <SearchForm
          onSearch={(text) => {
            status.clear();
            setSearch(text);
            setOffset(0);
          }}
        />
        {list.state === "loading" ? <Loading label="Loading clients…" /> : null}
        {list.state === "failed" ? <p>{messageFor(list.error)}</p> : null}
        {list.state === "ready" ? (
          <ClientList
            account={account}
            clients={list.value.items}
            search={search}
            reload={reload}
            paging={{ offset, more: list.value.more, go: setOffset }}
          />
        ) : null}
      </Card>
    </Page>
  );
}

function SearchForm({ onSearch }: { onSearch: (text: string) => void }) {
  const submit = (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem("q") as HTMLInputElement;
    onSearch(input.value.trim());
  };
  return (
    <form class="search" noValidate onSubmit={submit}>
      <label for="client-search">Search by name or email</label>
      <div class="search-row">
        <input id="client-search" name="q" type="search" autocomplete="off" />
        <button type="submit" class="secondary">
          Search
        </button>
      </div>
    </form>
  );
}

interface Paging {
  offset: number;
  more: boolean;
  go: (offset: number) => void;
}

const ACTIONS = {
  resend: { path: "invitation", busy: "Sending…" },
  deactivate: { path: "deactivate", busy: "Disabling…" },
  reactivate: { path: "reactivate", busy: "Restoring…" },
} as const;
type Action = keyof typeof ACTIONS;
const NEXT: Record<string, string> = { deactivate: "reactivate", reactivate: "deactivate" };

function doneMessage(action: Action, result: Schemas["ClientView"] | Schemas["MessageView"], name: string): string {
  if (action === "resend") return "detail" in result ? result.detail : "Invitation sent.";
  if (action === "deactivate") return "Portal access disabled.";
  if ("status" in result && result.status === "active") {
    return `Portal access restored: ${name} can log in with their password again.`;
  }
  return `Portal access restored for ${name}. They never created a password: re-send the invitation.`;
}

interface ListProps {
  account: Account;
  clients: Client[];
  search: string;
  reload: () => Promise<void>;
  paging: Paging;
}

function ClientList({ account, clients, search, reload, paging }: ListProps) {
  const status = usePageStatus();
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<Client | null>(null);
  const { container, focusAfter } = useRefocus(NEXT);

  const saved = async (client: Client, emailChanged: boolean) => {
    setEditing(null);
    const name = `${client.first_name} ${client.last_name}`;
    if (!emailChanged) status.say(`Saved ${name}'s details.`);
    else if (client.status === "invited") status.say(`Saved. A new welcome email is on its way to ${client.email}.`);
    else status.say(`Saved. ${name} is signed out everywhere; both addresses were told of the change.`);
    await reload();
  };

  const act = async (action: Action, client: Client) => {
    const name = `${client.first_name} ${client.last_name}`;
    if (action === "deactivate" && !window.confirm(`Disable portal access for ${name}? They will be logged out.`))
      return;
    status.clear();
    setBusy(`${client.id}:${action}`);
    try {
      const path = `/api/v1/identity/clients/{client_id}/${ACTIONS[action].path}` as const;
      const result = await data(api.POST(path, { params: { path: { client_id: client.id } } }));
      status.say(doneMessage(action, result, name));
      await reload();
      focusAfter(client.id, action);
    } catch (error) {
      status.say(messageFor(error));
    } finally {
      setBusy(null);
    }
  };

  const button = (action: Action, client: Client, label: preact.ComponentChildren) => (
    <Button
      variant="secondary"
      data-action={action}
      data-id={client.id}
      busy={busy === `${client.id}:${action}`}
      busyLabel={ACTIONS[action].busy}
      onClick={() => void act(action, client)}
    >
      {label}
    </Button>
  );

  const columns: Column<Client>[] = [
    { header: "Client", cell: (c) => `${c.first_name} ${c.last_name}` },
    { header: "Email", cell: (c) => <EmailCell account={c} /> },
    {
      header: "Status",
      cell: (c) => <span class={`status ${c.status}`}>{STATUS[c.status] ?? c.status}</span>,
    },
    {
      header: "Actions",
      cell: (c) => {
        const name = `${c.first_name} ${c.last_name}`;
        return (
          <div class="actions">
            {/* Named "Edit" alone: its row says whose (the client's name in the cell's
                name would make the row's Client cell ambiguous to find by name). */}
            <Button variant="secondary" data-action="edit" data-id={c.id} onClick={() => setEditing(c)}>
              Edit
            </Button>
            {/* Only a client without a password gets a (new) PIN; an active one logs in, or
                uses "Forgot your password?". */}
            {c.status === "invited" ? button("resend", c, "Re-send invitation") : null}
            {account.role === "admin" && c.status !== "disabled"
              ? button("deactivate", c, "Disable portal access")
              : null}
            {account.role === "admin" && c.status === "disabled"
              ? button(
                  "reactivate",
                  c,
                  <>
                    Restore portal access<span class="visually-hidden"> for {name}</span>
                  </>,
                )
              : null}
          </div>
        );
      },
    },
  ];

  if (!clients.length && paging.offset === 0) {
    return search ? (
      <Empty>No clients match “{search}”. Check the spelling, or search by email address.</Empty>
    ) : (
      <Empty>
        No clients yet. Add your first client above: they'll get a welcome email with a link to this portal and a
        4-digit PIN.
      </Empty>
    );
  }
  const first = paging.offset + 1;
  const last = paging.offset + clients.length;
  return (
    <div id="clients" ref={container as preact.RefObject<HTMLDivElement>}>
      <p class="hint">
        {search ? `Clients matching “${search}”: ` : "Clients "}
        {first}–{last}
        {paging.more ? "" : ` of ${last}`}
      </p>
      <DataTable caption="Clients" columns={columns} rows={clients} rowKey={(c) => c.id} />
      <EditClientDialog
        account={account}
        client={editing}
        onClose={() => setEditing(null)}
        onSaved={(client, emailChanged) => void saved(client, emailChanged)}
      />
      {paging.offset > 0 || paging.more ? (
        <div class="pager">
          <Button
            variant="secondary"
            disabled={paging.offset === 0}
            onClick={() => paging.go(Math.max(0, paging.offset - PAGE_SIZE))}
          >
            Previous<span class="visually-hidden"> clients</span>
          </Button>
          <Button variant="secondary" disabled={!paging.more} onClick={() => paging.go(paging.offset + PAGE_SIZE)}>
            Next<span class="visually-hidden"> clients</span>
          </Button>
        </div>
      ) : null}
    </div>
  );
}
