// Getting in: the Welcome Page (email + 4-digit PIN), create a password, "Forgot your
// password?" and the reset link. Log in itself is in login.tsx.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../api/client";
import { Card, Field, Form, Notice, Page, SubmitButton, toast } from "../kit";
import { useOwned } from "../lib/hooks";
import { navigate, type ScreenProps } from "../lib/router";
import { homeFor, type Practice, remember } from "../lib/session";
import { landingFor } from "../sections/registry";
import { WithPractice } from "../shell/screens";
import { PasswordFields, requireMatch } from "./password";

const GRANT_KEY = "portal.create-password";
type Grant = { slug: string; grant: string; email: string };

/** How long logging in waits to learn whether a section's page must come first (a busy
 * or missing service must not hold a client at Log in). */
const LANDING_WAIT_MS = 3000;

const ours = (slug: string, next?: string | null): next is string =>
  Boolean(next?.startsWith(`/p/${slug}/`)) && !/[\\]|\/\/|\/\.\.?(\/|$)/.test(next as string);

/** Where to go after signing in: `next` when it is a page of this practice's portal
 * (a message link that expired sends its client to Log in, then to the thread), else the
 * page a section asked for (`landing`, e.g. "documents"), else home. */
export function afterSignIn(
  slug: string,
  account: { role: string },
  next?: string | null,
  landing?: string | null,
): string {
  if (ours(slug, next)) return next;
  return landing ? `/p/${slug}/${landing}` : homeFor(slug, account);
}

async function landingWithin(role: string, ms: number): Promise<string | null> {
  const stop = new AbortController();
  const timer = window.setTimeout(() => stop.abort(), ms);
  try {
    return await landingFor(role, stop.signal);
  } finally {
    window.clearTimeout(timer);
  }
}

export async function signedIn(slug: string, response: Schemas["SessionResponse"], next?: string | null) {
  if (!response.account || !response.practice) return;
  remember({ ...response.account, practice: response.practice });
  const landing = ours(slug, next) ? null : await landingWithin(response.account.role, LANDING_WAIT_MS);
  navigate(afterSignIn(slug, response.account, next, landing), { replace: true });
}

export function Welcome({ params, query }: ScreenProps) {
  const slug = params.slug as string;
  const invitation = query.get("invitation") ?? "";
  return (
    <WithPractice
      slug={slug}
      render={(info) =>
        invitation ? <PinForm slug={slug} info={info} invitation={invitation} /> : <NoLink slug={slug} info={info} />
      }
    />
  );
}

function NoLink({ slug, info }: { slug: string; info: Practice }) {
  return (
    <Page title="Welcome">
      <Card narrow>
        <h1>Welcome to {info.name}</h1>
        <p>Open this page with the link in your welcome email: it carries what we need to check your PIN.</p>
        <p>
          <a href={`/p/${slug}/login`}>Log in with your password</a> ·{" "}
          <a href={`/p/${slug}/new-client`}>Help for new clients</a>
        </p>
      </Card>
    </Page>
  );
}

function PinForm({ slug, info, invitation }: { slug: string; info: Practice; invitation: string }) {
  const submit = async (values: Record<string, string>) => {
    const email = (values.email ?? "").trim();
    const result = await data(
      api.POST("/api/v1/identity/invitations/accept", {
        body: { practice: slug, invitation, email, pin: (values.pin ?? "").trim() },
      }),
    );
    const grant: Grant = { slug, grant: result.grant, email };
    sessionStorage.setItem(GRANT_KEY, JSON.stringify(grant));
    navigate(`/p/${slug}/create-password`, { replace: true });
  };
  return (
    <Page title="Welcome Page">
      <Card narrow>
        <h1>Welcome to {info.name}'s Client Portal</h1>
        <p class="lead">
          Enter your email address and the 4-digit PIN from your welcome email. The PIN is your temporary password: you
          will create your own password next.
        </p>
        <Form id="welcome" onSubmit={submit}>
          <Field
            name="email"
            label="Email Address"
            type="email"
            autocomplete="email"
            hint="The exact address the invitation was sent to."
          />
          <Field
            name="pin"
            label="Password"
            type="password"
            autocomplete="one-time-code"
            inputMode="numeric"
            maxLength={4}
            hint="The 4-digit PIN from the most recent welcome email."
          />
          <SubmitButton full busyLabel="Checking…">
            Log in
          </SubmitButton>
        </Form>
      </Card>
    </Page>
  );
}

