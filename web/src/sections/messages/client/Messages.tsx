// The client's messaging widget: their messages with their clinician, "Send a message"
// and Send; new messages arrive live (or by polling while the socket is down), and
// opening the page reads them, which clears the orange dot.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { Card, Page, PageStatus } from "../../../kit";
import type { ScreenProps } from "../../../lib/router";
import type { Practice } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { useLive } from "../live";
import { Thread } from "../thread";

const CLIENTS = new Set(["client"]);

export default function MessagesScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  return <SignedIn slug={slug} roles={CLIENTS} current="messages" render={(info) => <Messages info={info} />} />;
}

const load = (before: string | null, signal?: AbortSignal) =>
  data(api.GET("/api/v1/messaging/messages", { params: { query: before ? { before } : {} }, signal }));
const send = (body: string) => data(api.POST("/api/v1/messaging/messages", { body: { body } }));
const markRead = () => data(api.POST("/api/v1/messaging/messages/read", {}));

function Messages({ info }: { info: Practice }) {
  const [refresh, setRefresh] = useState(0);
  const { live } = useLive((event) => {
    if (event.type !== "hello") setRefresh((n) => n + 1);
  });
  return (
    <Page title="Messages">
      <h1>Messages</h1>
      <Card>
        <p class="lead">
          Secure messages with {info.name}. It's as easy as texting, and only you and your clinician can read them.
        </p>
        <p class="live-state" aria-live="off">
          {live ? "New messages appear here as they arrive." : "Checking for new messages every few seconds."}
        </p>
        <Thread
          timeZone={info.time_zone}
          load={load}
          send={send}
          markRead={markRead}
          refresh={refresh}
          otherSide="Your clinician"
        />
        <PageStatus slot="thread" />
      </Card>
    </Page>
  );
}
