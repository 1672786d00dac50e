// Secure messaging (the guide's "Secure Messaging"): the Secure Message icon with its
// orange dot, the messaging widget, the page a message link opens; in the workspace the
// inbox of client threads, a client's thread and the email log.

import { api, data } from "../../api/client";
import type { Section } from "../registry";
import { MessageIcon } from "./icon";

export const section: Section = {
  name: "messages",
  order: 30,
  routes: [
    { path: "/p/:slug/messages", screen: () => import("./client/Messages") },
    { path: "/p/:slug/messages/open", screen: () => import("./client/LinkThread") },
    { path: "/p/:slug/workspace/messages", screen: () => import("./staff/Inbox") },
    { path: "/p/:slug/workspace/messages/:clientId", screen: () => import("./staff/Thread") },
    { path: "/p/:slug/workspace/emails", screen: () => import("./staff/EmailLog") },
  ],
  nav: [
    { page: "messages", label: "Messages", roles: ["client"], content: MessageIcon },
    { page: "workspace/messages", label: "Messages", roles: ["clinician", "admin"], content: MessageIcon },
    { page: "workspace/emails", label: "Email log", roles: ["clinician", "admin"] },
  ],
  home: {
    title: "Messages",
    description: "Send and receive secure messages with your clinician.",
    page: "messages",
    count: async (signal) => {
      const { unread } = await data(api.GET("/api/v1/messaging/unread", { signal }));
      return { count: unread, label: unread === 1 ? "1 unread" : `${unread} unread` };
    },
  },
};