function savedGrant(slug: string): Grant | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(GRANT_KEY) ?? "null") as Grant | null;
    return saved && saved.slug === slug ? saved : null;
  } catch {
    return null;
  }
}

export function CreatePassword({ params }: ScreenProps) {
  const slug = params.slug as string;
  const saved = savedGrant(slug);
  return (
    <WithPractice slug={slug} render={() => (saved ? <CreateForm slug={slug} saved={saved} /> : <StartFromEmail />)} />
  );
}

function StartFromEmail() {
  return (
    <Page title="Create a password">
      <Card narrow>
        <h1>Start from your welcome email</h1>
        <p>
          To create your password, open the link in your welcome email and enter your 4-digit PIN. The link and PIN keep
          working until you have created your password.
        </p>
      </Card>
    </Page>
  );
}

function CreateForm({ slug, saved }: { slug: string; saved: Grant }) {
  const submit = async (values: Record<string, string>) => {
    requireMatch(values);
    const response = await data(
      api.POST("/api/v1/identity/invitations/activate", {
        body: {
          grant: saved.grant,
          password: values.password ?? "",
          password_confirmation: values.password_confirmation ?? "",
        },
      }),
    );
    sessionStorage.removeItem(GRANT_KEY);
    toast("Your password is saved. You are now logged in.");
    await signedIn(slug, response);
  };
  return (
    <Page title="Create a password">
      <Card narrow>
        <h1>Create a password</h1>
        <p class="lead">
          This will be your password from now on, each time you use the Client Portal. Be sure to remember it.
        </p>
        <Form id="create" onSubmit={submit}>
          <PasswordFields context={{ email: saved.email, practice: slug }} />
          <SubmitButton full busyLabel="Saving…">
            Update
          </SubmitButton>
        </Form>
      </Card>
    </Page>
  );
}

export function ForgotPassword({ params }: ScreenProps) {
  const slug = params.slug as string;
  const [sentTo, setSentTo] = useState<string | null>(null);
  const submit = async (values: Record<string, string>) => {
    const email = (values.email ?? "").trim();
    await data(api.POST("/api/v1/identity/password-resets", { body: { practice: slug, email } }));
    setSentTo(email);
  };
  return (
    <WithPractice
      slug={slug}
      render={() => (
        <Page title="Forgot your password?">
          <Card narrow>
            <h1>Forgot your password?</h1>
            <p class="lead">
              Enter the email address you use to log into this Client Portal and we will send you a password recovery
              email.
            </p>
            {sentTo !== null ? (
              <FocusedNotice id="sent">
                If {sentTo} has an account here, a password recovery email is on its way. It can take a few minutes:
                check your spam folder too. The link works for 60 minutes.
              </FocusedNotice>
            ) : (
              <Form id="forgot" onSubmit={submit}>
                <Field name="email" label="Email Address" type="email" autocomplete="email" />
                <SubmitButton full busyLabel="Sending…">
                  Send recovery email
                </SubmitButton>
              </Form>
            )}
            <p class="below">
              <a href={`/p/${slug}/login`}>Back to Log in</a>
            </p>
          </Card>
        </Page>
      )}
    />
  );
}

/** A success notice that takes focus: the form it replaced is gone. */
function FocusedNotice({ id, children }: { id: string; children: preact.ComponentChildren }) {
  useOwned(() => {
    document.getElementById(id)?.focus();
    return undefined;
  }, []);
  return (
    <Notice tone="ok" id={id} live>
      {children}
    </Notice>
  );
}

export function ResetPassword({ params, query }: ScreenProps) {
  const slug = params.slug as string;
  const token = query.get("token") ?? "";
  const [done, setDone] = useState(false);
  const submit = async (values: Record<string, string>) => {
    requireMatch(values);
    await data(
      api.POST("/api/v1/identity/password-resets/confirm", {
        body: {
          token,
          password: values.password ?? "",
          password_confirmation: values.password_confirmation ?? "",
        },
      }),
    );
    setDone(true);
  };
  return (
    <WithPractice
      slug={slug}
      render={() => (
        <Page title="Choose a new password">
          <Card narrow>
            <h1>Choose a new password</h1>
            {done ? (
              <FocusedNotice id="done">
                Your password has been updated. <a href={`/p/${slug}/login`}>Log in</a> with your new password.
              </FocusedNotice>
            ) : (
              <Form id="reset" onSubmit={submit}>
                <PasswordFields context={{ practice: slug }} />
                <SubmitButton full busyLabel="Saving…">
                  Update
                </SubmitButton>
              </Form>
            )}
          </Card>
        </Page>
      )}
    />
  );
}
