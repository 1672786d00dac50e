import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { ClientHome } from "../screens/home";
import { homeAreas, navFor, SECTIONS, type Section, sectionRoutes, sectionsFrom } from "./registry";

afterEach(cleanup);

const Screen = () => null;
const messages: Section = {
  name: "messages",
  order: 30,
  routes: [{ path: "/p/:slug/messages", screen: async () => ({ default: Screen }) }],
  nav: [{ page: "messages", label: "Messages" }],
  home: {
    title: "Messages",
    description: "Write to your clinician securely.",
    page: "messages",
    count: async () => ({ count: 2, label: "2 unread" }),
  },
};
const appointments: Section = {
  name: "appointments",
  order: 10,
  routes: [{ path: "/p/:slug/appointments", screen: async () => ({ default: Screen }) }],
  nav: [{ page: "calendar", label: "Calendar", roles: ["clinician", "admin"] }],
  home: { title: "Appointments", description: "Request a session.", page: "appointments" },
};

describe("the section registry", () => {
  it("finds the sections' folders in the guide's order", () => {
    const orders = SECTIONS.map((s) => s.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set(SECTIONS.map((s) => s.name)).size).toBe(SECTIONS.length);
    const found = sectionsFrom({
      "./messages/index.ts": { section: messages },
      "./appointments/index.ts": { section: appointments },
    });
    expect(found.map((s) => s.name)).toEqual(["appointments", "messages"]);
  });

  it("refuses a section folder that exports no section", () => {
    expect(() => sectionsFrom({ "./billing/index.ts": {} })).toThrow(/billing.*must export/);
  });

  it("gives each section's routes lazily, and each role its own menu entries", () => {
    const found = [appointments, messages];
    expect(sectionRoutes(found).map((r) => [r.path, r.lazy])).toEqual([
      ["/p/:slug/appointments", true],
      ["/p/:slug/messages", true],
    ]);
    expect(navFor("client", found).map((n) => n.label)).toEqual(["Messages"]);
    expect(navFor("clinician", found).map((n) => n.label)).toEqual(["Calendar", "Messages"]);
  });
});

describe("the client home", () => {
  const info = { name: "Harbor Counseling", phone: null, slug: "harbor", time_zone: "America/New_York" };
  const account = {
    email: "robin@example.com",
    email_ascii: "robin@example.com",
    email_non_ascii: false,
    first_name: "Robin",
    last_name: "Walker",
    id: "1",
    practice: info,
    practice_id: "p",
    role: "client",
    status: "active",
    totp_enabled: false,
  };

  it("shows no area while no section exists", () => {
    render(<ClientHome slug="harbor" info={info} account={account} areas={homeAreas([])} />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Welcome, Robin");
    expect(screen.queryByRole("list", { name: "Your portal" })).toBeNull();
  });

  it("shows each section's area with its count once it exists", async () => {
    render(<ClientHome slug="harbor" info={info} account={account} areas={homeAreas([appointments, messages])} />);
    const links = screen.getAllByRole("link").map((a) => a.getAttribute("href"));
    expect(links).toContain("/p/harbor/appointments");
    expect(await screen.findByText("2 unread")).toBeTruthy();
  });
});
