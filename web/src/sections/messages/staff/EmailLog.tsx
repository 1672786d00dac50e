// The email log: every email the portal sent about the practice's clients (an admin
// sees all, a clinician their own clients'), to whom, which one, when, and whether the
// mail server took it. Never the text of an email.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import {
  Button,
  Card,
  type Column,
  DataTable,
  DateTime,
  Empty,
  Loading,
  Page,
  PageStatus,
  usePageStatus,
} from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { outcomeWords, templateWords } from "../words";

type Entry = Schemas["EmailLogEntryView"];

export default function EmailLogScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return <SignedIn slug={slug} roles={STAFF} current="workspace/emails" render={(info) => <EmailLog info={info} />} />;
}

const page = (after: string | null, signal?: AbortSignal) =>
  data(api.GET("/api/v1/messaging/emails", { params: { query: after ? { after } : {} }, signal }));

function EmailLog({ info }: { info: Practice }) {
  const [first] = useResource((signal) => page(null, signal), []);
  const [more, setMore] = useState<{ entries: Entry[]; cursor: string | null } | null>(null);
  const status = usePageStatus();
  const older = async (cursor: string) => {
    try {
      const next = await page(cursor);
      setMore({ entries: [...(more?.entries ?? []), ...next.entries], cursor: next.next_cursor });
    } catch (error) {
      status.say(messageFor(error));
    }
  };
  const columns: Column<Entry>[] = [
    { header: "To", cell: (e) => e.recipient },
    { header: "Email", cell: (e) => templateWords(e.template) },
    { header: "When", cell: (e) => <DateTime value={e.queued_at} timeZone={info.time_zone} /> },
    { header: "Outcome", cell: (e) => outcomeWords(e.outcome, e.attempts, e.last_error) },
  ];
  return (
    <Page title="Email log">
      <h1>Email log</h1>
      <Card>
        <p class="hint">Emails never hold health information; their text is not kept here.</p>
        <PageStatus />
        {first.state === "loading" ? <Loading label="Loading the email log…" /> : null}
        {first.state === "failed" ? <p role="alert">{messageFor(first.error)}</p> : null}
        {first.state === "ready" && !first.value.entries.length ? <Empty>No emails sent yet.</Empty> : null}
        {first.state === "ready" && first.value.entries.length ? (
          <>
            <DataTable
              caption="Emails sent"
              columns={columns}
              rows={[...first.value.entries, ...(more?.entries ?? [])]}
              rowKey={(e) => e.id}
            />
            <Older cursor={more ? more.cursor : first.value.next_cursor} older={older} />
          </>
        ) : null}
      </Card>
    </Page>
  );
}

function Older({ cursor, older }: { cursor: string | null; older: (cursor: string) => Promise<void> }) {
  if (!cursor) return null;
  return (
    <p>
      <Button variant="secondary" onClick={() => void older(cursor)}>
        Show older emails
      </Button>
    </p>
  );
}
