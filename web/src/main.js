// Client Portal in the browser: the client portal of each practice (/p/:slug/...) and
// the clinician workspace beside it.

import "./styles.css";
import { route, start } from "./router.js";
import { signedOut } from "./session.js";
import { accountPage } from "./views/account.js";
import { activity } from "./views/activity.js";
import { clinicianHome, team } from "./views/clinician.js";
import { clientHome } from "./views/home.js";
import { landing, newClient, portalHome } from "./views/public.js";
import { createPassword, forgotPassword, login, resetPassword, welcome } from "./views/signin.js";

const P = "^/p/(?<slug>[a-z0-9][a-z0-9-]{0,62})";

route(/^\/$/, landing);
route(new RegExp(`${P}/?$`), portalHome);
route(new RegExp(`${P}/new-client/?$`), newClient);
route(new RegExp(`${P}/welcome/?$`), welcome);
route(new RegExp(`${P}/create-password/?$`), createPassword);
route(new RegExp(`${P}/login/?$`), login);
route(new RegExp(`${P}/forgot-password/?$`), forgotPassword);
route(new RegExp(`${P}/reset-password/?$`), resetPassword);
route(new RegExp(`${P}/home/?$`), clientHome);
route(new RegExp(`${P}/account/?$`), accountPage);
route(new RegExp(`${P}/clinician/?$`), clinicianHome);
route(new RegExp(`${P}/team/?$`), team);
route(new RegExp(`${P}/activity/?$`), activity);

window.addEventListener("portal:signed-out", () => {
  const slug = window.location.pathname.match(/^\/p\/([a-z0-9-]+)/)?.[1];
  signedOut(slug, "session");
});

start().catch(() => {
  document.getElementById("main").innerHTML =
    '<section class="card"><h1>Something went wrong</h1><p>Please reload the page. If it keeps happening, try again in a few minutes.</p></section>';
});
