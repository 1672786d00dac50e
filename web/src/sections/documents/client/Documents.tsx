// The client's Documents page. The first time (nothing done yet) it shows the clinician's
// welcome message and Get Started, as the guide says; then what is still to do and what
// is done.

import { api, data } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, DateTime, Empty, Loading, Page } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import { navigate, type ScreenProps } from "../../../lib/router";
import type { Practice } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { type AssignmentView, fillPath, welcomeDue } from "../flow";
import "../documents.css";

const CLIENTS = new Set(["client"]);

export default function DocumentsScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={CLIENTS}
      current="documents"
      render={(info) => <Documents slug={slug} info={info} />}
    />
  );
}

function Documents({ slug, info }: { slug: string; info: Practice }) {
  const [mine] = useResource((signal) => data(api.GET("/api/v1/forms/assignments", { signal })), []);
  if (mine.state === "loading") return <Loading label="Loading your documents…" />;
  if (mine.state === "failed") {
    return (
      <Page title="Documents">
        <h1>Documents</h1>
        <p>{messageFor(mine.error)}</p>
      </Page>
    );
  }
  const { pending, completed, welcome_message: welcome } = mine.value;
  const first = pending[0];
  const fresh = first !== undefined && welcomeDue(mine.value);
  return (
    <Page title="Documents">
      <h1>Documents</h1>
      {fresh ? (
        <Card labelledBy="welcome">
          <h2 id="welcome">A welcome message from {info.name}</h2>
          <p class="welcome-message">{welcome}</p>
          <Button onClick={() => navigate(fillPath(slug, first.id))}>Get Started</Button>
        </Card>
      ) : null}
      <Card labelledBy="to-do">
        <h2 id="to-do">To complete</h2>
        {pending.length ? (
          <List slug={slug} items={pending} zone={info.time_zone} />
        ) : (
          <Empty>Nothing to complete. When your clinician shares a form or document, it appears here.</Empty>
        )}
        {!fresh && first ? (
          <Button onClick={() => navigate(fillPath(slug, first.id))}>Continue where you left off</Button>
        ) : null}
      </Card>
      <Card labelledBy="done">
        <h2 id="done">Completed</h2>
        {completed.length ? (
          <List slug={slug} items={completed} zone={info.time_zone} />
        ) : (
          <Empty>Nothing completed yet.</Empty>
        )}
      </Card>
    </Page>
  );
}

function List({ slug, items, zone }: { slug: string; items: AssignmentView[]; zone: string }) {
  return (
    <ul class="doc-list">
      {items.map((a) => (
        <li key={a.id}>
          <a href={fillPath(slug, a.id)}>{a.title}</a>
          <span class="hint">
            {" "}
            {a.kind === "document" ? "Document to sign" : "Form"}
            {a.completed_at ? (
              <>
                {" · completed "}
                <DateTime value={a.completed_at} timeZone={zone} />
              </>
            ) : a.in_progress ? (
              " · in progress"
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
