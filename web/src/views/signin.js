// Getting in: the Welcome Page (email + 4-digit PIN), create a password, log in (with an
// authenticator code for staff), "Forgot your password?" and the reset link.

import { post } from "../api.js";
import { announce, html } from "../dom.js";
import { bindForm, errorSummary, field, showErrors } from "../forms.js";
import { mismatch, passwordFields, watchStrength } from "../password.js";
import { homeFor, remember, renderHeader } from "../session.js";
import { withPractice } from "./public.js";

const GRANT_KEY = "portal.create-password";

function signedIn(slug, response, navigate) {
  remember({ ...response.account, practice: response.practice });
  navigate(homeFor(slug, response.account), { replace: true });
}

export async function welcome({ params, query, navigate }) {
  const { slug } = params;
  const invitation = query.get("invitation") || "";
  return withPractice(slug, (info) => {
    renderHeader(slug, info, null);
    if (!invitation) {
      return {
        title: "Welcome",
        body: html`<section class="card narrow"><h1>Welcome to ${info.name}</h1>
          <p>Open this page with the link in your welcome email: it carries what we need to check your PIN.</p>
          <p><a href="/p/${slug}/login">Log in with your password</a> · <a href="/p/${slug}/new-client">Help for new clients</a></p></section>`,
      };
    }
    return {
      title: "Welcome Page",
      body: html`<section class="card narrow">
        <h1>Welcome to ${info.name}'s Client Portal</h1>
        <p class="lead">Enter your email address and the 4-digit PIN from your welcome email. The PIN is your
        temporary password: you will create your own password next.</p>
        <form id="welcome" novalidate>
          ${errorSummary()}
          ${field({ name: "email", label: "Email Address", type: "email", autocomplete: "email",
                    hint: "The exact address the invitation was sent to." })}
          ${field({ name: "pin", label: "Password", type: "password", autocomplete: "one-time-code", inputmode: "numeric",
                    maxlength: 4, hint: "The 4-digit PIN from the most recent welcome email." })}
          <button type="submit" class="full">Log in</button>
        </form></section>`,
      mount(root) {
        bindForm(root.querySelector("#welcome"), {
          busyLabel: "Checking…",
          async onSubmit(values) {
            const result = await post("/api/v1/identity/invitations/accept", {
              practice: slug, invitation, email: values.email.trim(), pin: values.pin.trim(),
            });
            sessionStorage.setItem(GRANT_KEY, JSON.stringify({ slug, grant: result.grant, email: values.email.trim() }));
            navigate(`/p/${slug}/create-password`, { replace: true });
          },
        });
      },
    };
  });
}

export async function createPassword({ params, navigate }) {
  const { slug } = params;
  const saved = JSON.parse(sessionStorage.getItem(GRANT_KEY) || "null");
  return withPractice(slug, (info) => {
    renderHeader(slug, info, null);
    if (!saved || saved.slug !== slug) {
      return {
        title: "Create a password",
        body: html`<section class="card narrow"><h1>Start from your welcome email</h1>
          <p>To create your password, open the link in your welcome email and enter your 4-digit PIN.</p></section>`,
      };
    }
    return {
      title: "Create a password",
      body: html`<section class="card narrow">
        <h1>Create a password</h1>
        <p class="lead">This will be your password from now on, each time you use the Client Portal.
        Be sure to remember it.</p>
        <form id="create" novalidate>${errorSummary()}${passwordFields()}
          <button type="submit" class="full">Update</button></form></section>`,
      mount(root) {
        const form = root.querySelector("#create");
        watchStrength(form, { email: saved.email, practice: slug });
        bindForm(form, {
          busyLabel: "Saving…",
          async onSubmit(values) {
            const wrong = mismatch(values);
            if (wrong) return showErrors(form, "The two passwords do not match.", wrong);
            const response = await post("/api/v1/identity/invitations/activate", {
              grant: saved.grant, password: values.password, password_confirmation: values.password_confirmation,
            });
            sessionStorage.removeItem(GRANT_KEY);
            announce("Your password is saved. You are now logged in.");
            signedIn(slug, response, navigate);
          },
        });
      },
    };
  });
}

