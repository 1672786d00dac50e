// The confirmation at the end of the guide's Documents and Forms: everything is done.

import { Card, Page } from "../../../kit";
import type { ScreenProps } from "../../../lib/router";
import { SignedIn } from "../../../shell/screens";
import { documentsPath } from "../flow";

const CLIENTS = new Set(["client"]);

export default function CompleteScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={CLIENTS}
      current="documents"
      render={() => (
        <Page title="All done">
          <Card>
            <h1>Congratulations!</h1>
            <p class="lead">You're now ready to start using your Client Portal.</p>
            <p>Your clinician has your documents and forms. You can look back at them any time.</p>
            <div class="actions">
              <a class="button" href={`/p/${slug}/home`}>
                Go to your portal
              </a>
              <a class="button secondary" href={documentsPath(slug)}>
                See your documents
              </a>
            </div>
          </Card>
        </Page>
      )}
    />
  );
}
