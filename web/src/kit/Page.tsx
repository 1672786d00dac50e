// A page: its title in the tab, focus on its heading after a navigation (so keyboard and
// screen reader users start at the top of what changed), and one status line shared by
// everything on the page: any new action clears the last one's message, so an old
// success never sits beside a new failure.

import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext, useMemo, useRef, useState } from "preact/hooks";
import { useOwned } from "../lib/hooks";
import { useNavigationCount } from "../lib/router";
import { announce } from "./announce";

export interface Status {
  text: string;
  slot: string;
}
export interface PageStatusApi {
  current: Status | null;
  /** Show `text` in the status line named `slot` (a page may place more than one). */
  say: (text: string, slot?: string) => void;
  clear: () => void;
}

const noop: PageStatusApi = { current: null, say: () => undefined, clear: () => undefined };
const StatusContext = createContext<PageStatusApi>(noop);
export const usePageStatus = () => useContext(StatusContext);

/** One status line per page: the router wraps each page (each navigation) in this, so
 * the screen's own components, above or below its <Page>, share it. */
export function PageStatusProvider({ children }: { children: ComponentChildren }) {
  const [current, setCurrent] = useState<Status | null>(null);
  const status = useMemo<PageStatusApi>(
    () => ({
      current,
      say: (text, slot = "page") => setCurrent({ text, slot }),
      clear: () => setCurrent(null),
    }),
    [current],
  );
  return <StatusContext.Provider value={status}>{children}</StatusContext.Provider>;
}

export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  const navigations = useNavigationCount();
  const root = useRef<HTMLDivElement>(null);
  useOwned(() => {
    document.title = title ? `${title} · Client Portal` : "Client Portal";
    if (navigations > 0) {
      const heading = root.current?.querySelector("h1") ?? root.current;
      heading?.setAttribute("tabindex", "-1");
      heading?.focus();
      announce(title);
    }
    return undefined;
  }, []);
  return (
    <div ref={root} class="page">
      {children}
    </div>
  );
}

/** The page's status line (role=status): what the last action did. */
export function PageStatus({ id, slot = "page" }: { id?: string; slot?: string }) {
  const { current } = usePageStatus();
  return (
    <p id={id} role="status">
      {current?.slot === slot ? current.text : ""}
    </p>
  );
}
