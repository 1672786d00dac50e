// One webhook's deliveries, newest first: what was sent, how often, the last error; a
// failed one can be sent again (same event, same id).

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, type Column, DataTable, DateTime, Empty, Loading } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { DELIVERY_STATUS, STATUS_TONE } from "./words";

type Hook = Schemas["WebhookView"];
type Delivery = Schemas["DeliveryView"];

export function Deliveries({ hook, zone, onChange }: { hook: Hook; zone: string; onChange: () => Promise<void> }) {
  const path = { params: { path: { webhook_id: hook.id }, query: { limit: 50 } } };
  const [list, reload] = useResource(
    () => data(api.GET("/api/v1/integrations/webhooks/{webhook_id}/deliveries", path)),
    [hook.id],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [said, setSaid] = useState("");
  const again = async (d: Delivery) => {
    setBusy(d.id);
    setSaid("");
    try {
      const ids = { params: { path: { webhook_id: hook.id, delivery_id: d.id } } };
      await data(api.POST("/api/v1/integrations/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", ids));
      setSaid(`The ${d.event_type} event is being sent again.`);
      await Promise.all([reload(), onChange()]);
    } catch (error) {
      setSaid(messageFor(error));
    } finally {
      setBusy(null);
    }
  };
  const columns: Column<Delivery>[] = [
    { header: "Event", cell: (d) => d.event_type },
    { header: "Created", cell: (d) => <DateTime value={d.created_at} timeZone={zone} /> },
    {
      header: "Status",
      cell: (d) => <span class={`status ${STATUS_TONE[d.status] ?? ""}`}>{DELIVERY_STATUS[d.status] ?? d.status}</span>,
    },
    { header: "Attempts", cell: (d) => String(d.attempts) },
    { header: "Last error", cell: (d) => d.last_error ?? "" },
    {
      header: "Actions",
      cell: (d) =>
        d.status === "failed" ? (
          <Button variant="secondary" busy={busy === d.id} busyLabel="Sending…" onClick={() => void again(d)}>
            Send again<span class="visually-hidden"> the {d.event_type} event</span>
          </Button>
        ) : null,
    },
  ];
  return (
    <section aria-labelledby="deliveries-title">
      <h3 id="deliveries-title" class="url">
        Deliveries to {hook.url}
      </h3>
      <p role="status">{said}</p>
      {list.state === "loading" ? <Loading label="Loading deliveries…" /> : null}
      {list.state === "failed" ? <p>{messageFor(list.error)}</p> : null}
      {list.state === "ready" && list.value.length === 0 ? <Empty>Nothing was sent to this webhook yet.</Empty> : null}
      {list.state === "ready" && list.value.length > 0 ? (
        <DataTable
          caption={`Deliveries to ${hook.url}`}
          columns={columns}
          rows={list.value}
          rowKey={(d) => `${d.id}:${d.status}`}
        />
      ) : null}
    </section>
  );
}
