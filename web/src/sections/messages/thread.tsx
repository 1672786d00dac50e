// The messaging widget: a thread (oldest at the top, like a chat; earlier messages on
// request), "Read" under what the other side has read, and the box that says "Send a
// message" with its Send button. Used by the client's Messages page, the page a message
// link opens, and a client's thread in the workspace; each says how to load and send.

import { useRef, useState } from "preact/hooks";
import type { Schemas } from "../../api/client";
import { messageFor } from "../../api/problems";
import {
  announce,
  Button,
  DateTime,
  Empty,
  Form,
  Loading,
  SubmitButton,
  TextAreaField,
  usePageStatus,
} from "../../kit";
import { useOwned, useResource } from "../../lib/hooks";

export type Message = Schemas["SecureMessageView"];
export type ThreadPage = Schemas["MessageThreadView"];

export const MAX_CHARS = 5000;

export interface ThreadProps {
  timeZone: string;
  /** A page of the thread, newest first; `before` is a page's next_cursor. */
  load: (before: string | null, signal?: AbortSignal) => Promise<ThreadPage>;
  send: (body: string) => Promise<Message>;
  /** Called after a load that found unread messages (the page is being looked at). */
  markRead?: () => Promise<unknown>;
  /** Changes when the live socket (or a poll) says the thread may have changed. */
  refresh: number;
  /** What the sender sees as the other side's name when it has none. */
  otherSide: string;
  /** The load or send failed: a caller may take over (a link that expired). */
  onError?: (error: unknown) => boolean;
}

/** Messages oldest first, without duplicates (a page and a live update may overlap). */
export function inOrder(...groups: Message[][]): Message[] {
  const byId = new Map<string, Message>();
  for (const group of groups) for (const m of group) byId.set(m.id, byId.get(m.id) ?? m);
  return [...byId.values()].sort((a, b) => a.sent_at.localeCompare(b.sent_at) || a.id.localeCompare(b.id));
}

export function Thread(props: ThreadProps) {
  const { timeZone, load, markRead, refresh, otherSide, onError } = props;
  const [older, setOlder] = useState<{ messages: Message[]; cursor: string | null } | null>(null);
  const [latest, reload] = useResource((signal) => load(null, signal), []);
  const seen = useRef(new Set<string>());
  const status = usePageStatus();

  useOwned(() => {
    if (refresh > 0) void reload();
    return undefined;
  }, [refresh]);

  useOwned(() => {
    if (latest.state === "failed") onError?.(latest.error);
    if (latest.state !== "ready") return undefined;
    const fresh = latest.value.messages.filter((m) => !m.mine && !seen.current.has(m.id));
    if (seen.current.size > 0 && fresh.length) {
      announce(fresh.length === 1 ? `New message from ${fresh[0]?.sender_name || otherSide}` : "New messages");
    }
    for (const m of latest.value.messages) seen.current.add(m.id);
    if (latest.value.unread > 0 && markRead && document.visibilityState !== "hidden") void markRead();
    return undefined;
  }, [latest]);

  if (latest.state === "loading") return <Loading label="Loading messages…" />;
  if (latest.state === "failed") return <p role="alert">{messageFor(latest.error)}</p>;
  const page = latest.value;
  const cursor = older ? older.cursor : page.next_cursor;
  const messages = inOrder(older?.messages ?? [], page.messages);

  const earlier = async () => {
    status.clear();
    try {
      const more = await load(cursor ?? null);
      setOlder({ messages: [...(older?.messages ?? []), ...more.messages], cursor: more.next_cursor });
    } catch (error) {
      if (!onError?.(error)) status.say(messageFor(error), "thread");
    }
  };

  return (
    <>
      {cursor ? (
        <p>
          <Button variant="secondary" onClick={() => void earlier()}>
            Show earlier messages
          </Button>
        </p>
      ) : null}
      {messages.length ? (
        <ol class="thread" aria-label="Messages">
          {messages.map((m) => (
            <Bubble key={m.id} message={m} timeZone={timeZone} otherSide={otherSide} />
          ))}
        </ol>
      ) : (
        <Empty>No messages yet. Write the first one below.</Empty>
      )}
      <Compose {...props} onSent={() => void reload()} />
    </>
  );
}

function Bubble({ message, timeZone, otherSide }: { message: Message; timeZone: string; otherSide: string }) {
  return (
    <li class={message.mine ? "bubble mine" : "bubble"}>
      <span class="meta">
        <strong>{message.mine ? "You" : message.sender_name || otherSide}</strong>
        {" · "}
        <DateTime value={message.sent_at} timeZone={timeZone} />
      </span>
      <p class="body">{message.body}</p>
      {message.mine ? <span class={message.read ? "receipt" : "meta"}>{message.read ? "Read" : "Sent"}</span> : null}
    </li>
  );
}

function Compose({ send, onSent, onError }: ThreadProps & { onSent: () => void }) {
  const [round, setRound] = useState(0);
  const status = usePageStatus();
  const submit = async (values: Record<string, string>) => {
    try {
      await send(values.body ?? "");
    } catch (error) {
      if (onError?.(error)) return;
      throw error;
    }
    setRound((n) => n + 1); // a fresh, empty box
    onSent();
    status.say("Message sent.", "thread");
  };
  return (
    <Form id="compose" key={round} onSubmit={submit}>
      <TextAreaField
        name="body"
        label="Send a message"
        placeholder="Send a message"
        hint={`Up to ${MAX_CHARS.toLocaleString("en-US")} characters. Never include card numbers or passwords.`}
        rows={4}
      />
      <SubmitButton busyLabel="Sending…">Send</SubmitButton>
    </Form>
  );
}
