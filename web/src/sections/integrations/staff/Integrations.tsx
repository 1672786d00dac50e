// Integrations (admins): the practice's tools get its events, never another practice's.
// Two ways: broker credentials for tools that speak AMQP, webhooks for tools that take
// HTTPS. Secrets (a password, a signing secret) are shown once, when made.

import { Page } from "../../../kit";
import type { ScreenProps } from "../../../lib/router";
import type { Account, Practice } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { ToolCredentials } from "./ToolCredentials";
import { Webhooks } from "./Webhooks";
import "./integrations.css";

const ADMINS = new Set(["admin"]);

export default function IntegrationsScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={ADMINS}
      current="workspace/integrations"
      render={(info, account) => <Integrations info={info} account={account} />}
    />
  );
}

function Integrations({ info, account }: { info: Practice; account: Account }) {
  const zone = account.practice.time_zone || info.time_zone;
  return (
    <Page title="Integrations">
      <h1>Integrations</h1>
      <p class="lead">
        Connect your practice's tools (an EHR bridge, a notes app, a dashboard) to the portal's events: appointments,
        messages sent, forms, invoices and payments. A tool sees your practice's events only, never their content
        (message bodies and form answers stay in the portal), and can change nothing.
      </p>
      <ToolCredentials zone={zone} />
      <Webhooks zone={zone} />
    </Page>
  );
}
