// The clinician workspace: the practice's clients, adding one (the welcome email with a
// PIN goes out), re-sending an invitation, disabling and restoring access; admins also
// manage the team (add, change role, deactivate, reactivate).

import { ApiError, get, patch, post } from "../api.js";
import { announce, html } from "../dom.js";
import { bindForm, errorSummary, field } from "../forms.js";
import { STAFF, renderHeader, requireAccount } from "../session.js";
import { withPractice } from "./public.js";

const STATUS = { invited: "Invited", active: "Active", disabled: "Disabled" };

function clientRow(client, account) {
  const actions = [];
  // Only a client who has not created a password yet gets a (new) PIN; an active one logs
  // in with their password, or uses "Forgot your password?".
  if (client.status === "invited") {
    actions.push(html`<button type="button" class="secondary" data-action="resend" data-id="${client.id}">
      Re-send invitation</button>`);
  }
  if (account.role === "admin" && client.status !== "disabled") {
    actions.push(html`<button type="button" class="secondary" data-action="deactivate" data-id="${client.id}"
      data-name="${client.first_name} ${client.last_name}">Disable portal access</button>`);
  }
  if (account.role === "admin" && client.status === "disabled") {
    const name = `${client.first_name} ${client.last_name}`;
    actions.push(html`<button type="button" class="secondary" data-action="reactivate" data-id="${client.id}"
      data-name="${name}">Restore portal access<span class="visually-hidden"> for ${name}</span></button>`);
  }
  return html`<tr>
    <td data-label="Client">${client.first_name} ${client.last_name}</td>
    <td data-label="Email">${client.email}</td>
    <td data-label="Status"><span class="status ${client.status}">${STATUS[client.status] || client.status}</span></td>
    <td data-label="Actions"><div class="actions">${actions}</div></td>
  </tr>`;
}

function clientTable(clients, account) {
  if (!clients.length) {
    return html`<p class="empty">No clients yet. Add your first client below: they'll get a welcome email with a
      link to this portal and a 4-digit PIN.</p>`;
  }
  return html`<table class="responsive"><caption class="visually-hidden">Clients</caption>
    <thead><tr><th scope="col">Client</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
    <tbody>${clients.map((c) => clientRow(c, account))}</tbody></table>`;
}

const CLIENT_ACTIONS = {
  resend: { path: "invitation", busy: "Sending…" },
  deactivate: { path: "deactivate", busy: "Disabling…" },
  reactivate: { path: "reactivate", busy: "Restoring…" },
};

function clientDone(action, result, name) {
  if (action === "resend") return result.detail;
  if (action === "deactivate") return "Portal access disabled.";
  if (result.status === "active") return `Portal access restored: ${name} can log in with their password again.`;
  return `Portal access restored for ${name}. They never created a password: re-send the invitation.`;
}

const NEXT = { deactivate: "reactivate", reactivate: "deactivate", role: "role" };

/** The list was redrawn under the button just used: put focus on the button of that row
 * most likely wanted next (Disable <-> Restore, Deactivate <-> Reactivate), else its first. */
function refocus(container, id, action) {
  const row = `[data-id="${CSS.escape(id)}"]`;
  const target = container.querySelector(`${row}[data-action="${NEXT[action]}"]`) || container.querySelector(row);
  if (target) target.focus();
}

async function act(button, root, refresh) {
  const { action, id, name } = button.dataset;
  if (action === "deactivate" && !window.confirm(`Disable portal access for ${name}? They will be logged out.`)) return;
  const label = button.innerHTML;
  button.disabled = true;
  button.textContent = CLIENT_ACTIONS[action].busy;
  const status = root.querySelector("#list-status");
  try {
    const result = await post(`/api/v1/identity/clients/${id}/${CLIENT_ACTIONS[action].path}`, {});
    status.textContent = clientDone(action, result, name);
    await refresh();
    refocus(root.querySelector("#clients"), id, action);
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.message : "That didn't work. Please try again.";
    button.disabled = false;
    button.innerHTML = label;
  }
}

