import { act, cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { compile, matchRoute, navigate, type RouteDef, Router, type ScreenProps } from "./router";

const Loading = () => <p>Loading…</p>;
const Failed = () => <p>Couldn't load</p>;
const Frame = ({ children }: { children: preact.ComponentChildren }) => <>{children}</>;
const NotFound = () => <h1>Page not found</h1>;
const Login = ({ params, query }: ScreenProps) => (
  <h1>
    Log in to {params.slug}
    {query.get("ended") ? ` (${query.get("ended")})` : ""}
  </h1>
);

describe("matching a path", () => {
  it("takes a practice slug and plain parameters, with or without a trailing slash", () => {
    const routes: RouteDef[] = [
      { path: "/", screen: NotFound },
      { path: "/p/:slug/login", screen: Login },
      { path: "/p/:slug/messages/:thread", screen: Login },
    ];
    expect(matchRoute(routes, "/p/harbor/login/")?.params).toEqual({ slug: "harbor" });
    expect(matchRoute(routes, "/p/harbor/messages/a%20b")?.params).toEqual({ slug: "harbor", thread: "a b" });
    expect(matchRoute(routes, "/")?.route.path).toBe("/");
  });

  it("refuses what is not a slug, and addresses that lead nowhere", () => {
    expect(compile("/p/:slug").test("/p/Harbor")).toBe(false);
    expect(compile("/p/:slug").test("/p/-x")).toBe(false);
    expect(matchRoute([{ path: "/p/:slug/login", screen: Login }], "/p/harbor/login/more")).toBeNull();
  });
});

describe("the router", () => {
  beforeEach(() => history.replaceState({}, "", "/p/harbor/login"));
  afterEach(cleanup);

  it("draws the screen of the address, and another after a navigation", async () => {
    render(
      <Router
        routes={[{ path: "/p/:slug/login", screen: Login }]}
        notFound={NotFound}
        loading={Loading}
        failed={Failed}
        frame={Frame}
      />,
    );
    expect(screen.getByRole("heading").textContent).toBe("Log in to harbor");
    await act(() => navigate("/p/harbor/login?ended=idle"));
    expect(screen.getByRole("heading").textContent).toBe("Log in to harbor (idle)");
    await act(() => navigate("/nowhere"));
    expect(screen.getByRole("heading").textContent).toBe("Page not found");
  });

  it("follows same-origin links itself and leaves in-page anchors to the browser", async () => {
    render(
      <>
        <a href="/p/other/login">Other</a>
        <a href="#main">Skip</a>
        <Router
          routes={[{ path: "/p/:slug/login", screen: Login }]}
          notFound={NotFound}
          loading={Loading}
          failed={Failed}
          frame={Frame}
        />
      </>,
    );
    await act(() => {
      fireEvent.click(screen.getByText("Other"));
    });
    expect(window.location.pathname).toBe("/p/other/login");
    expect(screen.getByRole("heading").textContent).toBe("Log in to other");
    await act(() => {
      fireEvent.click(screen.getByText("Skip"));
    });
    expect(window.location.pathname).toBe("/p/other/login");
  });

  it("loads a lazy screen once and mounts it once, whatever re-renders the app", async () => {
    const mounted = vi.fn();
    const Lazy = () => {
      mounted();
      return <h1>Clients</h1>;
    };
    const load = vi.fn(async () => ({ default: Lazy }));
    const routes: RouteDef[] = [{ path: "/p/:slug/login", screen: load, lazy: true }];
    const { rerender } = render(
      <Router routes={routes} notFound={NotFound} loading={Loading} failed={Failed} frame={Frame} />,
    );
    expect(screen.getByText("Loading…")).toBeTruthy();
    expect(await screen.findByRole("heading", { name: "Clients" })).toBeTruthy();
    rerender(<Router routes={routes} notFound={NotFound} loading={Loading} failed={Failed} frame={Frame} />);
    expect(load).toHaveBeenCalledOnce();
    expect(screen.getByRole("heading", { name: "Clients" })).toBeTruthy();
  });
});
