// Who is signed in and the practice being visited. The account is asked afresh on every
// signed-in page: a session ended elsewhere (log out other devices, a password reset, an
// admin) stops showing client information at once.

import { api, csrfToken, data, type Schemas } from "../api/client";
import { ApiError } from "../api/problems";

export type Practice = Schemas["PublicPracticeView"];
export type Account = Schemas["MeView"];
export type Role = "client" | "clinician" | "admin";

export const STAFF: ReadonlySet<string> = new Set(["clinician", "admin"]);
/** Tabs of this browser tell each other about activity and sign-outs on this channel. */
export const TABS_CHANNEL = "client-portal.tabs";

const practices = new Map<string, Promise<Practice>>();
let me: Account | null = null;

/** The public facts of a practice (cached per page load). */
export function practice(slug: string): Promise<Practice> {
  let found = practices.get(slug);
  if (!found) {
    found = data(api.GET("/api/v1/identity/practices/{slug}", { params: { path: { slug } } }));
    found.catch(() => practices.delete(slug));
    practices.set(slug, found);
  }
  return found;
}

/** The signed-in account, or null. */
export async function currentAccount({ fresh = false } = {}): Promise<Account | null> {
  if (me && !fresh) return me;
  try {
    me = await data(api.GET("/api/v1/identity/me"));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) me = null;
    else throw error;
  }
  return me;
}

/** Whether this browser was signed in a moment ago: this page knew the account, or the
 * session's CSRF cookie is still here (a log out removes it; an ended session does not),
 * so Log in can say the session ended even after a reload. */
export function hadAccount(): boolean {
  return me !== null || csrfToken() !== "";
}

export function remember(account: Account): void {
  me = account;
}

export function forget(): void {
  me = null;
}

export function homeFor(slug: string, account: { role: string }): string {
  return `/p/${slug}/${STAFF.has(account.role) ? "clinician" : "home"}`;
}

export async function logOut(): Promise<void> {
  try {
    await data(api.DELETE("/api/v1/identity/sessions/current", {}));
  } finally {
    forget();
  }
}

export type Ended = "idle" | "session";

export function loginPath(slug: string | undefined, ended?: Ended): string {
  if (!slug) return "/";
  return `/p/${slug}/login${ended ? `?ended=${ended}` : ""}`;
}

/** Leave a signed-in page: end the session, tell the other tabs, show Log in with why.
 * A full load, so nothing of the last page stays in memory. */
export async function signedOut(slug: string | undefined, reason: Ended): Promise<void> {
  await logOut().catch(() => undefined);
  if (typeof BroadcastChannel !== "undefined") {
    const channel = new BroadcastChannel(TABS_CHANNEL);
    channel.postMessage({ type: "signed-out", reason });
    channel.close();
  }
  window.location.replace(loginPath(slug, reason));
}

export function slugOfPath(pathname: string): string | undefined {
  return pathname.match(/^\/p\/([a-z0-9-]+)/)?.[1];
}
