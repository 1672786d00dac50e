// Integrations (admins only, in the clinician workspace): connect the practice's tools to
// its events, over the broker with scoped credentials or over HTTPS with webhooks.

import type { Section } from "../registry";

export const section: Section = {
  name: "integrations",
  order: 90, // after the guide's four sections: practice settings, not a client's area
  routes: [{ path: "/p/:slug/workspace/integrations", screen: () => import("./staff/Integrations") }],
  nav: [{ page: "workspace/integrations", label: "Integrations", roles: ["admin"] }],
};
