// Talking to the portal's API through the gateway: cookies for the session, the CSRF
// token echoed on every unsafe request, one quiet refresh when the access token expires.

const CSRF_COOKIE = "portal_csrf";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
    // { fieldName: "reason" } for forms to show next to each field
    this.fields = {};
    for (const e of problem.errors || []) {
      const name = String(e.field || "").split(".").pop();
      if (name && !this.fields[name]) this.fields[name] = e.reason;
    }
  }
}

function cookie(name) {
  const match = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : "";
}

async function send(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const csrf = cookie(CSRF_COOKIE);
  if (!SAFE.has(method) && csrf) headers["X-CSRF-Token"] = csrf;
  return fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// Calls that do not ride on the session: a 401 there is the answer (a wrong password or
// PIN), not a sign that the session ended.
const ANSWERS_WITHOUT_SESSION = [
  "/api/v1/identity/sessions",
  "/api/v1/identity/invitations/",
  "/api/v1/identity/password-resets",
  "/api/v1/identity/passwords/",
  "/api/v1/identity/practices/",
];

let refreshing = null;

/** Ask identity for a fresh access token with the refresh cookie; true if it worked. */
export function refreshSession() {
  refreshing ??= send("POST", "/api/v1/identity/sessions/refresh", {})
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

async function parse(response) {
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) return response.json();
  return response.text();
}

/**
 * Call the API. Resolves with the parsed body; rejects with ApiError (status, problem,
 * fields) or a TypeError when the network is down.
 */
export async function api(method, path, body, { retry = true } = {}) {
  let response = await send(method, path, body);
  if (response.status === 401 && retry && !ANSWERS_WITHOUT_SESSION.some((p) => path.startsWith(p))) {
    const refreshed = await refreshSession();
    // Refreshed here, or (when refused) perhaps by another tab a moment ago: its new
    // cookies are this tab's too. Either way, one more try.
    response = await send(method, path, body);
    // Still refused: the session is over (idle, revoked, expired); the page says so.
    if (!refreshed && response.status === 401 && path !== "/api/v1/identity/me") {
      window.dispatchEvent(new CustomEvent("portal:signed-out"));
    }
  }
  const data = await parse(response);
  if (!response.ok) {
    const problem = typeof data === "object" && data ? data : { title: String(data || "") };
    throw new ApiError(response.status, problem);
  }
  return data;
}

export const get = (path) => api("GET", path);
export const post = (path, body = {}) => api("POST", path, body);
export const patch = (path, body = {}) => api("PATCH", path, body);
export const del = (path) => api("DELETE", path);
