// A small history router. A view is `async (ctx) => ({ title, body, mount? })`; after
// each navigation the page title changes, the main heading gets focus and screen
// readers hear where they are.

import { announce, escape } from "./dom.js";

const routes = [];

export function route(pattern, view) {
  routes.push({ pattern, view });
}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState({}, "", path);
  else history.pushState({}, "", path);
  return render();
}

function match(pathname) {
  for (const { pattern, view } of routes) {
    const m = pathname.match(pattern);
    if (m) return { view, params: m.groups || {} };
  }
  return null;
}

let renderCount = 0;

export async function render() {
  const main = document.getElementById("main");
  const url = new URL(window.location.href);
  const found = match(url.pathname);
  const ticket = ++renderCount;
  main.setAttribute("aria-busy", "true");
  let page;
  try {
    page = found ? await found.view({ params: found.params, query: url.searchParams, navigate }) : notFound();
  } catch {
    page = failed();
  }
  if (ticket !== renderCount || page === null) return; // a newer navigation won, or a redirect
  main.innerHTML = String(page.body);
  main.removeAttribute("aria-busy");
  document.title = page.title ? `${page.title} · Client Portal` : "Client Portal";
  if (page.mount) page.mount(main);
  if (ticket > 1) {
    const heading = main.querySelector("h1");
    (heading || main).setAttribute("tabindex", "-1");
    (heading || main).focus();
    announce(page.title || "");
  }
}

function failed() {
  return {
    title: "Couldn't load this page",
    body: `<section class="card"><h1>We couldn't load this page</h1><p>The portal may be busy, or your
      connection may have dropped. Nothing you entered has been lost.</p>
      <p><a href="${escape(window.location.pathname + window.location.search)}">Try again</a></p></section>`,
  };
}

function notFound() {
  return {
    title: "Page not found",
    body: `<section class="card"><h1>Page not found</h1><p>This address does not lead anywhere.
      Check the link in your email, or ask your clinician for the address of their portal.</p></section>`,
  };
}

export function start() {
  window.addEventListener("popstate", render);
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download") || event.metaKey || event.ctrlKey) return;
    const url = new URL(link.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith("/api/")) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  return render();
}
