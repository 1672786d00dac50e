// Broker credentials for a tool: create (the password shown once, with everything the
// tool needs to connect), list, revoke.

import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import {
  Button,
  Card,
  type Column,
  DataTable,
  DateTime,
  Empty,
  Field,
  Form,
  Loading,
  Notice,
  PageStatus,
  SubmitButton,
  usePageStatus,
} from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { CREDENTIAL_STATUS, STATUS_TONE } from "./words";

type Credential = Schemas["ToolCredentialView"];
type Made = Schemas["NewToolCredentialView"];

export function ToolCredentials({ zone }: { zone: string }) {
  const status = usePageStatus();
  const [list, reload] = useResource(() => data(api.GET("/api/v1/integrations/tool-credentials")), []);
  const [made, setMade] = useState<Made | null>(null);
  const [round, setRound] = useState(0);
  const create = async (values: Record<string, string>) => {
    const body = { name: (values.name ?? "").trim() };
    setMade(await data(api.POST("/api/v1/integrations/tool-credentials", { body })));
    setRound((n) => n + 1);
    await reload();
  };
  return (
    <Card labelledBy="tools-title">
      <h2 id="tools-title">Tool credentials</h2>
      <p class="hint">
        For tools that read events from the message broker (AMQP). Each tool gets a user of its own that can declare its
        own queues, bind them to your practice's events and nothing else.
      </p>
      {made ? <Connection made={made} onDone={() => setMade(null)} /> : null}
      <Form id="create-credentials" onSubmit={create} key={round}>
        <Field
          name="name"
          label="Tool name"
          hint="Lower-case letters, digits and hyphens, e.g. notes-app"
          autocomplete="off"
          maxLength={40}
        />
        <SubmitButton busyLabel="Creating…">Create credentials</SubmitButton>
      </Form>
      <PageStatus id="tools-status" slot="tools" />
      {list.state === "loading" ? <Loading label="Loading tool credentials…" /> : null}
      {list.state === "failed" ? <p>{messageFor(list.error)}</p> : null}
      {list.state === "ready" ? (
        <Credentials
          rows={list.value}
          zone={zone}
          reload={reload}
          say={(text) => status.say(text, "tools")}
          clear={() => status.clear()}
        />
      ) : null}
    </Card>
  );
}

function Connection({ made, onDone }: { made: Made; onDone: () => void }) {
  const rows: [string, string][] = [
    ["Connect to", made.amqp_url],
    ["Virtual host", made.vhost],
    ["User", made.username],
    ["Password", made.password],
    ["Queue names", `${made.queue_prefix}…`],
    ["Exchange", made.exchange],
    ["Bind with", made.binding_example],
  ];
  return (
    <Notice tone="ok" id="new-credentials" live>
      <p>
        <strong>Credentials for {made.name} are ready. Copy the password now: it is shown only this once.</strong>
      </p>
      <dl class="connection">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <p class="hint">
        Bind keys must end with your practice's id, e.g. <code>#.{made.practice_id}</code> for every event.
      </p>
      <Button variant="secondary" onClick={onDone}>
        Done
      </Button>
    </Notice>
  );
}

interface ListProps {
  rows: Credential[];
  zone: string;
  reload: () => Promise<void>;
  say: (text: string) => void;
  clear: () => void;
}

function Credentials({ rows, zone, reload, say, clear }: ListProps) {
  const [busy, setBusy] = useState<string | null>(null);
  if (rows.length === 0) return <Empty>No tool has credentials yet.</Empty>;
  const revoke = async (c: Credential) => {
    if (!window.confirm(`Revoke ${c.name}? It is disconnected at once and its queues are deleted.`)) return;
    clear();
    setBusy(c.id);
    try {
      const path = { params: { path: { credential_id: c.id } } };
      const done = await data(api.DELETE("/api/v1/integrations/tool-credentials/{credential_id}", path));
      say(
        done.status === "revoked"
          ? `${c.name} is revoked and disconnected.`
          : `${c.name} is revoked; the broker will remove it as soon as it can be reached.`,
      );
      await reload();
    } catch (error) {
      say(messageFor(error));
    } finally {
      setBusy(null);
    }
  };
  const columns: Column<Credential>[] = [
    { header: "Tool", cell: (c) => c.name },
    { header: "User", cell: (c) => <span class="url">{c.username}</span> },
    { header: "Created", cell: (c) => <DateTime value={c.created_at} timeZone={zone} /> },
    {
      header: "Status",
      cell: (c) => <span class={`status ${STATUS_TONE[c.status] ?? ""}`}>{CREDENTIAL_STATUS[c.status]}</span>,
    },
    {
      header: "Actions",
      cell: (c) =>
        c.status === "active" ? (
          <Button variant="danger" busy={busy === c.id} busyLabel="Revoking…" onClick={() => void revoke(c)}>
            Revoke<span class="visually-hidden"> {c.name}</span>
          </Button>
        ) : null,
    },
  ];
  return <DataTable caption="Tool credentials" columns={columns} rows={rows} rowKey={(c) => `${c.id}:${c.status}`} />;
}
