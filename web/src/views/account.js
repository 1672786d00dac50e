// Account & security, for clients and staff: password, two-step verification, devices.

import { post } from "../api.js";
import { announce, html } from "../dom.js";
import { bindForm, errorSummary, field, showErrors } from "../forms.js";
import { mismatch, passwordFields, watchStrength } from "../password.js";
import { currentAccount, renderHeader, requireAccount } from "../session.js";
import { withPractice } from "./public.js";

function totpSection(account) {
  if (account.totp_enabled) {
    return html`<p class="notice ok">Two-step verification is on. You'll enter a code from your authenticator app
      each time you log in.</p>`;
  }
  return html`<p>Add a code from an authenticator app to every login, so a stolen password is not enough.</p>
    <form id="totp-start" novalidate>${errorSummary()}
      ${field({ name: "totp_current_password", label: "Your password", type: "password", autocomplete: "current-password",
                hint: "To make sure it's you." })}
      <button type="submit" class="secondary">Set up two-step verification</button></form>
    <div id="totp-setup" hidden></div>`;
}

function mountTotp(root) {
  const start = root.querySelector("#totp-start");
  if (!start) return;
  bindForm(start, {
    busyLabel: "Preparing…",
    async onSubmit(values) {
      const enrolment = await post("/api/v1/identity/me/totp", { current_password: values.totp_current_password });
      const setup = root.querySelector("#totp-setup");
      setup.innerHTML = String(html`<p>Add this key to your authenticator app, then enter the 6-digit code it shows.</p>
        <p class="secret" aria-label="Setup key">${enrolment.totp_secret}</p>
        <p><a href="${enrolment.otpauth_uri}">Open in an authenticator app on this device</a></p>
        <form id="totp-verify" novalidate>${errorSummary()}
          ${field({ name: "code", label: "Authentication code", autocomplete: "one-time-code", inputmode: "numeric", maxlength: 7 })}
          <button type="submit">Turn on</button></form>`);
      setup.hidden = false;
      start.hidden = true;
      bindForm(setup.querySelector("#totp-verify"), {
        busyLabel: "Checking…",
        async onSubmit(code) {
          await post("/api/v1/identity/me/totp/verify", { code: code.code.trim() });
          setup.innerHTML = '<p class="notice ok" role="status">Two-step verification is on.</p>';
          await currentAccount({ fresh: true });
        },
      });
      setup.querySelector("input").focus();
    },
  });
}

export async function accountPage({ params, navigate }) {
  const { slug } = params;
  return withPractice(slug, async (info) => {
    const account = await requireAccount(slug, navigate);
    if (!account) return null;
    renderHeader(slug, info, account, "account");
    return {
      title: "Account & security",
      body: html`<h1>Account &amp; security</h1>
        <section class="card"><h2>Your login</h2>
          <p>${account.first_name} ${account.last_name} · ${account.email}</p></section>
        <section class="card"><h2>Change password</h2>
          <p class="hint">Changing your password logs you out on every other device.</p>
          <div id="changed" class="notice ok" role="status" hidden>Your password has been changed.</div>
          <form id="change" novalidate>${errorSummary()}
            ${field({ name: "current_password", label: "Current password", type: "password", autocomplete: "current-password" })}
            ${passwordFields()}
            <button type="submit">Update</button></form></section>
        <section class="card"><h2>Two-step verification</h2>${totpSection(account)}</section>
        <section class="card"><h2>Other devices</h2>
          <p>Logged in on a shared or lost device? End every session except this one.</p>
          <p id="revoked" role="status"></p>
          <button type="button" class="secondary" id="revoke">Log out other devices</button></section>`,
      mount(root) {
        const form = root.querySelector("#change");
        watchStrength(form, { email: account.email, practice: slug });
        bindForm(form, {
          busyLabel: "Saving…",
          async onSubmit(values) {
            const wrong = mismatch(values);
            if (wrong) return showErrors(form, "The two passwords do not match.", wrong);
            await post("/api/v1/identity/me/password", values);
            form.reset();
            root.querySelector("#changed").hidden = false;
            announce("Your password has been changed.");
          },
        });
        mountTotp(root);
        const revoke = root.querySelector("#revoke");
        revoke.addEventListener("click", async () => {
          revoke.disabled = true;
          revoke.textContent = "Logging out other devices…";
          try {
            const result = await post("/api/v1/identity/sessions/revoke-others", {});
            root.querySelector("#revoked").textContent =
              result.sessions_ended === 1 ? "1 other session ended." : `${result.sessions_ended} other sessions ended.`;
          } catch {
            root.querySelector("#revoked").textContent = "That didn't work. Please try again.";
          } finally {
            revoke.disabled = false;
            revoke.textContent = "Log out other devices";
          }
        });
      },
    };
  });
}
