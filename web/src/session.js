// Who is signed in, the practice being visited, and the header that shows both.

import { ApiError, del, get } from "./api.js";
import { html } from "./dom.js";

let me = null;
const practices = new Map();

export const STAFF = new Set(["clinician", "admin"]);

export async function practice(slug) {
  if (!practices.has(slug)) {
    practices.set(slug, get(`/api/v1/identity/practices/${encodeURIComponent(slug)}`).catch((e) => {
      practices.delete(slug);
      throw e;
    }));
  }
  return practices.get(slug);
}

/** The signed-in account, or null. */
export async function currentAccount({ fresh = false } = {}) {
  if (me && !fresh) return me;
  try {
    me = await get("/api/v1/identity/me");
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) me = null;
    else throw error;
  }
  return me;
}

export function forget() {
  me = null;
  stopIdleTimer();
}

// Idle logoff in the browser too: on a shared computer the page must not keep showing a
// client's information after the server has ended the session (15 minutes, as identity).
const IDLE_MS = 15 * 60 * 1000;
const ACTIVITY = ["pointerdown", "keydown", "scroll", "touchstart"];
let idleTimer = null;
let idleSlug = null;

function resetIdleTimer() {
  window.clearTimeout(idleTimer);
  idleTimer = window.setTimeout(() => signedOut(idleSlug, "idle"), IDLE_MS);
}

function startIdleTimer(slug) {
  idleSlug = slug;
  if (idleTimer === null) ACTIVITY.forEach((name) => window.addEventListener(name, resetIdleTimer, { passive: true }));
  resetIdleTimer();
}

function stopIdleTimer() {
  window.clearTimeout(idleTimer);
  ACTIVITY.forEach((name) => window.removeEventListener(name, resetIdleTimer));
  idleTimer = null;
}

/** Leave a signed-in page: end the session, forget everything, show the login page. */
export async function signedOut(slug, reason) {
  await del("/api/v1/identity/sessions/current").catch(() => {});
  forget();
  const target = slug ? `/p/${slug}/login?ended=${reason}` : "/";
  window.location.replace(target); // a full load: nothing of the last page stays in memory
}

export function remember(account) {
  me = account;
}

export function homeFor(slug, account) {
  return `/p/${slug}/${STAFF.has(account.role) ? "clinician" : "home"}`;
}

/** The signed-in account of this practice, or null after sending the visitor to log in. */
export async function requireAccount(slug, navigate, roles = null) {
  // Asked afresh on every signed-in page: a session ended elsewhere (log out other
  // devices, a password reset, an admin) stops showing client information at once.
  const hadOne = me !== null;
  let account = await currentAccount({ fresh: true });
  if (account && account.practice && account.practice.slug !== slug) account = null;
  if (!account) {
    forget();
    navigate(`/p/${slug}/login${hadOne ? "?ended=session" : ""}`, { replace: true });
    return null;
  }
  if (roles && !roles.has(account.role)) {
    navigate(homeFor(slug, account), { replace: true });
    return null;
  }
  startIdleTimer(slug);
  return account;
}

export async function logOut() {
  try {
    await del("/api/v1/identity/sessions/current");
  } finally {
    forget();
  }
}

/** The bar at the top: practice name, where you can go, Log out. */
export function renderHeader(slug, practiceInfo, account, current = "") {
  const header = document.getElementById("site-header");
  const links = [];
  if (account && STAFF.has(account.role)) {
    links.push(["clinician", "Clients"]);
    if (account.role === "admin") links.push(["team", "Team"], ["activity", "Activity"]);
  } else if (account) {
    links.push(["home", "Home"]);
  }
  if (account) links.push(["account", "Account & security"]);
  header.innerHTML = String(html`<div class="bar">
    <a class="practice" href="/p/${slug}">${practiceInfo ? practiceInfo.name : "Client Portal"}</a>
    ${account ? html`<nav aria-label="Portal">
      ${links.map(([page, label]) => html`<a href="/p/${slug}/${page}" ${page === current ? html`aria-current="page"` : ""}>${label}</a>`)}
      <button type="button" class="link" id="log-out">Log out</button>
    </nav>` : ""}
  </div>`);
  const button = header.querySelector("#log-out");
  if (button) {
    button.addEventListener("click", async () => {
      button.disabled = true;
      button.textContent = "Logging out…";
      await logOut().catch(() => {});
      window.location.assign(`/p/${slug}/login`);
    });
  }
}

export function clearHeader() {
  document.getElementById("site-header").innerHTML = "";
}
