// Choosing the client to book for: the practice's clients by name (identity's list; the
// first ones at once, a search narrows it), each with a Choose button. Deactivated
// clients are left out: they cannot sign in to see what is booked for them.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Empty, Loading } from "../../../kit";
import { useResource } from "../../../lib/hooks";

export type Client = Schemas["ClientView"];

export const clientName = (c: Client) => `${c.first_name} ${c.last_name}`.trim();

export function ClientChoice({ onChoose }: { onChoose: (client: Client) => void }) {
  const [search, setSearch] = useState("");
  const [found] = useResource(
    (signal) =>
      data(api.GET("/api/v1/identity/clients", { params: { query: { q: search || undefined, limit: 20 } }, signal })),
    [search],
  );
  const submit = (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem("q") as HTMLInputElement;
    setSearch(input.value.trim());
  };
  const bookable = found.state === "ready" ? found.value.filter((c) => c.status !== "disabled") : [];
  return (
    <>
      <form class="search" noValidate onSubmit={submit}>
        <label for="client-q">Search by name or email</label>
        <div class="search-row">
          <input id="client-q" name="q" type="search" autocomplete="off" />
          <button type="submit" class="secondary">
            Search
          </button>
        </div>
      </form>
      {found.state === "loading" ? <Loading label="Finding clients…" /> : null}
      {found.state === "failed" ? <p role="alert">{messageFor(found.error)}</p> : null}
      {found.state === "ready" && !bookable.length ? (
        <Empty>
          {search ? "No clients match. Check the spelling, or search by email address." : "No clients yet."}
        </Empty>
      ) : null}
      {bookable.length ? (
        <ul class="appointments" aria-label="Clients found" id="clients-found">
          {bookable.map((c) => (
            <li class="appointment client-row" key={c.id}>
              <p>
                <strong>{clientName(c)}</strong>
                <span class="hint"> {c.email}</span>
                {c.status === "invited" ? <span class="hint"> · invited, not signed in yet</span> : null}
              </p>
              <Button variant="secondary" onClick={() => onChoose(c)}>
                Choose<span class="visually-hidden"> {clientName(c)}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
