// Billing & Payments: the client's page (balance, Pay Now, account activity, recent
// invoices, statements and superbills, View All) and the workspace's Billing page.

import { api, data } from "../../api/client";
import type { Section } from "../registry";
import { money } from "./format";

export const section: Section = {
  name: "billing",
  order: 40,
  routes: [
    { path: "/p/:slug/billing", screen: () => import("./client/BillingPage") },
    { path: "/p/:slug/billing/:kind", screen: () => import("./client/AllDocuments") },
    { path: "/p/:slug/workspace/billing", screen: () => import("./staff/Workspace") },
  ],
  nav: [
    { page: "billing", label: "Billing & Payments", roles: ["client"] },
    { page: "workspace/billing", label: "Billing", roles: ["clinician", "admin"] },
  ],
  home: {
    title: "Billing & Payments",
    description: "See your invoices, statements and superbills, and pay by card.",
    page: "billing",
    count: async (signal) => {
      const overview = await data(api.GET("/api/v1/billing/overview", { signal }));
      const due = Math.max(overview.balance, 0);
      return { count: due > 0 ? 1 : 0, label: `${money(due, overview.currency)} due` };
    },
  },
};