export async function clinicianHome({ params, navigate }) {
  const { slug } = params;
  return withPractice(slug, async (info) => {
    const account = await requireAccount(slug, navigate, STAFF);
    if (!account) return null;
    renderHeader(slug, info, account, "clinician");
    const clients = await get("/api/v1/identity/clients?limit=200");
    return {
      title: "Clients",
      body: html`<h1>Clients</h1>
        <section class="card"><p id="list-status" role="status"></p><div id="clients">${clientTable(clients, account)}</div></section>
        <section class="card"><h2>Add a client</h2>
          <p class="hint">They'll receive a welcome email with a link to the Welcome Page and a 4-digit PIN.</p>
          <form id="invite" novalidate>${errorSummary()}
            ${field({ name: "first_name", label: "First name", autocomplete: "off" })}
            ${field({ name: "last_name", label: "Last name", autocomplete: "off" })}
            ${field({ name: "email", label: "Email", type: "email", autocomplete: "off" })}
            ${field({ name: "date_of_birth", label: "Date of birth (optional)", type: "date", required: false })}
            <button type="submit">Send invitation</button></form></section>`,
      mount(root) {
        const refresh = async () => {
          const fresh = await get("/api/v1/identity/clients?limit=200");
          root.querySelector("#clients").innerHTML = String(clientTable(fresh, account));
        };
        root.querySelector("#clients").addEventListener("click", (event) => {
          const button = event.target.closest("button[data-action]");
          if (button) act(button, root, refresh);
        });
        const form = root.querySelector("#invite");
        bindForm(form, {
          busyLabel: "Sending invitation…",
          async onSubmit(values) {
            const body = { first_name: values.first_name, last_name: values.last_name, email: values.email.trim() };
            if (values.date_of_birth) body.date_of_birth = values.date_of_birth;
            const client = await post("/api/v1/identity/clients", body);
            form.reset();
            await refresh();
            root.querySelector("#list-status").textContent = `Invitation sent to ${client.email}.`;
            announce(`Invitation sent to ${client.email}.`);
          },
        });
      },
    };
  });
}

const ROLES = { clinician: "Clinician", admin: "Admin" };

function memberActions(m, account) {
  if (m.id === account.id) return html`<span class="hint">This is you</span>`;
  const name = `${m.first_name} ${m.last_name}`;
  const roleId = `role-${m.id}`;
  const options = Object.entries(ROLES).map(
    ([value, label]) => html`<option value="${value}"${m.role === value ? html` selected` : ""}>${label}</option>`,
  );
  const toggle =
    m.status === "disabled"
      ? html`<button type="button" class="secondary" data-action="reactivate" data-id="${m.id}" data-name="${name}">
          Reactivate<span class="visually-hidden"> ${name}</span></button>`
      : html`<button type="button" class="secondary" data-action="deactivate" data-id="${m.id}" data-name="${name}">
          Deactivate<span class="visually-hidden"> ${name}</span></button>`;
  return html`<label class="visually-hidden" for="${roleId}">Role for ${name}</label>
    <select id="${roleId}" data-role-for="${m.id}">${options}</select>
    <div class="actions"><button type="button" class="secondary" data-action="role" data-id="${m.id}" data-name="${name}"
      data-role="${m.role}">
      Save role<span class="visually-hidden"> for ${name}</span></button>${toggle}</div>`;
}

function memberRows(members, account) {
  return html`${members.map((m) => memberRow(m, account))}`;
}

function memberRow(m, account) {
  return html`<tr><td data-label="Name">${m.first_name} ${m.last_name}</td>
    <td data-label="Email">${m.email}</td><td data-label="Role">${ROLES[m.role] || m.role}</td>
    <td data-label="Status"><span class="status ${m.status}">${STATUS[m.status] || m.status}</span></td>
    <td data-label="Actions">${memberActions(m, account)}</td></tr>`;
}

