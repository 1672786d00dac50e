// Activity (admins only): the practice's audit log - who did what, to which client, when,
// from where, with what outcome - newest first, in the practice's time zone, narrowed by
// client and outcome, older entries one page at a time.

import { ApiError, get } from "../api.js";
import { html } from "../dom.js";
import { renderHeader, requireAccount } from "../session.js";
import { withPractice } from "./public.js";

const PAGE = 50;

// Plain words for the common actions; anything else shows as recorded.
const ACTIONS = {
  "client.read": "Read client record",
  "client.list": "Viewed client list",
  "client.invited": "Invited client",
  "client.invitation_resent": "Re-sent invitation",
  "client.updated": "Changed client details",
  "client.activated": "Client created a password",
  "client.deactivated": "Disabled portal access",
  "client.reactivated": "Restored portal access",
  "invitation.accept": "Entered invitation PIN",
  "session.started": "Logged in",
  "session.ended": "Logged out",
  "session.revoked_others": "Logged out other devices",
  "session.refresh_reused": "Reused sign-in token refused",
  "login.totp": "Entered authentication code",
  "password.change": "Confirmed password",
  "password.changed": "Changed password",
  "password_reset.requested": "Asked for a password reset",
  "password_reset.completed": "Password reset",
  "totp.enrolment_started": "Started two-step verification setup",
  "totp.enrolment": "Confirmed password for two-step verification",
  "totp.enrolled": "Turned on two-step verification",
  "staff.added": "Added team member",
  "staff.updated": "Changed team member",
  "staff.deactivated": "Deactivated team member",
  "staff.reactivated": "Reactivated team member",
  "practice.created": "Created practice",
  "practice.updated": "Changed practice details",
  "audit.read": "Viewed activity",
};
const FAILED = {
  "login.password": "Failed login",
  "login.totp": "Wrong authentication code",
  "invitation.accept": "Wrong invitation PIN",
  "password.change": "Wrong current password",
  "totp.enrolment": "Wrong current password",
};
const OUTCOMES = {
  success: { label: "Succeeded", tone: "active" },
  failure: { label: "Failed", tone: "disabled" },
  denied: { label: "Denied", tone: "invited" },
};
const ROLES = { admin: "admin", clinician: "clinician", client: "client" };

export function actionLabel(entry) {
  if (entry.outcome !== "success" && FAILED[entry.action]) return FAILED[entry.action];
  if (entry.action === "login.password") return "Entered password";
  return ACTIONS[entry.action] || entry.action;
}

function clock(timeZone) {
  const options = { dateStyle: "medium", timeStyle: "long" };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: "UTC" });
  }
}

function who(entry) {
  if (!entry.actor_id) return "Someone not signed in";
  const role = ROLES[entry.actor_role];
  return `${entry.actor_name || "Unknown account"}${role ? ` (${role})` : ""}`;
}

function entryRow(entry, format) {
  const outcome = OUTCOMES[entry.outcome] || { label: entry.outcome, tone: "" };
  return html`<tr data-entry="${entry.id}">
    <td data-label="When"><time datetime="${entry.at}">${format.format(new Date(entry.at))}</time></td>
    <td data-label="Who">${who(entry)}</td>
    <td data-label="Action">${actionLabel(entry)}</td>
    <td data-label="Client">${entry.client_name || (entry.client_id ? "Unknown client" : "—")}</td>
    <td data-label="Outcome"><span class="status ${outcome.tone}">${outcome.label}</span></td>
    <td data-label="From">${entry.ip || "—"}</td>
  </tr>`;
}

function entryTable(items, format, filtered) {
  if (!items.length) {
    return filtered
      ? html`<p class="empty">No activity matches these filters. Choose “All clients” and “Any outcome” to see
          everything.</p>`
      : html`<p class="empty">No activity yet. Sign-ins, client records being read and changes to your portal
          will appear here.</p>`;
  }
  return html`<table class="responsive"><caption class="visually-hidden">Portal activity, newest first</caption>
    <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Client</th>
      <th scope="col">Outcome</th><th scope="col">From (IP address)</th></tr></thead>
    <tbody id="entries">${items.map((e) => entryRow(e, format))}</tbody></table>`;
}

const entries = (n, kind = "") => `${n} ${kind}${n === 1 ? "entry" : "entries"}`;

function query(filters, before) {
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (filters.client_id) params.set("client_id", filters.client_id);
  if (filters.outcome) params.set("outcome", filters.outcome);
  if (before) params.set("before", before);
  return `/api/v1/identity/audit?${params}`;
}

