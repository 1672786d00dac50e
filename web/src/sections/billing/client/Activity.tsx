// "Account Activity": the most recent sessions and payments, shown or hidden, over a
// date range chosen with the calendar icon.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, DataTable, Empty, Loading } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { day, daysBefore, money, STATUS, today } from "../format";

export function Activity({ timeZone }: { timeZone: string }) {
  const end = today(timeZone);
  const [range, setRange] = useState({ start: daysBefore(end, 90), end });
  const [shown, setShown] = useState(true);
  const [choosing, setChoosing] = useState(false);
  const [items] = useResource(
    (signal) => data(api.GET("/api/v1/billing/activity", { params: { query: range }, signal })),
    [range.start, range.end],
  );
  const choose = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    if (value("start") && value("end") && value("start") <= value("end")) {
      setRange({ start: value("start"), end: value("end") });
      setChoosing(false);
    }
  };
  return (
    <section class="card activity" aria-labelledby="activity-heading">
      <div class="activity-bar">
        <h2 id="activity-heading">
          <button
            type="button"
            class="link toggle"
            aria-expanded={shown ? "true" : "false"}
            aria-controls="activity-body"
            onClick={() => setShown(!shown)}
          >
            Account Activity
          </button>
        </h2>
        <Button
          variant="secondary"
          aria-expanded={choosing ? "true" : "false"}
          aria-controls="activity-range"
          onClick={() => setChoosing(!choosing)}
        >
          <CalendarIcon />
          <span class="visually-hidden">Choose dates: </span>
          {day(range.start)} – {day(range.end)}
        </Button>
      </div>
      {choosing ? (
        <form id="activity-range" class="range" onSubmit={choose} noValidate>
          <label for="range-start">From</label>
          <input id="range-start" name="start" type="date" defaultValue={range.start} max={end} />
          <label for="range-end">To</label>
          <input id="range-end" name="end" type="date" defaultValue={range.end} max={end} />
          <Button type="submit">Show</Button>
        </form>
      ) : null}
      <div id="activity-body" hidden={!shown}>
        {items.state === "loading" ? <Loading label="Loading activity…" /> : null}
        {items.state === "failed" ? <p>{messageFor(items.error)}</p> : null}
        {items.state === "ready" && !items.value.length ? (
          <Empty>No sessions or payments between these dates.</Empty>
        ) : null}
        {items.state === "ready" && items.value.length ? (
          <DataTable
            caption="Sessions and payments"
            rows={items.value}
            rowKey={(a) => `${a.kind}-${a.invoice_id ?? a.payment_id}-${a.date}-${a.description}`}
            columns={[
              { header: "Date", cell: (a) => day(a.date) },
              { header: "Description", cell: (a) => a.description },
              { header: "Amount", cell: (a) => money(a.kind === "payment" ? -a.amount : a.amount, a.currency) },
              {
                header: "Status",
                cell: (a) => <span class={`status ${a.status}`}>{STATUS[a.status] ?? a.status}</span>,
              },
            ]}
          />
        ) : null}
      </div>
    </section>
  );
}

function CalendarIcon() {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <rect x="3" y="5" width="18" height="16" rx="2" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M3 10h18M8 3v4M16 3v4" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}