/** One team change: what to send, what the button says meanwhile, what to say after. */
function teamChange(button, root) {
  const { action, id, name } = button.dataset;
  const base = `/api/v1/identity/staff/${id}`;
  if (action === "role") {
    const role = root.querySelector(`[data-role-for="${CSS.escape(id)}"]`).value;
    if (role === button.dataset.role) return { unchanged: `${name} is already ${role === "admin" ? "an admin" : "a clinician"}.` };
    return {
      busy: "Saving…",
      send: () => patch(base, { role }),
      done: () =>
        role === "admin"
          ? `${name} is now an admin.`
          : `${name} is now a clinician. They were logged out and will sign in again with the new role.`,
    };
  }
  if (action === "deactivate") {
    if (!window.confirm(`Deactivate ${name}? They will be logged out everywhere at once.`)) return null;
    return { busy: "Deactivating…", send: () => post(`${base}/deactivate`, {}), done: () => `${name} is deactivated.` };
  }
  return {
    busy: "Reactivating…",
    send: () => post(`${base}/reactivate`, {}),
    done: (m) =>
      m.status === "active"
        ? `${name} is reactivated and can log in again.`
        : `${name} is reactivated: a new setup link is on its way to ${m.email}.`,
  };
}

async function changeMember(button, root, refresh) {
  const change = teamChange(button, root);
  if (!change) return;
  const status = root.querySelector("#members-status");
  if (change.unchanged) {
    status.textContent = change.unchanged;
    return;
  }
  const label = button.innerHTML;
  button.disabled = true;
  button.textContent = change.busy;
  try {
    const member = await change.send();
    status.textContent = change.done(member);
    await refresh();
    refocus(root.querySelector("#members"), button.dataset.id, button.dataset.action);
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.message : "That didn't work. Please try again.";
    button.disabled = false;
    button.innerHTML = label;
  }
}

export async function team({ params, navigate }) {
  const { slug } = params;
  return withPractice(slug, async (info) => {
    const account = await requireAccount(slug, navigate, new Set(["admin"]));
    if (!account) return null;
    renderHeader(slug, info, account, "team");
    const members = await get("/api/v1/identity/staff?limit=200");
    return {
      title: "Team",
      body: html`<h1>Team</h1>
        <section class="card"><p id="members-status" role="status"></p>
          <table class="responsive"><caption class="visually-hidden">Team</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
          <tbody id="members">${memberRows(members, account)}</tbody></table></section>
        <section class="card"><h2>Add a clinician or admin</h2>
          <p class="hint">They'll get an email with a link to set their password, then set up two-step verification.</p>
          <p id="team-status" role="status"></p>
          <form id="add-staff" novalidate>${errorSummary()}
            ${field({ name: "first_name", label: "First name", autocomplete: "off" })}
            ${field({ name: "last_name", label: "Last name", autocomplete: "off" })}
            ${field({ name: "email", label: "Email", type: "email", autocomplete: "off" })}
            <div class="field"><label for="role">Role</label>
              <select id="role" name="role"><option value="clinician">Clinician</option><option value="admin">Admin</option></select></div>
            <button type="submit">Send setup link</button></form></section>`,
      mount(root) {
        const refresh = async () => {
          const fresh = await get("/api/v1/identity/staff?limit=200");
          root.querySelector("#members").innerHTML = String(memberRows(fresh, account));
        };
        root.querySelector("#members").addEventListener("click", (event) => {
          const button = event.target.closest("button[data-action]");
          if (button && !button.disabled) changeMember(button, root, refresh);
        });
        const form = root.querySelector("#add-staff");
        bindForm(form, {
          busyLabel: "Sending…",
          async onSubmit(values) {
            const member = await post("/api/v1/identity/staff", { ...values, email: values.email.trim() });
            form.reset();
            await refresh();
            root.querySelector("#team-status").textContent = `Setup link sent to ${member.email}.`;
          },
        });
      },
    };
  });
}
