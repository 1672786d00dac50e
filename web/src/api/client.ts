// Talking to the portal's API through the gateway, typed from its OpenAPI document:
// cookies carry the session, the CSRF cookie is echoed on every unsafe request (so the
// client needs no list of exempt endpoints), and a 401 from an operation that needs a
// session gets one quiet refresh and one retry before the page is told it ended.

import createClient, { type Middleware } from "openapi-fetch";
import { SESSION_OPERATIONS } from "./operations";
import { ApiError, type Problem } from "./problems";
import type { paths } from "./schema";

// Over HTTPS identity names it __Host-portal_csrf (no other host can plant it); on
// http://localhost plainly. The portal's own wins over a plain one planted beside it.
const CSRF_COOKIES = ["__Host-portal_csrf", "portal_csrf"];
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const REFRESH = "/api/v1/identity/sessions/refresh";
export const SIGNED_OUT_EVENT = "portal:signed-out";

export function readCookie(name: string, cookies: string = document.cookie): string {
  const found = cookies.split("; ").find((c) => c.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
}

/** The CSRF token the page must repeat, under either of its names ("" if none). */
export function csrfToken(cookies: string = document.cookie): string {
  for (const name of CSRF_COOKIES) {
    const token = readCookie(name, cookies);
    if (token) return token;
  }
  return "";
}

/** The request with X-CSRF-Token set when it is unsafe and the CSRF cookie exists. */
export function withCsrf(request: Request, cookies?: string): Request {
  const token = csrfToken(cookies);
  if (SAFE.has(request.method) || !token) return request;
  const headers = new Headers(request.headers);
  headers.set("X-CSRF-Token", token);
  return new Request(request, { headers });
}

let refreshing: Promise<boolean> | null = null;

/** Ask identity for a fresh access token with the refresh cookie; true if it worked.
 * Tabs share cookies: a refresh another tab just did is this tab's too. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch(withCsrf(new Request(REFRESH, { method: "POST", credentials: "same-origin" })))
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

const retries = new WeakMap<Request, Request>();

export const sessionMiddleware: Middleware = {
  onRequest({ request, schemaPath }) {
    const ready = withCsrf(request);
    if (SESSION_OPERATIONS.has(`${request.method} ${schemaPath}`)) retries.set(ready, ready.clone());
    return ready;
  },
  async onResponse({ request, response, schemaPath }) {
    const again = retries.get(request);
    if (response.status !== 401 || !again) return undefined;
    const refreshed = await refreshSession();
    // Refreshed here, or (when refused) perhaps by another tab a moment ago: one more try.
    const second = await fetch(withCsrf(again));
    // Still refused: the session is over (idle, revoked, expired); the page says so.
    // "Who am I" asks exactly that, so its 401 is an answer, not news.
    if (!refreshed && second.status === 401 && schemaPath !== "/api/v1/identity/me") {
      window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
    }
    return second;
  },
};

export const api = createClient<paths>({
  credentials: "same-origin",
  headers: { Accept: "application/json" },
  // Looked up at each call, not once at import (tests put their own in its place).
  fetch: (request) => globalThis.fetch(request),
});
api.use(sessionMiddleware);

type Result<D> = { data?: D; error?: unknown; response: Response };

/** The body of a successful call; an ApiError (status, problem) for any other answer.
 * A network failure rejects with the fetch TypeError. */
export async function data<D>(call: Promise<Result<D>>): Promise<D> {
  const { data: body, error, response } = await call;
  if (!response.ok || error !== undefined) {
    const problem: Problem = typeof error === "object" && error ? (error as Problem) : { title: String(error ?? "") };
    throw new ApiError(response.status, problem);
  }
  return body as D;
}

export type Schemas = import("./schema").components["schemas"];
