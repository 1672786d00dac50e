// The client's home after logging in.

import { html } from "../dom.js";
import { renderHeader, requireAccount } from "../session.js";
import { withPractice } from "./public.js";

export async function clientHome({ params, navigate }) {
  const { slug } = params;
  return withPractice(slug, async (info) => {
    const account = await requireAccount(slug, navigate, new Set(["client"]));
    if (!account) return null;
    renderHeader(slug, info, account, "home");
    return {
      title: "Home",
      body: html`<section class="card">
        <h1>Welcome, ${account.first_name}</h1>
        <p class="lead">You are logged into ${info.name}'s Client Portal. Log in any time with your email address
        (${account.email}) and the password you created.</p>
        <p>Tip: bookmark this page, so you can log back in easily in the future.</p>
      </section>
      <section class="card">
        <h2>Keep your account safe</h2>
        <p>Turn on two-step verification, change your password or log out of other devices in
        <a href="/p/${slug}/account">Account &amp; security</a>.</p>
      </section>`,
    };
  });
}
