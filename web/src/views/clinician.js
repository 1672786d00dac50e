// The clinician workspace: the practice's clients, adding one (the welcome email with a
// PIN goes out), re-sending an invitation, disabling access; admins also manage the team.

import { ApiError, get, post } from "../api.js";
import { announce, html } from "../dom.js";
import { bindForm, errorSummary, field } from "../forms.js";
import { STAFF, renderHeader, requireAccount } from "../session.js";
import { withPractice } from "./public.js";

const STATUS = { invited: "Invited", active: "Active", disabled: "Disabled" };

function clientRow(client, account) {
  const actions = [];
  if (client.status !== "disabled") {
    actions.push(html`<button type="button" class="secondary" data-action="resend" data-id="${client.id}">
      ${client.status === "invited" ? "Re-send invitation" : "Send new invitation"}</button>`);
  }
  if (account.role === "admin" && client.status !== "disabled") {
    actions.push(html`<button type="button" class="secondary" data-action="deactivate" data-id="${client.id}"
      data-name="${client.first_name} ${client.last_name}">Disable portal access</button>`);
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

async function act(button, root, refresh) {
  const { action, id, name } = button.dataset;
  if (action === "deactivate" && !window.confirm(`Disable portal access for ${name}? They will be logged out.`)) return;
  const label = button.textContent;
  button.disabled = true;
  button.textContent = action === "resend" ? "Sending…" : "Disabling…";
  const status = root.querySelector("#list-status");
  try {
    const result = await post(`/api/v1/identity/clients/${id}/${action === "resend" ? "invitation" : "deactivate"}`, {});
    status.textContent = action === "resend" ? result.detail : "Portal access disabled.";
    await refresh();
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.message : "That didn't work. Please try again.";
    button.disabled = false;
    button.textContent = label;
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

export async function team({ params, navigate }) {
  const { slug } = params;
  return withPractice(slug, async (info) => {
    const account = await requireAccount(slug, navigate, new Set(["admin"]));
    if (!account) return null;
    renderHeader(slug, info, account, "team");
    const rows = (members) => members.map((m) => html`<tr><td data-label="Name">${m.first_name} ${m.last_name}</td>
      <td data-label="Email">${m.email}</td><td data-label="Role">${m.role === "admin" ? "Admin" : "Clinician"}</td>
      <td data-label="Status"><span class="status ${m.status}">${STATUS[m.status] || m.status}</span></td></tr>`);
    const members = await get("/api/v1/identity/staff?limit=200");
    return {
      title: "Team",
      body: html`<h1>Team</h1>
        <section class="card"><table class="responsive"><caption class="visually-hidden">Team</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th></tr></thead>
          <tbody id="members">${rows(members)}</tbody></table></section>
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
        const form = root.querySelector("#add-staff");
        bindForm(form, {
          busyLabel: "Sending…",
          async onSubmit(values) {
            const member = await post("/api/v1/identity/staff", { ...values, email: values.email.trim() });
            form.reset();
            root.querySelector("#members").innerHTML = String(rows(await get("/api/v1/identity/staff?limit=200")));
            root.querySelector("#team-status").textContent = `Setup link sent to ${member.email}.`;
          },
        });
      },
    };
  });
}
