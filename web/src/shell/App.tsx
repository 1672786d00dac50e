// The app shell: skip link, header, the routed page, the live region, toasts.

import { useState } from "preact/hooks";
import { SIGNED_OUT_EVENT } from "../api/client";
import { Loading, PageStatusProvider, Toaster } from "../kit";
import { useEventListener } from "../lib/hooks";
import { type RouteDef, Router } from "../lib/router";
import { signedOut, slugOfPath } from "../lib/session";
import { HeaderContext, type HeaderState, SiteHeader } from "./header";
import { Failed, NotFound } from "./screens";

export function App({ routes }: { routes: readonly RouteDef[] }) {
  const [header, setHeader] = useState<HeaderState | null>(null);
  // An operation that needs the session was refused even after a refresh.
  useEventListener(window, SIGNED_OUT_EVENT, () => void signedOut(slugOfPath(window.location.pathname), "session"));
  return (
    <HeaderContext.Provider value={setHeader}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <SiteHeader state={header} />
      </header>
      <main id="main" tabIndex={-1}>
        <Router
          routes={routes}
          notFound={NotFound}
          loading={() => <Loading />}
          failed={Failed}
          frame={PageStatusProvider}
        />
      </main>
      <div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true" />
      <Toaster />
    </HeaderContext.Provider>
  );
}
