// Pages anyone may see: the front door, a practice's portal, help for new clients.

import { ApiError } from "../api.js";
import { html } from "../dom.js";
import { clearHeader, currentAccount, homeFor, practice, renderHeader } from "../session.js";

export function practiceMissing(slug) {
  clearHeader();
  return {
    title: "Portal not found",
    body: html`<section class="card narrow"><h1>We can't find that portal</h1>
      <p>There is no client portal at <strong>/p/${slug}</strong>. Check the link in the email from your
      clinician; the address must be exact.</p><p><a href="/">Find your clinician's portal</a></p></section>`,
  };
}

/** Load the practice of a /p/:slug page, or a friendly "not found" page. */
export async function withPractice(slug, build) {
  let info;
  try {
    info = await practice(slug);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 422)) return practiceMissing(slug);
    throw error;
  }
  return build(info);
}

export function landing({ navigate }) {
  clearHeader();
  return {
    title: "Welcome",
    body: html`<section class="card narrow">
      <h1>Client Portal</h1>
      <p class="lead">A secure place to communicate with your clinician, request appointments, sign documents
      and pay your session fees.</p>
      <form id="find" novalidate>
        <div class="field">
          <label for="slug">Your clinician's portal</label>
          <p class="hint" id="slug-hint">The last part of the address in your welcome email, after /p/</p>
          <input id="slug" name="slug" autocomplete="off" autocapitalize="none" aria-describedby="slug-hint" required />
        </div>
        <button type="submit">Go to the portal</button>
      </form></section>`,
    mount(root) {
      root.querySelector("#find").addEventListener("submit", (event) => {
        event.preventDefault();
        const slug = root.querySelector("#slug").value.trim().toLowerCase().replace(/^.*\/p\//, "").split("/")[0];
        if (slug) navigate(`/p/${encodeURIComponent(slug)}`);
      });
    },
  };
}

export async function portalHome({ params, navigate }) {
  const { slug } = params;
  return withPractice(slug, async (info) => {
    const account = await currentAccount().catch(() => null);
    if (account && account.practice && account.practice.slug === slug) {
      navigate(homeFor(slug, account), { replace: true });
      return null;
    }
    renderHeader(slug, info, null);
    return {
      title: info.name,
      body: html`<section class="card narrow">
        <h1>${info.name}</h1>
        <p class="lead">Welcome to our Client Portal.</p>
        <div class="choice">
          <a class="button" href="/p/${slug}/login">Existing Client</a>
          <a class="button secondary" href="/p/${slug}/new-client">New Client</a>
        </div>
        <p class="hint below">Existing Client: you have logged in before. New Client: you have never logged into
        the Client Portal.</p>
      </section>`,
    };
  });
}

export async function newClient({ params }) {
  const { slug } = params;
  return withPractice(slug, (info) => {
    renderHeader(slug, info, null);
    return {
      title: "New Client",
      body: html`<section class="card narrow">
        <h1>New to the Client Portal?</h1>
        <p>Your clinician sends you a welcome email with a link to this portal and a 4-digit PIN.</p>
        <ol>
          <li>Click on the link in the welcome email.</li>
          <li>Enter your email address and the 4-digit PIN from the email.</li>
          <li>Create your password, and you are logged in.</li>
        </ol>
        <h2>No welcome email?</h2>
        <ul>
          <li>Check your spam folder and any other folders for an email from ${info.name}.</li>
          <li>If your clinician re-sent the invitation, use the latest email and its 4-digit PIN.</li>
          ${info.phone ? html`<li>Call ${info.name} at <a href="tel:${info.phone}">${info.phone}</a>.</li>` : ""}
        </ul>
        <p><a href="/p/${slug}/login">I already have a password: log in</a></p>
      </section>`,
    };
  });
}
