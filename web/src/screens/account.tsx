// Account & security, for clients and staff: password, two-step verification, devices.
// One status line for the page: each new action clears what the last one said.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../api/client";
import { messageFor } from "../api/problems";
import { Button, Card, Field, Form, Page, PageStatus, SubmitButton, usePageStatus } from "../kit";
import { useOwned } from "../lib/hooks";
import type { ScreenProps } from "../lib/router";
import { type Account, currentAccount } from "../lib/session";
import { SignedIn } from "../shell/screens";
import { PasswordFields, requireMatch } from "./password";

export default function AccountScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      current="account"
      render={(_info, account) => <AccountPage slug={slug} account={account} />}
    />
  );
}

function AccountPage({ slug, account }: { slug: string; account: Account }) {
  return (
    <Page title="Account & security">
      <h1>Account &amp; security</h1>
      <Card>
        <h2>Your login</h2>
        <p>
          {account.first_name} {account.last_name} · {account.email}
        </p>
      </Card>
      <ChangePassword slug={slug} account={account} />
      <Card>
        <h2>Two-step verification</h2>
        <TwoStep account={account} />
      </Card>
      <OtherDevices />
    </Page>
  );
}

function ChangePassword({ slug, account }: { slug: string; account: Account }) {
  const status = usePageStatus();
  const [round, setRound] = useState(0); // a new form (emptied) after each change
  const submit = async (values: Record<string, string>) => {
    requireMatch(values);
    await data(
      api.POST("/api/v1/identity/me/password", {
        body: {
          current_password: values.current_password ?? "",
          password: values.password ?? "",
          password_confirmation: values.password_confirmation ?? "",
        },
      }),
    );
    setRound((n) => n + 1);
    status.say("Your password has been changed.", "password");
  };
  return (
    <Card>
      <h2>Change password</h2>
      <p class="hint">Changing your password logs you out on every other device.</p>
      <div class="status-ok">
        <PageStatus id="changed" slot="password" />
      </div>
      <Form id="change" onSubmit={submit} key={round}>
        <Field name="current_password" label="Current password" type="password" autocomplete="current-password" />
        <PasswordFields context={{ email: account.email, practice: slug }} />
        <SubmitButton busyLabel="Saving…">Update</SubmitButton>
      </Form>
    </Card>
  );
}

type Enrolment = Schemas["TotpEnrolmentView"];

function TwoStep({ account }: { account: Account }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [on, setOn] = useState(account.totp_enabled);
  const [said, setSaid] = useState<string | null>(null);
  if (on) {
    const turnOff = async (values: Record<string, string>) => {
      await data(
        api.POST("/api/v1/identity/me/totp/disable", { body: { current_password: values.current_password ?? "" } }),
      );
      await currentAccount({ fresh: true });
      setEnrolment(null);
      setOn(false);
      setSaid("Two-step verification is off. Logging in asks for your password only.");
    };
    return (
      <>
        <p class="notice ok" role="status">
          Two-step verification is on. You'll enter a code from your authenticator app each time you log in.
        </p>
        {account.role === "client" ? (
          <Form id="totp-off" onSubmit={turnOff}>
            <Field
              name="current_password"
              id="totp_off_password"
              label="Your password"
              type="password"
              autocomplete="current-password"
              hint="To turn it off. We'll email you that it is off."
            />
            <SubmitButton variant="secondary" busyLabel="Turning off…">
              Turn off two-step verification
            </SubmitButton>
          </Form>
        ) : null}
      </>
    );
  }
  if (enrolment)
    return (
      <TotpVerify
        enrolment={enrolment}
        onDone={() => {
          setSaid(null);
          setOn(true);
        }}
      />
    );
  const start = async (values: Record<string, string>) => {
    setEnrolment(
      await data(api.POST("/api/v1/identity/me/totp", { body: { current_password: values.current_password ?? "" } })),
    );
  };
  return (
    <>
      {said ? (
        <p class="notice ok" role="status">
          {said}
        </p>
      ) : null}
      <p>Add a code from an authenticator app to every login, so a stolen password is not enough.</p>
      <Form id="totp-start" onSubmit={start}>
        <Field
          name="current_password"
          id="totp_current_password"
          label="Your password"
          type="password"
          autocomplete="current-password"
          hint="To make sure it's you."
        />
        <SubmitButton variant="secondary" busyLabel="Preparing…">
          Set up two-step verification
        </SubmitButton>
      </Form>
    </>
  );
}

function TotpVerify({ enrolment, onDone }: { enrolment: Enrolment; onDone: () => void }) {
  useOwned(() => {
    document.getElementById("code")?.focus();
    return undefined;
  }, []);
  const verify = async (values: Record<string, string>) => {
    await data(api.POST("/api/v1/identity/me/totp/verify", { body: { code: (values.code ?? "").trim() } }));
    await currentAccount({ fresh: true });
    onDone();
  };
  return (
    <div id="totp-setup">
      <p>Add this key to your authenticator app, then enter the 6-digit code it shows.</p>
      {/* biome-ignore lint/a11y/useSemanticElements: a named group to read the key by; a fieldset means form controls */}
      <div class="secret" role="group" aria-label="Setup key">
        {enrolment.totp_secret}
      </div>
      <p>
        <a href={enrolment.otpauth_uri}>Open in an authenticator app on this device</a>
      </p>
      <Form id="totp-verify" onSubmit={verify}>
        <Field name="code" label="Authentication code" autocomplete="one-time-code" inputMode="numeric" maxLength={7} />
        <SubmitButton busyLabel="Checking…">Turn on</SubmitButton>
      </Form>
    </div>
  );
}

function OtherDevices() {
  const status = usePageStatus();
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    status.clear();
    setBusy(true);
    try {
      const result = await data(api.POST("/api/v1/identity/sessions/revoke-others", {}));
      const n = result.sessions_ended;
      status.say(n === 1 ? "1 other session ended." : `${n} other sessions ended.`, "devices");
    } catch (error) {
      status.say(messageFor(error), "devices");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <h2>Other devices</h2>
      <p>Logged in on a shared or lost device? End every session except this one.</p>
      <PageStatus id="revoked" slot="devices" />
      <Button variant="secondary" busy={busy} busyLabel="Logging out other devices…" onClick={revoke}>
        Log out other devices
      </Button>
    </Card>
  );
}
