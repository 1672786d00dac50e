// A small history router. Routes name a path ("/p/:slug/login") and a screen, loaded
// lazily when it is a function returning an import; sections add their own routes
// through the registry. After each navigation the new page's <Page> moves focus to its
// heading and screen readers hear where they are.

import type { ComponentType } from "preact";
import { createContext } from "preact";
import { useContext, useMemo, useState } from "preact/hooks";
import { useOwned } from "./hooks";

export interface ScreenProps {
  params: Record<string, string>;
  query: URLSearchParams;
}
export type Screen = ComponentType<ScreenProps>;
export type LazyScreen = () => Promise<{ default: Screen }>;

export interface RouteDef {
  /** "/p/:slug/login": `:slug` takes a practice slug, any other `:name` one segment. */
  path: string;
  /** The screen, or a function importing it (its own chunk, loaded on first visit). */
  screen: Screen | LazyScreen;
  lazy?: boolean;
}

const SLUG = "[a-z0-9][a-z0-9-]{0,62}";

export function compile(path: string): RegExp {
  const body = path
    .replace(/\/+$/, "")
    .split("/")
    .map((part) => {
      if (!part.startsWith(":")) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const name = part.slice(1);
      return `(?<${name}>${name === "slug" ? SLUG : "[^/]+"})`;
    })
    .join("/");
  return new RegExp(`^${body}/?$`);
}

export interface Match {
  route: RouteDef;
  params: Record<string, string>;
}

export function matchRoute(routes: readonly RouteDef[], pathname: string): Match | null {
  for (const route of routes) {
    const found = pathname.match(compile(route.path));
    if (found) {
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(found.groups ?? {})) params[key] = decodeURIComponent(value);
      return { route, params };
    }
  }
  return null;
}

// --- where we are --------------------------------------------------------------------

type Listener = () => void;
const listeners = new Set<Listener>();
let navigations = 0;

function changed(): void {
  navigations += 1;
  for (const listener of [...listeners]) listener();
}

export function navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) history.replaceState({}, "", path);
  else history.pushState({}, "", path);
  changed();
}

/** Same-origin links move through the router; new tabs, downloads, the API and in-page
 * anchors (#field) keep the browser's own behaviour. Returns the cleanup. */
export function followLinks(root: Document): () => void {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith("/api/")) return;
    if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  };
  root.addEventListener("click", onClick);
  return () => root.removeEventListener("click", onClick);
}

export interface Location {
  pathname: string;
  search: string;
  /** How many navigations happened in this page load (0 on the first page). */
  count: number;
}

export function useLocation(): Location {
  const read = (): Location => ({
    pathname: window.location.pathname,
    search: window.location.search,
    count: navigations,
  });
  const [location, setLocation] = useState(read);
  useOwned(() => {
    const update = () => setLocation(read());
    const onPop = () => changed();
    listeners.add(update);
    window.addEventListener("popstate", onPop);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", onPop);
    };
  }, []);
  return location;
}

/** 0 on the page the browser loaded, then one more for each navigation. */
export const NavigationCount = createContext(0);
export const useNavigationCount = () => useContext(NavigationCount);

// --- rendering -----------------------------------------------------------------------

const loaded = new Map<RouteDef, Screen>();

function Lazy({ route, props, loading: Loading, failed: Failed }: LazyProps) {
  const [screen, setScreen] = useState<Screen | "failed" | undefined>(() => loaded.get(route));
  useOwned(() => {
    if (screen) return undefined;
    let current = true;
    (route.screen as LazyScreen)().then(
      (module) => {
        loaded.set(route, module.default);
        if (current) setScreen(() => module.default);
      },
      () => current && setScreen("failed"),
    );
    return () => {
      current = false;
    };
  }, [route]);
  if (screen === undefined) return <Loading />;
  if (screen === "failed") return <Failed />;
  const Component = screen;
  return <Component {...props} />;
}

interface LazyProps {
  route: RouteDef;
  props: ScreenProps;
  loading: ComponentType;
  failed: ComponentType;
}

export interface RouterProps {
  routes: readonly RouteDef[];
  notFound: Screen;
  loading: ComponentType;
  failed: ComponentType;
  /** Wraps each page: state that lives exactly as long as one page. */
  frame: ComponentType<{ children: preact.ComponentChildren }>;
}

export function Router({ routes, notFound: NotFound, loading, failed, frame: Frame }: RouterProps) {
  const location = useLocation();
  useOwned(() => followLinks(document), []);
  const found = useMemo(() => matchRoute(routes, location.pathname), [routes, location.pathname]);
  const props: ScreenProps = { params: found?.params ?? {}, query: new URLSearchParams(location.search) };
  let page: preact.JSX.Element;
  if (!found) page = <NotFound {...props} />;
  else if (found.route.lazy) {
    // Always through <Lazy>, loaded or not: the same component in the same place, so a
    // re-render never mounts the screen a second time.
    page = <Lazy route={found.route} props={props} loading={loading} failed={failed} />;
  } else {
    const Component = found.route.screen as Screen;
    page = <Component {...props} />;
  }
  // A new key on every navigation: each page starts afresh (state, effects, focus).
  return (
    <NavigationCount.Provider value={location.count} key={location.count}>
      <Frame>{page}</Frame>
    </NavigationCount.Provider>
  );
}