function codeStep(slug, response, navigate, root) {
  const enrol = response.status === "totp_enrolment_required";
  root.innerHTML = String(html`<section class="card narrow">
    <h1>${enrol ? "Set up two-step verification" : "Enter your authentication code"}</h1>
    ${enrol ? html`<p>Staff accounts protect client information with an authenticator app. Add this key to your
      app (Google Authenticator, 1Password, Authy…), then enter the 6-digit code it shows.</p>
      <p class="secret" aria-label="Setup key">${response.totp_secret}</p>
      <p><a href="${response.otpauth_uri}">Open in an authenticator app on this device</a></p>`
    : html`<p>Open your authenticator app and enter the 6-digit code for this portal.</p>`}
    <form id="code-form" novalidate>${errorSummary()}
      ${field({ name: "code", label: "Authentication code", autocomplete: "one-time-code", inputmode: "numeric", maxlength: 7 })}
      <button type="submit" class="full">Verify</button></form></section>`);
  root.querySelector("h1").focus();
  bindForm(root.querySelector("#code-form"), {
    busyLabel: "Verifying…",
    async onSubmit(values) {
      const done = await post("/api/v1/identity/sessions/totp", { challenge: response.challenge, code: values.code.trim() });
      signedIn(slug, done, navigate);
    },
  });
}

const ENDED = {
  idle: "For your security, you were logged out after 15 minutes without activity. Log in again to continue.",
  session: "Your session has ended. Log in again to continue.",
};

export async function login({ params, query, navigate }) {
  const { slug } = params;
  const ended = ENDED[query.get("ended")];
  return withPractice(slug, (info) => {
    renderHeader(slug, info, null);
    return {
      title: "Log in",
      body: html`<section class="card narrow">
        <h1>Log in to ${info.name}</h1>
        ${ended ? html`<p class="notice" role="status">${ended}</p>` : ""}
        <form id="login" novalidate>${errorSummary()}
          ${field({ name: "email", label: "Email Address", type: "email", autocomplete: "username" })}
          ${field({ name: "password", label: "Password", type: "password", autocomplete: "current-password" })}
          <button type="submit" class="full">Log in</button>
        </form>
        <p class="below"><a href="/p/${slug}/forgot-password">Forgot your password?</a></p>
        <p class="hint below">First time here? Use the link and 4-digit PIN in your welcome email.</p></section>`,
      mount(root) {
        bindForm(root.querySelector("#login"), {
          busyLabel: "Logging in…",
          async onSubmit(values) {
            const response = await post("/api/v1/identity/sessions", {
              practice: slug, email: values.email.trim(), password: values.password, client: "browser",
            });
            if (response.status === "signed_in") signedIn(slug, response, navigate);
            else codeStep(slug, response, navigate, root);
          },
        });
      },
    };
  });
}

export async function forgotPassword({ params }) {
  const { slug } = params;
  return withPractice(slug, (info) => {
    renderHeader(slug, info, null);
    return {
      title: "Forgot your password?",
      body: html`<section class="card narrow">
        <h1>Forgot your password?</h1>
        <p class="lead">Enter the email address you use to log into this Client Portal and we will send you a
        password recovery email.</p>
        <div id="sent" class="notice ok" role="status" hidden></div>
        <form id="forgot" novalidate>${errorSummary()}
          ${field({ name: "email", label: "Email Address", type: "email", autocomplete: "email" })}
          <button type="submit" class="full">Send recovery email</button></form>
        <p class="below"><a href="/p/${slug}/login">Back to Log in</a></p></section>`,
      mount(root) {
        const form = root.querySelector("#forgot");
        bindForm(form, {
          busyLabel: "Sending…",
          async onSubmit(values) {
            const email = values.email.trim();
            await post("/api/v1/identity/password-resets", { practice: slug, email });
            const sent = root.querySelector("#sent");
            sent.textContent = `If ${email} has an account here, a password recovery email is on its way. ` +
              "It can take a few minutes: check your spam folder too. The link works for 60 minutes.";
            sent.hidden = false;
            form.hidden = true;
            sent.setAttribute("tabindex", "-1");
            sent.focus();
          },
        });
      },
    };
  });
}

export async function resetPassword({ params, query }) {
  const { slug } = params;
  const token = query.get("token") || "";
  return withPractice(slug, (info) => {
    renderHeader(slug, info, null);
    return {
      title: "Choose a new password",
      body: html`<section class="card narrow">
        <h1>Choose a new password</h1>
        <div id="done" class="notice ok" role="status" hidden>Your password has been updated.
          <a href="/p/${slug}/login">Log in</a> with your new password.</div>
        <form id="reset" novalidate>${errorSummary()}${passwordFields()}
          <button type="submit" class="full">Update</button></form></section>`,
      mount(root) {
        const form = root.querySelector("#reset");
        watchStrength(form, { practice: slug });
        bindForm(form, {
          busyLabel: "Saving…",
          async onSubmit(values) {
            const wrong = mismatch(values);
            if (wrong) return showErrors(form, "The two passwords do not match.", wrong);
            await post("/api/v1/identity/password-resets/confirm", {
              token, password: values.password, password_confirmation: values.password_confirmation,
            });
            form.hidden = true;
            const done = root.querySelector("#done");
            done.hidden = false;
            done.setAttribute("tabindex", "-1");
            done.focus();
          },
        });
      },
    };
  });
}
