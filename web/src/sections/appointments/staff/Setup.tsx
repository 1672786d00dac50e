// Booking setup in the clinician workspace: where sessions happen (offices with an
// address and a map link, or telehealth with a video link), what can be booked, and the
// practice's booking policy. Hours and time off have their own page.

import { Page } from "../../../kit";
import type { ScreenProps } from "../../../lib/router";
import { type Account, type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { Locations } from "./Locations";
import { PolicyCard } from "./Policy";
import { Services } from "./Services";
import "../appointments.css";

export default function SetupScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/booking-setup"
      render={(info, account) => <Setup practice={info} account={account} />}
    />
  );
}

function Setup({ practice, account }: { practice: Practice; account: Account }) {
  return (
    <Page title="Booking setup">
      <h1>Booking setup</h1>
      <p>
        <a href={`/p/${practice.slug}/workspace/availability`}>Availability &amp; time off</a>: when clients can book
        you, at each location.
      </p>
      <Locations practice={practice} />
      <Services account={account} />
      <PolicyCard />
    </Page>
  );
}
