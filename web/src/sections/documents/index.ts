// Documents and forms (the guide's "Documents and Forms"): the client's welcome message,
// Get Started, signing, filling, review and confirmation; in the workspace, the form
// builder, packets, assigning, and submissions with scores, flags and PDFs.

import { api, data } from "../../api/client";
import type { Section } from "../registry";
import { welcomeDue } from "./flow";

const P = "/p/:slug";

export const section: Section = {
  name: "documents",
  order: 20,
  routes: [
    { path: `${P}/documents`, screen: () => import("./client/Documents") },
    { path: `${P}/documents/complete`, screen: () => import("./client/Complete") },
    { path: `${P}/documents/:assignment_id`, screen: () => import("./client/Fill") },
    { path: `${P}/documents/:assignment_id/review`, screen: () => import("./client/Review") },
    { path: `${P}/workspace/forms`, screen: () => import("./staff/Forms") },
    { path: `${P}/workspace/forms/new`, screen: () => import("./staff/Builder") },
    { path: `${P}/workspace/forms/:template_id`, screen: () => import("./staff/Builder") },
    { path: `${P}/workspace/documents`, screen: () => import("./staff/ClientForms") },
    { path: `${P}/workspace/submissions/:submission_id`, screen: () => import("./staff/Submission") },
  ],
  nav: [
    { page: "documents", label: "Documents", roles: ["client"] },
    { page: "workspace/documents", label: "Documents", roles: ["clinician", "admin"] },
    { page: "workspace/forms", label: "Forms", roles: ["clinician", "admin"] },
  ],
  home: {
    title: "Documents",
    description: "Read and sign documents, and fill in the forms your clinician shared with you.",
    page: "documents",
    count: async (signal) => {
      const mine = await data(api.GET("/api/v1/forms/assignments", { signal }));
      const n = mine.pending.length;
      return { count: n, label: `${n} to complete` };
    },
  },
  // "The first time you log into the Client Portal, you'll see a welcome message from
  // your clinician": and again at each login until one of the documents is started.
  landing: {
    page: "documents",
    wanted: async (signal) => welcomeDue(await data(api.GET("/api/v1/forms/assignments", { signal }))),
  },
};
