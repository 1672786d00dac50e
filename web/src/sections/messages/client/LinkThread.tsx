// The page a "Read Secure Message" link opens: the thread, read and answered without a
// password for 15 minutes from the time the email was sent. The token travels after the
// "#" of the link, so it never reaches a server log; it is sent in the body of two
// requests only. After 15 minutes the same link leads to Log in, and from there to the
// thread; someone already signed in goes straight to it.

import { useState } from "preact/hooks";
import { api, data } from "../../../api/client";
import { ApiError } from "../../../api/problems";
import { Card, Notice, Page, PageStatus } from "../../../kit";
import { useInterval } from "../../../lib/hooks";
import { navigate, type ScreenProps } from "../../../lib/router";
import { currentAccount, type Practice } from "../../../lib/session";
import { WithPractice } from "../../../shell/screens";
import { POLL_MS } from "../live";
import { Thread, type ThreadPage } from "../thread";

export default function LinkScreen({ params }: ScreenProps) {
  const slug = params.slug as string;
  const token = window.location.hash.replace(/^#/, "");
  return <WithPractice slug={slug} render={(info) => <LinkThread slug={slug} info={info} token={token} />} />;
}

/** Log in, then the thread: where an expired or unknown link leads. */
export function loginThenThread(slug: string): string {
  return `/p/${slug}/login?ended=link&next=${encodeURIComponent(`/p/${slug}/messages`)}`;
}

async function leave(slug: string): Promise<void> {
  const account = await currentAccount().catch(() => null);
  const signedIn = account?.role === "client" && account.practice.slug === slug;
  navigate(signedIn ? `/p/${slug}/messages` : loginThenThread(slug), { replace: true });
}

const linkGone = (error: unknown) => error instanceof ApiError && (error.status === 410 || error.status === 404);

function LinkThread({ slug, info, token }: { slug: string; info: Practice; token: string }) {
  const [refresh, setRefresh] = useState(0);
  const [opened, setOpened] = useState(false);
  const [expired, setExpired] = useState(false);
  useInterval(() => setRefresh((n) => n + 1), expired ? null : POLL_MS);

  const load = async (before: string | null, signal?: AbortSignal): Promise<ThreadPage> => {
    const page = await data(
      api.POST("/api/v1/messaging/links/open", { body: { token, ...(before ? { before } : {}) }, signal }),
    );
    setOpened(true);
    return page;
  };
  const send = (body: string) => data(api.POST("/api/v1/messaging/links/messages", { body: { token, body } }));
  const onError = (error: unknown): boolean => {
    if (!linkGone(error)) return false;
    if (opened)
      setExpired(true); // they are reading: keep the page, offer Log in
    else void leave(slug); // the link was already over: Log in, then the thread
    return true;
  };

  if (!token) {
    void leave(slug);
    return null;
  }
  return (
    <Page title="Messages">
      <h1>Messages</h1>
      <Card>
        <p class="lead">Your secure messages with {info.name}.</p>
        {expired ? (
          <Notice live>
            This link has expired: links in message emails work for 15 minutes.{" "}
            <a href={loginThenThread(slug)}>Log in</a> to keep reading and writing.
          </Notice>
        ) : null}
        <Thread
          timeZone={info.time_zone}
          load={load}
          send={send}
          refresh={refresh}
          otherSide="Your clinician"
          onError={onError}
        />
        <PageStatus slot="thread" />
      </Card>
    </Page>
  );
}