function filterForm(clients) {
  const options = clients.map((c) => html`<option value="${c.id}">${c.last_name}, ${c.first_name}</option>`);
  const outcomes = Object.entries(OUTCOMES).map(([value, o]) => html`<option value="${value}">${o.label}</option>`);
  return html`<form id="activity-filters" class="filters" novalidate>
    <div class="field"><label for="filter-client">Client</label>
      <select id="filter-client" name="client_id"><option value="">All clients</option>${options}</select></div>
    <div class="field"><label for="filter-outcome">Outcome</label>
      <select id="filter-outcome" name="outcome"><option value="">Any outcome</option>${outcomes}</select></div>
    <button type="submit">Show activity</button></form>`;
}

/** The page's moving parts: the filters in use, the cursor for older entries. */
function controller(root, format, first) {
  const state = { filters: {}, next: first.next_before };
  const status = root.querySelector("#activity-status");
  const list = root.querySelector("#activity");
  // Drawn only when there is something older (a [hidden] button would still show: the
  // stylesheet gives every button a display).
  const slot = root.querySelector("#older");
  const showOlder = () => {
    slot.innerHTML = state.next ? '<button type="button" class="secondary" id="load-older">Load older</button>' : "";
  };
  const failed = (error) => {
    status.textContent = error instanceof ApiError ? error.message : "Couldn't load the activity. Please try again.";
  };

  async function reload(button) {
    const form = new FormData(root.querySelector("#activity-filters"));
    state.filters = { client_id: form.get("client_id"), outcome: form.get("outcome") };
    button.disabled = true;
    button.textContent = "Loading activity…";
    status.textContent = "Loading activity…";
    list.setAttribute("aria-busy", "true");
    try {
      const page = await get(query(state.filters));
      const filtered = Boolean(state.filters.client_id || state.filters.outcome);
      list.innerHTML = String(entryTable(page.items, format, filtered));
      state.next = page.next_before;
      status.textContent = page.items.length ? `Showing ${entries(page.items.length)}, newest first.` : "No matching activity.";
    } catch (error) {
      failed(error);
    } finally {
      list.removeAttribute("aria-busy");
      button.disabled = false;
      button.textContent = "Show activity";
      showOlder();
    }
  }

  async function loadOlder(older) {
    older.disabled = true;
    older.textContent = "Loading older activity…";
    status.textContent = "Loading older activity…";
    try {
      const page = await get(query(state.filters, state.next));
      const body = list.querySelector("#entries");
      body.insertAdjacentHTML("beforeend", String(html`${page.items.map((e) => entryRow(e, format))}`));
      state.next = page.next_before;
      const message = `Added ${entries(page.items.length, "older ")}.${state.next ? "" : " That's the beginning of the activity log."}`;
      status.textContent = message;
      showOlder();
      // The button was redrawn: reading goes on from the first entry just added (the
      // next Tab reaches Load older again).
      const firstNew = page.items.length && body.querySelector(`[data-entry="${page.items[0].id}"] td`);
      if (firstNew) {
        firstNew.setAttribute("tabindex", "-1");
        firstNew.focus();
      }
    } catch (error) {
      failed(error);
      older.disabled = false;
      older.textContent = "Load older";
    }
  }

  showOlder();
  root.querySelector("#activity-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    const button = event.target.querySelector("button[type=submit]");
    if (!button.disabled) reload(button);
  });
  slot.addEventListener("click", (event) => {
    const older = event.target.closest("#load-older");
    if (older && !older.disabled) loadOlder(older);
  });
}

export async function activity({ params, navigate }) {
  const { slug } = params;
  return withPractice(slug, async (info) => {
    const account = await requireAccount(slug, navigate, new Set(["admin"]));
    if (!account) return null;
    renderHeader(slug, info, account, "activity");
    const [clients, first] = await Promise.all([
      get("/api/v1/identity/clients?limit=200"),
      get(query({})),
    ]);
    const format = clock(account.practice?.time_zone || info.time_zone);
    return {
      title: "Activity",
      body: html`<h1>Activity</h1>
        <p class="lead">Who did what in your portal, to which client, when and from where. Times are in the
          practice's time zone (${account.practice?.time_zone || info.time_zone}).</p>
        <section class="card">${filterForm(clients)}</section>
        <section class="card" aria-labelledby="activity-heading"><h2 id="activity-heading" class="visually-hidden">Entries</h2>
          <p id="activity-status" role="status"></p>
          <div id="activity">${entryTable(first.items, format, false)}</div>
          <div id="older"></div></section>`,
      mount(root) {
        controller(root, format, first);
      },
    };
  });
}
