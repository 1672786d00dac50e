// Getting in: the Welcome Page (email + 4-digit PIN), create a password, log in (with an
// authenticator code for staff), "Forgot your password?" and the reset link.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../api/client";
import { Card, Field, Form, Notice, Page, SubmitButton, toast } from "../kit";
import { useOwned } from "../lib/hooks";
import { navigate, type ScreenProps } from "../lib/router";
import { homeFor, type Practice, remember } from "../lib/session";
import { WithPractice } from "../shell/screens";
import { PasswordFields, requireMatch } from "./password";

const GRANT_KEY = "portal.create-password";
type Grant = { slug: string; grant: string; email: string };

function signedIn(slug: string, response: Schemas["SessionResponse"]) {
  if (!response.account || !response.practice) return;
  remember({ ...response.account, practice: response.practice });
  navigate(homeFor(slug, response.account), { replace: true });
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
    signedIn(slug, response);
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

const ENDED: Record<string, string> = {
  idle: "For your security, you were logged out after 15 minutes without activity. Log in again to continue.",
  session: "Your session has ended. Log in again to continue.",
};

type Step = Schemas["SessionResponse"];

export function Login({ params, query }: ScreenProps) {
  const slug = params.slug as string;
  const ended = ENDED[query.get("ended") ?? ""];
  const [step, setStep] = useState<Step | null>(null);
  return (
    <WithPractice
      slug={slug}
      render={(info) =>
        step ? (
          <CodeStep slug={slug} step={step} />
        ) : (
          <LoginForm slug={slug} info={info} ended={ended} onCodeNeeded={setStep} />
        )
      }
    />
  );
}

function LoginForm(props: { slug: string; info: Practice; ended?: string; onCodeNeeded: (s: Step) => void }) {
  const { slug, info, ended, onCodeNeeded } = props;
  const submit = async (values: Record<string, string>) => {
    const response = await data(
      api.POST("/api/v1/identity/sessions", {
        body: {
          practice: slug,
          email: (values.email ?? "").trim(),
          password: values.password ?? "",
          client: "browser",
        },
      }),
    );
    if (response.status === "signed_in") signedIn(slug, response);
    else onCodeNeeded(response);
  };
  return (
    <Page title="Log in">
      <Card narrow>
        <h1>Log in to {info.name}</h1>
        {ended ? (
          <p class="notice" role="status">
            {ended}
          </p>
        ) : null}
        <Form id="login" onSubmit={submit}>
          <Field name="email" label="Email Address" type="email" autocomplete="username" />
          <Field name="password" label="Password" type="password" autocomplete="current-password" />
          <SubmitButton full busyLabel="Logging in…">
            Log in
          </SubmitButton>
        </Form>
        <p class="below">
          <a href={`/p/${slug}/forgot-password`}>Forgot your password?</a>
        </p>
        <p class="hint below">First time here? Use the link and 4-digit PIN in your welcome email.</p>
      </Card>
    </Page>
  );
}

function CodeStep({ slug, step }: { slug: string; step: Step }) {
  const enrol = step.status === "totp_enrolment_required";
  const submit = async (values: Record<string, string>) => {
    const done = await data(
      api.POST("/api/v1/identity/sessions/totp", {
        body: { challenge: step.challenge ?? "", code: (values.code ?? "").trim() },
      }),
    );
    signedIn(slug, done);
  };
  // The sign-in form was replaced under the keyboard: start again at the new heading.
  useOwned(() => {
    const heading = document.querySelector<HTMLElement>("main h1");
    heading?.setAttribute("tabindex", "-1");
    heading?.focus();
    return undefined;
  }, []);
  return (
    <Page title={enrol ? "Set up two-step verification" : "Enter your authentication code"}>
      <Card narrow>
        <h1>{enrol ? "Set up two-step verification" : "Enter your authentication code"}</h1>
        {enrol ? (
          <>
            <p>
              Staff accounts protect client information with an authenticator app. Add this key to your app (Google
              Authenticator, 1Password, Authy…), then enter the 6-digit code it shows.
            </p>
            {/* biome-ignore lint/a11y/useSemanticElements: a named group to read the key by; a fieldset means form controls */}
            <div class="secret" role="group" aria-label="Setup key">
              {step.totp_secret}
            </div>
            <p>
              <a href={step.otpauth_uri ?? undefined}>Open in an authenticator app on this device</a>
            </p>
          </>
        ) : (
          <p>Open your authenticator app and enter the 6-digit code for this portal.</p>
        )}
        <Form id="code-form" onSubmit={submit}>
          <Field
            name="code"
            label="Authentication code"
            autocomplete="one-time-code"
            inputMode="numeric"
            maxLength={7}
          />
          <SubmitButton full busyLabel="Verifying…">
            Verify
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
