// The bar at the top: the practice's name, where a signed-in person can go, Log out.
// Screens say what it shows (useSiteHeader); the app shell draws it.

import { createContext } from "preact";
import { useContext, useState } from "preact/hooks";
import { useOwned } from "../lib/hooks";
import { type Account, logOut, type Practice, STAFF } from "../lib/session";
import { type NavEntry, navFor } from "../sections/registry";

export interface HeaderState {
  slug: string;
  practice: Practice | null;
  account: Account | null;
  /** The page of the current screen, for aria-current. */
  current?: string;
}

type SetHeader = (state: HeaderState | null) => void;
export const HeaderContext = createContext<SetHeader>(() => undefined);

/** Show this header while the screen is on. */
export function useSiteHeader(state: HeaderState | null): void {
  const set = useContext(HeaderContext);
  useOwned(() => {
    set(state);
    return undefined;
  }, [state?.slug, state?.practice, state?.account, state?.current]);
}

function links(account: Account): NavEntry[] {
  const out: NavEntry[] = [];
  const add = (page: string, label: string) => out.push({ page, label });
  if (STAFF.has(account.role)) {
    add("clinician", "Clients");
    if (account.role === "admin") {
      add("team", "Team");
      add("activity", "Activity");
    }
  } else {
    add("home", "Home");
  }
  out.push(...navFor(account.role));
  add("account", "Account & security");
  return out;
}

export function SiteHeader({ state }: { state: HeaderState | null }) {
  const [leaving, setLeaving] = useState(false);
  if (!state) return null;
  const { slug, practice, account, current } = state;
  const leave = async () => {
    setLeaving(true);
    await logOut().catch(() => undefined);
    window.location.assign(`/p/${slug}/login`);
  };
  // Log out comes last for the keyboard; on a phone it sits beside the practice's name so
  // the sections fill an even grid of finger-sized tabs under it (styles.css).
  return (
    <div class={account ? "bar signed-in" : "bar"}>
      <a class="practice" href={`/p/${slug}`}>
        {practice ? practice.name : "Client Portal"}
      </a>
      {account ? (
        <>
          <nav aria-label="Portal">
            {links(account).map(({ page, label, content: Content }) => (
              <a key={page} href={`/p/${slug}/${page}`} aria-current={page === current ? "page" : undefined}>
                {Content ? <Content slug={slug} label={label} /> : label}
              </a>
            ))}
          </nav>
          <button type="button" class="link log-out" onClick={leave} disabled={leaving}>
            {leaving ? "Logging out…" : "Log out"}
          </button>
        </>
      ) : null}
    </div>
  );
}
