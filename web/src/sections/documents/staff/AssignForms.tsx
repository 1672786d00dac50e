// Share forms and documents with a client, one by one or as a packet: the client gets one
// email about them (sent by messaging, from form.assigned).

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Card, Form, FormProblem, Loading, SubmitButton, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";

async function choices(signal: AbortSignal) {
  const [templates, packets] = await Promise.all([
    data(api.GET("/api/v1/forms/templates", { signal })),
    data(api.GET("/api/v1/forms/packets", { signal })),
  ]);
  return { templates, packets };
}

export function AssignForms({
  clientId,
  name,
  reload,
}: {
  clientId: string;
  name: string;
  reload: () => Promise<void>;
}) {
  const status = usePageStatus();
  const [round, setRound] = useState(0);
  const [found] = useResource(choices, []);
  if (found.state === "loading") return <Loading label="Loading forms…" />;
  if (found.state === "failed") return <p>{messageFor(found.error)}</p>;
  const { templates, packets } = found.value;
  const assign = async () => {
    const chosen = new FormData(document.getElementById("assign") as HTMLFormElement);
    const templateIds = chosen.getAll("template").map(String);
    const packet = String(chosen.get("packet") ?? "");
    if (!templateIds.length && !packet) throw new FormProblem("Choose at least one form, document or packet.");
    const made = await data(
      api.POST("/api/v1/forms/clients/{client_id}/assignments", {
        params: { path: { client_id: clientId } },
        body: { template_ids: templateIds, packet_id: packet || null },
        headers: { "Idempotency-Key": crypto.randomUUID() },
      }),
    );
    setRound((n) => n + 1);
    await reload();
    status.say(`Shared ${made.length} with ${name}. They'll get an email saying there are documents to complete.`);
  };
  return (
    <Card labelledBy="assign-title">
      <h2 id="assign-title">Share forms with {name || "this client"}</h2>
      <Form id="assign" key={round} onSubmit={assign} class="builder">
        <div class="field">
          <label for="packet">Packet</label>
          <select id="packet" name="packet">
            <option value="">No packet</option>
            {packets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field">
          <legend>Forms and documents</legend>
          {templates.map((t) => (
            <div class="check" key={t.id}>
              <input type="checkbox" id={`assign-${t.id}`} name="template" value={t.id} />
              <label for={`assign-${t.id}`}>{t.title}</label>
            </div>
          ))}
        </fieldset>
        <SubmitButton busyLabel="Sharing…">Assign</SubmitButton>
      </Form>
    </Card>
  );
}
