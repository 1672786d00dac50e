// Pages anyone may see: the front door, a practice's portal, help for new clients.

import { Card, Page } from "../kit";
import { useOwned, useResource } from "../lib/hooks";
import { navigate, type ScreenProps } from "../lib/router";
import { currentAccount, homeFor } from "../lib/session";
import { newClientLinks } from "../sections/registry";
import { useSiteHeader } from "../shell/header";
import { WithPractice } from "../shell/screens";

export function Landing() {
  useSiteHeader(null);
  const go = (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem("slug") as HTMLInputElement;
    const slug = input.value
      .trim()
      .toLowerCase()
      .replace(/^.*\/p\//, "")
      .split("/")[0];
    if (slug) navigate(`/p/${encodeURIComponent(slug)}`);
  };
  return (
    <Page title="Welcome">
      <Card narrow>
        <h1>Client Portal</h1>
        <p class="lead">
          A secure place to communicate with your clinician, request appointments, sign documents and pay your session
          fees.
        </p>
        <form id="find" noValidate onSubmit={go}>
          <div class="field">
            <label for="slug">Your clinician's portal</label>
            <p class="hint" id="slug-hint">
              The last part of the address in your welcome email, after /p/
            </p>
            <input
              id="slug"
              name="slug"
              autocomplete="off"
              autocapitalize="none"
              aria-describedby="slug-hint"
              required
            />
          </div>
          <button type="submit">Go to the portal</button>
        </form>
      </Card>
    </Page>
  );
}

export function PortalHome({ params }: ScreenProps) {
  const slug = params.slug as string;
  // Someone already signed in to this practice goes straight to their home.
  const [account] = useResource(() => currentAccount().catch(() => null), [slug]);
  const signedIn = account.state === "ready" && account.value?.practice.slug === slug ? account.value : null;
  useOwned(() => {
    if (signedIn) navigate(homeFor(slug, signedIn), { replace: true });
    return undefined;
  }, [signedIn]);
  if (account.state === "loading" || signedIn) return null;
  return (
    <WithPractice
      slug={slug}
      render={(info) => (
        <Page title={info.name}>
          <Card narrow>
            <h1>{info.name}</h1>
            <p class="lead">Welcome to our Client Portal.</p>
            <div class="choice">
              <a class="button" href={`/p/${slug}/login`}>
                Existing Client
              </a>
              <a class="button secondary" href={`/p/${slug}/new-client`}>
                New Client
              </a>
            </div>
            <p class="hint below">
              Existing Client: you have logged in before. New Client: you have never logged into the Client Portal.
            </p>
          </Card>
        </Page>
      )}
    />
  );
}

export function NewClient({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <WithPractice
      slug={slug}
      render={(info) => (
        <Page title="New Client">
          <Card narrow>
            <h1>New to the Client Portal?</h1>
            {newClientLinks().map((link) => (
              <p key={link.page}>
                <a class="button" href={`/p/${slug}/${link.page}`}>
                  {link.label}
                </a>
              </p>
            ))}
            <p>Your clinician sends you a welcome email with a link to this portal and a 4-digit PIN.</p>
            <ol>
              <li>Click on the link in the welcome email.</li>
              <li>Enter your email address and the 4-digit PIN from the email.</li>
              <li>Create your password, and you are logged in.</li>
            </ol>
            <h2>No welcome email?</h2>
            <ul>
              <li>Check your spam folder and any other folders for an email from {info.name}.</li>
              <li>If your clinician re-sent the invitation, use the latest email and its 4-digit PIN.</li>
              {info.phone ? (
                <li>
                  Call {info.name} at <a href={`tel:${info.phone}`}>{info.phone}</a>.
                </li>
              ) : null}
            </ul>
            <p>
              <a href={`/p/${slug}/login`}>I already have a password: log in</a>
            </p>
          </Card>
        </Page>
      )}
    />
  );
}
