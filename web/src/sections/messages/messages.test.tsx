import { act, cleanup, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PageStatusProvider } from "../../kit";
import { forget } from "../../lib/session";
import { afterSignIn } from "../../screens/signin";
import LinkScreen, { loginThenThread } from "./client/LinkThread";
import { type LiveEvent, liveUrl, POLL_MS, retryDelay, useLive } from "./live";
import { inOrder, type Message } from "./thread";
import { outcomeWords, templateWords } from "./words";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const message = (id: string, sent_at: string, mine = false): Message => ({
  id,
  thread_id: "t",
  sender_id: mine ? "me" : "them",
  sender_role: mine ? "client" : "clinician",
  sender_name: mine ? "Robin" : "Casey",
  body: id,
  sent_at,
  mine,
  read: false,
});

describe("the thread", () => {
  it("shows messages oldest first, once each, whatever pages they came in", () => {
    const a = message("a", "2026-03-01T10:00:00Z");
    const b = message("b", "2026-03-01T11:00:00Z");
    const c = message("c", "2026-03-01T12:00:00Z");
    expect(inOrder([c, b], [b, a]).map((m) => m.id)).toEqual(["a", "b", "c"]);
  });
});

describe("live updates", () => {
  const sockets: FakeSocket[] = [];
  class FakeSocket {
    static OPEN = 1;
    readyState = 0;
    onmessage: ((e: { data: string }) => void) | null = null;
    onopen: (() => void) | null = null;
    onclose: ((e: unknown) => void) | null = null;
    closed = false;
    constructor(readonly url: string) {
      sockets.push(this);
    }
    close() {
      this.closed = true;
    }
  }
  beforeEach(() => {
    sockets.length = 0;
    vi.useFakeTimers();
    vi.stubGlobal("WebSocket", FakeSocket);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Response.json({}, { status: 401 })),
    );
  });

  function Live({ onEvent }: { onEvent: (event: LiveEvent) => void }) {
    const { live } = useLive(onEvent);
    return <p>{live ? "live" : "polling"}</p>;
  }

  it("passes on what the socket pushes while it is open, and polls only while it is not", async () => {
    const events: LiveEvent[] = [];
    render(<Live onEvent={(e) => events.push(e)} />);
    expect(sockets[0]?.url).toBe(liveUrl(window.location, 0));
    act(() => sockets[0]?.onopen?.());
    act(() => sockets[0]?.onmessage?.({ data: JSON.stringify({ type: "hello", unread: 2 }) }));
    act(() => {
      vi.advanceTimersByTime(POLL_MS * 3);
    });
    expect(events).toEqual([{ type: "hello", unread: 2 }]);
    expect(screen.getByText("live")).toBeTruthy();
  });

  it("falls back to polling when the socket drops, and opens a new one after a while", () => {
    const events: LiveEvent[] = [];
    render(<Live onEvent={(e) => events.push(e)} />);
    act(() => sockets[0]?.onopen?.());
    act(() => sockets[0]?.onclose?.({ code: 1006 }));
    expect(screen.getByText("polling")).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(POLL_MS);
    });
    expect(events).toEqual([{ type: "poll" }]);
    act(() => {
      vi.advanceTimersByTime(retryDelay(1));
    });
    expect(sockets.length).toBe(2);
    expect(sockets[1]?.url).toContain("attempt=1");
  });

  it("waits longer after each failure, up to half a minute", () => {
    expect([0, 1, 2, 3, 10].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 30000]);
  });
});

describe("a message link", () => {
  beforeEach(() => forget());

  it("leads to Log in and then to the thread once it has expired", async () => {
    history.replaceState({}, "", "/p/harbor/messages/open#an-expired-token-0123456789abcdefghijklmnop");
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        if (path === "/api/v1/identity/practices/harbor")
          return Response.json({ name: "Harbor Counseling", phone: null, slug: "harbor", time_zone: "UTC" });
        if (path === "/api/v1/messaging/links/open")
          return Response.json({ title: "Link expired", detail: "This link has expired" }, { status: 410 });
        return Response.json({ title: "Authentication required" }, { status: 401 });
      }),
    );
    render(
      <PageStatusProvider>
        <LinkScreen params={{ slug: "harbor" }} query={new URLSearchParams()} />
      </PageStatusProvider>,
    );
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe(loginThenThread("harbor")));
    expect(new URLSearchParams(window.location.search).get("next")).toBe("/p/harbor/messages");
  });

  it("goes on after Log in only to a page of the same practice", () => {
    const client = { role: "client" };
    expect(afterSignIn("harbor", client, "/p/harbor/messages")).toBe("/p/harbor/messages");
    for (const elsewhere of [
      "https://evil.example/p/harbor/",
      "//evil.example",
      "/p/other/messages",
      "/p/harbor/../x",
    ]) {
      expect(afterSignIn("harbor", client, elsewhere)).toBe("/p/harbor/home");
    }
    expect(afterSignIn("harbor", { role: "clinician" }, null)).toBe("/p/harbor/clinician");
  });
});

describe("the email log in words", () => {
  it("names each email and its outcome for a person", () => {
    expect(templateWords("appointment_approved")).toBe("Appointment confirmed (with calendar file)");
    expect(templateWords("something_new")).toBe("something new");
    expect(outcomeWords("sent", 1, null)).toBe("Sent");
    expect(outcomeWords("retrying", 3, "SMTPConnectError")).toBe(
      "Not sent yet, retrying (3 attempts: SMTPConnectError)",
    );
  });
});
