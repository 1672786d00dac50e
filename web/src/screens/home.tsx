// The client's home after logging in: a welcome, the guide's areas (Appointments,
// Documents, Messages, Billing & Payments) as their sections arrive, account safety.

import { Card, Page } from "../kit";
import { useResource } from "../lib/hooks";
import type { ScreenProps } from "../lib/router";
import type { Account, Practice } from "../lib/session";
import { type HomeArea, homeAreas } from "../sections/registry";
import { SignedIn } from "../shell/screens";

const CLIENTS = new Set(["client"]);

export default function HomeScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={CLIENTS}
      current="home"
      render={(info, account) => <ClientHome slug={slug} info={info} account={account} areas={homeAreas()} />}
    />
  );
}

export function ClientHome({ slug, info, account, areas }: HomeProps) {
  return (
    <Page title="Home">
      <Card>
        <h1>Welcome, {account.first_name}</h1>
        <p class="lead">
          You are logged into {info.name}'s Client Portal. Log in any time with your email address ({account.email}) and
          the password you created.
        </p>
        <p>Tip: bookmark this page, so you can log back in easily in the future.</p>
      </Card>
      {areas.length ? (
        <ul class="areas" aria-label="Your portal">
          {areas.map((area) => (
            <Area key={area.page} slug={slug} area={area} />
          ))}
        </ul>
      ) : null}
      <Card>
        <h2>Keep your account safe</h2>
        <p>
          Turn on two-step verification, change your password or log out of other devices in{" "}
          <a href={`/p/${slug}/account`}>Account &amp; security</a>.
        </p>
      </Card>
    </Page>
  );
}

interface HomeProps {
  slug: string;
  info: Practice;
  account: Account;
  areas: readonly HomeArea[];
}

function Area({ slug, area }: { slug: string; area: HomeArea }) {
  const [count] = useResource(async (signal) => (area.count ? area.count(signal) : null), [area]);
  const badge = count.state === "ready" && count.value && count.value.count > 0 ? count.value : null;
  return (
    <li class="card area">
      <h2>
        <a href={`/p/${slug}/${area.page}`}>
          {area.title}
          {badge ? <span class="badge">{badge.label}</span> : null}
        </a>
      </h2>
      <p>{area.description}</p>
    </li>
  );
}
