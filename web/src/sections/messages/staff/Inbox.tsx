// The workspace inbox: client threads the staff member may open, latest first, each
// with its unread count and the start of its last message; new messages arrive live.
// "Write to a client" opens the thread of any client of the practice.

import { useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { messageFor } from "../../../api/problems";
import { Button, Card, DateTime, Empty, Loading, Page, PageStatus, usePageStatus } from "../../../kit";
import { useResource } from "../../../lib/hooks";
import type { ScreenProps } from "../../../lib/router";
import { type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { useLive } from "../live";

type InboxThread = Schemas["MessageInboxThreadView"];

export default function InboxScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/messages"
      render={(info) => <Inbox slug={slug} info={info} />}
    />
  );
}

const page = (after: string | null, signal?: AbortSignal) =>
  data(api.GET("/api/v1/messaging/threads", { params: { query: after ? { after } : {} }, signal }));

function Inbox({ slug, info }: { slug: string; info: Practice }) {
  const [first, reload] = useResource((signal) => page(null, signal), []);
  const [more, setMore] = useState<{ threads: InboxThread[]; cursor: string | null } | null>(null);
  const status = usePageStatus();
  useLive((event) => {
    if (event.type !== "hello") void reload();
  });
  const older = async (cursor: string) => {
    try {
      const next = await page(cursor);
      setMore({ threads: [...(more?.threads ?? []), ...next.threads], cursor: next.next_cursor });
    } catch (error) {
      status.say(messageFor(error));
    }
  };
  return (
    <Page title="Messages">
      <h1>Messages</h1>
      <WriteTo slug={slug} />
      <Card labelledBy="inbox-heading">
        <h2 id="inbox-heading">Client messages</h2>
        <PageStatus />
        {first.state === "loading" ? <Loading label="Loading messages…" /> : null}
        {first.state === "failed" ? <p role="alert">{messageFor(first.error)}</p> : null}
        {first.state === "ready" ? (
          <Threads
            slug={slug}
            timeZone={info.time_zone}
            threads={[...first.value.threads, ...(more?.threads ?? [])]}
            cursor={more ? more.cursor : first.value.next_cursor}
            older={older}
          />
        ) : null}
      </Card>
    </Page>
  );
}

interface ThreadsProps {
  slug: string;
  timeZone: string;
  threads: InboxThread[];
  cursor: string | null;
  older: (cursor: string) => Promise<void>;
}

function Threads({ slug, timeZone, threads, cursor, older }: ThreadsProps) {
  if (!threads.length) return <Empty>No messages yet. When a client writes to you, their message appears here.</Empty>;
  return (
    <>
      <ul class="inbox" aria-label="Client threads">
        {threads.map((t) => (
          <li key={t.thread_id}>
            <a href={`/p/${slug}/workspace/messages/${t.client_id}`}>
              <strong>{t.client_name}</strong>
              {t.unread > 0 ? <span class="badge">{t.unread} unread</span> : null}
            </a>
            <p class="preview">
              {t.last_from_client ? "" : "You: "}
              {t.preview}
            </p>
            <span class="meta">
              <DateTime value={t.last_message_at} timeZone={timeZone} />
            </span>
          </li>
        ))}
      </ul>
      {cursor ? (
        <p>
          <Button variant="secondary" onClick={() => void older(cursor)}>
            Show older threads
          </Button>
        </p>
      ) : null}
    </>
  );
}

function WriteTo({ slug }: { slug: string }) {
  const [search, setSearch] = useState<string | null>(null);
  const [found] = useResource(
    (signal) =>
      search === null
        ? Promise.resolve(null)
        : data(api.GET("/api/v1/identity/clients", { params: { query: { q: search, limit: 10 } }, signal })),
    [search],
  );
  const submit = (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem("q") as HTMLInputElement;
    if (input.value.trim()) setSearch(input.value.trim());
  };
  return (
    <Card labelledBy="write-heading">
      <h2 id="write-heading">Write to a client</h2>
      <form class="search" noValidate onSubmit={submit}>
        <label for="write-client">Find a client by name or email</label>
        <div class="search-row">
          <input id="write-client" name="q" type="search" autocomplete="off" />
          <button type="submit" class="secondary">
            Find
          </button>
        </div>
      </form>
      {found.state === "failed" ? <p role="alert">{messageFor(found.error)}</p> : null}
      {found.state === "ready" && found.value ? (
        found.value.length ? (
          <ul class="inbox" aria-label="Clients found">
            {found.value.map((c) => (
              <li key={c.id}>
                <a href={`/p/${slug}/workspace/messages/${c.id}`}>
                  Write to {c.first_name} {c.last_name}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>No client matches “{search}”.</Empty>
        )
      ) : null}
    </Card>
  );
}
