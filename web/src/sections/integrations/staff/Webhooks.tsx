// Webhooks: register an HTTPS endpoint for chosen events (the signing secret shown once),
// see each one's last delivery and failures, look at its deliveries, delete it.

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
  FormProblem,
  Loading,
  Notice,
  PageStatus,
  SubmitButton,
  usePageStatus,
} from "../../../kit";
import { useFormState } from "../../../kit/Form";
import { useResource } from "../../../lib/hooks";
import { Deliveries } from "./Deliveries";
import { backlogWords, lastDeliveryWords, STATUS_TONE } from "./words";

type Hook = Schemas["WebhookView"];
type Made = Schemas["NewWebhookView"];
type EventType = Schemas["EventTypeView"];
const CHOICE = "event:";

export function Webhooks({ zone }: { zone: string }) {
  const status = usePageStatus();
  const [hooks, reload] = useResource(() => data(api.GET("/api/v1/integrations/webhooks")), []);
  const [types] = useResource(() => data(api.GET("/api/v1/integrations/event-types")), []);
  const [made, setMade] = useState<Made | null>(null);
  const [round, setRound] = useState(0);
  const register = async (values: Record<string, string>) => {
    const chosen = Object.keys(values)
      .filter((key) => key.startsWith(CHOICE))
      .map((key) => key.slice(CHOICE.length));
    if (chosen.length === 0) {
      const words = "Choose at least one event to send.";
      throw new FormProblem(words, { event_types: words });
    }
    const body = { url: (values.url ?? "").trim(), event_types: chosen };
    setMade(await data(api.POST("/api/v1/integrations/webhooks", { body })));
    setRound((n) => n + 1);
    await reload();
  };
  return (
    <Card labelledBy="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p class="hint">
        For tools that take events over HTTPS. Each event is posted as CloudEvents JSON, signed with a secret of the
        webhook's own, and tried again for a day if the tool does not answer with success.
      </p>
      {made ? <Secret made={made} onDone={() => setMade(null)} /> : null}
      {types.state === "ready" ? (
        <Form id="register-webhook" onSubmit={register} key={round}>
          <Field name="url" label="Endpoint URL" hint="https://…, where your tool receives events" autocomplete="off" />
          <EventChoices types={types.value} />
          <SubmitButton busyLabel="Registering…">Register webhook</SubmitButton>
        </Form>
      ) : null}
      {types.state === "failed" ? <p>{messageFor(types.error)}</p> : null}
      <PageStatus id="webhooks-status" slot="webhooks" />
      {hooks.state === "loading" ? <Loading label="Loading webhooks…" /> : null}
      {hooks.state === "failed" ? <p>{messageFor(hooks.error)}</p> : null}
      {hooks.state === "ready" ? (
        <Hooks rows={hooks.value} zone={zone} reload={reload} say={(t) => status.say(t, "webhooks")} />
      ) : null}
    </Card>
  );
}

function EventChoices({ types }: { types: EventType[] }) {
  const form = useFormState();
  form.register("event_types", { label: "Events to send", id: "event-types" });
  const error = form.errors?.fields.event_types;
  return (
    <fieldset
      class="event-types"
      id="event-types"
      tabIndex={-1}
      aria-describedby="event-types-error"
      aria-invalid={error ? "true" : undefined}
    >
      <legend>Events to send</legend>
      <div class="options">
        {types.map((t) => (
          <label key={t.type}>
            <input type="checkbox" name={`${CHOICE}${t.type}`} value="on" />
            <span>
              {t.type}
              <span class="visually-hidden">: {t.summary}</span>
            </span>
          </label>
        ))}
      </div>
      <p class="field-error" id="event-types-error" hidden={!error}>
        {error ?? ""}
      </p>
    </fieldset>
  );
}

function Secret({ made, onDone }: { made: Made; onDone: () => void }) {
  return (
    <Notice tone="ok" id="new-webhook" live>
      <p>
        <strong>The webhook is registered. Copy its signing secret now: it is shown only this once.</strong>
      </p>
      <dl class="connection">
        {[
          ["URL", made.url],
          ["Signing secret", made.secret],
          ["Signature header", made.signature_header],
        ].map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      <p class="hint">
        The header is <code>t=&lt;time&gt;,v1=&lt;HMAC-SHA256 of "time.body"&gt;</code>: check it, and the time, before
        trusting a request.
      </p>
      <Button variant="secondary" onClick={onDone}>
        Done
      </Button>
    </Notice>
  );
}

interface HooksProps {
  rows: Hook[];
  zone: string;
  reload: () => Promise<void>;
  say: (text: string) => void;
}

function Hooks({ rows, zone, reload, say }: HooksProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  if (rows.length === 0) return <Empty>No webhook is registered yet.</Empty>;
  const remove = async (hook: Hook) => {
    if (!window.confirm(`Delete the webhook to ${hook.url}? Events not yet sent to it are dropped.`)) return;
    setBusy(hook.id);
    try {
      await data(
        api.DELETE("/api/v1/integrations/webhooks/{webhook_id}", { params: { path: { webhook_id: hook.id } } }),
      );
      say(`The webhook to ${hook.url} is deleted.`);
      if (open === hook.id) setOpen(null);
      await reload();
    } catch (error) {
      say(messageFor(error));
    } finally {
      setBusy(null);
    }
  };
  const columns: Column<Hook>[] = [
    { header: "URL", cell: (h) => <span class="url">{h.url}</span> },
    { header: "Events", cell: (h) => h.event_types.join(", ") },
    {
      header: "Last delivery",
      cell: (h) => (
        <>
          <span class={`status ${STATUS_TONE[h.last_delivery?.status ?? ""] ?? ""}`}>
            {lastDeliveryWords(h.last_delivery)}
          </span>
          {h.last_delivery ? (
            <>
              {" "}
              <DateTime value={h.last_delivery.at} timeZone={zone} />
            </>
          ) : null}
          {backlogWords(h.failed, h.pending) ? <p class="hint">{backlogWords(h.failed, h.pending)}</p> : null}
        </>
      ),
    },
    {
      header: "Actions",
      cell: (h) => (
        <div class="actions">
          <Button
            variant="secondary"
            aria-expanded={open === h.id}
            onClick={() => setOpen(open === h.id ? null : h.id)}
          >
            {open === h.id ? "Hide deliveries" : "Deliveries"}
            <span class="visually-hidden"> to {h.url}</span>
          </Button>
          <Button variant="danger" busy={busy === h.id} busyLabel="Deleting…" onClick={() => void remove(h)}>
            Delete<span class="visually-hidden"> the webhook to {h.url}</span>
          </Button>
        </div>
      ),
    },
  ];
  const shown = rows.find((h) => h.id === open);
  return (
    <>
      <DataTable caption="Webhooks" columns={columns} rows={rows} rowKey={(h) => h.id} />
      {shown ? <Deliveries hook={shown} zone={zone} onChange={reload} /> : null}
    </>
  );
}
