// Online Booking: the client's Appointments page, a New Client's first request, and the
// clinician workspace's requests, calendar (with booking for a client) and booking setup.

import { api, data } from "../../api/client";
import type { Section } from "../registry";

export const section: Section = {
  name: "appointments",
  order: 10,
  routes: [
    { path: "/p/:slug/appointments", screen: () => import("./client/Appointments") },
    { path: "/p/:slug/request-appointment", screen: () => import("./client/NewClientRequest") },
    { path: "/p/:slug/workspace/requests", screen: () => import("./staff/Requests") },
    { path: "/p/:slug/workspace/calendar", screen: () => import("./staff/Calendar") },
    { path: "/p/:slug/workspace/booking-setup", screen: () => import("./staff/Setup") },
    { path: "/p/:slug/workspace/availability", screen: () => import("./staff/Availability") },
    { path: "/p/:slug/workspace/book-appointment", screen: () => import("./staff/BookAppointment") },
  ],
  nav: [
    { page: "appointments", label: "Appointments", roles: ["client"] },
    { page: "workspace/requests", label: "Requests", roles: ["clinician", "admin"] },
    { page: "workspace/calendar", label: "Calendar", roles: ["clinician", "admin"] },
    { page: "workspace/booking-setup", label: "Booking setup", roles: ["clinician", "admin"] },
  ],
  home: {
    title: "Appointments",
    description: "Request, cancel or reschedule sessions with your clinician.",
    page: "appointments",
    count: async (signal) => {
      const upcoming = await data(
        api.GET("/api/v1/scheduling/appointments", { params: { query: { scope: "upcoming" } }, signal }),
      );
      const live = upcoming.filter((a) => a.status === "requested" || a.status === "confirmed").length;
      return { count: live, label: `${live} upcoming` };
    },
  },
  newClient: { page: "request-appointment", label: "Request a first appointment" },
};
