import { cleanup, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { forget, remember } from "../lib/session";
import { SignedIn } from "./screens";

const practice = { name: "Harbor Counseling", phone: null, slug: "harbor", time_zone: "America/New_York" };
const person = (role: string) => ({
  email: "sam@example.com",
  email_ascii: "sam@example.com",
  email_non_ascii: false,
  first_name: "Sam",
  last_name: "Lee",
  id: "1",
  practice,
  practice_id: "p",
  role,
  status: "active",
  totp_enabled: true,
});

function server(me: object | null) {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/identity/practices/harbor") return Response.json(practice);
      if (path === "/api/v1/identity/me" && me) return Response.json(me);
      return Response.json({ title: "Authentication required" }, { status: 401 });
    }),
  );
}

const CLIENTS = new Set(["client"]);
const page = () =>
  render(
    <SignedIn slug="harbor" roles={CLIENTS} current="home" render={(_i, a) => <h1>Welcome, {a.first_name}</h1>} />,
  );

describe("a signed-in page", () => {
  beforeEach(() => {
    history.replaceState({}, "", "/p/harbor/home");
    forget();
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it("asks the server afresh and draws for the right person", async () => {
    server(person("client"));
    page();
    expect(await screen.findByRole("heading", { name: "Welcome, Sam" })).toBeTruthy();
  });

  it("sends someone not signed in to Log in", async () => {
    server(null);
    page();
    await waitFor(() => expect(window.location.pathname + window.location.search).toBe("/p/harbor/login"));
  });

  it("says the session ended when it had one a moment ago", async () => {
    server(null);
    remember(person("client"));
    page();
    await waitFor(() => expect(window.location.search).toBe("?ended=session"));
  });

  it("sends staff to their own home from a client's page", async () => {
    server(person("clinician"));
    page();
    await waitFor(() => expect(window.location.pathname).toBe("/p/harbor/clinician"));
  });
});
