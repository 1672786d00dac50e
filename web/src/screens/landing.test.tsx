// Where a client lands after logging in (guide §4): the Documents welcome message while
// their intake documents wait untouched, else where they went before; a `next` still wins.

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PageStatusProvider } from "../kit";
import { forget } from "../lib/session";
import { Login } from "./login";

const practice = { name: "Harbor Counseling", phone: null, slug: "harbor", time_zone: "America/New_York" };
const account = (role: string) => ({
  email: "robin@example.com",
  first_name: "Robin",
  last_name: "Walker",
  id: "00000000-0000-0000-0000-000000000001",
  practice_id: "p",
  role,
  status: "active",
  totp_enabled: false,
});
const item = (id: string, extra: object = {}) => ({
  id,
  template_id: "t",
  version: 1,
  title: `Document ${id}`,
  kind: "document",
  status: "pending",
  assigned_at: "2026-01-01T00:00:00Z",
  completed_at: null,
  in_progress: false,
  ...extra,
});

type Forms = { pending: object[]; completed: object[] } | "down" | "silent";

function server(role: string, forms: Forms) {
  const asked: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      asked.push(path);
      if (path === "/api/v1/identity/practices/harbor") return Response.json(practice);
      if (path === "/api/v1/identity/sessions")
        return Response.json({ status: "signed_in", account: account(role), practice });
      if (path === "/api/v1/forms/assignments") {
        if (forms === "down") return Response.json({ title: "Bad gateway" }, { status: 502 });
        if (forms === "silent")
          return new Promise<Response>((_, reject) =>
            request.signal.addEventListener("abort", () => reject(new Error("aborted"))),
          );
        return Response.json({ welcome_message: "Welcome!", ...forms });
      }
      return Response.json({ title: "Not found" }, { status: 404 });
    }),
  );
  return asked;
}

async function logIn(query = "") {
  render(
    <PageStatusProvider>
      <Login params={{ slug: "harbor" }} query={new URLSearchParams(query)} />
    </PageStatusProvider>,
  );
  fireEvent.input(await screen.findByLabelText("Email Address"), { target: { value: "robin@example.com" } });
  fireEvent.input(screen.getByLabelText("Password"), { target: { value: "lantern-orchid-velvet-31" } });
  fireEvent.click(screen.getByRole("button", { name: "Log in" }));
}

const where = () => window.location.pathname + window.location.search;

describe("where a client lands after logging in", () => {
  beforeEach(() => {
    history.replaceState({}, "", "/p/harbor/login");
    forget();
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("is the Documents welcome while the intake documents wait and none is started", async () => {
    server("client", { pending: [item("a"), item("b")], completed: [] });
    await logIn();
    await waitFor(() => expect(where()).toBe("/p/harbor/documents"));
  });

  it("is home once a document is started or done, or nothing waits", async () => {
    for (const forms of [
      { pending: [item("a", { in_progress: true }), item("b")], completed: [] },
      { pending: [item("b")], completed: [item("a", { status: "completed", completed_at: "2026-01-02T00:00:00Z" })] },
      { pending: [], completed: [] },
    ]) {
      history.replaceState({}, "", "/p/harbor/login");
      server("client", forms);
      await logIn();
      await waitFor(() => expect(where()).toBe("/p/harbor/home"));
      cleanup();
    }
  });

  it("is home when the documents cannot be asked about", async () => {
    server("client", "down");
    await logIn();
    await waitFor(() => expect(where()).toBe("/p/harbor/home"));
  });

  it("is home when the documents do not answer in time (login never hangs on them)", async () => {
    server("client", "silent");
    await logIn();
    await waitFor(() => expect(where()).toBe("/p/harbor/home"), { timeout: 10_000 });
  });

  it("is the `next` page when there is one, without asking about documents", async () => {
    const asked = server("client", { pending: [item("a")], completed: [] });
    await logIn("next=/p/harbor/messages");
    await waitFor(() => expect(where()).toBe("/p/harbor/messages"));
    expect(asked).not.toContain("/api/v1/forms/assignments");
  });

  it("is the workspace for staff", async () => {
    const asked = server("clinician", { pending: [item("a")], completed: [] });
    await logIn();
    await waitFor(() => expect(where()).toBe("/p/harbor/clinician"));
    expect(asked).not.toContain("/api/v1/forms/assignments");
  });
});
