// Log in: email and password, then (for staff, or clients who turned it on) the code from
// an authenticator app; a notice says why someone was sent here (idle, session ended).

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../api/client";
import { Card, Field, Form, Page, SubmitButton } from "../kit";
import { useOwned } from "../lib/hooks";
import type { ScreenProps } from "../lib/router";
import type { Practice } from "../lib/session";
import { WithPractice } from "../shell/screens";
import { signedIn } from "./signin";

const ENDED: Record<string, string> = {
  idle: "For your security, you were logged out after 15 minutes without activity. Log in again to continue.",
  session: "Your session has ended. Log in again to continue.",
  link: "The link in your message email works for 15 minutes. Log in to read your message.",
};

type Step = Schemas["SessionResponse"];

export function Login({ params, query }: ScreenProps) {
  const slug = params.slug as string;
  const ended = ENDED[query.get("ended") ?? ""];
  const next = query.get("next");
  const [step, setStep] = useState<Step | null>(null);
  return (
    <WithPractice
      slug={slug}
      render={(info) =>
        step ? (
          <CodeStep slug={slug} step={step} next={next} />
        ) : (
          <LoginForm slug={slug} info={info} ended={ended} next={next} onCodeNeeded={setStep} />
        )
      }
    />
  );
}

interface LoginProps {
  slug: string;
  info: Practice;
  ended?: string;
  next: string | null;
  onCodeNeeded: (s: Step) => void;
}

function LoginForm({ slug, info, ended, next, onCodeNeeded }: LoginProps) {
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
    if (response.status === "signed_in") await signedIn(slug, response, next);
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

function CodeStep({ slug, step, next }: { slug: string; step: Step; next: string | null }) {
  const enrol = step.status === "totp_enrolment_required";
  const submit = async (values: Record<string, string>) => {
    const done = await data(
      api.POST("/api/v1/identity/sessions/totp", {
        body: { challenge: step.challenge ?? "", code: (values.code ?? "").trim() },
      }),
    );
    await signedIn(slug, done, next);
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
