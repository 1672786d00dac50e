// A client's thread in the workspace: read it (the practice's log records that you did),
// reply, and see "Read" once the client has read your message; their replies arrive live.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { Card, Page, PageStatus } from "../../../kit";
import type { ScreenProps } from "../../../lib/router";
import { type Practice, STAFF } from "../../../lib/session";
import { SignedIn } from "../../../shell/screens";
import { useLive } from "../live";
import { Thread } from "../thread";

export default function StaffThreadScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  const clientId = params.clientId as string;
  return (
    <SignedIn
      slug={slug}
      roles={STAFF}
      current="workspace/messages"
      render={(info) => <ClientThread slug={slug} info={info} clientId={clientId} />}
    />
  );
}

function ClientThread({ slug, info, clientId }: { slug: string; info: Practice; clientId: string }) {
  const path = { client_id: clientId };
  const [refresh, setRefresh] = useState(0);
  const [name, setName] = useState<string | null>(null);
  useLive((event) => {
    if (event.type === "poll" || event.type === "resync" || event.client_id === clientId) setRefresh((n) => n + 1);
  });
  const load = async (before: string | null, signal?: AbortSignal) => {
    const query = before ? { before } : {};
    const page = await data(
      api.GET("/api/v1/messaging/clients/{client_id}/messages", { params: { path, query }, signal }),
    );
    setName(page.client_name || "Client");
    return page;
  };
  const send = (body: string) =>
    data(api.POST("/api/v1/messaging/clients/{client_id}/messages", { params: { path }, body: { body } }));
  const markRead = () => data(api.POST("/api/v1/messaging/clients/{client_id}/read", { params: { path } }));
  return (
    <Page title={name ? `Messages with ${name}` : "Messages"}>
      <p>
        <a href={`/p/${slug}/workspace/messages`}>All messages</a>
      </p>
      <h1>{name ? `Messages with ${name}` : "Messages"}</h1>
      <Card>
        <Thread
          timeZone={info.time_zone}
          load={load}
          send={send}
          markRead={markRead}
          refresh={refresh}
          otherSide={name ?? "Client"}
        />
        <PageStatus slot="thread" />
      </Card>
    </Page>
  );
}
