import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PageStatusProvider } from "../../../kit";
import { ToolCredentials } from "./ToolCredentials";
import { Webhooks } from "./Webhooks";

const ZONE = "America/New_York";
const credential = {
  id: "c1",
  name: "notes-app",
  username: "tool.harbor.notes-app",
  queue_prefix: "tool.harbor.notes-app.",
  status: "active",
  created_at: "2026-12-01T14:00:00Z",
  revoked_at: null,
  removed_at: null,
};

/** A stand-in for the gateway: answers by method and path, records what was posted. */
function server(routes: Record<string, () => Response>) {
  const posted: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const key = `${request.method} ${new URL(request.url).pathname}`;
      if (request.method === "POST") posted.push(await request.clone().json());
      const answer = routes[key];
      return answer ? answer() : Response.json({ title: "Not found" }, { status: 404 });
    }),
  );
  return posted;
}

const submit = (id: string) =>
  act(async () => {
    fireEvent.submit(document.getElementById(id) as HTMLFormElement);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the Integrations page", () => {
  it("shows a new tool's password once, with what it needs to connect, and forgets it on Done", async () => {
    let made = false;
    server({
      "GET /api/v1/integrations/tool-credentials": () => Response.json(made ? [credential] : []),
      "POST /api/v1/integrations/tool-credentials": () => {
        made = true;
        return Response.json(
          {
            ...credential,
            password: "s3cret-once",
            amqp_url: "amqp://broker.example:5672/",
            vhost: "/",
            exchange: "portal.events",
            practice_id: "p-1",
            binding_example: "appointment.*.p-1",
          },
          { status: 201 },
        );
      },
    });
    render(
      <PageStatusProvider>
        <ToolCredentials zone={ZONE} />
      </PageStatusProvider>,
    );
    expect(await screen.findByText("No tool has credentials yet.")).toBeTruthy();
    fireEvent.input(screen.getByLabelText(/Tool name/), { target: { value: "notes-app" } });
    await submit("create-credentials");
    expect(await screen.findByText("s3cret-once")).toBeTruthy();
    expect(screen.getByText("appointment.*.p-1")).toBeTruthy();
    await waitFor(() => expect(screen.getByRole("table", { name: "Tool credentials" })).toBeTruthy());
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByText("s3cret-once")).toBeNull();
  });

  it("asks for at least one event before registering a webhook, next to the choices", async () => {
    const posted = server({
      "GET /api/v1/integrations/webhooks": () => Response.json([]),
      "GET /api/v1/integrations/event-types": () =>
        Response.json([{ type: "appointment.approved", summary: "The appointment is confirmed." }]),
    });
    render(
      <PageStatusProvider>
        <Webhooks zone={ZONE} />
      </PageStatusProvider>,
    );
    expect(await screen.findByText("No webhook is registered yet.")).toBeTruthy();
    fireEvent.input(screen.getByLabelText(/Endpoint URL/), { target: { value: "https://tool.example/hook" } });
    await submit("register-webhook");
    expect(document.getElementById("event-types-error")?.textContent).toBe("Choose at least one event to send.");
    expect(posted).toEqual([]);
  });
});
