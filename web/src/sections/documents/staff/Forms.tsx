// The workspace's Forms page: the practice's forms and documents (the built-in library
// and its own), New form and New document, packets (which one clients get on invitation),
// and the welcome message clients see before Get Started.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import {
  Card,
  type Column,
  DataTable,
  Form,
  Loading,
  Notice,
  Page,
  PageStatus,
  SubmitButton,
  usePageStatus,
} from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import "../documents.css";

type Template = Schemas["TemplateSummaryView"];
type Packet = Schemas["PacketView"];

export default function FormsScreen({ params, query }: ScreenProps) {
  const slug = params.slug as string;
  // After the builder saves, it comes back here and says what it made.
  const saved = query.get("saved");
  const note = saved ? `Saved “${saved}” (version ${query.get("version") ?? "1"}).` : "";
  return (
    <SignedIn slug={slug} roles={STAFF} current="workspace/forms" render={() => <Forms slug={slug} note={note} />} />
  );
}

async function load(signal: AbortSignal) {
  const [templates, packets, welcome] = await Promise.all([
    data(api.GET("/api/v1/forms/templates", { signal })),
    data(api.GET("/api/v1/forms/packets", { signal })),
    data(api.GET("/api/v1/forms/welcome", { signal })),
  ]);
  return { templates, packets, welcome: welcome.message };
}

function Forms({ slug, note }: { slug: string; note: string }) {
  const [found, reload] = useResource(load, []);
  return (
    <Page title="Forms">
      <h1>Forms and documents</h1>
      {note ? (
        <Notice tone="ok" live>
          {note}
        </Notice>
      ) : null}
      <PageStatus id="forms-status" />
      {found.state === "loading" ? <Loading label="Loading forms…" /> : null}
      {found.state === "failed" ? <p>{messageFor(found.error)}</p> : null}
      {found.state === "ready" ? (
        <>
          <Templates slug={slug} templates={found.value.templates} />
          <Packets templates={found.value.templates} packets={found.value.packets} reload={reload} />
          <Welcome message={found.value.welcome} />
        </>
      ) : null}
    </Page>
  );
}

function Templates({ slug, templates }: { slug: string; templates: Template[] }) {
  const columns: Column<Template>[] = [
    {
      header: "Title",
      cell: (t) => <a href={`/p/${slug}/workspace/forms/${t.id}`}>{t.title}</a>,
    },
    { header: "Kind", cell: (t) => (t.kind === "document" ? "Document to sign" : "Form") },
    { header: "Version", cell: (t) => String(t.latest_version) },
    { header: "Source", cell: (t) => (t.builtin ? "Built-in library" : "Your practice") },
  ];
  return (
    <Card labelledBy="templates">
      <h2 id="templates">Your forms and documents</h2>
      <div class="actions">
        <a class="button" href={`/p/${slug}/workspace/forms/new?kind=form`}>
          New form
        </a>
        <a class="button secondary" href={`/p/${slug}/workspace/forms/new?kind=document`}>
          New document
        </a>
      </div>
      <DataTable caption="Forms and documents" columns={columns} rows={templates} rowKey={(t) => t.id} />
    </Card>
  );
}

function Packets({
  templates,
  packets,
  reload,
}: {
  templates: Template[];
  packets: Packet[];
  reload: () => Promise<void>;
}) {
  const status = usePageStatus();
  const [round, setRound] = useState(0);
  const titles = new Map(templates.map((t) => [t.id, t.title]));
  const create = async () => {
    const form = document.getElementById("new-packet") as HTMLFormElement;
    const chosen = new FormData(form);
    const body: Schemas["PacketRequest"] = {
      name: String(chosen.get("packet_name") ?? ""),
      template_ids: chosen.getAll("packet_template").map(String),
      default_intake: chosen.has("packet_default"),
    };
    await data(api.POST("/api/v1/forms/packets", { body: { ...body } }));
    setRound((n) => n + 1);
    await reload();
    status.say(`Packet “${body.name}” saved.`, "page");
  };
  return (
    <Card labelledBy="packets">
      <h2 id="packets">Packets</h2>
      <p class="hint">A packet shares several forms at once. The intake packet goes to every client you invite.</p>
      <ul class="doc-list">
        {packets.map((p) => (
          <li key={p.id}>
            <strong>{p.name}</strong>
            {p.default_intake ? <span class="badge">Intake packet</span> : null}
            <span class="hint"> {p.template_ids.map((id) => titles.get(id) ?? "a removed form").join(", ")}</span>
          </li>
        ))}
      </ul>
      <Form id="new-packet" key={round} onSubmit={create} class="builder">
        <h3>New packet</h3>
        <div class="field">
          <label for="packet_name">Packet name</label>
          <input id="packet_name" name="packet_name" maxLength={200} autocomplete="off" />
        </div>
        <fieldset class="field">
          <legend>Forms and documents in it</legend>
          {templates.map((t) => (
            <div class="check" key={t.id}>
              <input type="checkbox" id={`pt-${t.id}`} name="packet_template" value={t.id} />
              <label for={`pt-${t.id}`}>{t.title}</label>
            </div>
          ))}
        </fieldset>
        <div class="check">
          <input type="checkbox" id="packet_default" name="packet_default" />
          <label for="packet_default">Send it to every client I invite (the intake packet)</label>
        </div>
        <SubmitButton busyLabel="Saving…">Save packet</SubmitButton>
      </Form>
    </Card>
  );
}

function Welcome({ message }: { message: string }) {
  const status = usePageStatus();
  const save = async (values: Record<string, string>) => {
    await data(api.PUT("/api/v1/forms/welcome", { body: { message: values.message ?? "" } }));
    status.say("Welcome message saved.", "welcome");
  };
  return (
    <Card labelledBy="welcome-title">
      <h2 id="welcome-title">Welcome message</h2>
      <Form id="welcome" onSubmit={save}>
        <div class="field">
          <label for="message">What clients read before they click Get Started</label>
          <textarea id="message" name="message" rows={4} maxLength={2000} defaultValue={message} />
        </div>
        <SubmitButton busyLabel="Saving…">Save welcome message</SubmitButton>
        <PageStatus slot="welcome" />
      </Form>
    </Card>
  );
}
